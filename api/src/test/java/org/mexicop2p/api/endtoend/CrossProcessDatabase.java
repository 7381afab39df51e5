package org.mexicop2p.api.endtoend;

import org.h2.tools.Server;
import org.mexicop2p.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh test database (H2 or PostgreSQL, per the build's execution) that a daemon in another JVM can open and that
 * outlives that JVM: a killed daemon's successor finds every committed row. PostgreSQL is a server already; the
 * in-memory H2 database lives in this test JVM and is served to child JVMs over H2's TCP server on loopback, port 0.
 * The test itself reads it through {@link #connect()} to check the durable records (commands, effects, timers).
 */
final class CrossProcessDatabase implements AutoCloseable {

    private final TestDatabase database;
    private final Server tcpServer;
    /** Keeps the in-memory H2 database alive between daemons (it also has DB_CLOSE_DELAY=-1). */
    private final Connection keepAlive;

    private CrossProcessDatabase(TestDatabase database, Server tcpServer, Connection keepAlive) {
        this.database = database;
        this.tcpServer = tcpServer;
        this.keepAlive = keepAlive;
    }

    static CrossProcessDatabase create() {
        TestDatabase database = TestDatabase.create();
        if (database.engineUsed() == TestDatabase.Engine.POSTGRESQL) {
            return new CrossProcessDatabase(database, null, null);
        }
        try {
            Connection keepAlive = DriverManager.getConnection(database.url(), database.username(),
                    database.password());
            Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon").start();
            return new CrossProcessDatabase(database, server, keepAlive);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot serve the H2 test database over TCP", e);
        }
    }

    TestDatabase.Engine engine() {
        return database.engineUsed();
    }

    /** The JDBC URL another JVM on this machine uses. */
    String urlForOtherJvm() {
        if (tcpServer == null) {
            return database.url();
        }
        // jdbc:h2:mem:NAME;OPTIONS → jdbc:h2:tcp://127.0.0.1:PORT/mem:NAME;OPTIONS (the same in-memory database)
        return database.url().replace("jdbc:h2:mem:", "jdbc:h2:tcp://127.0.0.1:" + tcpServer.getPort() + "/mem:");
    }

    /** Datasource properties for a daemon in another JVM. */
    Map<String, String> daemonProperties() {
        Map<String, String> p = new LinkedHashMap<>(database.micronautProperties());
        p.put("datasources.default.url", urlForOtherJvm());
        return p;
    }

    /** A connection for the test's own reads of durable records. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    @Override
    public void close() throws SQLException {
        if (tcpServer != null) {
            tcpServer.stop();
        }
        if (keepAlive != null) {
            keepAlive.close();
        }
    }
}
