package org.mexicop2p.api.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.TrustedCertificate;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.banxico.SpeiTransfer;
import org.mexicop2p.sandbox.starknet.SandboxNodeConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.chain.Block;
import org.mexicop2p.sandbox.webhook.WebhookReceiver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The outside world of a trade, owned by the test and living across daemon restarts: a sandbox Starknet node running
 * the escrow contract, a sandbox Banxico portal, a partner's signature-checking webhook receiver and a database. The
 * daemon runs in a child JVM ({@link ChildDaemon}) pointed at all of them, so it can be killed and replaced while the
 * world goes on. Trades are driven the way partners, sellers and buyers do: the public HTTP API, the node's escrow
 * transactions and SPEI transfers at the portal.
 */
final class ChildDaemonWorld implements AutoCloseable {

    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef0123456789abcdef";
    /** The partner's user's CLABE, where buyers pay (BBVA test account of the walkthrough). */
    static final String SELLER_CLABE = "723969000011000077";
    static final String BUYER_CLABE = "012180004643051249";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A trade as the partner API of a child daemon created it (the in-process harness has its own {@code Trade}). */
    record TradeRef(String id, BigInteger escrowOrderId, BigInteger token, BigInteger amountBaseUnits,
                 String grossAmountMxn, String clabe) {
    }

