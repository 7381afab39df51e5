package org.mexicop2p.settlement.webhook;

/** Where a webhook delivery stands: waiting (first try or a retry), delivered (a 2xx answer), or given up. */
public enum DeliveryStatus {
    PENDING,
    DELIVERED,
    /** Every attempt of the retry schedule failed; the partner sees it in the delivery log and can replay it. */
    FAILED
}
