package org.mexicop2p.settlement.webhook;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.TransactionDefinition;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes {@code webhook_delivery} rows in the caller's transaction (it refuses to run without one). The envelope
 * {@code {"id", "type", "createdAt", "data"}} is serialized once, here, so every attempt sends and signs exactly the
 * same bytes. A partner without a registered URL has not asked for webhooks: nothing is queued for it. Domain code
 * queues through {@link WebhookOutbox}; this class also serves the partner API (test events, replays).
 */
@Singleton
public class WebhookQueue {

    /** Envelopes larger than this are a programming error (events carry ids and amounts, not documents). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Room for "user:" and a user reference of the longest length allowed (133); the column is VARCHAR(160). */
    public static final int MAX_SUBJECT_LENGTH = 160;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z_]{0,30}(\\.[a-z][a-z_]{0,30}){1,3}");

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final JsonMapper json;
    private final Clock clock;

    public WebhookQueue(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints,
                        JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    /** Queues the event; the new delivery's id, or empty when the partner has no webhook URL. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Optional<UUID> queue(WebhookEvent event) {
        if (event.type() == null || !EVENT_TYPE.matcher(event.type()).matches()) {
            throw new IllegalArgumentException("not a webhook event type: " + event.type());
        }
        if (event.subjectId() == null || event.subjectId().isEmpty()
                || event.subjectId().length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("a webhook subject is 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (endpoints.findById(event.partnerId()).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        UUID eventId = UUID.randomUUID();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", eventId.toString());
        envelope.put("type", event.type());
        envelope.put("createdAt", now.toString());
        envelope.put("data", event.data());
        String payload = serialize(envelope);
        UUID deliveryId = UUID.randomUUID();
        deliveries.insert(deliveryId, event.partnerId(), eventId, event.type(), event.subjectId(), payload, null,
                now);
        return Optional.of(deliveryId);
    }

    /**
     * Queues a delivered or failed delivery's event again: a new delivery (own id and attempt log) with the same
     * event id and the same bytes, behind the subject's other pending deliveries.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public UUID requeue(WebhookDelivery original) {
        UUID deliveryId = UUID.randomUUID();
        deliveries.insert(deliveryId, original.partnerId(), original.eventId(), original.eventType(),
                original.subjectId(), original.payload(), original.id(), clock.instant());
        return deliveryId;
    }

    private String serialize(Map<String, Object> envelope) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException("webhook event data must be plain JSON values", e);
        }
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("webhook envelope of " + bytes.length + " bytes exceeds "
                    + MAX_PAYLOAD_BYTES);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
