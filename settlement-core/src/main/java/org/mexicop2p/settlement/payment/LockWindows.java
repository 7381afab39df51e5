package org.mexicop2p.settlement.payment;

import java.util.Optional;
import java.util.UUID;

/**
 * The current lock window of a LOCKED order. The lifecycle owns the lock (it records {@code LOCK_SEEN} with the buyer
 * and {@code lockExpiryEpochSeconds}, and a no-fault retry grants a fresh window); {@link OrderLockWindows} reads the
 * window from those records, and payment proof only reads it through this interface.
 */
public interface LockWindows {

    /** The window of the order's current lock, or empty when the order is not locked. */
    Optional<LockWindow> current(UUID orderId);
}
