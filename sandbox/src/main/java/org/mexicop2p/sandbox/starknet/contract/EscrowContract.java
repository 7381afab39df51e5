package org.mexicop2p.sandbox.starknet.contract;

import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.data.Selector;
import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mexicop2p.sandbox.starknet.Felts;

/**
 * The MexicoP2P escrow contract's rules (mexicop2p/ERC20-escrow-cairo v1.0.5, see {@code escrow-contract.md}), with
 * the engine's {@code release(order_id, proof_hash, sig_r, sig_s)}: the proof signer's Stark-ECDSA signature over
 * {@code pedersen_chain(0; contract, order_id, proof_hash, token, amount.low, amount.high, seller, buyer)}, and
 * {@code used_proof[proof_hash]} so one CEP releases one order.
 *
 * <p>Pause blocks every order function; the owner's admin functions stay callable (otherwise {@code unpause} could
 * never run). Checks run in the order listed in each method; each failure is one {@link RevertCode}.
 */
public final class EscrowContract {

    /** Lock duration bounds of the published contract, in seconds. */
    public static final long MIN_LOCK_DURATION_SECONDS = 300;
    public static final long MAX_LOCK_DURATION_SECONDS = 86_400;
    /** {@code version()} of the published contract, as a Cairo short string. */
    public static final String VERSION = "v1.0.5";

    public static final BigInteger DEPOSIT = sel("deposit");
    public static final BigInteger LOCK_ORDER = sel("lockOrder");
    public static final BigInteger RELEASE = sel("release");
    public static final BigInteger REFUND = sel("refund");
    public static final BigInteger OPEN_DISPUTE = sel("openDispute");
    public static final BigInteger RESOLVE_DISPUTE = sel("resolveDispute");
    public static final BigInteger ORDERS = sel("orders");
    public static final BigInteger IS_PROOF_USED = sel("is_proof_used");
    public static final BigInteger GET_PROOF_SIGNER = sel("get_proof_signer");
    public static final BigInteger IS_PAUSED = sel("is_paused");
    public static final BigInteger IS_TOKEN_ALLOWED = sel("is_token_allowed");
    public static final BigInteger IS_ARBITER = sel("isArbiter");
    public static final BigInteger VERSION_VIEW = sel("version");
    public static final BigInteger PAUSE = sel("pause");
    public static final BigInteger UNPAUSE = sel("unpause");
    public static final BigInteger ADD_ALLOWED_TOKEN = sel("add_allowed_token");
    public static final BigInteger REMOVE_ALLOWED_TOKEN = sel("remove_allowed_token");
    public static final BigInteger ADD_ARBITER = sel("addArbiter");
    public static final BigInteger REMOVE_ARBITER = sel("removeArbiter");
    public static final BigInteger UPDATE_PROOF_SIGNER = sel("update_proof_signer");
    public static final BigInteger TRANSFER_OWNERSHIP = sel("transfer_ownership");

    public static final BigInteger ORDER_CREATED = sel("OrderCreated");
    public static final BigInteger ORDER_LOCKED = sel("OrderLocked");
    public static final BigInteger ORDER_RELEASED = sel("OrderReleased");
    public static final BigInteger ORDER_REFUNDED = sel("OrderRefunded");
    public static final BigInteger DISPUTE_OPENED = sel("DisputeOpened");
    public static final BigInteger DISPUTE_RESOLVED = sel("DisputeResolved");
    public static final BigInteger OWNERSHIP_TRANSFERRED = sel("OwnershipTransferred");
    public static final BigInteger PROOF_SIGNER_UPDATED = sel("ProofSignerUpdated");
    public static final BigInteger PAUSED = sel("Paused");
    public static final BigInteger UNPAUSED = sel("Unpaused");
    public static final BigInteger TOKEN_ADDED = sel("TokenAdded");
    public static final BigInteger TOKEN_REMOVED = sel("TokenRemoved");
    public static final BigInteger ARBITER_ADDED = sel("ArbiterAdded");
    public static final BigInteger ARBITER_REMOVED = sel("ArbiterRemoved");

    private static final String OWNER = "owner";
    private static final String PROOF_SIGNER = "proof_signer";
    private static final String PAUSED_FLAG = "paused";

