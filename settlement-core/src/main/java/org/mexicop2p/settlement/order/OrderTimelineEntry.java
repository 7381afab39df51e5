package org.mexicop2p.settlement.order;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of an order's audit trail: what happened, the status it led to, and when. Appended in the same
 * transaction as the status change it records; never updated.
 */
@MappedEntity("order_timeline")
public record OrderTimelineEntry(
        @Id UUID id,
        UUID orderId,
        int seqNo,
        String event,
        OrderStatus status,
        Instant occurredAt) {

    public static final String CREATED = "ORDER_CREATED";
}
