package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.account.StandardAccount;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Call;
import com.swmansion.starknet.data.types.CairoVersion;
import com.swmansion.starknet.data.types.EstimateFeeResponse;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.InvokeParamsV3;
import com.swmansion.starknet.data.types.InvokeTransactionV3;
import com.swmansion.starknet.data.types.ResourceBoundsMapping;
import com.swmansion.starknet.provider.exceptions.RequestFailedException;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.escrow.ReleaseProof;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.settlement.leadership.FencedOutException;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sends one transaction for a command from the operator account: builds the call (signing the release proof with the
 * proof-signer key), estimates the fee, signs the invoke with a locally tracked nonce, records the attempt
 * ({@code INITIATED} with the transaction hash and nonce) <em>before</em> the send and its outcome after it
 * ({@code SUBMITTED}, {@code FAILED} or {@code UNKNOWN}). One send at a time per process, so nonces never collide;
 * only the chain leader sends (the INITIATED record before the send passes the fencing check, or nothing is sent),
 * and a new tenure reads the nonce from the node again, since another leader may have used some meanwhile.
 */
@Singleton
public class EscrowTransactions {

    /** JSON-RPC errors the sender treats specially. */
    private static final int INVALID_TRANSACTION_NONCE = 52;
    private static final int DUPLICATE_TX = 59;
    private static final int CONTRACT_ERROR = 40;
    private static final int TRANSACTION_EXECUTION_ERROR = 41;
    /** Fee estimate bounds = estimate × this, for amount and price; starknet-jvm's own default margin. */
    private static final double FEE_MARGIN = 1.5;

    /** The result of one send. */
    public record Sent(CommandResult result, CommandStore.Stored stored) {
    }

    private final JsonRpcProvider rpc;
    private final ChainConfig config;
    private final CommandStore store;
    private final ChainLeadership leadership;
    private final Object sendLock = new Object();
    private final Felt escrow;
    private StandardAccount account;
    private NonceManager nonces;
    /** The fencing token under which the local nonce was last read; another token means another tenure. */
    private long nonceTenure;

    public EscrowTransactions(JsonRpcProvider rpc, ChainConfig config, CommandStore store,
                              ChainLeadership leadership) {
        this.rpc = rpc;
        this.config = config;
        this.store = store;
        this.leadership = leadership;
        this.escrow = Felt.fromHex(config.getEscrowAddress());
    }

    /** Whether the operator account and the proof-signer key are configured. */
    public boolean configured() {
        return FeltHex.parse(config.getOperatorAccountAddress()).isPresent()
                && FeltHex.parse(config.getOperatorPrivateKey()).isPresent()
                && FeltHex.parse(config.getProofSignerPrivateKey()).isPresent();
    }

    /** The node may have lost count (dropped transaction): ask it for the nonce next time. */
    void resyncNonce() {
        synchronized (sendLock) {
            if (nonces != null) {
                nonces.resync();
            }
        }
    }

