package org.mexicop2p.chain.gateway;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EndedCommandHandler;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.settlement.leadership.FencedOutException;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of {@code chain_command} and its transition log. Every status change is a compare-and-set on
 * (status, attempts), so two threads or two processes can never both move one command, and each change is appended
 * to {@code chain_command_log} in the same transaction. Every write first passes the chain-leader fencing check in
 * that transaction: only the lease holder records commands, so a leader that lost its lease cannot record (and then
 * send) a transaction after another daemon took over. An attempt the reconciler's own pass ends (REVERTED, FAILED) is
 * reported to the core's {@link EndedCommandHandler} in the same transaction, since nobody else would hear of it.
 */
@Singleton
public class CommandStore {

    /** SQLSTATE for unique violations, the same on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int DETAIL_MAX_CHARS = 500;
    private static final String COLUMNS = "id, order_id, kind, status, proof_hash, winner, transaction_hash, "
            + "attempts, detail, seller, buyer, token, amount_base_units, nonce";

    private final JdbcOperations jdbc;
    private final ChainLeadership leadership;
    private final EndedCommandHandler endings;

    public CommandStore(JdbcOperations jdbc, ChainLeadership leadership, EndedCommandHandler endings) {
        this.jdbc = jdbc;
        this.leadership = leadership;
        this.endings = endings;
    }

    /** Who moves a command, and so who learns how its attempt ended. */
    public enum Origin {
        /** A request ({@code release}, {@code refund}, ...): its caller gets the outcome as the answer. */
        REQUEST,
        /** The reconciler's own pass: the request was answered long ago, so an ending goes to the core. */
        RECONCILER
    }

    /** A stored command together with what was signed and the nonce of its last transaction. */
    public record Stored(ChainCommand command, EscrowOrder order, String nonce) {
    }

    /** Another command of the same kind exists for the order, or the proof hash was used by another order. */
    public static final class DuplicateCommandException extends RuntimeException {
        DuplicateCommandException(String message) {
            super(message);
        }
    }

