package org.mexicop2p.api.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mexicop2p.api.support.ApiClient;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.cep.portal.BanxicoPortalClient;
import org.mexicop2p.cep.portal.PortalOutcome;
import org.mexicop2p.cep.portal.PortalResult;
import org.mexicop2p.cep.portal.PortalSettings;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.sandbox.webhook.WebhookReceiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives trades through the public surfaces only, as partners, sellers, buyers and operators would: the admin and
 * Partner APIs of the running daemon, the sandbox node's JSON-RPC hooks ({@code sandbox_deposit},
 * {@code sandbox_lockOrder}, ...), the sandbox portal's {@code POST /sandbox/spei/transfers} and CEP download, and the
 * marketplace's payment proof in both forms. It also reads back what a test asserts: order status (polled), on-chain
 * escrow state and balances, and the webhooks the partner's receiver got.
 */
public final class TradeDriver {

    /** The buyer's bank account (BBVA), the payer of every SPEI transfer the driver makes. */
    public static final String BUYER_CLABE = "012180004643051249";
    /** The seller user's CLABE on every order the driver creates (Cuenca): where the buyer must pay. */
    public static final String SELLER_CLABE = "723969000011000077";
    /** How long awaiting a status or a webhook may take before the test fails. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndToEndHarness harness;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TradeDriver(EndToEndHarness harness) {
        this.harness = harness;
    }

    private ApiClient api() {
        return harness.api();
    }

    private static String[] admin() {
        return new String[]{"Authorization", "Bearer " + EndToEndHarness.ADMIN_TOKEN};
    }

    // ---- Admin and Partner API ----

    /** Onboards a partner of {@code tier} (FREE, GROWTH, ENTERPRISE) with partner-managed KYC, through the admin API. */
    public Partner onboardPartner(String tier) {
        Reply reply = api().post("/admin/v1/partners", "{\"name\":\"End-to-end partner " + SEQUENCE.incrementAndGet()
                + "\",\"tier\":\"" + tier + "\",\"kycModel\":\"PARTNER_MANAGED\",\"ipWhitelist\":[]}", admin());
        assertEquals(201, reply.status(), reply.raw());
        return new Partner((String) reply.get("partnerId"), tier, (String) reply.get("apiKey"),
                (String) reply.get("webhookSecret"));
    }

    /** Registers the partner's webhook URL ({@code PUT /api/v1/webhooks}). */
    public void registerWebhookUrl(Partner partner, URI url) {
        Reply reply = api().send(HttpRequest.newBuilder(harness.daemon().getURI().resolve("/api/v1/webhooks"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}", StandardCharsets.UTF_8)),
                partner.keyHeader());
        assertEquals(200, reply.status(), reply.raw());
    }

    /** A new order of {@code usdc} USDC (e.g. "100") at {@code feePercent}: registers a user, quotes, orders. */
    public Trade newOrder(Partner partner, String usdc, String feePercent) {
        String ref = "e2e_user_" + SEQUENCE.incrementAndGet();
        Reply user = api().post("/api/v1/users", "{\"partnerUserRef\":\"" + ref + "\"}", partner.keyHeader());
        assertEquals(201, user.status(), user.raw());
        Reply quote = api().post("/api/v1/quotes", "{\"partnerUserRef\":\"" + ref + "\",\"amount\":\"" + usdc
                + "\",\"token\":\"USDC\",\"feePercent\":" + feePercent + "}", partner.keyHeader());
        assertEquals(201, quote.status(), quote.raw());
        Reply order = api().post("/api/v1/orders", "{\"quoteId\":\"" + quote.get("quoteId") + "\",\"partnerUserRef\":\""
                + ref + "\",\"clabe\":\"" + SELLER_CLABE + "\"}", partner.keyHeader());
        assertEquals(201, order.status(), order.raw());
        @SuppressWarnings("unchecked")
        Map<String, Object> escrow = (Map<String, Object>) order.get("escrow");
        return new Trade(UUID.fromString((String) order.get("id")), partner, ref,
                hexFelt((String) escrow.get("orderId")), hexFelt((String) escrow.get("token")),
                new BigInteger((String) escrow.get("amount")), order.get("grossAmountMxn").toString(),
                (String) order.get("clabe"));
    }

    /** A 100 USDC order at a 1.5 % fee for the harness's partner. */
    public Trade newOrder() {
        return newOrder(harness.partner(), "100", "1.5");
    }

    /** {@code GET /api/v1/orders/{id}} as the order's partner. */
    public Reply order(Trade trade) {
        return api().get("/api/v1/orders/" + trade.orderId(), trade.partner().keyHeader());
    }

    /** The order's status as the Partner API reports it now. */
    public String status(Trade trade) {
        Reply reply = order(trade);
        assertEquals(200, reply.status(), reply.raw());
        return (String) reply.get("status");
    }

    /**
     * Polls the order until it has {@code status}; fails with the last status seen after {@code timeout}. Polls every
     * 100 ms for the first two seconds, then every 500 ms, so long waits stay well inside the partner's rate limit
     * (Growth: 200 requests a minute).
     */
    public void awaitStatus(Trade trade, String status, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = status(trade);
            if (status.equals(last)) {
                return;
            }
            pause(Instant.now().isBefore(start.plusSeconds(2)) ? 100 : 500);
        }
        fail("order " + trade.orderId() + " did not reach " + status + " within " + timeout + "; last seen " + last);
    }

