package org.mexicop2p.chain.journal;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.dispute.ChainEvidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dispute view's chain evidence: the journal's events ({@code chain_event}, retracted ones included) at the
 * positions the core recorded for the order ({@code order_chain_event}).
 */
@Singleton
public class JournalChainEvidence implements ChainEvidence {

    /**
     * The events at an order's positions. Positions copied from events journaled before V22 have no transaction index,
     * like their journal rows; the block number leads the journal's position key, so each is found within its block.
     */
    private static final String QUERY = "SELECT e.event_type, e.block_number, e.block_hash, e.transaction_hash, "
            + "e.event_index, e.party, e.token, e.amount_base_units, e.lock_expiry_epoch_s, e.winner, e.retracted "
            + "FROM order_chain_event o JOIN chain_event e ON e.block_number = o.block_number "
            + "AND e.event_index = o.event_index AND e.block_hash = o.block_hash "
            + "AND COALESCE(e.transaction_index, -1) = COALESCE(o.transaction_index, -1) "
            + "WHERE o.order_id = ? ORDER BY e.block_number, e.transaction_index, e.event_index LIMIT " + MAX_EVENTS;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;

    public JournalChainEvidence(JdbcOperations jdbc, TransactionOperations<Connection> tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public List<Map<String, Object>> eventsOf(String escrowOrderId) {
        // the journal stores canonical felts (no leading zeros); orders store 32 hex digits
        Optional<String> canonical = FeltHex.parse(escrowOrderId);
        if (canonical.isEmpty()) {
            return List.of(); // not a felt: the journal holds no event for it
        }
        String orderId = canonical.get();
        return tx.executeRead(status -> {
            List<Map<String, Object>> events = new ArrayList<>();
            try (PreparedStatement s = jdbc.getConnection().prepareStatement(QUERY)) {
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("type", rs.getString(1));
                        e.put("blockNumber", rs.getLong(2));
                        e.put("blockHash", rs.getString(3));
                        e.put("transactionHash", rs.getString(4));
                        e.put("eventIndex", rs.getInt(5));
                        e.put("party", rs.getString(6));
                        putIfPresent(e, "token", rs.getString(7));
                        putIfPresent(e, "amount", rs.getBigDecimal(8) == null ? null
                                : rs.getBigDecimal(8).toBigIntegerExact().toString());
                        long expiry = rs.getLong(9);
                        if (!rs.wasNull()) {
                            e.put("lockExpiryEpochSeconds", expiry);
                        }
                        putIfPresent(e, "winner", rs.getString(10));
                        e.put("retracted", rs.getBoolean(11));
                        events.add(e);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read chain events of " + orderId + ": " + e.getMessage(), e);
            }
            return events;
        });
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
