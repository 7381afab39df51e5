package org.mexicop2p.cep.receipt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.Reason;
import org.mexicop2p.cep.verify.Samples;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.VerifyOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receipts written by the issuer (sandbox, benchmark) have Banxico's shape and verify, escapes and accents included. */
class CepIssuerTest {

    private static final String CERTIFICATE = "99999900000000000042";

    private static CepIssuer.Payment payment(String beneficiaryName, String concept, String amount) {
        return new CepIssuer.Payment(1, LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 1), LocalTime.of(23, 59, 58),
                "90723", "BaBien", "ORDENANTE", "166180026480316602", "ND", "Cuenca", beneficiaryName,
                "723969000011000077", "ND", concept, new BigDecimal(amount), "ABC123");
    }

    @Test
    void anIssuedReceiptWithEscapesAndAccentsVerifiesAndDecodesExactly() {
        KeyPair key = Samples.newRsaKey();
        byte[] xml = new CepIssuer(CERTIFICATE, key.getPrivate())
                .issue(payment("PEÑA & HIJOS \"<LA ÚNICA>\"", "ORDEN Nº 42 ÁÉÍÓÚ", "1725.5"));
        VerifyOptions options = VerifyOptions.production(TrustStore.of(List.of(Samples.sandboxEntry(CERTIFICATE, key))))
                .withSandboxAllowed(true);

        CepVerification v = CepVerifier.verify(xml, options);

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertEquals("PEÑA & HIJOS \"<LA ÚNICA>\"", v.facts().beneficiaryName());
        assertEquals("ORDEN Nº 42 ÁÉÍÓÚ", v.facts().concept());
        assertEquals(172550, v.facts().amountCentavos());
        assertEquals(LocalDate.of(2025, 3, 1), v.facts().creditDate());
        assertEquals(CadenaLayout.REMITTANCE_42, v.facts().layout());
        String text = new String(xml, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<SPEI_Tercero FechaOperacion="));
        assertTrue(text.contains("PEÑA &amp; HIJOS &quot;&lt;LA ÚNICA&gt;&quot;"));
    }

    @Test
    void fieldsThatWouldBreakTheCadenaAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> payment("A|B", "X", "1.00"));
        assertThrows(IllegalArgumentException.class, () -> payment("", "X", "1.00"));
        assertThrows(IllegalArgumentException.class, () -> payment("A", "X", "1.001"));
        assertThrows(IllegalArgumentException.class, () -> payment("A", "X".repeat(121), "1.00"));
        assertThrows(IllegalArgumentException.class, () -> new CepIssuer("123", Samples.newRsaKey().getPrivate()));
    }
}
