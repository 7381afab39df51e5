package org.mexicop2p.settlement.chain;

/** {@code DisputeOpened}: the buyer or the seller froze a locked order for an arbiter. */
public record DisputeOpened(String orderId, String openedBy, ChainPosition position) implements EscrowEvent {
}