    public void awaitStatus(Trade trade, String status) {
        awaitStatus(trade, status, DEFAULT_WAIT);
    }

    /** The partner's revenue ledger over UTC days, both included ({@code GET /api/v1/revenue?from=&to=}). */
    public Reply revenue(Partner partner, LocalDate from, LocalDate to) {
        return api().get("/api/v1/revenue?from=" + from + "&to=" + to, partner.keyHeader());
    }

    // ---- Admin disputes ----

    /** {@code GET /admin/v1/disputes/{orderId}}: the evidence and the parties' reputation. */
    public Reply dispute(Trade trade) {
        return api().get("/admin/v1/disputes/" + trade.orderId(), admin());
    }

    /** {@code GET /admin/v1/disputes}: the open disputes. */
    public Reply disputes() {
        return api().get("/admin/v1/disputes?limit=100", admin());
    }

    /** Decides a dispute: FOR_BUYER, FOR_SELLER, NO_FAULT_RELEASE, NO_FAULT_REFUND or NO_FAULT_RETRY. */
    public Reply resolveDispute(Trade trade, String outcome, String decidedBy, String reason) {
        return api().post("/admin/v1/disputes/" + trade.orderId() + "/resolution", "{\"outcome\":\"" + outcome
                + "\",\"decidedBy\":\"" + decidedBy + "\",\"reason\":\"" + reason + "\"}", admin());
    }

    // ---- The chain, through the sandbox node ----

    /** The seller deposits exactly what the order asks; returns the seller's address. */
    public BigInteger deposit(Trade trade) {
        return deposit(trade, trade.tokenAddress(), trade.amountBaseUnits());
    }

    /** The seller deposits {@code amount} of {@code token} (possibly not what the order asks); returns the seller. */
    public BigInteger deposit(Trade trade, BigInteger token, BigInteger amount) {
        JsonNode result = rpc("sandbox_deposit", Map.of("order_id", Felts.hex(trade.escrowOrderId()),
                "token", Felts.hex(token), "amount", amount.toString()));
        assertSucceeded(result);
        return hexFelt(result.get("seller").asText());
    }

    /** A buyer locks the order for {@code durationSeconds} of chain time; returns the buyer's address. */
    public BigInteger lock(Trade trade, long durationSeconds) {
        JsonNode result = rpc("sandbox_lockOrder", Map.of("order_id", Felts.hex(trade.escrowOrderId()),
                "duration_seconds", durationSeconds));
        assertSucceeded(result);
        return hexFelt(result.get("buyer").asText());
    }

    /** The order's buyer ({@code "buyer"}) or seller ({@code "seller"}) opens a dispute on-chain. */
    public void openDispute(Trade trade, String party) {
        assertSucceeded(rpc("sandbox_openDispute", Map.of("order_id", Felts.hex(trade.escrowOrderId()),
                "party", party)));
    }

