package org.mexicop2p.sandbox.starknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.swmansion.starknet.account.StandardAccount;
import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockStatus;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Call;
import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.ProcessedBlockWithTransactionHashes;
import com.swmansion.starknet.data.types.ResourceBounds;
import com.swmansion.starknet.data.types.ResourceBoundsMapping;
import com.swmansion.starknet.data.types.TransactionStatus;
import com.swmansion.starknet.data.types.Uint128;
import com.swmansion.starknet.data.types.Uint64;
import com.swmansion.starknet.provider.exceptions.RequestFailedException;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reorgs, L1 acceptance and injected faults, observed through starknet-jvm as a watcher would see them. */
class ReorgFinalityAndFaultsTest {

    private static final String ORDER = "0x77aa01";

    private SandboxStarknetNode node;
    private JsonRpcProvider provider;
    private RawRpc rpc;

    @BeforeEach
    void start() throws Exception {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        provider = new JsonRpcProvider(node.rpcUrl().toString());
        rpc = new RawRpc(node.rpcUrl());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<EmittedEvent> escrowEvents() {
        return provider.getEvents(new GetEventsPayload(new BlockId.Number(0), new BlockId.Tag(BlockTag.LATEST),
                new AddressFilter.Single(new Felt(node.escrowAddress())), List.of(), 1000, null)).send().getEvents();
    }

    private ProcessedBlockWithTransactionHashes block(int number) {
        return assertInstanceOf(ProcessedBlockWithTransactionHashes.class, provider.getBlockWithTxHashes(number).send());
    }

    @Test
    void reorgDropsALockAndAnotherBuyersLockReplacesIt() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"" + ORDER + "\", \"token\": \"USDC\", \"amount\": \"1000000\"}");
        JsonNode firstLock = rpc.call("sandbox_lockOrder", "{\"order_id\": \"" + ORDER + "\", \"duration_seconds\": 900}");
        int lockBlock = provider.getBlockNumber().send().getValue();
        Felt orphanHash = block(lockBlock).getBlockHash();

        JsonNode reorg = rpc.call("sandbox_reorg", "{\"depth\": 1, \"drop_transactions\": true}");
        assertEquals(orphanHash.hexString(), reorg.get("orphaned_block_hashes").get(0).asText());
        assertEquals(lockBlock, reorg.get("block_number").asInt(), "the head is rebuilt at the same height");
        assertNotEquals(orphanHash, block(lockBlock).getBlockHash());
        assertEquals(block(lockBlock - 1).getBlockHash(), block(lockBlock).getParentHash());
        assertEquals(24, assertThrows(RpcRequestFailedException.class,
                () -> provider.getBlockWithTxHashes(orphanHash).send()).getCode());
        assertEquals(29, assertThrows(RpcRequestFailedException.class, () -> provider.getTransactionStatus(
                Felt.fromHex(firstLock.get("transaction_hash").asText())).send()).getCode());
        assertEquals(1, escrowEvents().size(), "the orphaned OrderLocked must be gone");

