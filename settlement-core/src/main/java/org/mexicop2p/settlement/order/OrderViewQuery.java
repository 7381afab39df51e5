package org.mexicop2p.settlement.order;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.quote.FeeRecipient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads one order with its timeline in a single statement on a single pooled connection: the hot path of
 * {@code GET /api/v1/orders/{id}}. The two repository calls it replaces each borrowed a connection and ran their own
 * statement, and under load that connection handling cost as much as the queries; one statement in auto-commit is
 * also one consistent snapshot of the order and its timeline, which two separate reads were not. Read-only: every
 * write to orders goes through the lifecycle's transactions.
 */
@Singleton
public class OrderViewQuery {

    /** The lifecycle appends a handful of steps per order; this only guards the response size against the absurd. */
    static final int MAX_TIMELINE_ENTRIES = 1_000;

    private static final String SQL = "SELECT o.id, o.partner_id, o.user_id, o.partner_user_ref, o.quote_id, "
            + "o.status, o.token, o.token_address, o.amount_base_units, o.exchange_rate, o.gross_centavos, "
            + "o.fee_percent, o.fee_centavos, o.fee_recipient, o.net_centavos, o.clabe, o.escrow_contract, "
            + "o.escrow_order_id, o.created_at, o.updated_at, o.version, "
            + "t.id, t.seq_no, t.event, t.status, t.occurred_at "
            + "FROM settlement_order o LEFT JOIN order_timeline t ON t.order_id = o.id "
            + "WHERE o.id = ? AND o.partner_id = ? ORDER BY t.seq_no";

    private final DataSource pool;

    public OrderViewQuery(DataSource dataSource) {
        // The injected DataSource hands out the *contextual* connection (the current transaction's); this query runs
        // outside any transaction, so it takes a connection from the pool itself and returns it at once.
        this.pool = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** The order if it exists and belongs to this partner, with its timeline in step order; else empty. */
    public Optional<OrderService.OrderView> find(UUID orderId, UUID partnerId) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setObject(1, orderId);
            statement.setObject(2, partnerId);
            statement.setMaxRows(MAX_TIMELINE_ENTRIES);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                SettlementOrder order = order(rs);
                List<OrderTimelineEntry> timeline = new ArrayList<>(8);
                do {
                    UUID entryId = rs.getObject(22, UUID.class);
                    if (entryId != null) {
                        timeline.add(new OrderTimelineEntry(entryId, order.id(), rs.getInt(23), rs.getString(24),
                                OrderStatus.valueOf(rs.getString(25)), instant(rs, 26)));
                    }
                } while (rs.next());
                return Optional.of(new OrderService.OrderView(order, List.copyOf(timeline)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read order " + orderId + ": " + e.getMessage(), e);
        }
    }

    private static SettlementOrder order(ResultSet rs) throws SQLException {
        return new SettlementOrder(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getObject(5, UUID.class),
                OrderStatus.valueOf(rs.getString(6)),
                Token.valueOf(rs.getString(7)),
                rs.getString(8),
                rs.getBigDecimal(9),
                rs.getBigDecimal(10),
                rs.getLong(11),
                rs.getBigDecimal(12),
                rs.getLong(13),
                FeeRecipient.valueOf(rs.getString(14)),
                rs.getLong(15),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                instant(rs, 19),
                instant(rs, 20),
                rs.getLong(21));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
