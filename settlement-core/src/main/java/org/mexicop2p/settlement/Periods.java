package org.mexicop2p.settlement;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The calendar that daily and monthly limits use: Mexico City time, because partners and SPEI work on Mexican
 * business days. Mexico City has had no daylight-saving time since 2022, so days are always 24 hours.
 */
public final class Periods {

    public static final ZoneId ZONE = ZoneId.of("America/Mexico_City");

    private Periods() {
    }

    public static Instant startOfDay(Instant at) {
        return ZonedDateTime.ofInstant(at, ZONE).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    public static Instant startOfMonth(Instant at) {
        return ZonedDateTime.ofInstant(at, ZONE).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
    }
}
