package org.mexicop2p.chain.watch;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainFactHandler;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.settlement.leadership.FencedOutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watcher's durable state (cursor and recent block hashes) and the one place where facts are committed: each
 * method is a single database transaction that moves the cursor by compare-and-set <em>and</em> runs the core's
 * {@link ChainFactHandler} on the same connection. Either both commit or neither does, so a crash at any point
 * neither loses nor repeats an effect; a second writer (or a replayed batch) finds the cursor moved and changes nothing.
 * Each commit first passes the chain-leader fencing check in the same transaction, so a watcher that lost its lease
 * while reading cannot commit what it read after another daemon took over.
 */
@Singleton
public class WatcherLedger {

    /** Runs inside the commit transaction after the effects and before the commit; tests inject crashes here. */
    @FunctionalInterface
    public interface BeforeCommit {
        BeforeCommit NONE = next -> { };

        void run(BlockRef next);
    }

    private final JdbcOperations jdbc;
    private final ChainFactHandler handler;
    private final ChainLeadership leadership;

    public WatcherLedger(JdbcOperations jdbc, ChainFactHandler handler, ChainLeadership leadership) {
        this.jdbc = jdbc;
        this.handler = handler;
        this.leadership = leadership;
    }

    /** The cursor, or empty before the first committed batch. */
    @Transactional(readOnly = true)
    public Optional<BlockRef> cursor() {
        return query("SELECT block_number, block_hash FROM chain_cursor WHERE id = 1", s -> { }).stream().findFirst();
    }

    /** Processed blocks at or below {@code atOrBelow}, highest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<BlockRef> recentBlocks(long atOrBelow, int limit) {
        return query("SELECT block_number, block_hash FROM chain_block WHERE block_number <= ? "
                + "ORDER BY block_number DESC LIMIT " + limit, s -> s.setLong(1, atOrBelow));
    }

    /**
     * Commits one batch: {@code events} (canonical, in chain order) are applied, the hashes of {@code blocks} (the
     * range's ends and every block with events: all a walk-back after a reorg needs) remembered, and
     * the cursor moved from {@code expected} (empty = never moved) to {@code next}.
     *
     * @throws StaleCursorException when the cursor is no longer {@code expected}; nothing is changed
     * @throws FencedOutException   when this daemon does not hold the chain-leader lease; nothing is changed
     */
    @Transactional
    public void commitBatch(Optional<BlockRef> expected, BlockRef next, List<BlockRef> blocks,
                            List<EscrowEvent> events, int reorgWindowBlocks, BeforeCommit beforeCommit) {
        leadership.checkFence();
        moveCursor(expected, next);
        handler.apply(events);
        Connection c = jdbc.getConnection();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO chain_block (block_number, block_hash) VALUES (?, ?)")) {
            for (BlockRef block : blocks) {
                insert.setLong(1, block.blockNumber());
                insert.setString(2, block.blockHash());
                insert.addBatch();
            }
            insert.executeBatch();
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM chain_block WHERE block_number <= ?")) {
                prune.setLong(1, next.blockNumber() - reorgWindowBlocks);
                prune.executeUpdate();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot record processed blocks: " + e.getMessage(), e);
        }
        beforeCommit.run(next);
    }

    /**
     * Commits a rollback to {@code reorg.forkPoint()}: the core retracts the orphaned blocks' facts, their hashes are
     * forgotten and the cursor moves back from {@code expected}.
     */
    @Transactional
    public void commitReorg(BlockRef expected, ChainReorg reorg) {
        leadership.checkFence();
        moveCursor(Optional.of(expected), reorg.forkPoint());
        handler.retract(reorg);
        try (PreparedStatement delete = jdbc.getConnection().prepareStatement(
                "DELETE FROM chain_block WHERE block_number > ?")) {
            delete.setLong(1, reorg.forkPoint().blockNumber());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot forget orphaned blocks: " + e.getMessage(), e);
        }
    }

    private void moveCursor(Optional<BlockRef> expected, BlockRef next) {
        Connection c = jdbc.getConnection();
        Timestamp now = Timestamp.from(Instant.now());
        try {
            int changed;
            if (expected.isEmpty()) {
                // first batch ever: the primary key (id = 1) makes a concurrent first insert fail, not double
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO chain_cursor (id, block_number, block_hash, updated_at) VALUES (1, ?, ?, ?)")) {
                    insert.setLong(1, next.blockNumber());
                    insert.setString(2, next.blockHash());
                    insert.setTimestamp(3, now);
                    changed = insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = c.prepareStatement("UPDATE chain_cursor SET block_number = ?, "
                        + "block_hash = ?, updated_at = ? WHERE id = 1 AND block_number = ? AND block_hash = ?")) {
                    update.setLong(1, next.blockNumber());
                    update.setString(2, next.blockHash());
                    update.setTimestamp(3, now);
                    update.setLong(4, expected.get().blockNumber());
                    update.setString(5, expected.get().blockHash());
                    changed = update.executeUpdate();
                }
            }
            if (changed != 1) {
                throw new StaleCursorException(expected, next);
            }
        } catch (SQLException e) {
            if (expected.isEmpty()) {
                throw new StaleCursorException(expected, next);
            }
            throw new LedgerException("cannot move the cursor: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<BlockRef> query(String sql, Binder binder) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(sql)) {
            binder.bind(s);
            List<BlockRef> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new BlockRef(r.getLong(1), r.getString(2)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the watcher state: " + e.getMessage(), e);
        }
    }

    /** The cursor moved under us (another watcher, or a batch delivered twice); the transaction rolled back. */
    public static final class StaleCursorException extends RuntimeException {
        StaleCursorException(Optional<BlockRef> expected, BlockRef next) {
            super("cursor is no longer " + expected.map(BlockRef::toString).orElse("unset")
                    + "; refusing to move it to " + next);
        }
    }

    /** A database failure while committing; the transaction rolled back. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
