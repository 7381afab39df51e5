package org.mexicop2p.api.auth;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per partner (or, on the public marketplace, per client address) per minute, in fixed windows aligned to the wall-clock minute (so {@code X-RateLimit-Reset}
 * is the same for every response of a window). Counted in memory per daemon instance: with several instances behind
 * a balancer a partner gets the limit per instance, which errs on the side of serving.
 */
@Singleton
public class RateLimiter {

    /** The verdict and the values of the rate-limit headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {
    }

    private record Window(long startEpochSeconds, AtomicInteger used) {
    }

    static final long WINDOW_SECONDS = 60;
    static final int MAX_TRACKED_CALLERS = 100_000;

    private final Clock clock;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    public Decision acquire(UUID partnerId, int limitPerMinute) {
        return acquireFor(partnerId, limitPerMinute);
    }

    /** The same window logic for anonymous callers, keyed by client address (the public marketplace). */
    public Decision acquire(InetAddress client, int limitPerMinute) {
        return acquireFor(client, limitPerMinute);
    }

    private Decision acquireFor(Object key, int limitPerMinute) {
        long now = clock.millis() / 1000;
        long start = now - Math.floorMod(now, WINDOW_SECONDS);
        if (windows.size() > MAX_TRACKED_CALLERS) {
            // Anonymous callers come from unboundedly many addresses: forget windows of past minutes.
            windows.values().removeIf(w -> w.startEpochSeconds() != start);
        }
        Window window = windows.get(key);
        if (window == null || window.startEpochSeconds() != start) {
            window = windows.compute(key, (id, current) ->
                    current == null || current.startEpochSeconds() != start
                            ? new Window(start, new AtomicInteger()) : current);
        }
        int used = window.used().incrementAndGet();
        long reset = start + WINDOW_SECONDS;
        return used <= limitPerMinute
                ? new Decision(true, limitPerMinute, limitPerMinute - used, reset)
                : new Decision(false, limitPerMinute, 0, reset);
    }
}
