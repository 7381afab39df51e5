package org.mexicop2p.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.mexicop2p.settlement.kyc.KycSession;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.order.OrderTimelineEntry;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.quote.Quote;
import org.mexicop2p.settlement.rate.ExchangeRateService;
import org.mexicop2p.settlement.user.UserService;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The JSON bodies of the Partner API. Peso amounts are numbers with two decimals; token amounts are decimal strings
 * (whole tokens in {@code amount}, base units in {@code escrow.amount}); times are ISO-8601 UTC strings.
 */
public final class PartnerViews {

    private PartnerViews() {
    }

    /** Limits of a tier; {@code null} means unlimited. */
    @Serdeable
    public record Limits(int requestsPerMinute, @Nullable Long monthlyUsers, @Nullable BigDecimal dailyVolumeMxn,
                         @Nullable BigDecimal monthlyVolumeMxn, @Nullable Long monthlyKycSessions) {
        static Limits of(Tier tier, int requestsPerMinute) {
            return new Limits(requestsPerMinute, tier.monthlyUsers(), pesosOrNull(tier.dailyVolumeCentavos()),
                    pesosOrNull(tier.monthlyVolumeCentavos()), tier.monthlyKycSessions());
        }
    }

    @Serdeable
    public record Health(String status, String partnerId, String partnerName, String tier, String kycModel,
                         Limits limits) {
        static Health of(Partner partner, int requestsPerMinute) {
            return new Health("ok", partner.id().toString(), partner.name(), partner.tier().name(),
                    partner.kycModel().name(), Limits.of(partner.tier(), requestsPerMinute));
        }
    }

    @Serdeable
    public record User(String partnerUserRef, String kycLevel, @Nullable String kycVerifiedAt,
                       BigDecimal monthlyVolumeMxn, String createdAt) {
        static User of(UserService.UserView view) {
            var user = view.user();
            return new User(user.partnerUserRef(), user.kycLevel().name(), text(user.kycVerifiedAt()),
                    Mxn.fromCentavos(view.monthVolumeCentavos()), IsoInstant.format(user.createdAt()));
        }
    }

    @Serdeable
    public record KycSessionStarted(String sessionId, String partnerUserRef, String level, String status,
                                    String sessionUrl, String returnUrl, String createdAt) {
        static KycSessionStarted of(KycSession session, String partnerUserRef) {
            return new KycSessionStarted(session.id().toString(), partnerUserRef, session.level().name(),
                    session.status().name(), session.sessionUrl(), session.returnUrl(),
                    IsoInstant.format(session.createdAt()));
        }
    }

    @Serdeable
    public record ExchangeRate(String pair, BigDecimal rate, String source, String publishedFor,
                               String fetchedAt, String validUntil) {
        static ExchangeRate of(ExchangeRateService.Current current) {
            var rate = current.rate();
            return new ExchangeRate("USD/MXN", displayRate(rate.mxnPerUsd()), rate.source(),
                    rate.publishedFor().toString(), IsoInstant.format(rate.fetchedAt()),
                    IsoInstant.format(current.validUntil()));
        }
    }

    @Serdeable
    public record QuoteCreated(String quoteId, String partnerUserRef, String token, String amount,
                               BigDecimal exchangeRate, BigDecimal grossAmountMxn, BigDecimal feePercent,
                               BigDecimal feeAmountMxn, String feeRecipient, BigDecimal netAmountMxn,
                               String createdAt, String expiresAt) {
        static QuoteCreated of(Quote q) {
            return new QuoteCreated(q.id().toString(), q.partnerUserRef(), q.token().name(),
                    Token.fromBaseUnits(q.tokenBaseUnits()).toPlainString(), displayRate(q.exchangeRate()),
                    Mxn.fromCentavos(q.grossCentavos()), q.feePercent().setScale(2),
                    Mxn.fromCentavos(q.feeCentavos()), q.feeRecipient().name(), Mxn.fromCentavos(q.netCentavos()),
                    IsoInstant.format(q.createdAt()), IsoInstant.format(q.expiresAt()));
        }
    }

    /** What the seller's wallet must send to the escrow contract, exactly. */
    @Serdeable
    public record Escrow(String contract, String orderId, String token, String amount) {
    }

    @Serdeable
    public record TimelineEntry(String event, String status, String at) {
    }

    @Serdeable
    public record Order(String id, String status, String partnerUserRef, String quoteId, String token,
                        String amount, BigDecimal exchangeRate, BigDecimal grossAmountMxn, BigDecimal feePercent,
                        BigDecimal feeAmountMxn, String feeRecipient, BigDecimal netAmountMxn, String clabe,
                        Escrow escrow, @Nullable List<TimelineEntry> timeline, List<String> allowedActions,
                        String createdAt, String updatedAt) {
        static Order of(SettlementOrder o, @Nullable List<OrderTimelineEntry> timeline) {
            return new Order(o.id().toString(), o.status().name(), o.partnerUserRef(), o.quoteId().toString(),
                    o.token().name(), Token.fromBaseUnits(o.tokenBaseUnits()).toPlainString(),
                    displayRate(o.exchangeRate()), Mxn.fromCentavos(o.grossCentavos()), o.feePercent().setScale(2),
                    Mxn.fromCentavos(o.feeCentavos()), o.feeRecipient().name(), Mxn.fromCentavos(o.netCentavos()),
                    o.clabe(), new Escrow(o.escrowContract(), o.escrowOrderId(), o.tokenAddress(),
                    o.tokenBaseUnits().toString()),
                    timeline == null ? null : timeline.stream().map(t -> new TimelineEntry(t.event(),
                            t.status().name(), IsoInstant.format(t.occurredAt()))).toList(),
                    o.status().allowedActions(), IsoInstant.format(o.createdAt()),
                    IsoInstant.format(o.updatedAt()));
        }
    }

    /** One page of orders; {@code page} counts from 1. */
    @Serdeable
    public record OrderPage(List<Order> data, int page, int limit, long total, boolean hasMore) {
    }

    /** A rate with the decimals its source gave, but at least two (17.25, 18.3365). */
    static BigDecimal displayRate(BigDecimal rate) {
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2) : stripped;
    }

    private static BigDecimal pesosOrNull(Long centavos) {
        return centavos == null ? null : Mxn.fromCentavos(centavos);
    }

    private static String text(Instant instant) {
        return instant == null ? null : IsoInstant.format(instant);
    }
}
