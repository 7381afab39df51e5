package org.mexicop2p.settlement.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery outbox. Claiming is a compare-and-set on the lease columns rather than
 * {@code SELECT … FOR UPDATE SKIP LOCKED}, which H2 lacks: several daemons on one database may read the same due
 * rows, but only one of them wins each row's {@link #claim} update.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WebhookDeliveryRepository extends GenericRepository<WebhookDelivery, UUID> {

    @Query("INSERT INTO webhook_delivery (id, seq, partner_id, event_id, event_type, subject_id, payload, status, "
            + "attempts, next_attempt_at, replay_of, created_at) VALUES (:id, nextval('webhook_delivery_seq'), "
            + ":partnerId, :eventId, :eventType, :subjectId, :payload, 'PENDING', 0, :createdAt, :replayOf, "
            + ":createdAt)")
    void insert(UUID id, UUID partnerId, UUID eventId, String eventType, String subjectId, String payload,
                @Nullable UUID replayOf, Instant createdAt);

    Optional<WebhookDelivery> findById(UUID id);

    Optional<WebhookDelivery> findByIdAndPartnerId(UUID id, UUID partnerId);

    /**
     * Deliveries that may be tried now: pending, due, not leased by a live worker, and first in line for their
     * subject (an earlier pending delivery of the same partner and subject keeps later ones waiting).
     */
    @Query("SELECT d.* FROM webhook_delivery d WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now "
            + "AND (d.lease_until IS NULL OR d.lease_until < :now) "
            + "AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.partner_id = d.partner_id "
            + "AND e.subject_id = d.subject_id AND e.status = 'PENDING' AND e.seq < d.seq) "
            + "ORDER BY d.next_attempt_at, d.seq LIMIT :limit")
    List<WebhookDelivery> findDue(Instant now, int limit);

    /** Takes the row for one attempt; 1 if this worker won it, 0 if another did or it changed meanwhile. */
    @Query("UPDATE webhook_delivery SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1 "
            + "WHERE id = :id AND status = 'PENDING' AND attempts = :attemptsSeen "
            + "AND (lease_until IS NULL OR lease_until < :now)")
    int claim(UUID id, int attemptsSeen, String owner, Instant leaseUntil, Instant now);

    /** Ends an attempt; only the lease holder may (0 if its lease was taken over meanwhile). */
    @Query("UPDATE webhook_delivery SET status = :status, next_attempt_at = :nextAttemptAt, "
            + "completed_at = :completedAt, lease_owner = NULL, lease_until = NULL "
            + "WHERE id = :id AND lease_owner = :owner")
    int finish(UUID id, String owner, String status, Instant nextAttemptAt, @Nullable Instant completedAt);

    Page<WebhookDelivery> findByPartnerId(UUID partnerId, Pageable pageable);

    Page<WebhookDelivery> findByPartnerIdAndStatus(UUID partnerId, DeliveryStatus status, Pageable pageable);

    long countByStatus(DeliveryStatus status);
}
