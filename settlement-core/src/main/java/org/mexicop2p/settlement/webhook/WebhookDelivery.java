package org.mexicop2p.settlement.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One queued webhook: the event's fixed envelope bytes ({@code payload}) and where its delivery stands. Rows are
 * written only through {@link WebhookDeliveryRepository}'s statements, which keep {@code seq} (queue order) and the
 * lease consistent.
 *
 * @param eventId  the {@code X-Webhook-Id}: the same on every attempt and on replays, so partners can de-duplicate
 * @param attempts attempts started so far
 */
@MappedEntity("webhook_delivery")
public record WebhookDelivery(
        @Id UUID id,
        long seq,
        UUID partnerId,
        UUID eventId,
        String eventType,
        String subjectId,
        String payload,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String leaseOwner,
        @Nullable Instant leaseUntil,
        @Nullable UUID replayOf,
        Instant createdAt,
        @Nullable Instant completedAt) {
}
