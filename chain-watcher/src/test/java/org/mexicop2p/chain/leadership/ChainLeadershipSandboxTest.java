package org.mexicop2p.chain.leadership;

import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.gateway.CommandReconciler;
import org.mexicop2p.chain.gateway.CommandStore;
import org.mexicop2p.chain.gateway.EscrowTransactions;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.chain.support.RecordingEndedCommands;
import org.mexicop2p.chain.watch.ChainWatcher;
import org.mexicop2p.chain.watch.PollOutcome;
import org.mexicop2p.chain.watch.WatcherStatus;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandOutcome;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.settlement.leadership.FencedOutException;
import org.mexicop2p.settlement.leadership.LeaseResult;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two daemons (application contexts) on one database and one sandbox node, H2 and PostgreSQL: exactly one polls and
 * sends; the other takes over when the leader stops cleanly or stops renewing; a stale leader's cursor and command
 * commits are refused by the fencing token; and a leader change in the middle of a release sends no second
 * transaction.
 */
@DatabaseTest
class ChainLeadershipSandboxTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(100_000_000);
    /**
     * Lease TTL of the daemons that renew in the background: long enough that a loaded CI host never lets a renewal
     * lapse by accident, short against what the clean-stop test measures (a takeover well before it).
     */
    private static final long RUNNING_TTL_MS = 10_000;
    /** Lease TTL of the leader that pauses: the test waits it out. */
    private static final long PAUSED_TTL_MS = 3_000;

    private ChainHarness harness;
    private SandboxStarknetNode node;

    @BeforeEach
    void start() {
        harness = new ChainHarness();
        node = harness.node();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** A daemon with its background watcher and lease renewer, as in production (short TTL for the test). */
    private ApplicationContext runningDaemon(String id) {
        return harness.start(Map.of("mp2p.leadership.instance-id", id,
                "mp2p.leadership.lease-ttl-ms", Long.toString(RUNNING_TTL_MS),
                "mp2p.leadership.renew-interval-ms", "500",
                "mp2p.chain.watcher-enabled", "true", "mp2p.chain.poll-interval-ms", "50"));
    }

    /** A daemon whose lease the test drives ({@link ChainLeadership#tick()}): it can play a leader that pauses. */
    private ApplicationContext pausableDaemon(String id, long ttlMs, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("mp2p.leadership.instance-id", id);
        p.put("mp2p.leadership.renewer-enabled", "false");
        p.put("mp2p.leadership.lease-ttl-ms", Long.toString(ttlMs));
        p.put("mp2p.leadership.renew-interval-ms", "500");
        return harness.start(p);
    }

    private static void await(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private EscrowOrder lockedOrder(String label) {
        BigInteger orderId = ChainHarness.orderId(label);
        BigInteger seller = node.deposit(orderId, node.usdtAddress(), AMOUNT, Optional.empty()).account();
        BigInteger buyer = node.lockOrder(orderId, 3_600, Optional.empty()).account();
        return new EscrowOrder(Felts.hex(orderId), Felts.hex(seller), Felts.hex(buyer), Felts.hex(node.usdtAddress()),
                AMOUNT);
    }

    /** Transactions the operator account ever sent that the node accepted: its nonce. */
    private long operatorTransactions() {
        return node.chain().pendingNonce(node.operator().address()).longValueExact();
    }

    private long releasedEvents(EscrowOrder order) {
        return harness.count("SELECT COUNT(*) FROM chain_event WHERE event_type = 'ORDER_RELEASED' AND retracted = "
                + "FALSE AND order_id = '" + order.orderId() + "'");
    }

    private boolean caughtUp(ApplicationContext daemon) {
        return daemon.getBean(WatcherStatus.class).snapshot().cursorBlock() == node.chain().head().number();
    }

    private void releaseAsFollowerIsRefused(ApplicationContext follower, EscrowOrder order) {
        CommandOutcome refused = follower.getBean(EscrowCommands.class).release(order, "ee".repeat(32));
        assertEquals(CommandResult.NOT_LEADER, refused.result());
    }

    @Test
    void exactlyOneDaemonPollsAndSendsAndTheOtherTakesOverWhenTheLeaderStops() throws InterruptedException {
        node.bulkDeposit(20, node.usdcAddress(), AMOUNT, true, 5);
        EscrowOrder order = lockedOrder("one-leader");
        ApplicationContext a = runningDaemon("daemon-a");
        ApplicationContext b = runningDaemon("daemon-b");
        ChainLeadership leaderA = a.getBean(ChainLeadership.class);
        ChainLeadership leaderB = b.getBean(ChainLeadership.class);
        assertTrue(leaderA.isLeader());
        assertFalse(leaderB.isLeader());

        await(() -> caughtUp(a), 30_000, "daemon-a catches up");
        assertEquals(42, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertNull(b.getBean(WatcherStatus.class).snapshot().lastPollAt(), "the follower never polled");
        ChainLeadership.State seenByB = leaderB.state();
        assertEquals("daemon-a", seenByB.holderId());
        assertFalse(seenByB.isMe());
        assertTrue(leaderA.state().isMe());

        // only the leader sends: the follower's request records nothing and sends nothing
        releaseAsFollowerIsRefused(b, order);
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_command"));
        assertEquals(0, operatorTransactions());
        CommandOutcome sent = a.getBean(EscrowCommands.class).release(order, "ab".repeat(32));
        // ALREADY_REQUESTED when the leader's own reconciler picked the fresh INITIATED record up and sent it first
        assertTrue(List.of(CommandResult.ACCEPTED, CommandResult.ALREADY_REQUESTED).contains(sent.result()),
                sent.result().name());
        await(() -> operatorTransactions() == 1, 30_000, "the leader sends the release");

        // a clean stop releases the lease: the follower takes over without waiting for the TTL
        long stoppedAt = System.nanoTime();
        a.close();
        await(leaderB::isLeader, RUNNING_TTL_MS, "daemon-b takes over");
        assertTrue(System.nanoTime() - stoppedAt < TimeUnit.MILLISECONDS.toNanos(RUNNING_TTL_MS),
                "took over before the TTL");
        assertEquals(2, leaderB.fencingToken().orElseThrow());

        // the new leader resumes from the durable records: the cursor, and the command it reconciles to CONFIRMED
        node.bulkDeposit(5, node.usdcAddress(), AMOUNT, false, 5);
        await(() -> caughtUp(b), 30_000, "daemon-b catches up");
        CommandStore store = b.getBean(CommandStore.class);
        await(() -> store.find(order.orderId(), CommandKind.RELEASE).orElseThrow().command().status()
                == CommandStatus.CONFIRMED, 30_000, "daemon-b reconciles the release");
        assertEquals(48, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(48, harness.count("SELECT COUNT(DISTINCT block_hash || transaction_hash || "
                + "CAST(event_index AS VARCHAR(10))) FROM chain_event"));
        assertEquals(1, releasedEvents(order));
        assertEquals(1, operatorTransactions());
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedAfterTheTtlAndDoesNothingWhenItWakes() throws InterruptedException {
        node.bulkDeposit(10, node.usdcAddress(), AMOUNT, false, 5);
        EscrowOrder order = lockedOrder("paused");
        ApplicationContext paused = pausableDaemon("daemon-paused", PAUSED_TTL_MS, Map.of());
        ChainLeadership pausedLease = paused.getBean(ChainLeadership.class);
        assertEquals(LeaseResult.ACQUIRED, pausedLease.tick());
        long acquiredAt = System.nanoTime();

        ApplicationContext successor = runningDaemon("daemon-successor");
        ChainLeadership successorLease = successor.getBean(ChainLeadership.class);
        assertFalse(successorLease.isLeader());
        await(successorLease::isLeader, PAUSED_TTL_MS * 3, "the successor takes over after the TTL");
        assertTrue(System.nanoTime() - acquiredAt >= TimeUnit.MILLISECONDS.toNanos(PAUSED_TTL_MS),
                "not before the paused leader's lease expired");
        await(() -> caughtUp(successor), 30_000, "the successor catches up");
        assertEquals(12, harness.count("SELECT COUNT(*) FROM chain_event"));

        // the paused leader wakes up: its lease ran out, so it sends nothing and cannot take the lease back
        assertFalse(pausedLease.isLeader());
        releaseAsFollowerIsRefused(paused, order);
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_command"));
        assertEquals(LeaseResult.HELD_BY_ANOTHER, pausedLease.tick());

        // nor commit what it reads, even once nobody else leads, until it has acquired the lease anew
        successor.close();
        node.bulkDeposit(5, node.usdcAddress(), AMOUNT, false, 5);
        ChainWatcher wokenWatcher = paused.getBean(ChainWatcher.class);
        assertEquals(PollOutcome.FENCED_OUT, wokenWatcher.pollOnce());
        assertEquals(12, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(LeaseResult.ACQUIRED, pausedLease.tick());
        assertEquals(3, pausedLease.fencingToken().orElseThrow());
        while (wokenWatcher.pollOnce() != PollOutcome.UP_TO_DATE) {
            Thread.onSpinWait();
        }
        assertEquals(17, harness.count("SELECT COUNT(*) FROM chain_event"));
    }

    @Test
    void aStaleLeadersCursorAndCommandCommitsAreRefusedByTheFencingToken() throws InterruptedException {
        node.bulkDeposit(10, node.usdcAddress(), AMOUNT, true, 5);
        EscrowOrder order = lockedOrder("stale");
        // a long TTL: the stale leader still believes it leads; only the database's token can stop it
        ApplicationContext stale = pausableDaemon("daemon-stale", 60_000, Map.of());
        ApplicationContext next = pausableDaemon("daemon-next", 60_000, Map.of());
        ChainLeadership staleLease = stale.getBean(ChainLeadership.class);
        assertEquals(LeaseResult.ACQUIRED, staleLease.tick());
        // the stale leader starts a release: recorded INITIATED, about to be signed and sent
        CommandStore.Stored initiated = stale.getBean(CommandStore.class)
                .insertInitiated(order, CommandKind.RELEASE, "0x" + "1".repeat(62), null);

        // its lease ends by the database's clock (a pause, a partition), and the next daemon takes over
        expireLeaseInDatabase();
        assertEquals(LeaseResult.ACQUIRED, next.getBean(ChainLeadership.class).tick());
        assertTrue(staleLease.isLeader(), "the stale leader still believes it leads");

        FencedOutException refused = assertThrows(FencedOutException.class,
                () -> stale.getBean(EscrowTransactions.class).send(initiated, CommandStore.Origin.REQUEST));
        assertEquals(FencedOutException.Reason.TOKEN_SUPERSEDED, refused.reason());
        assertEquals(0, operatorTransactions(), "nothing was sent");
        assertEquals(CommandStatus.INITIATED, next.getBean(CommandStore.class).byId(initiated.command().id())
                .orElseThrow().command().status());
        // it reads a batch of events and tries to commit it with the cursor: refused, rolled back
        assertEquals(PollOutcome.FENCED_OUT, stale.getBean(ChainWatcher.class).pollOnce());
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_cursor"));
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_block"));
        assertFalse(staleLease.isLeader());

        // the new leader resumes: the cursor from the start, the INITIATED command reconciled against the contract
        ChainWatcher watcher = next.getBean(ChainWatcher.class);
        while (watcher.pollOnce() != PollOutcome.UP_TO_DATE) {
            Thread.onSpinWait();
        }
        assertEquals(22, harness.count("SELECT COUNT(*) FROM chain_event"));
        List<ChainCommand> reconciled = next.getBean(CommandReconciler.class).reconcileOpen();
        assertEquals(1, reconciled.size());
        next.getBean(CommandReconciler.class).reconcileOpen();
        assertEquals(CommandStatus.CONFIRMED, next.getBean(CommandStore.class).byId(initiated.command().id())
                .orElseThrow().command().status());
        assertEquals(1, operatorTransactions());
    }

    @Test
    void aStaleLeaderCannotEndACommandAndTheNewLeaderReportsTheEndingOnce() {
        EscrowOrder order = lockedOrder("stale-revert");
        ApplicationContext stale = pausableDaemon("daemon-stale", 60_000, Map.of());
        ApplicationContext next = pausableDaemon("daemon-next", 60_000, Map.of());
        assertEquals(LeaseResult.ACQUIRED, stale.getBean(ChainLeadership.class).tick());
        // the seller's dispute reaches the block first; the release, estimated on the latest state, then reverts
        node.chain().setAutoMine(false);
        node.openDispute(new BigInteger(order.orderId().substring(2), 16), false);
        assertEquals(CommandResult.ACCEPTED,
                stale.getBean(EscrowCommands.class).release(order, "ef".repeat(32)).result());
        node.mine(1);
        expireLeaseInDatabase();
        assertEquals(LeaseResult.ACQUIRED, next.getBean(ChainLeadership.class).tick());

        // the stale leader sees the revert, but the fencing check refuses the ending and so the report
        assertEquals(List.of(), stale.getBean(CommandReconciler.class).reconcileOpen());
        assertEquals(List.of(), stale.getBean(RecordingEndedCommands.class).ended());
        CommandStore store = next.getBean(CommandStore.class);
        assertEquals(CommandStatus.SUBMITTED,
                store.find(order.orderId(), CommandKind.RELEASE).orElseThrow().command().status());

        next.getBean(CommandReconciler.class).reconcileOpen();
        next.getBean(CommandReconciler.class).reconcileOpen();
        ChainCommand reverted = store.find(order.orderId(), CommandKind.RELEASE).orElseThrow().command();
        assertEquals(CommandStatus.REVERTED, reverted.status());
        assertEquals(List.of(reverted), next.getBean(RecordingEndedCommands.class).ended());
        assertEquals(List.of(), stale.getBean(RecordingEndedCommands.class).ended());
    }

    @Test
    void aLeaderChangeInTheMiddleOfAReleaseSendsNoSecondTransaction() throws Exception {
        EscrowOrder order = lockedOrder("mid-release");
        String replayKey = "cd".repeat(32);
        try (InvokeHoldingProxy proxy = new InvokeHoldingProxy(harness.rpcUrl())) {
            ApplicationContext old = pausableDaemon("daemon-old", 60_000, Map.of("mp2p.chain.rpc-url", proxy.url()));
            ApplicationContext next = pausableDaemon("daemon-new", 60_000, Map.of());
            assertEquals(LeaseResult.ACQUIRED, old.getBean(ChainLeadership.class).tick());

            CompletableFuture<CommandOutcome> sending = CompletableFuture.supplyAsync(
                    () -> old.getBean(EscrowCommands.class).release(order, replayKey));
            assertTrue(proxy.awaitInvokeForwarded(30_000), "the release reached the node");
            // the node has the transaction; before the old leader records SUBMITTED, leadership changes
            expireLeaseInDatabase();
            assertEquals(LeaseResult.ACQUIRED, next.getBean(ChainLeadership.class).tick());
            proxy.letGo();
            CommandOutcome oldOutcome = sending.get(30, TimeUnit.SECONDS);
            assertEquals(CommandResult.NOT_LEADER, oldOutcome.result());
            ChainCommand left = oldOutcome.command();
            assertEquals(CommandStatus.INITIATED, left.status(), "the SUBMITTED record was refused");
            assertTrue(left.transactionHash() != null, "the attempt's hash was recorded before the send");

            // the new leader's effect runner asks again: the record exists, nothing new is sent
            EscrowCommands newGateway = next.getBean(EscrowCommands.class);
            assertEquals(CommandResult.ALREADY_REQUESTED, newGateway.release(order, replayKey).result());
            // its reconciler follows the old attempt's hash instead of sending again
            next.getBean(CommandReconciler.class).reconcileOpen();
            ChainCommand done = newGateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
            assertEquals(CommandStatus.CONFIRMED, done.status());
            assertEquals(left.transactionHash(), done.transactionHash());
            assertEquals(1, operatorTransactions(), "exactly one transaction on the node");
            JsonRpcProvider rpc = next.getBean(JsonRpcProvider.class);
            assertEquals(BigInteger.ONE, rpc.getNonce(new Felt(node.operator().address()), BlockTag.LATEST)
                    .send().getValue());
            ChainWatcher watcher = next.getBean(ChainWatcher.class);
            while (watcher.pollOnce() != PollOutcome.UP_TO_DATE) {
                Thread.onSpinWait();
            }
            assertEquals(1, releasedEvents(order));
            assertEquals(1, harness.count("SELECT COUNT(DISTINCT transaction_hash) FROM chain_command_log "
                    + "WHERE transaction_hash IS NOT NULL"));
        }
    }

    /** The lease's expiry passes by the database's clock (as after a pause or a partition longer than the TTL). */
    private void expireLeaseInDatabase() {
        harness.execute("UPDATE leadership_lease SET expires_at = CURRENT_TIMESTAMP WHERE role = 'chain-leader'");
    }
}
