package org.mexicop2p.api.marketplace;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import org.mexicop2p.settlement.order.SettlementOrder;

import java.time.Instant;
import java.util.UUID;

/** The status compare-and-set {@link LifecycleStandIn} uses; joins the caller's transaction. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface OrderStatusMoves extends GenericRepository<SettlementOrder, UUID> {

    @Query("UPDATE settlement_order SET status = :to, version = version + 1, updated_at = :now "
            + "WHERE id = :id AND status = :from")
    long move(UUID id, String from, String to, Instant now);
}
