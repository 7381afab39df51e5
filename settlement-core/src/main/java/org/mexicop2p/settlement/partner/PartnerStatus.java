package org.mexicop2p.settlement.partner;

/** Only ACTIVE partners may call the API; INACTIVE and SUSPENDED (KYB) get distinct errors. */
public enum PartnerStatus {
    ACTIVE,
    INACTIVE,
    SUSPENDED
}
