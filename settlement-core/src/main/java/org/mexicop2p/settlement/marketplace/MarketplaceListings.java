package org.mexicop2p.settlement.marketplace;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;

import java.util.UUID;

/**
 * What buyers may see: orders of every partner in one status (the marketplace lists ACTIVE ones, the orders a buyer
 * can lock on-chain). Read-only.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MarketplaceListings extends GenericRepository<SettlementOrder, UUID> {

    Page<SettlementOrder> findByStatus(OrderStatus status, Pageable pageable);
}
