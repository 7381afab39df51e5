package org.mexicop2p.settlement;

import java.util.Objects;

/**
 * Thrown by domain services when a request breaks a rule. It is thrown before anything is written, or inside the
 * transaction that it rolls back, so a rejected request never leaves a half-applied change.
 */
public final class RejectedException extends RuntimeException {

    private final Rejection rejection;

    public RejectedException(Rejection rejection, String message) {
        super(message, null, false, false);
        this.rejection = Objects.requireNonNull(rejection);
    }

    public Rejection rejection() {
        return rejection;
    }
}
