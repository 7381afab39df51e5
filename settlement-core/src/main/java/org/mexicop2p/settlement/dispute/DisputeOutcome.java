package org.mexicop2p.settlement.dispute;

import org.mexicop2p.settlement.lifecycle.OrderInput;

/** What an admin can decide about a disputed order, and the lifecycle input each decision is. */
public enum DisputeOutcome {
    FOR_BUYER(OrderInput.ADMIN_RESOLVED_FOR_BUYER),
    FOR_SELLER(OrderInput.ADMIN_RESOLVED_FOR_SELLER),
    NO_FAULT_RELEASE(OrderInput.ADMIN_NO_FAULT_RELEASE),
    NO_FAULT_REFUND(OrderInput.ADMIN_NO_FAULT_REFUND),
    NO_FAULT_RETRY(OrderInput.ADMIN_NO_FAULT_RETRY);

    private final OrderInput input;

    DisputeOutcome(OrderInput input) {
        this.input = input;
    }

    public OrderInput input() {
        return input;
    }
}
