package org.mexicop2p.sandbox.starknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockStatus;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetBlockHashAndNumberResponse;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.GetEventsResult;
import com.swmansion.starknet.data.types.ProcessedBlockWithTransactionHashes;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read methods a watcher uses, through starknet-jvm's strict provider over real HTTP. */
class ReadApiTest {

    private SandboxStarknetNode node;
    private JsonRpcProvider provider;
    private RawRpc rpc;

    @BeforeEach
    void start() throws Exception {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        // Strict decoding: any field the spec does not define, or a missing required one, fails the test.
        provider = new JsonRpcProvider(node.rpcUrl().toString());
        rpc = new RawRpc(node.rpcUrl());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void answersSpecVersionChainIdAndHead() {
        assertEquals("0.10.2", provider.getSpecVersion().send().getValue());
        assertEquals(new Felt(node.chainId()), provider.getChainId().send().getValue());
        assertEquals(0, provider.getBlockNumber().send().getValue());
        rpc.call("sandbox_mine", "{\"blocks\": 3}");
        GetBlockHashAndNumberResponse head = provider.getBlockHashAndNumber().send();
        assertEquals(3, head.getBlockNumber());
        assertEquals(new Felt(node.chain().head().hash()), head.getBlockHash());
    }

    @Test
    void blocksChainByParentHashAndAreFoundByNumberHashAndTag() {
        rpc.call("sandbox_mine", "{\"blocks\": 2}");
        ProcessedBlockWithTransactionHashes genesis = processed(provider.getBlockWithTxHashes(0).send());
        ProcessedBlockWithTransactionHashes one = processed(provider.getBlockWithTxHashes(1).send());
        ProcessedBlockWithTransactionHashes latest = processed(provider.getBlockWithTxHashes(BlockTag.LATEST).send());
        assertEquals(genesis.getBlockHash(), one.getParentHash());
        assertEquals(one.getBlockHash(), latest.getParentHash());
        assertEquals(2, latest.getBlockNumber());
        assertEquals(latest.getBlockHash(), processed(provider.getBlockWithTxHashes(latest.getBlockHash()).send()).getBlockHash());
        assertEquals(BlockStatus.ACCEPTED_ON_L2, latest.getStatus());
        assertEquals(BlockStatus.ACCEPTED_ON_L1, genesis.getStatus());
        RpcRequestFailedException unknown = assertThrows(RpcRequestFailedException.class,
                () -> provider.getBlockWithTxHashes(Felt.fromHex("0x1234")).send());
        assertEquals(24, unknown.getCode());
        assertEquals(24, assertThrows(RpcRequestFailedException.class,
                () -> provider.getBlockWithTxHashes(99).send()).getCode());
    }

    @Test
    void depositAndLockEmitTheEscrowEventsWithThePublishedLayout() {
        JsonNode deposit = rpc.call("sandbox_deposit",
                "{\"order_id\": \"0xabc123\", \"token\": \"USDC\", \"amount\": \"25000000\"}");
        assertEquals("SUCCEEDED", deposit.get("execution_status").asText());
        JsonNode lock = rpc.call("sandbox_lockOrder", "{\"order_id\": \"0xabc123\", \"duration_seconds\": 1800}");
        assertEquals("SUCCEEDED", lock.get("execution_status").asText());

        GetEventsResult result = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Single(new Felt(node.escrowAddress())),
                List.of(), 100, null)).send();
        List<EmittedEvent> events = result.getEvents();
        assertEquals(2, events.size());
        assertNull(result.getContinuationToken());

        EmittedEvent created = events.get(0);
        assertEquals(List.of(Selector.selectorFromName("OrderCreated")), created.getKeys());
        assertEquals(List.of(Felt.fromHex("0xabc123"), Felt.fromHex(deposit.get("seller").asText()),
                new Felt(node.usdcAddress()), new Felt(25_000_000), Felt.ZERO), created.getData());
        assertEquals(Felt.fromHex(deposit.get("transaction_hash").asText()), created.getTransactionHash());
        assertEquals(new Felt(node.escrowAddress()), created.getAddress());

