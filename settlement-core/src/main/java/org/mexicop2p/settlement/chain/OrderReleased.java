package org.mexicop2p.settlement.chain;

import java.math.BigInteger;

/** {@code OrderReleased}: the escrowed tokens went to the buyer. */
public record OrderReleased(String orderId, String buyer, String token, BigInteger amountBaseUnits,
                            ChainPosition position) implements EscrowEvent {
}
