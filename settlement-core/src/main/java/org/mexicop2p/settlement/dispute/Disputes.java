package org.mexicop2p.settlement.dispute;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.lifecycle.FactDetails;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.OrderEscrow;
import org.mexicop2p.settlement.lifecycle.OrderEscrows;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.payment.PaymentReceipt;
import org.mexicop2p.settlement.payment.PaymentReceiptRepository;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.reputation.Reputation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Disputes for operators: the disputed orders with their evidence (the order's timeline with each fact's source and
 * details, the chain events of its escrow, the parties' reputation), and the admin's decision, applied as a lifecycle
 * fact that records who decided and why. The receipts buyers submitted for the order, whatever their verdict, are part
 * of the evidence (newest {@value #MAX_RECEIPTS_SHOWN} of them, with the raw file as received).
 */
@Singleton
public class Disputes {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_DECIDED_BY_LENGTH = 100;
    /** The timeline keeps at most this much of any detail: a longer reason would be cut without a word. */
    public static final int MAX_REASON_LENGTH = FactDetails.MAX_VALUE_LENGTH;
    /**
     * Receipts shown per dispute: a buyer can submit many rejected receipts (each capped at 16 kB), and one view must
     * stay bounded; {@link DisputeView#receiptsSubmitted()} still says how many there were.
     */
    public static final int MAX_RECEIPTS_SHOWN = 50;

    /** One audit-trail step, with where the fact came from and its data (JSON object text). */
    public record TimelineStep(int seqNo, String event, OrderStatus status, String occurredAt, String source,
                               String details) {
    }

    /** A party of the escrow and its reputation. */
    public record Party(String address, int reputation) {
    }

    /** A disputed (or formerly disputed) order and everything an operator needs to decide it. */
    public record DisputeView(SettlementOrder order, Party seller, Party buyer, boolean flagged, String flagReason,
                              List<TimelineStep> timeline, List<Map<String, Object>> chainEvents,
                              long receiptsSubmitted, List<PaymentReceipt> receipts) {
    }

    private final OrderRepository orders;
    private final OrderEscrows escrows;
    private final OrderFacts facts;
    private final Reputation reputation;
    private final Optional<ChainEvidence> chain;
    private final PaymentReceiptRepository receipts;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;

    public Disputes(OrderRepository orders, OrderEscrows escrows, OrderFacts facts, Reputation reputation,
                    Optional<ChainEvidence> chain, PaymentReceiptRepository receipts, JdbcOperations jdbc,
                    TransactionOperations<Connection> tx) {
        this.orders = orders;
        this.escrows = escrows;
        this.facts = facts;
        this.reputation = reputation;
        this.chain = chain;
        this.receipts = receipts;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Orders in DISPUTED, oldest dispute first; {@code page} counts from 1. */
    public List<DisputeView> list(int page, int limit) {
        if (page < 1 || page > 100_000) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "page: from 1 to 100000");
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "limit: from 1 to " + MAX_PAGE_SIZE);
        }
        List<UUID> ids = tx.executeRead(status -> {
            List<UUID> found = new ArrayList<>();
            try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT id FROM settlement_order "
                    + "WHERE status = 'DISPUTED' ORDER BY updated_at, id LIMIT ? OFFSET ?")) {
                s.setInt(1, limit);
                s.setLong(2, (long) (page - 1) * limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return found;
        });
        return ids.stream().map(this::view).toList();
    }

    /** One order's dispute view; any order can be looked at (a resolved dispute stays readable). */
    public DisputeView get(String orderIdText) {
        return view(parseId(orderIdText));
    }

    /**
     * Applies an admin's decision. Refused with {@link Rejection#FORBIDDEN_IN_STATUS} when the order is not disputed
     * (or the decision does not apply in its status); nothing changes then.
     */
    public DisputeView resolve(String orderIdText, DisputeOutcome outcome, String decidedBy, String reason) {
        UUID id = parseId(orderIdText);
        requireText("decidedBy", decidedBy, MAX_DECIDED_BY_LENGTH);
        requireText("reason", reason, MAX_REASON_LENGTH);
        FactResult result = tx.executeWrite(status -> {
            // Under the order's row lock: one decision per dispute, so two operators cannot pay both parties.
            if (alreadyDecided(id)) {
                throw new RejectedException(Rejection.DISPUTE_ALREADY_DECIDED, "order " + id
                        + " was already decided; its payout is on its way");
            }
            return facts.apply(new OrderFact(id, outcome.input(), "admin:" + decidedBy,
                    Map.of(FactDetails.DECIDED_BY, decidedBy, FactDetails.REASON, reason, "outcome", outcome.name())));
        });
        switch (result.code()) {
            case UNKNOWN_ORDER -> throw new RejectedException(Rejection.NOT_FOUND, "no order " + orderIdText);
            case FORBIDDEN_IN_STATUS -> throw new RejectedException(Rejection.FORBIDDEN_IN_STATUS,
                    "order " + id + " is " + result.before() + "; " + outcome + " applies only to a disputed order");
            case APPLIED -> {
                // the decision is recorded; the payout follows from the effect outbox and the chain
            }
        }
        return view(id);
    }

    /**
     * Whether the disputed order's latest dispute step is already a payout decision (a no-fault retry is not one: it
     * hands the order back to the buyer's payment).
     */
    private boolean alreadyDecided(UUID id) throws SQLException {
        Connection c = jdbc.getConnection();
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT status FROM settlement_order WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, id);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !OrderStatus.DISPUTED.name().equals(rs.getString(1))) {
                    return false; // not disputed (or unknown): the lifecycle table refuses it with its own code
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT event FROM order_timeline WHERE order_id = ? AND "
                + "(event = 'DISPUTE_OPENED_SEEN' OR event LIKE 'ADMIN_%') ORDER BY seq_no DESC LIMIT 1")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1).startsWith("ADMIN_")
                        && !rs.getString(1).equals(DisputeOutcome.NO_FAULT_RETRY.input().name());
            }
        }
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, field + ": 1 to " + max + " characters");
        }
    }

    private DisputeView view(UUID id) {
        SettlementOrder order = orders.findById(id)
                .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND, "no order " + id));
        Optional<OrderEscrow> escrow = escrows.find(id);
        Party seller = escrow.map(OrderEscrow::seller).map(a -> new Party(a, reputation.score(a))).orElse(null);
        Party buyer = escrow.map(OrderEscrow::buyer).map(a -> new Party(a, reputation.score(a))).orElse(null);
        List<Map<String, Object>> events = chain.map(c -> c.eventsOf(order.escrowOrderId())).orElse(List.of());
        return new DisputeView(order, seller, buyer, escrow.map(OrderEscrow::flagged).orElse(false),
                escrow.map(OrderEscrow::flagReason).orElse(null), timeline(id), events, receipts.countByOrderId(id),
                receipts.findByOrderIdOrderByReceivedAtDesc(id, Pageable.from(0, MAX_RECEIPTS_SHOWN)));
    }

    private List<TimelineStep> timeline(UUID id) {
        return tx.executeRead(status -> {
            List<TimelineStep> steps = new ArrayList<>();
            try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT seq_no, event, status, "
                    + "occurred_at, source, details FROM order_timeline WHERE order_id = ? ORDER BY seq_no")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        steps.add(new TimelineStep(rs.getInt(1), rs.getString(2),
                                OrderStatus.valueOf(rs.getString(3)),
                                rs.getObject(4, OffsetDateTime.class).toInstant().toString(), rs.getString(5),
                                rs.getString(6)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read timeline of " + id + ": " + e.getMessage(), e);
            }
            return steps;
        });
    }

    private static UUID parseId(String text) {
        if (text != null && text.length() == 36) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                // an id that cannot exist is simply not found
            }
        }
        throw new RejectedException(Rejection.NOT_FOUND, "no order " + text);
    }
}
