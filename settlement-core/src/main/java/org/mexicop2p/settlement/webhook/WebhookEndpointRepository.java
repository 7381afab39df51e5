package org.mexicop2p.settlement.webhook;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Partners' webhook endpoints, keyed by partner id. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WebhookEndpointRepository extends CrudRepository<WebhookEndpoint, UUID> {
}
