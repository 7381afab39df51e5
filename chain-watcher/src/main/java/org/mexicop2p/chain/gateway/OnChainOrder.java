package org.mexicop2p.chain.gateway;

import java.math.BigInteger;

/**
 * The escrow contract's {@code orders(order_id)} view, decoded: parties, token, amount, lock expiry and status.
 * A missing order reads as all zeros ({@link #exists()} is false).
 */
public record OnChainOrder(String seller, String buyer, String token, BigInteger amountBaseUnits,
                           long lockExpiryEpochSeconds, Status status) {

    /** The contract's u8 status codes. */
    public enum Status {
        OPEN, LOCKED, RELEASED, REFUNDED, DISPUTED;

        static Status of(int code) {
            Status[] all = values();
            if (code < 0 || code >= all.length) {
                throw new IllegalArgumentException("unknown escrow status code " + code);
            }
            return all[code];
        }
    }

    public boolean exists() {
        return !"0x0".equals(seller);
    }
}
