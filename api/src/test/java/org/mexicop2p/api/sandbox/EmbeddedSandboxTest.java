package org.mexicop2p.api.sandbox;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.testsupport.DatabaseTest;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default run: in the {@code sandbox} environment the daemon starts its own sandbox node and portal, gives
 * sellers the node's contracts, and its watcher sees a deposit made for an order created through the API.
 */
@DatabaseTest
@MicronautTest(environments = "sandbox")
class EmbeddedSandboxTest extends ApiTestBase {

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedSandbox sandbox;
    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("mp2p.sandbox.node-port", "0");
        properties.put("mp2p.sandbox.portal-port", "0");
        properties.put("mp2p.chain.poll-interval-ms", "100");
        return properties;
    }

    @Test
    void theChainAdapterIsPointedAtTheEmbeddedNodeWithItsOwnKeys() {
        SandboxStarknetNode node = sandbox.node();
        ChainConfig chain = context.getBean(ChainConfig.class);
        assertEquals(node.rpcUrl().toString(), chain.getRpcUrl());
        assertEquals(new BigInteger(chain.getEscrowAddress().substring(2), 16), node.escrowAddress());
        assertEquals(new BigInteger(chain.getOperatorAccountAddress().substring(2), 16), node.operator().address());
        assertTrue(sandbox.portal().baseUrl().startsWith("http://127.0.0.1:"), sandbox.portal().baseUrl());
    }

    @Test
    void aDepositForAnOrderCreatedThroughTheApiReachesTheWatcher() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "seller-1", null);
        ApiClient.Reply order = order(partner, quoteId(partner, "seller-1", "100"), "seller-1", "723969000011000077");
        assertEquals(201, order.status(), order.raw());

        @SuppressWarnings("unchecked")
        Map<String, Object> escrow = (Map<String, Object>) order.get("escrow");
        SandboxStarknetNode node = sandbox.node();
        assertEquals(node.escrowAddress(), felt(escrow.get("contract")), "sellers are sent to the node's escrow");
        assertEquals(node.usdcAddress(), felt(escrow.get("token")));
        assertEquals("100000000", escrow.get("amount"));

        BigInteger orderId = felt(escrow.get("orderId"));
        node.deposit(orderId, felt(escrow.get("token")), new BigInteger((String) escrow.get("amount")), Optional.empty());

        String recorded = awaitJournalEntry("0x" + orderId.toString(16), Duration.ofSeconds(30));
        assertEquals("ORDER_CREATED", recorded);
    }

    private String awaitJournalEntry(String orderId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                 PreparedStatement q = c.prepareStatement("SELECT event_type FROM chain_event WHERE order_id = ?")) {
                q.setString(1, orderId);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the watcher did not record the deposit of " + orderId + " within " + timeout);
    }

    private static BigInteger felt(Object hex) {
        return new BigInteger(((String) hex).substring(2), 16);
    }
}
