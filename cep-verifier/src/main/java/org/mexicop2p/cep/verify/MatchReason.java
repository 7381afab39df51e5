package org.mexicop2p.cep.verify;

/** Why a verified receipt does or does not pay a given order. */
public enum MatchReason {
    /** The receipt pays exactly what was expected, to the right account, in time. */
    MATCHED,
    /** The receipt itself is not VALID; nothing it claims can be used. */
    RECEIPT_NOT_VALID,
    /** Not a credit to a third party's CLABE: tipos 4 and 31 (payments to the participant), or not a CLABE. */
    NOT_A_THIRD_PARTY_PAYMENT,
    /** Signed beneficiary account (or its participant) is not the expected CLABE. */
    BENEFICIARY_MISMATCH,
    /** Signed amount differs from the expected amount, to the centavo. */
    AMOUNT_MISMATCH,
    /** Signed credit time lies outside the expected window. */
    OUTSIDE_WINDOW
}
