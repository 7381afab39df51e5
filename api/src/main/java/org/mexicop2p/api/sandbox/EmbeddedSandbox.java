package org.mexicop2p.api.sandbox;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.starknet.SandboxNodeConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outside world of the embedded default run: a sandbox Starknet node running the escrow contract and a sandbox
 * Banxico portal, started inside the daemon on loopback (ports 5050 and 5060 unless configured), so a newcomer can
 * watch a whole trade on one machine. Active only when {@code mp2p.sandbox.embedded=true} (the {@code sandbox}
 * environment the daemon starts in by default); never on a production configuration.
 *
 * <p>The sandbox chain lives in memory and starts over with every daemon start, so the watcher's cursor from a previous
 * run points into a chain that no longer exists: it is cleared here, before the watcher starts. Orders from earlier
 * runs stay in the database but their escrow is gone; delete the data folder to start clean.
 */
@Context
@Requires(property = "mp2p.sandbox.embedded", value = "true")
public class EmbeddedSandbox {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSandbox.class);

    private final SandboxStarknetNode node;
    private final SandboxBanxicoPortal portal;

    public EmbeddedSandbox(DataSource dataSource,
                           @Value("${mp2p.sandbox.host:127.0.0.1}") String host,
                           @Value("${mp2p.sandbox.node-port:5050}") int nodePort,
                           @Value("${mp2p.sandbox.portal-port:5060}") int portalPort) {
        forgetPreviousSandboxChain(dataSource);
        try {
            this.node = SandboxStarknetNode.start(SandboxNodeConfig.defaults().withHost(host).withPort(nodePort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox Starknet node on " + host + ":" + nodePort
                    + " (set mp2p.sandbox.node-port to another port)", e);
        }
        this.portal = new SandboxBanxicoPortal();
        try {
            portal.start(host, portalPort);
        } catch (IOException e) {
            node.close();
            throw new UncheckedIOException("cannot start the sandbox Banxico portal on " + host + ":" + portalPort
                    + " (set mp2p.sandbox.portal-port to another port)", e);
        }
        LOG.info("Sandbox mode: Starknet node at {} (escrow {}), Banxico portal at {}. Not for real money.",
                node.rpcUrl(), "0x" + node.escrowAddress().toString(16), portal.baseUrl());
    }

    public SandboxStarknetNode node() {
        return node;
    }

    public SandboxBanxicoPortal portal() {
        return portal;
    }

    @PreDestroy
    void stop() {
        portal.close();
        node.close();
    }

    private static void forgetPreviousSandboxChain(DataSource dataSource) {
        // Outside any transaction: the pool itself, not Micronaut's transaction-bound proxy.
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement()) {
            int cursors = s.executeUpdate("DELETE FROM chain_cursor");
            s.executeUpdate("DELETE FROM chain_block");
            if (cursors > 0) {
                LOG.warn("Sandbox mode: the sandbox chain starts over; the watcher's cursor of the previous run was"
                        + " cleared. Orders from earlier runs keep their rows but their sandbox escrow is gone.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the watcher cursor for the fresh sandbox chain", e);
        }
    }
}
