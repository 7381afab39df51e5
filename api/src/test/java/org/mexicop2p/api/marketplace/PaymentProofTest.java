package org.mexicop2p.api.marketplace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.VerifyOptions;
import org.mexicop2p.sandbox.banxico.PortalFault;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.banxico.SpeiTransfer;
import org.mexicop2p.settlement.lifecycle.OrderEscrows;
import org.mexicop2p.settlement.payment.FetchStatus;
import org.mexicop2p.settlement.payment.PaymentFetch;
import org.mexicop2p.settlement.payment.PaymentFetchRepository;
import org.mexicop2p.settlement.payment.PaymentReceipt;
import org.mexicop2p.settlement.payment.PaymentReceiptRepository;
import org.mexicop2p.settlement.payment.ProofVerdict;
import org.mexicop2p.settlement.payment.SettledReceiptRepository;
import org.mexicop2p.testsupport.DatabaseTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buyer side over real HTTP: the public listing, CEP uploads judged with real signatures from the sandbox
 * Banxico portal, replay across orders, and durable Banxico fetches that wait through "not yet available" and
 * "throttled". Orders reach ACTIVE and LOCKED through the real lifecycle engine ({@link LifecycleDriver}).
 */
@MicronautTest(transactional = false)
@DatabaseTest
class PaymentProofTest extends ApiTestBase {

    /** The order's CLABE (Cuenca, participant 90723) and a buyer's account at another bank. */
    static final String SELLER_CLABE = "723969000011000077";
    static final String OTHER_CLABE = "012180004643051249";
    static final String BUYER_CLABE = "012180004643051249";

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger TRANSFERS = new AtomicInteger();

    @Inject
    LifecycleDriver lifecycle;
    @Inject
    OrderEscrows escrows;
    @Inject
    PaymentReceiptRepository receipts;
    @Inject
    SettledReceiptRepository settled;
    @Inject
    PaymentFetchRepository fetches;

