package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mexicop2p.api.endtoend.ChildDaemonWorld.Reply;
import org.mexicop2p.api.endtoend.ChildDaemonWorld.TradeRef;
import org.mexicop2p.sandbox.banxico.PortalFault;
import org.mexicop2p.sandbox.banxico.SpeiTransfer;
import org.mexicop2p.testsupport.DatabaseTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "A daemon restart in the middle of each phase (nothing lost, nothing done twice)": for each phase of a trade the
 * daemon (a child JVM) is stopped at a boundary the test makes deterministic, the world moves on while it is down,
 * and a new daemon on the same database finishes the trade. Every scenario then checks the same things: the final
 * status; exactly one release/refund transaction from the engine's account for the order on the node; each webhook
 * event type delivered under exactly one {@code X-Webhook-Id}, every signature valid; each chain event and timer in
 * the order's timeline once, and no fact refused (a re-applied event or a second timer firing would be refused and
 * recorded). All but one stop are SIGKILL.
 *
 * <p>The node's clock lags (as in {@code EndToEndHarness}) so the lock-expiry scenario's 300 s lock runs out a minute
 * after it is taken; it runs last, because it moves the chain's clock forward.
 */
@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonRestartTest {

    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final List<String> RELEASED = List.of("order.created", "order.deposit_confirmed", "order.locked",
            "order.payment_verified", "order.completed");

    /**
     * The node's chain time trails the wall clock by this much, so a 300 s lock (the contract's minimum) ends 60 s of
     * wall time after it is taken: long enough to see it and crash the daemon, short enough to wait for.
     */
    private static final long NODE_CLOCK_LAG_SECONDS = 240;

    private ChildDaemonWorld world;

    @BeforeAll
    void startWorld() {
        world = new ChildDaemonWorld("restart", Map.of("mp2p.lifecycle.lock-grace-ms", "1000"),
                NODE_CLOCK_LAG_SECONDS);
        world.startDaemon();
        world.onboardPartner();
    }

    @AfterAll
    void stopWorld() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Order(1)
    void crashAfterTheOrderIsCreatedBeforeTheDepositIsSeen() {
        TradeRef trade = world.createOrder("user_created", "10");
        world.killDaemon();
        // While the daemon is down the seller deposits and a buyer locks: both wait on-chain for the watcher.
        world.deposit(trade);
        world.lock(trade, 3600);
        world.startDaemon();
        world.awaitStatus(trade, "LOCKED", SETTLE);
        payAndProve(trade);
        assertSettledOnce(world, trade, "COMPLETED", "RELEASE", RELEASED);
    }

    @Test
    @Order(2)
    void cleanStopAfterTheDepositIsSeenBeforeTheLock() {
        TradeRef trade = world.createOrder("user_deposited", "10");
        world.deposit(trade);
        world.awaitStatus(trade, "ACTIVE", SETTLE);
        world.stopDaemon();
        world.lock(trade, 3600);
        world.startDaemon();
        world.awaitStatus(trade, "LOCKED", SETTLE);
        payAndProve(trade);
        assertSettledOnce(world, trade, "COMPLETED", "RELEASE", RELEASED);
    }

    @Test
    @Order(3)
    void crashWhileLockedBeforeTheProof() {
        TradeRef trade = lockedTrade("user_locked");
        world.killDaemon();
        // The buyer pays while the daemon is down and proves it to the next one.
        SpeiTransfer transfer = world.pay(trade);
        world.startDaemon();
        Reply proof = world.submitProof(trade, transfer);
        assertEquals(202, proof.status(), proof.body().toString());
        assertSettledOnce(world, trade, "COMPLETED", "RELEASE", RELEASED);
    }

    @Test
    @Order(4)
    void crashWhileTheBanxicoFetchIsPending() {
        TradeRef trade = lockedTrade("user_fetching");
        world.portal.failFor(PortalFault.NOT_YET_AVAILABLE, Duration.ofMinutes(10));
        Reply proof = world.submitProof(trade, world.pay(trade));
        assertEquals(202, proof.status(), proof.body().toString());
        // The boundary: the portal has answered "not yet available" at least once, the fetch waits to retry.
        ChildDaemonWorld.await("a 'not yet available' answer recorded", SETTLE, () -> !world.rows(
                "SELECT id FROM payment_fetch WHERE order_id = ? AND status = 'PENDING' AND last_outcome = "
                        + "'NOT_YET_AVAILABLE'", UUID.fromString(trade.id())).isEmpty());
        world.killDaemon();
        world.portal.clearFaults();
        world.startDaemon();
        assertSettledOnce(world, trade, "COMPLETED", "RELEASE", RELEASED);
        assertEquals(1, world.rows("SELECT id FROM payment_fetch WHERE order_id = ?", UUID.fromString(trade.id()))
                .size(), "the durable fetch was resumed, not started again");
    }

    @Test
    @Order(5)
    void crashWithTheReleaseSubmittedButNotConfirmed() {
        TradeRef trade = lockedTrade("user_releasing");
        // The node takes transactions but builds no block: the release sits in its pool, the command SUBMITTED.
        world.node.chain().setAutoMine(false);
        Reply proof = world.submitProof(trade, world.pay(trade));
        assertEquals(202, proof.status(), proof.body().toString());
        ChildDaemonWorld.await("the release command to be SUBMITTED", SETTLE, () -> world.command(trade, "RELEASE")
                .map(c -> "SUBMITTED".equals(c.get("status"))).orElse(false));
        world.killDaemon();
        // The chain moves on while the daemon is down: the release is mined.
        world.node.chain().setAutoMine(true);
        world.node.mine(1);
        world.startDaemon();
        assertSettledOnce(world, trade, "COMPLETED", "RELEASE", RELEASED);
        assertEquals(1, world.command(trade, "RELEASE").orElseThrow().get("attempts"),
                "one transaction was ever signed for the release");
    }

    @Test
    @Order(6)
    void crashWhileDisputedBeforeTheResolutionIsCarriedOut() {
        TradeRef trade = lockedTrade("user_disputed");
        world.node.openDispute(trade.escrowOrderId(), true);
        world.awaitStatus(trade, "DISPUTED", SETTLE);
        world.node.chain().setAutoMine(false);
        Reply decision = world.post("/admin/v1/disputes/" + trade.id() + "/resolution", "{\"outcome\":\"FOR_BUYER\","
                + "\"decidedBy\":\"ops@e2e\",\"reason\":\"the buyer's CEP matches\"}", "Authorization",
                "Bearer " + ChildDaemonWorld.ADMIN_TOKEN);
        assertEquals(200, decision.status(), decision.body().toString());
        ChildDaemonWorld.await("the resolution command to be SUBMITTED", SETTLE, () -> world.command(trade,
                "RESOLVE_DISPUTE").map(c -> "SUBMITTED".equals(c.get("status"))).orElse(false));
        world.killDaemon();
        world.node.chain().setAutoMine(true);
        world.node.mine(1);
        world.startDaemon();
        assertSettledOnce(world, trade, "COMPLETED", "RESOLVE_DISPUTE", List.of("order.created",
                "order.deposit_confirmed", "order.locked", "order.disputed", "order.dispute_resolved",
                "order.completed"));
        assertEquals(1, world.rows("SELECT id FROM reputation_event WHERE order_id = ?", UUID.fromString(trade.id()))
                .size(), "the losing seller is penalized once");
    }

    @Test
    @Order(7)
    void lockExpiryTimerDueWhileTheDaemonIsDown() {
        TradeRef trade = world.createOrder("user_expiring", "10");
        world.deposit(trade);
        world.awaitStatus(trade, "ACTIVE", SETTLE);
        world.lock(trade, 300);
        world.awaitStatus(trade, "LOCKED", SETTLE);
        // The timer is in Quartz's tables (the outbox row that schedules it is done) before the crash.
        UUID id = UUID.fromString(trade.id());
        ChildDaemonWorld.await("the lock expiry timer to be scheduled", SETTLE, () -> !world.rows("SELECT id FROM "
                + "order_effect WHERE order_id = ? AND effect = 'SCHEDULE_LOCK_EXPIRY' AND status = 'COMPLETED'", id)
                .isEmpty());
        Instant due = ChildDaemonWorld.instant(world.rows("SELECT fire_at FROM order_effect WHERE order_id = ? AND "
                + "effect = 'SCHEDULE_LOCK_EXPIRY'", id).get(0).get("fire_at"));
        assertTrue(due.isAfter(Instant.now()), "the timer is still ahead when the daemon dies");
        world.killDaemon();
        // Down while the timer comes due; the chain moves past the lock expiry too (the refund needs a later block).
        while (!Instant.now().isAfter(due.plusSeconds(1))) {
            ChildDaemon.sleep(200);
        }
        world.node.chain().advanceTime(NODE_CLOCK_LAG_SECONDS + 5);
        world.startDaemon();
        assertSettledOnce(world, trade, "REFUNDED", "REFUND", List.of("order.created", "order.deposit_confirmed",
                "order.locked", "order.lock_expired", "order.refunded"));
        long fired = world.timeline(trade).stream()
                .filter(e -> String.valueOf(e.get("source")).startsWith("timer:")).count();
        assertEquals(1, fired, "the lock expiry fired once: " + world.timeline(trade));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private TradeRef lockedTrade(String user) {
        TradeRef trade = world.createOrder(user, "10");
        world.deposit(trade);
        world.awaitStatus(trade, "ACTIVE", SETTLE);
        world.lock(trade, 3600);
        world.awaitStatus(trade, "LOCKED", SETTLE);
        return trade;
    }

    private void payAndProve(TradeRef trade) {
        Reply proof = world.submitProof(trade, world.pay(trade));
        assertEquals(202, proof.status(), proof.body().toString());
    }

    /**
     * The trade reached {@code finalStatus} exactly once: one engine transaction for it on the node, its command
     * confirmed, every expected webhook type (and no other) under one id each with valid signatures and all
     * delivered, each timeline source once, nothing refused.
     */
    static void assertSettledOnce(ChildDaemonWorld w, TradeRef trade, String finalStatus, String commandKind,
                                  List<String> expectedTypes) {
        w.awaitStatus(trade, finalStatus, SETTLE);
        ChildDaemonWorld.await("the " + commandKind + " command to be CONFIRMED", SETTLE, () ->
                w.command(trade, commandKind).map(c -> "CONFIRMED".equals(c.get("status"))).orElse(false));
        ChildDaemonWorld.await("every webhook of order " + trade.id() + " delivered", SETTLE, () ->
                w.acknowledgedTypes(trade).containsAll(expectedTypes) && w.rows("SELECT id FROM "
                        + "webhook_delivery WHERE subject_id = ? AND status <> 'DELIVERED'", trade.id()).isEmpty());

        assertEquals(1, w.operatorTransactions(trade).size(), "one engine transaction for the order on-chain");
        assertTrue(w.node.chain().pendingTransactionHashes().isEmpty(), "nothing else waiting to be mined");

        Map<String, List<String>> ids = w.webhookIdsByType(trade);
        assertEquals(new HashSet<>(expectedTypes), ids.keySet(), "webhook types of the order");
        ids.forEach((type, list) -> assertEquals(1, list.size(), type + " under one X-Webhook-Id: " + list));
        assertEquals(expectedTypes, w.acknowledgedTypes(trade), "delivered in the order they happened");
        assertTrue(w.webhooks(trade).stream().allMatch(ChildDaemonWorld.Delivered::signatureValid),
                "every signature verifies");

        List<Map<String, Object>> timeline = w.timeline(trade);
        List<String> sources = new ArrayList<>();
        for (Map<String, Object> entry : timeline) {
            Object source = entry.get("source");
            if (source != null) {
                sources.add(source.toString());
            }
        }
        Set<String> distinct = new HashSet<>(sources);
        assertEquals(distinct.size(), sources.size(), "each chain event, timer and decision applied once: "
                + timeline);
        assertEquals(List.of(), w.refusedFacts(trade), "no fact re-applied or refused");
    }
}