    private final BigInteger address;
    private final Map<BigInteger, Erc20Token> tokensByAddress;
    private final Map<String, BigInteger> scalars = new HashMap<>();
    private final Map<BigInteger, EscrowOrder> orders = new HashMap<>();
    private final Map<BigInteger, Boolean> usedProofs = new HashMap<>();
    private final Map<BigInteger, Boolean> allowedTokens = new HashMap<>();
    private final Map<BigInteger, Boolean> arbiters = new HashMap<>();

    /** Deploys the contract: owner, proof signer public key, whitelisted tokens and arbiters, as a constructor would. */
    public EscrowContract(BigInteger address, BigInteger owner, BigInteger proofSignerPublicKey,
                          Map<BigInteger, Erc20Token> tokensByAddress, List<BigInteger> initialArbiters) {
        this.address = address;
        this.tokensByAddress = Map.copyOf(tokensByAddress);
        scalars.put(OWNER, owner);
        scalars.put(PROOF_SIGNER, proofSignerPublicKey);
        scalars.put(PAUSED_FLAG, BigInteger.ZERO);
        tokensByAddress.keySet().forEach(token -> allowedTokens.put(token, true));
        initialArbiters.forEach(arbiter -> arbiters.put(arbiter, true));
    }

    public BigInteger address() {
        return address;
    }

    public EscrowOrder order(BigInteger orderId) {
        return orders.getOrDefault(orderId, EscrowOrder.EMPTY);
    }

    public boolean isProofUsed(BigInteger proofHash) {
        return usedProofs.getOrDefault(proofHash, false);
    }

    /** The message the proof signer signs for {@code release}; see the class comment. */
    public BigInteger releaseMessage(BigInteger orderId, BigInteger proofHash, EscrowOrder order) {
        List<BigInteger> words = Erc20Token.u256Words(order.amount());
        List<Felt> chain = new ArrayList<>();
        for (BigInteger v : List.of(address, orderId, proofHash, order.token(), words.get(0), words.get(1),
                order.seller(), order.buyer())) {
            chain.add(new Felt(v));
        }
        return StarknetCurve.pedersen(chain).getValue();
    }

    /** Entry point dispatch for an invoke or a call; returns the Cairo return values. */
    public List<BigInteger> invoke(ExecutionContext ctx, BigInteger selector, List<BigInteger> calldata) {
        if (selector.equals(DEPOSIT)) {
            arity(calldata, 4, selector);
            deposit(ctx, calldata.get(0), calldata.get(1), u256(calldata.get(2), calldata.get(3), selector));
        } else if (selector.equals(LOCK_ORDER)) {
            arity(calldata, 2, selector);
            if (calldata.get(1).compareTo(Felts.U64_LIMIT) >= 0) {
                throw revert(RevertCode.INVALID_CALLDATA, selector);
            }
            lockOrder(ctx, calldata.get(0), calldata.get(1).longValue());
        } else if (selector.equals(RELEASE)) {
            arity(calldata, 4, selector);
            release(ctx, calldata.get(0), calldata.get(1), calldata.get(2), calldata.get(3));
        } else if (selector.equals(REFUND)) {
            arity(calldata, 1, selector);
            refund(ctx, calldata.get(0));
        } else if (selector.equals(OPEN_DISPUTE)) {
            arity(calldata, 1, selector);
            openDispute(ctx, calldata.get(0));
        } else if (selector.equals(RESOLVE_DISPUTE)) {
            arity(calldata, 2, selector);
            resolveDispute(ctx, calldata.get(0), calldata.get(1));
        } else if (selector.equals(ORDERS)) {
            arity(calldata, 1, selector);
            return order(calldata.get(0)).toCalldata();
        } else if (selector.equals(IS_PROOF_USED)) {
            arity(calldata, 1, selector);
            return List.of(bool(isProofUsed(calldata.get(0))));
        } else if (selector.equals(GET_PROOF_SIGNER)) {
            arity(calldata, 0, selector);
            return List.of(scalars.get(PROOF_SIGNER));
        } else if (selector.equals(IS_PAUSED)) {
            arity(calldata, 0, selector);
            return List.of(scalars.get(PAUSED_FLAG));
        } else if (selector.equals(IS_TOKEN_ALLOWED)) {
            arity(calldata, 1, selector);
            return List.of(bool(allowedTokens.getOrDefault(calldata.get(0), false)));
        } else if (selector.equals(IS_ARBITER)) {
            arity(calldata, 1, selector);
            return List.of(bool(arbiters.getOrDefault(calldata.get(0), false)));
        } else if (selector.equals(VERSION_VIEW)) {
            arity(calldata, 0, selector);
            return List.of(Felt.fromShortString(VERSION).getValue());
        } else {
            return admin(ctx, selector, calldata);
        }
        return List.of();
    }

