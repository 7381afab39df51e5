package org.mexicop2p.settlement;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The wall clock the domain reads (one bean, so tests can replace it with a fixed or stepping clock). */
@Factory
public class ClockFactory {

    /**
     * UTC in whole microseconds, the precision of every timestamp column on H2 and PostgreSQL. With the JDK's
     * nanosecond clock, the {@code createdAt} a creation answered with had three more digits than the one every later
     * read of the same row returns.
     */
    public static final Clock SYSTEM_MICROSECONDS = new MicrosecondClock(ZoneOffset.UTC);

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return SYSTEM_MICROSECONDS;
    }

    /**
     * The system clock truncated to microseconds. Not {@code Clock.tick(systemUTC(), 1 µs)}: on JDK 17 its
     * {@code millis()} divides by the tick in whole milliseconds, zero, and throws.
     */
    static final class MicrosecondClock extends Clock {

        private final ZoneId zone;

        MicrosecondClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return zone.equals(this.zone) ? this : new MicrosecondClock(zone);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }
}
