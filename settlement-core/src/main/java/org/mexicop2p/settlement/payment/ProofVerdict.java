package org.mexicop2p.settlement.payment;

/** What a payment proof came to, as the buyer sees it. */
public enum ProofVerdict {
    /** The receipt pays the order: PAYMENT_VERIFIED was applied in the same transaction that stored it. */
    VERIFIED,
    /** The receipt does not prove payment for this order; the order stays LOCKED. */
    REJECTED,
    /** A Banxico fetch is still running (the CEP is not available yet, or the portal asked us to slow down). */
    PENDING
}