    /** Mines {@code blocks} empty blocks. */
    public void mine(int blocks) {
        rpc("sandbox_mine", Map.of("blocks", blocks));
    }

    /** Moves the node's chain time forward (every later block carries it). */
    public void advanceChainTime(long seconds) {
        rpc("sandbox_advanceTime", Map.of("seconds", seconds));
    }

    /** The escrow contract's record of the order, as the node holds it. */
    public EscrowOrder escrowOrder(Trade trade) {
        synchronized (harness.node().chain()) {
            return harness.node().chain().state().escrow().order(trade.escrowOrderId());
        }
    }

    /** A token balance on the node. */
    public BigInteger balance(BigInteger token, BigInteger account) {
        synchronized (harness.node().chain()) {
            return harness.node().chain().state().token(token).balanceOf(account);
        }
    }

    /** Whether the escrow has consumed this release proof hash. */
    public boolean proofUsed(BigInteger proofHash) {
        synchronized (harness.node().chain()) {
            return harness.node().chain().state().escrow().isProofUsed(proofHash);
        }
    }

    private static BigInteger hexFelt(String hex) {
        BigInteger value = Felts.parseHexOrNull(hex);
        assertTrue(value != null, "not a hex felt: " + hex);
        return value;
    }

    private static void assertSucceeded(JsonNode hookResult) {
        JsonNode status = hookResult.get("execution_status");
        assertTrue(status == null || "SUCCEEDED".equals(status.asText()), "hook transaction: " + hookResult);
    }

