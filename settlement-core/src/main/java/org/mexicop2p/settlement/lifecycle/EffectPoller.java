package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the effect outbox on a fixed delay ({@code mp2p.lifecycle.effect-poll-interval}, default 200 ms). Disabled
 * with {@code mp2p.lifecycle.effects-enabled=false} (tests that drive {@link EffectRunner#runDue()} themselves).
 * Only the chain leader ({@link ChainLeadership}) runs the outbox: its money effects send transactions, and one
 * daemon sending keeps the operator account's nonces in one place. Followers' passes do nothing.
 */
@Singleton
@Requires(beans = EffectRunner.class)
@Requires(property = "mp2p.lifecycle.effects-enabled", notEquals = "false")
public class EffectPoller {

    private static final Logger LOG = LoggerFactory.getLogger(EffectPoller.class);

    private final EffectRunner runner;
    private final ChainLeadership leadership;

    public EffectPoller(EffectRunner runner, ChainLeadership leadership) {
        this.runner = runner;
        this.leadership = leadership;
    }

    @Scheduled(fixedDelay = "${mp2p.lifecycle.effect-poll-interval:200ms}", initialDelay = "1s")
    void poll() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            // Keep going while full batches come back, so a backlog drains without waiting a delay per batch.
            while (runner.runDue() == EffectRunner.BATCH && leadership.isLeader()) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            LOG.warn("effect outbox pass failed; next pass retries", e);
        }
    }
}
