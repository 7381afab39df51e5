package org.mexicop2p.chain.leadership;

import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import io.micronaut.context.ApplicationContext;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.watch.ChainWatcher;
import org.mexicop2p.chain.watch.PollOutcome;
import org.mexicop2p.chain.watch.WatcherLedger;
import org.mexicop2p.chain.watch.WatcherStatus;
import org.mexicop2p.settlement.leadership.ChainLeadership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A watcher daemon in its own JVM, for {@link WatcherProcessKillTest}: the chain-watcher context (configured through
 * {@code -D} system properties: database, node, lease) waits until it holds the chain-leader lease, then polls. It
 * reports where it is by creating files in a marker directory and stops at the point the test is going to kill it:
 * <ul>
 *   <li>{@code commit:N}: inside its N-th commit transaction, after the facts and cursor were written and before
 *       the commit, it creates {@code in-commit} and blocks;</li>
 *   <li>{@code fetch-after:N}: after N committed polls it creates {@code committed} and waits for the test's
 *       {@code go} file (the test slows the node down meanwhile), then creates {@code fetching} and polls.</li>
 * </ul>
 * The stopping point is the watcher's {@link WatcherLedger.BeforeCommit} hook, which production wiring leaves at
 * {@link WatcherLedger.BeforeCommit#NONE}; this class exists only in the test sources.
 */
public final class WatcherChildProcess {

    private static final long WAIT_MS = 120_000;

    private WatcherChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path markers = Path.of(args[0]);
        String plan = args[1];
        int stopAt = Integer.parseInt(plan.substring(plan.indexOf(':') + 1));
        boolean inCommit = plan.startsWith("commit:");
        try (ApplicationContext context = ApplicationContext.run("test")) {
            ChainLeadership leadership = context.getBean(ChainLeadership.class);
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!leadership.isLeader()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("never became the chain leader");
                }
                Thread.sleep(50);
            }
            mark(markers, "leader");
            AtomicInteger commits = new AtomicInteger();
            ChainWatcher watcher = new ChainWatcher(context.getBean(ChainConfig.class),
                    context.getBean(JsonRpcProvider.class), context.getBean(WatcherLedger.class),
                    context.getBean(WatcherStatus.class), next -> {
                        if (inCommit && commits.incrementAndGet() == stopAt) {
                            mark(markers, "in-commit");
                            sleepUntilKilled();
                        }
                    });
            int advanced = 0;
            while (true) {
                if (!inCommit && advanced == stopAt) {
                    mark(markers, "committed");
                    awaitFile(markers.resolve("go"));
                    mark(markers, "fetching");
                }
                PollOutcome outcome = watcher.pollOnce();
                if (outcome == PollOutcome.UP_TO_DATE) {
                    mark(markers, "done");
                    return;
                }
                if (outcome == PollOutcome.ADVANCED) {
                    advanced++;
                }
            }
        }
    }

    private static void mark(Path dir, String name) {
        try {
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!Files.exists(file)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the test never said go");
            }
            Thread.sleep(20);
        }
    }

    private static void sleepUntilKilled() {
        try {
            Thread.sleep(WAIT_MS * 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not killed in time");
    }
}
