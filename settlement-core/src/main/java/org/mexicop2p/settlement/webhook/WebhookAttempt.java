package org.mexicop2p.settlement.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One try at sending a delivery. Written as {@link Outcome#INITIATED} before the request leaves and completed after,
 * so a daemon that stops mid-send leaves a visible trace instead of a silent gap.
 *
 * @param httpStatus the receiver's status, null when it did not answer
 * @param error      why the attempt failed without an answer (timeout, refused target, ...), null otherwise
 */
@MappedEntity("webhook_attempt")
public record WebhookAttempt(
        @Id UUID id,
        UUID deliveryId,
        int attemptNo,
        Instant startedAt,
        Outcome outcome,
        @Nullable Integer httpStatus,
        @Nullable String error,
        @Nullable Long durationMs) {

    /** What became of the attempt. */
    public enum Outcome {
        INITIATED,
        DELIVERED,
        FAILED
    }

    public static final int MAX_ERROR_LENGTH = 300;
}
