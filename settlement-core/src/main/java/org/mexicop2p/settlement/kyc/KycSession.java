package org.mexicop2p.settlement.kyc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One verification session. Written as INITIATED before the provider is called and moved to PENDING or FAILED
 * after, so a crash in between leaves a visible trace instead of a silent gap.
 */
@MappedEntity("kyc_session")
public record KycSession(
        @Id UUID id,
        UUID partnerId,
        UUID userId,
        KycLevel level,
        Status status,
        String returnUrl,
        @Nullable String providerSessionId,
        @Nullable String sessionUrl,
        Instant createdAt,
        @Nullable Instant completedAt) {

    /** Lifecycle of a session. */
    public enum Status { INITIATED, PENDING, APPROVED, REJECTED, FAILED }
}
