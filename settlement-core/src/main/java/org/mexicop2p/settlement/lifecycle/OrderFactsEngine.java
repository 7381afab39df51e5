package org.mexicop2p.settlement.lifecycle;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.PartnerRepository;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.reputation.Reputation;
import org.mexicop2p.settlement.revenue.RevenueLedger;
import org.mexicop2p.settlement.webhook.WebhookEvent;
import org.mexicop2p.settlement.webhook.WebhookOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@link OrderFacts} of the engine: looks the pair up in {@link OrderLifecycle} and, in one transaction (the
 * caller's when there is one), locks the order row, compare-and-sets its status and version, appends the timeline
 * entry with the fact's source and details, records what the fact taught about the escrow (parties, lock expiry,
 * blocks, CEP), and carries out the transition's effects: webhook events into the {@link WebhookOutbox}, reputation,
 * revenue and review flags directly, money intents and timers into the {@code order_effect} outbox for the
 * {@link EffectRunner}. A refused pair is recorded in {@code refused_order_fact} and changes nothing else.
 */
@Singleton
public class OrderFactsEngine implements OrderFacts {

    private static final Logger LOG = LoggerFactory.getLogger(OrderFactsEngine.class);
    private static final int MAX_SOURCE_LENGTH = 300;
    /** The event queued when an order is created (it has no lifecycle input: creation is not a fact). */
    public static final String ORDER_CREATED = "order.created";