    /**
     * Records a new command as {@code INITIATED}, before anything is sent.
     *
     * @throws DuplicateCommandException when {@code (order, kind)} or the proof hash exists already
     * @throws FencedOutException        when this daemon does not hold the chain-leader lease; nothing recorded
     */
    @Transactional
    public Stored insertInitiated(EscrowOrder order, CommandKind kind, String proofHash, DisputeWinner winner) {
        leadership.checkFence();
        Timestamp now = Timestamp.from(Instant.now());
        Connection c = jdbc.getConnection();
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO chain_command (order_id, kind, status, proof_hash, "
                + "winner, seller, buyer, token, amount_base_units, attempts, created_at, updated_at) "
                + "VALUES (?, ?, 'INITIATED', ?, ?, ?, ?, ?, ?, 0, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, order.orderId());
            s.setString(2, kind.name());
            s.setString(3, proofHash);
            s.setString(4, winner == null ? null : winner.name());
            s.setString(5, order.seller());
            s.setString(6, order.buyer());
            s.setString(7, order.token());
            s.setBigDecimal(8, new BigDecimal(order.amountBaseUnits()));
            s.setTimestamp(9, now);
            s.setTimestamp(10, now);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DuplicateCommandException("a " + kind + " command for order " + order.orderId()
                        + " (or for its proof) exists already");
            }
            throw new CommandStoreException(e);
        }
        log(c, id, CommandStatus.INITIATED, null, null, now);
        return byId(id).orElseThrow();
    }

    /**
     * Moves a command from {@code (expected.status, expected.attempts)} to {@code status}; returns the new record, or
     * empty when someone else moved it first (nothing changed). A move of {@link Origin#RECONCILER} to REVERTED or
     * FAILED is reported to the {@link EndedCommandHandler} before the commit: the compare-and-set lets exactly one
     * move end an attempt, so the core hears of each ended attempt once, and only if the ending commits.
     *
     * @throws FencedOutException when this daemon does not hold the chain-leader lease; nothing changed
     */
    @Transactional
    public Optional<Stored> transition(ChainCommand expected, CommandStatus status, String transactionHash,
                                       String nonce, int attempts, String detail, Origin origin) {
        leadership.checkFence();
        Timestamp now = Timestamp.from(Instant.now());
        String boundedDetail = detail == null || detail.length() <= DETAIL_MAX_CHARS ? detail
                : detail.substring(0, DETAIL_MAX_CHARS);
        Connection c = jdbc.getConnection();
        try (PreparedStatement s = c.prepareStatement("UPDATE chain_command SET status = ?, transaction_hash = ?, "
                + "nonce = ?, attempts = ?, detail = ?, updated_at = ? WHERE id = ? AND status = ? AND attempts = ?")) {
            s.setString(1, status.name());
            s.setString(2, transactionHash);
            s.setString(3, nonce);
            s.setInt(4, attempts);
            s.setString(5, boundedDetail);
            s.setTimestamp(6, now);
            s.setLong(7, expected.id());
            s.setString(8, expected.status().name());
            s.setInt(9, expected.attempts());
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new CommandStoreException(e);
        }
        log(c, expected.id(), status, transactionHash, boundedDetail, now);
        Stored moved = byId(expected.id()).orElseThrow();
        if (origin == Origin.RECONCILER
                && (status == CommandStatus.REVERTED || status == CommandStatus.FAILED)) {
            endings.ended(moved.command());
        }
        return Optional.of(moved);
    }

    @Transactional(readOnly = true)
    public Optional<Stored> find(String orderId, CommandKind kind) {
        return select("WHERE order_id = ? AND kind = ?", s -> {
            s.setString(1, orderId);
            s.setString(2, kind.name());
        }).stream().findFirst();
    }

    @Transactional(readOnly = true)
    public Optional<Stored> findByProofHash(String proofHash) {
        return select("WHERE proof_hash = ?", s -> s.setString(1, proofHash)).stream().findFirst();
    }

    @Transactional(readOnly = true)
    public Optional<Stored> byId(long id) {
        return select("WHERE id = ?", s -> s.setLong(1, id)).stream().findFirst();
    }

    /** Commands whose outcome is not known yet (INITIATED, SUBMITTED, UNKNOWN), oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Stored> open(int limit) {
        return select("WHERE status IN ('INITIATED', 'SUBMITTED', 'UNKNOWN') ORDER BY id LIMIT " + limit, s -> { });
    }

    /** The statuses a command went through, in order (the audit trail). */
    @Transactional(readOnly = true)
    public List<CommandStatus> history(long commandId) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(
                "SELECT status FROM chain_command_log WHERE command_id = ? ORDER BY id")) {
            s.setLong(1, commandId);
            List<CommandStatus> statuses = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    statuses.add(CommandStatus.valueOf(r.getString(1)));
                }
            }
            return statuses;
        } catch (SQLException e) {
            throw new CommandStoreException(e);
        }
    }

    private void log(Connection c, long id, CommandStatus status, String txHash, String detail, Timestamp at) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO chain_command_log (command_id, status, "
                + "transaction_hash, detail, logged_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, status.name());
            s.setString(3, txHash);
            s.setString(4, detail);
            s.setTimestamp(5, at);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CommandStoreException(e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<Stored> select(String where, Binder binder) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(
                "SELECT " + COLUMNS + " FROM chain_command " + where)) {
            binder.bind(s);
            List<Stored> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String winner = r.getString(6);
                    ChainCommand command = new ChainCommand(r.getLong(1), r.getString(2),
                            CommandKind.valueOf(r.getString(3)), CommandStatus.valueOf(r.getString(4)),
                            r.getString(5), winner == null ? null : DisputeWinner.valueOf(winner), r.getString(7),
                            r.getInt(8), r.getString(9));
                    EscrowOrder order = new EscrowOrder(r.getString(2), r.getString(10), r.getString(11),
                            r.getString(12), r.getBigDecimal(13).toBigIntegerExact());
                    rows.add(new Stored(command, order, r.getString(14)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new CommandStoreException(e);
        }
    }

    /** A database failure; the transaction rolled back. */
    public static final class CommandStoreException extends RuntimeException {
        CommandStoreException(SQLException cause) {
            super("chain_command: " + cause.getMessage(), cause);
        }
    }
}