        EmittedEvent locked = events.get(1);
        assertEquals(List.of(Selector.selectorFromName("OrderLocked")), locked.getKeys());
        long blockTimestamp = processed(provider.getBlockWithTxHashes(locked.getBlockNumber()).send()).getTimestamp();
        assertEquals(List.of(Felt.fromHex("0xabc123"), Felt.fromHex(lock.get("buyer").asText()),
                new Felt(blockTimestamp + 1800)), locked.getData());
        assertEquals(processed(provider.getBlockWithTxHashes(locked.getBlockNumber()).send()).getBlockHash(),
                locked.getBlockHash());
    }

    @Test
    void advanceTimeMovesBlockTimestampsAndDisputeHookActsAsTheNamedParty() {
        long before = processed(provider.getBlockWithTxHashes(BlockTag.LATEST).send()).getTimestamp();
        JsonNode advanced = rpc.call("sandbox_advanceTime", "{\"seconds\": 7200}");
        assertTrue(advanced.get("timestamp").asLong() >= before + 7200);
        rpc.call("sandbox_mine", "{}");
        assertTrue(processed(provider.getBlockWithTxHashes(BlockTag.LATEST).send()).getTimestamp() >= before + 7200);

        rpc.call("sandbox_deposit", "{\"order_id\": \"0x3\", \"token\": \"USDC\", \"amount\": \"10\"}");
        assertEquals(-32000, rpc.error("sandbox_openDispute", "{\"order_id\": \"0x3\", \"party\": \"buyer\"}")
                .get("code").asInt(), "an open order has no buyer to dispute for");
        JsonNode lock = rpc.call("sandbox_lockOrder", "{\"order_id\": \"0x3\", \"duration_seconds\": 600}");
        JsonNode dispute = rpc.call("sandbox_openDispute", "{\"order_id\": \"0x3\", \"party\": \"buyer\"}");
        assertEquals("SUCCEEDED", dispute.get("execution_status").asText());
        assertEquals(lock.get("buyer").asText(), dispute.get("opened_by").asText());
        EmittedEvent opened = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Single(new Felt(node.escrowAddress())),
                List.of(List.of(Selector.selectorFromName("DisputeOpened"))), 10, null)).send().getEvents().get(0);
        assertEquals(List.of(Felt.fromHex("0x3"), Felt.fromHex(lock.get("buyer").asText())), opened.getData());
    }

    @Test
    void keyFilterSelectsOneEventType() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"0x1\", \"token\": \"USDT\", \"amount\": \"5\"}");
        rpc.call("sandbox_lockOrder", "{\"order_id\": \"0x1\", \"duration_seconds\": 300}");
        GetEventsResult locks = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Single(new Felt(node.escrowAddress())),
                List.of(List.of(Selector.selectorFromName("OrderLocked"))), 10, null)).send();
        assertEquals(1, locks.getEvents().size());
        assertEquals(Selector.selectorFromName("OrderLocked"), locks.getEvents().get(0).getKeys().get(0));
    }

    @Test
    void pagesThroughThousandsOfEventsWithContinuationTokens() {
        JsonNode bulk = rpc.call("sandbox_bulkDeposit", "{\"count\": 2500, \"with_lock\": true, \"orders_per_block\": 250}");
        assertEquals(2500, bulk.get("order_ids").size());
        List<EmittedEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            GetEventsResult page = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                    new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Single(new Felt(node.escrowAddress())),
                    List.of(), 1000, token)).send();
            all.addAll(page.getEvents());
            token = page.getContinuationToken();
            pages++;
        } while (token != null);
        assertEquals(5, pages);
        assertEquals(5000, all.size());
        Set<String> positions = new HashSet<>();
        for (EmittedEvent event : all) {
            assertTrue(positions.add(event.getTransactionHash().hexString() + "/" + event.getEventIndex()),
                    "an event was delivered twice across pages");
        }
        assertEquals(Felt.fromHex(bulk.get("order_ids").get(2499).asText()), all.get(4998).getData().get(0));
    }

    @Test
    void rejectsOversizedPagesBadTokensAndUnknownBlockHashes() {
        assertEquals(31, assertThrows(RpcRequestFailedException.class, () -> provider.getEvents(
                new GetEventsPayload(new BlockId.Number(0), new BlockId.Tag(BlockTag.LATEST), 1025)).send()).getCode());
        assertEquals(33, assertThrows(RpcRequestFailedException.class, () -> provider.getEvents(
                new GetEventsPayload(new BlockId.Number(0), new BlockId.Tag(BlockTag.LATEST), null, List.of(), 10,
                        "not-a-token")).send()).getCode());
        assertEquals(24, assertThrows(RpcRequestFailedException.class, () -> provider.getEvents(
                new GetEventsPayload(new BlockId.Hash(Felt.fromHex("0x777")), new BlockId.Tag(BlockTag.LATEST), 10))
                .send()).getCode());
        JsonNode tooManyKeys = rpc.error("starknet_getEvents", "{\"filter\": {\"chunk_size\": 1, \"keys\": "
                + "[[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[]]}}");
        assertEquals(34, tooManyKeys.get("code").asInt());
        assertEquals(-32602, rpc.error("starknet_getEvents", "{\"filter\": {\"chunk_size\": 0}}").get("code").asInt());
    }

    @Test
    void unknownMethodAndMalformedRequestsGetTypedErrors() {
        assertEquals(-32601, rpc.error("starknet_nope", "{}").get("code").asInt());
        JsonNode parseError = read(rpc.post("{not json").body());
        assertEquals(-32700, parseError.get("error").get("code").asInt());
        assertEquals(-32602, rpc.error("starknet_getBlockWithTxHashes", "{\"block_id\": \"newest\"}")
                .get("code").asInt());
        assertNotNull(rpc.call("sandbox_info", "{}").get("escrow_address"));
        assertNotEquals(node.usdcAddress(), node.usdtAddress());
        assertEquals(BigInteger.valueOf(0), node.chain().latestNonce(node.operator().address()));
    }

    @Test
    void batchesPositionalParamsAndBoundsOnInput() {
        JsonNode batch = read(rpc.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"starknet_blockNumber\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"starknet_getBlockWithTxHashes\",\"params\":[\"latest\"]}]")
                .body());
        assertEquals(2, batch.size());
        assertEquals(0, batch.get(0).get("result").asInt());
        assertEquals(2, batch.get(1).get("id").asInt());
        assertEquals(0, batch.get(1).get("result").get("block_number").asInt());

        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= 100; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"starknet_blockNumber\"}");
        }
        assertEquals(-32600, read(rpc.post(tooMany.append("]").toString()).body()).get("error").get("code").asInt());
        assertEquals(413, rpc.post("[" + " ".repeat(1 << 20) + "]").statusCode());
        assertEquals(-32602, rpc.error("starknet_getEvents", "{\"filter\": {\"chunk_size\": 1, \"address\": \"0x"
                + "f".repeat(64) + "\"}}").get("code").asInt(), "a felt above the prime is refused");
        assertEquals(-32602, rpc.error("sandbox_bulkDeposit", "{\"count\": 20001}").get("code").asInt());
    }

    @Test
    void addressListFilterMatchesEitherContract() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"0x2\", \"token\": \"USDC\", \"amount\": \"9\"}");
        GetEventsResult both = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Multiple(List.of(new Felt(node.escrowAddress()),
                new Felt(node.usdcAddress()))), List.of(), 100, null)).send();
        // mint Transfer, Approval, Transfer into escrow, OrderCreated
        assertEquals(4, both.getEvents().size());
        assertEquals(Selector.selectorFromName("OrderCreated"), both.getEvents().get(3).getKeys().get(0));
        assertEquals(List.of(0, 1, 2, 3), both.getEvents().stream().map(EmittedEvent::getEventIndex).toList());
    }

    private static JsonNode read(String body) {
        try {
            return RawRpc.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ProcessedBlockWithTransactionHashes processed(Object block) {
        return assertInstanceOf(ProcessedBlockWithTransactionHashes.class, block);
    }
}