    private List<BigInteger> admin(ExecutionContext ctx, BigInteger selector, List<BigInteger> calldata) {
        boolean known = selector.equals(PAUSE) || selector.equals(UNPAUSE) || selector.equals(ADD_ALLOWED_TOKEN)
                || selector.equals(REMOVE_ALLOWED_TOKEN) || selector.equals(ADD_ARBITER)
                || selector.equals(REMOVE_ARBITER) || selector.equals(UPDATE_PROOF_SIGNER)
                || selector.equals(TRANSFER_OWNERSHIP);
        if (!known) {
            throw revert(RevertCode.ENTRYPOINT_NOT_FOUND, selector);
        }
        arity(calldata, selector.equals(PAUSE) || selector.equals(UNPAUSE) ? 0 : 1, selector);
        if (!ctx.caller().equals(scalars.get(OWNER))) {
            throw revert(RevertCode.NOT_OWNER, selector);
        }
        StateJournal journal = ctx.journal();
        if (selector.equals(PAUSE)) {
            journal.put(scalars, PAUSED_FLAG, BigInteger.ONE);
            emit(ctx, PAUSED, ctx.caller());
        } else if (selector.equals(UNPAUSE)) {
            journal.put(scalars, PAUSED_FLAG, BigInteger.ZERO);
            emit(ctx, UNPAUSED, ctx.caller());
        } else if (selector.equals(ADD_ALLOWED_TOKEN)) {
            journal.put(allowedTokens, calldata.get(0), true);
            emit(ctx, TOKEN_ADDED, calldata.get(0));
        } else if (selector.equals(REMOVE_ALLOWED_TOKEN)) {
            journal.remove(allowedTokens, calldata.get(0));
            emit(ctx, TOKEN_REMOVED, calldata.get(0));
        } else if (selector.equals(ADD_ARBITER)) {
            journal.put(arbiters, nonZero(calldata.get(0), selector), true);
            emit(ctx, ARBITER_ADDED, calldata.get(0));
        } else if (selector.equals(REMOVE_ARBITER)) {
            journal.remove(arbiters, calldata.get(0));
            emit(ctx, ARBITER_REMOVED, calldata.get(0));
        } else if (selector.equals(UPDATE_PROOF_SIGNER)) {
            BigInteger previous = scalars.get(PROOF_SIGNER);
            journal.put(scalars, PROOF_SIGNER, nonZero(calldata.get(0), selector));
            emit(ctx, PROOF_SIGNER_UPDATED, previous, calldata.get(0));
        } else {
            BigInteger previous = scalars.get(OWNER);
            journal.put(scalars, OWNER, nonZero(calldata.get(0), selector));
            emit(ctx, OWNERSHIP_TRANSFERRED, previous, calldata.get(0));
        }
        return List.of();
    }

    private void deposit(ExecutionContext ctx, BigInteger orderId, BigInteger token, BigInteger amount) {
        notPaused(DEPOSIT);
        if (orderId.signum() == 0) {
            throw revert(RevertCode.ORDER_ID_ZERO, DEPOSIT);
        }
        if (!allowedTokens.getOrDefault(token, false) || !tokensByAddress.containsKey(token)) {
            throw revert(RevertCode.TOKEN_NOT_ALLOWED, DEPOSIT);
        }
        if (amount.signum() == 0) {
            throw revert(RevertCode.AMOUNT_ZERO, DEPOSIT);
        }
        if (order(orderId).exists()) {
            throw revert(RevertCode.ORDER_ALREADY_EXISTS, DEPOSIT);
        }
        BigInteger seller = ctx.caller();
        tokensByAddress.get(token).transferFrom(ctx.asCaller(address), seller, address, amount);
        ctx.journal().put(orders, orderId,
                new EscrowOrder(seller, BigInteger.ZERO, token, amount, 0, EscrowOrder.OPEN));
        List<BigInteger> words = Erc20Token.u256Words(amount);
        emit(ctx, ORDER_CREATED, orderId, seller, token, words.get(0), words.get(1));
    }