    /** An HTTP answer: status and parsed body. */
    record Reply(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    final SandboxStarknetNode node;
    final SandboxBanxicoPortal portal;
    /** The partner's receiver (the sandbox's, checking every signature), started when the partner is onboarded. */
    private WebhookReceiver receiver;
    final CrossProcessDatabase database;
    private final Path workDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ChildDaemon daemon;
    private int daemonsStarted;
    private String apiKey;

    /**
     * @param name     a folder name under {@code target/endtoend} for the daemons' logs and data
     * @param settings daemon configuration on top of the defaults of {@link #baseSettings()}
     * @param nodeClockLagSeconds how far the node's chain time trails the wall clock (a 300 s lock then ends that
     *                 much sooner in wall time; see {@code EndToEndHarness})
     */
    ChildDaemonWorld(String name, Map<String, String> settings, long nodeClockLagSeconds) {
        try {
            node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral().withClockOffsetSeconds(-nodeClockLagSeconds));
            portal = new SandboxBanxicoPortal();
            portal.start("127.0.0.1", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = CrossProcessDatabase.create();
        workDir = Path.of("target", "endtoend", name + "-" + database.engine().name().toLowerCase()
                + "-" + System.currentTimeMillis()).toAbsolutePath();
        // The daemon runs in another process, so it learns the test portal's signer from a trust folder, as an
        // operator's daemon learns any key: the portal answers over plain http, which vouches for no receipt.
        List<TrustedCertificate> trusted = new ArrayList<>(TrustStore.bundled().entries());
        trusted.add(portal.trustedCertificate());
        try {
            TrustStore.write(workDir.resolve("cep-trust"), trusted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.settings.putAll(baseSettings());
        this.settings.putAll(settings);
    }

    /** Short intervals so a test runs in seconds; every other key keeps the daemon's default. */
    private Map<String, String> baseSettings() {
        Map<String, String> p = new LinkedHashMap<>(database.daemonProperties());
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", "-1");
        // the test owns the node and the portal: the daemon must not start its own embedded sandbox
        p.put("mp2p.sandbox.embedded", "false");
        p.put("mp2p.sandbox-mode", "true");
        p.put("mp2p.chain.watcher-enabled", "true");
        p.put("mp2p.chain.rpc-url", node.rpcUrl().toString());
        p.put("mp2p.chain.escrow-address", hex(node.escrowAddress()));
        p.put("mp2p.chain.tokens.usdc", hex(node.usdcAddress()));
        p.put("mp2p.chain.tokens.usdt", hex(node.usdtAddress()));
        p.put("mp2p.chain.operator-account-address", hex(node.operator().address()));
        p.put("mp2p.chain.poll-interval-ms", "100");
        p.put("mp2p.banxico.portal-url", portal.baseUrl());
        p.put("mp2p.cep.trust-dir", workDir.resolve("cep-trust").toString());
        p.put("mp2p.banxico.min-query-interval-ms", "0");
        p.put("mp2p.banxico.retry-initial-ms", "200");
        p.put("mp2p.banxico.retry-max-ms", "1000");
        p.put("mp2p.banxico.poll-interval", "100ms");
        p.put("mp2p.lifecycle.effect-poll-interval", "50ms");
        p.put("mp2p.lifecycle.effect-stuck-after-ms", "2000");
        p.put("mp2p.webhooks.poll-interval-ms", "100");
        p.put("mp2p.webhooks.retry-delays-ms", "200,400,800,1600,3200,3200,3200,3200");
        // a killed daemon's Quartz instance is taken over after a few check-in intervals
        p.put("mp2p.timers.cluster-checkin-interval-ms", "1000");
        // likewise its chain-leader lease: the next daemon polls and sends once the lease expires
        p.put("mp2p.leadership.lease-ttl-ms", "3000");
        p.put("mp2p.leadership.renew-interval-ms", "500");
        p.put("mp2p.marketplace.requests-per-minute", "1000000");
        p.put("mp2p.rate-limit.enterprise-requests-per-minute", "1000000");
        return p;
    }

    /** Changes one daemon setting for the daemons started from now on. */
    void set(String key, String value) {
        settings.put(key, value);
    }

    /** Starts a new daemon on the same database, node and portal; the previous one must be gone. */
    ChildDaemon startDaemon() {
        if (daemon != null && daemon.alive()) {
            throw new IllegalStateException("a daemon is running already");
        }
        daemonsStarted++;
        Map<String, String> properties = new LinkedHashMap<>(settings);
        properties.put("mp2p.data-dir", workDir.resolve("data").toString());
        Map<String, String> secrets = Map.of(
                "MP2P_ADMIN_TOKEN", ADMIN_TOKEN,
                "MP2P_CHAIN_OPERATOR_PRIVATE_KEY", hex(node.operator().privateKey()),
                "MP2P_CHAIN_PROOF_SIGNER_PRIVATE_KEY", hex(node.proofSignerPrivateKey()));
        daemon = ChildDaemon.start(properties, secrets, workDir.resolve("daemon-" + daemonsStarted + ".log"));
        return daemon;
    }

    /** A crash (SIGKILL) of the running daemon. */
    void killDaemon() {
        daemon.kill();
    }

    /** A clean stop (SIGTERM) of the running daemon. */
    void stopDaemon() {
        if (daemon != null && daemon.alive()) {
            daemon.stop();
        }
    }

    int daemonsStarted() {
        return daemonsStarted;
    }

    // ---- the partner -----------------------------------------------------------------------------------------

    /** Onboards an Enterprise partner (no volume caps), registers the receiver as its webhook URL. */
    void onboardPartner() {
        Reply partner = post("/admin/v1/partners", "{\"name\":\"E2E partner\",\"tier\":\"ENTERPRISE\","
                + "\"kycModel\":\"PARTNER_MANAGED\",\"ipWhitelist\":[]}", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertEquals(201, partner.status(), partner.body().toString());
        apiKey = partner.text("apiKey");
        try {
            receiver = WebhookReceiver.start(0, partner.text("webhookSecret"),
                    new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Reply hook = put("/api/v1/webhooks", "{\"url\":\"" + receiver.url() + "\"}", "X-API-Key", apiKey);
        assertEquals(200, hook.status(), hook.body().toString());
    }

    /** A partner's user (KYC attested FULL, so amounts never hit the KYC thresholds) sells {@code amount} USDC. */
    TradeRef createOrder(String userRef, String amount) {
        Reply user = post("/api/v1/users", "{\"partnerUserRef\":\"" + userRef + "\",\"kycAttestation\":{\"level\":"
                + "\"FULL\",\"verifiedAt\":\"2025-06-01T00:00:00Z\"}}", "X-API-Key", apiKey);
        if (user.status() != 201 && user.status() != 200) {
            fail("user: " + user);
        }
        Reply quote = post("/api/v1/quotes", "{\"partnerUserRef\":\"" + userRef + "\",\"amount\":\"" + amount
                + "\",\"token\":\"USDC\",\"feePercent\":1.5,\"feeRecipient\":\"PARTNER\"}", "X-API-Key", apiKey);
        assertEquals(201, quote.status(), quote.body().toString());
        Reply order = post("/api/v1/orders", "{\"quoteId\":\"" + quote.text("quoteId") + "\",\"partnerUserRef\":\""
                + userRef + "\",\"clabe\":\"" + SELLER_CLABE + "\"}", "X-API-Key", apiKey);
        assertEquals(201, order.status(), order.body().toString());
        JsonNode escrow = order.body().path("escrow");
        return new TradeRef(order.text("id"), felt(escrow.path("orderId").asText()), felt(escrow.path("token").asText()),
                new BigInteger(escrow.path("amount").asText()), order.body().path("grossAmountMxn").decimalValue()
                .setScale(2).toPlainString(), order.text("clabe"));
    }

    String status(TradeRef trade) {
        Reply reply = get("/api/v1/orders/" + trade.id(), "X-API-Key", apiKey);
        assertEquals(200, reply.status(), reply.body().toString());
        return reply.text("status");
    }

    /** Waits (polling the partner API) until the order shows {@code status}. */
    void awaitStatus(TradeRef trade, String status, Duration timeout) {
        try {
            await("order " + trade.id() + " to be " + status, timeout, () -> status.equals(status(trade)));
        } catch (AssertionError e) {
            daemon.threadDump();
            throw new AssertionError(e.getMessage() + "; it is " + status(trade) + "; " + diagnosis(trade), e);
        }
    }

    /** The order's durable records, for a failure message. */
    String diagnosis(TradeRef trade) {
        UUID id = UUID.fromString(trade.id());
        return "timeline " + timeline(trade) + ", effects " + rows("SELECT effect, status, attempts, detail FROM "
                + "order_effect WHERE order_id = ? ORDER BY id", id) + ", fetches " + rows("SELECT status, attempts, "
                + "last_outcome, reason, detail FROM payment_fetch WHERE order_id = ?", id) + ", receipts " + rows(
                "SELECT verdict, reason FROM payment_receipt WHERE order_id = ?", id) + ", commands " + rows(
                "SELECT kind, status, attempts, detail FROM chain_command WHERE order_id = ?",
                "0x" + trade.escrowOrderId().toString(16)) + ", refused " + refusedFacts(trade) + "; daemon log "
                + daemon.log();
    }

    Reply deliveries(String query) {
        return get("/api/v1/webhooks/deliveries" + query, "X-API-Key", apiKey);
    }

    // ---- the partner's webhooks -------------------------------------------------------------------------------

    /** One delivery the receiver got for an order: event id, type, whether signed right and acknowledged. */
    record Delivered(String webhookId, String type, boolean signatureValid, boolean acknowledged) {
    }

    /** Every delivery (retries included) of one order, in arrival order. */
    List<Delivered> webhooks(TradeRef trade) {
        List<Delivered> all = new ArrayList<>();
        for (WebhookReceiver.Delivery d : receiver.deliveries()) {
            try {
                JsonNode envelope = JSON.readTree(d.body());
                if (trade.id().equals(envelope.path("data").path("orderId").asText(null))) {
                    all.add(new Delivered(d.id(), envelope.path("type").asText(null), d.signatureValid(),
                            d.acknowledged()));
                }
            } catch (IOException e) {
                fail("a webhook body that is not JSON: " + d.body());
            }
        }
        return all;
    }

    /** Distinct webhook ids per event type of one order: "each event once" means one id per type. */
    Map<String, List<String>> webhookIdsByType(TradeRef trade) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (Delivered d : webhooks(trade)) {
            List<String> list = ids.computeIfAbsent(d.type(), t -> new ArrayList<>());
            if (!list.contains(d.webhookId())) {
                list.add(d.webhookId());
            }
        }
        return ids;
    }

    /** The order's event types in the order they were first acknowledged (2xx). */
    List<String> acknowledgedTypes(TradeRef trade) {
        List<String> types = new ArrayList<>();
        for (Delivered d : webhooks(trade)) {
            if (d.acknowledged() && !types.contains(d.type())) {
                types.add(d.type());
            }
        }
        return types;
    }

    // ---- the seller and the buyer ---------------------------------------------------------------------------

    /** The seller's wallet deposits exactly what the order asks into the escrow. */
    void deposit(TradeRef trade) {
        node.deposit(trade.escrowOrderId(), trade.token(), trade.amountBaseUnits(), Optional.empty());
    }

    /** A buyer locks the order on-chain for {@code seconds}. */
    void lock(TradeRef trade, long seconds) {
        node.lockOrder(trade.escrowOrderId(), seconds, Optional.empty());
    }

    /** The buyer pays the order's amount into its CLABE over SPEI (the sandbox bank). */
    SpeiTransfer pay(TradeRef trade) {
        return portal.transfer(BUYER_CLABE, trade.clabe(), trade.grossAmountMxn(), "MexicoP2P trade", null);
    }

    /** The buyer proves the payment with its SPEI details; the daemon fetches the CEP from the portal. */
    Reply submitProof(TradeRef trade, SpeiTransfer transfer) {
        return post("/api/v1/marketplace/orders/" + trade.id() + "/payment-proof", "{\"trackingKey\":\""
                + transfer.trackingKey() + "\",\"creditDate\":\"" + transfer.creditDate() + "\",\"senderParticipant\":\""
                + transfer.senderParticipant() + "\",\"amount\":\"" + trade.grossAmountMxn() + "\"}");
    }

    /** Transactions the engine's operator account sent that name this order (mined, any outcome). */
    List<Block.MinedTransaction> operatorTransactions(TradeRef trade) {
        List<Block.MinedTransaction> sent = new ArrayList<>();
        long head = node.chain().head().number();
        for (long n = 0; n <= head; n++) {
            for (Block.MinedTransaction tx : node.chain().blockByNumber(n).orElseThrow().transactions()) {
                if (tx.transaction().senderAddress().equals(node.operator().address())
                        && tx.transaction().calldata().contains(trade.escrowOrderId())) {
                    sent.add(tx);
                }
            }
        }
        return sent;
    }

    // ---- the database's durable records ----------------------------------------------------------------------

    /** Rows of a query on the daemon's database, column name → value (read from this JVM). */
    List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The engine's chain command of one kind for the order, if any: status, transaction hash, attempts. */
    Optional<Map<String, Object>> command(TradeRef trade, String kind) {
        return rows("SELECT id, status, transaction_hash, attempts FROM chain_command WHERE order_id = ? AND kind = ?",
                "0x" + trade.escrowOrderId().toString(16), kind).stream().findFirst();
    }

    /** The order's timeline: sequence, event, status and source ({@code chain:…}, {@code cep:…}, {@code timer:…}). */
    List<Map<String, Object>> timeline(TradeRef trade) {
        return rows("SELECT seq_no, event, status, source FROM order_timeline WHERE order_id = ? ORDER BY seq_no",
                UUID.fromString(trade.id()));
    }

    List<Map<String, Object>> refusedFacts(TradeRef trade) {
        return rows("SELECT input, status, source FROM refused_order_fact WHERE order_id = ?",
                UUID.fromString(trade.id()));
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    Reply get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    Reply post(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    Reply put(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    private URI uri(String path) {
        return daemon.baseUrl().resolve(path);
    }

    private Reply send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            ChildDaemon.sleep(50);
        }
    }

    /** A timestamp column as read by either driver (H2: OffsetDateTime or Timestamp; PostgreSQL: Timestamp). */
    static Instant instant(Object column) {
        if (column instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (column instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + column);
    }

    static String hex(BigInteger value) {
        return "0x" + value.toString(16);
    }

    private static BigInteger felt(String hex) {
        return new BigInteger(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
    }

    @Override
    public void close() throws Exception {
        stopDaemon();
        if (receiver != null) {
            receiver.close();
        }
        portal.close();
        node.close();
        database.close();
        if (Files.isDirectory(workDir.resolve("data"))) {
            try (var files = Files.walk(workDir.resolve("data"))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
