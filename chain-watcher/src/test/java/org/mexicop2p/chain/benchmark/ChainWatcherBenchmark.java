package org.mexicop2p.chain.benchmark;

import com.sun.management.OperatingSystemMXBean;
import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.GetEventsResult;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.rpc.StarknetRpc;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.chain.watch.ChainWatcher;
import org.mexicop2p.chain.watch.PollOutcome;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throughput of the watcher: events per second from the sandbox node through starknet-jvm, decoding and the
 * database commit (cursor + {@code chain_event} rows), against the baseline of raw {@code starknet_getEvents} paging
 * over the same range with the same page size and no processing, measured in the same run, alternately. Tagged
 * {@code benchmark}: excluded from the normal test run, compiled by the normal build. Run it with the command in the
 * README section "Benchmarks: chain watcher".
 */
@Tag("benchmark")
class ChainWatcherBenchmark {

    /** 20,000 orders make 40,000 events: rounds of about a second, which one garbage collection disturbs less. */
    private static final int ORDERS = Integer.getInteger("mp2p.bench.orders", 20_000);
    private static final int ROUNDS = Integer.getInteger("mp2p.bench.rounds", 5);
    /**
     * Rounds run first and not reported. The watcher's path converges slowly: its per-range methods run a few times a
     * round, so the compiler is still optimising them in the fourth round (watcher rounds of 20,000 events measured
     * 1.96, 1.70, 1.10, 0.80 s).
     */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("mp2p.bench.warm-up-rounds", 5);
    private static final int CHUNK_SIZE = 1_000;
    private static final int ORDERS_PER_BLOCK = 500;

    @Test
    void watcherThroughputVersusRawFetching() throws IOException {
        List<Double> raw = new ArrayList<>();
        List<Double> watched = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        long events = 2L * ORDERS;
        try (ChainHarness chain = new ChainHarness(); ChainHarness watcherSide = new ChainHarness()) {
            SandboxStarknetNode node = chain.node();
            SandboxStarknetNode.BulkResult bulk = node.bulkDeposit(ORDERS, node.usdcAddress(),
                    BigInteger.valueOf(1_000_000), true, ORDERS_PER_BLOCK);
            JsonRpcProvider rpc = StarknetRpc.create(chain.rpcUrl(), Duration.ofSeconds(30));
            Felt escrow = new Felt(node.escrowAddress());
            int head = Math.toIntExact(node.chain().head().number());
            // one daemon for all rounds, as in production: a watcher catching up runs range after range in one process
            ApplicationContext daemon = watcherSide.start(Map.of("mp2p.chain.rpc-url", chain.rpcUrl(),
                    "mp2p.chain.escrow-address", "0x" + node.escrowAddress().toString(16),
                    "mp2p.chain.chunk-size", String.valueOf(CHUNK_SIZE),
                    "mp2p.chain.blocks-per-poll", "100",
                    "mp2p.chain.start-block", String.valueOf(bulk.firstBlock())));
            ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                Phase rawPhase = Phase.start();
                assertEquals(events, rawFetch(rpc, escrow, head));
                rawPhase.stop();

                // an empty journal and no cursor each round: the watcher starts again from the start block
                for (String table : List.of("chain_event", "chain_block", "chain_cursor")) {
                    watcherSide.execute("TRUNCATE TABLE " + table);
                }
                Phase watcherPhase = Phase.start();
                while (watcher.pollOnce() != PollOutcome.UP_TO_DATE) {
                    // keep polling until the cursor reaches the head
                }
                watcherPhase.stop();
                assertEquals(events, watcherSide.count("SELECT COUNT(*) FROM chain_event"));
                if (round >= WARM_UP_ROUNDS) {
                    raw.add(events / rawPhase.seconds());
                    watched.add(events / watcherPhase.seconds());
                    // each round's pair ran back to back, so its ratio is least disturbed by other load
                    ratios.add(rawPhase.seconds() / watcherPhase.seconds());
                    cpuRatios.add(rawPhase.cpuSeconds() / watcherPhase.cpuSeconds());
                }
            }
        }
        double rawMedian = median(raw);
        double watchedMedian = median(watched);
        String report = String.format(Locale.ROOT, "chain watcher benchmark: %d events (%d orders, %d per block), "
                        + "chunk_size %d, %d rounds%n  raw starknet_getEvents: %s events/s (median %.0f)%n"
                        + "  watcher into the database: %s events/s (median %.0f)%n"
                        + "  ratio watcher/raw per round: %s (median %.2f)%n"
                        + "  process CPU ratio raw/watcher per round: %s (median %.2f)%n",
                events, ORDERS, ORDERS_PER_BLOCK, CHUNK_SIZE, ROUNDS, format(raw), rawMedian, format(watched),
                watchedMedian, twoDecimals(ratios), median(ratios), twoDecimals(cpuRatios), median(cpuRatios));
        System.out.print(report);
        Files.writeString(Path.of("target", "chain-watcher-benchmark.txt"), report);
    }

    /**
     * One timed phase. It starts on a settled JVM (a full collection, then no compilation for 200 ms, at most 10 s of
     * waiting): on 2 cores, a compiler thread still busy with the previous phase's code would take CPU from this one.
     */
    private record Phase(long startNanos, long startCpuNanos, long[] end) {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        static Phase start() {
            settle();
            return new Phase(System.nanoTime(), OS.getProcessCpuTime(), new long[2]);
        }

        void stop() {
            end[0] = System.nanoTime();
            end[1] = OS.getProcessCpuTime();
        }

        double seconds() {
            return (end[0] - startNanos) / 1e9;
        }

        double cpuSeconds() {
            return (end[1] - startCpuNanos) / 1e9;
        }

        private static void settle() {
            System.gc();
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long deadline = System.nanoTime() + 10_000_000_000L;
            long compiledMs = jit.getTotalCompilationTime();
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long now = jit.getTotalCompilationTime();
                if (now == compiledMs) {
                    return;
                }
                compiledMs = now;
            }
        }
    }

    private static long rawFetch(JsonRpcProvider rpc, Felt escrow, int head) {
        long count = 0;
        String token = null;
        do {
            GetEventsResult page = rpc.getEvents(new GetEventsPayload(new BlockId.Number(0), new BlockId.Number(head),
                    new AddressFilter.Single(escrow), EscrowAbi.ORDER_EVENT_KEYS, CHUNK_SIZE, token)).send();
            count += page.getEvents().size();
            token = page.getContinuationToken();
        } while (token != null);
        return count;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String twoDecimals(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }
}
