package org.mexicop2p.settlement.partner;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;
import java.util.UUID;

/**
 * Row locks on a partner, taken inside a transaction to serialize the checks that count a partner's users and
 * volume: without it two concurrent requests could both see room under a limit and both pass.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PartnerLocks extends GenericRepository<PartnerLocks.PartnerRow, UUID> {

    /** Just the key of the partner row, to lock it without reading it. */
    @MappedEntity("partner")
    record PartnerRow(@Id UUID id) {
    }

    /** {@code SELECT … FOR UPDATE}: blocks until no other transaction holds this partner's lock. */
    Optional<PartnerRow> findByIdForUpdate(UUID id);
}
