package org.mexicop2p.settlement.order;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.clabe.Clabe;
import org.mexicop2p.settlement.Periods;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.kyc.KycLevel;
import org.mexicop2p.settlement.lifecycle.OrderFactsEngine;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerLocks;
import org.mexicop2p.settlement.quote.Quote;
import org.mexicop2p.settlement.quote.QuoteRepository;
import org.mexicop2p.settlement.user.PartnerUser;
import org.mexicop2p.settlement.user.PartnerUserRepository;
import org.mexicop2p.settlement.user.UserRefs;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates orders from quotes and reads them back. Creation checks, in this order: CLABE, quote (exists and belongs
 * to the partner, same user, unused, unexpired), partner volume (daily, monthly), user KYC threshold; then writes
 * the order and its first timeline entry in one transaction. The partner's row lock serializes the volume checks
 * and the quote's single use; the unique {@code quote_id} column is the backstop. The same transaction schedules the
 * deposit timeout and queues {@code order.created} ({@link OrderFactsEngine#orderCreated}).
 */
@Singleton
public class OrderService {

    /** Monthly user volume from which BASIC KYC is required (inclusive). */
    public static final long BASIC_KYC_FROM_CENTAVOS = Mxn.pesos(10_000);
    /** Monthly user volume above which FULL KYC is required. */
    public static final long FULL_KYC_ABOVE_CENTAVOS = Mxn.pesos(50_000);
    public static final int MAX_PAGE_SIZE = 100;

    /** An order with its audit trail. */
    public record OrderView(SettlementOrder order, List<OrderTimelineEntry> timeline) {
    }

    private final OrderRepository orders;
    private final OrderTimelineRepository timeline;
    private final QuoteRepository quotes;
    private final PartnerUserRepository users;
    private final PartnerLocks locks;
    private final EscrowTerms escrow;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final OrderFactsEngine lifecycle;
    private final OrderViewQuery views;

    public OrderService(OrderRepository orders, OrderTimelineRepository timeline, QuoteRepository quotes,
                        PartnerUserRepository users, PartnerLocks locks, EscrowTerms escrow,
                        TransactionOperations<Connection> tx, Clock clock, OrderFactsEngine lifecycle,
                        OrderViewQuery views) {
        this.orders = orders;
        this.timeline = timeline;
        this.quotes = quotes;
        this.users = users;
        this.locks = locks;
        this.escrow = escrow;
        this.tx = tx;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.views = views;
    }

    public OrderView create(Partner partner, String quoteIdText, String partnerUserRef, String clabeText) {
        UserRefs.require("partnerUserRef", partnerUserRef);
        Clabe clabe;
        try {
            clabe = Clabe.parse(clabeText);
        } catch (Clabe.InvalidClabeException e) {
            throw new RejectedException(Rejection.INVALID_CLABE, e.getMessage() + " (" + e.rejection() + ")");
        }
        UUID quoteId = parseQuoteId(quoteIdText);
        return tx.executeWrite(status -> {
            // Serializes this partner's order creation: volume sums and the quote's single use are then exact.
            locks.findByIdForUpdate(partner.id());
            Quote quote = quotes.findById(quoteId)
                    .filter(q -> q.partnerId().equals(partner.id()))
                    .orElseThrow(() -> new RejectedException(Rejection.INVALID_QUOTE, "no quote " + quoteIdText));
            if (!quote.partnerUserRef().equals(partnerUserRef)) {
                throw new RejectedException(Rejection.QUOTE_USER_MISMATCH,
                        "the quote was made for another partnerUserRef");
            }
            if (orders.existsByQuoteId(quoteId)) {
                throw new RejectedException(Rejection.QUOTE_USED, "the quote already backs an order");
            }
            Instant now = clock.instant();
            if (!now.isBefore(quote.expiresAt())) {
                throw new RejectedException(Rejection.QUOTE_EXPIRED, "the quote expired at " + quote.expiresAt());
            }
            checkPartnerVolume(partner, quote.grossCentavos(), now);
            checkKyc(quote, now);
            UUID id = UUID.randomUUID();
            SettlementOrder order;
            try {
                order = orders.save(new SettlementOrder(id, partner.id(), quote.userId(), quote.partnerUserRef(),
                        quote.id(), OrderStatus.PENDING_DEPOSIT, quote.token(), escrow.tokenAddress(quote.token()),
                        quote.amountBaseUnits(), quote.exchangeRate(), quote.grossCentavos(), quote.feePercent(),
                        quote.feeCentavos(), quote.feeRecipient(), quote.netCentavos(), clabe.digits(),
                        escrow.escrowContract(), SettlementOrder.escrowOrderIdOf(id), now, now, null));
            } catch (DataAccessException e) {
                throw new RejectedException(Rejection.QUOTE_USED, "the quote already backs an order");
            }
            OrderTimelineEntry created = timeline.save(new OrderTimelineEntry(UUID.randomUUID(), id, 1,
                    OrderTimelineEntry.CREATED, OrderStatus.PENDING_DEPOSIT, now));
            lifecycle.orderCreated(order, created.seqNo());
            return new OrderView(order, List.of(created));
        });
    }

    private void checkPartnerVolume(Partner partner, long grossCentavos, Instant now) {
        Long daily = partner.tier().dailyVolumeCentavos();
        if (daily != null && orders.sumPartnerVolumeSince(partner.id(), Periods.startOfDay(now))
                + grossCentavos > daily) {
            throw new RejectedException(Rejection.VOLUME_LIMIT_EXCEEDED, "the order would exceed the "
                    + partner.tier() + " tier's daily volume of " + Mxn.fromCentavos(daily) + " MXN");
        }
        Long monthly = partner.tier().monthlyVolumeCentavos();
        if (monthly != null && orders.sumPartnerVolumeSince(partner.id(), Periods.startOfMonth(now))
                + grossCentavos > monthly) {
            throw new RejectedException(Rejection.VOLUME_LIMIT_EXCEEDED, "the order would exceed the "
                    + partner.tier() + " tier's monthly volume of " + Mxn.fromCentavos(monthly) + " MXN");
        }
    }

    /** The user's month volume including this order decides the level required (documented thresholds). */
    private void checkKyc(Quote quote, Instant now) {
        PartnerUser user = users.findById(quote.userId()).orElseThrow();
        long volume = orders.sumUserVolumeSince(user.id(), Periods.startOfMonth(now)) + quote.grossCentavos();
        KycLevel required = volume > FULL_KYC_ABOVE_CENTAVOS ? KycLevel.FULL
                : volume >= BASIC_KYC_FROM_CENTAVOS ? KycLevel.BASIC : KycLevel.NONE;
        if (!user.kycLevel().covers(required)) {
            throw new RejectedException(Rejection.KYC_REQUIRED, "this order brings the user's monthly volume to "
                    + Mxn.fromCentavos(volume) + " MXN, which requires " + required + " KYC (user has "
                    + user.kycLevel() + ")");
        }
    }

    private static UUID parseQuoteId(String text) {
        if (text == null || text.length() != 36) {
            throw new RejectedException(Rejection.INVALID_QUOTE, "no quote " + text);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.INVALID_QUOTE, "no quote " + text);
        }
    }

    /** The partner's own order; another partner's order is NOT_FOUND, exactly like a missing one. */
    public OrderView get(Partner partner, String orderIdText) {
        Optional<UUID> id = parseUuid(orderIdText);
        return id.flatMap(value -> views.find(value, partner.id()))
                .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND, "no order " + orderIdText));
    }

    /** A page of the partner's orders, newest first; {@code page} counts from 1. */
    public Page<SettlementOrder> list(Partner partner, OrderStatus status, int page, int limit) {
        if (page < 1 || page > 100_000) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "page: from 1 to 100000");
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "limit: from 1 to " + MAX_PAGE_SIZE);
        }
        Pageable pageable = Pageable.from(page - 1, limit, Sort.of(Sort.Order.desc("createdAt"),
                Sort.Order.desc("id")));
        return status == null ? orders.findByPartnerId(partner.id(), pageable)
                : orders.findByPartnerIdAndStatus(partner.id(), status, pageable);
    }

    private static Optional<UUID> parseUuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