    private Onboarded partner;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(super.getProperties());
        properties.put("mp2p.sandbox-mode", "true");
        properties.put("mp2p.banxico.portal-url", TestPortal.get().baseUrl());
        properties.put("mp2p.banxico.min-query-interval-ms", "0");
        properties.put("mp2p.banxico.throttle-cooldown-ms", "200");
        properties.put("mp2p.banxico.retry-initial-ms", "200");
        properties.put("mp2p.banxico.retry-max-ms", "400");
        properties.put("mp2p.banxico.poll-interval", "100ms");
        properties.put("mp2p.marketplace.requests-per-minute", "100000");
        return properties;
    }

    @AfterEach
    void clearPortal() {
        TestPortal.get().clearFaults();
        TestPortal.get().setCepDelay(Duration.ZERO);
    }

    /** An order as created through the partner API: its id and what the buyer must pay. */
    record Order(UUID id, String grossAmountMxn, String clabe) {
    }

    private Order newOrder(String clabe) {
        if (partner == null) {
            partner = onboard("GROWTH", "PARTNER_MANAGED");
        }
        String ref = "buyer_test_" + USERS.incrementAndGet();
        registerUser(partner, ref, null);
        Reply created = order(partner, quoteId(partner, ref, "10"), ref, clabe);
        assertEquals(201, created.status(), created.raw());
        return new Order(UUID.fromString((String) created.get("id")), created.get("grossAmountMxn").toString(),
                clabe);
    }

    private Order lockedOrder() {
        Order order = newOrder(SELLER_CLABE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lifecycle.lock(order.id(), now.plus(Duration.ofHours(1)));
        return order;
    }

    private static SpeiTransfer pay(SandboxBanxicoPortal portal, String toClabe, String amount) {
        // A distinct concept per transfer: the signed cadena has no tracking key, so two equal transfers in the same
        // second would carry the same signed content (cep.md §8 step 7) and rightly count as one receipt.
        return portal.transfer(BUYER_CLABE, toClabe, amount, "pago p2p " + TRANSFERS.incrementAndGet(), null);
    }

    private Reply upload(UUID orderId, byte[] xml) {
        return api().send(HttpRequest.newBuilder(path("/api/v1/marketplace/orders/" + orderId + "/payment-proof"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml)), "Content-Type", "application/xml");
    }

    private Reply speiDetails(UUID orderId, String json) {
        return api().post("/api/v1/marketplace/orders/" + orderId + "/payment-proof", json);
    }

    private URI path(String p) {
        return server.getURI().resolve(p);
    }

    private String status(Order order) {
        Reply reply = api().get("/api/v1/orders/" + order.id(), key(partner));
        assertEquals(200, reply.status(), reply.raw());
        return (String) reply.get("status");
    }

    private void assertRejected(Reply reply, String reason) {
        assertEquals(422, reply.status(), reply.raw());
        assertEquals("REJECTED", reply.get("verdict"), reply.raw());
        assertEquals(reason, reply.get("reason"), reply.raw());
        assertNotNull(reply.get("receiptId"), reply.raw());
    }

    private List<PaymentReceipt> evidence(Order order) {
        return receipts.findByOrderIdOrderByReceivedAt(order.id());
    }

    @Test
    void listingShowsActiveOrdersToAnyoneWithWhatToPay() {
        Order listed = newOrder(SELLER_CLABE);
        Order pending = newOrder(SELLER_CLABE);
        lifecycle.activate(listed.id());

        Reply page = api().get("/api/v1/marketplace/orders?limit=100");
        assertEquals(200, page.status(), page.raw());
        assertNotNull(page.header("X-RateLimit-Limit"), "public responses carry the rate-limit headers");
        assertTrue(page.raw().contains(listed.id().toString()), page.raw());
        assertFalse(page.raw().contains(pending.id().toString()), "PENDING_DEPOSIT orders are not listed");
        assertFalse(page.raw().contains("partnerUserRef"), "listings reveal nothing about the seller");
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) page.get("data")).stream()
                .filter(m -> listed.id().toString().equals(m.get("orderId"))).findFirst().orElseThrow();
        assertEquals(listed.grossAmountMxn(), item.get("grossAmountMxn").toString());
        assertEquals(SELLER_CLABE, item.get("clabe"));
        assertEquals("0x" + listed.id().toString().replace("-", ""), item.get("escrowOrderId"));
        assertEquals("10000000", item.get("amountBaseUnits"));

        assertEquals("VALIDATION_ERROR", api().get("/api/v1/marketplace/orders?limit=101").error());
        assertEquals("VALIDATION_ERROR", api().get("/api/v1/marketplace/orders?page=0").error());
    }

    @Test
    void validUploadVerifiesPaymentInTheSameTransactionAsTheReceipt() {
        Order order = lockedOrder();
        byte[] cep = TestPortal.download(TestPortal.get(), pay(TestPortal.get(), SELLER_CLABE,
                order.grossAmountMxn()));

        Reply reply = upload(order.id(), cep);
        assertEquals(200, reply.status(), reply.raw());
        assertEquals("VERIFIED", reply.get("verdict"));
        assertEquals("VERIFIED", reply.get("reason"));
        assertEquals("PENDING_RELEASE", status(order));

        String replayKey = CepVerifier.verify(cep, VerifyOptions.production(
                org.mexicop2p.cep.verify.TrustStore.of(List.of(TestPortal.get().trustedCertificate())))
                .withSandboxAllowed(true)).replayKey();
        assertEquals(replayKey, escrows.find(order.id()).orElseThrow().cepReplayKey(),
                "the lifecycle got the replay key the release proof binds");
        assertEquals(order.id(), settled.findById(replayKey).orElseThrow().orderId());
        PaymentReceipt stored = evidence(order).get(0);
        assertEquals(ProofVerdict.VERIFIED, stored.verdict());
        assertEquals(replayKey, stored.replayKey());
        assertTrue(java.util.Arrays.equals(cep, stored.receiptXml()), "the raw file is kept as evidence");

        Reply again = upload(order.id(), cep);
        assertEquals(409, again.status(), again.raw());
        assertEquals("ORDER_NOT_LOCKED", again.error());
    }

    @Test
    void forgedReceiptSignedWithAnotherKeyUnderTheSandboxCertificateNumberIsRejected() throws Exception {
        Order order = lockedOrder();
        try (SandboxBanxicoPortal forger = new SandboxBanxicoPortal()) {
            forger.start("127.0.0.1", 0);
            byte[] forged = TestPortal.download(forger, pay(forger, SELLER_CLABE, order.grossAmountMxn()));
            assertRejected(upload(order.id(), forged), "BAD_SIGNATURE");
        }
        assertEquals("LOCKED", status(order));
        assertTrue(settled.findByOrderId(order.id()).isEmpty());
    }

    @Test
    void editedReceiptIsRejected() {
        Order order = lockedOrder();
        // A genuine receipt for one centavo less, with the displayed amount edited up to the order's amount.
        String genuine = new String(TestPortal.download(TestPortal.get(), pay(TestPortal.get(), SELLER_CLABE,
                new java.math.BigDecimal(order.grossAmountMxn()).subtract(new java.math.BigDecimal("0.01"))
                        .toPlainString())), StandardCharsets.UTF_8);
        String edited = genuine.replaceFirst("MontoPago=\"[0-9.]+\"", "MontoPago=\"" + order.grossAmountMxn() + "\"");
        assertFalse(edited.equals(genuine));
        assertRejected(upload(order.id(), edited.getBytes(StandardCharsets.UTF_8)), "CADENA_MISMATCH");
        assertEquals("LOCKED", status(order));
        assertEquals(ProofVerdict.REJECTED, evidence(order).get(0).verdict(), "rejected receipts are evidence too");
    }

    @Test
    void receiptsThatPaySomethingElseAreRejectedAndTheOrderStaysLocked() {
        Order order = lockedOrder();
        SandboxBanxicoPortal portal = TestPortal.get();
        String wrongAmount = new java.math.BigDecimal(order.grossAmountMxn()).add(new java.math.BigDecimal("0.01"))
                .toPlainString();
        assertRejected(upload(order.id(), TestPortal.download(portal, pay(portal, SELLER_CLABE, wrongAmount))),
                "AMOUNT_MISMATCH");
        assertRejected(upload(order.id(), TestPortal.download(portal, pay(portal, OTHER_CLABE,
                order.grossAmountMxn()))), "BENEFICIARY_MISMATCH");

        Order later = newOrder(SELLER_CLABE);
        Instant now = Instant.now();
        // A lock expiring 24 h 10 min from now began at least 10 min from now (24 h is the contract's longest lock):
        // a credit made now is before the lock and proves nothing about it.
        byte[] early = TestPortal.download(portal, pay(portal, SELLER_CLABE, later.grossAmountMxn()));
        lifecycle.lock(later.id(), now.plus(Duration.ofHours(24).plusMinutes(10)));
        assertRejected(upload(later.id(), early), "OUTSIDE_WINDOW");

        assertEquals("LOCKED", status(order));
        assertEquals("LOCKED", status(later));
        assertEquals(2, evidence(order).size());
    }

    @Test
    void aReceiptThatSettledOneOrderIsRefusedForASecondOrder() {
        Order first = lockedOrder();
        Order second = lockedOrder();
        assertEquals(first.grossAmountMxn(), second.grossAmountMxn());
        byte[] cep = TestPortal.download(TestPortal.get(), pay(TestPortal.get(), SELLER_CLABE,
                first.grossAmountMxn()));
        assertEquals(200, upload(first.id(), cep).status());

        assertRejected(upload(second.id(), cep), "RECEIPT_SETTLED_ANOTHER_ORDER");
        assertEquals("LOCKED", status(second));
        assertTrue(settled.findByOrderId(second.id()).isEmpty());
    }

    @Test
    void fetchIsPendingUntilBanxicoHasTheCepThenVerifies() {
        Order order = lockedOrder();
        SandboxBanxicoPortal portal = TestPortal.get();
        portal.setCepDelay(Duration.ofMillis(1500));
        SpeiTransfer transfer = pay(portal, SELLER_CLABE, order.grossAmountMxn());

        Reply accepted = speiDetails(order.id(), json(transfer, order.grossAmountMxn()));
        assertEquals(202, accepted.status(), accepted.raw());
        assertEquals("PENDING", accepted.get("verdict"));
        String pollUrl = (String) accepted.get("pollUrl");
        assertEquals(pollUrl, accepted.header("Location"));

        Reply again = speiDetails(order.id(), json(transfer, order.grossAmountMxn()));
        assertEquals(202, again.status(), "the same details join the running fetch");
        assertEquals(accepted.get("fetchId"), again.get("fetchId"));

        Reply done = pollUntilDone(pollUrl);
        assertEquals(200, done.status(), done.raw());
        assertEquals("VERIFIED", done.get("verdict"));
        assertEquals("PENDING_RELEASE", status(order));
        PaymentReceipt stored = evidence(order).get(0);
        assertEquals(transfer.trackingKey(), stored.trackingKey());
        assertTrue(stored.trackingKeyTrusted(), "our own query vouches for the tracking key");
    }

    @Test
    void fetchWaitsOutThrottlingThenVerifies() {
        Order order = lockedOrder();
        SandboxBanxicoPortal portal = TestPortal.get();
        SpeiTransfer transfer = pay(portal, SELLER_CLABE, order.grossAmountMxn());
        portal.failNextQueries(PortalFault.THROTTLED, 2);

        Reply accepted = speiDetails(order.id(), json(transfer, order.grossAmountMxn()));
        assertEquals(202, accepted.status(), accepted.raw());
        Reply done = pollUntilDone((String) accepted.get("pollUrl"));
        assertEquals(200, done.status(), done.raw());
        assertEquals("PENDING_RELEASE", status(order));
    }

    @Test
    void aFetchLeftInitiatedByACrashedWorkerIsRetriedOnceItsLeaseRunsOut() {
        Order order = lockedOrder();
        SpeiTransfer transfer = pay(TestPortal.get(), SELLER_CLABE, order.grossAmountMxn());
        Instant past = Instant.now().minusSeconds(5);
        // The row a daemon that died in the middle of a portal query leaves behind: INITIATED, the attempt counted,
        // its claim lease run out.
        UUID fetchId = UUID.randomUUID();
        fetches.save(new PaymentFetch(fetchId, order.id(), order.id(), FetchStatus.PENDING, transfer.trackingKey(),
                transfer.creditDate(), transfer.senderParticipant(), transfer.receiverParticipant(),
                transfer.beneficiaryClabe(), transfer.amountCentavos(), 1, "INITIATED", null, null, null, past,
                Instant.now().plus(Duration.ofHours(2)), past, past, null));

        Reply done = pollUntilDone("/api/v1/marketplace/orders/" + order.id() + "/payment-proof/fetches/" + fetchId);
        assertEquals(200, done.status(), done.raw());
        assertEquals("PENDING_RELEASE", status(order));
        PaymentFetch finished = fetches.findById(fetchId).orElseThrow();
        assertEquals(FetchStatus.VERIFIED, finished.status());
        assertEquals(2, finished.attempts());
        assertEquals(null, finished.pendingOrderId(), "a finished fetch frees the order's fetch slot");
    }

    @Test
    void badInputGetsTypedErrorsAndStoresNothing() {
        Order order = lockedOrder();
        Order active = newOrder(SELLER_CLABE);
        lifecycle.activate(active.id());
        byte[] cep = TestPortal.download(TestPortal.get(), pay(TestPortal.get(), SELLER_CLABE,
                order.grossAmountMxn()));

        assertEquals("NOT_FOUND", upload(UUID.randomUUID(), cep).error());
        assertEquals("NOT_FOUND", api().post("/api/v1/marketplace/orders/not-an-id/payment-proof", "{}").error());
        Reply notLocked = upload(active.id(), cep);
        assertEquals(409, notLocked.status());
        assertEquals("ORDER_NOT_LOCKED", notLocked.error());
        Reply plain = api().send(HttpRequest.newBuilder(path("/api/v1/marketplace/orders/" + order.id()
                + "/payment-proof")).POST(HttpRequest.BodyPublishers.ofString("hello")), "Content-Type",
                "text/plain");
        assertEquals(415, plain.status(), plain.raw());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", plain.error());
        Reply huge = upload(order.id(), new byte[17 * 1024]);
        assertEquals(400, huge.status(), huge.raw());
        assertEquals("VALIDATION_ERROR", huge.error());
        assertEquals("VALIDATION_ERROR", speiDetails(order.id(), "{\"trackingKey\":\"ABC\"}").error());
        assertEquals("VALIDATION_ERROR", speiDetails(order.id(), "{\"trackingKey\":\"no spaces allowed\","
                + "\"creditDate\":\"2025-06-01\",\"senderParticipant\":\"40012\",\"amount\":\""
                + order.grossAmountMxn() + "\"}").error());
        assertEquals("VALIDATION_ERROR", speiDetails(order.id(), "{\"trackingKey\":\"ABC1\","
                + "\"creditDate\":\"01/06/2025\",\"senderParticipant\":\"40012\",\"amount\":\"1.00\"}").error());
        assertEquals("VALIDATION_ERROR", speiDetails(order.id(), "{not json").error());
        // JSON numbers are read from their text: not Infinity (once a 500), not rounded to the order's amount.
        for (String amount : new String[]{"1e400", order.grossAmountMxn() + "0000000000001"}) {
            Reply number = speiDetails(order.id(), "{\"trackingKey\":\"ABC1\",\"creditDate\":\"2025-06-01\","
                    + "\"senderParticipant\":\"40012\",\"amount\":" + amount + "}");
            assertEquals(400, number.status(), number.raw());
            assertEquals("VALIDATION_ERROR", number.error());
            assertTrue(((String) number.get("message")).startsWith("amount: "), number.raw());
        }
        assertTrue(evidence(order).isEmpty(), "refused requests leave nothing behind");

        Reply wrongAmount = speiDetails(order.id(), "{\"trackingKey\":\"ABC1\",\"creditDate\":\"2025-06-01\","
                + "\"senderParticipant\":\"40012\",\"amount\":\"1.00\"}");
        assertEquals(422, wrongAmount.status(), wrongAmount.raw());
        assertEquals("AMOUNT_MISMATCH", wrongAmount.get("reason"));

        // Hostile or broken files are receipts: judged, refused with the verifier's reason, kept as evidence.
        assertRejected(upload(order.id(), ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><SPEI_Tercero>&e;</SPEI_Tercero>").getBytes(StandardCharsets.UTF_8)),
                "FORBIDDEN_DTD");
        assertRejected(upload(order.id(), "%PDF-1.4 not a receipt".getBytes(StandardCharsets.UTF_8)),
                "NOT_A_CEP");
        assertEquals("LOCKED", status(order));
        assertEquals(2, evidence(order).size());
    }

    private static String json(SpeiTransfer transfer, String amount) {
        return "{\"trackingKey\":\"" + transfer.trackingKey() + "\",\"creditDate\":\"" + transfer.creditDate()
                + "\",\"senderParticipant\":\"" + transfer.senderParticipant() + "\",\"amount\":\"" + amount + "\"}";
    }

    private Reply pollUntilDone(String pollUrl) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Reply reply = api().get(pollUrl);
        while (reply.status() == 202 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            reply = api().get(pollUrl);
        }
        return reply;
    }
}
