package org.mexicop2p.settlement.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Optional;

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
}
