package org.mexicop2p.settlement.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a webhook delivery is tried again after a failure (non-2xx or no answer in time). The default spreads
 * attempts over about three days, like Stripe's "up to three days": partners that are down for a weekend still get
 * every event, and a dead endpoint stops costing us after a bounded number of attempts.
 */
public final class RetrySchedule {

    /** 1 m, 5 m, 15 m, 1 h, 6 h, 12 h, 24 h, 24 h after each failed attempt: 9 attempts over 67 h 21 min. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(24)));

    private final List<Duration> delaysAfterFailure;

    public RetrySchedule(List<Duration> delaysAfterFailure) {
        if (delaysAfterFailure.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay");
        }
        for (Duration d : delaysAfterFailure) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retry delays must be positive: " + d);
            }
        }
        this.delaysAfterFailure = List.copyOf(delaysAfterFailure);
    }

    /**
     * The wait before the next attempt, given how many attempts have failed so far (1 after the first failure);
     * empty when the delivery has used all its attempts and must be marked failed.
     */
    public Optional<Duration> delayAfterFailedAttempts(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts starts at 1: " + failedAttempts);
        }
        return failedAttempts <= delaysAfterFailure.size()
                ? Optional.of(delaysAfterFailure.get(failedAttempts - 1))
                : Optional.empty();
    }

    /** Attempts in all: the first one plus one per delay. */
    public int maxAttempts() {
        return delaysAfterFailure.size() + 1;
    }

    /** Time from the first attempt to the last one if every attempt fails. */
    public Duration totalSpan() {
        return delaysAfterFailure.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
