package org.mexicop2p.chain.watch;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.rpc.FaultInjector;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watcher against the sandbox node over real HTTP through starknet-jvm, on H2 and PostgreSQL: every event type,
 * pagination over thousands of events, reorgs, a crash between fetching and committing, duplicate pages, RPC faults,
 * and L1 finality.
 */
@DatabaseTest
class ChainWatcherSandboxTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(100_000_000);

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

    static PollOutcome catchUp(ChainWatcher watcher) {
        for (int i = 0; i < 10_000; i++) {
            PollOutcome outcome = watcher.pollOnce();
            if (outcome == PollOutcome.UP_TO_DATE) {
                return outcome;
            }
        }
        throw new AssertionError("watcher did not catch up");
    }

    private List<String> liveEventTypes(BigInteger orderId) {
        return harness.column("SELECT event_type FROM chain_event WHERE retracted = FALSE AND order_id = '"
                + Felts.hex(orderId) + "' ORDER BY block_number, event_index");
    }

    private EscrowOrder order(BigInteger orderId, BigInteger seller, BigInteger buyer) {
        return new EscrowOrder(Felts.hex(orderId), Felts.hex(seller), Felts.hex(buyer), Felts.hex(node.usdcAddress()),
                AMOUNT);
    }

    @Test
    void everyOrderEventTypeBecomesAFactWithItsFields() {
        ApplicationContext daemon = harness.start();
        ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
        EscrowCommands gateway = daemon.getBean(EscrowCommands.class);

        BigInteger released = ChainHarness.orderId("released");
        BigInteger seller1 = node.deposit(released, node.usdcAddress(), AMOUNT, Optional.empty()).account();
        BigInteger buyer1 = node.lockOrder(released, 3_600, Optional.empty()).account();
        assertEquals(CommandResult.ACCEPTED, gateway.release(order(released, seller1, buyer1), "ab".repeat(32)).result());

        BigInteger refunded = ChainHarness.orderId("refunded");
        BigInteger seller2 = node.deposit(refunded, node.usdcAddress(), AMOUNT, Optional.empty()).account();
        assertEquals(CommandResult.ACCEPTED, gateway.refund(order(refunded, seller2, BigInteger.ZERO)).result());

        BigInteger disputed = ChainHarness.orderId("disputed");
        BigInteger seller3 = node.deposit(disputed, node.usdcAddress(), AMOUNT, Optional.empty()).account();
        BigInteger buyer3 = node.lockOrder(disputed, 3_600, Optional.empty()).account();
        node.openDispute(disputed, true);
        assertEquals(CommandResult.ACCEPTED,
                gateway.resolveDispute(order(disputed, seller3, buyer3), DisputeWinner.SELLER).result());

        catchUp(watcher);
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "ORDER_RELEASED"), liveEventTypes(released));
        assertEquals(List.of("ORDER_CREATED", "ORDER_REFUNDED"), liveEventTypes(refunded));
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "DISPUTE_OPENED", "DISPUTE_RESOLVED"),
                liveEventTypes(disputed));
        String id = "'" + Felts.hex(disputed) + "'";
        assertEquals(List.of(Felts.hex(seller3)), harness.column(
                "SELECT party FROM chain_event WHERE event_type = 'ORDER_CREATED' AND order_id = " + id));
        assertEquals(List.of(AMOUNT.toString()), harness.column(
                "SELECT amount_base_units FROM chain_event WHERE event_type = 'ORDER_CREATED' AND order_id = " + id));
        assertEquals(List.of(Felts.hex(buyer3)), harness.column(
                "SELECT party FROM chain_event WHERE event_type = 'DISPUTE_OPENED' AND order_id = " + id));
        assertEquals(List.of(Felts.hex(seller3)), harness.column(
                "SELECT winner FROM chain_event WHERE event_type = 'DISPUTE_RESOLVED' AND order_id = " + id));
        assertEquals(List.of(Felts.hex(node.arbiterAddress())), harness.column(
                "SELECT party FROM chain_event WHERE event_type = 'DISPUTE_RESOLVED' AND order_id = " + id));

        WatcherStatus.Snapshot status = daemon.getBean(WatcherStatus.class).snapshot();
        assertEquals(node.chain().head().number(), status.headBlock());
        assertEquals(status.headBlock(), status.cursorBlock());
        assertEquals(0, status.lagBlocks());
        assertEquals(9, status.eventsApplied());
    }

    @Test
    void readsThousandsOfEventsAcrossManyPages() {
        ApplicationContext daemon = harness.start(Map.of("mp2p.chain.chunk-size", "97",
                "mp2p.chain.blocks-per-poll", "7"));
        SandboxStarknetNode.BulkResult bulk = node.bulkDeposit(2_500, node.usdcAddress(), AMOUNT, true, 250);
        catchUp(daemon.getBean(ChainWatcher.class));
        assertEquals(5_000, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(5_000, harness.count("SELECT COUNT(DISTINCT block_hash || transaction_hash || "
                + "CAST(event_index AS VARCHAR(10))) FROM chain_event"));
        assertEquals(2_500, harness.count("SELECT COUNT(*) FROM chain_event WHERE event_type = 'ORDER_LOCKED'"));
        assertEquals(Felts.hex(bulk.lastBlock()), Felts.hex(Long.parseLong(harness.column(
                "SELECT block_number FROM chain_cursor").get(0))));
    }

    @Test
    void aReorgThatReplacesALockRetractsTheOldBuyerAndAppliesTheNewOne() {
        ApplicationContext daemon = harness.start();
        ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
        BigInteger orderId = ChainHarness.orderId("reorg");
        BigInteger seller = node.deposit(orderId, node.usdcAddress(), AMOUNT, Optional.empty()).account();
        BigInteger firstBuyer = node.lockOrder(orderId, 3_600, Optional.empty()).account();
        catchUp(watcher);
        assertEquals(List.of(Felts.hex(firstBuyer)), harness.column("SELECT party FROM chain_event "
                + "WHERE event_type = 'ORDER_LOCKED' AND retracted = FALSE"));

        node.chain().reorg(1, true);
        BigInteger secondBuyer = node.lockOrder(orderId, 3_600, Optional.empty()).account();

        assertEquals(PollOutcome.ROLLED_BACK, watcher.pollOnce());
        catchUp(watcher);
        assertEquals(List.of(Felts.hex(secondBuyer)), harness.column("SELECT party FROM chain_event "
                + "WHERE event_type = 'ORDER_LOCKED' AND retracted = FALSE"));
        assertEquals(List.of(Felts.hex(firstBuyer)), harness.column("SELECT party FROM chain_event "
                + "WHERE event_type = 'ORDER_LOCKED' AND retracted = TRUE"));
        assertEquals(1, daemon.getBean(WatcherStatus.class).snapshot().reorgs());

        // the core's stale view (first buyer) must not be released to: the chain's order has another buyer now
        EscrowCommands gateway = daemon.getBean(EscrowCommands.class);
        assertEquals(CommandResult.ORDER_MISMATCH,
                gateway.release(order(orderId, seller, firstBuyer), "cd".repeat(32)).result());
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_command"));
    }

    @Test
    void aCrashBetweenFetchingAndCommittingNeitherLosesNorRepeatsAnEffect() {
        node.bulkDeposit(40, node.usdcAddress(), AMOUNT, true, 10);
        ApplicationContext first = harness.start();
        ChainWatcher crashing = new ChainWatcher(first.getBean(ChainConfig.class),
                first.getBean(com.swmansion.starknet.provider.rpc.JsonRpcProvider.class),
                first.getBean(WatcherLedger.class), first.getBean(WatcherStatus.class), next -> {
                    throw new IllegalStateException("process killed before commit of block " + next.blockNumber());
                });
        assertThrows(IllegalStateException.class, crashing::pollOnce);
        // the transaction rolled back: no cursor, no facts, no remembered blocks
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_cursor"));
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_block"));
        first.close();

        ApplicationContext restarted = harness.start();
        catchUp(restarted.getBean(ChainWatcher.class));
        assertEquals(80, harness.count("SELECT COUNT(*) FROM chain_event"));

        // a crash after a few committed batches: the next process resumes from the committed cursor
        node.bulkDeposit(30, node.usdcAddress(), AMOUNT, false, 5);
        ChainWatcher crashAgain = new ChainWatcher(restarted.getBean(ChainConfig.class),
                restarted.getBean(com.swmansion.starknet.provider.rpc.JsonRpcProvider.class),
                restarted.getBean(WatcherLedger.class), restarted.getBean(WatcherStatus.class), next -> {
                    throw new IllegalStateException("killed");
                });
        String cursorBefore = harness.column("SELECT block_number FROM chain_cursor").get(0);
        assertThrows(IllegalStateException.class, crashAgain::pollOnce);
        assertEquals(cursorBefore, harness.column("SELECT block_number FROM chain_cursor").get(0));
        restarted.close();
        ApplicationContext third = harness.start();
        catchUp(third.getBean(ChainWatcher.class));
        assertEquals(110, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(110, harness.count("SELECT COUNT(DISTINCT order_id || event_type) FROM chain_event"));
    }

    @Test
    void aLargeRangeIsCommittedInBoundedTransactions() throws Exception {
        // 10 blocks of 200 events in one poll's range; pages of 150 do not line up with blocks
        SandboxStarknetNode.BulkResult bulk = node.bulkDeposit(1_000, node.usdcAddress(), AMOUNT, true, 100);
        try (ReplayingProxy counter = new ReplayingProxy(harness.rpcUrl(), 0)) {
            ApplicationContext daemon = harness.start(Map.of("mp2p.chain.rpc-url", counter.url(),
                    "mp2p.chain.chunk-size", "150", "mp2p.chain.max-events-per-commit", "500",
                    "mp2p.chain.blocks-per-poll", "100"));
            ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
            long committed = 0;
            int commits = 0;
            PollOutcome outcome;
            while ((outcome = watcher.pollOnce()) != PollOutcome.UP_TO_DATE) {
                assertEquals(PollOutcome.ADVANCED, outcome);
                long now = harness.count("SELECT COUNT(*) FROM chain_event");
                assertTrue(now - committed <= 500, "one commit held " + (now - committed) + " events");
                // a range is only ever cut after a whole block
                assertEquals(0, now % 200, "a commit ended inside a block");
                committed = now;
                commits++;
            }
            assertTrue(commits >= 5, "expected several bounded commits, got " + commits);
            // each cut range's query was continued, the cut block's events carried over: 2,000 events in 14 pages
            assertEquals(14, counter.getEventsRequests());
        }
        assertEquals(2_000, harness.count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(2_000, harness.count("SELECT COUNT(DISTINCT block_hash || transaction_hash || "
                + "CAST(event_index AS VARCHAR(10))) FROM chain_event"));
        assertEquals(bulk.lastBlock(), Long.parseLong(harness.column("SELECT block_number FROM chain_cursor").get(0)));
    }

    @Test
    void aPageDeliveredTwiceIsAppliedOnce() throws Exception {
        node.bulkDeposit(300, node.usdcAddress(), AMOUNT, false, 300);
        try (ReplayingProxy proxy = new ReplayingProxy(harness.rpcUrl(), 2)) {
            ApplicationContext daemon = harness.start(Map.of("mp2p.chain.rpc-url", proxy.url(),
                    "mp2p.chain.chunk-size", "100"));
            catchUp(daemon.getBean(ChainWatcher.class));
            assertTrue(proxy.replayed(), "the proxy replayed a page");
            assertEquals(300, harness.count("SELECT COUNT(*) FROM chain_event"));
            assertEquals(100, daemon.getBean(WatcherStatus.class).snapshot().duplicateEventsDropped());
        }
    }

    @Test
    void aBatchCommittedTwiceIsRefusedByTheCursor() {
        node.bulkDeposit(5, node.usdcAddress(), AMOUNT, false, 5);
        ApplicationContext daemon = harness.start();
        WatcherLedger ledger = daemon.getBean(WatcherLedger.class);
        ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
        catchUp(watcher);
        long events = harness.count("SELECT COUNT(*) FROM chain_event");
        // a second watcher (or a replay of the same batch) still believing the old cursor changes nothing
        assertThrows(WatcherLedger.StaleCursorException.class, () -> ledger.commitBatch(Optional.empty(),
                new org.mexicop2p.settlement.chain.BlockRef(1, "0x1"), List.of(), List.of(), 100,
                WatcherLedger.BeforeCommit.NONE));
        assertEquals(events, harness.count("SELECT COUNT(*) FROM chain_event"));
    }

    @Test
    void survivesRpcFaultsWithBackOffAndReportsTheLastError() throws Exception {
        BigInteger orderId = ChainHarness.orderId("faults");
        node.deposit(orderId, node.usdcAddress(), AMOUNT, Optional.empty());
        ApplicationContext first = harness.start(Map.of("mp2p.chain.rpc-timeout-ms", "1000"));
        ChainWatcher watcher = first.getBean(ChainWatcher.class);
        node.faults().arm(FaultInjector.Kind.HTTP_503, 1, 0);
        assertThrows(RuntimeException.class, watcher::pollOnce);
        node.faults().arm(FaultInjector.Kind.RATE_LIMIT, 1, 0);
        assertThrows(RuntimeException.class, watcher::pollOnce);
        node.faults().arm(FaultInjector.Kind.DELAY, 1, 3_000);
        assertThrows(RuntimeException.class, watcher::pollOnce);
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_event"));
        // one daemon leads at a time: stop this one so the next one's runner holds the chain-leader lease
        first.close();

        // the background runner backs off through a burst of faults and catches up by itself
        node.faults().arm(FaultInjector.Kind.HTTP_500, 3, 0);
        ApplicationContext runner = harness.start(Map.of("mp2p.chain.watcher-enabled", "true",
                "mp2p.chain.poll-interval-ms", "20", "mp2p.chain.max-backoff-ms", "200"));
        WatcherStatus status = runner.getBean(WatcherStatus.class);
        long deadline = System.currentTimeMillis() + 20_000;
        WatcherStatus.Snapshot snapshot = status.snapshot();
        while ((snapshot.cursorBlock() < node.chain().head().number() || snapshot.consecutiveFailures() > 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            snapshot = status.snapshot();
        }
        runner.close();
        assertEquals(List.of("ORDER_CREATED"), liveEventTypes(orderId));
        assertNotNull(snapshot.lastError(), "the faults were reported");
        assertEquals(0, snapshot.consecutiveFailures());
        assertEquals(0, snapshot.lagBlocks());
    }

    @Test
    void l1FinalityWaitsForL1Acceptance() {
        BigInteger orderId = ChainHarness.orderId("l1");
        node.deposit(orderId, node.usdcAddress(), AMOUNT, Optional.empty());
        ChainWatcher watcher = harness.start(Map.of("mp2p.chain.finality", "ACCEPTED_ON_L1"))
                .getBean(ChainWatcher.class);
        catchUp(watcher);
        assertEquals(List.of(), liveEventTypes(orderId));
        node.chain().acceptOnL1(node.chain().head().number());
        catchUp(watcher);
        assertEquals(List.of("ORDER_CREATED"), liveEventTypes(orderId));
    }
}
