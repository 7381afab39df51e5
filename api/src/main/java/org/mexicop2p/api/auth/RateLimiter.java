package org.mexicop2p.api.auth;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per partner per minute, in fixed windows aligned to the wall-clock minute (so {@code X-RateLimit-Reset}
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

    private final Clock clock;
    private final Map<UUID, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    public Decision acquire(UUID partnerId, int limitPerMinute) {
        long now = clock.millis() / 1000;
        long start = now - Math.floorMod(now, WINDOW_SECONDS);
        Window window = windows.get(partnerId);
        if (window == null || window.startEpochSeconds() != start) {
            window = windows.compute(partnerId, (id, current) ->
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
