package org.mexicop2p.settlement.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * When a buyer's lock on an order began and when it ends: a CEP proves payment for the order only if its signed
 * credit time lies inside this interval (DESIGN.md "Money").
 *
 * @param orderId     the order's database id
 * @param lockedAt    the lock's block time
 * @param lockExpiry  the lock deadline the contract enforces ({@code OrderLocked.lockExpiryEpochSeconds})
 */
public record LockWindow(UUID orderId, Instant lockedAt, Instant lockExpiry) {

    public LockWindow {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lockedAt, "lockedAt");
        Objects.requireNonNull(lockExpiry, "lockExpiry");
        if (lockExpiry.isBefore(lockedAt)) {
            throw new IllegalArgumentException("a lock cannot end before it starts");
        }
    }
}
