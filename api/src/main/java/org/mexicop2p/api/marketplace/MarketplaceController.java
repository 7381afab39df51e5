package org.mexicop2p.api.marketplace;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.error.ApiException;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.marketplace.MarketplaceListings;
import org.mexicop2p.settlement.money.Mxn;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.payment.PaymentProofs;
import org.mexicop2p.settlement.payment.ProofOutcome;
import org.mexicop2p.settlement.payment.SpeiDetails;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The public buyer API (no API key; rate-limited per client address by
 * {@link org.mexicop2p.api.auth.MarketplaceRateFilter}): the orders a buyer can lock, and payment proof for a
 * LOCKED order, either the CEP XML itself or SPEI details for a Banxico fetch. Verdicts: 200 VERIFIED, 422 REJECTED
 * with its reason code, 202 PENDING with a poll URL while a fetch runs.
 */
@Controller("/api/v1/marketplace/orders")
@Tag(name = "Marketplace (buyers)")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MarketplaceController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_PAGE = 10_000;
    private static final Set<String> SPEI_FIELDS = Set.of("trackingKey", "creditDate", "senderParticipant", "amount");

    private final MarketplaceListings listings;
    private final PaymentProofs proofs;

    public MarketplaceController(MarketplaceListings listings, PaymentProofs proofs) {
        this.listings = listings;
        this.proofs = proofs;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "ACTIVE orders a buyer can lock, oldest first: token amount, grossAmountMxn to pay into "
            + "clabe, escrow contract and on-chain order id; page from 1, limit 1-100 (default 20)")
    public MarketplaceViews.ListingPage list(@Nullable @QueryValue String page, @Nullable @QueryValue String limit) {
        int pageNumber = boundedInt("page", page, 1, MAX_PAGE);
        int pageSize = boundedInt("limit", limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        Page<SettlementOrder> result = listings.findByStatus(OrderStatus.ACTIVE,
                Pageable.from(pageNumber - 1, pageSize, Sort.of(Sort.Order.asc("createdAt"), Sort.Order.asc("id"))));
        List<MarketplaceViews.Listing> items = result.getContent().stream().map(MarketplaceViews.Listing::of)
                .toList();
        return new MarketplaceViews.ListingPage(items, pageNumber, pageSize, result.getTotalSize(),
                (long) pageNumber * pageSize < result.getTotalSize());
    }

    // Any Content-Type reaches the method, so a wrong one gets this endpoint's own typed error, not a generic 415.
    @Post(value = "/{id}/payment-proof", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Prove payment of a LOCKED order: the CEP XML (application/xml, at most 16 kB) or SPEI "
            + "details as JSON {trackingKey, creditDate, senderParticipant, amount} for a Banxico fetch")
    public HttpResponse<MarketplaceViews.Proof> submit(HttpRequest<?> request, @PathVariable String id,
                                                       @Nullable @Body byte[] body) {
        UUID orderId = orderId(id);
        MediaType type = request.getContentType().orElse(null);
        byte[] bytes = body == null ? new byte[0] : body;
        ProofOutcome outcome;
        if (type != null && (type.matches(MediaType.APPLICATION_XML_TYPE) || type.matches(MediaType.TEXT_XML_TYPE))) {
            outcome = proofs.submitReceipt(orderId, bytes);
        } else if (type != null && type.matches(MediaType.APPLICATION_JSON_TYPE)) {
            outcome = proofs.requestFetch(orderId, speiDetails(bytes));
        } else {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the CEP as application/xml or SPEI details as application/json");
        }
        return answer(outcome);
    }

    @Get(value = "/{id}/payment-proof/fetches/{fetchId}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Poll a Banxico fetch: 202 while pending, then 200 VERIFIED or 422 REJECTED")
    public HttpResponse<MarketplaceViews.Proof> poll(@PathVariable String id, @PathVariable String fetchId) {
        return answer(proofs.fetchStatus(orderId(id), uuid(fetchId, "no such payment fetch")));
    }

    private static HttpResponse<MarketplaceViews.Proof> answer(ProofOutcome outcome) {
        return switch (outcome.verdict()) {
            case VERIFIED -> HttpResponse.ok(MarketplaceViews.Proof.of(outcome, null));
            case REJECTED -> HttpResponse.<MarketplaceViews.Proof>status(HttpStatus.UNPROCESSABLE_ENTITY)
                    .body(MarketplaceViews.Proof.of(outcome, null));
            case PENDING -> {
                String pollUrl = "/api/v1/marketplace/orders/" + outcome.orderId() + "/payment-proof/fetches/"
                        + outcome.fetchId();
                yield HttpResponse.<MarketplaceViews.Proof>status(HttpStatus.ACCEPTED)
                        .header("Location", pollUrl)
                        .header("Retry-After", "5")
                        .body(MarketplaceViews.Proof.of(outcome, pollUrl));
            }
        };
    }

    private SpeiDetails speiDetails(byte[] body) {
        JsonBody input = JsonBody.parse(body, SPEI_FIELDS);
        String trackingKey = input.requiredString("trackingKey");
        String creditDateText = input.requiredString("creditDate");
        LocalDate creditDate;
        try {
            creditDate = LocalDate.parse(creditDateText);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "creditDate: a date like 2025-06-01");
        }
        String sender = input.requiredString("senderParticipant");
        BigDecimal amount = input.requiredDecimal("amount");
        if (amount.signum() <= 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 15) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR,
                    "amount: pesos, more than zero, at most two decimals and 15 integer digits");
        }
        return new SpeiDetails(trackingKey, creditDate, sender, Mxn.toCentavos(amount));
    }

    private static UUID orderId(String id) {
        return uuid(id, "no such order");
    }

    private static UUID uuid(String text, String notFound) {
        // Only the canonical 36-character form: anything else cannot name a row.
        if (text == null || text.length() != 36) {
            throw new ApiException(ErrorCode.NOT_FOUND, notFound);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, notFound);
        }
    }

    private static int boundedInt(String name, String text, int fallback, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (text.length() > 6 || !text.chars().allMatch(Character::isDigit)) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, name + ": an integer from 1 to " + max);
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > max) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, name + ": an integer from 1 to " + max);
        }
        return value;
    }
}
