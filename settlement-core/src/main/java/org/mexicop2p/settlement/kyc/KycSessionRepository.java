package org.mexicop2p.settlement.kyc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** KYC sessions: counted per partner per month (the tier's allocation) and found by the provider's session id. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface KycSessionRepository extends CrudRepository<KycSession, UUID> {

    /** Sessions that count toward the allocation: every one the provider accepted (failed starts cost nothing). */
    @Query("SELECT COUNT(*) FROM kyc_session WHERE partner_id = :partnerId AND created_at >= :since "
            + "AND status <> 'FAILED'")
    long countChargeableSince(UUID partnerId, Instant since);

    Optional<KycSession> findByProviderSessionId(String providerSessionId);
}
