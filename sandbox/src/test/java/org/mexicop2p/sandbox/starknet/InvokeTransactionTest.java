package org.mexicop2p.sandbox.starknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.swmansion.starknet.account.StandardAccount;
import com.swmansion.starknet.crypto.StarknetCurveSignature;
import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Call;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetTransactionStatusResponse;
import com.swmansion.starknet.data.types.InvokeParamsV3;
import com.swmansion.starknet.data.types.InvokeTransactionV3;
import com.swmansion.starknet.data.types.ResourceBounds;
import com.swmansion.starknet.data.types.ResourceBoundsMapping;
import com.swmansion.starknet.data.types.TransactionExecutionStatus;
import com.swmansion.starknet.data.types.TransactionFinalityStatus;
import com.swmansion.starknet.data.types.TransactionReceipt;
import com.swmansion.starknet.data.types.TransactionStatus;
import com.swmansion.starknet.data.types.Uint128;
import com.swmansion.starknet.data.types.Uint64;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INVOKE v3 through starknet-jvm's own account: the node must compute the same hash, accept a valid signature and
 * nonce, refuse a tampered signature (55) or a wrong nonce (52), and record receipts and statuses like a real node.
 */
class InvokeTransactionTest {

    private static final Felt ORDER = Felt.fromHex("0x5eed01");
    private static final Felt PROOF_HASH = Felt.fromHex("0x2c1f0e7d3b9a");
    /** Generous explicit bounds: skip fee estimation so a reverting call still reaches the chain. */
    private static final ResourceBoundsMapping BOUNDS = new ResourceBoundsMapping(
            new ResourceBounds(Uint64.ZERO, Uint128.ZERO),
            new ResourceBounds(new Uint64(1_000), new Uint128(BigInteger.valueOf(10_000_000))),
            new ResourceBounds(new Uint64(5_000_000), new Uint128(BigInteger.valueOf(20_000_000_000L))));

    private SandboxStarknetNode node;
    private JsonRpcProvider provider;
    private RawRpc rpc;
    private StandardAccount operator;

    @BeforeEach
    void start() throws Exception {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        provider = new JsonRpcProvider(node.rpcUrl().toString());
        rpc = new RawRpc(node.rpcUrl());
        operator = new StandardAccount(new Felt(node.operator().address()), new Felt(node.operator().privateKey()),
                provider, node.starknetChainId());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonNode depositAndLock() {
        rpc.call("sandbox_deposit", "{\"order_id\": \"" + ORDER.hexString()
                + "\", \"token\": \"USDC\", \"amount\": \"1725000000\"}");
        return rpc.call("sandbox_lockOrder", "{\"order_id\": \"" + ORDER.hexString() + "\", \"duration_seconds\": 3600}");
    }

    private Call releaseCall(StarknetCurveSignature signature) {
        return new Call(new Felt(node.escrowAddress()), "release",
                List.of(ORDER, PROOF_HASH, signature.getR(), signature.getS()));
    }

    @Test
    void executeV3ReleaseIsAcceptedMinedAndPaysTheBuyer() {
        Felt buyer = Felt.fromHex(depositAndLock().get("buyer").asText());
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());

        Felt hash = operator.executeV3(releaseCall(proof)).send().getTransactionHash();

        TransactionReceipt receipt = provider.getTransactionReceipt(hash).send();
        assertEquals(TransactionExecutionStatus.SUCCEEDED, receipt.getExecutionStatus());
        assertEquals(TransactionFinalityStatus.ACCEPTED_ON_L2, receipt.getFinalityStatus());
        // The token's Transfer (escrow to buyer) comes first, then the escrow's own event.
        assertEquals(2, receipt.getEvents().size());
        assertEquals(Selector.selectorFromName("Transfer"), receipt.getEvents().get(0).getKeys().get(0));
        assertEquals(Selector.selectorFromName("OrderReleased"), receipt.getEvents().get(1).getKeys().get(0));
        assertEquals(List.of(ORDER, buyer, new Felt(node.usdcAddress()), new Felt(1_725_000_000L), Felt.ZERO),
                receipt.getEvents().get(1).getData());
        List<Felt> balance = provider.callContract(new Call(new Felt(node.usdcAddress()), "balance_of",
                List.of(buyer))).send();
        assertEquals(List.of(new Felt(1_725_000_000L), Felt.ZERO), balance);
        assertEquals(List.of(Felt.ONE), provider.callContract(new Call(new Felt(node.escrowAddress()),
                "is_proof_used", List.of(PROOF_HASH))).send());
        assertEquals(Felt.ONE, provider.getNonce(new Felt(node.operator().address()), BlockTag.LATEST).send());

        GetTransactionStatusResponse status = provider.getTransactionStatus(hash).send();
        assertEquals(TransactionStatus.ACCEPTED_ON_L2, status.getFinalityStatus());
        rpc.call("sandbox_acceptOnL1", "{}");
        assertEquals(TransactionStatus.ACCEPTED_ON_L1, provider.getTransactionStatus(hash).send().getFinalityStatus());
        assertEquals(TransactionFinalityStatus.ACCEPTED_ON_L1,
                provider.getTransactionReceipt(hash).send().getFinalityStatus());
    }

