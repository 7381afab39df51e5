package org.mexicop2p.api.partner;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.api.support.TestClock;
import org.mexicop2p.settlement.idempotency.Idempotency;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.quote.QuoteRepository;
import org.mexicop2p.testsupport.DatabaseTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quotes, orders and idempotent POSTs, with every order error code of the seed. */
@MicronautTest(transactional = false)
@DatabaseTest
class QuotesAndOrdersTest extends ApiTestBase {

    /** Beneficiary CLABE of ../shared/data/cep/samples/prod_2019-04-12_STP-to-BBVA_tipo01_CUENCA1555093850.xml. */
    static final String CLABE = "012180004643051249";

    @Inject
    TestClock clock;
    @Inject
    OrderRepository orders;
    @Inject
    QuoteRepository quotes;
    @Inject
    Idempotency idempotency;

    @Test
    void theDocumentedQuoteExampleComesOutExactly() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "user_12345", null);
        Reply quote = api().post("/api/v1/quotes", "{\"partnerUserRef\":\"user_12345\",\"amount\":100,"
                + "\"token\":\"USDC\",\"feePercent\":1.5,\"feeRecipient\":\"PARTNER\"}", key(partner));
        assertEquals(201, quote.status(), quote.raw());
        String raw = quote.raw();
        assertTrue(raw.contains("\"exchangeRate\":17.25"), raw);
        assertTrue(raw.contains("\"grossAmountMxn\":1725.00"), raw);
        assertTrue(raw.contains("\"feePercent\":1.50"), raw);
        assertTrue(raw.contains("\"feeAmountMxn\":25.88"), raw);
        assertTrue(raw.contains("\"feeRecipient\":\"PARTNER\""), raw);
        assertTrue(raw.contains("\"netAmountMxn\":1699.12"), raw);
        assertEquals("100", quote.get("amount"));
        java.time.Instant created = java.time.Instant.parse((String) quote.get("createdAt"));
        java.time.Instant expires = java.time.Instant.parse((String) quote.get("expiresAt"));
        assertEquals(Duration.ofMinutes(5), Duration.between(created, expires));

        Reply noFee = quote(partner, "user_12345", "12.345678", "USDT", "0");
        assertEquals(201, noFee.status(), noFee.raw());
        assertTrue(noFee.raw().contains("\"feeRecipient\":\"NONE\""));
        assertTrue(noFee.raw().contains("\"grossAmountMxn\":212.96"), noFee.raw());
    }

    @Test
    void badQuotesAreValidationErrorsOrNotFound() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "q_user", null);
        assertValidation(quote(partner, "q_user", "100", "USDC", "11"), "feePercent");
        assertValidation(quote(partner, "q_user", "100", "USDC", "-1"), "feePercent");
        assertValidation(quote(partner, "q_user", "0", "USDC", "0"), "amount");
        assertValidation(quote(partner, "q_user", "1.0000001", "USDC", "0"), "amount");
        assertValidation(quote(partner, "q_user", "1000001", "USDC", "0"), "amount");
        assertValidation(quote(partner, "q_user", "abc", "USDC", "0"), "amount");
        assertValidation(quote(partner, "q_user", "100", "DAI", "0"), "token");
        assertValidation(api().post("/api/v1/quotes", "{\"partnerUserRef\":\"q_user\",\"token\":\"USDC\"}",
                key(partner)), "amount");
        assertValidation(api().post("/api/v1/quotes", "{\"partnerUserRef\":\"q_user\",\"amount\":true,"
                + "\"token\":\"USDC\"}", key(partner)), "amount");
        Reply unknownUser = quote(partner, "nobody", "100", "USDC", "0");
        assertEquals(404, unknownUser.status());
        assertEquals("NOT_FOUND", unknownUser.error());
        assertEquals(0, quotes.count() - quotes.findAll().stream()
                .filter(q -> !q.partnerId().equals(UUID.fromString(partner.partnerId()))).count());
    }

    @Test
    void jsonNumbersAreReadExactlyFromTheirText() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "n_user", null);
        // Read as doubles these were Infinity (a 500), 100 (seven decimals accepted) and 0.
        for (String amount : new String[]{"1e400", "-1e400", "100.000000000000001", "1e-400", "1e999999999",
                "1e99999999999", "1.5e-7"}) {
            assertValidation(rawQuote(partner, "n_user", amount, "0"), "amount: ");
        }
        assertValidation(rawQuote(partner, "n_user", "100", "1e400"), "feePercent: ");
        assertValidation(rawQuote(partner, "n_user", "100", "1.0000000000000000000000000000001"), "feePercent: ");
        assertValidation(api().post("/api/v1/quotes", "{\"partnerUserRef\":\"n_user\",\"amount\":1,"
                + "\"token\":\"USDC\"} {}", key(partner)), "body: malformed JSON");
        assertEquals(0, quotesOf(partner), "refused quotes are not stored");

        Reply exponent = rawQuote(partner, "n_user", "1E+2", "0");
        assertEquals(201, exponent.status(), exponent.raw());
        assertEquals("100", exponent.get("amount"));
        Reply sixDecimals = rawQuote(partner, "n_user", "12.345678", "1.25");
        assertEquals(201, sixDecimals.status(), sixDecimals.raw());
        assertEquals("12.345678", sixDecimals.get("amount"));
        assertTrue(sixDecimals.raw().contains("\"feePercent\":1.25"), sixDecimals.raw());
        assertEquals(2, quotesOf(partner));
    }

    private Reply rawQuote(Onboarded partner, String ref, String amountJson, String feeJson) {
        return api().post("/api/v1/quotes", "{\"partnerUserRef\":\"" + ref + "\",\"amount\":" + amountJson
                + ",\"token\":\"USDC\",\"feePercent\":" + feeJson + "}", key(partner));
    }

    private long quotesOf(Onboarded partner) {
        return quotes.findAll().stream()
                .filter(q -> q.partnerId().equals(UUID.fromString(partner.partnerId()))).count();
    }

    @Test
    void orderFromQuoteCarriesAmountsEscrowTimelineAndActions() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "seller_1", null);
        Reply quote = api().post("/api/v1/quotes", "{\"partnerUserRef\":\"seller_1\",\"amount\":\"100\","
                + "\"token\":\"USDC\",\"feePercent\":1.5}", key(partner));
        String quoteId = (String) quote.get("quoteId");
        Reply created = order(partner, quoteId, "seller_1", CLABE);
        assertEquals(201, created.status(), created.raw());
        assertEquals("PENDING_DEPOSIT", created.get("status"));
        assertTrue(created.raw().contains("\"grossAmountMxn\":1725.00"));
        assertTrue(created.raw().contains("\"feeAmountMxn\":25.88"));
        assertTrue(created.raw().contains("\"netAmountMxn\":1699.12"));
        assertEquals(CLABE, created.get("clabe"));
        String id = (String) created.get("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> escrow = (Map<String, Object>) created.get("escrow");
        assertEquals("0x93d0d838f5254acfefdb8d90e193b79e084c4680fdb1aea13f18e9a64bce4b", escrow.get("contract"));
        assertEquals("0x" + id.replace("-", ""), escrow.get("orderId"));
        assertEquals("0x3af92861c3088083b936439d245dba6785101ea1da54bd82688112730ddbd43", escrow.get("token"));
        assertEquals("100000000", escrow.get("amount"));
        assertEquals(List.of("SELLER_DEPOSIT"), created.get("allowedActions"));

        Reply fetched = api().get("/api/v1/orders/" + id, key(partner));
        assertEquals(200, fetched.status());
        // The lookup writes its body with OrderJson, creation with Serde: a partner sees the same bytes from both.
        assertEquals(created.raw(), fetched.raw());
        assertEquals("application/json", fetched.header("Content-Type"));
        assertEquals(created.get("escrow"), fetched.get("escrow"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) fetched.get("timeline");
        assertEquals(1, timeline.size());
        assertEquals("ORDER_CREATED", timeline.get(0).get("event"));
        assertEquals("PENDING_DEPOSIT", timeline.get(0).get("status"));

        Onboarded stranger = onboard("GROWTH", "PARTNER_MANAGED");
        Reply foreign = api().get("/api/v1/orders/" + id, key(stranger));
        assertEquals(404, foreign.status());
        assertEquals("NOT_FOUND", foreign.error());
        assertEquals(404, api().get("/api/v1/orders/not-a-uuid", key(partner)).status());
    }

    @Test
    void listIsPaginatedAndFiltered() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "lister", null);
        for (int i = 0; i < 3; i++) {
            assertEquals(201, order(partner, quoteId(partner, "lister", "10"), "lister", CLABE).status());
        }
        Reply first = api().get("/api/v1/orders?limit=2&page=1", key(partner));
        assertEquals(200, first.status(), first.raw());
        assertEquals(2, ((List<?>) first.get("data")).size());
        assertEquals(3, ((Number) first.get("total")).intValue());
        assertEquals(Boolean.TRUE, first.get("hasMore"));
        Reply second = api().get("/api/v1/orders?limit=2&page=2", key(partner));
        assertEquals(1, ((List<?>) second.get("data")).size());
        assertEquals(Boolean.FALSE, second.get("hasMore"));
        assertEquals(3, ((Number) api().get("/api/v1/orders?status=PENDING_DEPOSIT", key(partner))
                .get("total")).intValue());
        Reply none = api().get("/api/v1/orders?status=COMPLETED", key(partner));
        assertEquals(0, ((Number) none.get("total")).intValue());
        // An empty page still has its list: a partner's client reads data.length without a null check.
        assertEquals(List.of(), none.get("data"), none.raw());
        assertValidation(api().get("/api/v1/orders?status=DONE", key(partner)), "status");
        assertValidation(api().get("/api/v1/orders?limit=101", key(partner)), "limit");
        assertValidation(api().get("/api/v1/orders?page=0", key(partner)), "page");
        assertValidation(api().get("/api/v1/orders?page=x", key(partner)), "page");
    }

    @Test
    void quoteErrors() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "alice", null);
        registerUser(partner, "bob", null);

        Reply unknown = order(partner, UUID.randomUUID().toString(), "alice", CLABE);
        assertEquals(404, unknown.status());
        assertEquals("INVALID_QUOTE", unknown.error());
        assertEquals("INVALID_QUOTE", order(partner, "nope", "alice", CLABE).error());

        Onboarded other = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(other, "alice", null);
        String othersQuote = quoteId(other, "alice", "10");
        assertEquals("INVALID_QUOTE", order(partner, othersQuote, "alice", CLABE).error());

        String alicesQuote = quoteId(partner, "alice", "10");
        Reply mismatch = order(partner, alicesQuote, "bob", CLABE);
        assertEquals(400, mismatch.status());
        assertEquals("QUOTE_USER_MISMATCH", mismatch.error());

        assertEquals(201, order(partner, alicesQuote, "alice", CLABE).status());
        Reply used = order(partner, alicesQuote, "alice", CLABE);
        assertEquals(409, used.status());
        assertEquals("QUOTE_USED", used.error());

        String stale = quoteId(partner, "alice", "10");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Reply expired = order(partner, stale, "alice", CLABE);
        assertEquals(410, expired.status());
        assertEquals("QUOTE_EXPIRED", expired.error());
    }

    @Test
    void clabeIsValidated() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "clabe_user", null);
        String quoteId = quoteId(partner, "clabe_user", "10");
        for (String bad : new String[]{"12345", "01218000464305124X", "012180004643051248", "999180012345678909"}) {
            Reply reply = order(partner, quoteId, "clabe_user", bad);
            assertEquals(400, reply.status(), bad);
            assertEquals("INVALID_CLABE", reply.error(), bad);
        }
        assertEquals(201, order(partner, quoteId, "clabe_user", CLABE).status(), "the quote was not consumed");
    }

    @Test
    void kycThresholdsBlockOrdersUntilTheLevelIsThere() {
        Onboarded partner = onboard("ENTERPRISE", "PARTNER_MANAGED");
        registerUser(partner, "whale", null);
        assertEquals(201, order(partner, quoteId(partner, "whale", "579"), "whale", CLABE).status(),
                "579 USDC = 9,987.75 MXN stays under 10,000");
        Reply needsBasic = order(partner, quoteId(partner, "whale", "1"), "whale", CLABE);
        assertEquals(403, needsBasic.status());
        assertEquals("KYC_REQUIRED", needsBasic.error());
        assertTrue(((String) needsBasic.get("message")).contains("BASIC"));

        api().post("/api/v1/users", "{\"partnerUserRef\":\"whale\",\"kycAttestation\":{\"level\":\"BASIC\","
                + "\"verifiedAt\":\"2025-06-01T00:00:00Z\"}}", key(partner));
        assertEquals(201, order(partner, quoteId(partner, "whale", "2000"), "whale", CLABE).status());
        Reply needsFull = order(partner, quoteId(partner, "whale", "1000"), "whale", CLABE);
        assertEquals("KYC_REQUIRED", needsFull.error());
        assertTrue(((String) needsFull.get("message")).contains("FULL"));

        Reply user = api().get("/api/v1/users/whale", key(partner));
        assertTrue(user.raw().contains("\"monthlyVolumeMxn\":44487.75"), user.raw());
    }

    @Test
    void partnerVolumeLimits() {
        Onboarded free = onboard("FREE", "PARTNER_MANAGED");
        registerUser(free, "big", "FULL");
        assertEquals(201, order(free, quoteId(free, "big", "1000"), "big", CLABE).status());
        Reply over = order(free, quoteId(free, "big", "1000"), "big", CLABE);
        assertEquals(403, over.status());
        assertEquals("VOLUME_LIMIT_EXCEEDED", over.error());
        assertTrue(((String) over.get("message")).contains("daily"));
    }

    @Test
    void oneQuoteBacksExactlyOneOrderUnderConcurrency() throws Exception {
        Onboarded partner = onboard("ENTERPRISE", "PARTNER_MANAGED");
        registerUser(partner, "racer", null);
        String quoteId = quoteId(partner, "racer", "10");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Reply>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> order(partner, quoteId, "racer", CLABE));
            }
            int created = 0;
            for (Future<Reply> result : pool.invokeAll(attempts)) {
                Reply reply = result.get();
                if (reply.status() == 201) {
                    created++;
                } else {
                    assertEquals("QUOTE_USED", reply.error(), reply.raw());
                }
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, orders.findAll().stream().filter(o -> o.quoteId().toString().equals(quoteId)).count());
    }

    @Test
    void idempotencyKeyReplaysAndRefusesReuse() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "idem", null);
        String body = "{\"partnerUserRef\":\"idem\",\"amount\":\"5\",\"token\":\"USDC\"}";
        Reply first = api().post("/api/v1/quotes", body, key(partner, "Idempotency-Key", "k-1"));
        Reply again = api().post("/api/v1/quotes", body, key(partner, "Idempotency-Key", "k-1"));
        assertEquals(201, first.status());
        assertEquals(201, again.status());
        assertEquals(first.raw(), again.raw());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, quotes.findAll().stream()
                .filter(q -> q.partnerId().toString().equals(partner.partnerId())).count());

        Reply reused = api().post("/api/v1/quotes", body.replace("\"5\"", "\"6\""),
                key(partner, "Idempotency-Key", "k-1"));
        assertEquals(409, reused.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.error());

        String orderBody = "{\"quoteId\":\"" + first.get("quoteId") + "\",\"partnerUserRef\":\"idem\",\"clabe\":\""
                + CLABE + "\"}";
        Reply order = api().post("/api/v1/orders", orderBody, key(partner, "Idempotency-Key", "o-1"));
        Reply orderAgain = api().post("/api/v1/orders", orderBody, key(partner, "Idempotency-Key", "o-1"));
        assertEquals(201, orderAgain.status(), "a retried order returns the order, not QUOTE_USED");
        assertEquals(order.get("id"), orderAgain.get("id"));
        Reply withoutKey = api().post("/api/v1/orders", orderBody, key(partner));
        assertEquals("QUOTE_USED", withoutKey.error());

        Reply badKey = api().post("/api/v1/quotes", body, key(partner, "Idempotency-Key", "x".repeat(256)));
        assertValidation(badKey, "Idempotency-Key");
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningIsRefused() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "slow", null);
        String body = "{\"partnerUserRef\":\"slow\",\"amount\":\"5\",\"token\":\"USDC\"}";
        // The first request with this key has claimed it and not finished (as if it were still running).
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("POST /api/v1/quotes\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var claim = idempotency.claim(UUID.fromString(partner.partnerId()), "busy-1",
                java.util.HexFormat.of().formatHex(sha.digest()));
        assertTrue(claim instanceof Idempotency.Claim.Proceed, claim.toString());

        Reply second = api().post("/api/v1/quotes", body, key(partner, "Idempotency-Key", "busy-1"));
        assertEquals(409, second.status(), second.raw());
        assertEquals("IDEMPOTENCY_REQUEST_IN_PROGRESS", second.error());
        assertEquals(0, quotes.findAll().stream()
                .filter(q -> q.partnerId().toString().equals(partner.partnerId())).count());
    }

    private static void assertValidation(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.raw());
        assertEquals("VALIDATION_ERROR", reply.error());
        assertTrue(((String) reply.get("message")).startsWith(field), reply.raw());
    }
}
