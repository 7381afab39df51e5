package org.mexicop2p.settlement.idempotency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * The first request made with a partner's {@code Idempotency-Key} and, once it finished, its response. While
 * {@code responseStatus} is null the first request is still running.
 */
@MappedEntity("idempotency_record")
public record IdempotencyRecord(
        @Id UUID id,
        UUID partnerId,
        String idempotencyKey,
        String requestHash,
        @Nullable Integer responseStatus,
        @Nullable String responseBody,
        Instant createdAt) {
}
