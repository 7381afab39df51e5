package org.mexicop2p.api.lifecycle;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.settlement.lifecycle.FactDetails;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.SharedData;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disputes admin API and the partner's revenue over real HTTP. The chain facts that bring an order into dispute
 * or to completion are applied through {@link OrderFacts} here (the sandbox-node tests in chain-watcher drive them
 * from real contract events).
 */
@DatabaseTest
@MicronautTest(transactional = false)
class DisputesAndRevenueApiTest extends ApiTestBase {

    private static final String CLABE = "012180004643051249";
    private static final String SELLER = "0x5e11e4";
    private static final String BUYER = "0xb0b";

    @Inject
    OrderFacts facts;

    private String newOrder(Onboarded partner) {
        String ref = "user-" + UUID.randomUUID().toString().substring(0, 8);
        registerUser(partner, ref, null);
        Reply quote = quote(partner, ref, "100", "USDC", "1.5");
        assertEquals(201, quote.status(), quote.raw());
        Reply order = order(partner, (String) quote.get("quoteId"), ref, CLABE);
        assertEquals(201, order.status(), order.raw());
        return (String) order.get("id");
    }

    private void fact(String orderId, OrderInput input, Map<String, String> details) {
        facts.apply(new OrderFact(UUID.fromString(orderId), input, "chain:test", details));
    }

