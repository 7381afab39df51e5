package org.mexicop2p.settlement.kyc;

/** A user's verified identity level, in increasing order; FULL covers BASIC. */
public enum KycLevel {
    NONE,
    BASIC,
    FULL;

    public boolean covers(KycLevel required) {
        return compareTo(required) >= 0;
    }
}
