package org.mexicop2p.cep.verify;

import java.util.Set;
import org.mexicop2p.cep.clabe.Clabe;

/**
 * What an order expects to be paid: this many centavos into this CLABE, credited within this window. Compared only
 * with signed facts of a VALID receipt (cep.md §8 step 5). The settlement engine always sets all three
 * ({@link #of}); auditors may check only some ({@link #partial}), a null part being not checked.
 *
 * @param amountCentavos    the exact amount in centavos (1 … 10^17), or null
 * @param beneficiaryClabe  the CLABE the buyer was told to pay, or null
 * @param creditWindow      when the credit must have happened, or null
 */
public record PaymentExpectation(Long amountCentavos, Clabe beneficiaryClabe, CreditWindow creditWindow) {

    /** SPEI tipos that credit a third party's account (cep.md §2.4); 4 and 31 pay the participant itself. */
    public static final Set<Integer> THIRD_PARTY_TIPOS = Set.of(1, 3, 5, 6, 8, 9, 10, 11, 12, 30, 35, 36);
    /** Account type code of a CLABE in the cadena. */
    private static final String CLABE_ACCOUNT_TYPE = "40";
    private static final long MAX_CENTAVOS = 100_000_000_000_000_000L;

    public PaymentExpectation {
        if (amountCentavos != null && (amountCentavos <= 0 || amountCentavos > MAX_CENTAVOS)) {
            throw new IllegalArgumentException("expected amount must be 1.." + MAX_CENTAVOS + " centavos");
        }
        if (amountCentavos == null && beneficiaryClabe == null && creditWindow == null) {
            throw new IllegalArgumentException("an expectation needs at least one thing to check");
        }
    }

    /** The full expectation of an order: amount, CLABE and credit window are all required. */
    public static PaymentExpectation of(long amountCentavos, Clabe beneficiaryClabe, CreditWindow creditWindow) {
        if (beneficiaryClabe == null || creditWindow == null) {
            throw new IllegalArgumentException("an order's expectation needs its CLABE and its credit window");
        }
        return new PaymentExpectation(amountCentavos, beneficiaryClabe, creditWindow);
    }

    /** An audit check of only the given parts (nulls are skipped). */
    public static PaymentExpectation partial(Long amountCentavos, Clabe beneficiaryClabe) {
        return new PaymentExpectation(amountCentavos, beneficiaryClabe, null);
    }

    /** Matches a verification result against this expectation; never throws for any verification. */
    public MatchResult match(CepVerification verification) {
        if (!verification.isValid()) {
            return new MatchResult(MatchReason.RECEIPT_NOT_VALID,
                    "the receipt is " + verification.verdict() + " (" + verification.reason() + ")");
        }
        SignedPaymentFacts facts = verification.facts();
        if (!THIRD_PARTY_TIPOS.contains(facts.tipo()) || facts.beneficiaryAccount() == null
                || !CLABE_ACCOUNT_TYPE.equals(facts.beneficiaryAccountType())) {
            return new MatchResult(MatchReason.NOT_A_THIRD_PARTY_PAYMENT,
                    "tipo " + facts.tipo() + " with account type " + facts.beneficiaryAccountType()
                            + " is not a credit to a third party's CLABE");
        }
        if (beneficiaryClabe != null) {
            if (!beneficiaryClabe.digits().equals(facts.beneficiaryAccount())) {
                return new MatchResult(MatchReason.BENEFICIARY_MISMATCH, "credited account "
                        + facts.beneficiaryAccount() + ", expected " + beneficiaryClabe.digits());
            }
            if (!beneficiaryClabe.participant().speiCode().equals(facts.receivingParticipant())) {
                return new MatchResult(MatchReason.BENEFICIARY_MISMATCH, "receiving participant "
                        + facts.receivingParticipant() + " does not hold CLABE " + beneficiaryClabe.digits());
            }
        }
        if (amountCentavos != null && facts.amountCentavos() != amountCentavos) {
            return new MatchResult(MatchReason.AMOUNT_MISMATCH, "credited " + facts.amountCentavos()
                    + " centavos, expected " + amountCentavos);
        }
        if (creditWindow != null && !creditWindow.contains(facts.creditedAt().toInstant())) {
            return new MatchResult(MatchReason.OUTSIDE_WINDOW, "credited at " + facts.creditedAt()
                    + ", outside " + creditWindow.notBefore() + " .. " + creditWindow.notAfter());
        }
        return new MatchResult(MatchReason.MATCHED, "matches the expected payment");
    }
}
