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

    private FeltHex() {
    }

    /** The canonical form of {@code text}, or empty when it is not a hex felt. */
    public static Optional<String> parse(String text) {
        if (text == null || !HEX.matcher(text).matches()) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(text.substring(2), 16);
        if (value.compareTo(FIELD_PRIME) >= 0) {
            return Optional.empty();
        }
        return Optional.of(of(value));
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
