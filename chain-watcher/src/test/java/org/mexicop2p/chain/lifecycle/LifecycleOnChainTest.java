package org.mexicop2p.chain.lifecycle;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.gateway.CommandReconciler;
import org.mexicop2p.chain.journal.JournalChainEvidence;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.chain.support.RecordingEndedCommands;
import org.mexicop2p.chain.support.RecordingWebhookOutbox;
import org.mexicop2p.chain.watch.ChainWatcher;
import org.mexicop2p.chain.watch.PollOutcome;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.contract.ContractCall;
import org.mexicop2p.sandbox.starknet.contract.EscrowContract;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.dispute.Disputes;
import org.mexicop2p.settlement.lifecycle.EffectRunner;
import org.mexicop2p.settlement.lifecycle.FactDetails;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.LifecycleTimerHandler;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.order.OrderService;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerService;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.quote.FeeRecipient;
import org.mexicop2p.settlement.quote.Quote;
import org.mexicop2p.settlement.quote.QuoteService;
import org.mexicop2p.settlement.reputation.Reputation;
import org.mexicop2p.settlement.timer.TimerKind;
import org.mexicop2p.settlement.user.UserService;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle engine with the real chain watcher and the real escrow gateway against the sandbox node, over real
 * HTTP, on H2 and PostgreSQL: the deposits, locks, releases, refunds and dispute payouts below are real contract calls,
 * and the order moves only on the events the watcher reads back.
 */
