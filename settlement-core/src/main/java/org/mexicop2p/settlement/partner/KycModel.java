package org.mexicop2p.settlement.partner;

/** Who verifies a partner's users: the partner itself (it attests levels) or MexicoP2P's KYC provider. */
public enum KycModel {
    PARTNER_MANAGED,
    MEXICOP2P_PROVIDED
}
