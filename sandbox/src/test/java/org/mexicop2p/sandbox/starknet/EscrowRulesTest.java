package org.mexicop2p.sandbox.starknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.swmansion.starknet.crypto.StarknetCurveSignature;
import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.sandbox.starknet.contract.ContractCall;

/**
 * Every rule of the escrow contract (escrow-contract.md) and every way it rejects a call. Calls go through the
 * node's transaction path as the named caller; each rejection must be a REVERTED receipt with its own code and must
 * leave balances and order state as they were.
 */
class EscrowRulesTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(1_725_000_000L);

    private SandboxStarknetNode node;
    private BigInteger escrow;
    private BigInteger usdc;
    private BigInteger owner;
    private BigInteger seller;
    private BigInteger buyer;
    private BigInteger stranger;
    private long nextOrder = 1;

    @BeforeEach
    void start() throws Exception {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        escrow = node.escrowAddress();
        usdc = node.usdcAddress();
        owner = node.operator().address();
        seller = node.createAccount().address();
        buyer = node.createAccount().address();
        stranger = node.createAccount().address();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static BigInteger sel(String name) {
        return Selector.selectorFromName(name).getValue();
    }

    private static List<BigInteger> words(Object... values) {
        List<BigInteger> list = new ArrayList<>();
        for (Object value : values) {
            list.add(value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue()));
        }
        return list;
    }

    private SandboxStarknetNode.HookResult call(BigInteger caller, BigInteger contract, String function,
                                                Object... calldata) {
        return node.sendAs(caller, List.of(new ContractCall(contract, sel(function), words(calldata))));
    }

    private void succeeds(SandboxStarknetNode.HookResult result) {
        assertEquals(Optional.of(true), result.succeeded(), () -> result.revertReason().orElse(""));
    }

    private void reverts(String code, SandboxStarknetNode.HookResult result) {
        assertEquals(Optional.of(false), result.succeeded(), "expected a revert with " + code);
        assertTrue(result.revertReason().orElseThrow().contains("'" + code + "'"), result.revertReason().orElseThrow());
    }

    private List<BigInteger> view(BigInteger contract, String function, Object... calldata) {
        return node.chain().simulate(BigInteger.ZERO, List.of(new ContractCall(contract, sel(function),
                words(calldata)))).result();
    }

    private BigInteger balance(BigInteger account) {
        return view(usdc, "balance_of", account).get(0);
    }

    private int status(BigInteger orderId) {
        return view(escrow, "orders", orderId).get(6).intValue();
    }

    private BigInteger openOrder() {
        BigInteger orderId = BigInteger.valueOf(nextOrder++);
        succeeds(node.deposit(orderId, usdc, AMOUNT, Optional.of(seller)));
        return orderId;
    }

    private BigInteger lockedOrder() {
        BigInteger orderId = openOrder();
        succeeds(call(buyer, escrow, "lockOrder", orderId, 3600));
        return orderId;
    }

    private StarknetCurveSignature proof(BigInteger orderId, BigInteger proofHash) {
        return EscrowProofs.sign(node, node.proofSignerPrivateKey(), orderId, proofHash);
    }

    private SandboxStarknetNode.HookResult release(BigInteger caller, BigInteger orderId, BigInteger proofHash,
                                                   StarknetCurveSignature signature) {
        return call(caller, escrow, "release", orderId, proofHash, signature.getR().getValue(),
                signature.getS().getValue());
    }

    @Test
    void depositMovesTheTokensIntoEscrowAndRecordsAnOpenOrder() {
        BigInteger orderId = openOrder();
        assertEquals(List.of(seller, BigInteger.ZERO, usdc, AMOUNT, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO),
                view(escrow, "orders", orderId));
        assertEquals(AMOUNT, balance(escrow));
        assertEquals(BigInteger.ZERO, balance(seller));
    }

    @Test
    void depositRejections() {
        BigInteger existing = openOrder();
        reverts("ORDER_ALREADY_EXISTS", node.deposit(existing, usdc, AMOUNT, Optional.of(stranger)));
        reverts("ORDER_ID_ZERO", node.deposit(BigInteger.ZERO, usdc, AMOUNT, Optional.of(stranger)));
        reverts("AMOUNT_ZERO", node.deposit(BigInteger.valueOf(900), usdc, BigInteger.ZERO, Optional.of(stranger)));
        reverts("TOKEN_NOT_ALLOWED", call(stranger, escrow, "deposit", 901, 0x1234, 10, 0));
        // Without the approve the escrow may not pull the tokens; without the balance the transfer fails.
        succeeds(call(stranger, usdc, "mint", stranger, 10, 0));
        reverts("ERC20_INSUFFICIENT_ALLOWANCE", call(stranger, escrow, "deposit", 902, usdc, 10, 0));
        succeeds(call(stranger, usdc, "approve", escrow, 1000, 0));
        reverts("ERC20_INSUFFICIENT_BALANCE", call(stranger, escrow, "deposit", 902, usdc, 1000, 0));
        assertEquals(BigInteger.TEN, balance(stranger), "reverted deposits move nothing");
        assertEquals(AMOUNT, balance(escrow));
        reverts("INVALID_CALLDATA", call(stranger, escrow, "deposit", 903, usdc, 10));
    }

    @Test
    void lockOrderRules() {
        BigInteger orderId = openOrder();
        reverts("INVALID_LOCK_DURATION", call(buyer, escrow, "lockOrder", orderId, 299));
        reverts("INVALID_LOCK_DURATION", call(buyer, escrow, "lockOrder", orderId, 86_401));
        reverts("SELLER_CANNOT_LOCK", call(seller, escrow, "lockOrder", orderId, 300));
        reverts("ORDER_NOT_FOUND", call(buyer, escrow, "lockOrder", 123_456, 300));
        long timestamp = node.chain().pendingTimestampSeconds();
        succeeds(call(buyer, escrow, "lockOrder", orderId, 86_400));
        List<BigInteger> order = view(escrow, "orders", orderId);
        assertEquals(buyer, order.get(1));
        assertEquals(1, order.get(6).intValue());
        assertTrue(order.get(5).longValue() >= timestamp + 86_400 && order.get(5).longValue() <= timestamp + 86_402);
        reverts("ORDER_NOT_OPEN", call(stranger, escrow, "lockOrder", orderId, 300));
        succeeds(call(stranger, escrow, "lockOrder", openOrder(), 300));
    }

    @Test
    void releaseNeedsALockedOrderAndTheProofSignersSignatureAndUsesTheProofOnce() {
        BigInteger open = openOrder();
        BigInteger proofHash = BigInteger.valueOf(0xC0FFEE);
        reverts("ORDER_NOT_LOCKED", release(stranger, open, proofHash, proof(open, proofHash)));

        BigInteger orderId = lockedOrder();
        StarknetCurveSignature forged = EscrowProofs.sign(node, SandboxStarknetNode.generatePrivateKey(), orderId,
                proofHash);
        reverts("INVALID_PROOF_SIGNATURE", release(stranger, orderId, proofHash, forged));
        // A signature for another proof hash does not carry over.
        reverts("INVALID_PROOF_SIGNATURE", release(stranger, orderId, proofHash.add(BigInteger.ONE),
                proof(orderId, proofHash)));
        assertEquals(BigInteger.ZERO, balance(buyer));

        // Anyone may submit a valid proof: the signature is the authority.
        succeeds(release(stranger, orderId, proofHash, proof(orderId, proofHash)));
        assertEquals(AMOUNT, balance(buyer));
        assertEquals(2, status(orderId));
        assertEquals(BigInteger.ONE, view(escrow, "is_proof_used", proofHash).get(0));
        reverts("ORDER_NOT_LOCKED", release(stranger, orderId, proofHash, proof(orderId, proofHash)));

        BigInteger other = lockedOrder();
        reverts("PROOF_ALREADY_USED", release(stranger, other, proofHash, proof(other, proofHash)));
        reverts("ORDER_NOT_FOUND", release(stranger, BigInteger.valueOf(999_999), proofHash,
                proof(other, proofHash)));
    }

    @Test
    void refundRules() {
        BigInteger open = openOrder();
        reverts("NOT_AUTHORIZED", call(stranger, escrow, "refund", open));
        succeeds(call(seller, escrow, "refund", open));
        assertEquals(AMOUNT, balance(seller));
        assertEquals(3, status(open));
        reverts("ORDER_NOT_REFUNDABLE", call(seller, escrow, "refund", open));

        BigInteger locked = lockedOrder();
        reverts("LOCK_NOT_EXPIRED", call(seller, escrow, "refund", locked));
        reverts("NOT_AUTHORIZED", call(buyer, escrow, "refund", locked));
        node.chain().advanceTime(3601);
        succeeds(call(seller, escrow, "refund", locked));
        assertEquals(AMOUNT.add(AMOUNT), balance(seller));

        BigInteger ownerRefunded = lockedOrder();
        succeeds(call(owner, escrow, "refund", ownerRefunded));
        assertEquals(3, status(ownerRefunded));
        reverts("ORDER_NOT_FOUND", call(owner, escrow, "refund", 424_242));
    }

    @Test
    void disputeRules() {
        BigInteger open = openOrder();
        reverts("ORDER_NOT_LOCKED", call(seller, escrow, "openDispute", open));
        BigInteger orderId = lockedOrder();
        reverts("NOT_ORDER_PARTY", call(stranger, escrow, "openDispute", orderId));
        reverts("ORDER_NOT_DISPUTED", call(owner, escrow, "resolveDispute", orderId, buyer));
        succeeds(node.openDispute(orderId, true));
        assertEquals(4, status(orderId));
        reverts("NOT_ARBITER", call(stranger, escrow, "resolveDispute", orderId, buyer));
        reverts("INVALID_WINNER", call(owner, escrow, "resolveDispute", orderId, stranger));
        succeeds(call(node.arbiterAddress(), escrow, "resolveDispute", orderId, buyer));
        assertEquals(2, status(orderId));
        assertEquals(AMOUNT, balance(buyer));

        BigInteger sellerWins = lockedOrder();
        succeeds(node.openDispute(sellerWins, false));
        succeeds(call(owner, escrow, "resolveDispute", sellerWins, seller));
        assertEquals(3, status(sellerWins));
        assertEquals(AMOUNT, balance(seller));
    }

    @Test
    void adminFunctionsAreOwnerOnlyAndPauseStopsEveryOrderFunction() {
        BigInteger locked = lockedOrder();
        BigInteger open = openOrder();
        reverts("NOT_OWNER", call(stranger, escrow, "pause"));
        succeeds(call(owner, escrow, "pause"));
        assertEquals(BigInteger.ONE, view(escrow, "is_paused").get(0));
        reverts("CONTRACT_PAUSED", node.deposit(BigInteger.valueOf(500), usdc, AMOUNT, Optional.of(seller)));
        reverts("CONTRACT_PAUSED", call(buyer, escrow, "lockOrder", open, 300));
        reverts("CONTRACT_PAUSED", release(stranger, locked, BigInteger.TWO, proof(locked, BigInteger.TWO)));
        reverts("CONTRACT_PAUSED", call(owner, escrow, "refund", open));
        reverts("CONTRACT_PAUSED", call(buyer, escrow, "openDispute", locked));
        succeeds(call(owner, escrow, "unpause"));

        reverts("NOT_OWNER", call(stranger, escrow, "remove_allowed_token", usdc));
        succeeds(call(owner, escrow, "remove_allowed_token", usdc));
        assertEquals(BigInteger.ZERO, view(escrow, "is_token_allowed", usdc).get(0));
        reverts("TOKEN_NOT_ALLOWED", node.deposit(BigInteger.valueOf(501), usdc, AMOUNT, Optional.of(seller)));
        succeeds(call(owner, escrow, "add_allowed_token", usdc));

        BigInteger newSignerKey = SandboxStarknetNode.generatePrivateKey();
        BigInteger newSignerPublic = com.swmansion.starknet.crypto.StarknetCurve.getPublicKey(new Felt(newSignerKey))
                .getValue();
        succeeds(call(owner, escrow, "update_proof_signer", newSignerPublic));
        assertEquals(newSignerPublic, view(escrow, "get_proof_signer").get(0));
        reverts("INVALID_PROOF_SIGNATURE", release(stranger, locked, BigInteger.TWO, proof(locked, BigInteger.TWO)));
        succeeds(release(stranger, locked, BigInteger.TWO, EscrowProofs.sign(node, newSignerKey, locked,
                BigInteger.TWO)));

        succeeds(call(owner, escrow, "addArbiter", stranger));
        assertEquals(BigInteger.ONE, view(escrow, "isArbiter", stranger).get(0));
        succeeds(call(owner, escrow, "removeArbiter", stranger));
        assertEquals(BigInteger.ZERO, view(escrow, "isArbiter", stranger).get(0));

        succeeds(call(owner, escrow, "transfer_ownership", stranger));
        reverts("NOT_OWNER", call(owner, escrow, "pause"));
        succeeds(call(stranger, escrow, "pause"));
        assertEquals(Felt.fromShortString("v1.0.5").getValue(), view(escrow, "version").get(0));
    }

    @Test
    void unknownEntryPointsAndContractsRevert() {
        reverts("ENTRYPOINT_NOT_FOUND", call(stranger, escrow, "steal"));
        reverts("CONTRACT_NOT_FOUND", call(stranger, BigInteger.valueOf(0xBADC0DE), "deposit"));
        reverts("ENTRYPOINT_NOT_FOUND", call(stranger, usdc, "burn"));
        assertEquals(BigInteger.valueOf(6), view(usdc, "decimals").get(0));
    }
}
