package org.mexicop2p.api.support;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.ClockFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The daemon's clock plus an offset tests can advance (quote expiry, rate-cache staleness). */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(ClockFactory.SYSTEM_MICROSECONDS.withZone(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return ClockFactory.SYSTEM_MICROSECONDS.instant().plus(offset.get());
    }
}
