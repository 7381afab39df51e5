package org.mexicop2p.settlement.payment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Banxico fetches: the due ones, and a compare-and-set claim so one worker queries the portal per attempt. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PaymentFetchRepository extends CrudRepository<PaymentFetch, UUID> {

    Optional<PaymentFetch> findByPendingOrderId(UUID pendingOrderId);

    Optional<PaymentFetch> findByIdAndOrderId(UUID id, UUID orderId);

    @Query("SELECT * FROM payment_fetch WHERE status = 'PENDING' AND next_attempt_at <= :now "
            + "ORDER BY next_attempt_at LIMIT :limit")
    List<PaymentFetch> findDue(Instant now, int limit);

    /**
     * Claims a due fetch for one attempt: records INITIATED before the portal is asked (Kill Bill style) and pushes
     * its next attempt past {@code leaseUntil}, so a crash mid-query leaves it to be retried after the lease and no
     * other worker asks the portal for it meanwhile. Returns 1 when this caller won the claim.
     */
    @Query("UPDATE payment_fetch SET version = version + 1, attempts = attempts + 1, last_outcome = 'INITIATED', "
            + "next_attempt_at = :leaseUntil, updated_at = :now "
            + "WHERE id = :id AND version = :version AND status = 'PENDING'")
    long claim(UUID id, long version, Instant leaseUntil, Instant now);
}
