package org.mexicop2p.settlement.chain;

/** {@code OrderLocked}: a buyer reserved the order until {@code lockExpiryEpochSeconds} (block timestamp units). */
public record OrderLocked(String orderId, String buyer, long lockExpiryEpochSeconds, ChainPosition position)
        implements EscrowEvent {
}
