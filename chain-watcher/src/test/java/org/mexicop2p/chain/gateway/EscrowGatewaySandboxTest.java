package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.chain.support.RecordingEndedCommands;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.rpc.FaultInjector;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandOutcome;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escrow gateway against the sandbox node (which verifies the account signature, the nonce and the release proof,
 * and runs the contract's rules) over real HTTP, on H2 and PostgreSQL.
 */
@DatabaseTest
class EscrowGatewaySandboxTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(250_000_000);

    private ChainHarness harness;
    private SandboxStarknetNode node;
    private ApplicationContext daemon;
    private EscrowCommands gateway;
    private CommandReconciler reconciler;
    private CommandStore store;
    private EscrowReader reader;
    private RecordingEndedCommands endings;

    @BeforeEach
    void start() {
        harness = new ChainHarness();
        node = harness.node();
        daemon = harness.start();
        gateway = daemon.getBean(EscrowCommands.class);
        reconciler = daemon.getBean(CommandReconciler.class);
        store = daemon.getBean(CommandStore.class);
        reader = daemon.getBean(EscrowReader.class);
        endings = daemon.getBean(RecordingEndedCommands.class);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private EscrowOrder lockedOrder(String label) {
        BigInteger orderId = ChainHarness.orderId(label);
        BigInteger seller = node.deposit(orderId, node.usdtAddress(), AMOUNT, Optional.empty()).account();
        BigInteger buyer = node.lockOrder(orderId, 3_600, Optional.empty()).account();
        return new EscrowOrder(Felts.hex(orderId), Felts.hex(seller), Felts.hex(buyer), Felts.hex(node.usdtAddress()),
                AMOUNT);
    }

    /** A CEP replay key: SHA-256 hex of a (stand-in) signed cadena. */
    private static String replayKey(int n) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("||cadena " + n + "||").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long releasedEvents(String orderId) {
        JsonRpcProvider rpc = daemon.getBean(JsonRpcProvider.class);
        return rpc.getEvents(new GetEventsPayload(new BlockId.Number(0), new BlockId.Tag(BlockTag.LATEST),
                        new AddressFilter.Single(new Felt(node.escrowAddress())),
                        List.of(List.of(EscrowAbi.ORDER_RELEASED)), 1_000, null)).send()
                .getEvents().stream().filter(e -> e.getData().get(0).equals(Felt.fromHex(orderId))).count();
    }

    @Test
    void releaseIsRecordedSentAndConfirmed() {
        EscrowOrder order = lockedOrder("release");
        CommandOutcome outcome = gateway.release(order, replayKey(1));
        assertEquals(CommandResult.ACCEPTED, outcome.result());
        assertEquals(CommandStatus.SUBMITTED, outcome.command().status());
        reconciler.reconcileOpen();
        ChainCommand done = gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
        assertEquals(CommandStatus.CONFIRMED, done.status());
        assertEquals(List.of(CommandStatus.INITIATED, CommandStatus.INITIATED, CommandStatus.SUBMITTED,
                CommandStatus.CONFIRMED), store.history(done.id()));
        assertEquals(OnChainOrder.Status.RELEASED, reader.order(order.orderId()).status());
        assertTrue(reader.isProofUsed(done.proofHash()));
        assertEquals(1, releasedEvents(order.orderId()));

        // asking again changes nothing and sends nothing
        assertEquals(CommandResult.ALREADY_REQUESTED, gateway.release(order, replayKey(1)).result());
        assertEquals(CommandResult.CONFLICTING_PROOF, gateway.release(order, replayKey(2)).result());
        assertEquals(1, releasedEvents(order.orderId()));
    }

    @Test
    void oneCepReleasesOneOrderEver() {
        EscrowOrder first = lockedOrder("cep-a");
        EscrowOrder second = lockedOrder("cep-b");
        assertEquals(CommandResult.ACCEPTED, gateway.release(first, replayKey(3)).result());
        CommandOutcome reuse = gateway.release(second, replayKey(3));
        assertEquals(CommandResult.PROOF_ALREADY_USED, reuse.result());
        assertTrue(reuse.rejected());
        assertEquals(Optional.empty(), gateway.find(second.orderId(), CommandKind.RELEASE));
    }

    @Test
    void badInputIsRejectedWithACodeAndRecordsNothing() {
        EscrowOrder order = lockedOrder("bad-input");
        assertEquals(CommandResult.INVALID_REPLAY_KEY, gateway.release(order, "not-a-sha256").result());
        assertEquals(CommandResult.INVALID_REPLAY_KEY, gateway.release(order, null).result());
        assertEquals(CommandResult.INVALID_ORDER, gateway.release(new EscrowOrder("0xzz", order.seller(),
                order.buyer(), order.token(), AMOUNT), replayKey(4)).result());
        assertEquals(CommandResult.INVALID_ORDER, gateway.release(new EscrowOrder(order.orderId(), order.seller(),
                order.buyer(), order.token(), BigInteger.ZERO), replayKey(4)).result());
        assertEquals(CommandResult.INVALID_ORDER, gateway.release(new EscrowOrder("0x" + "f".repeat(64),
                order.seller(), order.buyer(), order.token(), AMOUNT), replayKey(4)).result());
        assertEquals(CommandResult.INVALID_ORDER, gateway.resolveDispute(order, null).result());
        // the contract's state forbids it: not disputed
        assertEquals(CommandResult.ORDER_STATE_FORBIDS, gateway.resolveDispute(order, DisputeWinner.BUYER).result());
        // the core's view disagrees with the chain (other amount)
        assertEquals(CommandResult.ORDER_MISMATCH, gateway.release(new EscrowOrder(order.orderId(), order.seller(),
                order.buyer(), order.token(), AMOUNT.add(BigInteger.ONE)), replayKey(4)).result());
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_command"));
    }

    @Test
    void aReleaseThatRevertsIsRecordedAsReverted() {
        EscrowOrder order = lockedOrder("revert");
        // the seller's dispute reaches the block first; the release, estimated on the latest state, then reverts
        node.chain().setAutoMine(false);
        node.openDispute(Felts.parseHexOrNull(order.orderId()), false);
        CommandOutcome sent = gateway.release(order, replayKey(5));
        assertEquals(CommandStatus.SUBMITTED, sent.command().status());
        node.mine(1);
        reconciler.reconcileOpen();
        ChainCommand reverted = gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
        assertEquals(CommandStatus.REVERTED, reverted.status());
        assertTrue(reverted.detail().startsWith("reverted"), reverted.detail());
        assertEquals(OnChainOrder.Status.DISPUTED, reader.order(order.orderId()).status());
        // the request was answered ACCEPTED long ago: the core is told, once
        assertEquals(List.of(reverted), endings.ended());
        reconciler.reconcileOpen();
        assertEquals(List.of(reverted), endings.ended());

        // a new request reads the contract first: disputed, so nothing is sent; the requester gets the answer
        node.chain().setAutoMine(true);
        assertEquals(CommandResult.ORDER_STATE_FORBIDS, gateway.release(order, replayKey(5)).result());
        assertEquals(1, gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow().attempts());
        assertEquals(List.of(reverted), endings.ended());
        // the arbiter decides for the buyer
        assertEquals(CommandResult.ACCEPTED, gateway.resolveDispute(order, DisputeWinner.BUYER).result());
        reconciler.reconcileOpen();
        assertEquals(CommandStatus.CONFIRMED,
                gateway.find(order.orderId(), CommandKind.RESOLVE_DISPUTE).orElseThrow().status());
        assertEquals(OnChainOrder.Status.RELEASED, reader.order(order.orderId()).status());
    }

    @Test
    void aDroppedTransactionIsResubmittedAfterReadingTheContract() {
        EscrowOrder order = lockedOrder("dropped");
        node.faults().arm(FaultInjector.Kind.DROP_TRANSACTION, 1, 0);
        CommandOutcome sent = gateway.release(order, replayKey(6));
        assertEquals(CommandStatus.SUBMITTED, sent.command().status());
        String droppedHash = sent.command().transactionHash();
        node.mine(1);

        reconciler.reconcileOpen();
        ChainCommand resent = gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
        assertEquals(CommandStatus.SUBMITTED, resent.status());
        assertEquals(2, resent.attempts());
        // same nonce, calldata and fee: the rebroadcast is the very same transaction, so both can never succeed
        assertEquals(droppedHash, resent.transactionHash());
        reconciler.reconcileOpen();
        ChainCommand confirmed = gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
        assertEquals(CommandStatus.CONFIRMED, confirmed.status());
        assertEquals(List.of(CommandStatus.INITIATED, CommandStatus.INITIATED, CommandStatus.SUBMITTED,
                CommandStatus.UNKNOWN, CommandStatus.INITIATED, CommandStatus.INITIATED, CommandStatus.SUBMITTED,
                CommandStatus.CONFIRMED), store.history(confirmed.id()));
        assertEquals(1, releasedEvents(order.orderId()));
    }

    @Test
    void aDroppedReleaseTheContractNoLongerAllowsEndsFailedAndTheCoreIsTold() {
        EscrowOrder order = lockedOrder("dropped-then-disputed");
        node.faults().arm(FaultInjector.Kind.DROP_TRANSACTION, 1, 0);
        CommandOutcome sent = gateway.release(order, replayKey(9));
        assertEquals(CommandResult.ACCEPTED, sent.result());
        // while the release is lost, the buyer disputes (its block drops the release from the pool)
        node.openDispute(Felts.parseHexOrNull(order.orderId()), true);

        reconciler.reconcileOpen();
        ChainCommand failed = gateway.find(order.orderId(), CommandKind.RELEASE).orElseThrow();
        assertEquals(CommandStatus.FAILED, failed.status());
        assertEquals("contract state forbids it now: order is DISPUTED", failed.detail());
        assertEquals(1, failed.attempts(), "nothing was resent");
        assertEquals(List.of(failed), endings.ended());
        reconciler.reconcileOpen();
        assertEquals(List.of(failed), endings.ended());
        assertEquals(0, releasedEvents(order.orderId()));
    }

    @Test
    void concurrentReleaseRequestsForOneOrderSendExactlyOneTransaction() throws Exception {
        EscrowOrder order = lockedOrder("concurrent");
        BigInteger nonceBefore = node.chain().latestNonce(node.operator().address());
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<CommandOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<CommandOutcome> call = () -> {
                go.await();
                return gateway.release(order, replayKey(7));
            };
            futures.add(pool.submit(call));
        }
        go.countDown();
        List<CommandResult> results = new ArrayList<>();
        for (Future<CommandOutcome> f : futures) {
            results.add(f.get().result());
        }
        pool.shutdown();
        assertEquals(1, results.stream().filter(r -> r == CommandResult.ACCEPTED).count(), results.toString());
        assertEquals(threads - 1, results.stream().filter(r -> r == CommandResult.ALREADY_REQUESTED).count());
        reconciler.reconcileOpen();
        assertEquals(1, releasedEvents(order.orderId()));
        assertEquals(nonceBefore.add(BigInteger.ONE), node.chain().latestNonce(node.operator().address()));
        assertEquals(1, harness.count("SELECT COUNT(*) FROM chain_command"));
    }

    @Test
    void refundIsSentByTheOwner() {
        BigInteger orderId = ChainHarness.orderId("refund");
        BigInteger seller = node.deposit(orderId, node.usdcAddress(), AMOUNT, Optional.empty()).account();
        EscrowOrder order = new EscrowOrder(Felts.hex(orderId), Felts.hex(seller), "0x0",
                Felts.hex(node.usdcAddress()), AMOUNT);
        CommandOutcome outcome = gateway.refund(order);
        assertEquals(CommandResult.ACCEPTED, outcome.result());
        assertNull(outcome.command().proofHash());
        reconciler.reconcileOpen();
        assertEquals(CommandStatus.CONFIRMED, gateway.find(order.orderId(), CommandKind.REFUND).orElseThrow().status());
        assertEquals(OnChainOrder.Status.REFUNDED, reader.order(order.orderId()).status());
        assertEquals(List.of(), endings.ended(), "a confirmed command is no ending to report");
    }

    @Test
    void withoutOperatorKeysNothingIsRecorded() {
        ApplicationContext unconfigured = harness.start(Map.of("mp2p.chain.operator-private-key", ""));
        EscrowOrder order = lockedOrder("no-keys");
        assertEquals(CommandResult.NOT_CONFIGURED,
                unconfigured.getBean(EscrowCommands.class).release(order, replayKey(8)).result());
        assertEquals(0, harness.count("SELECT COUNT(*) FROM chain_command"));
    }
}