    /** For each timer input: the effects that schedule its timer and the one that cancels it (last). */
    private static final Map<OrderInput, List<Effect>> TIMER_EFFECTS = Map.of(
            OrderInput.DEPOSIT_TIMER_FIRED, List.of(Effect.SCHEDULE_DEPOSIT_TIMEOUT, Effect.CANCEL_DEPOSIT_TIMEOUT),
            OrderInput.LISTING_TIMER_FIRED, List.of(Effect.SCHEDULE_LISTING_TIMEOUT, Effect.CANCEL_LISTING_TIMEOUT),
            OrderInput.LOCK_TIMER_FIRED, List.of(Effect.SCHEDULE_LOCK_EXPIRY, Effect.SCHEDULE_FRESH_LOCK_WINDOW,
                    Effect.CANCEL_LOCK_EXPIRY));

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> tx;
    private final OrderRepository orders;
    private final PartnerRepository partners;
    private final OrderEscrows escrows;
    private final WebhookOutbox webhooks;
    private final Reputation reputation;
    private final RevenueLedger revenue;
    private final LifecycleSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    public OrderFactsEngine(JdbcOperations jdbc, TransactionOperations<Connection> tx, OrderRepository orders,
                            PartnerRepository partners, OrderEscrows escrows, WebhookOutbox webhooks,
                            Reputation reputation, RevenueLedger revenue, LifecycleSettings settings,
                            JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.orders = orders;
        this.partners = partners;
        this.escrows = escrows;
        this.webhooks = webhooks;
        this.reputation = reputation;
        this.revenue = revenue;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public FactResult apply(OrderFact fact) {
        Map<String, String> details = bounded(fact.details());
        String source = cut(fact.source(), MAX_SOURCE_LENGTH);
        return tx.executeWrite(status -> {
            try {
                return applyLocked(fact, source, details);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot apply " + fact.input() + " to order " + fact.orderId()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * The lifecycle's part of order creation, in the creating transaction: the escrow record, the deposit timeout
     * (written to the effect outbox against the creation's timeline entry {@code createdSeq}) and {@code order.created}.
     */
    public void orderCreated(SettlementOrder order, int createdSeq) {
        Instant now = order.createdAt();
        try {
            escrows.create(order.id(), now);
            EffectOutbox.insert(jdbc.getConnection(), order.id(), createdSeq, Effect.SCHEDULE_DEPOSIT_TIMEOUT,
                    now.plus(settings.depositTimeout()), null, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up order " + order.id() + ": " + e.getMessage(), e);
        }
        webhooks.enqueue(new WebhookEvent(order.partnerId(), ORDER_CREATED, order.id().toString(),
                OrderEventData.of(order, order.status(), null, null, Map.of(), now)));
    }

    private FactResult applyLocked(OrderFact fact, String source, Map<String, String> details) throws SQLException {
        Connection c = jdbc.getConnection();
        OrderStatus current;
        long version;
        // The row lock serializes facts about one order; the compare-and-set below is the backstop.
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT status, version FROM settlement_order WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, fact.orderId());
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return new FactResult(FactResult.Code.UNKNOWN_ORDER, null, null);
                }
                current = OrderStatus.valueOf(rs.getString(1));
                version = rs.getLong(2);
            }
        }
        Instant now = clock.instant();
        Optional<Transition> row = OrderLifecycle.find(current, fact.input());
        if (row.isEmpty()) {
            refuse(c, fact, current, source, details, now);
            return new FactResult(FactResult.Code.FORBIDDEN_IN_STATUS, current, current);
        }
        if (timerCancelled(c, fact)) {
            refuse(c, fact, current, source, details, now);
            return new FactResult(FactResult.Code.TIMER_CANCELLED, current, current);
        }
        Transition transition = row.get();
        try (PreparedStatement cas = c.prepareStatement("UPDATE settlement_order SET status = ?, version = ?, "
                + "updated_at = ? WHERE id = ? AND status = ? AND version = ?")) {
            cas.setString(1, transition.to().name());
            cas.setLong(2, version + 1);
            cas.setObject(3, utc(now));
            cas.setObject(4, fact.orderId());
            cas.setString(5, current.name());
            cas.setLong(6, version);
            if (cas.executeUpdate() != 1) {
                // Cannot happen under the row lock; if it does, roll everything back rather than guess.
                throw new IllegalStateException("order " + fact.orderId() + " changed under its row lock");
            }
        }
        int seq = appendTimeline(c, fact, transition.to(), source, details, now);
        OrderEscrow escrow = escrows.learn(fact.orderId(), fact.input(), details, now);
        SettlementOrder order = orders.findById(fact.orderId()).orElseThrow();
        for (Effect effect : transition.effects()) {
            carryOut(c, effect, fact, transition, order, escrow, seq, details, now);
        }
        LOG.info("order {}: {} on {} -> {} ({})", fact.orderId(), current, fact.input(), transition.to(), source);
        return new FactResult(FactResult.Code.APPLIED, current, transition.to());
    }

    private void carryOut(Connection c, Effect effect, OrderFact fact, Transition transition, SettlementOrder order,
                          OrderEscrow escrow, int seq, Map<String, String> details, Instant now) throws SQLException {
        if (effect.webhookEvent().isPresent()) {
            webhooks.enqueue(new WebhookEvent(order.partnerId(), effect.webhookEvent().get(), order.id().toString(),
                    OrderEventData.of(order, transition.to(), escrow, fact.input(), details, now)));
            return;
        }
        switch (effect) {
            case PENALIZE_SELLER -> penalize(escrow.seller(), order, "lost the dispute: " + fact.input(), now);
            case PENALIZE_BUYER -> penalize(escrow.buyer(), order, "lost the dispute: " + fact.input(), now);
            case BOOK_REVENUE -> {
                Tier tier = partners.findById(order.partnerId()).orElseThrow().tier();
                revenue.book(order, tier, now);
            }
            case FLAG_FOR_REVIEW -> escrows.flag(order.id(), fact.input().name(), now);
            case SEND_CRYPTO_TO_BUYER, RETURN_CRYPTO_TO_SELLER -> EffectOutbox.insert(c, order.id(), seq, effect, null,
                    escrow, now);
            case CANCEL_DEPOSIT_TIMEOUT, CANCEL_LISTING_TIMEOUT, CANCEL_LOCK_EXPIRY ->
                    EffectOutbox.insert(c, order.id(), seq, effect, null, null, now);
            case SCHEDULE_DEPOSIT_TIMEOUT -> EffectOutbox.insert(c, order.id(), seq, effect,
                    now.plus(settings.depositTimeout()), null, now);
            case SCHEDULE_LISTING_TIMEOUT -> EffectOutbox.insert(c, order.id(), seq, effect,
                    now.plus(settings.listingTimeout()), null, now);
            case SCHEDULE_LOCK_EXPIRY -> EffectOutbox.insert(c, order.id(), seq, effect,
                    lockDeadline(escrow, now), null, now);
            case SCHEDULE_FRESH_LOCK_WINDOW -> EffectOutbox.insert(c, order.id(), seq, effect,
                    now.plus(LifecycleSettings.FRESH_LOCK_WINDOW), null, now);
            default -> throw new IllegalStateException("effect " + effect + " has no handler");
        }
    }

    /**
     * Whether {@code fact} is a timer fire whose timer a committed transition has cancelled since it was last
     * scheduled. Cancelling reaches Quartz only when the effect runner gets to it, so a timer can still fire in
     * between; when the transition kept the status (a mismatched deposit stays PENDING_DEPOSIT while its refund runs),
     * the table alone would accept the stale fire. The outbox rows are the order's own record of what was decided, in
     * commit order, and are read under the order's row lock.
     */
    private static boolean timerCancelled(Connection c, OrderFact fact) throws SQLException {
        List<Effect> timerEffects = TIMER_EFFECTS.get(fact.input());
        if (timerEffects == null) {
            return false;
        }
        try (PreparedStatement latest = c.prepareStatement("SELECT effect FROM order_effect WHERE order_id = ? "
                + "AND effect IN (" + String.join(", ", Collections.nCopies(timerEffects.size(), "?"))
                + ") ORDER BY id DESC LIMIT 1")) {
            latest.setObject(1, fact.orderId());
            for (int i = 0; i < timerEffects.size(); i++) {
                latest.setString(i + 2, timerEffects.get(i).name());
            }
            try (ResultSet rs = latest.executeQuery()) {
                return rs.next() && rs.getString(1).startsWith("CANCEL_");
            }
        }
    }

    /** The lock's on-chain expiry plus grace; a lock without a known expiry gets the grace from now. */
    private Instant lockDeadline(OrderEscrow escrow, Instant now) {
        Instant expiry = escrow.lockExpiryAt() == null ? now : escrow.lockExpiryAt();
        return expiry.plus(settings.lockGrace());
    }

    private void penalize(String address, SettlementOrder order, String reason, Instant now) {
        if (address == null) {
            // Only possible if the chain never showed the party; the timeline still records the decision.
            LOG.warn("order {}: no on-chain address to penalize ({})", order.id(), reason);
            return;
        }
        reputation.penalize(address, order.id(), reason, now);
    }

    private int appendTimeline(Connection c, OrderFact fact, OrderStatus to, String source,
                               Map<String, String> details, Instant now) throws SQLException {
        int seq;
        try (PreparedStatement max = c.prepareStatement(
                "SELECT COALESCE(MAX(seq_no), 0) FROM order_timeline WHERE order_id = ?")) {
            max.setObject(1, fact.orderId());
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO order_timeline (id, order_id, seq_no, event, "
                + "status, occurred_at, source, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, fact.orderId());
            insert.setInt(3, seq);
            insert.setString(4, fact.input().name());
            insert.setString(5, to.name());
            insert.setObject(6, utc(now));
            insert.setString(7, source);
            insert.setString(8, toJson(details));
            insert.executeUpdate();
        }
        return seq;
    }

    private void refuse(Connection c, OrderFact fact, OrderStatus current, String source,
                        Map<String, String> details, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO refused_order_fact (order_id, input, status, "
                + "source, details, refused_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, fact.orderId());
            insert.setString(2, fact.input().name());
            insert.setString(3, current.name());
            insert.setString(4, source);
            insert.setString(5, toJson(details));
            insert.setObject(6, utc(now));
            insert.executeUpdate();
        }
        LOG.info("order {}: refused {} in {} ({})", fact.orderId(), fact.input(), current, source);
    }

    private String toJson(Map<String, String> details) {
        try {
            return json.writeValueAsString(new TreeMap<>(details));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write fact details as JSON", e);
        }
    }

    /** At most {@link FactDetails#MAX_ENTRIES} entries, each value cut to {@link FactDetails#MAX_VALUE_LENGTH}. */
    private static Map<String, String> bounded(Map<String, String> details) {
        if (details.size() > FactDetails.MAX_ENTRIES) {
            throw new IllegalArgumentException("a fact carries at most " + FactDetails.MAX_ENTRIES + " details");
        }
        Map<String, String> copy = new TreeMap<>();
        details.forEach((k, v) -> copy.put(cut(k, 64), cut(v, FactDetails.MAX_VALUE_LENGTH)));
        return copy;
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
