package org.mexicop2p.settlement.chain;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical text form of a Starknet field element (order ids, addresses, hashes): {@code 0x} + lowercase hex without
 * leading zeros, below the field prime. One form everywhere so that ids compare as strings in SQL and in maps.
 */
public final class FeltHex {

    /** The Stark field prime 2^251 + 17·2^192 + 1; every felt is below it. */
    public static final BigInteger FIELD_PRIME =
            BigInteger.TWO.pow(251).add(BigInteger.valueOf(17).shiftLeft(192)).add(BigInteger.ONE);

    /** At most 64 hex digits: anything longer cannot be a felt, and the bound keeps parsing cheap. */
    private static final Pattern HEX = Pattern.compile("^0[xX][0-9a-fA-F]{1,64}$");
    /** The prime in canonical form (63 hex digits): the longest canonical felt text, and the bound it compares with. */
    private static final String PRIME_TEXT = "0x" + FIELD_PRIME.toString(16);

    private FeltHex() {
    }

    /** The canonical form of {@code text}, or empty when it is not a hex felt. */
    public static Optional<String> parse(String text) {
        if (isCanonicalText(text)) {
            // the common case (the watcher's decoder writes this form): no regex, no BigInteger round trip
            return Optional.of(text);
        }
        if (text == null || !HEX.matcher(text).matches()) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(text.substring(2), 16);
        if (value.compareTo(FIELD_PRIME) >= 0) {
            return Optional.empty();
        }
        return Optional.of(of(value));
    }

    /**
     * Whether {@code text} is {@code 0x} + 1 to 63 lowercase hex digits without a leading zero (or {@code 0x0}) and
     * below the field prime, decided on the text: canonical digit strings of equal length compare like their values.
     */
    private static boolean isCanonicalText(String text) {
        if (text == null || text.length() < 3 || text.length() > PRIME_TEXT.length()
                || text.charAt(0) != '0' || text.charAt(1) != 'x') {
            return false;
        }
        if (text.charAt(2) == '0') {
            return text.length() == 3;
        }
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return text.length() < PRIME_TEXT.length() || text.compareTo(PRIME_TEXT) < 0;
    }

    /** The canonical form of a value known to be a felt. */
    public static String of(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(FIELD_PRIME) >= 0) {
            throw new IllegalArgumentException("not a felt: " + value);
        }
        return "0x" + value.toString(16);
    }

    /** Whether {@code text} is already in canonical form. */
    public static boolean isCanonical(String text) {
        return parse(text).map(text::equals).orElse(false);
    }
}
