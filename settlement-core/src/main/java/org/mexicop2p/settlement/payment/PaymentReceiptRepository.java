package org.mexicop2p.settlement.payment;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Receipts judged per order, oldest first (dispute evidence). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PaymentReceiptRepository extends CrudRepository<PaymentReceipt, UUID> {

    List<PaymentReceipt> findByOrderIdOrderByReceivedAt(UUID orderId);
}
