package org.mexicop2p.api.marketplace;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.lifecycle.FactDetails;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Moves test orders to ACTIVE or LOCKED through the real lifecycle engine, with the facts the chain watcher hands
 * it when it sees {@code OrderCreated} and {@code OrderLocked} (the on-chain path is covered by the lifecycle's and
 * the watcher's own tests).
 */
@Singleton
class LifecycleDriver {

    static final String SELLER = "0x5e11e7";
    static final String BUYER = "0xb0b";

    private final OrderFacts facts;

    LifecycleDriver(OrderFacts facts) {
        this.facts = facts;
    }

    void activate(UUID orderId) {
        apply(orderId, OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, SELLER, FactDetails.BLOCK_HASH, "0xd1"));
    }

    void lock(UUID orderId, Instant lockExpiry) {
        activate(orderId);
        apply(orderId, OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, BUYER, FactDetails.LOCK_EXPIRY_EPOCH_SECONDS,
                Long.toString(lockExpiry.getEpochSecond()), FactDetails.BLOCK_HASH, "0x10c"));
    }

    private void apply(UUID orderId, OrderInput input, Map<String, String> details) {
        FactResult result = facts.apply(new OrderFact(orderId, input, "test:" + input, details));
        if (result.code() != FactResult.Code.APPLIED) {
            throw new IllegalStateException(input + " on order " + orderId + ": " + result);
        }
    }
}
