package org.mexicop2p.settlement.lifecycle;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.mexicop2p.settlement.lifecycle.OrderFactsEngine.utc;

/**
 * The {@code order_escrow} rows: what the chain showed about each order's escrow. Written only by
 * {@link OrderFactsEngine} in the fact's transaction, read by the effect runner and the dispute view.
 */
@Singleton
public class OrderEscrows {

    private static final String COLUMNS = "order_id, seller, deposit_token, deposit_amount_base_units, buyer, "
            + "lock_expiry_at, deposit_block_hash, lock_block_hash, cep_replay_key, disputed_on_chain, flagged, "
            + "flag_reason";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;

    public OrderEscrows(JdbcOperations jdbc, TransactionOperations<Connection> tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The order's escrow as far as the chain showed it; empty before the first fact about the order. */
    public Optional<OrderEscrow> find(UUID orderId) {
        return tx.executeRead(status -> findInTransaction(orderId));
    }

    private Optional<OrderEscrow> findInTransaction(UUID orderId) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(
                "SELECT " + COLUMNS + " FROM order_escrow WHERE order_id = ?")) {
            s.setObject(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime lockExpiry = rs.getObject(6, OffsetDateTime.class);
                BigDecimal deposited = rs.getBigDecimal(4);
                return Optional.of(new OrderEscrow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        deposited == null ? null : deposited.toBigIntegerExact(), rs.getString(5),
                        lockExpiry == null ? null : lockExpiry.toInstant(), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getBoolean(10), rs.getBoolean(11), rs.getString(12)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read escrow of order " + orderId + ": " + e.getMessage(), e);
        }
    }

    /** Records what an applied fact taught about the escrow and returns the updated view. */
    OrderEscrow learn(UUID orderId, OrderInput input, Map<String, String> details, Instant now) {
        Connection c = jdbc.getConnection();
        try {
            ensureRow(c, orderId, now);
            switch (input) {
                case DEPOSIT_SEEN, MISMATCHED_DEPOSIT_SEEN -> update(c, orderId, now,
                        "seller = ?, deposit_token = ?, deposit_amount_base_units = ?, deposit_block_hash = ?",
                        details.get(FactDetails.SELLER), details.get(FactDetails.TOKEN),
                        amount(details.get(FactDetails.AMOUNT)), details.get(FactDetails.BLOCK_HASH));
                case DEPOSIT_RETRACTED -> update(c, orderId, now, "deposit_block_hash = NULL");
                case LOCK_SEEN -> update(c, orderId, now,
                        "buyer = ?, lock_expiry_at = ?, lock_block_hash = ?", details.get(FactDetails.BUYER),
                        lockExpiry(details), details.get(FactDetails.BLOCK_HASH));
                case LOCK_RETRACTED -> update(c, orderId, now,
                        "buyer = NULL, lock_expiry_at = NULL, lock_block_hash = NULL");
                case PAYMENT_VERIFIED -> update(c, orderId, now, "cep_replay_key = ?",
                        details.get(FactDetails.CEP_REPLAY_KEY));
                case DISPUTE_OPENED_SEEN -> update(c, orderId, now, "disputed_on_chain = TRUE, dispute_block_hash = ?",
                        details.get(FactDetails.BLOCK_HASH));
                case RELEASE_SEEN, REFUND_SEEN, DISPUTE_RESOLVED_FOR_BUYER_SEEN, DISPUTE_RESOLVED_FOR_SELLER_SEEN ->
                        update(c, orderId, now, "outcome_block_hash = ?", details.get(FactDetails.BLOCK_HASH));
                default -> {
                    // The other facts change the status only; the escrow's parties stay as the chain showed them.
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record escrow of order " + orderId + ": " + e.getMessage(), e);
        }
        return find(orderId).orElseThrow();
    }

    /** Marks the order for an operator; the first reason is kept, later ones are in the timeline. */
    void flag(UUID orderId, String reason, Instant now) {
        try {
            ensureRow(jdbc.getConnection(), orderId, now);
            update(jdbc.getConnection(), orderId, now,
                    "flagged = TRUE, flag_reason = COALESCE(flag_reason, ?)",
                    reason.length() > 300 ? reason.substring(0, 300) : reason);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot flag order " + orderId + ": " + e.getMessage(), e);
        }
    }

    private static BigDecimal amount(String baseUnits) {
        if (baseUnits == null) {
            return null;
        }
        try {
            return new BigDecimal(new BigInteger(baseUnits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount is not an integer of base units: " + baseUnits);
        }
    }

    private static OffsetDateTime lockExpiry(Map<String, String> details) {
        String seconds = details.get(FactDetails.LOCK_EXPIRY_EPOCH_SECONDS);
        if (seconds == null) {
            return null;
        }
        try {
            return utc(Instant.ofEpochSecond(Long.parseLong(seconds)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("lockExpiryEpochSeconds is not an epoch second: " + seconds);
        }
    }

    /** Creates the order's empty escrow row (at order creation, so every order has one). */
    void create(UUID orderId, Instant now) {
        try {
            ensureRow(jdbc.getConnection(), orderId, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create escrow of order " + orderId + ": " + e.getMessage(), e);
        }
    }

    private static void ensureRow(Connection c, UUID orderId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM order_escrow WHERE order_id = ?")) {
            s.setObject(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        // The caller holds the order's row lock, so no other transaction can insert this row concurrently.
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO order_escrow (order_id, updated_at) VALUES (?, ?)")) {
            insert.setObject(1, orderId);
            insert.setObject(2, utc(now));
            insert.executeUpdate();
        }
    }

    private static void update(Connection c, UUID orderId, Instant now, String assignments, Object... values)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE order_escrow SET " + assignments + ", updated_at = ? WHERE order_id = ?")) {
            int i = 1;
            for (Object value : values) {
                u.setObject(i++, value);
            }
            u.setObject(i++, utc(now));
            u.setObject(i, orderId);
            u.executeUpdate();
        }
    }
}
