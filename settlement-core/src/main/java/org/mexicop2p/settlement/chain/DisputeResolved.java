package org.mexicop2p.settlement.chain;

/** {@code DisputeResolved}: an arbiter paid the disputed order out to {@code winner} (the buyer or the seller). */
public record DisputeResolved(String orderId, String arbiter, String winner, ChainPosition position)
        implements EscrowEvent {
}
