package org.mexicop2p.cep.verify;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mexicop2p.cep.receipt.CadenaLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real receipt in ../shared/data/cep/samples gives the right verdict and the right signed facts. */
class CepVerifierSamplesTest {

    @ParameterizedTest
    @CsvSource({
            "beta_2024-11-08_tipo01, 1, 2024-11-08, 2024-11-08, 10:53:36, 3414.95, BaBien, Pruebas Bienestar, 166180026480316602",
            "beta_2024-11-08_tipo03, 3, 2024-11-08, 2024-11-08, 10:54:14, 10802.62, BaBien, Pruebas Bienestar, 166180026480316602",
            "beta_2024-11-08_tipo05, 5, 2024-11-08, 2024-11-08, 11:27:06, 27529.89, HSBC, , ",
            "beta_2024-11-08_tipo08, 8, 2024-11-08, 2024-11-08, 10:55:10, 28523.96, MIFEL, BANCA MIFEL, 042180016002869580",
            "beta_2024-11-08_tipo10, 10, 2024-11-08, 2024-11-08, 10:34:45, 20912.98, MIFEL, , ",
            "beta_2024-11-08_tipo12, 12, 2024-11-08, 2024-11-07, 18:02:30, 1.25, BANXICO, Aplicaion generadora Pruebas EPRU D11257, 723969000011000077",
            "beta_2024-11-08_tipo30, 30, 2024-11-08, 2024-11-08, 10:54:20, 25208.26, BaBien, Pruebas Bienestar, 166180026480316602",
            "beta_2024-11-08_tipo35, 35, 2024-11-08, 2024-11-08, 11:52:59, 13887.70, AFIRME, TANIA ELIZONDO REYES, 062580001010001417"
    })
    void betaSamplesAreValidWhenBetaIsAllowed(String prefix, int tipo, LocalDate operationDate, LocalDate creditDate,
                                              LocalTime creditTime, BigDecimal amount, String senderBank,
                                              String senderName, String senderAccount) {
        CepVerification v = CepVerifier.verify(Samples.bytes(prefix), Samples.betaAllowed());

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertEquals(Verdict.VALID, v.verdict());
        assertTrue(v.signatureChecked());
        SignedPaymentFacts f = v.facts();
        assertEquals(tipo, f.tipo());
        assertEquals(operationDate, f.operationDate());
        assertEquals(creditDate, f.creditDate());
        assertEquals(creditTime, f.creditTime());
        assertEquals("90723", f.receivingParticipant());
        assertEquals(senderBank, f.senderBank());
        assertEquals(senderName, f.senderName());
        assertEquals(senderAccount, f.senderAccount());
        assertEquals("Felipe Lopez Hernandez", f.beneficiaryName());
        assertEquals("723969000011000077", f.beneficiaryAccount());
        assertEquals(amount, f.amount());
        assertEquals(2, f.amount().scale());
        assertEquals(Samples.BETA_CERTIFICATE, f.certificateNumber());
        assertEquals(CadenaLayout.REMITTANCE_42, f.layout());
        assertEquals(64, v.replayKey().length());
        assertFalse(v.trackingKeyTrusted(), "a tracking key read from a file is never trusted");
    }

    @ParameterizedTest
    @MethodSource("org.mexicop2p.cep.verify.Samples#betaPrefixes")
    void betaSamplesAreRefusedInProductionMode(String prefix) {
        CepVerification v = CepVerifier.verify(Samples.bytes(prefix), VerifyOptions.production(Samples.betaTrust()));

        assertEquals(Reason.BETA_CERTIFICATE, v.reason());
        assertEquals(Verdict.INVALID, v.verdict());
        assertFalse(v.signatureChecked());
    }

    @Test
    void productionSampleDecodesButIsUnverifiableWithoutItsCertificate() {
        CepVerification v = CepVerifier.verify(Samples.bytes("prod_2019-04-12"), Samples.betaAllowed());

        assertEquals(Reason.UNKNOWN_CERTIFICATE, v.reason());
        assertEquals(Verdict.UNVERIFIABLE, v.verdict());
        SignedPaymentFacts f = v.facts();
        assertEquals(1, f.tipo(), "BBVA pads tipo as 01");
        assertEquals(new BigDecimal("8.17"), f.amount(), "BBVA pads the amount to 18 characters");
        assertEquals(817, f.amountCentavos());
        assertEquals("40012", f.receivingParticipant());
        assertEquals("012180004643051249", f.beneficiaryAccount());
        assertEquals("00001000000402531402", f.certificateNumber());
        assertEquals(CadenaLayout.CORE_18, f.layout());
    }

    @Test
    void productionSampleDoesNotVerifyWithTheBetaKeyEvenIfPinnedUnderItsNumber() {
        TrustedCertificate beta = Samples.betaTrust().find(Samples.BETA_CERTIFICATE).orElseThrow();
        TrustStore wrong = TrustStore.of(java.util.List.of(new TrustedCertificate("00001000000402531402", "40012",
                LocalDate.of(2019, 1, 1), LocalDate.of(2020, 1, 1), CertificateKind.PRODUCTION, beta.publicKey())));

        CepVerification v = CepVerifier.verify(Samples.bytes("prod_2019-04-12"), VerifyOptions.production(wrong));

        assertEquals(Reason.BAD_SIGNATURE, v.reason());
    }

    @Test
    void everySampleHasItsOwnReplayKey() {
        Set<String> keys = new HashSet<>();
        for (String prefix : Samples.betaPrefixes()) {
            keys.add(CepVerifier.verify(Samples.bytes(prefix), Samples.betaAllowed()).replayKey());
        }
        keys.add(CepVerifier.verify(Samples.bytes("prod_"), Samples.betaAllowed()).replayKey());
        assertEquals(9, keys.size());
    }

    @Test
    void paymentsToAParticipantHaveNoBeneficiary() {
        // Tipo 31 credits the participant itself: beneficiary fields are NA in the cadena, -1 for the XML type.
        var key = Samples.newRsaKey();
        String xml = Samples.tipo1();
        String signed = Samples.signedPart(xml).replace("||1|", "||31|")
                .replace("|Cuenca|Felipe Lopez Hernandez|40|723969000011000077|LOHF890619HCSPRL05|",
                        "|Cuenca|NA|NA|NA|NA|");
        String edited = Samples.resign(xml, signed, key)
                .replace("Nombre=\"Felipe Lopez Hernandez\" TipoCuenta=\"40\" Cuenta=\"723969000011000077\" "
                        + "RFC=\"LOHF890619HCSPRL05\"", "Nombre=\"NA\" TipoCuenta=\"-1\" Cuenta=\"NA\" RFC=\"NA\"");
        TrustStore trust = TrustStore.of(java.util.List.of(Samples.sandboxEntry(Samples.BETA_CERTIFICATE, key)));

        CepVerification v = CepVerifier.verify(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                VerifyOptions.production(trust).withSandboxAllowed(true));

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertEquals(31, v.facts().tipo());
        assertNull(v.facts().beneficiaryName());
        assertNull(v.facts().beneficiaryAccount());
    }
}
