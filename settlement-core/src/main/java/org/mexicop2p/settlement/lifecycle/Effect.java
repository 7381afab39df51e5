package org.mexicop2p.settlement.lifecycle;

import java.util.Optional;

/**
 * What a transition asks the outside world to do, written to the outbox in the same transaction as the status change
 * and carried out after commit. Money moves are intents, not contract calls: whether "send to buyer" becomes
 * {@code release} or {@code resolveDispute(buyer)} depends on the order's on-chain state, which the gateway checks.
 */
public enum Effect {
    NOTIFY_DEPOSIT_CONFIRMED("order.deposit_confirmed"),
    NOTIFY_LOCKED("order.locked"),
    NOTIFY_PAYMENT_VERIFIED("order.payment_verified"),
    NOTIFY_LOCK_EXPIRED("order.lock_expired"),
    NOTIFY_COMPLETED("order.completed"),
    NOTIFY_REFUNDED("order.refunded"),
    NOTIFY_EXPIRED("order.expired"),
    NOTIFY_DISPUTED("order.disputed"),
    NOTIFY_DISPUTE_RESOLVED("order.dispute_resolved"),
    /** Pay the escrowed crypto to the buyer. */
    SEND_CRYPTO_TO_BUYER(null),
    /** Return the escrowed crypto to the seller. */
    RETURN_CRYPTO_TO_SELLER(null),
    SCHEDULE_DEPOSIT_TIMEOUT(null),
    SCHEDULE_LISTING_TIMEOUT(null),
    /** At the lock's on-chain expiry plus the configured grace period. */
    SCHEDULE_LOCK_EXPIRY(null),
    /** A fresh 24-hour window from now (no-fault retry after a dispute). */
    SCHEDULE_FRESH_LOCK_WINDOW(null),
    CANCEL_DEPOSIT_TIMEOUT(null),
    CANCEL_LISTING_TIMEOUT(null),
    CANCEL_LOCK_EXPIRY(null),
    /** The seller loses 50 reputation points. */
    PENALIZE_SELLER(null),
    /** The buyer loses 50 reputation points. */
    PENALIZE_BUYER(null),
    /** Book the partner's fee and the platform's revenue share. */
    BOOK_REVENUE(null),
    /** Mark the order for an operator's attention (a deposit that did not match, a refund that beat a release). */
    FLAG_FOR_REVIEW(null);

    private final String webhookEvent;

    Effect(String webhookEvent) {
        this.webhookEvent = webhookEvent;
    }

    /** The webhook event type this effect sends to the partner, if it is a notification. */
    public Optional<String> webhookEvent() {
        return Optional.ofNullable(webhookEvent);
    }
}
