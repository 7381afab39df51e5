package org.mexicop2p.settlement.lifecycle;

import org.mexicop2p.settlement.order.OrderStatus;

/** What {@link OrderFacts#apply} did with a fact; {@code before}/{@code after} are null for an unknown order. */
public record FactResult(Code code, OrderStatus before, OrderStatus after) {

    /** One code per outcome, so callers never parse messages. */
    public enum Code {
        /** The transition ran: status compare-and-set, timeline entry and outbox rows committed together. */
        APPLIED,
        /** The lifecycle forbids this input in the order's current status; the refusal is recorded, nothing else. */
        FORBIDDEN_IN_STATUS,
        /** No order has this id. */
        UNKNOWN_ORDER,
        /**
         * A timer fired after a committed transition had cancelled it (the cancellation was still waiting in the
         * effect outbox): refused and recorded, nothing else, as if the cancellation had reached Quartz first.
         */
        TIMER_CANCELLED
    }
}
