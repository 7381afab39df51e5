package org.mexicop2p.settlement.quote;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Quotes, by id. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface QuoteRepository extends CrudRepository<Quote, UUID> {
}
