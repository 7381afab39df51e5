package org.mexicop2p.cep.portal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies one SPEI payment on Banxico's CEP portal (cep.md §4.3). Validated on construction, so a query
 * that exists is one the portal can be asked.
 *
 * @param creditDate           calendar date of the credit (cadena field 3), not the SPEI operation date
 * @param trackingKey          the clave de rastreo, 1–30 letters and digits
 * @param senderParticipant    SPEI code of the sending participant (e.g. {@code 40012}; {@code 2001} for Banxico)
 * @param receiverParticipant  SPEI code of the receiving participant
 * @param beneficiaryAccount   the credited account (CLABE, 18 digits; 10–18 digits for cards and phones)
 * @param amountCentavos       the amount, in centavos
 */
public record PortalQuery(LocalDate creditDate, String trackingKey, String senderParticipant,
                          String receiverParticipant, String beneficiaryAccount, long amountCentavos) {

    private static final Pattern TRACKING_KEY = Pattern.compile("[A-Za-z0-9]{1,30}");
    private static final Pattern PARTICIPANT = Pattern.compile("\\d{4,5}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{10,18}");
    private static final long MAX_CENTAVOS = 1_000_000_000_000_000L;
    private static final DateTimeFormatter PORTAL_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    public PortalQuery {
        Objects.requireNonNull(creditDate, "creditDate");
        check(trackingKey != null && TRACKING_KEY.matcher(trackingKey).matches(),
                "tracking key must be 1-30 letters or digits");
        check(senderParticipant != null && PARTICIPANT.matcher(senderParticipant).matches(),
                "sender participant must be a 4-5 digit SPEI code");
        check(receiverParticipant != null && PARTICIPANT.matcher(receiverParticipant).matches(),
                "receiver participant must be a 4-5 digit SPEI code");
        check(beneficiaryAccount != null && ACCOUNT.matcher(beneficiaryAccount).matches(),
                "beneficiary account must be 10-18 digits");
        check(amountCentavos > 0 && amountCentavos <= MAX_CENTAVOS, "amount must be 1.." + MAX_CENTAVOS
                + " centavos");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code fecha} as the portal wants it: {@code DD-MM-YYYY}. */
    public String portalDate() {
        return PORTAL_DATE.format(creditDate);
    }

    /** {@code monto} as the portal wants it: pesos with up to two decimals ({@code 3414.95}, {@code 300}). */
    public String portalAmount() {
        return BigDecimal.valueOf(amountCentavos, 2).stripTrailingZeros().toPlainString();
    }
}
