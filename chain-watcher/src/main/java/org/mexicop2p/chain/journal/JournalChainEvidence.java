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

/** The dispute view's chain evidence, read from the journal ({@code chain_event}), retracted events included. */
@Singleton
public class JournalChainEvidence implements ChainEvidence {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;

    public JournalChainEvidence(JdbcOperations jdbc, TransactionOperations<Connection> tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public List<Map<String, Object>> eventsOf(String escrowOrderId) {
        // the journal stores canonical felts (no leading zeros); orders store 32 hex digits
        String orderId = FeltHex.parse(escrowOrderId).orElse(escrowOrderId);
        return tx.executeRead(status -> {
            List<Map<String, Object>> events = new ArrayList<>();
            try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT event_type, block_number, "
                    + "block_hash, transaction_hash, event_index, party, token, amount_base_units, "
                    + "lock_expiry_epoch_s, winner, retracted FROM chain_event WHERE order_id = ? "
                    + "ORDER BY block_number, event_index LIMIT " + MAX_EVENTS)) {
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