@DatabaseTest
class LifecycleOnChainTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(100_000_000); // 100 USDC
    private static final String CEP_KEY = "5c".repeat(32);

    private ChainHarness harness;
    private SandboxStarknetNode node;
    private ApplicationContext daemon;

    @BeforeEach
    void start() {
        harness = new ChainHarness();
        node = harness.node();
        daemon = startDaemon();
    }

    private ApplicationContext startDaemon() {
        // the test drives the watcher and the outbox itself, so each step is observable
        return harness.start(Map.of("mp2p.chain.tokens.usdc", Felts.hex(node.usdcAddress()),
                "mp2p.chain.tokens.usdt", Felts.hex(node.usdtAddress()),
                "mp2p.lifecycle.effects-enabled", "false",
                "mp2p.lifecycle.effect-stuck-after-ms", "0"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private SettlementOrder newOrder() {
        Partner partner = daemon.getBean(PartnerService.class).onboard("Partner " + UUID.randomUUID(), Tier.GROWTH,
                KycModel.PARTNER_MANAGED, List.of()).partner();
        daemon.getBean(UserService.class).register(partner, "user-1", null);
        Quote quote = daemon.getBean(QuoteService.class).create(partner, "user-1", new BigDecimal("100"),
                Token.USDC, new BigDecimal("1.5"), FeeRecipient.PARTNER);
        return daemon.getBean(OrderService.class).create(partner, quote.id().toString(), "user-1",
                "012180004643051249").order();
    }

    private static BigInteger onChainId(SettlementOrder order) {
        return new BigInteger(order.escrowOrderId().substring(2), 16);
    }

    private void catchUp() {
        ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
        for (int i = 0; i < 1_000; i++) {
            if (watcher.pollOnce() == PollOutcome.UP_TO_DATE) {
                return;
            }
        }
        throw new AssertionError("watcher did not catch up");
    }

    /** Runs the effect outbox (the gateway sends; auto-mine includes the transaction) and reads the chain back. */
    private void settle() {
        runEffects();
        catchUp();
    }

    private void runEffects() {
        EffectRunner runner = daemon.getBean(EffectRunner.class);
        while (runner.runDue() > 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * The owner pauses the escrow in the block that will also carry the engine's next transaction: the node accepts
     * that transaction (its fee is estimated on the latest, unpaused state) and it reverts when the block is mined.
     */
    private void pauseInTheNextBlock() {
        node.chain().setAutoMine(false);
        node.sendAs(node.operator().address(),
                List.of(new ContractCall(node.escrowAddress(), EscrowContract.PAUSE, List.of())));
    }

    /** Mines the block with the pause and the engine's transaction, then lets the reconciler find out, twice. */
    private ChainCommand mineAndReconcile(SettlementOrder order, CommandKind kind) {
        node.mine(1);
        node.chain().setAutoMine(true);
        CommandReconciler reconciler = daemon.getBean(CommandReconciler.class);
        reconciler.reconcileOpen();
        reconciler.reconcileOpen();
        catchUp();
        return daemon.getBean(EscrowCommands.class).find(order.escrowOrderId(), kind).orElseThrow();
    }

    private String effectStatus(SettlementOrder order, String effect) {
        return harness.column("SELECT status FROM order_effect WHERE order_id = '" + order.id() + "' AND effect = '"
                + effect + "'").get(0);
    }

    /** The order is flagged, as an operator sees it, for exactly this ended command, told to the core once. */
    private void assertFlaggedOnceFor(SettlementOrder order, ChainCommand ended) {
        assertEquals(List.of(ended), daemon.getBean(RecordingEndedCommands.class).ended());
        Disputes.DisputeView view = daemon.getBean(Disputes.class).get(order.id().toString());
        assertTrue(view.flagged());
        String reason = view.flagReason();
        assertTrue(reason.startsWith(ended.kind() + " REVERTED (chain command " + ended.id() + ", attempt 1): "),
                reason);
        assertTrue(reason.endsWith("'CONTRACT_PAUSED'."), reason);
        assertTrue(reason.length() <= 300, reason);
    }

    private String status(SettlementOrder order) {
        return harness.column("SELECT status FROM settlement_order WHERE id = '" + order.id() + "'").get(0);
    }

    private FactResult apply(SettlementOrder order, OrderInput input, Map<String, String> details) {
        return daemon.getBean(OrderFacts.class).apply(new OrderFact(order.id(), input, "test", details));
    }

    private List<String> events(SettlementOrder order) {
        return daemon.getBean(RecordingWebhookOutbox.class).typesFor(order.id().toString());
    }

    @Test
    void happyPathFromDepositToCompletedOnChain() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        BigInteger stranger = new BigInteger("7".repeat(32), 16); // a deposit on the public contract, not our order
        node.deposit(stranger, node.usdcAddress(), AMOUNT, Optional.empty());
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        catchUp();
        assertEquals("ACTIVE", status(order));
        BigInteger buyer = node.lockOrder(id, 3_600, Optional.empty()).account();
        catchUp();
        assertEquals("LOCKED", status(order));
        assertEquals(List.of(Felts.hex(buyer)), harness.column("SELECT buyer FROM order_escrow WHERE order_id = '"
                + order.id() + "'"));

        assertEquals(FactResult.Code.APPLIED, apply(order, OrderInput.PAYMENT_VERIFIED,
                Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY)).code());
        assertEquals("PENDING_RELEASE", status(order));
        settle();

        assertEquals("COMPLETED", status(order));
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "ORDER_RELEASED"), harness.column("SELECT event_type "
                + "FROM chain_event WHERE order_id = '" + Felts.hex(id) + "' ORDER BY block_number, event_index"));
        // the dispute view's chain evidence: our order's events; the stranger's deposit is journaled, not ours
        JournalChainEvidence evidence = daemon.getBean(JournalChainEvidence.class);
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "ORDER_RELEASED"),
                evidence.eventsOf(order.escrowOrderId()).stream().map(e -> e.get("type")).toList());
        assertEquals(1, harness.count("SELECT COUNT(*) FROM chain_event WHERE order_id = '" + Felts.hex(stranger)
                + "'"));
        assertEquals(List.of(), evidence.eventsOf(Felts.hex(stranger)));
        assertEquals(List.of("order.created", "order.deposit_confirmed", "order.locked", "order.payment_verified",
                "order.completed"), events(order));
        // Growth tier: 20 % of the 25.88 MXN fee
        assertEquals(List.of("518"), harness.column("SELECT platform_share_centavos FROM revenue_entry "
                + "WHERE order_id = '" + order.id() + "'"));
    }

    @Test
    void aMismatchedDepositIsRefundedOnChainAndNeverActivated() {
        SettlementOrder order = newOrder();
        node.deposit(onChainId(order), node.usdcAddress(), AMOUNT.subtract(BigInteger.ONE), Optional.empty());
        catchUp();
        assertEquals("PENDING_DEPOSIT", status(order));
        settle();
        assertEquals("REFUNDED", status(order));
        assertEquals(List.of("flagged"), harness.column("SELECT CASE WHEN flagged THEN 'flagged' ELSE 'clean' END "
                + "FROM order_escrow WHERE order_id = '" + order.id() + "'"));
        assertEquals(List.of("order.created", "order.refunded"), events(order));
    }

    @Test
    void noBuyerRefundsOnChainThenExpires() {
        SettlementOrder order = newOrder();
        node.deposit(onChainId(order), node.usdcAddress(), AMOUNT, Optional.empty());
        catchUp();
        daemon.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LISTING_TIMEOUT, Instant.now());
        settle();
        assertEquals("EXPIRED", status(order));
        assertEquals(List.of("order.created", "order.deposit_confirmed", "order.expired"), events(order));
    }

    @Test
    void lockExpirySendsLockExpiredThenRefunds() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        node.lockOrder(id, 300, Optional.empty());
        catchUp();
        node.chain().advanceTime(400);
        daemon.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LOCK_EXPIRY, Instant.now());
        settle();
        assertEquals("REFUNDED", status(order));
        assertEquals(List.of("order.created", "order.deposit_confirmed", "order.locked", "order.lock_expired",
                "order.refunded"), events(order));
    }

    @Test
    void aReleaseThatRevertsAfterTheNodeAcceptedItFlagsTheOrder() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        node.lockOrder(id, 3_600, Optional.empty());
        catchUp();
        apply(order, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
        pauseInTheNextBlock();
        runEffects();
        // the node accepted the release, so the outbox is done with it: nobody would ask again
        assertEquals("COMPLETED", effectStatus(order, "SEND_CRYPTO_TO_BUYER"));

        ChainCommand release = mineAndReconcile(order, CommandKind.RELEASE);

        assertEquals(CommandStatus.REVERTED, release.status());
        assertEquals("PENDING_RELEASE", status(order));
        assertFlaggedOnceFor(order, release);
    }

    @Test
    void aRefundThatRevertsAfterTheNodeAcceptedItFlagsTheOrder() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        node.lockOrder(id, 300, Optional.empty());
        catchUp();
        node.chain().advanceTime(400);
        pauseInTheNextBlock();
        daemon.getBean(LifecycleTimerHandler.class).timerFired(order.id(), TimerKind.LOCK_EXPIRY, Instant.now());
        runEffects();
        assertEquals("COMPLETED", effectStatus(order, "RETURN_CRYPTO_TO_SELLER"));

        ChainCommand refund = mineAndReconcile(order, CommandKind.REFUND);

        assertEquals(CommandStatus.REVERTED, refund.status());
        assertEquals("LOCKED", status(order));
        assertFlaggedOnceFor(order, refund);
    }

    @Test
    void disputesArePaidOutByTheArbiterAsTheAdminDecided() {
        record Case(OrderInput decision, String end, boolean sellerPenalized, boolean buyerPenalized) {
        }
        for (Case c : List.of(new Case(OrderInput.ADMIN_RESOLVED_FOR_BUYER, "COMPLETED", true, false),
                new Case(OrderInput.ADMIN_RESOLVED_FOR_SELLER, "REFUNDED", false, true),
                new Case(OrderInput.ADMIN_NO_FAULT_RELEASE, "COMPLETED", false, false),
                new Case(OrderInput.ADMIN_NO_FAULT_REFUND, "REFUNDED", false, false))) {
            SettlementOrder order = newOrder();
            BigInteger id = onChainId(order);
            BigInteger seller = node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty()).account();
            BigInteger buyer = node.lockOrder(id, 3_600, Optional.empty()).account();
            node.openDispute(id, true);
            catchUp();
            assertEquals("DISPUTED", status(order), c.decision().name());
            apply(order, c.decision(), Map.of(FactDetails.DECIDED_BY, "ops@mexicop2p", FactDetails.REASON, "test"));
            settle();
            assertEquals(c.end(), status(order), c.decision().name());
            Reputation reputation = daemon.getBean(Reputation.class);
            assertEquals(c.sellerPenalized() ? -50 : 0, reputation.score(Felts.hex(seller)), c.decision().name());
            assertEquals(c.buyerPenalized() ? -50 : 0, reputation.score(Felts.hex(buyer)), c.decision().name());
        }
    }

    @Test
    void aReorgThatRemovesTheLockPutsTheOrderBackOnTheMarket() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        catchUp();
        node.lockOrder(id, 3_600, Optional.empty());
        catchUp();
        assertEquals("LOCKED", status(order));

        node.chain().reorg(1, true);
        catchUp();

        assertEquals("ACTIVE", status(order));
        assertEquals(Collections.singletonList(null), harness.column("SELECT buyer FROM order_escrow WHERE order_id = '"
                + order.id() + "'"));
        assertEquals(List.of("LOCK_RETRACTED"), harness.column("SELECT event FROM order_timeline WHERE order_id = '"
                + order.id() + "' AND event LIKE '%RETRACTED'"));
        assertEquals(List.of(Map.of("ORDER_CREATED", false), Map.of("ORDER_LOCKED", true)),
                daemon.getBean(JournalChainEvidence.class).eventsOf(order.escrowOrderId()).stream()
                        .map(e -> Map.of(e.get("type"), e.get("retracted"))).toList());
    }

    @Test
    void aReorgThatRemovesTheReleaseFlagsTheCompletedOrder() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        catchUp();
        node.lockOrder(id, 3_600, Optional.empty());
        catchUp();
        apply(order, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
        settle();
        assertEquals("COMPLETED", status(order));
        assertEquals(List.of("clean"), harness.column("SELECT CASE WHEN flagged THEN 'flagged' ELSE 'clean' END "
                + "FROM order_escrow WHERE order_id = '" + order.id() + "'"));

        // the release's block is orphaned and its transaction dropped: on-chain the escrow is Locked again
        node.chain().reorg(1, true);
        catchUp();

        assertEquals("COMPLETED", status(order), "a payout has no inverse in the lifecycle");
        List<String> flag = harness.column("SELECT flag_reason FROM order_escrow WHERE order_id = '" + order.id()
                + "' AND flagged");
        assertEquals(1, flag.size(), "an operator is told");
        assertTrue(flag.get(0).startsWith("reorg: the block of its payout was orphaned (fork at "), flag.get(0));
        assertTrue(flag.get(0).endsWith(") while COMPLETED; check the escrow on-chain"), flag.get(0));
    }

    @Test
    void aRestartBetweenCommitAndReleaseReleasesExactlyOnce() {
        SettlementOrder order = newOrder();
        BigInteger id = onChainId(order);
        node.deposit(id, node.usdcAddress(), AMOUNT, Optional.empty());
        node.lockOrder(id, 3_600, Optional.empty());
        catchUp();
        apply(order, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, CEP_KEY));
        settle();
        // as if the daemon died after the gateway sent the release but before the outbox recorded it
        daemon.close();
        Map<String, Object> db = harness.properties(harness.rpcUrl());
        try (Connection c = DriverManager.getConnection(db.get("datasources.default.url").toString(),
                db.get("datasources.default.username").toString(), db.get("datasources.default.password").toString());
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE order_effect SET status = 'INITIATED' WHERE effect = 'SEND_CRYPTO_TO_BUYER'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        daemon = startDaemon();
        settle();
        assertEquals("COMPLETED", status(order));
        assertEquals(1, harness.count("SELECT COUNT(*) FROM chain_event WHERE event_type = 'ORDER_RELEASED' "
                + "AND order_id = '" + Felts.hex(id) + "'"));
        assertEquals(List.of("COMPLETED"), harness.column("SELECT status FROM order_effect "
                + "WHERE effect = 'SEND_CRYPTO_TO_BUYER'"));
    }
}
