package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.CommandOutcome;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.timer.OrderTimers;
import org.mexicop2p.settlement.timer.TimerKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.mexicop2p.settlement.lifecycle.OrderFactsEngine.utc;

/**
 * Carries out the {@code order_effect} outbox after commit, Kill Bill style: each row is marked INITIATED (committed)
 * before its external call and COMPLETED, FAILED or back to PENDING (with back-off) after it. An order's effects run
 * strictly in the order they were written. A money effect whose escrow changed since it was decided (a new lock, a
 * dispute opened on-chain) is SUPERSEDED instead of sent: the fact that changed it decides what happens next. Every
 * effect is idempotent, so a row left INITIATED by a crash is simply run again once it is older than
 * {@code mp2p.lifecycle.effect-stuck-after-ms}: the gateway answers {@code ALREADY_REQUESTED} for a command it
 * recorded, and scheduling a timer again replaces it.
 */
@Singleton
@Requires(beans = EscrowCommands.class)
public class EffectRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EffectRunner.class);
    /** Rows handled per pass, so one pass is bounded in time. */
    static final int BATCH = 50;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int MAX_DETAIL = 500;

    /** The row as the runner claimed it; a money effect also carries the escrow it was decided for. */
    private record Due(long id, UUID orderId, Effect effect, Instant fireAt, String state, int attempts,
                       DecidedFor decidedFor) {
    }

    /** The escrow's buyer, lock and dispute state when a money effect was decided. */
    private record DecidedFor(String buyer, String lockBlockHash, boolean disputedOnChain) {

        /** Why {@code now} is not the escrow this was decided for, or null when it still is. */
        String changeIn(OrderEscrow now) {
            if (disputedOnChain != now.disputedOnChain()) {
                return "a dispute was opened on-chain after it was decided; an admin decides the payout";
            }
            if (!Objects.equals(buyer, now.buyer()) || !Objects.equals(lockBlockHash, now.lockBlockHash())) {
                return "the escrow's lock changed after it was decided (buyer " + (buyer == null ? "none" : buyer)
                        + " then, " + (now.buyer() == null ? "none" : now.buyer()) + " now)";
            }
            return null;
        }
    }

    /** What one external call came to. */
    private record Outcome(EffectOutbox.State state, String detail) {
    }

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;
    private final OrderRepository orders;
    private final OrderEscrows escrows;
    private final EscrowCommands escrow;
    private final OrderTimers timers;
    private final Clock clock;
    private final Duration stuckAfter;

    public EffectRunner(JdbcOperations jdbc, TransactionOperations<Connection> tx, OrderRepository orders,
                        OrderEscrows escrows, EscrowCommands escrow, OrderTimers timers, Clock clock,
                        @Value("${mp2p.lifecycle.effect-stuck-after-ms:60000}") long stuckAfterMs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.orders = orders;
        this.escrows = escrows;
        this.escrow = escrow;
        this.timers = timers;
        this.clock = clock;
        this.stuckAfter = Duration.ofMillis(stuckAfterMs);
    }

    /** Runs the effects that are due (at most {@link #BATCH}); returns how many were attempted. */
    public synchronized int runDue() {
        List<Due> due = tx.executeRead(status -> findDue(clock.instant()));
        int attempted = 0;
        for (Due row : due) {
            if (!claim(row)) {
                continue; // another daemon took it
            }
            attempted++;
            Outcome outcome;
            try {
                outcome = execute(row);
            } catch (RuntimeException e) {
                // Not a business answer: the outside world or our database hiccuped. Try again later.
                LOG.warn("effect {} of order {} failed; retrying", row.effect(), row.orderId(), e);
                outcome = new Outcome(EffectOutbox.State.PENDING, "error: " + e.getMessage());
            }
            record(row, outcome);
        }
        return attempted;
    }

    private List<Due> findDue(Instant now) {
        List<Due> due = new ArrayList<>();
        // Strict order per order: a row waits while an earlier row of its order is unfinished.
        try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT e.id, e.order_id, e.effect, "
                + "e.fire_at, e.status, e.attempts, e.escrow_buyer, e.escrow_lock_block_hash, e.escrow_disputed "
                + "FROM order_effect e WHERE ((e.status = 'PENDING' AND "
                + "e.run_after <= ?) OR (e.status = 'INITIATED' AND e.updated_at <= ?)) AND NOT EXISTS (SELECT 1 "
                + "FROM order_effect p WHERE p.order_id = e.order_id AND p.id < e.id AND p.status IN "
                + "('PENDING', 'INITIATED')) ORDER BY e.id LIMIT " + BATCH)) {
            s.setObject(1, utc(now));
            s.setObject(2, utc(now.minus(stuckAfter)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime fireAt = rs.getObject(4, OffsetDateTime.class);
                    boolean disputed = rs.getBoolean(9);
                    DecidedFor decidedFor = rs.wasNull() ? null : new DecidedFor(rs.getString(7), rs.getString(8),
                            disputed);
                    due.add(new Due(rs.getLong(1), rs.getObject(2, UUID.class), Effect.valueOf(rs.getString(3)),
                            fireAt == null ? null : fireAt.toInstant(), rs.getString(5), rs.getInt(6), decidedFor));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the effect outbox: " + e.getMessage(), e);
        }
        return due;
    }

    /** Commits INITIATED before the external call; false when another runner changed the row first. */
    private boolean claim(Due row) {
        return tx.executeWrite(status -> {
            try (PreparedStatement u = jdbc.getConnection().prepareStatement("UPDATE order_effect SET status = "
                    + "'INITIATED', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = ? "
                    + "AND attempts = ?")) {
                u.setObject(1, utc(clock.instant()));
                u.setLong(2, row.id());
                u.setString(3, row.state());
                u.setInt(4, row.attempts());
                return u.executeUpdate() == 1;
            }
        });
    }

    private void record(Due row, Outcome outcome) {
        Instant now = clock.instant();
        Instant runAfter = now.plus(backoff(row.attempts() + 1));
        tx.executeWrite(status -> {
            try (PreparedStatement u = jdbc.getConnection().prepareStatement("UPDATE order_effect SET status = ?, "
                    + "run_after = ?, detail = ?, updated_at = ? WHERE id = ? AND status = 'INITIATED'")) {
                u.setString(1, outcome.state().name());
                u.setObject(2, utc(runAfter));
                String detail = outcome.detail();
                u.setString(3, detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL)
                        : detail);
                u.setObject(4, utc(now));
                u.setLong(5, row.id());
                u.executeUpdate();
            }
            if (outcome.state() == EffectOutbox.State.FAILED) {
                escrows.flag(row.orderId(), row.effect() + " failed: " + outcome.detail(), now);
            }
            return null;
        });
        LOG.info("effect {} of order {}: {} {}", row.effect(), row.orderId(), outcome.state(), outcome.detail());
    }

    /** 2, 4, 8 ... seconds, at most five minutes. */
    private static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts, 16);
        return seconds > MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    private Outcome execute(Due row) {
        return switch (row.effect()) {
            case SCHEDULE_DEPOSIT_TIMEOUT -> schedule(row, TimerKind.DEPOSIT_TIMEOUT);
            case SCHEDULE_LISTING_TIMEOUT -> schedule(row, TimerKind.LISTING_TIMEOUT);
            case SCHEDULE_LOCK_EXPIRY, SCHEDULE_FRESH_LOCK_WINDOW -> schedule(row, TimerKind.LOCK_EXPIRY);
            case CANCEL_DEPOSIT_TIMEOUT -> cancel(row, TimerKind.DEPOSIT_TIMEOUT);
            case CANCEL_LISTING_TIMEOUT -> cancel(row, TimerKind.LISTING_TIMEOUT);
            case CANCEL_LOCK_EXPIRY -> cancel(row, TimerKind.LOCK_EXPIRY);
            case SEND_CRYPTO_TO_BUYER -> sendToBuyer(row);
            case RETURN_CRYPTO_TO_SELLER -> returnToSeller(row);
            default -> new Outcome(EffectOutbox.State.FAILED, "not an outbox effect: " + row.effect());
        };
    }

    private Outcome schedule(Due row, TimerKind kind) {
        timers.schedule(row.orderId(), kind, row.fireAt());
        return new Outcome(EffectOutbox.State.COMPLETED, kind + " at " + row.fireAt());
    }

    private Outcome cancel(Due row, TimerKind kind) {
        timers.cancel(row.orderId(), kind);
        return new Outcome(EffectOutbox.State.COMPLETED, kind + " cancelled");
    }

    private Outcome sendToBuyer(Due row) {
        Parties parties = parties(row);
        Outcome superseded = superseded(row, parties);
        if (superseded != null) {
            return superseded;
        }
        if (parties.escrow().disputedOnChain()) {
            return outcome(escrow.resolveDispute(parties.order(), DisputeWinner.BUYER));
        }
        if (parties.escrow().cepReplayKey() == null) {
            return new Outcome(EffectOutbox.State.FAILED, "no verified CEP to prove the release with");
        }
        return outcome(escrow.release(parties.order(), parties.escrow().cepReplayKey()));
    }

    private Outcome returnToSeller(Due row) {
        Parties parties = parties(row);
        Outcome superseded = superseded(row, parties);
        if (superseded != null) {
            return superseded;
        }
        if (parties.escrow().disputedOnChain()) {
            return outcome(escrow.resolveDispute(parties.order(), DisputeWinner.SELLER));
        }
        return outcome(escrow.refund(parties.order()));
    }

    /**
     * A money effect runs only for the escrow it was decided for. Otherwise the later fact decides: the new lock has
     * its own expiry timer, and an open dispute waits for an admin.
     */
    private static Outcome superseded(Due row, Parties parties) {
        if (row.decidedFor() == null) {
            return new Outcome(EffectOutbox.State.FAILED, "no record of the escrow this was decided for");
        }
        String change = row.decidedFor().changeIn(parties.escrow());
        return change == null ? null : new Outcome(EffectOutbox.State.SUPERSEDED, "superseded: " + change);
    }

    private record Parties(EscrowOrder order, OrderEscrow escrow) {
    }

    private Parties parties(Due row) {
        return tx.executeRead(status -> {
            SettlementOrder order = orders.findById(row.orderId()).orElseThrow();
            OrderEscrow state = escrows.find(row.orderId()).orElseThrow(() ->
                    new IllegalStateException("order " + row.orderId() + " has no escrow record"));
            // Before a lock there is no buyer; the contract's zero address stands for "none".
            String buyer = state.buyer() == null ? "0x0" : state.buyer();
            String seller = state.seller() == null ? "0x0" : state.seller();
            // The escrow holds what the seller deposited, which differs from the order's terms after a mismatch.
            String token = state.depositToken() == null ? order.tokenAddress() : state.depositToken();
            BigInteger amount = state.depositAmountBaseUnits() == null ? order.tokenBaseUnits()
                    : state.depositAmountBaseUnits();
            return new Parties(new EscrowOrder(order.escrowOrderId(), seller, buyer, token, amount), state);
        });
    }

    /** The gateway's answer as an outbox state: accepted/known commands are done, a down node is retried. */
    private static Outcome outcome(CommandOutcome outcome) {
        String detail = outcome.result() + (outcome.command() == null ? ""
                : " " + outcome.command().kind() + " " + outcome.command().status()
                + (outcome.command().transactionHash() == null ? "" : " tx " + outcome.command().transactionHash()));
        return switch (outcome.result()) {
            case ACCEPTED, ALREADY_REQUESTED -> new Outcome(EffectOutbox.State.COMPLETED, detail);
            case NODE_UNAVAILABLE, NOT_CONFIGURED, NOT_LEADER -> new Outcome(EffectOutbox.State.PENDING, detail);
            case CONFLICTING_PROOF, INVALID_ORDER, INVALID_REPLAY_KEY, PROOF_ALREADY_USED, ORDER_STATE_FORBIDS,
                 ORDER_MISMATCH -> new Outcome(EffectOutbox.State.FAILED, detail);
        };
    }
}
