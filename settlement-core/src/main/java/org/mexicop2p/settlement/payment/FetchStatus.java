package org.mexicop2p.settlement.payment;

/** Where a Banxico fetch stands. */
public enum FetchStatus {
    /** Waiting for its next portal query. */
    PENDING,
    /** The fetched receipt paid the order. */
    VERIFIED,
    /** The fetched receipt, or the portal's answer, does not prove payment. */
    REJECTED
}
