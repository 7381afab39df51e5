package org.mexicop2p.settlement.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static org.mexicop2p.settlement.lifecycle.OrderFactsEngine.utc;

/**
 * The {@code order_effect} outbox: effects that reach outside the database (chain commands, Quartz timers), written in
 * the transition's transaction and carried out after commit by the {@link EffectRunner}.
 */
final class EffectOutbox {

    /**
     * States of one effect row; the runner records INITIATED before the external call and the outcome after it.
     * SUPERSEDED: a money effect that was not carried out because the escrow changed after it was decided.
     */
    enum State { PENDING, INITIATED, COMPLETED, FAILED, SUPERSEDED }

    private EffectOutbox() {
    }

    /**
     * Writes one effect. {@code decidedFor} is the escrow a money effect was decided for (null for timers): the runner
     * carries it out only while the escrow still has that buyer, that lock and that dispute state.
     */
    static void insert(Connection c, UUID orderId, int timelineSeq, Effect effect, Instant fireAt,
                       OrderEscrow decidedFor, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO order_effect (order_id, timeline_seq, effect, "
                + "fire_at, status, attempts, run_after, created_at, updated_at, escrow_buyer, escrow_lock_block_hash, "
                + "escrow_disputed) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, orderId);
            insert.setInt(2, timelineSeq);
            insert.setString(3, effect.name());
            insert.setObject(4, fireAt == null ? null : utc(fireAt));
            insert.setString(5, State.PENDING.name());
            insert.setObject(6, utc(now));
            insert.setObject(7, utc(now));
            insert.setObject(8, utc(now));
            insert.setString(9, decidedFor == null ? null : decidedFor.buyer());
            insert.setString(10, decidedFor == null ? null : decidedFor.lockBlockHash());
            insert.setObject(11, decidedFor == null ? null : decidedFor.disputedOnChain());
            insert.executeUpdate();
        }
    }
}
