package org.mexicop2p.chain.leadership;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.watch.ChainWatcher;
import org.mexicop2p.chain.watch.PollOutcome;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxNodeConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.rpc.FaultInjector;
import org.mexicop2p.settlement.leadership.ChainLeadership;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash between fetching and committing, for real: the watcher runs in a child JVM ({@link WatcherChildProcess})
 * on the test's database and sandbox node and is killed with SIGKILL ({@link Process#destroyForcibly()}) at three
 * points: inside its first commit transaction, inside its third one (after two commits), and while it waits for a
 * slow node after a commit. After each kill the database holds exactly the committed batches; a fresh daemon then
 * takes over the dead one's lease after the TTL and records every event exactly once, with the right cursor.
 *
 * <p>The database must be one both JVMs can open: the embedded PostgreSQL server, or on H2 a file database (opened
 * by one process at a time; H2 discards the killed process's open transaction when the file is next opened).
 */
@DatabaseTest
class WatcherProcessKillTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(100_000_000);
    private static final long TTL_MS = 2_000;
    private static final long MARKER_WAIT_MS = 180_000;
    /** Orders per block, each with a deposit and a lock: ten escrow events per block. */
    private static final int ORDERS_PER_BLOCK = 5;
    private static final int EVENTS_PER_BLOCK = 2 * ORDERS_PER_BLOCK;

    private SandboxStarknetNode node;
    private Path workDir;
    private Map<String, String> database;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral());
        workDir = Files.createDirectories(Path.of("target", "watcher-kill", UUID.randomUUID().toString()))
                .toAbsolutePath();
        if (TestDatabase.engine() == TestDatabase.Engine.POSTGRESQL) {
            database = TestDatabase.create().micronautProperties();
        } else {
            database = new HashMap<>();
            // WRITE_DELAY=0: H2 otherwise flushes commits up to 500 ms late, and a SIGKILL inside that window would
            // undo the last commits (cursor and facts together, so still consistent, but not at a known point)
            database.put("datasources.default.url", "jdbc:h2:file:" + workDir.resolve("db")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
            database.put("datasources.default.username", "sa");
            database.put("datasources.default.password", "");
            database.put("datasources.default.driver-class-name", "org.h2.Driver");
            database.put("datasources.default.dialect", "POSTGRES");
        }
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        node.close();
    }

    private Map<String, String> daemonProperties(String instanceId) {
        Map<String, String> p = new HashMap<>(database);
        p.put("flyway.datasources.default.enabled", "true");
        p.put("mp2p.chain.rpc-url", node.rpcUrl().toString());
        p.put("mp2p.chain.escrow-address", Felts.hex(node.escrowAddress()));
        p.put("mp2p.chain.blocks-per-poll", "2");
        p.put("mp2p.chain.rpc-timeout-ms", "60000");
        p.put("mp2p.leadership.instance-id", instanceId);
        p.put("mp2p.leadership.lease-ttl-ms", Long.toString(TTL_MS));
        p.put("mp2p.leadership.renew-interval-ms", "500");
        return p;
    }

    /** Starts {@link WatcherChildProcess} with {@code plan}; returns its process and marker directory. */
    private Child child(String name, String plan) throws IOException {
        Path markers = Files.createDirectories(workDir.resolve(name));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        daemonProperties(name).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WatcherChildProcess.class.getName());
        command.add(markers.toString());
        command.add(plan);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".log").toFile()).start();
        children.add(process);
        return new Child(process, markers);
    }

    private record Child(Process process, Path markers) {
        void await(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARKER_WAIT_MS);
            while (!Files.exists(markers.resolve(marker))) {
                assertTrue(process.isAlive(), "the child died before '" + marker + "' (exit "
                        + (process.isAlive() ? "" : process.exitValue()) + "); see its log");
                assertTrue(System.nanoTime() - deadline < 0, "timed out waiting for '" + marker + "'");
                Thread.sleep(20);
            }
        }

        /** SIGKILL, and wait until the process is gone (its sockets and file locks with it). */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            assertFalse(process.isAlive());
        }
    }

    private List<String> column(String sql) {
        try (Connection c = DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) {
        return Long.parseLong(column(sql).get(0));
    }

    /** The committed cursor's block, or -1 before the first commit. */
    private long cursor() {
        List<String> rows = column("SELECT block_number FROM chain_cursor");
        return rows.isEmpty() ? -1 : Long.parseLong(rows.get(0));
    }

    /**
     * The database holds exactly the events of the blocks up to the cursor, each once, and the cursor's hash is the
     * node's hash of that block.
     */
    private void assertCommittedExactlyUpToTheCursor(SandboxStarknetNode.BulkResult bulk) {
        long cursor = cursor();
        long blocks = Math.max(0, Math.min(cursor, bulk.lastBlock()) - bulk.firstBlock() + 1);
        assertEquals(blocks * EVENTS_PER_BLOCK, count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(blocks * EVENTS_PER_BLOCK, count("SELECT COUNT(DISTINCT block_hash || transaction_hash || "
                + "CAST(event_index AS VARCHAR(10))) FROM chain_event"));
        assertEquals(0, count("SELECT COUNT(*) FROM chain_event WHERE block_number > " + cursor));
        if (cursor >= 0) {
            assertEquals(Felts.hex(node.chain().blockByNumber(cursor).orElseThrow().hash()),
                    column("SELECT block_hash FROM chain_cursor").get(0));
        }
    }

    @Test
    void aWatcherKilledBetweenFetchingAndCommittingLosesAndRepeatsNothing() throws Exception {
        SandboxStarknetNode.BulkResult bulk = node.bulkDeposit(60, node.usdcAddress(), AMOUNT, true,
                ORDERS_PER_BLOCK);
        long totalEvents = 120;

        // 1. killed inside its first commit transaction: nothing is committed
        Child first = child("child-1", "commit:1");
        first.await("in-commit");
        first.kill();
        assertEquals(-1, cursor());
        assertEquals(0, count("SELECT COUNT(*) FROM chain_event"));
        assertEquals(0, count("SELECT COUNT(*) FROM chain_block"));

        // 2. killed inside its third commit: the two committed batches stay, the third is gone
        Child second = child("child-2", "commit:3");
        second.await("in-commit");
        second.kill();
        // ranges of two blocks from block 0: 0..1 and 2..3 were committed
        assertEquals(3, cursor());
        assertCommittedExactlyUpToTheCursor(bulk);

        // 3. killed while it waits for a slow node after one more commit
        Child third = child("child-3", "fetch-after:1");
        third.await("committed");
        node.faults().arm(FaultInjector.Kind.DELAY, 1_000, 30_000);
        Files.createFile(third.markers().resolve("go"));
        third.await("fetching");
        Thread.sleep(500);
        third.kill();
        node.faults().clear();
        assertEquals(5, cursor(), "the third child committed one range (4..5) before the kill");
        assertCommittedExactlyUpToTheCursor(bulk);

        // Each child acquired the lease at least once; on a starved host a child can also miss its renewals, lose
        // the lease and take it again with the next token, so the count of tenures is not fixed, only their order.
        long lastChildToken = count("SELECT fencing_token FROM leadership_lease WHERE role = 'chain-leader'");
        assertTrue(lastChildToken >= 3, "three children, three tenures at least: " + lastChildToken);

        // a fresh daemon takes over the dead child's lease after the TTL and finishes the job exactly once
        Map<String, Object> properties = new HashMap<>(daemonProperties("fresh"));
        try (ApplicationContext fresh = ApplicationContext.run(properties, "test")) {
            ChainLeadership leadership = fresh.getBean(ChainLeadership.class);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TTL_MS * 10);
            while (!leadership.isLeader()) {
                assertTrue(System.nanoTime() - deadline < 0, "the fresh daemon never took the lease over");
                leadership.tick();
                Thread.sleep(100);
            }
            // the fresh daemon took the lease over from the dead child, with the next token
            assertEquals(List.of("fresh"), column("SELECT holder_id FROM leadership_lease"));
            assertEquals(lastChildToken + 1, leadership.fencingToken().orElseThrow());
            ChainWatcher watcher = fresh.getBean(ChainWatcher.class);
            while (watcher.pollOnce() != PollOutcome.UP_TO_DATE) {
                Thread.onSpinWait();
            }
            assertEquals(bulk.lastBlock(), cursor());
            assertEquals(totalEvents, count("SELECT COUNT(*) FROM chain_event"));
            assertCommittedExactlyUpToTheCursor(bulk);
            assertEquals(60, count("SELECT COUNT(DISTINCT order_id) FROM chain_event WHERE event_type = "
                    + "'ORDER_LOCKED'"));
        }
    }
}
