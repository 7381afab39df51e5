package org.mexicop2p.settlement.partner;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;
import java.util.UUID;

/** Partners; looked up by id (admin) or by the non-secret API key id (authentication). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PartnerRepository extends CrudRepository<Partner, UUID> {

    Optional<Partner> findByApiKeyId(String apiKeyId);
}
