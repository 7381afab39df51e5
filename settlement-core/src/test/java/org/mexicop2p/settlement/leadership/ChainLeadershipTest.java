package org.mexicop2p.settlement.leadership;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain-leader lease between daemons (application contexts) on one database, H2 and PostgreSQL: one holder at a
 * time, a token that grows at every change of holder, release on a clean stop, takeover after the TTL, and the
 * fencing check refusing a stale leader's commit.
 */
@DatabaseTest
class ChainLeadershipTest {

    private static final long TTL_MS = 3_000;

    private final TestDatabase db = TestDatabase.create();
    private final List<ApplicationContext> contexts = new ArrayList<>();
    private final Map<ChainLeadership, TransactionOperations<Connection>> transactions = new HashMap<>();

    @AfterEach
    void close() {
        contexts.forEach(ApplicationContext::close);
    }

    /** A daemon whose lease is driven by the test (no renewer thread), so it can play a leader that pauses. */
    private ChainLeadership daemon(String id) {
        Map<String, Object> p = new HashMap<>(db.micronautProperties());
        p.put("flyway.datasources.default.enabled", "true");
        p.put("mp2p.leadership.renewer-enabled", "false");
        p.put("mp2p.leadership.instance-id", id);
        p.put("mp2p.leadership.lease-ttl-ms", Long.toString(TTL_MS));
        p.put("mp2p.leadership.renew-interval-ms", "1000");
        ApplicationContext context = ApplicationContext.run(p);
        contexts.add(context);
        ChainLeadership leadership = context.getBean(ChainLeadership.class);
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
        transactions.put(leadership, tx);
        return leadership;
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the fencing check in a transaction of {@code leader}'s daemon, as a leader-only commit does. */
    private void fencedCommit(ChainLeadership leader) {
        transactions.get(leader).executeWrite(status -> {
            leader.checkFence();
            return null;
        });
    }

    @Test
    void oneHolderAtATimeAndTheTokenGrowsAtEveryChangeOfHolder() {
        ChainLeadership a = daemon("daemon-a");
        ChainLeadership b = daemon("daemon-b");
        assertEquals(LeaseResult.ACQUIRED, a.tick());
        assertEquals(LeaseResult.HELD_BY_ANOTHER, b.tick());
        assertTrue(a.isLeader());
        assertFalse(b.isLeader());
        long first = a.fencingToken().orElseThrow();
        assertEquals(1, first);

        ChainLeadership.State seenByB = b.state();
        assertEquals("daemon-a", seenByB.holderId());
        assertEquals(first, seenByB.fencingToken());
        assertFalse(seenByB.isMe());
        assertTrue(a.state().isMe());

        assertEquals(LeaseResult.RENEWED, a.tick());
        assertEquals(first, a.fencingToken().orElseThrow(), "renewal keeps the token");

        // a clean stop: the other daemon takes over at once, with the next token
        assertEquals(LeaseResult.RELEASED, a.release());
        assertFalse(a.isLeader());
        assertNull(b.state().holderId());
        assertEquals(LeaseResult.ACQUIRED, b.tick());
        assertEquals(first + 1, b.fencingToken().orElseThrow());
        assertEquals(LeaseResult.HELD_BY_ANOTHER, a.tick());
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedAfterTheTtlAndItsCommitsAreRefused() throws InterruptedException {
        ChainLeadership a = daemon("daemon-a");
        ChainLeadership b = daemon("daemon-b");
        assertEquals(LeaseResult.ACQUIRED, a.tick());
        fencedCommit(a);
        assertEquals(LeaseResult.HELD_BY_ANOTHER, b.tick(), "not before the TTL");

        Thread.sleep(TTL_MS + 200);
        assertFalse(a.isLeader(), "a leader stops starting work when its own view of the lease runs out");
        assertEquals(LeaseResult.ACQUIRED, b.tick());
        assertEquals(2, b.fencingToken().orElseThrow());

        FencedOutException refused = assertThrows(FencedOutException.class, () -> fencedCommit(a));
        assertEquals(FencedOutException.Reason.NOT_LEADER, refused.reason());
        // the paused leader wakes up: its renewal fails, and it cannot take the lease back
        assertEquals(LeaseResult.HELD_BY_ANOTHER, a.tick());
        fencedCommit(b);
    }

    @Test
    void theDatabaseTokenRefusesALeaderWhoseLeaseWasTakenOver() {
        ChainLeadership a = daemon("daemon-a");
        ChainLeadership b = daemon("daemon-b");
        assertEquals(LeaseResult.ACQUIRED, a.tick());
        // the database's clock says the lease is over while the daemon still believes it leads (a clock step on the
        // database host, a partition during which the local view lagged): only the token check can catch it
        sql("UPDATE leadership_lease SET expires_at = CURRENT_TIMESTAMP WHERE role = 'chain-leader'");
        assertEquals(LeaseResult.ACQUIRED, b.tick());
        assertTrue(a.isLeader(), "a still believes it leads");

        FencedOutException refused = assertThrows(FencedOutException.class, () -> fencedCommit(a));
        assertEquals(FencedOutException.Reason.TOKEN_SUPERSEDED, refused.reason());
        assertEquals(1, refused.fencingToken());
        assertFalse(a.isLeader(), "a refused commit ends the stale tenure at once");
        fencedCommit(b);
        assertEquals("daemon-b", a.state().holderId());
    }

    @Test
    void settingsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(999, 300, "x"));
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(600_001, 5_000, "x"));
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(15_000, 5_001, "x"),
                "renewal at most a third of the TTL");
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(15_000, 99, "x"));
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(15_000, 5_000, " "));
        assertThrows(IllegalArgumentException.class, () -> new LeadershipSettings(15_000, 5_000, "x".repeat(129)));
        assertEquals(15_000, new LeadershipSettings(15_000, 5_000, "x").leaseTtlMs());
    }
}
