package org.mexicop2p.settlement.payment;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: the current lock window of a LOCKED order. The lifecycle owns the lock (it records {@code LOCK_SEEN} with the
 * buyer and {@code lockExpiryEpochSeconds}, and a no-fault retry gives a fresh window), so it implements this; payment
 * proof only reads it.
 */
public interface LockWindows {

    /** The window of the order's current lock, or empty when the order is not locked. */
    Optional<LockWindow> current(UUID orderId);
}
