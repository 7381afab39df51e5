package org.mexicop2p.settlement.order;

import java.util.List;

/**
 * The partner-visible statuses of an order. Only creation (→ PENDING_DEPOSIT) is implemented here; the transitions
 * after it belong to the order state machine. {@link #allowedActions} says what can happen next and by whom, so a
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
    DISPUTED(List.of());

    private final List<String> allowedActions;

    OrderStatus(List<String> allowedActions) {
        this.allowedActions = allowedActions;
    }

    public List<String> allowedActions() {
        return allowedActions;
    }
}
