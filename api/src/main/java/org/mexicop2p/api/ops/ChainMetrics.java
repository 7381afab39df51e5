package org.mexicop2p.api.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.watch.WatcherStatus;
import org.mexicop2p.settlement.leadership.ChainLeadership;

/**
 * Chain gauges for operators' dashboards and alerts: {@code mp2p.chain.lag.blocks} (head − cursor on this daemon),
 * {@code mp2p.chain.leader} (1 when this daemon holds the chain-leader lease, else 0: across daemons the sum must be
 * 1) and {@code mp2p.chain.leader.fencing.token} (the token this daemon leads under, 0 when it follows). They read
 * in-memory state only, so scraping never touches the database. The lease is looked up lazily: the registry is
 * built while the datasource is (Hikari's pool metrics), and the lease needs that datasource.
 */
@Singleton
public class ChainMetrics implements MeterBinder {

    private final WatcherStatus watcher;
    private final Provider<ChainLeadership> leadership;

    public ChainMetrics(WatcherStatus watcher, Provider<ChainLeadership> leadership) {
        this.watcher = watcher;
        this.leadership = leadership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("mp2p.chain.lag.blocks", watcher, w -> w.snapshot().lagBlocks())
                .description("chain head minus the watcher's committed cursor, in blocks").register(registry);
        Gauge.builder("mp2p.chain.leader", leadership, l -> l.get().isLeader() ? 1 : 0)
                .tag("role", ChainLeadership.ROLE)
                .description("1 when this daemon holds the chain-leader lease").register(registry);
        Gauge.builder("mp2p.chain.leader.fencing.token", leadership, l -> l.get().fencingToken().orElse(0L))
                .tag("role", ChainLeadership.ROLE)
                .description("the fencing token this daemon leads under; 0 when it follows").register(registry);
    }
}
