package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.order.OrderService;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerService;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.quote.FeeRecipient;
import org.mexicop2p.settlement.quote.Quote;
import org.mexicop2p.settlement.quote.QuoteService;
import org.mexicop2p.settlement.reputation.Reputation;
import org.mexicop2p.settlement.revenue.RevenueLedger;
import org.mexicop2p.settlement.timer.OrderTimers;
import org.mexicop2p.settlement.timer.TimerKind;
import org.mexicop2p.settlement.user.UserService;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle engine against a real database: facts through {@link OrderFacts}, effects through the outbox runner,
 * timers on Quartz. The gateway is the recording one (the sandbox-node tests drive the real gateway).
 */
@DatabaseTest
class LifecycleEngineTest {

    private static final String CLABE = "012180004643051249";
    private static final String SELLER = "0x5e11e4";
    private static final String BUYER = "0xb0b";
    private static final String CEP_KEY = "ab".repeat(32);

    private ApplicationContext ctx;

    @BeforeEach
    void resetGateway() {
        RecordingEscrowCommands.reset();
    }

    private static Map<String, Object> properties(TestDatabase db, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(db.micronautProperties());
        p.put("flyway.datasources.default.enabled", "true");
        p.put("test.lifecycle", "true");
        // the tests run the outbox themselves, so "between commit and effect" is a place they can stop at
        p.put("mp2p.lifecycle.effects-enabled", "false");
        p.put("mp2p.timers.cluster-checkin-interval-ms", "1000");
        p.put("mp2p.chain.escrow-address", "0x21b47dd0cf4a1b9a5d8ca8e04d4b29056146c6938f9604d87cf0418c1ec8632");
        p.put("mp2p.chain.tokens.usdc", "0x53c91253bc9682c04929ca02ed00b3e423f6710d2ee7e0d5ebb06f3ecf368a8");
        p.put("mp2p.chain.tokens.usdt", "0x68f5c6a61780768455de69077e07e89787839bf8166decfbf92b645209c0fb8");
        p.putAll(extra);
        return p;
    }

    private ApplicationContext start(TestDatabase db, Map<String, Object> extra) {
        return ApplicationContext.run(properties(db, extra));
    }

    private static SettlementOrder newOrder(ApplicationContext ctx, Tier tier) {
        Partner partner = ctx.getBean(PartnerService.class).onboard("Partner " + UUID.randomUUID(), tier,
                KycModel.PARTNER_MANAGED, List.of()).partner();
        ctx.getBean(UserService.class).register(partner, "user-1", null);
        Quote quote = ctx.getBean(QuoteService.class).create(partner, "user-1", new BigDecimal("100"), Token.USDC,
                new BigDecimal("1.5"), FeeRecipient.PARTNER);
        return ctx.getBean(OrderService.class).create(partner, quote.id().toString(), "user-1", CLABE).order();
    }

    private static FactResult apply(ApplicationContext ctx, UUID orderId, OrderInput input, Map<String, String> details) {
        return ctx.getBean(OrderFacts.class).apply(new OrderFact(orderId, input, "test:" + input, details));
    }

    private static void deposit(ApplicationContext ctx, UUID orderId) {
        assertEquals(FactResult.Code.APPLIED, apply(ctx, orderId, OrderInput.DEPOSIT_SEEN,
                Map.of(FactDetails.SELLER, SELLER, FactDetails.BLOCK_HASH, "0xd1")).code());
    }

