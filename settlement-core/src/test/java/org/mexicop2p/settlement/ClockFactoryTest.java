package org.mexicop2p.settlement;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's clock: whole microseconds, and every reading the domain uses (the rate limiter reads millis). */
class ClockFactoryTest {

    private final Clock clock = new ClockFactory().clock();

    @Test
    void instantsAreWholeMicrosecondsOfTheSystemTime() {
        for (int i = 0; i < 10_000; i++) {
            Instant before = Instant.now();
            Instant read = clock.instant();
            Instant after = Instant.now();
            assertEquals(0, read.getNano() % 1_000, read::toString);
            assertTrue(!read.isBefore(before.minusNanos(999)) && !read.isAfter(after), read::toString);
        }
    }

    @Test
    void millisAgreeWithTheInstant() {
        for (int i = 0; i < 10_000; i++) {
            long before = System.currentTimeMillis();
            long millis = clock.millis();
            long fromInstant = clock.instant().toEpochMilli();
            long after = System.currentTimeMillis();
            assertTrue(before <= millis && millis <= after && millis <= fromInstant && fromInstant <= after + 1);
        }
    }

    @Test
    void isUtcAndKeepsItsPrecisionInAnotherZone() {
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        Clock mexicoCity = clock.withZone(ZoneId.of("America/Mexico_City"));
        assertEquals(ZoneId.of("America/Mexico_City"), mexicoCity.getZone());
        assertEquals(0, mexicoCity.instant().getNano() % 1_000);
        assertTrue(Math.abs(mexicoCity.millis() - System.currentTimeMillis()) < 1_000);
    }
}
