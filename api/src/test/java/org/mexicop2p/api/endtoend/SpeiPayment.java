package org.mexicop2p.api.endtoend;

import org.mexicop2p.cep.portal.PortalQuery;

import java.time.LocalDate;

/**
 * A SPEI transfer as the sandbox Banxico portal's {@code POST /sandbox/spei/transfers} recorded it: what a buyer
 * knows after paying and gives the marketplace for a Banxico fetch, and what identifies its CEP at the portal.
 */
public record SpeiPayment(String trackingKey, LocalDate creditDate, String creditTime, String senderParticipant,
                          String receiverParticipant, String beneficiaryClabe, String amount, long amountCentavos) {

    /** The portal query that finds this transfer's CEP. */
    public PortalQuery portalQuery() {
        return new PortalQuery(creditDate, trackingKey, senderParticipant, receiverParticipant, beneficiaryClabe,
                amountCentavos);
    }

    /** The marketplace's JSON form of the payment proof: the details for a Banxico fetch. */
    public String fetchRequestJson() {
        return "{\"trackingKey\":\"" + trackingKey + "\",\"creditDate\":\"" + creditDate
                + "\",\"senderParticipant\":\"" + senderParticipant + "\",\"amount\":\"" + amount + "\"}";
    }
}
