package org.mexicop2p.sandbox.starknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.swmansion.starknet.account.StandardAccount;
import com.swmansion.starknet.crypto.StarknetCurveSignature;
import com.swmansion.starknet.data.types.Call;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.InvokeParamsV3;
import com.swmansion.starknet.data.types.InvokeTransactionV3;
import com.swmansion.starknet.data.types.ResourceBounds;
import com.swmansion.starknet.data.types.ResourceBoundsMapping;
import com.swmansion.starknet.data.types.Uint128;
import com.swmansion.starknet.data.types.Uint64;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every result and error shape the node answers with, validated against the JSON schemas of the 0.10.2 spec. */
class StarknetSchemaTest {

    private static final ResourceBoundsMapping BOUNDS = new ResourceBoundsMapping(
            new ResourceBounds(Uint64.ZERO, Uint128.ZERO),
            new ResourceBounds(new Uint64(1_000), new Uint128(BigInteger.valueOf(10_000_000))),
            new ResourceBounds(new Uint64(5_000_000), new Uint128(BigInteger.valueOf(20_000_000_000L))));

    private final SpecSchemas spec = new SpecSchemas();
    private SandboxStarknetNode node;
    private RawRpc rpc;
    private StandardAccount operator;

    @BeforeEach
    void start() throws Exception {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        rpc = new RawRpc(node.rpcUrl());
        operator = new StandardAccount(new Felt(node.operator().address()), new Felt(node.operator().privateKey()),
                new JsonRpcProvider(node.rpcUrl().toString()), node.starknetChainId());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonNode conforming(String method, String params) {
        JsonNode result = rpc.call(method, params);
        List<String> violations = spec.checkResult(method, result);
        assertTrue(violations.isEmpty(), method + ": " + violations);
        return result;
    }

    private void conformingError(String method, String params, int expectedCode) {
        JsonNode error = rpc.error(method, params);
        assertEquals(expectedCode, error.get("code").asInt(), error.toString());
        List<String> violations = spec.checkError(method, error);
        assertTrue(violations.isEmpty(), method + " error: " + violations);
    }

    /** The JSON starknet-jvm would send for a signed INVOKE v3, built from its own transaction object. */
    private static ObjectNode invokeJson(InvokeTransactionV3 tx) {
        ObjectNode json = RawRpc.MAPPER.createObjectNode();
        json.put("type", "INVOKE");
        json.put("sender_address", tx.getSenderAddress().hexString());
        ArrayNode calldata = json.putArray("calldata");
        tx.getCalldata().forEach(f -> calldata.add(f.hexString()));
        json.put("version", tx.getVersion().getValue().hexString());
        ArrayNode signature = json.putArray("signature");
        tx.getSignature().forEach(f -> signature.add(f.hexString()));
        json.put("nonce", tx.getNonce().hexString());
        ObjectNode bounds = json.putObject("resource_bounds");
        putBounds(bounds.putObject("l1_gas"), tx.getResourceBounds().getL1Gas());
        putBounds(bounds.putObject("l1_data_gas"), tx.getResourceBounds().getL1DataGas());
        putBounds(bounds.putObject("l2_gas"), tx.getResourceBounds().getL2Gas());
        json.put("tip", tx.getTip().hexString());
        json.putArray("paymaster_data");
        json.putArray("account_deployment_data");
        json.put("nonce_data_availability_mode", "L1");
        json.put("fee_data_availability_mode", "L1");
        return json;
    }

    private static void putBounds(ObjectNode json, ResourceBounds bounds) {
        json.put("max_amount", bounds.getMaxAmount().hexString());
        json.put("max_price_per_unit", bounds.getMaxPricePerUnit().hexString());
    }

    @Test
    void readMethodsConform() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"0x9\", \"token\": \"USDC\", \"amount\": \"100\"}");
        rpc.call("sandbox_lockOrder", "{\"order_id\": \"0x9\", \"duration_seconds\": 600}");
        conforming("starknet_specVersion", "{}");
        conforming("starknet_chainId", "{}");
        conforming("starknet_blockNumber", "{}");
        conforming("starknet_blockHashAndNumber", "{}");
        assertEquals("ACCEPTED_ON_L2", conforming("starknet_getBlockWithTxHashes", "{\"block_id\": \"latest\"}")
                .get("status").asText());
        conforming("starknet_getBlockWithTxHashes", "{\"block_id\": {\"block_number\": 0}}");
        conforming("starknet_getBlockWithTxHashes", "{\"block_id\": \"l1_accepted\"}");
        JsonNode preConfirmed = conforming("starknet_getBlockWithTxHashes", "{\"block_id\": \"pre_confirmed\"}");
        assertTrue(!preConfirmed.has("block_hash") && !preConfirmed.has("status"), preConfirmed.toString());
        JsonNode page = conforming("starknet_getEvents", "{\"filter\": {\"from_block\": {\"block_number\": 0}, "
                + "\"to_block\": \"latest\", \"address\": \"" + Felts.hex(node.escrowAddress()) + "\", \"chunk_size\": 1}}");
        assertTrue(page.has("continuation_token"));
        conforming("starknet_getEvents", "{\"filter\": {\"chunk_size\": 100, \"keys\": [[], []], "
                + "\"continuation_token\": \"" + page.get("continuation_token").asText() + "\"}}");
        conforming("starknet_getNonce", "{\"block_id\": \"pre_confirmed\", \"contract_address\": \""
                + Felts.hex(node.operator().address()) + "\"}");
        conforming("starknet_call", "{\"request\": {\"contract_address\": \"" + Felts.hex(node.escrowAddress())
                + "\", \"entry_point_selector\": \"" + com.swmansion.starknet.data.Selector.selectorFromName("orders")
                .hexString() + "\", \"calldata\": [\"0x9\"]}, \"block_id\": \"latest\"}");
    }

    @Test
    void writeMethodsReceiptsAndStatusesConform() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"0x9\", \"token\": \"USDC\", \"amount\": \"100\"}");
        rpc.call("sandbox_lockOrder", "{\"order_id\": \"0x9\", \"duration_seconds\": 600}");
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), BigInteger.valueOf(9),
                BigInteger.TEN);
        List<Call> release = List.of(new Call(new Felt(node.escrowAddress()), "release",
                List.of(new Felt(9), new Felt(10), proof.getR(), proof.getS())));

        InvokeTransactionV3 query = operator.signV3(release, new InvokeParamsV3(Felt.ZERO, ResourceBoundsMapping.ZERO),
                true);
        ObjectNode estimate = RawRpc.MAPPER.createObjectNode();
        estimate.putArray("request").add(invokeJson(query));
        estimate.putArray("simulation_flags");
        estimate.put("block_id", "pre_confirmed");
        assertTrue(spec.checkResult("starknet_estimateFee", rpc.call("starknet_estimateFee", estimate)).isEmpty());

        rpc.call("sandbox_setAutoMine", "{\"enabled\": false}");
        InvokeTransactionV3 signed = operator.signV3(release, new InvokeParamsV3(Felt.ZERO, BOUNDS), false);
        ObjectNode add = RawRpc.MAPPER.createObjectNode();
        add.set("invoke_transaction", invokeJson(signed));
        JsonNode added = rpc.call("starknet_addInvokeTransaction", add);
        assertTrue(spec.checkResult("starknet_addInvokeTransaction", added).isEmpty());
        String hash = added.get("transaction_hash").asText();
        assertEquals("RECEIVED", conforming("starknet_getTransactionStatus",
                "{\"transaction_hash\": \"" + hash + "\"}").get("finality_status").asText());
        conforming("starknet_getBlockWithTxHashes", "{\"block_id\": \"pre_confirmed\"}");
        rpc.call("sandbox_mine", "{}");
        conforming("starknet_getTransactionReceipt", "{\"transaction_hash\": \"" + hash + "\"}");
        conforming("starknet_getTransactionStatus", "{\"transaction_hash\": \"" + hash + "\"}");

        InvokeTransactionV3 reverting = operator.signV3(release, new InvokeParamsV3(Felt.ONE, BOUNDS), false);
        ObjectNode addReverting = RawRpc.MAPPER.createObjectNode();
        addReverting.set("invoke_transaction", invokeJson(reverting));
        String revertedHash = rpc.call("starknet_addInvokeTransaction", addReverting).get("transaction_hash").asText();
        rpc.call("sandbox_mine", "{}");
        JsonNode receipt = conforming("starknet_getTransactionReceipt", "{\"transaction_hash\": \"" + revertedHash + "\"}");
        assertEquals("REVERTED", receipt.get("execution_status").asText());
        assertEquals("REVERTED", conforming("starknet_getTransactionStatus", "{\"transaction_hash\": \""
                + revertedHash + "\"}").get("execution_status").asText());

        ObjectNode replay = RawRpc.MAPPER.createObjectNode();
        replay.set("invoke_transaction", invokeJson(operator.signV3(List.of(new Call(new Felt(node.escrowAddress()),
                "pause", List.of())), new InvokeParamsV3(Felt.ZERO, BOUNDS), false)));
        JsonNode nonceError = rpc.envelope("starknet_addInvokeTransaction", replay).get("error");
        assertEquals(52, nonceError.get("code").asInt());
        assertTrue(spec.checkError("starknet_addInvokeTransaction", nonceError).isEmpty());

        ObjectNode failingEstimate = RawRpc.MAPPER.createObjectNode();
        failingEstimate.putArray("request").add(invokeJson(operator.signV3(release,
                new InvokeParamsV3(new Felt(2), ResourceBoundsMapping.ZERO), true)));
        failingEstimate.putArray("simulation_flags");
        failingEstimate.put("block_id", "latest");
        JsonNode executionError = rpc.envelope("starknet_estimateFee", failingEstimate).get("error");
        assertEquals(41, executionError.get("code").asInt());
        assertTrue(spec.checkError("starknet_estimateFee", executionError).isEmpty(), executionError.toString());
    }

    @Test
    void theValidatorItselfCatchesShapesThatBreakTheSpec() throws Exception {
        ObjectNode block = (ObjectNode) rpc.call("starknet_getBlockWithTxHashes", "{\"block_id\": \"latest\"}");
        block.remove("event_count");
        block.put("block_hash", "0x0abc");
        List<String> violations = spec.checkResult("starknet_getBlockWithTxHashes", block);
        assertTrue(violations.toString().contains("event_count"), violations.toString());
        assertTrue(violations.toString().contains("0x0abc"), violations.toString());
        JsonNode wrongError = RawRpc.MAPPER.readTree("{\"code\": 29, \"message\": \"Transaction hash not found\"}");
        assertEquals(List.of("error code 29 is not listed for starknet_getEvents"),
                spec.checkError("starknet_getEvents", wrongError));
    }

    @Test
    void errorAnswersUseTheSpecsCodesAndMessages() {
        conformingError("starknet_getBlockWithTxHashes", "{\"block_id\": {\"block_hash\": \"0x1\"}}", 24);
        conformingError("starknet_getEvents", "{\"filter\": {\"chunk_size\": 5000}}", 31);
        conformingError("starknet_getEvents", "{\"filter\": {\"chunk_size\": 5, \"continuation_token\": \"x\"}}", 33);
        conformingError("starknet_getEvents", "{\"filter\": {\"chunk_size\": 5, \"to_block\": {\"block_hash\": \"0x5\"}}}",
                24);
        conformingError("starknet_getTransactionReceipt", "{\"transaction_hash\": \"0x5\"}", 29);
        conformingError("starknet_getTransactionStatus", "{\"transaction_hash\": \"0x5\"}", 29);
        conformingError("starknet_getNonce", "{\"block_id\": \"latest\", \"contract_address\": \"0x5\"}", 20);
        conformingError("starknet_call", "{\"request\": {\"contract_address\": \"0x5\", \"entry_point_selector\": \"0x1\", "
                + "\"calldata\": []}, \"block_id\": \"latest\"}", 20);
        conformingError("starknet_call", "{\"request\": {\"contract_address\": \"" + Felts.hex(node.escrowAddress())
                + "\", \"entry_point_selector\": \"0x1\", \"calldata\": []}, \"block_id\": \"latest\"}", 21);
        conformingError("starknet_call", "{\"request\": {\"contract_address\": \"" + Felts.hex(node.escrowAddress())
                + "\", \"entry_point_selector\": \"" + com.swmansion.starknet.data.Selector.selectorFromName("orders")
                .hexString() + "\", \"calldata\": []}, \"block_id\": \"latest\"}", 40);
    }
}
