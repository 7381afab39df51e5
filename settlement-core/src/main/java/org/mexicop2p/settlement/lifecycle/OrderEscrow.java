package org.mexicop2p.settlement.lifecycle;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * What the chain showed about one order's escrow: the parties, the lock's expiry, the blocks that moved the order
 * (so a reorg knows what to retract), the CEP that proved payment, and whether an operator must look at it.
 */
public record OrderEscrow(UUID orderId, String seller, String depositToken, BigInteger depositAmountBaseUnits,
                          String buyer, Instant lockExpiryAt, String depositBlockHash,
                          String lockBlockHash, String cepReplayKey, boolean disputedOnChain, boolean flagged,
                          String flagReason) {
}