    private static void lock(ApplicationContext ctx, UUID orderId, Instant expiry) {
        assertEquals(FactResult.Code.APPLIED, apply(ctx, orderId, OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER,
                BUYER, FactDetails.LOCK_EXPIRY_EPOCH_SECONDS, Long.toString(expiry.getEpochSecond()),
                FactDetails.BLOCK_HASH, "0x10c")).code());
    }

    private static void runEffects(ApplicationContext ctx) {
        EffectRunner runner = ctx.getBean(EffectRunner.class);
        while (runner.runDue() > 0) {
            Thread.onSpinWait();
        }
    }

    private static OrderStatus status(ApplicationContext ctx, UUID orderId) {
        return sql(ctx, "SELECT status FROM settlement_order WHERE id = ?", orderId, rs -> OrderStatus.valueOf(
                rs.getString(1))).get(0);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> sql(ApplicationContext ctx, String query, Object parameter, Row<T> row) {
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        JdbcOperations jdbc = ctx.getBean(JdbcOperations.class);
        return tx.executeRead(status -> {
            List<T> rows = new ArrayList<>();
            try (PreparedStatement s = jdbc.getConnection().prepareStatement(query)) {
                s.setObject(1, parameter);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                }
            }
            return rows;
        });
    }

    @Test
    void theHappyPathRunsFromCreationToCompletedWithEveryEffect() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            RecordingWebhookOutbox webhooks = ctx.getBean(RecordingWebhookOutbox.class);
            OrderTimers timers = ctx.getBean(OrderTimers.class);
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            UUID id = order.id();
            assertEquals(List.of("order.created"), webhooks.typesFor(id.toString()));
            runEffects(ctx);
            assertTrue(timers.nextFire(id, TimerKind.DEPOSIT_TIMEOUT).isPresent());

            deposit(ctx, id);
            runEffects(ctx);
            assertEquals(OrderStatus.ACTIVE, status(ctx, id));
            assertTrue(timers.nextFire(id, TimerKind.DEPOSIT_TIMEOUT).isEmpty());
            assertTrue(timers.nextFire(id, TimerKind.LISTING_TIMEOUT).isPresent());

            Instant expiry = Instant.now().plus(Duration.ofHours(2));
            lock(ctx, id, expiry);
            runEffects(ctx);
            assertEquals(OrderStatus.LOCKED, status(ctx, id));
            assertTrue(timers.nextFire(id, TimerKind.LISTING_TIMEOUT).isEmpty());
            // lock expiry plus the default 5-minute grace
            assertEquals(expiry.getEpochSecond() + 300,
                    timers.nextFire(id, TimerKind.LOCK_EXPIRY).orElseThrow().getEpochSecond());

            FactResult paid = apply(ctx, id, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
            assertEquals(new FactResult(FactResult.Code.APPLIED, OrderStatus.LOCKED, OrderStatus.PENDING_RELEASE),
                    paid);
            assertTrue(RecordingEscrowCommands.SENT.isEmpty(), "nothing leaves before the outbox runs");
            runEffects(ctx);
            assertTrue(timers.nextFire(id, TimerKind.LOCK_EXPIRY).isEmpty());
            List<RecordingEscrowCommands.Sent> sent = RecordingEscrowCommands.sentFor(order.escrowOrderId());
            assertEquals(1, sent.size());
            assertEquals(CommandKind.RELEASE, sent.get(0).kind());
            assertEquals(CEP_KEY, sent.get(0).cepReplayKey());
            assertEquals(BUYER, sent.get(0).order().buyer());
            assertEquals(SELLER, sent.get(0).order().seller());
            assertEquals(order.tokenBaseUnits(), sent.get(0).order().amountBaseUnits());

            apply(ctx, id, OrderInput.RELEASE_SEEN, Map.of(FactDetails.BUYER, BUYER));
            assertEquals(OrderStatus.COMPLETED, status(ctx, id));
            assertEquals(List.of("order.created", "order.deposit_confirmed", "order.locked",
                    "order.payment_verified", "order.completed"), webhooks.typesFor(id.toString()));
            Map<String, Object> completed = webhooks.events.get(webhooks.events.size() - 1).data();
            assertEquals(id.toString(), completed.get("orderId"));
            assertEquals("COMPLETED", completed.get("status"));
            assertEquals(order.escrowOrderId(), completed.get("escrowOrderId"));
            assertEquals(BUYER, completed.get("buyer"));

            // 100 USDC at 17.25 = 1725.00 MXN, fee 1.5 % = 25.88, Free tier share 30 % of 25.88 = 7.764 -> 7.76
            List<RevenueLedger.Entry> revenue = ctx.getBean(RevenueLedger.class).entries(order.partnerId(),
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
            assertEquals(1, revenue.size());
            assertEquals(2588, revenue.get(0).feeCentavos());
            assertEquals(776, revenue.get(0).platformShareCentavos());
            assertEquals(1812, revenue.get(0).partnerRevenueCentavos());

            List<String> timeline = sql(ctx, "SELECT event || '>' || status || '@' || COALESCE(source, '-') FROM "
                    + "order_timeline WHERE order_id = ? ORDER BY seq_no", id, rs -> rs.getString(1));
            assertEquals(List.of("ORDER_CREATED>PENDING_DEPOSIT@-", "DEPOSIT_SEEN>ACTIVE@test:DEPOSIT_SEEN",
                    "LOCK_SEEN>LOCKED@test:LOCK_SEEN", "PAYMENT_VERIFIED>PENDING_RELEASE@test:PAYMENT_VERIFIED",
                    "RELEASE_SEEN>COMPLETED@test:RELEASE_SEEN"), timeline);
        }
    }

    @Test
    void aForbiddenPairIsRecordedAndChangesNothing() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            RecordingWebhookOutbox webhooks = ctx.getBean(RecordingWebhookOutbox.class);
            UUID id = newOrder(ctx, Tier.FREE).id();
            long version = sql(ctx, "SELECT version FROM settlement_order WHERE id = ?", id, rs -> rs.getLong(1))
                    .get(0);

            FactResult result = apply(ctx, id, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY,
                    CEP_KEY));

            assertEquals(new FactResult(FactResult.Code.FORBIDDEN_IN_STATUS, OrderStatus.PENDING_DEPOSIT,
                    OrderStatus.PENDING_DEPOSIT), result);
            assertEquals(OrderStatus.PENDING_DEPOSIT, status(ctx, id));
            assertEquals(version, sql(ctx, "SELECT version FROM settlement_order WHERE id = ?", id,
                    rs -> rs.getLong(1)).get(0));
            assertEquals(List.of("PAYMENT_VERIFIED/PENDING_DEPOSIT/test:PAYMENT_VERIFIED"), sql(ctx,
                    "SELECT input || '/' || status || '/' || source FROM refused_order_fact WHERE order_id = ?", id,
                    rs -> rs.getString(1)));
            assertEquals(1, sql(ctx, "SELECT COUNT(*) FROM order_timeline WHERE order_id = ?", id,
                    rs -> rs.getInt(1)).get(0));
            assertEquals(List.of("order.created"), webhooks.typesFor(id.toString()));
            assertNull(sql(ctx, "SELECT cep_replay_key FROM order_escrow WHERE order_id = ?", id,
                    rs -> rs.getString(1)).get(0));
            assertEquals(FactResult.Code.UNKNOWN_ORDER,
                    apply(ctx, UUID.randomUUID(), OrderInput.DEPOSIT_SEEN, Map.of()).code());
        }
    }

    @Test
    void aMismatchedDepositIsFlaggedAndRefundedNeverActivated() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            FactResult result = apply(ctx, order.id(), OrderInput.MISMATCHED_DEPOSIT_SEEN,
                    Map.of(FactDetails.SELLER, SELLER, "amount", "1"));
            runEffects(ctx);

            assertEquals(OrderStatus.PENDING_DEPOSIT, result.after());
            assertEquals(List.of(true), sql(ctx, "SELECT flagged FROM order_escrow WHERE order_id = ?", order.id(),
                    rs -> rs.getBoolean(1)));
            List<RecordingEscrowCommands.Sent> sent = RecordingEscrowCommands.sentFor(order.escrowOrderId());
            assertEquals(1, sent.size());
            assertEquals(CommandKind.REFUND, sent.get(0).kind());
            assertTrue(ctx.getBean(OrderTimers.class).nextFire(order.id(), TimerKind.DEPOSIT_TIMEOUT).isEmpty());
            apply(ctx, order.id(), OrderInput.REFUND_SEEN, Map.of());
            assertEquals(OrderStatus.REFUNDED, status(ctx, order.id()));
        }
    }

    @Test
    void aTimerThatFiresBeforeItsCommittedCancellationReachesQuartzIsRefused() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            runEffects(ctx); // the deposit timeout is on Quartz
            assertEquals(FactResult.Code.APPLIED, apply(ctx, order.id(), OrderInput.MISMATCHED_DEPOSIT_SEEN,
                    Map.of(FactDetails.SELLER, SELLER, "amount", "1")).code());
            // The refund and the cancellation wait in the outbox (a busy runner, found by the end-to-end suite) while
            // the deadline passes and Quartz fires the timer.
            ctx.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.DEPOSIT_TIMEOUT, Instant.now());

            assertEquals(OrderStatus.PENDING_DEPOSIT, status(ctx, order.id()));
            assertEquals(List.of("DEPOSIT_TIMER_FIRED/PENDING_DEPOSIT/timer:DEPOSIT_TIMEOUT"), sql(ctx,
                    "SELECT input || '/' || status || '/' || source FROM refused_order_fact WHERE order_id = ?",
                    order.id(), rs -> rs.getString(1)));
            assertEquals(new FactResult(FactResult.Code.TIMER_CANCELLED, OrderStatus.PENDING_DEPOSIT,
                    OrderStatus.PENDING_DEPOSIT), apply(ctx, order.id(), OrderInput.DEPOSIT_TIMER_FIRED, Map.of()));
            runEffects(ctx);
            apply(ctx, order.id(), OrderInput.REFUND_SEEN, Map.of());
            assertEquals(OrderStatus.REFUNDED, status(ctx, order.id()), "the refund, not the stale timer, decides");
            assertEquals(List.of("order.created", "order.refunded"),
                    ctx.getBean(RecordingWebhookOutbox.class).typesFor(order.id().toString()));
        }
    }

    @Test
    void theDepositTimerFiresOnQuartzAndExpiresTheOrder() throws InterruptedException {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of("mp2p.lifecycle.deposit-timeout-ms", "300",
                "mp2p.lifecycle.effects-enabled", "true", "mp2p.lifecycle.effect-poll-interval", "50ms"))) {
            RecordingWebhookOutbox webhooks = ctx.getBean(RecordingWebhookOutbox.class);
            UUID id = newOrder(ctx, Tier.FREE).id();
            Instant deadline = Instant.now().plusSeconds(30);
            while (status(ctx, id) != OrderStatus.EXPIRED && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertEquals(OrderStatus.EXPIRED, status(ctx, id));
            assertEquals(List.of("order.created", "order.expired"), webhooks.typesFor(id.toString()));
            assertEquals(List.of("timer:DEPOSIT_TIMEOUT"), sql(ctx, "SELECT source FROM order_timeline "
                    + "WHERE order_id = ? AND seq_no > 1", id, rs -> rs.getString(1)));
        }
    }

    @Test
    void aStaleTimerIsRefusedByTheTable() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            UUID id = newOrder(ctx, Tier.FREE).id();
            deposit(ctx, id);

            ctx.getBean(LifecycleTimerHandler.class).timerFired(id, TimerKind.DEPOSIT_TIMEOUT, Instant.now());

            assertEquals(OrderStatus.ACTIVE, status(ctx, id));
            assertEquals(List.of("DEPOSIT_TIMER_FIRED"), sql(ctx, "SELECT input FROM refused_order_fact "
                    + "WHERE order_id = ?", id, rs -> rs.getString(1)));
        }
    }

    @Test
    void noBuyerRefundsOnChainThenExpires() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            deposit(ctx, order.id());
            ctx.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LISTING_TIMEOUT, Instant.now());
            assertEquals(OrderStatus.ACTIVE, status(ctx, order.id()));
            runEffects(ctx);
            assertEquals(CommandKind.REFUND, RecordingEscrowCommands.sentFor(order.escrowOrderId()).get(0).kind());
            apply(ctx, order.id(), OrderInput.REFUND_SEEN, Map.of());
            assertEquals(OrderStatus.EXPIRED, status(ctx, order.id()));
        }
    }

    @Test
    void lockExpiryNotifiesThenRefunds() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            RecordingWebhookOutbox webhooks = ctx.getBean(RecordingWebhookOutbox.class);
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            deposit(ctx, order.id());
            lock(ctx, order.id(), Instant.now().plusSeconds(60));
            ctx.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LOCK_EXPIRY, Instant.now());
            runEffects(ctx);
            assertEquals(CommandKind.REFUND, RecordingEscrowCommands.sentFor(order.escrowOrderId()).get(0).kind());
            apply(ctx, order.id(), OrderInput.REFUND_SEEN, Map.of());
            assertEquals(OrderStatus.REFUNDED, status(ctx, order.id()));
            assertEquals(List.of("order.created", "order.deposit_confirmed", "order.locked", "order.lock_expired",
                    "order.refunded"), webhooks.typesFor(order.id().toString()));
        }
    }

    private static List<String> effectRows(ApplicationContext ctx, UUID orderId, Effect effect) {
        return sql(ctx, "SELECT status, detail FROM order_effect WHERE order_id = ? AND effect = '" + effect.name()
                + "'", orderId, rs -> rs.getString(1) + ": " + rs.getString(2));
    }

    @Test
    void aListingRefundStillWaitingWhenABuyerLocksIsSupersededByTheLock() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = newOrder(ctx, Tier.FREE);
            deposit(ctx, order.id());
            ctx.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LISTING_TIMEOUT, Instant.now());
            // the refund is only in the outbox (a node down, a leader change) when a buyer's lock is seen
            lock(ctx, order.id(), Instant.now().plusSeconds(3600));
            runEffects(ctx);

            assertTrue(RecordingEscrowCommands.sentFor(order.escrowOrderId()).isEmpty(), "the locked escrow is kept");
            assertEquals(OrderStatus.LOCKED, status(ctx, order.id()));
            assertEquals(List.of("SUPERSEDED: superseded: the escrow's lock changed after it was decided (buyer none "
                    + "then, " + BUYER + " now)"), effectRows(ctx, order.id(), Effect.RETURN_CRYPTO_TO_SELLER));
            assertTrue(ctx.getBean(OrderTimers.class).nextFire(order.id(), TimerKind.LOCK_EXPIRY).isPresent(),
                    "the new lock has its own expiry, which decides the refund");
            assertFalse(ctx.getBean(OrderEscrows.class).find(order.id()).orElseThrow().flagged());
        }
    }

    @Test
    void aPayoutStillWaitingWhenADisputeOpensIsLeftToTheAdmin() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            record Case(String name, OrderInput decision, Effect effect) {
            }
            for (Case c : List.of(new Case("lock expired, buyer disputes", OrderInput.LOCK_TIMER_FIRED,
                            Effect.RETURN_CRYPTO_TO_SELLER),
                    new Case("payment verified, seller disputes", OrderInput.PAYMENT_VERIFIED,
                            Effect.SEND_CRYPTO_TO_BUYER))) {
                SettlementOrder order = newOrder(ctx, Tier.GROWTH);
                deposit(ctx, order.id());
                lock(ctx, order.id(), Instant.now().plusSeconds(3600));
                if (c.decision() == OrderInput.LOCK_TIMER_FIRED) {
                    ctx.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LOCK_EXPIRY,
                            Instant.now());
                } else {
                    apply(ctx, order.id(), c.decision(), Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
                }
                assertEquals(FactResult.Code.APPLIED, apply(ctx, order.id(), OrderInput.DISPUTE_OPENED_SEEN,
                        Map.of()).code(), c.name());
                runEffects(ctx);

                assertTrue(RecordingEscrowCommands.sentFor(order.escrowOrderId()).isEmpty(),
                        c.name() + ": no payout no admin decided");
                assertEquals(List.of("SUPERSEDED: superseded: a dispute was opened on-chain after it was decided; "
                        + "an admin decides the payout"), effectRows(ctx, order.id(), c.effect()), c.name());
                assertEquals(OrderStatus.DISPUTED, status(ctx, order.id()), c.name());

                decide(ctx, order.id(), OrderInput.ADMIN_RESOLVED_FOR_BUYER);
                runEffects(ctx);
                List<RecordingEscrowCommands.Sent> sent = RecordingEscrowCommands.sentFor(order.escrowOrderId());
                assertEquals(1, sent.size(), c.name());
                assertEquals(CommandKind.RESOLVE_DISPUTE, sent.get(0).kind(), c.name());
                assertEquals(DisputeWinner.BUYER, sent.get(0).winner(), c.name());
            }
        }
    }

    private static SettlementOrder disputed(ApplicationContext ctx) {
        SettlementOrder order = newOrder(ctx, Tier.GROWTH);
        deposit(ctx, order.id());
        lock(ctx, order.id(), Instant.now().plusSeconds(3600));
        apply(ctx, order.id(), OrderInput.DISPUTE_OPENED_SEEN, Map.of("openedBy", BUYER));
        assertEquals(OrderStatus.DISPUTED, status(ctx, order.id()));
        return order;
    }

    private static FactResult decide(ApplicationContext ctx, UUID id, OrderInput outcome) {
        return apply(ctx, id, outcome, Map.of(FactDetails.DECIDED_BY, "ana@ops", FactDetails.REASON, "evidence"));
    }

    @Test
    void eachDisputeOutcomePaysTheRightPartyAndPenalizesTheRightAddress() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            Reputation reputation = ctx.getBean(Reputation.class);
            record Case(OrderInput input, CommandKind kind, DisputeWinner winner, OrderInput chainFact,
                        OrderStatus end, int sellerScore, int buyerScore) {
            }
            List<Case> cases = List.of(
                    new Case(OrderInput.ADMIN_RESOLVED_FOR_BUYER, CommandKind.RESOLVE_DISPUTE, DisputeWinner.BUYER,
                            OrderInput.DISPUTE_RESOLVED_FOR_BUYER_SEEN, OrderStatus.COMPLETED, -50, 0),
                    new Case(OrderInput.ADMIN_RESOLVED_FOR_SELLER, CommandKind.RESOLVE_DISPUTE, DisputeWinner.SELLER,
                            OrderInput.DISPUTE_RESOLVED_FOR_SELLER_SEEN, OrderStatus.REFUNDED, 0, -50),
                    new Case(OrderInput.ADMIN_NO_FAULT_RELEASE, CommandKind.RESOLVE_DISPUTE, DisputeWinner.BUYER,
                            OrderInput.DISPUTE_RESOLVED_FOR_BUYER_SEEN, OrderStatus.COMPLETED, 0, 0),
                    new Case(OrderInput.ADMIN_NO_FAULT_REFUND, CommandKind.RESOLVE_DISPUTE, DisputeWinner.SELLER,
                            OrderInput.DISPUTE_RESOLVED_FOR_SELLER_SEEN, OrderStatus.REFUNDED, 0, 0));
            for (Case c : cases) {
                // distinct parties per case, so each case's reputation is its own
                String seller = "0x5e" + c.input().ordinal();
                String buyer = "0xb0" + c.input().ordinal();
                SettlementOrder order = newOrder(ctx, Tier.GROWTH);
                apply(ctx, order.id(), OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, seller));
                apply(ctx, order.id(), OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, buyer,
                        FactDetails.LOCK_EXPIRY_EPOCH_SECONDS, Long.toString(Instant.now().getEpochSecond() + 60)));
                apply(ctx, order.id(), OrderInput.DISPUTE_OPENED_SEEN, Map.of());
                assertEquals(OrderStatus.DISPUTED, decide(ctx, order.id(), c.input()).after(), c.input().name());
                runEffects(ctx);
                List<RecordingEscrowCommands.Sent> sent = RecordingEscrowCommands.sentFor(order.escrowOrderId());
                assertEquals(1, sent.size(), c.input().name());
                assertEquals(c.kind(), sent.get(0).kind(), c.input().name());
                assertEquals(c.winner(), sent.get(0).winner(), c.input().name());
                apply(ctx, order.id(), c.chainFact(), Map.of());
                assertEquals(c.end(), status(ctx, order.id()), c.input().name());
                assertEquals(c.sellerScore(), reputation.score(seller), c.input().name());
                assertEquals(c.buyerScore(), reputation.score(buyer), c.input().name());
                // the admin's name and reason are in the audit trail
                assertEquals(List.of("{\"decidedBy\":\"ana@ops\",\"reason\":\"evidence\"}"), sql(ctx, "SELECT details "
                        + "FROM order_timeline WHERE order_id = ? AND event LIKE 'ADMIN_%'", order.id(),
                        rs -> rs.getString(1)));
            }
        }
    }

    @Test
    void aNoFaultRetryGivesAFresh24HourWindowAndLaterPaysThroughTheDispute() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = disputed(ctx);
            assertEquals(OrderStatus.LOCKED, decide(ctx, order.id(), OrderInput.ADMIN_NO_FAULT_RETRY).after());
            runEffects(ctx);
            Instant fires = ctx.getBean(OrderTimers.class).nextFire(order.id(), TimerKind.LOCK_EXPIRY).orElseThrow();
            long hours = Duration.between(Instant.now(), fires).toMinutes();
            assertTrue(hours > 23 * 60 && hours <= 24 * 60, "fresh window in minutes: " + hours);

            // the escrow stays disputed on-chain, so the payout after a verified payment is an arbiter's
            apply(ctx, order.id(), OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
            runEffects(ctx);
            List<RecordingEscrowCommands.Sent> sent = RecordingEscrowCommands.sentFor(order.escrowOrderId());
            assertEquals(1, sent.size());
            assertEquals(CommandKind.RESOLVE_DISPUTE, sent.get(0).kind());
            assertEquals(DisputeWinner.BUYER, sent.get(0).winner());
        }
    }

    @Test
    void aRestartBetweenCommitAndEffectLosesNothingAndDoesNothingTwice() {
        TestDatabase db = TestDatabase.create();
        SettlementOrder order;
        try (ApplicationContext ctx = start(db, Map.of())) {
            order = newOrder(ctx, Tier.FREE);
            deposit(ctx, order.id());
            lock(ctx, order.id(), Instant.now().plusSeconds(3600));
            runEffects(ctx);
            apply(ctx, order.id(), OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
            // the daemon stops right after the commit: the release intent is only in the outbox
        }
        assertTrue(RecordingEscrowCommands.sentFor(order.escrowOrderId()).isEmpty());
        try (ApplicationContext ctx = start(db, Map.of("mp2p.lifecycle.effect-stuck-after-ms", "0"))) {
            RecordingEscrowCommands.NODE_DOWN_FOR_CALLS.set(1);
            runEffects(ctx);
            assertTrue(RecordingEscrowCommands.sentFor(order.escrowOrderId()).isEmpty(), "node down: retried later");
            sqlUpdate(ctx, "UPDATE order_effect SET run_after = created_at WHERE order_id = ?", order.id());
            runEffects(ctx);
            assertEquals(1, RecordingEscrowCommands.sentFor(order.escrowOrderId()).size());
            // a crash after the call but before its outcome was recorded leaves the row INITIATED: run again
            sqlUpdate(ctx, "UPDATE order_effect SET status = 'INITIATED' WHERE order_id = ? "
                    + "AND effect = 'SEND_CRYPTO_TO_BUYER'", order.id());
        }
        try (ApplicationContext ctx = start(db, Map.of("mp2p.lifecycle.effect-stuck-after-ms", "0"))) {
            runEffects(ctx);
            assertEquals(1, RecordingEscrowCommands.sentFor(order.escrowOrderId()).size(), "sent exactly once");
            assertEquals(List.of("COMPLETED"), sql(ctx, "SELECT status FROM order_effect WHERE order_id = ? AND "
                    + "effect = 'SEND_CRYPTO_TO_BUYER'", order.id(), rs -> rs.getString(1)));
            assertEquals(List.of(3), sql(ctx, "SELECT attempts FROM order_effect WHERE order_id = ? AND "
                    + "effect = 'SEND_CRYPTO_TO_BUYER'", order.id(), rs -> rs.getInt(1)));
            assertFalse(sql(ctx, "SELECT detail FROM order_effect WHERE order_id = ? AND effect = "
                    + "'SEND_CRYPTO_TO_BUYER'", order.id(), rs -> rs.getString(1)).get(0).isEmpty());
        }
    }

    @SuppressWarnings("unchecked")
    private static void sqlUpdate(ApplicationContext ctx, String statement, Object parameter) {
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        JdbcOperations jdbc = ctx.getBean(JdbcOperations.class);
        tx.executeWrite(status -> {
            try (PreparedStatement s = jdbc.getConnection().prepareStatement(statement)) {
                s.setObject(1, parameter);
                return s.executeUpdate();
            }
        });
    }

    @Test
    void everyPairOfTheTableIsAppliedOrRefusedExactlyAsListed() {
        try (ApplicationContext ctx = start(TestDatabase.create(), Map.of())) {
            SettlementOrder order = newOrder(ctx, Tier.ENTERPRISE);
            int applied = 0;
            int refused = 0;
            for (OrderStatus from : OrderStatus.values()) {
                for (OrderInput input : OrderInput.values()) {
                    sqlUpdate(ctx, "UPDATE settlement_order SET status = '" + from.name() + "' WHERE id = ?",
                            order.id());
                    // A forced status has no history: drop the outbox rows earlier pairs left, so a timer input meets
                    // the table alone (a timer cancelled by an earlier transition is refused as TIMER_CANCELLED).
                    sqlUpdate(ctx, "DELETE FROM order_effect WHERE order_id = ?", order.id());
                    FactResult result = apply(ctx, order.id(), input, Map.of(FactDetails.SELLER, SELLER,
                            FactDetails.BUYER, BUYER));
                    var row = OrderLifecycle.find(from, input);
                    String pair = from + " on " + input;
                    if (row.isPresent()) {
                        applied++;
                        assertEquals(new FactResult(FactResult.Code.APPLIED, from, row.get().to()), result, pair);
                        assertEquals(row.get().to(), status(ctx, order.id()), pair);
                    } else {
                        refused++;
                        assertEquals(new FactResult(FactResult.Code.FORBIDDEN_IN_STATUS, from, from), result, pair);
                        assertEquals(from, status(ctx, order.id()), pair);
                    }
                }
            }
            assertEquals(OrderLifecycle.rows().size(), applied);
            assertEquals(refused, sql(ctx, "SELECT COUNT(*) FROM refused_order_fact WHERE order_id = ?", order.id(),
                    rs -> rs.getInt(1)).get(0));
            assertEquals(applied + 1, sql(ctx, "SELECT COUNT(*) FROM order_timeline WHERE order_id = ?", order.id(),
                    rs -> rs.getInt(1)).get(0));
        }
    }
}
