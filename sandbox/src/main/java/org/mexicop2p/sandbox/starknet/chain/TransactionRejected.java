package org.mexicop2p.sandbox.starknet.chain;

/** The node refused a submitted transaction before it reached the pool; nothing changed. */
public final class TransactionRejected extends RuntimeException {

    /** Why, one value per reason; the RPC layer maps each to the spec's error code. */
    public enum Reason {
        NOT_AN_ACCOUNT,
        INVALID_SIGNATURE,
        NONCE_TOO_LOW,
        NONCE_TOO_HIGH,
        DUPLICATE_TRANSACTION,
        POOL_FULL
    }

    private final Reason reason;

    public TransactionRejected(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
