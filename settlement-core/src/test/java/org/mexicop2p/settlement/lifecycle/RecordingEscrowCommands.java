package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.chain.CommandKind;
import org.mexicop2p.settlement.chain.CommandOutcome;
import org.mexicop2p.settlement.chain.CommandResult;
import org.mexicop2p.settlement.chain.CommandStatus;
import org.mexicop2p.settlement.chain.DisputeWinner;
import org.mexicop2p.settlement.chain.EscrowCommands;
import org.mexicop2p.settlement.chain.EscrowOrder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway with the real gateway's contract for these tests (the sandbox-node tests exercise the real one): one
 * command per order and kind, a repeat answers ALREADY_REQUESTED, and it can play a node that is down. State is static
 * so it outlives an application context, like a chain outlives a daemon restart.
 */
@Singleton
@Requires(property = "test.lifecycle", value = "true")
@Replaces(EscrowCommands.class)
public class RecordingEscrowCommands implements EscrowCommands {

    /** One transaction "sent". */
    record Sent(CommandKind kind, EscrowOrder order, String cepReplayKey, DisputeWinner winner) {
    }

    static final List<Sent> SENT = new CopyOnWriteArrayList<>();
    static final Map<String, ChainCommand> COMMANDS = new ConcurrentHashMap<>();
    static final AtomicInteger NODE_DOWN_FOR_CALLS = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    static void reset() {
        SENT.clear();
        COMMANDS.clear();
        NODE_DOWN_FOR_CALLS.set(0);
    }

    static List<Sent> sentFor(String escrowOrderId) {
        return SENT.stream().filter(s -> s.order().orderId().equals(escrowOrderId)).toList();
    }

    @Override
    public CommandOutcome release(EscrowOrder order, String cepReplayKey) {
        return send(new Sent(CommandKind.RELEASE, order, cepReplayKey, null));
    }

    @Override
    public CommandOutcome refund(EscrowOrder order) {
        return send(new Sent(CommandKind.REFUND, order, null, null));
    }

    @Override
    public CommandOutcome resolveDispute(EscrowOrder order, DisputeWinner winner) {
        return send(new Sent(CommandKind.RESOLVE_DISPUTE, order, null, winner));
    }

    @Override
    public Optional<ChainCommand> find(String orderId, CommandKind kind) {
        return Optional.ofNullable(COMMANDS.get(orderId + "/" + kind));
    }

    private synchronized CommandOutcome send(Sent sent) {
        if (NODE_DOWN_FOR_CALLS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new CommandOutcome(CommandResult.NODE_UNAVAILABLE, null);
        }
        String key = sent.order().orderId() + "/" + sent.kind();
        ChainCommand existing = COMMANDS.get(key);
        if (existing != null) {
            return new CommandOutcome(CommandResult.ALREADY_REQUESTED, existing);
        }
        ChainCommand command = new ChainCommand(IDS.incrementAndGet(), sent.order().orderId(), sent.kind(),
                CommandStatus.SUBMITTED, null, sent.winner(), "0xabc" + IDS.get(), 1, null);
        COMMANDS.put(key, command);
        SENT.add(sent);
        return new CommandOutcome(CommandResult.ACCEPTED, command);
    }
}
