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
    }
}
