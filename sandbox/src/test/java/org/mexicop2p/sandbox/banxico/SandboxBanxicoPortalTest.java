package org.mexicop2p.sandbox.banxico;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mexicop2p.cep.clabe.Clabe;
import org.mexicop2p.cep.portal.BanxicoPortalClient;
import org.mexicop2p.cep.portal.PortalOutcome;
import org.mexicop2p.cep.portal.PortalQuery;
import org.mexicop2p.cep.portal.PortalResult;
import org.mexicop2p.cep.portal.PortalSettings;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.CreditWindow;
import org.mexicop2p.cep.verify.MatchReason;
import org.mexicop2p.cep.verify.PaymentExpectation;
import org.mexicop2p.cep.verify.Reason;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.VerifyOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox portal over real HTTP, driven by the real portal client and checked by the real verifier. */
class SandboxBanxicoPortalTest {

    private static final String BUYER = "166180026480316602";
    private static final String SELLER = "723969000011000077";
    /** 2024-11-08 16:53:36 UTC = 10:53:36 in Mexico City. */
    private static final Instant START = Instant.parse("2024-11-08T16:53:36Z");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    // One sandbox for the class: generating its RSA key per test would dominate the run. Tests use distinct
    // tracking keys and reset faults and the CEP delay before each.
    private static MutableClock clock;
    private static SandboxBanxicoPortal sandbox;
    private static BanxicoPortalClient client;

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        clock = new MutableClock(START);
        sandbox = new SandboxBanxicoPortal(clock);
        String base = sandbox.start("127.0.0.1", 0);
        assertTrue(base.startsWith("http://127.0.0.1:"), base);
        client = new BanxicoPortalClient(new PortalSettings(sandbox.portalBaseUrl(), Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(5)));
    }

    @BeforeEach
    void reset() {
        sandbox.clearFaults();
        sandbox.setCepDelay(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/spei/transfers"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode transfer(String amount, String trackingKey) throws IOException, InterruptedException {
        HttpResponse<String> response = post("{\"senderClabe\":\"" + BUYER + "\",\"beneficiaryClabe\":\"" + SELLER
                + "\",\"amount\":\"" + amount + "\",\"concept\":\"ORDEN 42\",\"trackingKey\":\"" + trackingKey + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private static PortalQuery queryFor(JsonNode t) {
        return new PortalQuery(LocalDate.parse(t.get("creditDate").asText()), t.get("trackingKey").asText(),
                t.get("senderParticipant").asText(), t.get("receiverParticipant").asText(),
                t.get("beneficiaryClabe").asText(), t.get("amountCentavos").asLong());
    }

    private VerifyOptions sandboxAllowed() {
        return VerifyOptions.production(TrustStore.bundled().with(sandbox.trustedCertificate()))
                .withSandboxAllowed(true);
    }

    @Test
    void aTransferBecomesAVerifiableCepThroughThePortalProtocol() throws Exception {
        Instant now = clock.instant();
        JsonNode t = transfer("1725.00", "MP2P0000000001");

        assertEquals(now.atZone(ZoneId.of("America/Mexico_City")).toLocalDate().toString(),
                t.get("creditDate").asText());
        assertEquals("37166", t.get("senderParticipant").asText());
        assertEquals("90723", t.get("receiverParticipant").asText());
        assertEquals("1725.00", t.get("amount").asText());
        PortalResult result = client.fetch(queryFor(t));
        assertEquals(PortalOutcome.FOUND, result.outcome(), result.detail());

        CepVerification v = CepVerifier.verify(result.receiptXml(), sandboxAllowed().fetchedFromPortal(result));

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertTrue(v.signatureChecked());
        assertEquals(172500, v.facts().amountCentavos());
        assertEquals(SELLER, v.facts().beneficiaryAccount());
        assertEquals(now, v.facts().creditedAt().toInstant());
        CreditWindow window = new CreditWindow(now.minusSeconds(60), now.plusSeconds(60));
        assertEquals(MatchReason.MATCHED,
                PaymentExpectation.of(172500, Clabe.parse(SELLER), window).match(v).reason());
    }

    @Test
    void productionModeRefusesTheSandboxKey() throws Exception {
        PortalResult result = client.fetch(queryFor(transfer("10.50", "MP2P0000000002")));
        TrustStore withSandbox = TrustStore.bundled().with(sandbox.trustedCertificate());

        CepVerification v = CepVerifier.verify(result.receiptXml(), VerifyOptions.production(withSandbox));

        assertEquals(Reason.SANDBOX_CERTIFICATE, v.reason());
    }

    @Test
    void theCepIsNotYetAvailableUntilTheDelayHasPassed() throws Exception {
        sandbox.setCepDelay(Duration.ofMinutes(30));
        PortalQuery query = queryFor(transfer("300.00", "MP2P0000000003"));

        assertEquals(PortalOutcome.NOT_YET_AVAILABLE, client.fetch(query).outcome());
        clock.advance(Duration.ofMinutes(30));
        assertEquals(PortalOutcome.FOUND, client.fetch(query).outcome());
    }

    @Test
    void aQueryThatDiffersInAnyFieldFindsNothing() throws Exception {
        PortalQuery q = queryFor(transfer("300.00", "MP2P0000000004"));

        for (PortalQuery wrong : List.of(
                new PortalQuery(q.creditDate(), q.trackingKey(), q.senderParticipant(), q.receiverParticipant(),
                        q.beneficiaryAccount(), q.amountCentavos() + 1),
                new PortalQuery(q.creditDate().plusDays(1), q.trackingKey(), q.senderParticipant(),
                        q.receiverParticipant(), q.beneficiaryAccount(), q.amountCentavos()),
                new PortalQuery(q.creditDate(), "MP2P0000000005", q.senderParticipant(), q.receiverParticipant(),
                        q.beneficiaryAccount(), q.amountCentavos()),
                new PortalQuery(q.creditDate(), q.trackingKey(), "40012", q.receiverParticipant(),
                        q.beneficiaryAccount(), q.amountCentavos()),
                new PortalQuery(q.creditDate(), q.trackingKey(), q.senderParticipant(), q.receiverParticipant(),
                        "012180004643051249", q.amountCentavos()))) {
            assertEquals(PortalOutcome.NOT_FOUND, client.fetch(wrong).outcome(), wrong.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"NOT_YET_AVAILABLE, NOT_YET_AVAILABLE", "THROTTLED, THROTTLED", "SERVER_ERROR, PORTAL_ERROR"})
    void injectedFaultsLastForTheirQueriesThenTheTruthReturns(PortalFault fault, PortalOutcome seen) throws Exception {
        PortalQuery query = queryFor(transfer("99.99", "MP2PFAULT" + fault.ordinal()));
        sandbox.failNextQueries(fault, 2);

        assertEquals(seen, client.fetch(query).outcome());
        assertEquals(seen, client.fetch(query).outcome());
        assertEquals(PortalOutcome.FOUND, client.fetch(query).outcome());
    }

    @Test
    void faultsCanLastForAWhile() throws Exception {
        PortalQuery query = queryFor(transfer("99.99", "MP2P0000000007"));
        sandbox.failFor(PortalFault.SERVER_ERROR, Duration.ofMinutes(5));

        assertEquals(PortalOutcome.PORTAL_ERROR, client.fetch(query).outcome());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(PortalOutcome.PORTAL_ERROR, client.fetch(query).outcome());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(PortalOutcome.FOUND, client.fetch(query).outcome());
    }

    @Test
    void aDownloadWithoutAValidatedSessionIsThePortals500() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(sandbox.portalBaseUrl() + "/descarga.do?formato=XML")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("Error 500--Internal Server Error"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"senderClabe\":\"166180026480316603\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"1.00\",\"concept\":\"X\"}|400|INVALID_CLABE",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"7239690000110000\",\"amount\":\"1.00\",\"concept\":\"X\"}|400|INVALID_CLABE",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"1,00\",\"concept\":\"X\"}|400|INVALID_AMOUNT",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"0.00\",\"concept\":\"X\"}|400|INVALID_AMOUNT",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":1.00,\"concept\":\"X\"}|400|INVALID_AMOUNT",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"1.00\",\"concept\":\"A\\u007cB\"}|400|INVALID_CONCEPT",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"1.00\"}|400|INVALID_CONCEPT",
            "{\"senderClabe\":\"166180026480316602\",\"beneficiaryClabe\":\"723969000011000077\",\"amount\":\"1.00\",\"concept\":\"X\",\"trackingKey\":\"CON ESPACIO\"}|400|INVALID_TRACKING_KEY",
            "[1,2]|400|MALFORMED_JSON",
            "{\"senderClabe\":|400|MALFORMED_JSON"
    })
    void badTransferRequestsGetATypedErrorAndChangeNothing(String body, int status, String code) throws Exception {
        HttpResponse<String> response = post(body);

        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json.readTree(response.body()).get("error").asText());
    }

    @Test
    void aTrackingKeyIsUsedOncePerSenderAndDay() throws Exception {
        transfer("1.00", "MP2P0000000008");
        HttpResponse<String> again = post("{\"senderClabe\":\"" + BUYER + "\",\"beneficiaryClabe\":\"" + SELLER
                + "\",\"amount\":\"2.00\",\"concept\":\"X\",\"trackingKey\":\"MP2P0000000008\"}");

        assertEquals(409, again.statusCode());
        assertEquals("DUPLICATE_TRACKING_KEY", json.readTree(again.body()).get("error").asText());
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        HttpResponse<String> response = post("{\"concept\":\"" + "x".repeat(20_000) + "\"}");

        assertEquals(413, response.statusCode());
        assertEquals("REQUEST_TOO_LARGE", json.readTree(response.body()).get("error").asText());
    }

    @Test
    void aMissingTrackingKeyIsGenerated() {
        SpeiTransfer t = sandbox.transfer(BUYER, SELLER, "5.00", "SIN CLAVE", null);

        assertTrue(t.trackingKey().matches("SBX\\d{12}"), t.trackingKey());
        assertThrows(TransferRejectedException.class, () -> sandbox.transfer(BUYER, SELLER, "5.00", "X",
                t.trackingKey()));
    }
}
