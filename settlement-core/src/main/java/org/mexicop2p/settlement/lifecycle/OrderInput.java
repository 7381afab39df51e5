package org.mexicop2p.settlement.lifecycle;

/**
 * The facts that can move an order: what the chain watcher saw, what the CEP verifier proved, which timer fired, and
 * what an admin decided. Nothing else changes an order's status.
 */
public enum OrderInput {
    /** {@code OrderCreated} with exactly the order's token and amount. */
    DEPOSIT_SEEN,
    /** {@code OrderCreated} for this order id with another token or amount: flagged, and the crypto goes back. */
    MISMATCHED_DEPOSIT_SEEN,
    /** A reorg removed the {@code OrderCreated} the order was activated by. */
    DEPOSIT_RETRACTED,
    /** {@code OrderLocked}: a buyer reserved the order. */
    LOCK_SEEN,
    /** A reorg removed the {@code OrderLocked} the order was locked by. */
    LOCK_RETRACTED,
    /** A CEP proved the buyer paid the order's amount into its CLABE inside the lock window. */
    PAYMENT_VERIFIED,
    /** {@code OrderReleased}: the buyer received the crypto. */
    RELEASE_SEEN,
    /** {@code OrderRefunded}: the seller got the crypto back. */
    REFUND_SEEN,
    /** {@code DisputeOpened}: the buyer or the seller froze the order for an arbiter. */
    DISPUTE_OPENED_SEEN,
    /** {@code DisputeResolved} paying the buyer. */
    DISPUTE_RESOLVED_FOR_BUYER_SEEN,
    /** {@code DisputeResolved} paying the seller. */
    DISPUTE_RESOLVED_FOR_SELLER_SEEN,
    /** The seller did not deposit in time. */
    DEPOSIT_TIMER_FIRED,
    /** No buyer locked the listed order in time. */
    LISTING_TIMER_FIRED,
    /** The lock (plus grace) passed without a verified payment. */
    LOCK_TIMER_FIRED,
    /** Admin: the buyer paid and the seller is at fault. */
    ADMIN_RESOLVED_FOR_BUYER,
    /** Admin: the buyer did not pay (or cheated) and is at fault. */
    ADMIN_RESOLVED_FOR_SELLER,
    /** Admin, nobody at fault: the buyer did pay, release to the buyer. */
    ADMIN_NO_FAULT_RELEASE,
    /** Admin, nobody at fault: the buyer could not pay, return to the seller. */
    ADMIN_NO_FAULT_REFUND,
    /** Admin, nobody at fault: the problem is gone, the buyer gets a fresh lock window to pay. */
    ADMIN_NO_FAULT_RETRY
}
