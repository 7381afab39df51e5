package org.mexicop2p.settlement.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import org.mexicop2p.settlement.kyc.KycLevel;

import java.time.Instant;
import java.util.UUID;

/** An end user of a partner, known to us only by the partner's own reference and a KYC level. */
@MappedEntity("partner_user")
public record PartnerUser(
        @Id UUID id,
        UUID partnerId,
        String partnerUserRef,
        KycLevel kycLevel,
        @Nullable Instant kycVerifiedAt,
        Instant createdAt,
        @Version Long version) {
}
