package org.mexicop2p.settlement.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One receipt judged for one order, kept whatever its verdict: the evidence an arbiter reads in a dispute
 * (cep.md §8 step 8: raw XML, signed-cadena hash, certificate, outcome, time). Never updated.
 */
@MappedEntity("payment_receipt")
public record PaymentReceipt(
        @Id UUID id,
        UUID orderId,
        ReceiptSource source,
        @Nullable String replayKey,
        ProofVerdict verdict,
        String reason,
        String detail,
        @Nullable String certificateNumber,
        @Nullable String trackingKey,
        boolean trackingKeyTrusted,
        byte[] receiptXml,
        Instant receivedAt) {
}
