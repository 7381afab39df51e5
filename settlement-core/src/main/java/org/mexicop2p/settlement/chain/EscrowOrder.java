package org.mexicop2p.settlement.chain;

import java.math.BigInteger;

/**
 * What the core believes an escrow order is: the parties, token and amount it saw in {@code OrderCreated} and
 * {@code OrderLocked}. The gateway signs exactly these values into a release proof and refuses to send a command when
 * the chain disagrees (for example a reorg replaced the lock with another buyer's).
 */
public record EscrowOrder(String orderId, String seller, String buyer, String token, BigInteger amountBaseUnits) {
}
