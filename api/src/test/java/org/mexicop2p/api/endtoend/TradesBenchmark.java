package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.webhook.WebhookReceiver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trades benchmark, kept out of the normal run (only with {@code -Dmp2p.benchmark=true}; see the README's
 * "Benchmarks: trades"). One daemon in sandbox mode (the harness's test-owned node and portal) takes
 * {@code mp2p.benchmark.trades} trades (default 50), {@code mp2p.benchmark.in-flight} at a time (default 16), each
 * through the whole lifecycle: order, deposit, lock, SPEI payment, CEP upload, release, {@code COMPLETED}. It reports
 * trades/s, the latency from the payment proof (the upload request) to the release transaction sent (the gateway's
 * durable record: the release command's {@code SUBMITTED} entry in {@code chain_command_log}) and the end-to-end
 * latency per trade, p50/p99; and, measured in the same run first, the same latencies with one trade in flight (the
 * baseline). Any trade that does not reach {@code COMPLETED} fails the run.
 */
@EnabledIfSystemProperty(named = "mp2p.benchmark", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradesBenchmark {

    private static final int TRADES = Integer.getInteger("mp2p.benchmark.trades", 50);
    private static final int IN_FLIGHT = Integer.getInteger("mp2p.benchmark.in-flight", 16);
    private static final int BASELINE_TRADES = Integer.getInteger("mp2p.benchmark.baseline-trades", 5);
    private static final Duration TRADE_TIMEOUT = Duration.ofMinutes(3);

    /** One trade's durations, in milliseconds. */
    private record Measured(long proofToReleaseSentMs, long endToEndMs) {
    }

    /** One measured round. */
    private record Round(String name, int trades, int inFlight, double seconds, List<Measured> measured) {
        double tradesPerSecond() {
            return trades / seconds;
        }

        String line() {
            List<Long> proof = measured.stream().map(Measured::proofToReleaseSentMs).sorted().toList();
            List<Long> total = measured.stream().map(Measured::endToEndMs).sorted().toList();
            return String.format("%-22s %3d trades, %2d in flight: %6.2f trades/s   proof->release sent p50 %5d ms"
                            + " p99 %5d ms   end-to-end p50 %6d ms p99 %6d ms", name, trades, inFlight,
                    tradesPerSecond(), percentile(proof, 50), percentile(proof, 99), percentile(total, 50),
                    percentile(total, 99));
        }
    }

    private EndToEndHarness harness;
    private TradeDriver driver;
    private Partner partner;
    private WebhookReceiver webhooks;

    @BeforeAll
    void start() throws IOException {
        harness = new EndToEndHarness();
        harness.startDaemon();
        driver = harness.driver();
        // Enterprise: no monthly user or volume caps, so the benchmark measures settling, not refusing.
        partner = driver.onboardPartner("ENTERPRISE");
        webhooks = WebhookReceiver.start(0, partner.webhookSecret(),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        driver.registerWebhookUrl(partner, webhooks.url());
    }

    @AfterAll
    void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void tradesThroughTheWholeLifecycle() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        run("warm-up", Math.min(IN_FLIGHT, TRADES), IN_FLIGHT);
        Round baseline = run("baseline (1 in flight)", BASELINE_TRADES, 1);
        Round loaded = run("concurrent", TRADES, IN_FLIGHT);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        assertEquals(0, webhooks.badSignatures(), "every webhook correctly signed");

        List<String> lines = new ArrayList<>();
        lines.add("Trades benchmark (sandbox mode, one daemon in the test JVM, " + harness.database().engineUsed()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        lines.add(baseline.line());
        lines.add(loaded.line());
        lines.add(String.format("throughput ratio concurrent/baseline %.2f; proof->release sent p50 ratio %.2f",
                loaded.tradesPerSecond() / baseline.tradesPerSecond(),
                (double) percentile(sorted(loaded, true), 50) / Math.max(1, percentile(sorted(baseline, true), 50))));
        lines.add(String.format("load average before %.2f, after %.2f", loadBefore, loadAfter));
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "benchmark-trades.txt"), lines, StandardCharsets.UTF_8);
    }

    private Round run(String name, int trades, int inFlight) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        List<Measured> measured = Collections.synchronizedList(new ArrayList<>());
        Instant start = Instant.now();
        try {
            List<Future<Measured>> running = new ArrayList<>();
            for (int i = 0; i < trades; i++) {
                running.add(pool.submit(this::oneTrade));
            }
            for (Future<Measured> f : running) {
                measured.add(f.get()); // a trade that failed or never completed fails the run here
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        return new Round(name, trades, inFlight, seconds, List.copyOf(measured));
    }

    /** One trade, order to COMPLETED, through the public API, the node and the portal. */
    private Measured oneTrade() {
        Instant created = Instant.now();
        Trade trade = driver.newOrder(partner, "10", "1.5");
        driver.deposit(trade);
        awaitStatus(trade, "ACTIVE");
        driver.lock(trade, 3600);
        awaitStatus(trade, "LOCKED");
        byte[] cep = driver.downloadCep(driver.pay(trade));
        Instant proof = Instant.now();
        Reply verdict = driver.uploadProof(trade, cep);
        assertEquals(200, verdict.status(), verdict.raw());
        awaitStatus(trade, "COMPLETED");
        Instant completed = Instant.now();
        return new Measured(Duration.between(proof, releaseSent(trade)).toMillis(),
                Duration.between(created, completed).toMillis());
    }

    /** Polls the Partner API every 100 ms (a partner would wait for the webhook; the poll bounds our resolution). */
    private void awaitStatus(Trade trade, String status) {
        TradeDriver.await("order " + trade.id() + " to be " + status, TRADE_TIMEOUT, () -> {
            if (status.equals(driver.status(trade))) {
                return true;
            }
            pause(100);
            return false;
        });
    }

    /** When the gateway recorded the release transaction as sent (accepted by the node), from its audit trail. */
    private Instant releaseSent(Trade trade) {
        String sql = "SELECT l.logged_at FROM chain_command c JOIN chain_command_log l ON l.command_id = c.id "
                + "WHERE c.order_id = ? AND c.kind = 'RELEASE' AND l.status = 'SUBMITTED' ORDER BY l.id";
        try (Connection c = DriverManager.getConnection(harness.database().url(), harness.database().username(),
                harness.database().password()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, "0x" + trade.escrowOrderId().toString(16));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("order " + trade.id() + " completed without a SUBMITTED release");
                }
                return rs.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> sorted(Round round, boolean proof) {
        return round.measured().stream().map(m -> proof ? m.proofToReleaseSentMs() : m.endToEndMs()).sorted()
                .toList();
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
