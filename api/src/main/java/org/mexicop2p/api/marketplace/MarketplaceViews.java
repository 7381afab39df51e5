package org.mexicop2p.api.marketplace;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.payment.ProofOutcome;

import java.math.BigDecimal;
import java.util.List;

/** What buyers see: listings that say plainly what to pay and where, and payment-proof verdicts. */
final class MarketplaceViews {

    private MarketplaceViews() {
    }

    /**
     * An ACTIVE order a buyer can lock: the crypto on offer, exactly what to pay ({@code grossAmountMxn} into
     * {@code clabe}), and where to lock it on-chain. Nothing about the partner or its user.
     */
    @Serdeable
    record Listing(String orderId, String token, String amount, String amountBaseUnits, BigDecimal grossAmountMxn,
                   String clabe, String escrowContract, String escrowOrderId, String tokenAddress, String listedAt) {
        static Listing of(SettlementOrder o) {
            return new Listing(o.id().toString(), o.token().name(),
                    Token.fromBaseUnits(o.tokenBaseUnits()).toPlainString(), o.tokenBaseUnits().toString(),
                    Mxn.fromCentavos(o.grossCentavos()), o.clabe(), o.escrowContract(), o.escrowOrderId(),
                    o.tokenAddress(), o.updatedAt().toString());
        }
    }

    /** One page of listings; {@code page} counts from 1. */
    @Serdeable
    record ListingPage(List<Listing> data, int page, int limit, long total, boolean hasMore) {
    }

    /**
     * A payment-proof verdict. {@code pollUrl} is set while a Banxico fetch is pending (HTTP 202); {@code reason}
     * is null only then.
     */
    @Serdeable
    record Proof(String orderId, String verdict, @Nullable String reason, String detail, @Nullable String receiptId,
                 @Nullable String fetchId, @Nullable String pollUrl) {
        static Proof of(ProofOutcome outcome, @Nullable String pollUrl) {
            return new Proof(outcome.orderId().toString(), outcome.verdict().name(), outcome.reason(),
                    outcome.detail(), outcome.receiptId() == null ? null : outcome.receiptId().toString(),
                    outcome.fetchId() == null ? null : outcome.fetchId().toString(), pollUrl);
        }
    }
}
