package org.mexicop2p.cep.verify;

import java.time.Instant;
import java.util.Objects;

/**
 * The interval in which the credit must have happened, e.g. from the buyer's lock to the lock deadline.
 *
 * @param notBefore earliest acceptable credit instant (inclusive)
 * @param notAfter  latest acceptable credit instant (inclusive)
 */
public record CreditWindow(Instant notBefore, Instant notAfter) {

    public CreditWindow {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("credit window ends before it starts");
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