    @Test
    void requestLogShowsWhatExecuteV3Sends() {
        depositAndLock();
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());
        node.clearRecordedRequests();
        Felt hash = operator.executeV3(releaseCall(proof)).send().getTransactionHash();

        List<JsonNode> requests = node.recordedRequests();
        assertEquals(List.of("starknet_getNonce", "starknet_estimateFee", "starknet_getNonce",
                "starknet_addInvokeTransaction"), requests.stream().map(r -> r.get("method").asText()).toList());
        JsonNode invoke = requests.get(3).get("params").get("invoke_transaction");
        assertEquals("0x3", invoke.get("version").asText());
        assertEquals(Felts.hex(node.operator().address()), invoke.get("sender_address").asText());
        assertEquals(List.of("0x1", Felts.hex(node.escrowAddress()), Selector.selectorFromName("release").hexString(),
                        "0x4", ORDER.hexString(), PROOF_HASH.hexString(), proof.getR().hexString(),
                        proof.getS().hexString()),
                java.util.stream.StreamSupport.stream(invoke.get("calldata").spliterator(), false)
                        .map(JsonNode::asText).toList());
        assertEquals(TransactionExecutionStatus.SUCCEEDED, provider.getTransactionReceipt(hash).send()
                .getExecutionStatus());
    }

    @Test
    void tamperedSignatureIsRejectedWithValidationFailureAndChangesNothing() {
        depositAndLock();
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());
        InvokeTransactionV3 signed = operator.signV3(List.of(releaseCall(proof)), new InvokeParamsV3(Felt.ZERO, BOUNDS),
                false);
        Felt r = signed.getSignature().get(0);
        InvokeTransactionV3 tampered = signed.copy(signed.getCalldata(), signed.getSenderAddress(), signed.getHash(),
                signed.getVersion(), List.of(r, new Felt(signed.getSignature().get(1).getValue().add(BigInteger.ONE))),
                signed.getNonce(), signed.getResourceBounds(), signed.getTip(), signed.getPaymasterData(),
                signed.getAccountDeploymentData(), signed.getNonceDataAvailabilityMode(),
                signed.getFeeDataAvailabilityMode(), signed.getProof(), signed.getProofFacts());
        long headBefore = node.chain().head().number();

        RpcRequestFailedException error = assertThrows(RpcRequestFailedException.class,
                () -> provider.invokeFunction(tampered).send());

        assertEquals(55, error.getCode());
        assertEquals(headBefore, node.chain().head().number());
        assertEquals(Felt.ZERO, provider.getNonce(new Felt(node.operator().address()), BlockTag.PRE_CONFIRMED).send());
        // The untampered one still goes through: the rejection left nothing behind.
        provider.invokeFunction(signed).send();
        assertEquals(Felt.ONE, provider.getNonce(new Felt(node.operator().address())).send());
    }

    @Test
    void wrongNonceIsRejectedWithInvalidTransactionNonce() {
        depositAndLock();
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());
        InvokeTransactionV3 ahead = operator.signV3(List.of(releaseCall(proof)), new InvokeParamsV3(Felt.ONE, BOUNDS),
                false);
        assertEquals(52, assertThrows(RpcRequestFailedException.class,
                () -> provider.invokeFunction(ahead).send()).getCode());

        InvokeTransactionV3 first = operator.signV3(List.of(releaseCall(proof)), new InvokeParamsV3(Felt.ZERO, BOUNDS),
                false);
        provider.invokeFunction(first).send();
        InvokeTransactionV3 replayedNonce = operator.signV3(List.of(new Call(new Felt(node.escrowAddress()),
                "is_paused", List.of())), new InvokeParamsV3(Felt.ZERO, BOUNDS), false);
        assertEquals(52, assertThrows(RpcRequestFailedException.class,
                () -> provider.invokeFunction(replayedNonce).send()).getCode());
        assertEquals(59, assertThrows(RpcRequestFailedException.class,
                () -> provider.invokeFunction(first).send()).getCode());
    }

    @Test
    void failingContractRuleGivesARevertedReceiptThatStillConsumesTheNonce() {
        depositAndLock();
        // Signed by a key that is not the proof signer: the contract's check fails.
        StarknetCurveSignature forged = EscrowProofs.sign(node, SandboxStarknetNode.generatePrivateKey(),
                ORDER.getValue(), PROOF_HASH.getValue());
        Felt hash = operator.executeV3(releaseCall(forged), BOUNDS).send().getTransactionHash();

        TransactionReceipt receipt = provider.getTransactionReceipt(hash).send();
        assertEquals(TransactionExecutionStatus.REVERTED, receipt.getExecutionStatus());
        assertTrue(receipt.getRevertReason().contains("INVALID_PROOF_SIGNATURE"), receipt.getRevertReason());
        assertTrue(receipt.getEvents().isEmpty());
        GetTransactionStatusResponse status = provider.getTransactionStatus(hash).send();
        assertEquals(TransactionExecutionStatus.REVERTED, status.getExecutionStatus());
        assertEquals(Felt.ONE, provider.getNonce(new Felt(node.operator().address())).send());
        assertEquals(List.of(Felt.ZERO), provider.callContract(new Call(new Felt(node.escrowAddress()),
                "is_proof_used", List.of(PROOF_HASH))).send());
        assertEquals(new Felt(1), provider.callContract(new Call(new Felt(node.escrowAddress()), "orders",
                List.of(ORDER))).send().get(6), "the order must still be Locked");
    }

    @Test
    void feeEstimateOfARevertingCallIsATransactionExecutionError() {
        depositAndLock();
        StarknetCurveSignature forged = EscrowProofs.sign(node, SandboxStarknetNode.generatePrivateKey(),
                ORDER.getValue(), PROOF_HASH.getValue());
        RpcRequestFailedException error = assertThrows(RpcRequestFailedException.class,
                () -> operator.estimateFeeV3(releaseCall(forged)).send());
        assertEquals(41, error.getCode());
        assertTrue(error.getData().contains("INVALID_PROOF_SIGNATURE"), error.getData());
    }

    @Test
    void heldTransactionsAreReceivedUntilMined() {
        depositAndLock();
        rpc.call("sandbox_setAutoMine", "{\"enabled\": false}");
        StarknetCurveSignature proof = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());
        Felt hash = operator.executeV3(releaseCall(proof), BOUNDS).send().getTransactionHash();

        assertEquals(TransactionStatus.RECEIVED, provider.getTransactionStatus(hash).send().getFinalityStatus());
        assertEquals(29, assertThrows(RpcRequestFailedException.class,
                () -> provider.getTransactionReceipt(hash).send()).getCode());
        assertEquals(Felt.ONE, provider.getNonce(new Felt(node.operator().address()), BlockTag.PRE_CONFIRMED).send());
        assertEquals(Felt.ZERO, provider.getNonce(new Felt(node.operator().address()), BlockTag.LATEST).send());

        rpc.call("sandbox_mine", "{}");
        assertEquals(TransactionStatus.ACCEPTED_ON_L2, provider.getTransactionStatus(hash).send().getFinalityStatus());
        assertEquals(TransactionExecutionStatus.SUCCEEDED, provider.getTransactionReceipt(hash).send().getExecutionStatus());
    }

    @Test
    void concurrentReleasesOfOneOrderReleaseItExactlyOnce() throws Exception {
        depositAndLock();
        SandboxAccount other = node.createAccount();
        StandardAccount second = new StandardAccount(new Felt(other.address()), new Felt(other.privateKey()), provider,
                node.starknetChainId());
        Felt otherProof = Felt.fromHex("0x77");
        StarknetCurveSignature proofA = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                PROOF_HASH.getValue());
        StarknetCurveSignature proofB = EscrowProofs.sign(node, node.proofSignerPrivateKey(), ORDER.getValue(),
                otherProof.getValue());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> operator.executeV3(releaseCall(proofA), BOUNDS).send().getTransactionHash());
            var later = pool.submit(() -> second.executeV3(new Call(new Felt(node.escrowAddress()), "release",
                    List.of(ORDER, otherProof, proofB.getR(), proofB.getS())), BOUNDS).send().getTransactionHash());
            List<TransactionReceipt> receipts = List.of(provider.getTransactionReceipt(first.get()).send(),
                    provider.getTransactionReceipt(later.get()).send());
            assertEquals(1, receipts.stream().filter(r -> r.getExecutionStatus() == TransactionExecutionStatus.SUCCEEDED)
                    .count());
            TransactionReceipt loser = receipts.stream()
                    .filter(r -> r.getExecutionStatus() == TransactionExecutionStatus.REVERTED).findFirst().orElseThrow();
            assertTrue(loser.getRevertReason().contains("ORDER_NOT_LOCKED"), loser.getRevertReason());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownTransactionHashIsNotFound() {
        assertEquals(29, assertThrows(RpcRequestFailedException.class,
                () -> provider.getTransactionStatus(Felt.fromHex("0xdead")).send()).getCode());
    }
}
