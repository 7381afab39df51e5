package org.mexicop2p.settlement;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The wall clock the domain reads (one bean, so tests can replace it with a fixed or stepping clock). */
@Factory
public class ClockFactory {

    /**
     * UTC in whole microseconds, the precision of every timestamp column on H2 and PostgreSQL. With the JDK's
     * nanosecond clock, the {@code createdAt} a creation answered with had three more digits than the one every later
     * read of the same row returns.
     */
    public static final Clock SYSTEM_MICROSECONDS = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return SYSTEM_MICROSECONDS;
    }
}
