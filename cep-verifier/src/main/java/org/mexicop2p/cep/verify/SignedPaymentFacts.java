package org.mexicop2p.cep.verify;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.mexicop2p.cep.receipt.CadenaLayout;
import org.mexicop2p.cep.receipt.SignedCadena;

/**
 * The payment as the receiving participant signed it: every value comes from the signed cadena, none from the XML
 * attributes. Placeholders {@code NA} (not applicable) become {@code null}; so the beneficiary of a payment to a
 * participant itself (tipos 4 and 31) is null.
 *
 * @param tipo                     SPEI payment type (field 1, numeric)
 * @param operationDate            SPEI business date (field 2)
 * @param creditDate               calendar date of the credit (field 3)
 * @param creditTime               time of the credit, Mexico City (field 4)
 * @param receivingParticipant     SPEI code of the receiving participant, who signed (field 5)
 * @param senderBank               emitting institution's display name (field 6)
 * @param senderName               ordenante name (field 7)
 * @param senderAccount            ordenante account (field 9)
 * @param beneficiaryName          beneficiary name (field 12)
 * @param beneficiaryAccountType   beneficiary account type, {@code 40} = CLABE (field 13)
 * @param beneficiaryAccount       beneficiary account (field 14)
 * @param concept                  payment concept (field 16)
 * @param amount                   amount in pesos, exact, scale 2 (field 18)
 * @param certificateNumber        the signing certificate's number
 * @param layout                   which cadena layout the receipt uses
 */
public record SignedPaymentFacts(int tipo, LocalDate operationDate, LocalDate creditDate, LocalTime creditTime,
                                 String receivingParticipant, String senderBank, String senderName,
                                 String senderAccount, String beneficiaryName, String beneficiaryAccountType,
                                 String beneficiaryAccount, String concept, BigDecimal amount,
                                 String certificateNumber, CadenaLayout layout) {

    /** Mexico City: the zone of the credit time printed in every CEP. */
    public static final ZoneId CEP_ZONE = ZoneId.of("America/Mexico_City");

    static SignedPaymentFacts of(SignedCadena cadena) {
        return new SignedPaymentFacts(cadena.tipo(), cadena.operationDate(), cadena.creditDate(),
                cadena.creditTime(), cadena.receivingParticipant(), orNull(cadena.field(6)),
                orNull(cadena.field(7)), orNull(cadena.field(9)), orNull(cadena.field(12)), orNull(cadena.field(13)),
                orNull(cadena.field(14)), cadena.field(16), cadena.amount(), cadena.certificateNumber(),
                cadena.layout());
    }

    private static String orNull(String field) {
        return "NA".equals(field) || field.isEmpty() ? null : field;
    }

    /** The amount in integer centavos. */
    public long amountCentavos() {
        return amount.movePointRight(2).longValueExact();
    }

    /** When the beneficiary's account was credited. */
    public ZonedDateTime creditedAt() {
        return ZonedDateTime.of(creditDate, creditTime, CEP_ZONE);
    }
}
