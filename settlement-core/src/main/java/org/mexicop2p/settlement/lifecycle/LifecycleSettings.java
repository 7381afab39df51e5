package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The lifecycle's deadlines, from {@code mp2p.lifecycle.*}: how long a seller has to deposit, how long a listing
 * waits for a buyer, and how much grace a buyer gets after the on-chain lock expiry before the refund. The no-fault
 * retry window after a dispute is fixed at 24 hours (the product's rule, not an operator's choice).
 */
@Singleton
public class LifecycleSettings {

    /** A no-fault dispute retry gives the buyer this long to pay again. */
    public static final Duration FRESH_LOCK_WINDOW = Duration.ofHours(24);
    /** Bounds keep a typo from scheduling a deadline in a century or in the past. */
    private static final long MAX_TIMEOUT_MS = Duration.ofDays(30).toMillis();

    private final Duration depositTimeout;
    private final Duration listingTimeout;
    private final Duration lockGrace;

    public LifecycleSettings(@Value("${mp2p.lifecycle.deposit-timeout-ms:3600000}") long depositTimeoutMs,
                             @Value("${mp2p.lifecycle.listing-timeout-ms:86400000}") long listingTimeoutMs,
                             @Value("${mp2p.lifecycle.lock-grace-ms:300000}") long lockGraceMs) {
        this.depositTimeout = bounded("mp2p.lifecycle.deposit-timeout-ms", depositTimeoutMs, 1);
        this.listingTimeout = bounded("mp2p.lifecycle.listing-timeout-ms", listingTimeoutMs, 1);
        this.lockGrace = bounded("mp2p.lifecycle.lock-grace-ms", lockGraceMs, 0);
    }

    private static Duration bounded(String key, long valueMs, long minMs) {
        if (valueMs < minMs || valueMs > MAX_TIMEOUT_MS) {
            throw new IllegalStateException(key + " must be from " + minMs + " to " + MAX_TIMEOUT_MS + ", got "
                    + valueMs);
        }
        return Duration.ofMillis(valueMs);
    }

    public Duration depositTimeout() {
        return depositTimeout;
    }

    public Duration listingTimeout() {
        return listingTimeout;
    }

    public Duration lockGrace() {
        return lockGrace;
    }
}
