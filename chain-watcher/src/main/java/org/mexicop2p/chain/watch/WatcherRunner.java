package org.mexicop2p.chain.watch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.gateway.CommandReconciler;
import org.mexicop2p.chain.gateway.EscrowTransactions;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ChainWatcher} on one background thread when {@code mp2p.chain.watcher-enabled=true}: polls again
 * at once while it is catching up, waits {@code poll-interval-ms} when up to date, and on any failure (RPC error,
 * timeout, rate limit, database) backs off exponentially up to {@code max-backoff-ms}. A failed poll committed
 * nothing, so retrying it is always safe. Once caught up, each cycle also lets the {@link CommandReconciler} follow
 * the engine's own open transactions (when the operator account is configured).
 *
 * <p>Only the chain leader polls and reconciles ({@link ChainLeadership}); a follower checks again every
 * {@code poll-interval-ms} and takes over from the durable records (the cursor, the open commands) once it holds the
 * lease. A poll whose commit the fencing check refused committed nothing and is simply not repeated until this daemon
 * leads again.
 */
@Context
@Requires(property = "mp2p.chain.watcher-enabled", value = "true")
public class WatcherRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WatcherRunner.class);

    private final ChainWatcher watcher;
    private final CommandReconciler reconciler;
    private final EscrowTransactions transactions;
    private final ChainConfig config;
    private final ChainLeadership leadership;
    private volatile boolean running;
    private Thread thread;

    public WatcherRunner(ChainWatcher watcher, CommandReconciler reconciler, EscrowTransactions transactions,
                         ChainConfig config, ChainLeadership leadership) {
        this.watcher = watcher;
        this.reconciler = reconciler;
        this.transactions = transactions;
        this.config = config;
        this.leadership = leadership;
    }

    @PostConstruct
    void start() {
        running = true;
        thread = new Thread(this::loop, "chain-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(config.getRpcTimeoutMs() + 1_000);
    }

    private void loop() {
        long backoffMs = config.getPollIntervalMs();
        while (running) {
            long sleepMs;
            if (!leadership.isLeader()) {
                sleepMs = config.getPollIntervalMs();
            } else {
                try {
                    PollOutcome outcome = watcher.pollOnce();
                    backoffMs = config.getPollIntervalMs();
                    boolean wait = outcome == PollOutcome.UP_TO_DATE || outcome == PollOutcome.FENCED_OUT;
                    sleepMs = wait ? config.getPollIntervalMs() : 0;
                    if (outcome == PollOutcome.UP_TO_DATE && transactions.configured()) {
                        reconciler.reconcileOpen();
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("chain poll or reconciliation failed, retrying in {} ms: {}", backoffMs, e.toString());
                    sleepMs = backoffMs;
                    backoffMs = Math.min(config.getMaxBackoffMs(), backoffMs * 2);
                }
            }
            if (sleepMs > 0) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
