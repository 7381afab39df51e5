package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;
import java.util.List;

/**
 * The escrow's storage record for one order, as the published contract keeps it. A missing order reads as all
 * zeros; existence is {@code seller != 0}.
 */
public record EscrowOrder(BigInteger seller, BigInteger buyer, BigInteger token, BigInteger amount,
                          long lockExpirySeconds, int status) {

    public static final int OPEN = 0;
    public static final int LOCKED = 1;
    public static final int RELEASED = 2;
    public static final int REFUNDED = 3;
    public static final int DISPUTED = 4;

    public static final EscrowOrder EMPTY =
            new EscrowOrder(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, 0, OPEN);

    public boolean exists() {
        return seller.signum() != 0;
    }

    EscrowOrder withStatus(int newStatus) {
        return new EscrowOrder(seller, buyer, token, amount, lockExpirySeconds, newStatus);
    }

    EscrowOrder locked(BigInteger newBuyer, long newLockExpirySeconds) {
        return new EscrowOrder(seller, newBuyer, token, amount, newLockExpirySeconds, LOCKED);
    }

    /** The {@code orders(order_id)} view's return values: seller, buyer, token, amount.low, amount.high, lock_expiry, status. */
    public List<BigInteger> toCalldata() {
        List<BigInteger> words = Erc20Token.u256Words(amount);
        return List.of(seller, buyer, token, words.get(0), words.get(1), BigInteger.valueOf(lockExpirySeconds),
                BigInteger.valueOf(status));
    }
}
