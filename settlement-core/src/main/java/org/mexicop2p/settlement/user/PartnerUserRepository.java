package org.mexicop2p.settlement.user;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A partner's users, unique per (partner, partnerUserRef). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PartnerUserRepository extends CrudRepository<PartnerUser, UUID> {

    Optional<PartnerUser> findByPartnerIdAndPartnerUserRef(UUID partnerId, String partnerUserRef);

    @Query("SELECT COUNT(*) FROM partner_user WHERE partner_id = :partnerId AND created_at >= :since")
    long countRegisteredSince(UUID partnerId, Instant since);
}
