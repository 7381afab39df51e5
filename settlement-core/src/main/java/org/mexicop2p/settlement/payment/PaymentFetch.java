package org.mexicop2p.settlement.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import org.mexicop2p.cep.portal.PortalQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A CEP download from Banxico's portal asked for with a buyer's SPEI details. The receiver participant and the
 * beneficiary account come from the order's CLABE, never from the buyer. Retried with back-off until
 * {@code giveUpAt} (lock deadline plus grace); {@code pendingOrderId} is set only while PENDING, so at most one
 * fetch per order runs at a time.
 */
@MappedEntity("payment_fetch")
public record PaymentFetch(
        @Id UUID id,
        UUID orderId,
        @Nullable UUID pendingOrderId,
        FetchStatus status,
        String trackingKey,
        LocalDate creditDate,
        String senderParticipant,
        String receiverParticipant,
        String beneficiaryAccount,
        long amountCentavos,
        int attempts,
        @Nullable String lastOutcome,
        @Nullable String reason,
        @Nullable String detail,
        @Nullable UUID receiptId,
        Instant nextAttemptAt,
        Instant giveUpAt,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    /** The portal query this fetch sends. */
    public PortalQuery query() {
        return new PortalQuery(creditDate, trackingKey, senderParticipant, receiverParticipant, beneficiaryAccount,
                amountCentavos);
    }

    /** The same fetch, finished with {@code finalStatus}. */
    PaymentFetch finished(FetchStatus finalStatus, String outcome, String finalReason, String finalDetail,
                          UUID receipt, Instant now) {
        return new PaymentFetch(id, orderId, null, finalStatus, trackingKey, creditDate, senderParticipant,
                receiverParticipant, beneficiaryAccount, amountCentavos, attempts, outcome, finalReason,
                finalDetail, receipt, nextAttemptAt, giveUpAt, createdAt, now, version);
    }

    /** The same fetch, to be asked again at {@code next}. */
    PaymentFetch retryAt(Instant next, String outcome, String why, Instant now) {
        return new PaymentFetch(id, orderId, pendingOrderId, status, trackingKey, creditDate, senderParticipant,
                receiverParticipant, beneficiaryAccount, amountCentavos, attempts, outcome, reason,
                why.length() <= 512 ? why : why.substring(0, 512), receiptId,
                next, giveUpAt, createdAt, now, version);
    }
}
