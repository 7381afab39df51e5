package org.mexicop2p.sandbox.banxico;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.mexicop2p.cep.clabe.Clabe;
import org.mexicop2p.cep.clabe.SpeiParticipant;
import org.mexicop2p.cep.receipt.CepIssuer;
import org.mexicop2p.cep.verify.CertificateKind;
import org.mexicop2p.cep.verify.SignedPaymentFacts;
import org.mexicop2p.cep.verify.TrustedCertificate;

/**
 * A local stand-in for Banxico's CEP portal. Tests (and the embedded demo run) "make a SPEI transfer" with
 * {@code POST /sandbox/spei/transfers}; after {@link #setCepDelay the CEP delay} the transfer's CEP, signed with a
 * key generated at construction under {@link #CERTIFICATE_NUMBER}, is served through the real portal protocol
 * ({@code POST /cep/valida.do}, then {@code GET /cep/descarga.do?formato=XML} in the same session). It can be told to
 * answer "not yet available", "throttled" or HTTP 500 for a number of queries or for a while.
 *
 * <p>The sandbox key must be trusted as {@link CertificateKind#SANDBOX} ({@link #trustedCertificate()}), which
 * production mode refuses. Never on the production path. Thread-safe.
 */
public final class SandboxBanxicoPortal implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5060;
    /** The sandbox signer's certificate number: 20 digits, as CEPs carry, in a range no real IES serial uses. */
    public static final String CERTIFICATE_NUMBER = "99999900000000000001";
    /** Bounds that keep a long-running demo from growing without limit. */
    static final int MAX_TRANSFERS = 100_000;
    static final int MAX_SESSIONS = 10_000;
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int MAX_CONCEPT_CHARS = 40;
    private static final int MAX_NAME_CHARS = 40;
    private static final Pattern TRACKING_KEY = Pattern.compile("[A-Za-z0-9]{1,30}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final Pattern PRINTABLE = Pattern.compile("[\\p{L}\\p{N} .,;:/()#*+_-]+");
    private static final DateTimeFormatter PORTAL_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    private final Clock clock;
    private final KeyPair key;
    private final CepIssuer issuer;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong generatedKeys = new AtomicLong();
    private final Map<String, Stored> transfers = new ConcurrentHashMap<>();
    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();
    private final Object faultLock = new Object();
    private PortalFault fault;
    private int faultQueriesLeft;
    private Instant faultUntil = Instant.MIN;
    private volatile Duration cepDelay = Duration.ZERO;
    private HttpServer server;
    private ExecutorService executor;

    /** A transfer and its signed receipt. */
    private record Stored(SpeiTransfer transfer, byte[] receipt) {
    }

    /** A sandbox on the system clock. */
    public SandboxBanxicoPortal() {
        this(Clock.systemUTC());
    }

    /** A sandbox whose notion of "now" (credit times, CEP delay, fault windows) is {@code clock}. */
    public SandboxBanxicoPortal(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.key = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is mandatory in every JDK", e);
        }
        this.issuer = new CepIssuer(CERTIFICATE_NUMBER, key.getPrivate());
    }

    /** Starts serving on {@code host:port} (port 0 = any free port); returns the base URL, e.g. {@code http://127.0.0.1:5060}. */
    public synchronized String start(String host, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started at " + baseUrl());
        }
        HttpServer created = HttpServer.create(new InetSocketAddress(host, port), 64);
        created.createContext("/cep/valida.do", exchange -> handle(exchange, this::valida));
        created.createContext("/cep/descarga.do", exchange -> handle(exchange, this::descarga));
        created.createContext("/sandbox/spei/transfers", exchange -> handle(exchange, this::postTransfer));
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sandbox-banxico");
            t.setDaemon(true);
            return t;
        });
        created.setExecutor(executor);
        created.start();
        server = created;
        return baseUrl();
    }

    /** Where the sandbox listens, e.g. {@code http://127.0.0.1:5060}. */
    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** The portal root a {@code BanxicoPortalClient} is configured with: {@link #baseUrl()} + {@code /cep}. */
    public URI portalBaseUrl() {
        return URI.create(baseUrl() + "/cep");
    }

    public String certificateNumber() {
        return CERTIFICATE_NUMBER;
    }

    public PublicKey publicKey() {
        return key.getPublic();
    }

    /** The trust-store entry for the sandbox signer: kind SANDBOX, signs for every participant, valid always. */
    public TrustedCertificate trustedCertificate() {
        return new TrustedCertificate(CERTIFICATE_NUMBER, TrustedCertificate.ANY_PARTICIPANT,
                LocalDate.of(2000, 1, 1), LocalDate.of(2999, 12, 31), CertificateKind.SANDBOX, key.getPublic());
    }

    /** How long after a transfer its CEP becomes downloadable (before that: "not yet available"). */
    public void setCepDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        this.cepDelay = delay;
    }

    /** Answers the next {@code queries} portal queries with {@code fault} (replacing any fault set before). */
    public void failNextQueries(PortalFault fault, int queries) {
        if (queries < 1 || queries > 1_000_000) {
            throw new IllegalArgumentException("queries must be 1..1000000");
        }
        synchronized (faultLock) {
            this.fault = Objects.requireNonNull(fault, "fault");
            this.faultQueriesLeft = queries;
            this.faultUntil = Instant.MIN;
        }
    }

    /** Answers every portal query with {@code fault} for {@code duration} (replacing any fault set before). */
    public void failFor(PortalFault fault, Duration duration) {
        synchronized (faultLock) {
            this.fault = Objects.requireNonNull(fault, "fault");
            this.faultQueriesLeft = 0;
            this.faultUntil = clock.instant().plus(duration);
        }
    }

    /** Stops injecting faults. */
    public void clearFaults() {
        synchronized (faultLock) {
            fault = null;
            faultQueriesLeft = 0;
            faultUntil = Instant.MIN;
        }
    }

    /** The Java form of {@code POST /sandbox/spei/transfers}; {@code trackingKey} may be null to have one made. */
    public SpeiTransfer transfer(String senderClabe, String beneficiaryClabe, String amount, String concept,
                                 String trackingKey) {
        return transfer(senderClabe, beneficiaryClabe, amount, concept, trackingKey, "SANDBOX ORDENANTE",
                "SANDBOX BENEFICIARIO");
    }

    private SpeiTransfer transfer(String senderClabeText, String beneficiaryClabeText, String amountText,
                                  String concept, String trackingKey, String senderName, String beneficiaryName) {
        Clabe sender = clabe("senderClabe", senderClabeText);
        Clabe beneficiary = clabe("beneficiaryClabe", beneficiaryClabeText);
        if (amountText == null || !AMOUNT.matcher(amountText).matches() || new BigDecimal(amountText).signum() <= 0) {
            throw new TransferRejectedException("INVALID_AMOUNT", 400,
                    "amount must be pesos like \"1725.00\", more than zero, at most 12 integer digits");
        }
        text("concept", concept, MAX_CONCEPT_CHARS);
        text("senderName", senderName, MAX_NAME_CHARS);
        text("beneficiaryName", beneficiaryName, MAX_NAME_CHARS);
        String key = trackingKey != null ? trackingKey : "SBX" + String.format("%012d", generatedKeys.incrementAndGet());
        if (!TRACKING_KEY.matcher(key).matches()) {
            throw new TransferRejectedException("INVALID_TRACKING_KEY", 400, "trackingKey must be 1-30 letters or digits");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime credited = now.atZone(SignedPaymentFacts.CEP_ZONE);
        SpeiParticipant from = sender.participant();
        SpeiParticipant to = beneficiary.participant();
        SpeiTransfer transfer = new SpeiTransfer(key, sender.digits(), beneficiary.digits(), from.speiCode(),
                to.speiCode(), new BigDecimal(amountText).setScale(2), concept, credited.toLocalDate(),
                credited.toLocalDate(), credited.toLocalTime(), now.plus(cepDelay));
        byte[] receipt = issuer.issue(new CepIssuer.Payment(1, transfer.operationDate(), transfer.creditDate(),
                transfer.creditTime(), to.speiCode(), bankName(from), senderName, sender.digits(), "ND",
                bankName(to), beneficiaryName, beneficiary.digits(), "ND", concept, transfer.amount(), key));
        String id = transferId(from.speiCode(), transfer.creditDate(), key);
        synchronized (transfers) {
            if (transfers.size() >= MAX_TRANSFERS) {
                throw new TransferRejectedException("SANDBOX_FULL", 503, "the sandbox holds at most "
                        + MAX_TRANSFERS + " transfers");
            }
            if (transfers.putIfAbsent(id, new Stored(transfer, receipt)) != null) {
                throw new TransferRejectedException("DUPLICATE_TRACKING_KEY", 409, "tracking key " + key
                        + " was already used by participant " + from.speiCode() + " on " + transfer.creditDate());
            }
        }
        return transfer;
    }

    private static String bankName(SpeiParticipant participant) {
        String name = participant.name().replace('|', ' ');
        return name.length() > 40 ? name.substring(0, 40) : name;
    }

    private static Clabe clabe(String field, String value) {
        try {
            return Clabe.parse(value);
        } catch (Clabe.InvalidClabeException e) {
            throw new TransferRejectedException("INVALID_CLABE", 400, field + ": " + e.getMessage()
                    + " (" + e.rejection() + ")");
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || !PRINTABLE.matcher(value).matches()) {
            throw new TransferRejectedException("INVALID_" + field.replaceAll("([A-Z])", "_$1").toUpperCase(), 400,
                    field + " must be 1-" + max + " letters, digits, spaces or simple punctuation");
        }
    }

    private static String transferId(String senderParticipant, LocalDate creditDate, String trackingKey) {
        return senderParticipant + "/" + creditDate + "/" + trackingKey;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // --- HTTP -------------------------------------------------------------------------------------------------

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                // A sandbox bug must still answer something a client can classify, never hang the exchange.
                send(exchange, 500, "text/html; charset=UTF-8", PortalPages.SERVER_ERROR);
            }
        }
    }

    private PortalFault activeFault(boolean consume) {
        synchronized (faultLock) {
            if (fault == null) {
                return null;
            }
            if (faultQueriesLeft > 0) {
                if (consume) {
                    faultQueriesLeft--;
                }
                PortalFault current = fault;
                if (faultQueriesLeft == 0 && consume) {
                    fault = null;
                }
                return current;
            }
            if (clock.instant().isBefore(faultUntil)) {
                return fault;
            }
            fault = null;
            return null;
        }
    }

    private void valida(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain; charset=UTF-8", "POST only");
            return;
        }
        byte[] body = readBounded(exchange);
        if (body == null) {
            send(exchange, 413, "text/plain; charset=UTF-8", "request too large");
            return;
        }
        PortalFault injected = activeFault(true);
        if (injected != null) {
            switch (injected) {
                case NOT_YET_AVAILABLE -> send(exchange, 200, "text/html; charset=UTF-8", PortalPages.NOT_YET_AVAILABLE);
                case THROTTLED -> send(exchange, 200, "text/html; charset=UTF-8", PortalPages.CAPTCHA);
                case SERVER_ERROR -> send(exchange, 500, "text/html; charset=UTF-8", PortalPages.SERVER_ERROR);
            }
            return;
        }
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        Stored stored = find(form);
        if (stored == null) {
            send(exchange, 200, "text/html; charset=UTF-8", PortalPages.NOT_FOUND);
            return;
        }
        if (clock.instant().isBefore(stored.transfer().cepAvailableAt())) {
            send(exchange, 200, "text/html; charset=UTF-8", PortalPages.NOT_YET_AVAILABLE);
            return;
        }
        String session = HexFormat.of().formatHex(randomBytes());
        if (sessions.size() >= MAX_SESSIONS) {
            // Sessions are only needed between a validation and its download; old ones can go.
            sessions.clear();
        }
        sessions.put(session, stored);
        exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + session + "; Path=/cep; HttpOnly");
        send(exchange, 200, "text/html; charset=UTF-8", PortalPages.READY);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    private Stored find(Map<String, String> form) {
        if (!"T".equals(form.get("tipoCriterio"))) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(String.valueOf(form.get("fecha")), PORTAL_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
        Stored stored = transfers.get(transferId(String.valueOf(form.get("emisor")), date,
                String.valueOf(form.get("criterio"))));
        if (stored == null) {
            return null;
        }
        SpeiTransfer t = stored.transfer();
        String amount = String.valueOf(form.get("monto"));
        boolean sameAmount = AMOUNT.matcher(amount).matches() && new BigDecimal(amount).compareTo(t.amount()) == 0;
        boolean same = t.receiverParticipant().equals(form.get("receptor"))
                && t.beneficiaryClabe().equals(form.get("cuenta")) && sameAmount;
        return same ? stored : null;
    }

    private void descarga(HttpExchange exchange) throws IOException {
        PortalFault injected = activeFault(false);
        if (injected == PortalFault.THROTTLED) {
            send(exchange, 200, "text/html; charset=UTF-8", PortalPages.MAX_QUERIES);
            return;
        }
        if (injected == PortalFault.SERVER_ERROR) {
            send(exchange, 500, "text/html; charset=UTF-8", PortalPages.SERVER_ERROR);
            return;
        }
        Stored stored = sessionOf(exchange.getRequestHeaders().getFirst("Cookie"));
        if (stored == null || !"formato=XML".equals(exchange.getRequestURI().getRawQuery())) {
            // What the real portal does when the session holds no validated payment.
            send(exchange, 500, "text/html; charset=UTF-8", PortalPages.SERVER_ERROR);
            return;
        }
        SpeiTransfer t = stored.transfer();
        exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=CEP-"
                + t.operationDate().toString().replace("-", "") + "-" + t.trackingKey() + ".xml");
        send(exchange, 200, "application/xml", stored.receipt());
    }

    private Stored sessionOf(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String cookie : cookieHeader.split(";")) {
            String pair = cookie.strip();
            if (pair.startsWith("JSESSIONID=")) {
                return sessions.get(pair.substring("JSESSIONID=".length()));
            }
        }
        return null;
    }

    private void postTransfer(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendError(exchange, 405, "METHOD_NOT_ALLOWED", "POST only");
            return;
        }
        byte[] body = readBounded(exchange);
        if (body == null) {
            sendError(exchange, 413, "REQUEST_TOO_LARGE", "the body exceeds " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            sendError(exchange, 400, "MALFORMED_JSON", "the body is not JSON");
            return;
        }
        if (request == null || !request.isObject()) {
            sendError(exchange, 400, "MALFORMED_JSON", "the body must be a JSON object");
            return;
        }
        SpeiTransfer t;
        try {
            t = transfer(string(request, "senderClabe"), string(request, "beneficiaryClabe"),
                    string(request, "amount"), string(request, "concept"), string(request, "trackingKey"),
                    orDefault(string(request, "senderName"), "SANDBOX ORDENANTE"),
                    orDefault(string(request, "beneficiaryName"), "SANDBOX BENEFICIARIO"));
        } catch (TransferRejectedException e) {
            sendError(exchange, e.httpStatus(), e.code(), e.getMessage());
            return;
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("trackingKey", t.trackingKey());
        answer.put("creditDate", t.creditDate().toString());
        answer.put("operationDate", t.operationDate().toString());
        answer.put("creditTime", t.creditTime().toString());
        answer.put("senderParticipant", t.senderParticipant());
        answer.put("receiverParticipant", t.receiverParticipant());
        answer.put("senderClabe", t.senderClabe());
        answer.put("beneficiaryClabe", t.beneficiaryClabe());
        answer.put("amount", t.amount().toPlainString());
        answer.put("amountCentavos", t.amountCentavos());
        answer.put("concept", t.concept());
        answer.put("certificateNumber", CERTIFICATE_NUMBER);
        answer.put("cepAvailableAt", t.cepAvailableAt().toString());
        send(exchange, 201, "application/json", json.writeValueAsString(answer));
    }

    private static String string(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new TransferRejectedException("INVALID_" + field.replaceAll("([A-Z])", "_$1").toUpperCase(), 400,
                    field + " must be a string");
        }
        return node.asText();
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode error = json.createObjectNode();
        error.put("error", code);
        error.put("message", message);
        send(exchange, status, "application/json", json.writeValueAsString(error));
    }

    private static byte[] readBounded(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            return body.length > MAX_REQUEST_BYTES ? null : body;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&", 64)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformedEscape) {
                    // A broken %-escape makes that one field absent, and the query then finds nothing.
                }
            }
        }
        return fields;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