    /** Calls one JSON-RPC method of the node with named params and returns its result (fails on an error). */
    public JsonNode rpc(String method, Map<String, ?> params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", SEQUENCE.incrementAndGet());
        request.put("method", method);
        request.set("params", JSON.valueToTree(params));
        JsonNode response;
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(harness.node().rpcUrl())
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            response = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.has("error")) {
            fail(method + " " + params + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    // ---- SPEI and the payment proof ----

    /** The buyer pays the order's pesos into its CLABE over SPEI (the sandbox portal records the transfer). */
    public SpeiPayment pay(Trade trade) {
        return pay(trade.clabe(), trade.grossAmountMxn());
    }

    /** A SPEI transfer from the buyer's account of {@code amount} pesos to {@code beneficiaryClabe}. */
    public SpeiPayment pay(String beneficiaryClabe, String amount) {
        ObjectNode body = JSON.createObjectNode();
        body.put("senderClabe", BUYER_CLABE);
        body.put("beneficiaryClabe", beneficiaryClabe);
        body.put("amount", amount);
        // The signed cadena has no tracking key, so two equal transfers in one second would be one receipt: vary it.
        body.put("concept", "pago p2p e2e " + SEQUENCE.incrementAndGet());
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(harness.portal().baseUrl() + "/sandbox/spei/transfers"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, answer.statusCode(), answer.body());
            JsonNode t = JSON.readTree(answer.body());
            return new SpeiPayment(t.get("trackingKey").asText(), LocalDate.parse(t.get("creditDate").asText()),
                    t.get("creditTime").asText(), t.get("senderParticipant").asText(),
                    t.get("receiverParticipant").asText(), t.get("beneficiaryClabe").asText(),
                    t.get("amount").asText(), t.get("amountCentavos").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Downloads the payment's CEP XML from the portal over its real protocol, as a buyer would before uploading. */
    public byte[] downloadCep(SpeiPayment payment) {
        BanxicoPortalClient client = new BanxicoPortalClient(new PortalSettings(harness.portal().portalBaseUrl(),
                Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(10)));
        PortalResult result = client.fetch(payment.portalQuery());
        assertEquals(PortalOutcome.FOUND, result.outcome(), result.detail());
        return result.receiptXml();
    }

    /** The buyer uploads a CEP ({@code Content-Type: application/xml}); the reply carries verdict and reason. */
    public Reply uploadProof(Trade trade, byte[] xml) {
        return api().send(HttpRequest.newBuilder(harness.daemon().getURI()
                .resolve("/api/v1/marketplace/orders/" + trade.orderId() + "/payment-proof"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml)), "Content-Type", "application/xml");
    }

    /** The buyer gives the SPEI details for a Banxico fetch (JSON form); 202 while the fetch runs. */
    public Reply fetchProof(Trade trade, SpeiPayment payment) {
        return api().post("/api/v1/marketplace/orders/" + trade.orderId() + "/payment-proof",
                payment.fetchRequestJson());
    }

    /** Polls a pending fetch (the {@code pollUrl} of a 202) until it has a verdict. */
    public Reply awaitFetch(Reply accepted, Duration timeout) {
        assertEquals(202, accepted.status(), accepted.raw());
        String pollUrl = (String) accepted.get("pollUrl");
        Instant deadline = Instant.now().plus(timeout);
        Reply reply = api().get(pollUrl);
        while (reply.status() == 202 && Instant.now().isBefore(deadline)) {
            pause(50);
            reply = api().get(pollUrl);
        }
        return reply;
    }

    // ---- Webhooks ----

    /** One delivery the partner's receiver got, with the envelope's type and order id read from its body. */
    public record Webhook(String id, String type, String orderId, String body, boolean signatureValid,
                          int answeredStatus, Instant receivedAt) {
    }

    /** Every delivery so far, in arrival order (retries included). */
    public List<Webhook> webhooks() {
        List<Webhook> all = new ArrayList<>();
        for (WebhookReceiver.Delivery d : harness.webhooks().deliveries()) {
            String type = null;
            String orderId = null;
            try {
                JsonNode envelope = JSON.readTree(d.body());
                type = envelope.path("type").asText(null);
                orderId = envelope.path("data").path("orderId").asText(null);
            } catch (IOException e) {
                // An unreadable body stays in the log with no type; the tests' sequence checks then fail on it.
            }
            all.add(new Webhook(d.id(), type, orderId, d.body(), d.signatureValid(), d.answeredStatus(),
                    d.receivedAt()));
        }
        return all;
    }

    /** The deliveries of one order, in arrival order (retries included). */
    public List<Webhook> webhooks(Trade trade) {
        return webhooks().stream().filter(w -> trade.id().equals(w.orderId())).toList();
    }

    /**
     * Waits until the order's acknowledged webhooks are exactly {@code types}, in order, then checks: every delivery
     * the receiver ever got was correctly signed, and an event id arrives again only after an attempt that was not
     * acknowledged (a retry), never as a duplicate of an acknowledged delivery. Returns the acknowledged deliveries.
     */
    public List<Webhook> awaitWebhooks(Trade trade, Duration timeout, String... types) {
        List<String> expected = Arrays.asList(types);
        Instant deadline = Instant.now().plus(timeout);
        List<Webhook> acknowledged = List.of();
        while (Instant.now().isBefore(deadline)) {
            acknowledged = webhooks(trade).stream().filter(w -> w.answeredStatus() >= 200 && w.answeredStatus() < 300)
                    .toList();
            if (acknowledged.size() >= expected.size()) {
                // A short settle, so an unexpected extra event right behind the expected ones is seen too.
                pause(300);
                acknowledged = webhooks(trade).stream()
                        .filter(w -> w.answeredStatus() >= 200 && w.answeredStatus() < 300).toList();
                break;
            }
            pause(50);
        }
        assertEquals(expected, acknowledged.stream().map(Webhook::type).toList(),
                "webhooks of order " + trade.orderId());
        assertEquals(0, harness.webhooks().badSignatures(), "every delivery is signed with the partner's secret");
        Set<String> delivered = new HashSet<>();
        for (Webhook w : webhooks(trade)) {
            assertTrue(!delivered.contains(w.id()), "event " + w.id() + " (" + w.type() + ") was delivered twice");
            if (w.answeredStatus() >= 200 && w.answeredStatus() < 300) {
                delivered.add(w.id());
            }
        }
        return acknowledged;
    }

    public List<Webhook> awaitWebhooks(Trade trade, String... types) {
        return awaitWebhooks(trade, DEFAULT_WAIT, types);
    }

    /** Waits for {@code condition}, polling every 50 ms; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            pause(50);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
