package org.mexicop2p.cep.verify;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mexicop2p.cep.clabe.Clabe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Matching a VALID receipt against what an order expects, on signed facts only. */
class PaymentExpectationTest {

    private static final Clabe CUENCA = Clabe.parse("723969000011000077");
    /** The tipo-1 sample was credited 2024-11-08 10:53:36 Mexico City time (UTC-6). */
    private static final Instant CREDITED = ZonedDateTime.parse("2024-11-08T10:53:36-06:00").toInstant();
    private static final CreditWindow AROUND = new CreditWindow(CREDITED.minusSeconds(3600), CREDITED.plusSeconds(60));

    private static CepVerification tipo1() {
        return CepVerifier.verify(Samples.bytes("beta_2024-11-08_tipo01"), Samples.betaAllowed());
    }

    @Test
    void theExactPaymentMatches() {
        MatchResult result = PaymentExpectation.of(341495, CUENCA, AROUND).match(tipo1());

        assertEquals(MatchReason.MATCHED, result.reason(), result.detail());
    }

    @Test
    void oneCentavoMoreOrLessIsAnAmountMismatch() {
        assertEquals(MatchReason.AMOUNT_MISMATCH, PaymentExpectation.of(341496, CUENCA, AROUND).match(tipo1()).reason());
        assertEquals(MatchReason.AMOUNT_MISMATCH, PaymentExpectation.of(341494, CUENCA, AROUND).match(tipo1()).reason());
    }

    @Test
    void anotherClabeIsABeneficiaryMismatch() {
        MatchResult result = PaymentExpectation.of(341495, Clabe.parse("012180004643051249"), AROUND).match(tipo1());

        assertEquals(MatchReason.BENEFICIARY_MISMATCH, result.reason());
    }

    @Test
    void aCreditOutsideTheWindowIsRefused() {
        CreditWindow before = new CreditWindow(CREDITED.minusSeconds(7200), CREDITED.minusSeconds(1));
        CreditWindow after = new CreditWindow(CREDITED.plusSeconds(1), CREDITED.plusSeconds(7200));
        CreditWindow exact = new CreditWindow(CREDITED, CREDITED);

        assertEquals(MatchReason.OUTSIDE_WINDOW, PaymentExpectation.of(341495, CUENCA, before).match(tipo1()).reason());
        assertEquals(MatchReason.OUTSIDE_WINDOW, PaymentExpectation.of(341495, CUENCA, after).match(tipo1()).reason());
        assertEquals(MatchReason.MATCHED, PaymentExpectation.of(341495, CUENCA, exact).match(tipo1()).reason());
    }

    @Test
    void theEveningPaymentUsesItsCreditDateNotItsOperationDate() {
        // Tipo 12: operation date 2024-11-08, credited 2024-11-07 18:02:30 Mexico City.
        CepVerification v = CepVerifier.verify(Samples.bytes("beta_2024-11-08_tipo12"), Samples.betaAllowed());
        Instant credited = ZonedDateTime.parse("2024-11-07T18:02:30-06:00").toInstant();

        assertEquals(MatchReason.MATCHED, PaymentExpectation.of(125, CUENCA,
                new CreditWindow(credited, credited.plusSeconds(1))).match(v).reason());
    }

    @Test
    void aPaymentToTheParticipantItselfIsNotAThirdPartyPayment() {
        KeyPair key = Samples.newRsaKey();
        String xml = Samples.tipo1();
        String signed = Samples.signedPart(xml).replace("||1|", "||4|");
        TrustStore trust = TrustStore.of(List.of(Samples.sandboxEntry(Samples.BETA_CERTIFICATE, key)));
        CepVerification v = CepVerifier.verify(Samples.resign(xml, signed, key).getBytes(StandardCharsets.UTF_8),
                VerifyOptions.production(trust).withSandboxAllowed(true));

        assertEquals(Reason.OK, v.reason(), v.detail());
        assertEquals(MatchReason.NOT_A_THIRD_PARTY_PAYMENT,
                PaymentExpectation.of(341495, CUENCA, AROUND).match(v).reason());
    }

    @Test
    void aReceiptThatIsNotValidNeverMatches() {
        CepVerification refused = CepVerifier.verify(Samples.bytes("beta_2024-11-08_tipo01"),
                VerifyOptions.production(Samples.betaTrust()));

        assertEquals(MatchReason.RECEIPT_NOT_VALID, PaymentExpectation.of(341495, CUENCA, AROUND).match(refused).reason());
    }

    @Test
    void expectationsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> PaymentExpectation.of(0, CUENCA, AROUND));
        assertThrows(IllegalArgumentException.class, () -> PaymentExpectation.of(-5, CUENCA, AROUND));
        assertThrows(IllegalArgumentException.class, () -> PaymentExpectation.of(100, CUENCA, null));
        assertThrows(IllegalArgumentException.class, () -> PaymentExpectation.partial(null, null));
        assertThrows(IllegalArgumentException.class, () -> new CreditWindow(CREDITED, CREDITED.minusSeconds(1)));
    }
}
