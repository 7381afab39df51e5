package org.mexicop2p.settlement.idempotency;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;
import java.util.UUID;

/** Idempotency records, unique per (partner, key). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface IdempotencyRecordRepository extends CrudRepository<IdempotencyRecord, UUID> {

    Optional<IdempotencyRecord> findByPartnerIdAndIdempotencyKey(UUID partnerId, String idempotencyKey);

    @Query("UPDATE idempotency_record SET response_status = :status, response_body = :body WHERE id = :id")
    void complete(UUID id, int status, String body);
}
