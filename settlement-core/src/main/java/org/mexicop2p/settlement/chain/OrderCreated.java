package org.mexicop2p.settlement.chain;

import java.math.BigInteger;

/** {@code OrderCreated}: the seller deposited {@code amountBaseUnits} of {@code token} into escrow. */
public record OrderCreated(String orderId, String seller, String token, BigInteger amountBaseUnits,
                           ChainPosition position) implements EscrowEvent {
}
