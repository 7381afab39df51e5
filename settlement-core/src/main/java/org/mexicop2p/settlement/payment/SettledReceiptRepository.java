package org.mexicop2p.settlement.payment;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;
import java.util.UUID;

/** Replay protection: which order each signed cadena settled. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SettledReceiptRepository extends CrudRepository<SettledReceipt, String> {

    Optional<SettledReceipt> findByOrderId(UUID orderId);
}
