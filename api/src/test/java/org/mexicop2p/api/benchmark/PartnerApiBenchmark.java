package org.mexicop2p.api.benchmark;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Load benchmark of the Partner API, kept out of the normal test run (it only runs with
 * {@code -Dmp2p.benchmark=true}; see the README's "Benchmarks: Partner API"). It measures, in one run and one JVM,
 * the unauthenticated trivial endpoint {@code GET /ping} (the cost of HTTP alone: the baseline) and the
 * authenticated {@code GET /api/v1/orders/{id}} (key check, rate limit, two queries, JSON), each with many
 * concurrent keep-alive connections from a closed-loop generator (one thread per connection, raw HTTP/1.1), and
 * reports requests/s,
 * p50/p99 latency and the ratio of the two throughputs. Any non-200 answer fails the run.
 */
@MicronautTest(transactional = false)
@EnabledIfSystemProperty(named = "mp2p.benchmark", matches = "true")
class PartnerApiBenchmark extends ApiTestBase {

    private static final int CONNECTIONS = Integer.getInteger("mp2p.benchmark.connections", 64);
    private static final int WARMUP_SECONDS = Integer.getInteger("mp2p.benchmark.warmup-seconds", 5);
    private static final int SECONDS = Integer.getInteger("mp2p.benchmark.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("mp2p.benchmark.rounds", 2);

    /** One measured phase. */
    record Result(String name, long requests, long failures, double seconds, long p50Micros, long p99Micros) {
        double perSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format("%-38s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%d requests, %d failed)",
                    name, perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, requests, failures);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(super.getProperties());
        // An Enterprise partner's negotiated limit, high enough that the benchmark measures serving, not refusing.
        properties.put("mp2p.rate-limit.enterprise-requests-per-minute", "1000000000");
        return properties;
    }

    @Test
    void orderLookupAgainstTrivialEndpoint() throws Exception {
        Onboarded partner = onboard("ENTERPRISE", "PARTNER_MANAGED");
        registerUser(partner, "bench_seller", null);
        Reply order = order(partner, quoteId(partner, "bench_seller", "100"), "bench_seller",
                "012180004643051249");
        assertEquals(201, order.status(), order.raw());
        URI ping = server.getURI().resolve("/ping");
        URI lookup = server.getURI().resolve("/api/v1/orders/" + order.get("id"));

        run("warm-up ping", ping, null, WARMUP_SECONDS);
        run("warm-up orders", lookup, partner.apiKey(), WARMUP_SECONDS);
        // Alternating rounds, so a load change on the shared machine hits both endpoints alike.
        List<String> lines = new ArrayList<>();
        lines.add("Partner API benchmark: " + CONNECTIONS + " concurrent connections, " + ROUNDS + " rounds of "
                + SECONDS + " s per endpoint, " + Runtime.getRuntime().availableProcessors()
                + " CPUs, server and load generator in one JVM");
        double pingTotal = 0;
        double ordersTotal = 0;
        long failures = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String loadBefore = loadAverage();
            Result baseline = run("round " + round + " GET /ping (no auth)", ping, null, SECONDS);
            Result measured = run("round " + round + " GET /api/v1/orders/{id}", lookup, partner.apiKey(), SECONDS);
            pingTotal += baseline.perSecond();
            ordersTotal += measured.perSecond();
            failures += baseline.failures() + measured.failures();
            lines.add(baseline.line());
            lines.add(measured.line());
            lines.add(String.format("round %d ratio orders/ping: %.2f   (load average before %s, after %s)", round,
                    measured.perSecond() / baseline.perSecond(), loadBefore, loadAverage()));
        }
        lines.add(String.format("overall ratio orders/ping: %.2f", ordersTotal / pingTotal));
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        Path out = Path.of("target", "benchmark-partner-api.txt");
        Files.writeString(out, report);
        assertEquals(0, failures, "every request must succeed");
    }

    /** The machine's 1-minute load average: the figures mean little without it on a shared machine. */
    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format("%.1f", load);
    }

    private Result run(String name, URI uri, String apiKey, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            long[] mine = new long[200_000];
            int[] count = new int[1];
            latencies.add(mine);
            counts.add(count);
            Thread worker = new Thread(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(uri, apiKey)) {
                    while (System.nanoTime() < deadline && count[0] < mine.length) {
                        long t0 = System.nanoTime();
                        if (connection.exchange() != 200) {
                            failures.incrementAndGet();
                        }
                        mine[count[0]++] = System.nanoTime() - t0;
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                }
            }, "bench-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = counts.stream().mapToInt(c -> c[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < latencies.size(); i++) {
            System.arraycopy(latencies.get(i), 0, all, at, counts.get(i)[0]);
            at += counts.get(i)[0];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[(int) (total * 0.50)] / 1000;
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1000;
        return new Result(name, total, failures.get(), elapsed, p50, p99);
    }
}
