package org.mexicop2p.settlement.chain;

/** Who an arbiter's decision pays: the buyer (the order counts as released) or the seller (refunded). */
public enum DisputeWinner { BUYER, SELLER }
