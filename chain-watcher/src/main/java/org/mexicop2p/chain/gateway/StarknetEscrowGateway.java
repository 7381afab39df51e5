package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.provider.exceptions.RequestFailedException;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.escrow.ReleaseProof;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandOutcome;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.settlement.leadership.FencedOutException;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The core's {@link EscrowCommands} on Starknet. A request is validated (typed rejection, nothing recorded), checked
 * against the contract's state, recorded as INITIATED under a unique (order, kind) key, and sent by
 * {@link EscrowTransactions}. A repeated or concurrent request for the same command never sends a second
 * transaction: it gets the existing record, and only a command whose last attempt ended is retried, after the
 * {@link CommandReconciler} has read the contract. Only the chain leader ({@link ChainLeadership}) records and sends;
 * elsewhere, or when the lease is lost mid-request (the fencing check refuses the write), the answer is
 * {@link CommandResult#NOT_LEADER}.
 */
@Singleton
public class StarknetEscrowGateway implements EscrowCommands {

    private static final BigInteger U256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private final CommandStore store;
    private final EscrowReader reader;
    private final EscrowTransactions transactions;
    private final CommandReconciler reconciler;
    private final ChainLeadership leadership;

    public StarknetEscrowGateway(CommandStore store, EscrowReader reader, EscrowTransactions transactions,
                                 CommandReconciler reconciler, ChainLeadership leadership) {
        this.store = store;
        this.reader = reader;
        this.transactions = transactions;
        this.reconciler = reconciler;
        this.leadership = leadership;
    }

    @Override
    public CommandOutcome release(EscrowOrder order, String cepReplayKey) {
        String replayKey = cepReplayKey == null ? null : cepReplayKey.toLowerCase(Locale.ROOT);
        if (!ReleaseProof.isReplayKey(replayKey)) {
            return new CommandOutcome(CommandResult.INVALID_REPLAY_KEY, null);
        }
        return request(order, CommandKind.RELEASE, FeltHex.of(ReleaseProof.proofHash(replayKey).getValue()), null);
    }

    @Override
    public CommandOutcome refund(EscrowOrder order) {
        return request(order, CommandKind.REFUND, null, null);
    }

    @Override
    public CommandOutcome resolveDispute(EscrowOrder order, DisputeWinner winner) {
        if (winner == null) {
            return new CommandOutcome(CommandResult.INVALID_ORDER, null);
        }
        return request(order, CommandKind.RESOLVE_DISPUTE, null, winner);
    }

    @Override
    public Optional<ChainCommand> find(String orderId, CommandKind kind) {
        return FeltHex.parse(orderId).flatMap(id -> store.find(id, kind)).map(CommandStore.Stored::command);
    }

    private CommandOutcome request(EscrowOrder requested, CommandKind kind, String proofHash, DisputeWinner winner) {
        Optional<EscrowOrder> valid = canonical(requested);
        if (valid.isEmpty()) {
            return new CommandOutcome(CommandResult.INVALID_ORDER, null);
        }
        if (!transactions.configured()) {
            return new CommandOutcome(CommandResult.NOT_CONFIGURED, null);
        }
        EscrowOrder order = valid.get();
        if (!leadership.isLeader()) {
            return notLeader(order, kind);
        }
        try {
            return requestAsLeader(order, kind, proofHash, winner);
        } catch (FencedOutException e) {
            return notLeader(order, kind);
        }
    }

    private CommandOutcome notLeader(EscrowOrder order, CommandKind kind) {
        return new CommandOutcome(CommandResult.NOT_LEADER,
                store.find(order.orderId(), kind).map(CommandStore.Stored::command).orElse(null));
    }

    private CommandOutcome requestAsLeader(EscrowOrder order, CommandKind kind, String proofHash,
                                           DisputeWinner winner) {
        Optional<CommandStore.Stored> existing = store.find(order.orderId(), kind);
        if (existing.isPresent()) {
            return followUp(existing.get(), proofHash, winner);
        }
        try {
            OnChainOrder onChain = reader.order(order.orderId());
            Optional<CommandResult> refusal = GatewayChecks.refusal(kind, order, onChain);
            if (refusal.isPresent()) {
                return new CommandOutcome(refusal.get(), null);
            }
            if (proofHash != null && reader.isProofUsed(proofHash)) {
                return new CommandOutcome(CommandResult.PROOF_ALREADY_USED, null);
            }
        } catch (RequestFailedException | UncheckedIOException e) {
            return new CommandOutcome(CommandResult.NODE_UNAVAILABLE, null);
        }
        CommandStore.Stored initiated;
        try {
            initiated = store.insertInitiated(order, kind, proofHash, winner);
        } catch (CommandStore.DuplicateCommandException e) {
            Optional<CommandStore.Stored> raced = store.find(order.orderId(), kind);
            if (raced.isPresent()) {
                return followUp(raced.get(), proofHash, winner);
            }
            // the proof hash is taken by another order's release: one CEP settles one order, ever
            return new CommandOutcome(CommandResult.PROOF_ALREADY_USED, null);
        }
        EscrowTransactions.Sent sent = transactions.send(initiated, CommandStore.Origin.REQUEST);
        return new CommandOutcome(sent.result(), sent.stored().command());
    }

    /** A command exists already: never a second transaction, unless its last attempt ended and the chain allows. */
    private CommandOutcome followUp(CommandStore.Stored existing, String proofHash, DisputeWinner winner) {
        ChainCommand command = existing.command();
        if (!Objects.equals(command.proofHash(), proofHash) || command.winner() != winner) {
            return new CommandOutcome(CommandResult.CONFLICTING_PROOF, command);
        }
        if (!command.status().attemptEnded()) {
            return new CommandOutcome(CommandResult.ALREADY_REQUESTED, command);
        }
        EscrowTransactions.Sent sent = reconciler.reconcile(existing, CommandStore.Origin.REQUEST);
        return new CommandOutcome(sent.result(), sent.stored().command());
    }

    private static Optional<EscrowOrder> canonical(EscrowOrder o) {
        if (o == null || o.amountBaseUnits() == null || o.amountBaseUnits().signum() <= 0
                || o.amountBaseUnits().compareTo(U256_LIMIT) >= 0) {
            return Optional.empty();
        }
        Optional<String> id = FeltHex.parse(o.orderId());
        Optional<String> seller = FeltHex.parse(o.seller());
        Optional<String> buyer = FeltHex.parse(o.buyer());
        Optional<String> token = FeltHex.parse(o.token());
        if (id.isEmpty() || seller.isEmpty() || buyer.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EscrowOrder(id.get(), seller.get(), buyer.get(), token.get(), o.amountBaseUnits()));
    }
}
