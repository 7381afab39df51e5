package org.mexicop2p.settlement.order;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Orders. Volume sums count every order that may still move money: expired and refunded orders never paid anyone.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<SettlementOrder, UUID> {

    boolean existsByQuoteId(UUID quoteId);

    List<SettlementOrder> findByIdIn(Collection<UUID> ids);

    Page<SettlementOrder> findByPartnerId(UUID partnerId, Pageable pageable);

    Page<SettlementOrder> findByPartnerIdAndStatus(UUID partnerId, OrderStatus status, Pageable pageable);

    @Query("SELECT COALESCE(SUM(gross_centavos), 0) FROM settlement_order WHERE user_id = :userId "
            + "AND created_at >= :since AND status NOT IN ('EXPIRED', 'REFUNDED')")
    long sumUserVolumeSince(UUID userId, Instant since);

    @Query("SELECT COALESCE(SUM(gross_centavos), 0) FROM settlement_order WHERE partner_id = :partnerId "
            + "AND created_at >= :since AND status NOT IN ('EXPIRED', 'REFUNDED')")
    long sumPartnerVolumeSince(UUID partnerId, Instant since);
}
