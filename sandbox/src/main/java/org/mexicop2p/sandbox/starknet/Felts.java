package org.mexicop2p.sandbox.starknet;

import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Field-element helpers shared by the sandbox node: strict parsing of the hex strings the JSON-RPC spec uses
 * (`^0x(0|[a-fA-F1-9][a-fA-F0-9]{0,62})$`, value below the Stark prime) and the canonical formatting it expects.
 */
public final class Felts {

    /** The Stark field prime; every felt is strictly below it. */
    public static final BigInteger PRIME = Felt.PRIME;
    /** Upper bound (exclusive) of a u128, the half of a Cairo u256. */
    public static final BigInteger U128_LIMIT = BigInteger.ONE.shiftLeft(128);
    /** Upper bound (exclusive) of a u64. */
    public static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);
    /** Upper bound (exclusive) of a Cairo u256. */
    public static final BigInteger U256_LIMIT = BigInteger.ONE.shiftLeft(256);

    /** "0x" + 64 hex digits, or a 78-digit decimal u256: anything longer is refused before parsing. */
    private static final int MAX_NUMBER_TEXT_CHARS = 80;

    private Felts() {
    }

    /** Canonical spec encoding: lower-case hex without leading zeros. */
    public static String hex(BigInteger value) {
        return "0x" + value.toString(16);
    }

    /** Canonical hex of a felt value given as a long (counts, timestamps carried as felts). */
    public static String hex(long value) {
        return hex(BigInteger.valueOf(value));
    }

    /**
     * Parses a hex felt as the spec encodes it (leading zeros are tolerated, as real nodes do); null if the text is
     * not hex or the value is not below the prime.
     */
    public static BigInteger parseHexOrNull(String text) {
        if (text == null || text.length() < 3 || text.length() > MAX_NUMBER_TEXT_CHARS
                || !(text.startsWith("0x") || text.startsWith("0X"))) {
            return null;
        }
        String digits = text.substring(2);
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(digits, 16);
        return value.compareTo(PRIME) < 0 ? value : null;
    }

    /**
     * Parses an amount given either as a decimal string (as the Partner API returns token amounts) or as hex; null if
     * malformed, negative or not below {@code limitExclusive}.
     */
    public static BigInteger parseAmountOrNull(String text, BigInteger limitExclusive) {
        if (text == null || text.isEmpty() || text.length() > MAX_NUMBER_TEXT_CHARS) {
            return null;
        }
        BigInteger value;
        if (text.startsWith("0x") || text.startsWith("0X")) {
            String digits = text.substring(2);
            if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            value = new BigInteger(digits, 16);
        } else {
            if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            value = new BigInteger(text);
        }
        return value.compareTo(limitExclusive) < 0 ? value : null;
    }

    /**
     * A deterministic felt (250 bits) derived from a label: used for the sandbox's contract addresses, block hashes
     * and commitments, which must be stable and unique but need not follow Starknet's own hashing.
     */
    public static BigInteger derive(String label) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest).shiftRight(6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }
}