    private void lockOrder(ExecutionContext ctx, BigInteger orderId, long durationSeconds) {
        notPaused(LOCK_ORDER);
        if (durationSeconds < MIN_LOCK_DURATION_SECONDS || durationSeconds > MAX_LOCK_DURATION_SECONDS) {
            throw revert(RevertCode.INVALID_LOCK_DURATION, LOCK_ORDER);
        }
        EscrowOrder order = existing(orderId, LOCK_ORDER);
        if (order.status() != EscrowOrder.OPEN) {
            throw revert(RevertCode.ORDER_NOT_OPEN, LOCK_ORDER);
        }
        BigInteger buyer = ctx.caller();
        if (buyer.equals(order.seller())) {
            throw revert(RevertCode.SELLER_CANNOT_LOCK, LOCK_ORDER);
        }
        long lockExpiry = ctx.blockTimestampSeconds() + durationSeconds;
        ctx.journal().put(orders, orderId, order.locked(buyer, lockExpiry));
        emit(ctx, ORDER_LOCKED, orderId, buyer, BigInteger.valueOf(lockExpiry));
    }

    private void release(ExecutionContext ctx, BigInteger orderId, BigInteger proofHash, BigInteger sigR,
                         BigInteger sigS) {
        notPaused(RELEASE);
        EscrowOrder order = existing(orderId, RELEASE);
        if (order.status() != EscrowOrder.LOCKED) {
            throw revert(RevertCode.ORDER_NOT_LOCKED, RELEASE);
        }
        if (isProofUsed(proofHash)) {
            throw revert(RevertCode.PROOF_ALREADY_USED, RELEASE);
        }
        if (!verifyProofSignature(releaseMessage(orderId, proofHash, order), sigR, sigS)) {
            throw revert(RevertCode.INVALID_PROOF_SIGNATURE, RELEASE);
        }
        ctx.journal().put(usedProofs, proofHash, true);
        tokensByAddress.get(order.token()).transfer(ctx.asCaller(address), order.buyer(), order.amount());
        ctx.journal().put(orders, orderId, order.withStatus(EscrowOrder.RELEASED));
        List<BigInteger> words = Erc20Token.u256Words(order.amount());
        emit(ctx, ORDER_RELEASED, orderId, order.buyer(), order.token(), words.get(0), words.get(1));
    }

    private boolean verifyProofSignature(BigInteger message, BigInteger sigR, BigInteger sigS) {
        BigInteger order = StarknetCurve.CURVE_ORDER;
        // The native verifier expects 0 < r, s < curve order; anything else is simply not a valid signature.
        if (sigR.signum() <= 0 || sigS.signum() <= 0 || sigR.compareTo(order) >= 0 || sigS.compareTo(order) >= 0) {
            return false;
        }
        return StarknetCurve.verify(new Felt(scalars.get(PROOF_SIGNER)), new Felt(message), new Felt(sigR),
                new Felt(sigS));
    }

    private void refund(ExecutionContext ctx, BigInteger orderId) {
        notPaused(REFUND);
        EscrowOrder order = existing(orderId, REFUND);
        boolean byOwner = ctx.caller().equals(scalars.get(OWNER));
        if (order.status() != EscrowOrder.OPEN && order.status() != EscrowOrder.LOCKED) {
            throw revert(RevertCode.ORDER_NOT_REFUNDABLE, REFUND);
        }
        if (!byOwner) {
            if (!ctx.caller().equals(order.seller())) {
                throw revert(RevertCode.NOT_AUTHORIZED, REFUND);
            }
            // A seller may take back a locked order only once the buyer's lock has run out.
            if (order.status() == EscrowOrder.LOCKED && ctx.blockTimestampSeconds() <= order.lockExpirySeconds()) {
                throw revert(RevertCode.LOCK_NOT_EXPIRED, REFUND);
            }
        }
        tokensByAddress.get(order.token()).transfer(ctx.asCaller(address), order.seller(), order.amount());
        ctx.journal().put(orders, orderId, order.withStatus(EscrowOrder.REFUNDED));
        List<BigInteger> words = Erc20Token.u256Words(order.amount());
        emit(ctx, ORDER_REFUNDED, orderId, order.seller(), order.token(), words.get(0), words.get(1));
    }

