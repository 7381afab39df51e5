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

/** The dispute view's chain evidence, read from the journal ({@code chain_event}), retracted events included. */
@Singleton
public class JournalChainEvidence implements ChainEvidence {

    /** The columns read; transaction_index (last) only orders the events of one block. */
    private static final String COLUMNS = "event_type, block_number, block_hash, transaction_hash, event_index, "
            + "party, token, amount_base_units, lock_expiry_epoch_s, winner, retracted, transaction_index";

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
            // rows recorded before order_key existed (V22) have it NULL; both halves use the (order_key, order_id) index
            try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM ("
                    + "SELECT " + COLUMNS + " FROM chain_event WHERE order_key = ? AND order_id = ? UNION ALL "
                    + "SELECT " + COLUMNS + " FROM chain_event WHERE order_key IS NULL AND order_id = ?) e "
                    + "ORDER BY block_number, transaction_index, event_index LIMIT " + MAX_EVENTS)) {
                s.setLong(1, ChainEventJournal.orderKey(orderId));
                s.setString(2, orderId);
                s.setString(3, orderId);
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
