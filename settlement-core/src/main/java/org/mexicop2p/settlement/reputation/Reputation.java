package org.mexicop2p.settlement.reputation;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reputation per on-chain address: everyone starts at {@link #INITIAL_SCORE}; losing a dispute costs
 * {@link #DISPUTE_PENALTY} points (the seed's rule). Every change is an event row; one per order and address, so a
 * decision applied twice can never penalize twice. Runs in the caller's transaction.
 */
@Singleton
public class Reputation {

    public static final int INITIAL_SCORE = 0;
    public static final int DISPUTE_PENALTY = -50;

    /** One change of an address's score. */
    public record Change(String address, UUID orderId, int delta, String reason, Instant occurredAt) {
    }

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;

    public Reputation(JdbcOperations jdbc, TransactionOperations<Connection> tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Applies the dispute penalty to {@code address} for {@code orderId}; returns false if it was applied before. */
    public boolean penalize(String address, UUID orderId, String reason, Instant now) {
        Connection c = jdbc.getConnection();
        try {
            try (PreparedStatement seen = c.prepareStatement(
                    "SELECT 1 FROM reputation_event WHERE order_id = ? AND address = ?")) {
                seen.setObject(1, orderId);
                seen.setString(2, address);
                try (ResultSet rs = seen.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            try (PreparedStatement event = c.prepareStatement("INSERT INTO reputation_event (address, order_id, "
                    + "delta, reason, occurred_at) VALUES (?, ?, ?, ?, ?)")) {
                event.setString(1, address);
                event.setObject(2, orderId);
                event.setInt(3, DISPUTE_PENALTY);
                event.setString(4, reason.length() > 300 ? reason.substring(0, 300) : reason);
                event.setObject(5, at);
                event.executeUpdate();
            }
            int updated;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE reputation SET score = score + ?, updated_at = ? WHERE address = ?")) {
                update.setInt(1, DISPUTE_PENALTY);
                update.setObject(2, at);
                update.setString(3, address);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO reputation (address, score, updated_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, address);
                    insert.setInt(2, INITIAL_SCORE + DISPUTE_PENALTY);
                    insert.setObject(3, at);
                    insert.executeUpdate();
                }
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record reputation of " + address + ": " + e.getMessage(), e);
        }
    }

    /** The address's score ({@link #INITIAL_SCORE} when it never lost a dispute). */
    public int score(String address) {
        return tx.executeRead(status -> scoreInTransaction(address));
    }

    private int scoreInTransaction(String address) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(
                "SELECT score FROM reputation WHERE address = ?")) {
            s.setString(1, address);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : INITIAL_SCORE;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read reputation of " + address + ": " + e.getMessage(), e);
        }
    }

    /** The address's changes, oldest first (at most 100). */
    public List<Change> history(String address) {
        return tx.executeRead(status -> historyInTransaction(address));
    }

    private List<Change> historyInTransaction(String address) {
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT address, order_id, delta, reason, "
                + "occurred_at FROM reputation_event WHERE address = ? ORDER BY id LIMIT 100")) {
            s.setString(1, address);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3),
                            rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read reputation of " + address + ": " + e.getMessage(), e);
        }
        return changes;
    }
}
