package org.mexicop2p.settlement.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeltHexTest {

    @Test
    void canonicalFormIsLowercaseWithoutLeadingZeros() {
        assertEquals(Optional.of("0xabc"), FeltHex.parse("0x0000ABC"));
        assertEquals(Optional.of("0x0"), FeltHex.parse("0x0"));
        assertTrue(FeltHex.isCanonical("0x1f"));
        assertFalse(FeltHex.isCanonical("0x01f"));
        assertEquals("0x800000000000011" + "0".repeat(48), FeltHex.of(FeltHex.FIELD_PRIME.subtract(BigInteger.ONE)));
    }

    @Test
    void rejectsWhatIsNotAFelt() {
        assertEquals(Optional.empty(), FeltHex.parse(null));
        assertEquals(Optional.empty(), FeltHex.parse("abc"));
        assertEquals(Optional.empty(), FeltHex.parse("0x"));
        assertEquals(Optional.empty(), FeltHex.parse("0xg1"));
        assertEquals(Optional.empty(), FeltHex.parse("0x" + "1".repeat(65)));
        assertEquals(Optional.empty(), FeltHex.parse("0x" + FeltHex.FIELD_PRIME.toString(16)));
        assertThrows(IllegalArgumentException.class, () -> FeltHex.of(BigInteger.ONE.negate()));
    }

    @Test
    void theShortCutForCanonicalTextAgreesWithTheFullParseAtEveryLength() {
        Random random = new Random(251);
        for (int bits = 0; bits <= 252; bits++) {
            for (int i = 0; i < 20; i++) {
                BigInteger value = new BigInteger(bits, random).setBit(Math.max(0, bits - 1));
                if (bits == 0) {
                    value = BigInteger.ZERO;
                }
                String canonical = "0x" + value.toString(16);
                Optional<String> expected = value.compareTo(FeltHex.FIELD_PRIME) < 0 ? Optional.of(canonical)
                        : Optional.empty();
                assertEquals(expected, FeltHex.parse(canonical), canonical);
                assertEquals(expected, FeltHex.parse("0x0" + value.toString(16)), "leading zero " + canonical);
                assertEquals(expected, FeltHex.parse(canonical.toUpperCase(Locale.ROOT).replace("0X", "0x")),
                        "upper case " + canonical);
            }
        }
        assertEquals(Optional.of("0x0"), FeltHex.parse("0x00"));
        String largest = FeltHex.of(FeltHex.FIELD_PRIME.subtract(BigInteger.ONE));
        assertEquals(Optional.of(largest), FeltHex.parse(largest));
        assertEquals(Optional.empty(), FeltHex.parse("0x" + FeltHex.FIELD_PRIME.add(BigInteger.ONE).toString(16)));
        assertEquals(Optional.empty(), FeltHex.parse("0x1 "));
    }
}
