package org.mexicop2p.cep.verify;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mexicop2p.cep.receipt.CepXmlParser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edited, forged, hostile and non-CEP inputs are refused with the right reason, quickly, and without throwing. */
class CepVerifierRejectionTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private static CepVerification verify(String xml) {
        return verify(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static CepVerification verify(byte[] xml) {
        return assertTimeoutPreemptively(BOUND, () -> CepVerifier.verify(xml, Samples.betaAllowed()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "MontoPago;MontoPago=\"3414.95\";MontoPago=\"999999.99\"",
            "Beneficiario Cuenta;Cuenta=\"723969000011000077\";Cuenta=\"012180004643051249\"",
            "Beneficiario Nombre;Nombre=\"Felipe Lopez Hernandez\";Nombre=\"Otro Nombre\"",
            "Ordenante Cuenta;Cuenta=\"166180026480316602\";Cuenta=\"021180043534353354\"",
            "FechaOperacion;FechaOperacion=\"2024-11-08\";FechaOperacion=\"2024-11-09\"",
            "Hora;Hora=\"10:53:36\";Hora=\"10:53:37\"",
            "ClaveSPEI;ClaveSPEI=\"90723\";ClaveSPEI=\"40012\"",
            "Concepto;Concepto=\"CONCEPTO PAGO TIPO 1\";Concepto=\"ORDEN 42\"",
            "TipoCuenta;TipoCuenta=\"40\" Cuenta=\"7239;TipoCuenta=\"3\" Cuenta=\"7239",
            "numeroCertificado;numeroCertificado=\"00000100000100014853\";numeroCertificado=\"00000100000100014854\""
    })
    void anEditedAttributeIsACadenaMismatch(String what, String original, String edited) {
        String xml = Samples.tipo1();
        assertTrue(xml.contains(original), what);

        CepVerification v = verify(xml.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(edited)));

        assertEquals(Reason.CADENA_MISMATCH, v.reason(), v.detail());
        assertEquals(Verdict.INVALID, v.verdict());
    }

    /**
     * The signed account types are re-signed with a test key, so only the XML-vs-cadena comparison decides. cep.md
     * §3.4 allows {@code NA}→{@code -1} on both sides and {@code 06}→{@code 6} on the ordenante's side only.
     */
    @ParameterizedTest(name = "{0} signed {1}, XML {2}: {3}")
    @CsvSource({
            "Ordenante, 06, 6, OK,",
            "Ordenante, NA, -1, OK,",
            "Beneficiario, NA, -1, OK,",
            "Ordenante, 09, 9, CADENA_MISMATCH, Ordenante/@TipoCuenta differs from cadena field 8",
            "Ordenante, 03, 3, CADENA_MISMATCH, Ordenante/@TipoCuenta differs from cadena field 8",
            "Beneficiario, 06, 6, CADENA_MISMATCH, Beneficiario/@TipoCuenta differs from cadena field 13",
            "Beneficiario, 03, 3, CADENA_MISMATCH, Beneficiario/@TipoCuenta differs from cadena field 13",
            "Beneficiario, 40, -1, CADENA_MISMATCH, Beneficiario/@TipoCuenta differs from cadena field 13"
    })
    void onlyTheAccountTypeRewritingsSeenInRealReceiptsAreAccepted(String side, String signedType, String xmlType,
                                                                   Reason expected, String detail) {
        String name = side.equals("Ordenante") ? "Pruebas Bienestar" : "Felipe Lopez Hernandez";
        String xml = Samples.tipo1();
        String signed = Samples.signedPart(xml).replace("|" + name + "|40|", "|" + name + "|" + signedType + "|");
        KeyPair key = Samples.newRsaKey();
        String edited = Samples.resign(xml, signed, key).replace("Nombre=\"" + name + "\" TipoCuenta=\"40\"",
                "Nombre=\"" + name + "\" TipoCuenta=\"" + xmlType + "\"");
        assertNotEquals(xml, edited);
        TrustStore trust = TrustStore.of(List.of(Samples.sandboxEntry(Samples.BETA_CERTIFICATE, key)));

        CepVerification v = CepVerifier.verify(edited.getBytes(StandardCharsets.UTF_8),
                VerifyOptions.production(trust).withSandboxAllowed(true));

        assertEquals(expected, v.reason(), v.detail());
        if (detail != null) {
            assertEquals(detail, v.detail());
        }
    }

    @Test
    void anEditedCadenaBreaksTheSignatureEvenWhenTheAttributesFollow() {
        String xml = Samples.tipo1().replace("|3414.95|", "|3414.96|").replace("MontoPago=\"3414.95\"",
                "MontoPago=\"3414.96\"");

        CepVerification v = verify(xml);

        assertEquals(Reason.BAD_SIGNATURE, v.reason());
        assertEquals(0, v.facts().amount().compareTo(new java.math.BigDecimal("3414.96")),
                "facts show what the forged receipt claims");
    }

    @Test
    void anEditedSelloInBothPlacesIsABadSignature() {
        String xml = Samples.tipo1();
        String cadena = Samples.cadenaOf(xml);
        String sello = cadena.substring(cadena.lastIndexOf("||") + 2);
        String other = (sello.charAt(0) == 'A' ? "B" : "A") + sello.substring(1);

        assertEquals(Reason.BAD_SIGNATURE, verify(xml.replace(sello, other)).reason());
    }

    @Test
    void anEditedSelloAttributeAloneIsACadenaMismatch() {
        String xml = Samples.tipo1();
        String cadena = Samples.cadenaOf(xml);
        String sello = cadena.substring(cadena.lastIndexOf("||") + 2);
        String other = (sello.charAt(0) == 'A' ? "B" : "A") + sello.substring(1);

        assertEquals(Reason.CADENA_MISMATCH, verify(xml.replace("sello=\"" + sello, "sello=\"" + other)).reason());
    }

    @Test
    void aSelloThatIsNotBase64OrHasTheWrongLengthIsABadSignatureOrMalformed() {
        String xml = Samples.tipo1();
        String cadena = Samples.cadenaOf(xml);
        String sello = cadena.substring(cadena.lastIndexOf("||") + 2);

        assertEquals(Reason.BAD_SIGNATURE, verify(xml.replace(sello, "QUJD")).reason());
        assertEquals(Reason.MALFORMED_CADENA, verify(xml.replace(sello, "not*base64")).reason());
    }

    @Test
    void aRefusedSelloLeavesNothingBehindForTheNextReceiptOnTheSameThread() {
        // The verifier keeps its thread's Signature initialised between receipts; a refusal (false or an exception
        // inside the JDK) must not leave bytes or state that changes the next verdict.
        String xml = Samples.tipo1();
        String cadena = Samples.cadenaOf(xml);
        String sello = cadena.substring(cadena.lastIndexOf("||") + 2);
        byte[] valid = xml.getBytes(StandardCharsets.UTF_8);
        byte[] wrongLength = xml.replace(sello, "QUJD").getBytes(StandardCharsets.UTF_8);
        byte[] forged = Samples.resign(xml, Samples.signedPart(xml), Samples.newRsaKey())
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] refused : List.of(wrongLength, forged, wrongLength, forged)) {
            assertEquals(Reason.OK, CepVerifier.verify(valid, Samples.betaAllowed()).reason());
            assertEquals(Reason.BAD_SIGNATURE, CepVerifier.verify(refused, Samples.betaAllowed()).reason());
            assertEquals(Reason.OK, CepVerifier.verify(valid, Samples.betaAllowed()).reason());
        }
    }

    @Test
    void aReceiptReSignedWithAnotherKeyUnderTheBetaNumberIsABadSignature() {
        KeyPair forger = Samples.newRsaKey();
        String xml = Samples.tipo1();
        String forged = Samples.resign(xml, Samples.signedPart(xml), forger);

        assertEquals(Reason.BAD_SIGNATURE, verify(forged).reason());
    }

    @Test
    void theUnsignedTrackingKeyCanChangeButTheReplayKeyCannot() {
        String xml = Samples.tipo1();
        CepVerification original = verify(xml);
        CepVerification editedKey = verify(xml.replace("claveRastreo=\"BiB202411081016248360\"",
                "claveRastreo=\"OTRA0000000000001\""));
        // Same receipt, laid out differently: LF line ends, attributes reordered, extra whitespace.
        CepVerification reformatted = verify(xml.replace("\r\n", "\n")
                .replace("<Beneficiario BancoReceptor=\"Cuenca\" Nombre=", "<Beneficiario   Nombre=")
                .replace("RFC=\"LOHF890619HCSPRL05\"", "RFC=\"LOHF890619HCSPRL05\" BancoReceptor=\"Cuenca\""));

        assertEquals(Reason.OK, original.reason());
        assertEquals(Reason.OK, editedKey.reason(), "claveRastreo is not signed, so editing it is undetectable");
        assertEquals("OTRA0000000000001", editedKey.trackingKey());
        assertEquals(Reason.OK, reformatted.reason(), reformatted.detail());
        assertEquals(original.replayKey(), editedKey.replayKey());
        assertEquals(original.replayKey(), reformatted.replayKey());
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefused() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE SPEI_Tercero [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + Samples.tipo1().substring(Samples.tipo1().indexOf("<SPEI_Tercero"))
                .replace("Nombre=\"Felipe Lopez Hernandez\"", "Nombre=\"&x;\"");

        CepVerification v = verify(xxe);

        assertEquals(Reason.FORBIDDEN_DTD, v.reason());
        assertNull(v.facts());
    }

    @Test
    void entityExpansionIsRefusedBeforeAnythingExpands() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE SPEI_Tercero [\n"
                + "<!ENTITY a0 \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
        for (int i = 1; i <= 20; i++) {
            String ref = ("&a" + (i - 1) + ";").repeat(10);
            dtd.append("<!ENTITY a").append(i).append(" \"").append(ref).append("\">\n");
        }
        dtd.append("]>\n<SPEI_Tercero FechaOperacion=\"&a20;\"/>");

        assertEquals(Reason.FORBIDDEN_DTD, verify(dtd.toString()).reason());
    }

    @Test
    void anUndeclaredEntityIsMalformed() {
        String xml = Samples.tipo1().replace("Nombre=\"Felipe Lopez Hernandez\"", "Nombre=\"&x;\"");

        assertEquals(Reason.MALFORMED_XML, verify(xml).reason());
    }

    @Test
    void everyTruncationIsRejectedAsMalformedOrEmpty() {
        byte[] full = Samples.bytes("beta_2024-11-08_tipo01");
        for (int length = 0; length < full.length - 1; length += 7) {
            CepVerification v = verify(Arrays.copyOf(full, length));
            assertTrue(Set.of(Reason.MALFORMED_XML, Reason.EMPTY).contains(v.reason()),
                    "truncated at " + length + ": " + v.reason());
        }
    }

    @Test
    void aPdfIsNotACep() {
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertEquals(Reason.NOT_A_CEP, verify(pdf).reason());
    }

    @Test
    void anEmptyOrBlankFileIsEmpty() {
        assertEquals(Reason.EMPTY, verify(new byte[0]).reason());
        assertEquals(Reason.EMPTY, verify(" \r\n\t".getBytes(StandardCharsets.US_ASCII)).reason());
    }

    @Test
    void aFiftyMegabyteFileIsTooLargeWithoutBeingParsed() {
        byte[] huge = new byte[50 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '<';

        assertEquals(Reason.TOO_LARGE, verify(huge).reason());
        assertEquals(Reason.TOO_LARGE, verify(new byte[CepXmlParser.MAX_RECEIPT_BYTES + 1]).reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "another root;<SPEI_Tercero ;<Otro ",
            "an extra attribute;claveRastreo=;extra=\"1\" claveRastreo=",
            "a missing attribute;IVA=\"0.00\";''",
            "an extra element;<Ordenante ;<Extra/><Ordenante ",
            "a misspelt child;<Beneficiario ;<Beneficiario2 ",
            "text content;</SPEI_Tercero>;texto</SPEI_Tercero>",
            "a namespace;<SPEI_Tercero ;<SPEI_Tercero xmlns=\"urn:x\" "
    })
    void anythingButTheExactShapeIsNotACep(String what, String original, String edited) {
        String xml = Samples.tipo1();
        assertTrue(xml.contains(original), what);

        CepVerification v = verify(xml.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(edited)));

        assertEquals(Reason.NOT_A_CEP, v.reason(), what);
    }

    @Test
    void swappedChildrenAreNotACep() {
        String xml = Samples.tipo1();
        String beneficiario = xml.substring(xml.indexOf("<Beneficiario"), xml.indexOf("/>") + 2);
        String ordenante = xml.substring(xml.indexOf("<Ordenante"), xml.indexOf("/>", xml.indexOf("<Ordenante")) + 2);
        String swapped = xml.replace(beneficiario, "@B@").replace(ordenante, beneficiario).replace("@B@", ordenante);

        assertEquals(Reason.NOT_A_CEP, verify(swapped).reason());
    }

    @Test
    void aCadenaWithAnUnknownFieldCountIsUnverifiable() {
        String xml = Samples.tipo1().replace("|0.00|NA|NA|NA|NA|", "|0.00|NA|NA|NA|");

        CepVerification v = verify(xml);

        assertEquals(Reason.UNSUPPORTED_LAYOUT, v.reason());
        assertEquals(Verdict.UNVERIFIABLE, v.verdict());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "||1|08112024|;1|08112024|",
            "|3414.95|;|3414.9.5|",
            "|08112024|08112024|105336|;|08112024|31022024|105336|",
            "|105336|;|256161|",
            "|3414.95|;|9999999999999999.00|"
    })
    void aCadenaWithImpossibleSignedFieldsIsMalformed(String original, String edited) {
        String xml = Samples.tipo1();
        assertTrue(xml.contains(original));

        assertEquals(Reason.MALFORMED_CADENA, verify(xml.replace(original, edited)).reason());
    }

    @Test
    void aCertificateForAnotherParticipantOrOutOfValidityIsRefused() {
        TrustedCertificate beta = Samples.betaTrust().find(Samples.BETA_CERTIFICATE).orElseThrow();
        TrustStore otherBank = TrustStore.of(List.of(new TrustedCertificate(beta.certificateNumber(), "40012",
                beta.validFrom(), beta.validUntil(), CertificateKind.BETA, beta.publicKey())));
        TrustStore expired = TrustStore.of(List.of(new TrustedCertificate(beta.certificateNumber(), "90723",
                LocalDate.of(2020, 1, 1), LocalDate.of(2024, 11, 7), CertificateKind.BETA, beta.publicKey())));
        byte[] xml = Samples.bytes("beta_2024-11-08_tipo01");

        assertEquals(Reason.CERTIFICATE_PARTICIPANT_MISMATCH,
                CepVerifier.verify(xml, VerifyOptions.production(otherBank).withBetaAllowed(true)).reason());
        assertEquals(Reason.CERTIFICATE_NOT_VALID_ON_CREDIT_DATE,
                CepVerifier.verify(xml, VerifyOptions.production(expired).withBetaAllowed(true)).reason());
    }

    @Test
    void aSandboxKeyIsRefusedUnlessSandboxIsAllowed() {
        KeyPair key = Samples.newRsaKey();
        String xml = Samples.tipo1();
        String signed = Samples.signedPart(xml).replace(Samples.BETA_CERTIFICATE, "99999900000000000001");
        String resigned = Samples.resign(xml, signed, key).replace("numeroCertificado=\"" + Samples.BETA_CERTIFICATE,
                "numeroCertificado=\"99999900000000000001");
        TrustStore trust = Samples.betaTrust().with(Samples.sandboxEntry("99999900000000000001", key));
        byte[] bytes = resigned.getBytes(StandardCharsets.UTF_8);

        CepVerification refused = CepVerifier.verify(bytes, VerifyOptions.production(trust));
        CepVerification allowed = CepVerifier.verify(bytes, VerifyOptions.production(trust).withSandboxAllowed(true));

        assertEquals(Reason.SANDBOX_CERTIFICATE, refused.reason());
        assertEquals(Reason.OK, allowed.reason(), allowed.detail());
        assertNotEquals(CepVerifier.verify(Samples.bytes("beta_2024-11-08_tipo01"), Samples.betaAllowed()).replayKey(),
                allowed.replayKey(), "another certificate number is another signed cadena");
    }
}
