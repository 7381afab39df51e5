package org.mexicop2p.settlement.leadership;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link ChainLeadership} current: tries once at startup (so a lone daemon leads as soon as it is up), then
 * every {@code renew-interval-ms}; releases the lease on a clean stop. Disabled with
 * {@code mp2p.leadership.renewer-enabled=false} only by tests that drive {@link ChainLeadership#tick()} themselves
 * (to play a leader that pauses).
 */
@Context
@Requires(beans = DataSource.class)
@Requires(property = "mp2p.leadership.renewer-enabled", notEquals = "false")
public class LeadershipRenewer {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipRenewer.class);

    private final ChainLeadership leadership;
    private final LeadershipSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leadership-renewer");
        t.setDaemon(true);
        return t;
    });

    public LeadershipRenewer(ChainLeadership leadership, LeadershipSettings settings) {
        this.leadership = leadership;
        this.settings = settings;
    }

    @PostConstruct
    void start() {
        tickQuietly();
        timer.scheduleWithFixedDelay(this::tickQuietly, settings.renewIntervalMs(), settings.renewIntervalMs(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        leadership.release();
    }

    private void tickQuietly() {
        try {
            leadership.tick();
        } catch (RuntimeException e) {
            // the local tenure runs out by itself if this keeps failing; the next tick retries
            LOG.warn("leadership renewal failed; retrying in {} ms: {}", settings.renewIntervalMs(), e.toString());
        }
    }
}
