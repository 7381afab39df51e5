package org.mexicop2p.api.partner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} (ISO-8601 in UTC, {@code 2026-11-22T10:19:00.123456Z}) without the general-purpose
 * formatter behind it: every order view carries three or more instants, and formatting them through
 * {@code DateTimeFormatter} was 4 % of the CPU of {@code GET /api/v1/orders/{id}}. The text is the same, character
 * for character: the fraction has 0, 3, 6 or 9 digits as the nanoseconds need; years outside 0001–9999 (which
 * {@code toString} writes with a sign or more digits) are left to {@code toString}.
 */
final class IsoInstant {

    private static final long FIRST_SECOND = LocalDate.of(1, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * 86_400 - 1;

    private IsoInstant() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        byte[] text = new byte[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            int unit = fractionDigits == 3 ? 1_000_000 : fractionDigits == 6 ? 1_000 : 1;
            digits(text, 20, nano / unit, fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