    private void openDispute(ExecutionContext ctx, BigInteger orderId) {
        notPaused(OPEN_DISPUTE);
        EscrowOrder order = existing(orderId, OPEN_DISPUTE);
        if (order.status() != EscrowOrder.LOCKED) {
            throw revert(RevertCode.ORDER_NOT_LOCKED, OPEN_DISPUTE);
        }
        if (!ctx.caller().equals(order.buyer()) && !ctx.caller().equals(order.seller())) {
            throw revert(RevertCode.NOT_ORDER_PARTY, OPEN_DISPUTE);
        }
        ctx.journal().put(orders, orderId, order.withStatus(EscrowOrder.DISPUTED));
        emit(ctx, DISPUTE_OPENED, orderId, ctx.caller());
    }

    private void resolveDispute(ExecutionContext ctx, BigInteger orderId, BigInteger winner) {
        notPaused(RESOLVE_DISPUTE);
        if (!arbiters.getOrDefault(ctx.caller(), false)) {
            throw revert(RevertCode.NOT_ARBITER, RESOLVE_DISPUTE);
        }
        EscrowOrder order = existing(orderId, RESOLVE_DISPUTE);
        if (order.status() != EscrowOrder.DISPUTED) {
            throw revert(RevertCode.ORDER_NOT_DISPUTED, RESOLVE_DISPUTE);
        }
        boolean buyerWins = winner.equals(order.buyer());
        if (!buyerWins && !winner.equals(order.seller())) {
            throw revert(RevertCode.INVALID_WINNER, RESOLVE_DISPUTE);
        }
        tokensByAddress.get(order.token()).transfer(ctx.asCaller(address), winner, order.amount());
        ctx.journal().put(orders, orderId,
                order.withStatus(buyerWins ? EscrowOrder.RELEASED : EscrowOrder.REFUNDED));
        emit(ctx, DISPUTE_RESOLVED, orderId, ctx.caller(), winner);
    }

    private EscrowOrder existing(BigInteger orderId, BigInteger selector) {
        EscrowOrder order = order(orderId);
        if (!order.exists()) {
            throw revert(RevertCode.ORDER_NOT_FOUND, selector);
        }
        return order;
    }

    private void notPaused(BigInteger selector) {
        if (scalars.get(PAUSED_FLAG).signum() != 0) {
            throw revert(RevertCode.CONTRACT_PAUSED, selector);
        }
    }

    private void emit(ExecutionContext ctx, BigInteger eventSelector, BigInteger... data) {
        ctx.emit(new Event(address, List.of(eventSelector), List.of(data)));
    }

    private ContractRevert revert(RevertCode code, BigInteger selector) {
        return new ContractRevert(code, address, selector);
    }

    private void arity(List<BigInteger> calldata, int size, BigInteger selector) {
        if (calldata.size() != size) {
            throw revert(RevertCode.INVALID_CALLDATA, selector);
        }
    }

    private BigInteger nonZero(BigInteger value, BigInteger selector) {
        if (value.signum() == 0) {
            throw revert(RevertCode.ZERO_ADDRESS, selector);
        }
        return value;
    }

    private BigInteger u256(BigInteger low, BigInteger high, BigInteger selector) {
        if (low.compareTo(Felts.U128_LIMIT) >= 0 || high.compareTo(Felts.U128_LIMIT) >= 0) {
            throw revert(RevertCode.INVALID_CALLDATA, selector);
        }
        return high.shiftLeft(128).or(low);
    }

    private static BigInteger bool(boolean value) {
        return value ? BigInteger.ONE : BigInteger.ZERO;
    }

    private static BigInteger sel(String name) {
        return Selector.selectorFromName(name).getValue();
    }
}
