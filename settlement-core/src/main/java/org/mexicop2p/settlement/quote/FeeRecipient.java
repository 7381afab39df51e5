package org.mexicop2p.settlement.quote;

/** Who the partner's fee is for, as the partner declares it on the quote. */
public enum FeeRecipient {
    PARTNER,
    USER,
    NONE
}
