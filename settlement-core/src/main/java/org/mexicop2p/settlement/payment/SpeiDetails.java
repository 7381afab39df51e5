package org.mexicop2p.settlement.payment;

import java.time.LocalDate;

/**
 * What a buyer tells us about a SPEI transfer so we fetch its CEP from Banxico ourselves. The receiver participant
 * and the beneficiary account are never taken from the buyer: they come from the order's CLABE.
 *
 * @param trackingKey        clave de rastreo
 * @param creditDate         calendar date of the credit
 * @param senderParticipant  SPEI code of the buyer's bank
 * @param amountCentavos     the amount the buyer says was sent; must be the order's gross amount
 */
public record SpeiDetails(String trackingKey, LocalDate creditDate, String senderParticipant, long amountCentavos) {
}
