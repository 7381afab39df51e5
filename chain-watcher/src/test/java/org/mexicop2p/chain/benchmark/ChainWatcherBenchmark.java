package org.mexicop2p.chain.benchmark;

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

    private static final int ORDERS = Integer.getInteger("mp2p.bench.orders", 10_000);
    private static final int ROUNDS = Integer.getInteger("mp2p.bench.rounds", 3);
    private static final int CHUNK_SIZE = 1_000;
    private static final int ORDERS_PER_BLOCK = 500;

    @Test
    void watcherThroughputVersusRawFetching() throws IOException {
        List<Double> raw = new ArrayList<>();
        List<Double> watched = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long events = 2L * ORDERS;
        try (ChainHarness chain = new ChainHarness()) {
            SandboxStarknetNode node = chain.node();
            SandboxStarknetNode.BulkResult bulk = node.bulkDeposit(ORDERS, node.usdcAddress(),
                    BigInteger.valueOf(1_000_000), true, ORDERS_PER_BLOCK);
            JsonRpcProvider rpc = StarknetRpc.create(chain.rpcUrl(), Duration.ofSeconds(30));
            Felt escrow = new Felt(node.escrowAddress());
            int head = Math.toIntExact(node.chain().head().number());
            // round 0 warms up the watcher's path (JIT, Micronaut, database) as the raw warm-up does the client's
            for (int round = 0; round <= ROUNDS; round++) {
                long t0 = System.nanoTime();
                assertEquals(events, rawFetch(rpc, escrow, head));
                double rawRate = events / seconds(t0);

                try (ChainHarness fresh = new ChainHarness()) {
                    // a fresh database per round; the node under test stays the same one
                    ApplicationContext daemon = fresh.start(Map.of("mp2p.chain.rpc-url", chain.rpcUrl(),
                            "mp2p.chain.escrow-address", "0x" + node.escrowAddress().toString(16),
                            "mp2p.chain.chunk-size", String.valueOf(CHUNK_SIZE),
                            "mp2p.chain.blocks-per-poll", "100",
                            "mp2p.chain.start-block", String.valueOf(bulk.firstBlock())));
                    ChainWatcher watcher = daemon.getBean(ChainWatcher.class);
                    long t1 = System.nanoTime();
                    while (watcher.pollOnce() != PollOutcome.UP_TO_DATE) {
                        // keep polling until the cursor reaches the head
                    }
                    double watchedRate = events / seconds(t1);
                    assertEquals(events, fresh.count("SELECT COUNT(*) FROM chain_event"));
                    if (round > 0) {
                        raw.add(rawRate);
                        watched.add(watchedRate);
                        // each round's pair ran back to back, so its ratio is least disturbed by other load
                        ratios.add(watchedRate / rawRate);
                    }
                }
            }
        }
        double rawMedian = median(raw);
        double watchedMedian = median(watched);
        String report = String.format(Locale.ROOT, "chain watcher benchmark: %d events (%d orders, %d per block), "
                        + "chunk_size %d, %d rounds%n  raw starknet_getEvents: %s events/s (median %.0f)%n"
                        + "  watcher into the database: %s events/s (median %.0f)%n"
                        + "  ratio watcher/raw per round: %s (median %.2f)%n",
                events, ORDERS, ORDERS_PER_BLOCK, CHUNK_SIZE, ROUNDS, format(raw), rawMedian, format(watched),
                watchedMedian, ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
                median(ratios));
        System.out.print(report);
        Files.writeString(Path.of("target", "chain-watcher-benchmark.txt"), report);
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

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }
}
