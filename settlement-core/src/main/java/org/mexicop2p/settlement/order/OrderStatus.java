package org.mexicop2p.settlement.order;

import java.util.List;

/**
 * The partner-visible statuses of an order; the transitions between them are the lifecycle table
 * ({@code org.mexicop2p.settlement.lifecycle.OrderLifecycle}). {@link #allowedActions} says what can happen next and by whom, so a
 * partner's UI can show it without knowing the state machine.
 */
public enum OrderStatus {
    PENDING_DEPOSIT(List.of("SELLER_DEPOSIT")),
    ACTIVE(List.of("BUYER_LOCK")),
    LOCKED(List.of("BUYER_PAY_SPEI", "OPEN_DISPUTE")),
    PENDING_RELEASE(List.of()),
    COMPLETED(List.of()),
    EXPIRED(List.of()),
    REFUNDED(List.of()),
    DISPUTED(List.of("ADMIN_RESOLUTION"));

    private final List<String> allowedActions;

    OrderStatus(List<String> allowedActions) {
        this.allowedActions = allowedActions;
    }

    public List<String> allowedActions() {
        return allowedActions;
    }
}
