package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the effect outbox on a fixed delay ({@code mp2p.lifecycle.effect-poll-interval}, default 200 ms). Disabled
 * with {@code mp2p.lifecycle.effects-enabled=false} (tests that drive {@link EffectRunner#runDue()} themselves).
 */
@Singleton
@Requires(beans = EffectRunner.class)
@Requires(property = "mp2p.lifecycle.effects-enabled", notEquals = "false")
public class EffectPoller {

    private static final Logger LOG = LoggerFactory.getLogger(EffectPoller.class);

    private final EffectRunner runner;

    public EffectPoller(EffectRunner runner) {
        this.runner = runner;
    }

    @Scheduled(fixedDelay = "${mp2p.lifecycle.effect-poll-interval:200ms}", initialDelay = "1s")
    void poll() {
        try {
            // Keep going while full batches come back, so a backlog drains without waiting a delay per batch.
            while (runner.runDue() == EffectRunner.BATCH) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            LOG.warn("effect outbox pass failed; next pass retries", e);
        }
    }
}
