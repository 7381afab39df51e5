package org.mexicop2p.chain;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;
import org.mexicop2p.testsupport.TestDatabase;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainConfigTest {

    @Test
    void boundsAreEnforcedWhenTheConfigurationIsBound() {
        try (ApplicationContext context = ApplicationContext.run(withDatabase(Map.of("mp2p.chain.blocks-per-poll", "0",
                "mp2p.chain.escrow-address", "0x1")))) {
            BeanInstantiationException e = assertThrows(BeanInstantiationException.class,
                    () -> context.getBean(ChainConfig.class));
            assertTrue(e.getMessage().contains("blocksPerPoll"), e.getMessage());
        }
    }

    @Test
    void keysAreNeverPrinted() {
        try (ApplicationContext context = ApplicationContext.run(withDatabase(Map.of("mp2p.chain.escrow-address", "0x1",
                "mp2p.chain.operator-private-key", "0x5ec7e7", "mp2p.chain.proof-signer-private-key", "0xabcdef1")))) {
            ChainConfig config = context.getBean(ChainConfig.class);
            assertEquals("0x5ec7e7", config.getOperatorPrivateKey());
            assertFalse(config.toString().contains("5ec7e7"));
            assertFalse(config.toString().contains("abcdef1"));
        }
    }

    /** The daemon's context always starts the order timers' scheduler, which needs a database. */
    private static Map<String, Object> withDatabase(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(TestDatabase.create().micronautProperties());
        all.put("flyway.datasources.default.enabled", "true");
        all.putAll(properties);
        return all;
    }
}
