package org.mexicop2p.sandbox.banxico;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A SPEI transfer made in the sandbox: everything a caller needs to query the portal for its CEP.
 *
 * @param trackingKey          clave de rastreo
 * @param senderClabe          ordering account
 * @param beneficiaryClabe     credited account
 * @param senderParticipant    SPEI code of the sender's participant ({@code emisor})
 * @param receiverParticipant  SPEI code of the beneficiary's participant ({@code receptor}), who signs the CEP
 * @param amount               pesos, scale 2
 * @param concept              payment concept
 * @param operationDate        SPEI business date
 * @param creditDate           calendar date of the credit, Mexico City (the portal's {@code fecha})
 * @param creditTime           time of the credit, Mexico City
 * @param cepAvailableAt       from when the portal serves its CEP
 */
public record SpeiTransfer(String trackingKey, String senderClabe, String beneficiaryClabe, String senderParticipant,
                           String receiverParticipant, BigDecimal amount, String concept, LocalDate operationDate,
                           LocalDate creditDate, LocalTime creditTime, Instant cepAvailableAt) {

    public long amountCentavos() {
        return amount.movePointRight(2).longValueExact();
    }
}
