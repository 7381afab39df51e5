package org.mexicop2p.cep.portal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mexicop2p.cep.receipt.CepIssuer;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.Reason;
import org.mexicop2p.cep.verify.Samples;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.Verdict;
import org.mexicop2p.cep.verify.VerifyOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The portal client against a local server answering with the real recorded portal pages. */
class BanxicoPortalClientTest {

    /** The tipo-1 beta payment, as cep-python's test queried it. */
    private static final PortalQuery TIPO_1 = new PortalQuery(LocalDate.of(2024, 11, 8), "BiB202411081016248360",
            "37166", "90723", "723969000011000077", 341495);

    private RecordedPortal portal;

    @BeforeEach
    void start() throws IOException {
        portal = new RecordedPortal();
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    private BanxicoPortalClient client(Duration interval, Duration cooldown, Duration timeout) {
        return new BanxicoPortalClient(new PortalSettings(portal.baseUrl(), interval, cooldown, timeout));
    }

    private BanxicoPortalClient client() {
        return client(Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(5));
    }

    @Test
    void aValidatedQueryDownloadsTheReceiptInTheSameSession() {
        byte[] xml = Samples.bytes("beta_2024-11-08_tipo01");
        portal.serving(xml);

        PortalResult result = client().fetch(TIPO_1);

        assertEquals(PortalOutcome.FOUND, result.outcome(), result.detail());
        assertArrayEquals(xml, result.receiptXml());
        assertEquals(2, portal.seen().size());
        assertEquals("tipoCriterio=T&fecha=08-11-2024&criterio=BiB202411081016248360&emisor=37166&receptor=90723"
                + "&cuenta=723969000011000077&receptorParticipante=0&monto=3414.95&captcha=c&tipoConsulta=1",
                portal.seen().get(0).body());
        String cookie = portal.seen().get(1).cookie();
        assertNotNull(cookie);
        assertTrue(cookie.contains("JSESSIONID="), cookie);
    }

    @Test
    void aFetchedReceiptCarriesTheTrackingKeyOfOurOwnQuery() {
        portal.serving(Samples.bytes("beta_2024-11-08_tipo01"));
        PortalResult result = client().fetch(TIPO_1);
        VerifyOptions fetched = VerifyOptions.production(TrustStore.bundled()).withBetaAllowed(true)
                .fetchedFromPortal(result);

        CepVerification v = CepVerifier.verify(result.receiptXml(), fetched);

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertTrue(v.trackingKeyTrusted());
        assertEquals("BiB202411081016248360", v.trackingKey());
    }

    @Test
    void aFetchedReceiptForAnotherTrackingKeyIsRefused() {
        PortalQuery other = new PortalQuery(LocalDate.of(2024, 11, 8), "OTRACLAVE123", "37166", "90723",
                "723969000011000077", 341495);
        portal.serving(Samples.bytes("beta_2024-11-08_tipo01"));
        PortalResult result = client().fetch(other);
        VerifyOptions fetched = VerifyOptions.production(TrustStore.bundled()).withBetaAllowed(true)
                .fetchedFromPortal(result);

        assertEquals(Reason.TRACKING_KEY_MISMATCH, CepVerifier.verify(result.receiptXml(), fetched).reason());
    }

    @Test
    void anUnknownCertificateIsAcceptedOnlyForAReceiptWeFetchedOurselvesOverHttps() {
        byte[] prod = Samples.bytes("prod_2019-04-12");
        PortalQuery query = new PortalQuery(LocalDate.of(2019, 4, 12), "CUENCA1555093850", "90646", "40012",
                "012180004643051249", 817);
        VerifyOptions production = VerifyOptions.production(TrustStore.bundled());

        CepVerification upload = CepVerifier.verify(prod, production);
        CepVerification overHttp = CepVerifier.verify(prod,
                production.fetchedFromPortal(PortalResult.found(query, prod, false)));
        CepVerification overHttps = CepVerifier.verify(prod,
                production.fetchedFromPortal(PortalResult.found(query, prod, true)));

        assertEquals(Reason.UNKNOWN_CERTIFICATE, upload.reason());
        assertEquals("certificate 00001000000402531402 is not in the trust store", upload.detail());
        assertEquals(Reason.UNKNOWN_CERTIFICATE, overHttp.reason());
        assertEquals(Reason.OK, overHttps.reason(), overHttps.detail());
        assertEquals(false, overHttps.signatureChecked());
        assertTrue(overHttps.trackingKeyTrusted());
    }

    /** A receipt for {@link #TIPO_1}'s payment, signed by a fresh key under a certificate no trust store knows. */
    private static byte[] forgedReceipt() {
        return new CepIssuer("00001000000499999999", Samples.newRsaKey().getPrivate()).issue(new CepIssuer.Payment(1,
                LocalDate.of(2024, 11, 8), LocalDate.of(2024, 11, 8), LocalTime.of(10, 53, 36), "90723", "BaBien",
                "ORDENANTE", "166180026480316602", "ND", "Cuenca", "BENEFICIARIO", "723969000011000077", "ND",
                "PAGO", new BigDecimal("3414.95"), "BiB202411081016248360"));
    }

    @Test
    void aForgedReceiptServedOverPlainHttpIsUnverifiable() {
        portal.serving(forgedReceipt());
        PortalResult result = client().fetch(TIPO_1);
        assertEquals(PortalOutcome.FOUND, result.outcome(), result.detail());
        assertFalse(result.fetchedOverHttps());
        VerifyOptions production = VerifyOptions.production(TrustStore.bundled());

        CepVerification v = CepVerifier.verify(result.receiptXml(), production.fetchedFromPortal(result));
        CepVerification ifOverHttps = CepVerifier.verify(result.receiptXml(), production.fetchedFromPortal(
                PortalResult.found(result.query(), result.receiptXml(), true)));

        assertEquals(Reason.UNKNOWN_CERTIFICATE, v.reason(), v.detail());
        assertEquals(Verdict.UNVERIFIABLE, v.verdict());
        assertEquals("certificate 00001000000499999999 is not in the trust store, and the receipt was fetched over "
                + "plain http, which vouches for nothing", v.detail());
        assertEquals(Reason.OK, ifOverHttps.reason(), "over HTTPS the portal connection would be the anchor");
        assertFalse(ifOverHttps.signatureChecked());
    }

    @ParameterizedTest
    @CsvSource({
            "valida_liquidado_sin_cep.html, NOT_YET_AVAILABLE",
            "valida_operacion_no_encontrada.html, NOT_FOUND",
            "valida_pago_no_encontrado_BE.html, NOT_FOUND",
            "valida_captcha_incorrecto.html, THROTTLED",
            "descarga_maximo_consultas.html, THROTTLED",
            "descarga_http500.html, PORTAL_ERROR"
    })
    void everyRecordedValidationPageHasItsOutcome(String page, PortalOutcome expected) {
        portal.answeringValida(page, 200).serving(Samples.bytes("beta_2024-11-08_tipo01"));

        PortalResult result = client().fetch(TIPO_1);

        assertEquals(expected, result.outcome(), result.detail());
        assertEquals(1, portal.seen().size(), "no download is attempted after a refusal");
        assertThrows(IllegalStateException.class, result::receiptXml);
    }

    @Test
    void http500IsAPortalError() {
        portal.answeringValida("descarga_http500.html", 500);

        assertEquals(PortalOutcome.PORTAL_ERROR, client().fetch(TIPO_1).outcome());
    }

    @Test
    void aDownloadWithoutAValidatedSessionIsThePortals500() {
        portal.serving(null);

        PortalResult result = client().fetch(TIPO_1);

        assertEquals(PortalOutcome.PORTAL_ERROR, result.outcome());
        assertTrue(result.detail().contains("500"), result.detail());
    }

    @Test
    void theMaxQueriesPageOnDownloadIsThrottled() {
        portal.answeringDescarga("descarga_maximo_consultas.html");

        assertEquals(PortalOutcome.THROTTLED, client().fetch(TIPO_1).outcome());
    }

    @Test
    void afterThrottlingTheClientBacksOffWithoutAskingThePortal() {
        portal.answeringValida("valida_captcha_incorrecto.html", 200);
        BanxicoPortalClient client = client();

        assertEquals(PortalOutcome.THROTTLED, client.fetch(TIPO_1).outcome());
        portal.answeringValida("valida_ok_download_links.html", 200).serving(Samples.bytes("beta_2024-11-08_tipo01"));
        PortalResult during = client.fetch(TIPO_1);

        assertEquals(PortalOutcome.THROTTLED, during.outcome());
        assertTrue(during.detail().contains("backing off"), during.detail());
        assertEquals(1, portal.seen().size(), "the cool-down sent nothing to the portal");
    }

    @Test
    void queriesAreSpacedByTheMinimumInterval() {
        portal.serving(Samples.bytes("beta_2024-11-08_tipo01"));
        BanxicoPortalClient client = client(Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(5));

        client.fetch(TIPO_1);
        client.fetch(TIPO_1);

        long firstDownload = portal.seen().get(1).atNanos();
        long secondValidation = portal.seen().get(2).atNanos();
        assertTrue(secondValidation - firstDownload >= Duration.ofMillis(300).toNanos(),
                "second query came " + (secondValidation - firstDownload) / 1_000_000 + " ms after the first");
    }

    @Test
    void aSlowPortalIsAPortalErrorAfterTheTimeout() {
        portal.delayingEveryAnswer(2_000);

        PortalResult result = client(Duration.ZERO, Duration.ZERO, Duration.ofMillis(300)).fetch(TIPO_1);

        assertEquals(PortalOutcome.PORTAL_ERROR, result.outcome());
        assertTrue(result.detail().contains("timed out"), result.detail());
    }

    @Test
    void aPortalThatStallsMidBodyIsAPortalErrorAfterTheTimeoutAndDoesNotBlockTheNextFetch() throws Exception {
        portal.stallingNextValidaAfter(200).serving(Samples.bytes("beta_2024-11-08_tipo01"));
        BanxicoPortalClient client = client(Duration.ZERO, Duration.ZERO, Duration.ofMillis(500));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            Future<PortalResult> stalled = callers.submit(() -> client.fetch(TIPO_1));
            assertTrue(portal.awaitStall(5_000), "the portal started its answer");
            Future<PortalResult> next = callers.submit(() -> client.fetch(TIPO_1));

            PortalResult timedOut = stalled.get(5, TimeUnit.SECONDS);
            long elapsed_ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            PortalResult found = next.get(5, TimeUnit.SECONDS);

            assertEquals(PortalOutcome.PORTAL_ERROR, timedOut.outcome(), timedOut.detail());
            assertEquals("valida.do timed out", timedOut.detail());
            assertTrue(elapsed_ms < 3_000, "the stalled fetch took " + elapsed_ms + " ms with a 500 ms timeout");
            assertEquals(PortalOutcome.FOUND, found.outcome(), found.detail());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anAnswerLargerThanTheCapIsAPortalError() {
        byte[] huge = new byte[BanxicoPortalClient.MAX_BODY_BYTES + 1];
        byte[] head = Samples.bytes("beta_2024-11-08_tipo01");
        System.arraycopy(head, 0, huge, 0, head.length);
        portal.serving(huge);

        PortalResult result = client().fetch(TIPO_1);

        assertEquals(PortalOutcome.PORTAL_ERROR, result.outcome());
        assertEquals("descarga.do failed: IOException", result.detail());
    }

    @Test
    void aRedirectIsNotFollowed() throws IOException {
        try (RecordedPortal elsewhere = new RecordedPortal()) {
            elsewhere.serving(Samples.bytes("beta_2024-11-08_tipo01"));
            portal.redirectingValidaTo(URI.create(elsewhere.baseUrl() + "/valida.do"));

            PortalResult result = client().fetch(TIPO_1);

            assertEquals(PortalOutcome.PORTAL_ERROR, result.outcome());
            assertEquals("valida.do answered HTTP 307", result.detail());
            assertEquals(0, elsewhere.seen().size(), "nothing was sent to the redirect's target");
        }
    }

    @Test
    void anUnreachablePortalIsAPortalError() {
        URI base = portal.baseUrl();
        portal.close();

        PortalResult result = new BanxicoPortalClient(new PortalSettings(base, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(2))).fetch(TIPO_1);

        assertEquals(PortalOutcome.PORTAL_ERROR, result.outcome());
    }

    @Test
    void queriesAreValidatedBeforeAnythingIsSent() {
        LocalDate day = LocalDate.of(2024, 11, 8);
        assertThrows(IllegalArgumentException.class, () -> new PortalQuery(day, "clave con espacios", "37166",
                "90723", "723969000011000077", 100));
        assertThrows(IllegalArgumentException.class, () -> new PortalQuery(day, "A".repeat(31), "37166", "90723",
                "723969000011000077", 100));
        assertThrows(IllegalArgumentException.class, () -> new PortalQuery(day, "ABC", "371", "90723",
                "723969000011000077", 100));
        assertThrows(IllegalArgumentException.class, () -> new PortalQuery(day, "ABC", "37166", "90723",
                "7239690000110000", 0));
        assertEquals("300", new PortalQuery(day, "ABC", "37166", "90723", "723969000011000077", 30000).portalAmount());
        assertEquals("9858.7", new PortalQuery(day, "ABC", "37166", "90723", "723969000011000077", 985870)
                .portalAmount());
    }
}
