package org.mexicop2p.settlement.webhook;

import java.util.Map;
import java.util.UUID;

/**
 * One event a partner hears about by webhook: {@code type} is one of the documented event names
 * ({@code order.completed}, {@code user.kyc.updated}, ...), {@code subjectId} the order id or user reference it is
 * about (deliveries of one subject are made in the order they were queued), and {@code data} the event's JSON fields.
 */
public record WebhookEvent(UUID partnerId, String type, String subjectId, Map<String, Object> data) {

    public WebhookEvent {
        data = Map.copyOf(data);
    }
}
