package org.mexicop2p.settlement.partner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @Test
    void formatHashAndLookupId() {
        String key = ApiKeys.generate();
        assertEquals(69, key.length());
        assertTrue(ApiKeys.wellFormed(key));
        assertNotEquals(key, ApiKeys.generate());
        String hash = ApiKeys.hash(key);
        assertTrue(ApiKeys.matches(key, hash));
        assertFalse(ApiKeys.matches(key.substring(0, 68) + (key.endsWith("0") ? "1" : "0"), hash));
        assertEquals(16, ApiKeys.lookupId(key).length());
        assertFalse(key.contains(ApiKeys.lookupId(key)), "the lookup id is not a piece of the key");
    }

    @Test
    void malformedKeys() {
        assertFalse(ApiKeys.wellFormed(null));
        assertFalse(ApiKeys.wellFormed("mp2p_" + "A".repeat(64)));
        assertFalse(ApiKeys.wellFormed("mp2p_" + "a".repeat(63)));
        assertFalse(ApiKeys.wellFormed("xxxx_" + "a".repeat(64)));
        assertFalse(ApiKeys.wellFormed("mp2p_" + "a".repeat(65)));
        assertFalse(ApiKeys.wellFormed("mp2p-" + "a".repeat(64)));
        // Every character just outside the two hex ranges, at the first and the last position.
        for (char c : new char[] {'/', ':', '`', 'g', 'G', ' ', '\u00e9'}) {
            assertFalse(ApiKeys.wellFormed("mp2p_" + c + "a".repeat(63)), "first " + c);
            assertFalse(ApiKeys.wellFormed("mp2p_" + "a".repeat(63) + c), "last " + c);
        }
        assertTrue(ApiKeys.wellFormed("mp2p_0123456789abcdef" + "f".repeat(48)));
    }

    @Test
    void sha256HexIsTheDigestOfTheKey() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1; the per-thread digest must start clean on every call.
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(abc, ApiKeys.sha256Hex("abc"));
        assertEquals(abc, ApiKeys.sha256Hex("abc"));
    }
}
