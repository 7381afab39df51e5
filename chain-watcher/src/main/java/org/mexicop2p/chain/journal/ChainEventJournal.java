package org.mexicop2p.chain.journal;

import io.micronaut.context.annotation.Secondary;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainFactHandler;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.DisputeOpened;
import org.mexicop2p.settlement.chain.DisputeResolved;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.chain.OrderCreated;
import org.mexicop2p.settlement.chain.OrderLocked;
import org.mexicop2p.settlement.chain.OrderRefunded;
import org.mexicop2p.settlement.chain.OrderReleased;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The default {@link ChainFactHandler}: records every fact in {@code chain_event} (order ids the engine does not know
 * included: they are recorded, nothing else happens) and marks retracted the ones a reorg removed. It is
 * {@code @Secondary}, so the order state machine replaces it by declaring its own handler (which may delegate here to
 * keep the journal). It runs in the watcher's transaction and writes through that transaction's connection.
 */
@Singleton
@Secondary
public class ChainEventJournal implements ChainFactHandler {

    private static final String INSERT = "INSERT INTO chain_event (block_number, block_hash, transaction_hash, "
            + "event_index, event_type, order_id, party, token, amount_base_units, lock_expiry_epoch_s, winner, "
            + "recorded_at, transaction_index, retracted) VALUES";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)";
    private static final int COLUMNS = 13;
    private static final int ROWS_PER_INSERT = 100;

    private final JdbcOperations jdbc;

    public ChainEventJournal(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(List<EscrowEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        Connection connection = jdbc.getConnection();
        try {
            // multi-row inserts: one statement per ROWS_PER_INSERT events costs far less than one per event
            int full = events.size() / ROWS_PER_INSERT;
            if (full > 0) {
                try (PreparedStatement insert = connection.prepareStatement(insertOf(ROWS_PER_INSERT))) {
                    for (int chunk = 0; chunk < full; chunk++) {
                        bindRows(insert, events.subList(chunk * ROWS_PER_INSERT, (chunk + 1) * ROWS_PER_INSERT), now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            List<EscrowEvent> rest = events.subList(full * ROWS_PER_INSERT, events.size());
            if (!rest.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(insertOf(rest.size()))) {
                    bindRows(insert, rest, now);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            // rolls back the whole batch together with the cursor move
            throw new JournalException("cannot record chain events: " + e.getMessage(), e);
        }
    }

    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder(INSERT.length() + rows * 40).append(INSERT);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? " " : ", ").append(ROW);
        }
        return sql.toString();
    }

    private static void bindRows(PreparedStatement s, List<EscrowEvent> rows, Timestamp now) throws SQLException {
        for (int i = 0; i < rows.size(); i++) {
            bind(s, i * COLUMNS, rows.get(i), now);
        }
    }

    @Override
    public void retract(ChainReorg reorg) {
        Connection connection = jdbc.getConnection();
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE chain_event SET retracted = TRUE WHERE block_number = ? AND block_hash = ?")) {
            for (BlockRef orphan : reorg.orphanedBlocks()) {
                mark.setLong(1, orphan.blockNumber());
                mark.setString(2, orphan.blockHash());
                mark.addBatch();
            }
            mark.executeBatch();
        } catch (SQLException e) {
            throw new JournalException("cannot retract chain events: " + e.getMessage(), e);
        }
    }

    /** Binds one event to the 13 parameters after {@code offset}. */
    private static void bind(PreparedStatement s, int offset, EscrowEvent event, Timestamp now) throws SQLException {
        s.setLong(offset + 1, event.position().blockNumber());
        s.setString(offset + 2, event.position().blockHash());
        s.setString(offset + 3, event.position().transactionHash());
        s.setInt(offset + 4, event.position().eventIndex());
        s.setString(offset + 6, event.orderId());
        s.setNull(offset + 8, Types.VARCHAR);
        s.setNull(offset + 9, Types.NUMERIC);
        s.setNull(offset + 10, Types.BIGINT);
        s.setNull(offset + 11, Types.VARCHAR);
        s.setTimestamp(offset + 12, now);
        s.setInt(offset + 13, event.position().transactionIndex());
        if (event instanceof OrderCreated e) {
            s.setString(offset + 5, "ORDER_CREATED");
            s.setString(offset + 7, e.seller());
            s.setString(offset + 8, e.token());
            s.setBigDecimal(offset + 9, new BigDecimal(e.amountBaseUnits()));
        } else if (event instanceof OrderLocked e) {
            s.setString(offset + 5, "ORDER_LOCKED");
            s.setString(offset + 7, e.buyer());
            s.setLong(offset + 10, e.lockExpiryEpochSeconds());
        } else if (event instanceof OrderReleased e) {
            s.setString(offset + 5, "ORDER_RELEASED");
            s.setString(offset + 7, e.buyer());
            s.setString(offset + 8, e.token());
            s.setBigDecimal(offset + 9, new BigDecimal(e.amountBaseUnits()));
        } else if (event instanceof OrderRefunded e) {
            s.setString(offset + 5, "ORDER_REFUNDED");
            s.setString(offset + 7, e.seller());
            s.setString(offset + 8, e.token());
            s.setBigDecimal(offset + 9, new BigDecimal(e.amountBaseUnits()));
        } else if (event instanceof DisputeOpened e) {
            s.setString(offset + 5, "DISPUTE_OPENED");
            s.setString(offset + 7, e.openedBy());
        } else if (event instanceof DisputeResolved e) {
            s.setString(offset + 5, "DISPUTE_RESOLVED");
            s.setString(offset + 7, e.arbiter());
            s.setString(offset + 11, e.winner());
        }
    }

    /** A journal write failed; the watcher's transaction rolls back and the batch is retried from the same cursor. */
    public static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
