package org.mexicop2p.settlement.payment;

import java.util.UUID;

/**
 * The answer to one payment proof.
 *
 * @param verdict   VERIFIED, REJECTED or PENDING
 * @param reason    one code: {@link ProofReason}, {@link org.mexicop2p.cep.verify.Reason} or
 *                  {@link org.mexicop2p.cep.verify.MatchReason} name; null while PENDING
 * @param detail    a sentence for the buyer (never key material)
 * @param orderId   the order
 * @param receiptId the stored evidence row, or null when no receipt was judged (a pending fetch)
 * @param fetchId   the Banxico fetch behind this answer, or null for an upload
 */
public record ProofOutcome(ProofVerdict verdict, String reason, String detail, UUID orderId, UUID receiptId,
                           UUID fetchId) {
}
