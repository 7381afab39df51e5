package org.mexicop2p.settlement.chain;

import java.math.BigInteger;

/** {@code OrderRefunded}: the escrowed tokens went back to the seller. */
public record OrderRefunded(String orderId, String seller, String token, BigInteger amountBaseUnits,
                            ChainPosition position) implements EscrowEvent {
}
