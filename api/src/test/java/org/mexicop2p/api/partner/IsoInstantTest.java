package org.mexicop2p.api.partner;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link IsoInstant} must write exactly what {@link Instant#toString()} writes, for every instant. */
class IsoInstantTest {

    private static void same(Instant instant) {
        assertEquals(instant.toString(), IsoInstant.format(instant), () -> "epoch second " + instant.getEpochSecond()
                + ", nano " + instant.getNano());
    }

    @Test
    void edgesOfTheFastPathAndOfEachFractionWidth() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "0001-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z",
                "-0001-06-30T12:00:00Z", "2024-02-29T23:59:59.1Z", "2026-11-22T10:19:00.123456Z",
                "2026-11-22T10:19:00.000001Z", "2026-11-22T10:19:00.000000001Z", "2000-03-01T00:00:00.010Z"}) {
            same(Instant.parse(text));
        }
        same(Instant.MIN);
        same(Instant.MAX);
        same(Instant.EPOCH);
    }

    @Test
    void randomInstantsFromYearZeroToTenThousand() {
        SplittableRandom random = new SplittableRandom(20261122);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+10001-01-01T00:00:00Z").getEpochSecond();
        int[] scale = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 200_000; i++) {
            // Whole seconds, milliseconds, microseconds (the databases' precision) and nanoseconds in equal shares.
            int unit = scale[i % 4];
            int nano = unit == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / unit) * unit;
            same(Instant.ofEpochSecond(random.nextLong(from, to), nano));
        }
    }
}
