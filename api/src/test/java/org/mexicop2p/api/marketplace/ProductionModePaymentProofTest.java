package org.mexicop2p.api.marketplace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.SharedData;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production mode ({@code mp2p.sandbox-mode=false}): the real Banxico beta samples and the sandbox portal's receipts
 * are refused, and the public marketplace is rate-limited per client address.
 */
@MicronautTest(transactional = false)
@DatabaseTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionModePaymentProofTest extends ApiTestBase {

    static final int REQUESTS_PER_MINUTE = 30;

    @Inject
    LifecycleDriver lifecycle;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("mp2p.sandbox-mode", "false");
        properties.put("mp2p.banxico.portal-url", TestPortal.get().baseUrl());
        properties.put("mp2p.marketplace.requests-per-minute", Integer.toString(REQUESTS_PER_MINUTE));
        return properties;
    }

    private UUID lockedOrder(Onboarded partner, String ref) {
        registerUser(partner, ref, null);
        Reply created = order(partner, quoteId(partner, ref, "10"), ref, PaymentProofTest.SELLER_CLABE);
        assertEquals(201, created.status(), created.raw());
        UUID id = UUID.fromString((String) created.get("id"));
        Instant now = Instant.now();
        lifecycle.lock(id, now.plus(Duration.ofHours(1)));
        return id;
    }

    private Reply upload(UUID orderId, byte[] xml) {
        return api().send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/marketplace/orders/" + orderId
                + "/payment-proof")).POST(HttpRequest.BodyPublishers.ofByteArray(xml)), "Content-Type",
                "application/xml");
    }

    @Test
    @Order(1)
    void betaSamplesAndSandboxReceiptsAreRefused() throws IOException {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        UUID order = lockedOrder(partner, "prod_buyer");
        List<Path> betas;
        try (Stream<Path> files = Files.list(SharedData.path("data/cep/samples"))) {
            betas = files.filter(p -> p.getFileName().toString().startsWith("beta_")
                    && p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        assertFalse(betas.isEmpty(), "the shared beta samples are present");
        for (Path beta : betas) {
            Reply reply = upload(order, Files.readAllBytes(beta));
            assertEquals(422, reply.status(), beta + ": " + reply.raw());
            assertEquals("BETA_CERTIFICATE", reply.get("reason"), beta.toString());
        }
        byte[] sandbox = TestPortal.download(TestPortal.get(), TestPortal.get().transfer(
                PaymentProofTest.BUYER_CLABE, PaymentProofTest.SELLER_CLABE, "172.50", "pago produccion", null));
        Reply reply = upload(order, sandbox);
        assertEquals(422, reply.status(), reply.raw());
        assertEquals("UNKNOWN_CERTIFICATE", reply.get("reason"), "the sandbox signer is not trusted in production");
        Reply status = api().get("/api/v1/orders/" + order, key(partner));
        assertEquals("LOCKED", status.get("status"));
    }

    @Test
    @Order(2)
    void marketplaceIsRateLimitedPerClientAddress() {
        Reply last = null;
        // Fixed one-minute windows: even if a window turns over mid-loop, two windows' worth ends in a refusal.
        for (int i = 0; i <= 2 * REQUESTS_PER_MINUTE && (last == null || last.status() != 429); i++) {
            last = api().get("/api/v1/marketplace/orders");
            assertTrue(last.status() == 200 || last.status() == 429, last.raw());
            assertEquals(Integer.toString(REQUESTS_PER_MINUTE), last.header("X-RateLimit-Limit"));
        }
        assertEquals(429, last.status());
        assertEquals("RATE_LIMITED", last.error());
        assertTrue(Long.parseLong(last.header("Retry-After")) >= 1);
        assertEquals("0", last.header("X-RateLimit-Remaining"));
    }
}
