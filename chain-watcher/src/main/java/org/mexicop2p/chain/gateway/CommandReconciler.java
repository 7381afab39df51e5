package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetTransactionStatusResponse;
import com.swmansion.starknet.data.types.TransactionExecutionStatus;
import com.swmansion.starknet.data.types.TransactionStatus;
import com.swmansion.starknet.provider.exceptions.RequestFailedException;
import com.swmansion.starknet.provider.exceptions.RpcRequestFailedException;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.leadership.FencedOutException;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds out what became of commands and retries only after reading the contract:
 * <ul>
 *   <li>a command with a transaction hash is looked up with {@code starknet_getTransactionStatus}: accepted and
 *       succeeded → CONFIRMED, reverted → REVERTED, still pending → SUBMITTED;</li>
 *   <li>a transaction the node no longer knows (TXN_HASH_NOT_FOUND) was dropped → UNKNOWN, then the contract
 *       decides: {@code orders(order_id)} (and {@code is_proof_used} for releases) shows the effect already happened
 *       → CONFIRMED; the order still allows the command and matches what was signed → a new transaction is sent;
 *       otherwise → FAILED.</li>
 * </ul>
 * A resent release carries the same proof hash, so even if the dropped transaction reappeared, the contract's status
 * check and {@code used_proof} let at most one of them succeed. An attempt that {@link #reconcileOpen()} ends
 * REVERTED or FAILED is reported to the core ({@link org.mexicop2p.settlement.chain.EndedCommandHandler}, through
 * {@link CommandStore.Origin#RECONCILER}): its request was answered ACCEPTED long ago, and nothing else retries it.
 */
@Singleton
public class CommandReconciler {

    /** JSON-RPC error TXN_HASH_NOT_FOUND. */
    private static final int TXN_HASH_NOT_FOUND = 29;
    /** At most this many open commands per {@link #reconcileOpen()} pass. */
    private static final int OPEN_BATCH_LIMIT = 500;

    private final JsonRpcProvider rpc;
    private final CommandStore store;
    private final EscrowReader reader;
    private final EscrowTransactions transactions;

    public CommandReconciler(JsonRpcProvider rpc, CommandStore store, EscrowReader reader,
                             EscrowTransactions transactions) {
        this.rpc = rpc;
        this.store = store;
        this.reader = reader;
        this.transactions = transactions;
    }

    /**
     * Reconciles every command whose outcome is open; returns their records afterwards. Stops at the first write the
     * fencing check refuses (this daemon is no longer the chain leader; the new leader reconciles them).
     */
    public List<ChainCommand> reconcileOpen() {
        List<ChainCommand> after = new ArrayList<>();
        for (CommandStore.Stored stored : store.open(OPEN_BATCH_LIMIT)) {
            try {
                after.add(reconcile(stored, CommandStore.Origin.RECONCILER).stored().command());
            } catch (FencedOutException e) {
                break;
            }
        }
        return after;
    }

    /**
     * Reconciles one command. For a {@link CommandStore.Origin#REQUEST} (a new request for the same command), a command
     * whose last attempt ended (REVERTED, FAILED) is also re-checked against the contract and resent if the contract
     * still allows it, and the requester gets the outcome.
     */
    public EscrowTransactions.Sent reconcile(CommandStore.Stored stored, CommandStore.Origin origin) {
        ChainCommand command = stored.command();
        if (command.status() == CommandStatus.CONFIRMED) {
            return new EscrowTransactions.Sent(CommandResult.ALREADY_REQUESTED, stored);
        }
        boolean mayResend = origin == CommandStore.Origin.REQUEST || !command.status().attemptEnded();
        if (command.transactionHash() != null && !command.status().attemptEnded()) {
            GetTransactionStatusResponse tx;
            try {
                tx = rpc.getTransactionStatus(Felt.fromHex(command.transactionHash())).send();
            } catch (RpcRequestFailedException e) {
                if (e.getCode() != TXN_HASH_NOT_FOUND) {
                    return unavailable(stored);
                }
                tx = null;
            } catch (RequestFailedException | UncheckedIOException e) {
                return unavailable(stored);
            }
            if (tx != null) {
                return fromTransactionStatus(stored, tx, origin);
            }
            transactions.resyncNonce();
            Optional<CommandStore.Stored> dropped = store.transition(command, CommandStatus.UNKNOWN,
                    command.transactionHash(), stored.nonce(), command.attempts(),
                    "transaction dropped: the node no longer knows it", origin);
            if (dropped.isEmpty()) {
                return new EscrowTransactions.Sent(CommandResult.ALREADY_REQUESTED, current(command));
            }
            stored = dropped.get();
        }
        return fromContractState(stored, mayResend, origin);
    }

    private EscrowTransactions.Sent fromTransactionStatus(CommandStore.Stored stored, GetTransactionStatusResponse tx,
                                                          CommandStore.Origin origin) {
        ChainCommand command = stored.command();
        if (tx.getExecutionStatus() == TransactionExecutionStatus.REVERTED) {
            return move(stored, CommandStatus.REVERTED, "reverted: " + tx.getFailureReason(),
                    CommandResult.ORDER_STATE_FORBIDS, origin);
        }
        TransactionStatus finality = tx.getFinalityStatus();
        if (finality == TransactionStatus.ACCEPTED_ON_L2 || finality == TransactionStatus.ACCEPTED_ON_L1) {
            return move(stored, CommandStatus.CONFIRMED, "accepted: " + finality, CommandResult.ACCEPTED, origin);
        }
        if (command.status() == CommandStatus.SUBMITTED) {
            return new EscrowTransactions.Sent(CommandResult.ACCEPTED, stored);
        }
        return move(stored, CommandStatus.SUBMITTED, "pending: " + finality, CommandResult.ACCEPTED, origin);
    }

    private EscrowTransactions.Sent fromContractState(CommandStore.Stored stored, boolean mayResend,
                                                      CommandStore.Origin origin) {
        ChainCommand command = stored.command();
        OnChainOrder onChain;
        boolean proofUsed;
        try {
            onChain = reader.order(command.orderId());
            proofUsed = command.proofHash() != null && reader.isProofUsed(command.proofHash());
        } catch (RequestFailedException | UncheckedIOException e) {
            return unavailable(stored);
        }
        Optional<String> done = effectObserved(command, onChain, proofUsed);
        if (done.isPresent()) {
            return move(stored, CommandStatus.CONFIRMED, done.get(), CommandResult.ACCEPTED, origin);
        }
        Optional<CommandResult> refusal = GatewayChecks.refusal(command.kind(), stored.order(), onChain);
        if (refusal.isPresent()) {
            return move(stored, CommandStatus.FAILED, "contract state forbids it now: order is "
                    + onChain.status(), refusal.get(), origin);
        }
        if (!mayResend) {
            return new EscrowTransactions.Sent(CommandResult.ACCEPTED, stored);
        }
        Optional<CommandStore.Stored> claimed = command.status() == CommandStatus.INITIATED ? Optional.of(stored)
                : store.transition(command, CommandStatus.INITIATED, command.transactionHash(), stored.nonce(),
                command.attempts(), "retrying after reading the contract: order is " + onChain.status(), origin);
        if (claimed.isEmpty()) {
            return new EscrowTransactions.Sent(CommandResult.ALREADY_REQUESTED, current(command));
        }
        return transactions.send(claimed.get(), origin);
    }

    /** Whether the command's effect is already on-chain (by this command's transaction or an earlier one). */
    private static Optional<String> effectObserved(ChainCommand command, OnChainOrder onChain, boolean proofUsed) {
        return switch (command.kind()) {
            case RELEASE -> onChain.status() == OnChainOrder.Status.RELEASED && proofUsed
                    ? Optional.of("released on-chain with this proof") : Optional.empty();
            case REFUND -> onChain.status() == OnChainOrder.Status.REFUNDED
                    ? Optional.of("refunded on-chain") : Optional.empty();
            case RESOLVE_DISPUTE -> (command.winner() == DisputeWinner.BUYER
                    ? onChain.status() == OnChainOrder.Status.RELEASED
                    : onChain.status() == OnChainOrder.Status.REFUNDED)
                    ? Optional.of("resolved on-chain for the " + command.winner()) : Optional.empty();
        };
    }

    private EscrowTransactions.Sent move(CommandStore.Stored stored, CommandStatus status, String detail,
                                         CommandResult result, CommandStore.Origin origin) {
        ChainCommand c = stored.command();
        return store.transition(c, status, c.transactionHash(), stored.nonce(), c.attempts(), detail, origin)
                .map(s -> new EscrowTransactions.Sent(result, s))
                .orElseGet(() -> new EscrowTransactions.Sent(CommandResult.ALREADY_REQUESTED, current(c)));
    }

    private EscrowTransactions.Sent unavailable(CommandStore.Stored stored) {
        return new EscrowTransactions.Sent(CommandResult.NODE_UNAVAILABLE, stored);
    }

    private CommandStore.Stored current(ChainCommand command) {
        return store.byId(command.id()).orElseThrow();
    }
}
