package org.mexicop2p.settlement.payment;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Receipts judged per order: the dispute evidence. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PaymentReceiptRepository extends CrudRepository<PaymentReceipt, UUID> {

    List<PaymentReceipt> findByOrderIdOrderByReceivedAt(UUID orderId);

    /** The newest receipts of one order, newest first, at most {@code page.getSize()} of them. */
    List<PaymentReceipt> findByOrderIdOrderByReceivedAtDesc(UUID orderId, Pageable page);

    long countByOrderId(UUID orderId);
}
