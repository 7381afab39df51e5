package org.mexicop2p.settlement.payment;

/**
 * Rejection codes that belong to payment proof itself. A receipt can also be refused with any
 * {@link org.mexicop2p.cep.verify.Reason} (the file: forged, edited, unknown certificate, ...) or any
 * {@link org.mexicop2p.cep.verify.MatchReason} (the payment: amount, CLABE, credit window); the stored and answered
 * reason is the enum constant's name in every case, so one string field carries one code.
 */
public enum ProofReason {
    /** Every check passed and the order took the payment. */
    VERIFIED,
    /** This signed cadena already settled another order: one receipt settles one order, ever. */
    RECEIPT_SETTLED_ANOTHER_ORDER,
    /** The lifecycle refused PAYMENT_VERIFIED (the order left LOCKED meanwhile, e.g. a dispute opened). */
    ORDER_NOT_LOCKED,
    /** Banxico knows no payment with the SPEI details given. */
    PAYMENT_NOT_FOUND,
    /** The CEP was still not available (or the portal kept throttling) when the lock deadline plus grace passed. */
    FETCH_DEADLINE_PASSED
}