    private String disputedOrder(Onboarded partner) {
        String id = newOrder(partner);
        fact(id, OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, SELLER));
        fact(id, OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, BUYER, FactDetails.LOCK_EXPIRY_EPOCH_SECONDS,
                Long.toString(System.currentTimeMillis() / 1000 + 3600)));
        fact(id, OrderInput.DISPUTE_OPENED_SEEN, Map.of("openedBy", BUYER));
        return id;
    }

    @Test
    void disputesAreListedWithEvidenceAndDecidedWithWhoAndWhy() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        String id = disputedOrder(partner);

        Reply list = api().get("/admin/v1/disputes?limit=100", admin());
        assertEquals(200, list.status(), list.raw());
        assertTrue(list.raw().contains(id), list.raw());

        Reply one = api().get("/admin/v1/disputes/" + id, admin());
        assertEquals(200, one.status(), one.raw());
        assertEquals("DISPUTED", one.get("status"));
        assertEquals(Map.of("address", BUYER, "reputation", 0), one.get("buyer"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) one.get("timeline");
        assertEquals(List.of("ORDER_CREATED", "DEPOSIT_SEEN", "LOCK_SEEN", "DISPUTE_OPENED_SEEN"),
                timeline.stream().map(s -> s.get("event")).toList());
        assertEquals("chain:test", timeline.get(3).get("source"));

        // the order response tells the partner what can happen next
        Reply order = api().get("/api/v1/orders/" + id, key(partner));
        assertEquals(List.of("ADMIN_RESOLUTION"), order.get("allowedActions"));

        Reply decided = api().post("/admin/v1/disputes/" + id + "/resolution",
                "{\"outcome\":\"FOR_SELLER\",\"decidedBy\":\"ana@ops\",\"reason\":\"no SPEI payment found\"}",
                admin());
        assertEquals(200, decided.status(), decided.raw());
        assertEquals(Map.of("address", BUYER, "reputation", -50), decided.get("buyer"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> after = (List<Map<String, Object>>) decided.get("timeline");
        Map<String, Object> decision = after.get(after.size() - 1);
        assertEquals("ADMIN_RESOLVED_FOR_SELLER", decision.get("event"));
        assertEquals("admin:ana@ops", decision.get("source"));
        assertTrue(((String) decision.get("details")).contains("no SPEI payment found"));

        // a second decision could pay both parties: refused, and nobody is penalized twice
        Reply again = api().post("/admin/v1/disputes/" + id + "/resolution",
                "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"bob@ops\",\"reason\":\"again\"}", admin());
        assertEquals(409, again.status(), again.raw());
        assertEquals("DISPUTE_ALREADY_DECIDED", again.error());
        assertEquals(Map.of("address", SELLER, "reputation", 0),
                api().get("/admin/v1/disputes/" + id, admin()).get("seller"));

        fact(id, OrderInput.DISPUTE_RESOLVED_FOR_SELLER_SEEN, Map.of());
        Reply late = api().post("/admin/v1/disputes/" + id + "/resolution",
                "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"ana@ops\",\"reason\":\"changed my mind\"}", admin());
        assertEquals(409, late.status(), late.raw());
        assertEquals("FORBIDDEN_IN_STATUS", late.error());
        Reply refunded = api().get("/api/v1/orders/" + id, key(partner));
        assertEquals("REFUNDED", refunded.get("status"));
        // nothing can happen to a refunded order any more, and the response says so instead of leaving it out
        assertEquals(List.of(), refunded.get("allowedActions"), refunded.raw());
    }

    @Test
    void receiptsTheBuyerSubmittedAreEvidenceByteForByte() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        String id = newOrder(partner);
        fact(id, OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, SELLER));
        fact(id, OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, BUYER, FactDetails.LOCK_EXPIRY_EPOCH_SECONDS,
                Long.toString(System.currentTimeMillis() / 1000 + 3600)));
        // a genuine Banxico receipt, but for another payment: rejected, and kept
        byte[] genuine = Files.readAllBytes(SharedData.path("data/cep/samples")
                .resolve("beta_2024-11-08_tipo01_BiB202411081016248360.xml"));
        Reply rejected = api().send(HttpRequest.newBuilder(server.getURI().resolve(
                "/api/v1/marketplace/orders/" + id + "/payment-proof"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(genuine)), "Content-Type", "application/xml");
        assertEquals(422, rejected.status(), rejected.raw());
        Reply garbage = api().send(HttpRequest.newBuilder(server.getURI().resolve(
                "/api/v1/marketplace/orders/" + id + "/payment-proof"))
                .POST(HttpRequest.BodyPublishers.ofString("<not-a-cep/>")), "Content-Type", "application/xml");
        assertEquals(422, garbage.status(), garbage.raw());
        fact(id, OrderInput.DISPUTE_OPENED_SEEN, Map.of("openedBy", BUYER));

        Reply view = api().get("/admin/v1/disputes/" + id, admin());
        assertEquals(200, view.status(), view.raw());
        assertEquals(2, view.get("receiptsSubmitted"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> receipts = (List<Map<String, Object>>) view.get("receipts");
        assertEquals(List.of(garbage.get("receiptId"), rejected.get("receiptId")),
                receipts.stream().map(r -> r.get("receiptId")).toList(), "newest first");
        Map<String, Object> first = receipts.get(1);
        assertEquals("UPLOAD", first.get("source"));
        assertEquals("REJECTED", first.get("verdict"));
        assertEquals(rejected.get("reason"), first.get("reason"));
        assertEquals(64, ((String) first.get("replayKey")).length());
        assertEquals(false, first.get("trackingKeyTrusted"));
        assertArrayEquals(genuine, Base64.getDecoder().decode((String) first.get("receiptXmlBase64")),
                "the arbiter gets the file exactly as received");
        assertEquals(garbage.get("reason"), receipts.get(0).get("reason"));
    }

    @Test
    void badResolutionsAreTypedErrorsAndChangeNothing() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        String id = disputedOrder(partner);
        String path = "/admin/v1/disputes/" + id + "/resolution";

        assertEquals(400, api().post(path, "{\"outcome\":\"FOR_NOBODY\",\"decidedBy\":\"a\",\"reason\":\"r\"}",
                admin()).status());
        assertEquals(400, api().post(path, "{\"outcome\":\"FOR_BUYER\",\"reason\":\"r\"}", admin()).status());
        // the audit trail keeps 500 characters of a detail, so a longer reason is refused rather than cut
        Reply tooLong = api().post(path, "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"a\",\"reason\":\""
                + "x".repeat(501) + "\"}", admin());
        assertEquals(400, tooLong.status(), tooLong.raw());
        assertTrue(tooLong.raw().contains("reason") && tooLong.raw().contains("500"), tooLong.raw());
        assertEquals(400, api().post(path, "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"a\",\"reason\":\"r\","
                + "\"extra\":1}", admin()).status());
        assertEquals(404, api().post("/admin/v1/disputes/" + UUID.randomUUID() + "/resolution",
                "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"a\",\"reason\":\"r\"}", admin()).status());
        assertEquals(404, api().get("/admin/v1/disputes/not-an-id", admin()).status());
        assertEquals(401, api().get("/admin/v1/disputes").status());

        String notDisputed = newOrder(partner);
        Reply refused = api().post("/admin/v1/disputes/" + notDisputed + "/resolution",
                "{\"outcome\":\"FOR_BUYER\",\"decidedBy\":\"a\",\"reason\":\"r\"}", admin());
        assertEquals(409, refused.status(), refused.raw());
        assertEquals("FORBIDDEN_IN_STATUS", refused.error());

        Reply view = api().get("/admin/v1/disputes/" + id, admin());
        assertEquals("DISPUTED", view.get("status"));
        assertEquals(4, ((List<?>) view.get("timeline")).size());
        assertEquals(Map.of("address", SELLER, "reputation", 0), view.get("seller"));
    }

    @Test
    void revenueIsBookedOnCompletionAndReadableByThePartner() {
        Onboarded partner = onboard("FREE", "PARTNER_MANAGED");
        String id = newOrder(partner);
        fact(id, OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, SELLER));
        fact(id, OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, BUYER));
        fact(id, OrderInput.PAYMENT_VERIFIED, Map.of(FactDetails.CEP_REPLAY_KEY, "ab".repeat(32)));
        fact(id, OrderInput.RELEASE_SEEN, Map.of());
        assertEquals("COMPLETED", api().get("/api/v1/orders/" + id, key(partner)).get("status"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Reply revenue = api().get("/api/v1/revenue?from=" + today + "&to=" + today, key(partner));
        assertEquals(200, revenue.status(), revenue.raw());
        assertEquals(1, revenue.get("orders"));
        // 1,725.00 MXN x 1.5 % = 25.88; Free tier: 30 % = 7.76 to the platform, 18.12 kept
        assertTrue(revenue.raw().contains("\"feeAmountMxn\":25.88"), revenue.raw());
        assertTrue(revenue.raw().contains("\"platformShareMxn\":7.76"), revenue.raw());
        assertTrue(revenue.raw().contains("\"partnerRevenueMxn\":18.12"), revenue.raw());

        Onboarded other = onboard("FREE", "PARTNER_MANAGED");
        assertEquals(0, api().get("/api/v1/revenue?from=" + today + "&to=" + today, key(other)).get("orders"));

        for (String query : List.of("", "?from=" + today, "?from=2026-13-01&to=2026-12-01",
                "?from=2026-02-01&to=2026-01-01", "?from=2024-01-01&to=2026-01-01", "?from=x&to=y")) {
            Reply bad = api().get("/api/v1/revenue" + query, key(partner));
            assertEquals(400, bad.status(), query + " " + bad.raw());
            assertEquals("VALIDATION_ERROR", bad.error(), query);
        }
    }
}