    /**
     * Sends a new transaction for {@code initiated}, which must be in status INITIATED. Returns the updated record;
     * if another sender moved the command first, returns its current record with {@link CommandResult#ALREADY_REQUESTED}.
     * {@code origin} says who learns of a FAILED attempt (see {@link CommandStore#transition}).
     *
     * @throws FencedOutException when the lease was lost before the send; nothing was sent
     */
    public Sent send(CommandStore.Stored initiated, CommandStore.Origin origin) {
        ChainCommand command = initiated.command();
        List<Call> calls = List.of(call(initiated));
        synchronized (sendLock) {
            for (int nonceTries = 0; ; nonceTries++) {
                Felt nonce;
                ResourceBoundsMapping bounds;
                try {
                    ensureAccount();
                    long tenure = leadership.fencingToken().orElse(0L);
                    if (tenure != nonceTenure) {
                        nonces.resync();
                        nonceTenure = tenure;
                    }
                    nonce = nonces.peek();
                    InvokeTransactionV3 query = account.signV3(calls,
                            new InvokeParamsV3(nonce, ResourceBoundsMapping.ZERO), true);
                    EstimateFeeResponse fee = rpc.getEstimateFee(List.of(query), BlockTag.PRE_CONFIRMED, Set.of())
                            .send().getValues().get(0);
                    bounds = fee.toResourceBounds(FEE_MARGIN, FEE_MARGIN);
                } catch (RpcRequestFailedException e) {
                    // nothing was sent; 40/41: the node says this transaction would fail in the contract now
                    boolean wouldFail = e.getCode() == CONTRACT_ERROR || e.getCode() == TRANSACTION_EXECUTION_ERROR;
                    return finish(command, CommandStatus.FAILED, null, null, command.attempts(),
                            "fee estimation refused (" + e.getCode() + "): " + e.getMessage(),
                            wouldFail ? CommandResult.ORDER_STATE_FORBIDS : CommandResult.NODE_UNAVAILABLE, origin);
                } catch (RequestFailedException | UncheckedIOException e) {
                    return finish(command, CommandStatus.FAILED, null, null, command.attempts(),
                            "node unavailable before sending: " + e.getMessage(), CommandResult.NODE_UNAVAILABLE,
                            origin);
                }
                InvokeTransactionV3 tx = account.signV3(calls, new InvokeParamsV3(nonce, bounds), false);
                String txHash = FeltHex.of(tx.getHash().getValue());
                String nonceHex = FeltHex.of(nonce.getValue());
                int attempt = command.attempts() + 1;
                Optional<CommandStore.Stored> recorded = store.transition(command, CommandStatus.INITIATED, txHash,
                        nonceHex, attempt, "sending", origin);
                if (recorded.isEmpty()) {
                    return new Sent(CommandResult.ALREADY_REQUESTED, store.byId(command.id()).orElseThrow());
                }
                command = recorded.get().command();
                try {
                    rpc.invokeFunction(tx).send();
                    nonces.consumed(nonce);
                    return finish(command, CommandStatus.SUBMITTED, txHash, nonceHex, attempt, null,
                            CommandResult.ACCEPTED, origin);
                } catch (RpcRequestFailedException e) {
                    if (e.getCode() == DUPLICATE_TX) {
                        nonces.consumed(nonce);
                        return finish(command, CommandStatus.SUBMITTED, txHash, nonceHex, attempt,
                                "node already had it", CommandResult.ACCEPTED, origin);
                    }
                    if (e.getCode() == INVALID_TRANSACTION_NONCE && nonceTries == 0) {
                        nonces.resync();
                        continue;
                    }
                    return finish(command, CommandStatus.FAILED, txHash, nonceHex, attempt,
                            "node refused the transaction (" + e.getCode() + "): " + e.getMessage(),
                            CommandResult.NODE_UNAVAILABLE, origin);
                } catch (RequestFailedException | UncheckedIOException e) {
                    // the node may or may not have the transaction: the reconciler finds out from its hash
                    nonces.resync();
                    return finish(command, CommandStatus.UNKNOWN, txHash, nonceHex, attempt,
                            "send outcome unknown: " + e.getMessage(), CommandResult.NODE_UNAVAILABLE, origin);
                }
            }
        }
    }

    private Sent finish(ChainCommand from, CommandStatus status, String txHash, String nonce, int attempts,
                        String detail, CommandResult result, CommandStore.Origin origin) {
        Optional<CommandStore.Stored> moved;
        try {
            moved = store.transition(from, status, txHash, nonce, attempts, detail, origin);
        } catch (FencedOutException e) {
            // the lease was lost during the call: the record stays INITIATED with the transaction hash, and the
            // leader's reconciler finds out from that hash what became of it
            return new Sent(CommandResult.NOT_LEADER, store.byId(from.id()).orElseThrow());
        }
        return moved.map(s -> new Sent(result, s))
                .orElseGet(() -> new Sent(CommandResult.ALREADY_REQUESTED, store.byId(from.id()).orElseThrow()));
    }

    private Call call(CommandStore.Stored stored) {
        ChainCommand command = stored.command();
        EscrowOrder order = stored.order();
        Felt orderId = Felt.fromHex(order.orderId());
        switch (command.kind()) {
            case RELEASE -> {
                ReleaseProof proof = ReleaseProof.sign(Felt.fromHex(config.getProofSignerPrivateKey()), escrow,
                        orderId, Felt.fromHex(command.proofHash()), Felt.fromHex(order.token()),
                        order.amountBaseUnits(), Felt.fromHex(order.seller()), Felt.fromHex(order.buyer()));
                return new Call(escrow, EscrowAbi.RELEASE,
                        List.of(orderId, proof.proofHash(), proof.sigR(), proof.sigS()));
            }
            case REFUND -> {
                return new Call(escrow, EscrowAbi.REFUND, List.of(orderId));
            }
            case RESOLVE_DISPUTE -> {
                String winner = command.winner() == DisputeWinner.BUYER ? order.buyer() : order.seller();
                return new Call(escrow, EscrowAbi.RESOLVE_DISPUTE, List.of(orderId, Felt.fromHex(winner)));
            }
            default -> throw new IllegalStateException("unknown command kind " + command.kind());
        }
    }

    private void ensureAccount() {
        if (account == null) {
            Felt address = Felt.fromHex(config.getOperatorAccountAddress());
            account = new StandardAccount(address, Felt.fromHex(config.getOperatorPrivateKey()), rpc,
                    rpc.getChainId().send(), CairoVersion.ONE);
            nonces = new NonceManager(rpc, address);
        }
    }
}