        JsonNode secondLock = rpc.call("sandbox_lockOrder", "{\"order_id\": \"" + ORDER + "\", \"duration_seconds\": 900}");
        assertEquals("SUCCEEDED", secondLock.get("execution_status").asText(), "the order is Open again after the reorg");
        List<EmittedEvent> events = escrowEvents();
        assertEquals(2, events.size());
        assertEquals(Selector.selectorFromName("OrderLocked"), events.get(1).getKeys().get(0));
        assertEquals(Felt.fromHex(secondLock.get("buyer").asText()), events.get(1).getData().get(1));
        assertNotEquals(firstLock.get("buyer").asText(), secondLock.get("buyer").asText());
    }

    @Test
    void reorgWithoutDroppingReplaysTheTransactionsIntoNewBlocks() {
        JsonNode deposit = rpc.call("sandbox_deposit", "{\"order_id\": \"" + ORDER
                + "\", \"token\": \"USDT\", \"amount\": \"42\"}");
        EmittedEvent before = escrowEvents().get(0);
        rpc.call("sandbox_reorg", "{\"depth\": 1}");
        EmittedEvent after = escrowEvents().get(0);
        assertEquals(before.getData(), after.getData());
        assertEquals(Felt.fromHex(deposit.get("transaction_hash").asText()), after.getTransactionHash());
        assertNotEquals(before.getBlockHash(), after.getBlockHash());
        assertEquals(TransactionStatus.ACCEPTED_ON_L2, provider.getTransactionStatus(
                Felt.fromHex(deposit.get("transaction_hash").asText())).send().getFinalityStatus());
    }

    @Test
    void l1AcceptanceIsReportedAndProtectsBlocksFromReorgs() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"" + ORDER + "\", \"token\": \"USDC\", \"amount\": \"7\"}");
        rpc.call("sandbox_mine", "{\"blocks\": 2}");
        assertEquals(BlockStatus.ACCEPTED_ON_L2, block(1).getStatus());
        rpc.call("sandbox_acceptOnL1", "{\"block_number\": 2}");
        assertEquals(BlockStatus.ACCEPTED_ON_L1, block(2).getStatus());
        assertEquals(BlockStatus.ACCEPTED_ON_L2, block(3).getStatus());
        ProcessedBlockWithTransactionHashes l1Head = assertInstanceOf(ProcessedBlockWithTransactionHashes.class,
                provider.getBlockWithTxHashes(BlockTag.L1_ACCEPTED).send());
        assertEquals(2, l1Head.getBlockNumber());
        assertEquals(1, provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                new BlockId.Tag(BlockTag.L1_ACCEPTED), 10)).send().getEvents().stream()
                .filter(e -> e.getAddress().equals(new Felt(node.escrowAddress()))).count());

        JsonNode refused = rpc.error("sandbox_reorg", "{\"depth\": 2}");
        assertEquals(-32000, refused.get("code").asInt());
        assertTrue(refused.get("data").asText().contains("accepted on L1"));
        assertEquals(3, provider.getBlockNumber().send().getValue(), "a refused reorg changes nothing");
        rpc.call("sandbox_reorg", "{\"depth\": 1}");
    }

    @Test
    void serverErrorsAndRateLimitsHitTheNextRequestsOnly() {
        rpc.call("sandbox_fault", "{\"kind\": \"http_503\", \"count\": 2}");
        assertThrows(RequestFailedException.class, () -> provider.getBlockNumber().send());
        HttpResponse<String> second = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"starknet_blockNumber\"}");
        assertEquals(503, second.statusCode());
        assertEquals(0, provider.getBlockNumber().send().getValue());

        rpc.call("sandbox_fault", "{\"kind\": \"http_500\"}");
        assertEquals(500, rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"starknet_chainId\"}").statusCode());

        rpc.call("sandbox_fault", "{\"kind\": \"rate_limit\"}");
        HttpResponse<String> limited = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"starknet_chainId\"}");
        assertEquals(429, limited.statusCode());
        assertTrue(limited.body().contains("-32005"), limited.body());
        assertTrue(limited.body().contains("\"id\":7"), limited.body());

        rpc.call("sandbox_fault", "{\"kind\": \"delay\", \"delay_ms\": 400}");
        long startNs = System.nanoTime();
        assertEquals(0, provider.getBlockNumber().send().getValue());
        assertTrue(System.nanoTime() - startNs >= 400_000_000L, "the answer must come after the delay");

        rpc.call("sandbox_fault", "{\"kind\": \"http_503\", \"count\": 5}");
        rpc.call("sandbox_fault", "{\"kind\": \"clear\"}");
        assertEquals(0, provider.getBlockNumber().send().getValue());
        assertEquals(-32602, rpc.error("sandbox_fault", "{\"kind\": \"meteor\"}").get("code").asInt());
    }

    @Test
    void droppedTransactionIsReceivedThenForgottenAndItsNonceIsFreeAgain() {
        StandardAccount operator = new StandardAccount(new Felt(node.operator().address()),
                new Felt(node.operator().privateKey()), provider, node.starknetChainId());
        ResourceBoundsMapping bounds = new ResourceBoundsMapping(new ResourceBounds(Uint64.ZERO, Uint128.ZERO),
                new ResourceBounds(new Uint64(1_000), new Uint128(BigInteger.valueOf(10_000_000))),
                new ResourceBounds(new Uint64(5_000_000), new Uint128(BigInteger.valueOf(20_000_000_000L))));
        Call pause = new Call(new Felt(node.escrowAddress()), "pause", List.of());
        rpc.call("sandbox_fault", "{\"kind\": \"drop_transaction\"}");

        Felt dropped = operator.executeV3(pause, bounds).send().getTransactionHash();
        assertEquals(TransactionStatus.RECEIVED, provider.getTransactionStatus(dropped).send().getFinalityStatus());
        rpc.call("sandbox_mine", "{}");
        assertEquals(29, assertThrows(RpcRequestFailedException.class,
                () -> provider.getTransactionStatus(dropped).send()).getCode());
        assertEquals(Felt.ZERO, provider.getNonce(new Felt(node.operator().address()), BlockTag.PRE_CONFIRMED).send());
        assertEquals(List.of(Felt.ZERO), provider.callContract(new Call(new Felt(node.escrowAddress()), "is_paused",
                List.of())).send());

        // Resubmitting with the same nonce is what a gateway does; the byte-identical transaction is accepted again.
        Felt resubmitted = operator.executeV3(pause, bounds).send().getTransactionHash();
        assertEquals(dropped, resubmitted);
        assertEquals(TransactionStatus.ACCEPTED_ON_L2, provider.getTransactionStatus(resubmitted).send()
                .getFinalityStatus());
        assertEquals(List.of(Felt.ONE), provider.callContract(new Call(new Felt(node.escrowAddress()), "is_paused",
                List.of())).send());
    }
}
