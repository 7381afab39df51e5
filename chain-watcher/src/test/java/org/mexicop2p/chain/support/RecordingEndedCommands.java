package org.mexicop2p.chain.support;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.ChainCommand;
import org.mexicop2p.settlement.lifecycle.LifecycleEndedCommands;
import org.mexicop2p.settlement.lifecycle.OrderEscrows;
import org.mexicop2p.settlement.order.OrderRepository;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lifecycle's handler of ended commands (it still flags the order), recording each call, so a test can count how
 * often the core was told: a flag set twice looks the same as one set once.
 */
@Singleton
@Replaces(LifecycleEndedCommands.class)
public class RecordingEndedCommands extends LifecycleEndedCommands {

    private final List<ChainCommand> ended = new CopyOnWriteArrayList<>();

    public RecordingEndedCommands(OrderRepository orders, OrderEscrows escrows, Clock clock) {
        super(orders, escrows, clock);
    }

    @Override
    public void ended(ChainCommand command) {
        super.ended(command);
        ended.add(command);
    }

    /** The commands reported so far, oldest first. */
    public List<ChainCommand> ended() {
        return List.copyOf(ended);
    }
}
