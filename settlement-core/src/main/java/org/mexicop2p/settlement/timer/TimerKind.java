package org.mexicop2p.settlement.timer;

/** The deadlines an order can have. One timer of each kind per order at most; scheduling again replaces it. */
public enum TimerKind {
    /** The seller has not deposited in time: the order expires. */
    DEPOSIT_TIMEOUT,
    /** No buyer locked the listed order in time: the engine refunds the seller. */
    LISTING_TIMEOUT,
    /** The buyer's lock (plus grace) has passed without a verified payment: the engine refunds the seller. */
    LOCK_EXPIRY
}
