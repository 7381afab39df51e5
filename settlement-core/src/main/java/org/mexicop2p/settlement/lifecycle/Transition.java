package org.mexicop2p.settlement.lifecycle;

import org.mexicop2p.settlement.order.OrderStatus;

import java.util.List;

/** One row of the order lifecycle: in {@code from}, on {@code input}, go to {@code to} and ask for {@code effects}. */
public record Transition(OrderStatus from, OrderInput input, OrderStatus to, List<Effect> effects) {

    public Transition {
        effects = List.copyOf(effects);
    }

    /** Whether the status stays the same (the fact is recorded and may still have effects). */
    public boolean keepsStatus() {
        return from == to;
    }
}
