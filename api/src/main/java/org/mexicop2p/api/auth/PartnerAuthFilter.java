package org.mexicop2p.api.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.settlement.partner.ApiKeyAuthenticator;
import org.mexicop2p.settlement.partner.IpWhitelist;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.Tier;
import org.reactivestreams.Publisher;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Guards {@code /api/v1}: API key (MISSING_API_KEY, INVALID_API_KEY, PARTNER_INACTIVE, PARTNER_SUSPENDED), IP
 * whitelist (IP_NOT_ALLOWED) and the tier's requests per minute (RATE_LIMITED with Retry-After), in that order. The
 * partner is handed to controllers as a request attribute; every response to a known partner carries the
 * {@code X-RateLimit-*} headers. The client address is the TCP peer: forwarded-for headers are not trusted.
 */
@ServerFilter("/api/v1/**")
public class PartnerAuthFilter {

    public static final String PARTNER = "mp2p.partner";
    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String RATE_DECISION = "mp2p.rateDecision";

    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final ExecutorService blocking;
    private final int enterpriseRequestsPerMinute;

    public PartnerAuthFilter(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, Clock clock,
                             @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                             @Value("${mp2p.rate-limit.enterprise-requests-per-minute:1000}")
                             int enterpriseRequestsPerMinute) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.enterpriseRequestsPerMinute = enterpriseRequestsPerMinute;
    }

    /**
     * Runs on the event loop. A key this instance verified within the cache TTL (or a malformed one) is decided
     * here, without a thread hop; only a cache miss, which needs a query and bcrypt, goes to the blocking pool and
     * continues the chain from there. It takes the chain as a continuation instead of returning a
     * {@code CompletableFuture<HttpResponse>} completed with {@code null} for "let it through": Micronaut 4.10
     * passes an already completed {@code null}, but answers 503 with an empty body when the future completes
     * {@code null} later, which is why an earlier attempt turned every cache miss into a 503.
     */
    @RequestFilter
    public Publisher<MutableHttpResponse<?>> authenticate(HttpRequest<?> request,
                                                          FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        if (MarketplaceRateFilter.isMarketplace(request.getPath())) {
            // The marketplace is public (buyers have no API key); MarketplaceRateFilter limits it per client IP.
            return chain.proceed();
        }
        String key = request.getHeaders().get(API_KEY_HEADER);
        if (key == null || key.isEmpty()) {
            return Publishers.just(
                    ApiError.response(ErrorCode.MISSING_API_KEY, "send your API key in the X-API-Key header"));
        }
        Optional<ApiKeyAuthenticator.Result> cached = authenticator.authenticateCached(key);
        if (cached.isPresent()) {
            return refusalOrProceed(admit(request, cached.get()), chain);
        }
        // onSubscribe reaches the subscriber through whichever publisher it is finally subscribed to.
        return subscriber -> {
            try {
                blocking.execute(() -> {
                    Optional<MutableHttpResponse<?>> refusal;
                    try {
                        refusal = admit(request, authenticator.authenticate(key));
                    } catch (RuntimeException e) {
                        Publishers.<MutableHttpResponse<?>>just(e).subscribe(subscriber);
                        return;
                    }
                    refusalOrProceed(refusal, chain).subscribe(subscriber);
                });
            } catch (RejectedExecutionException e) {
                // Only while shutting down; the request still gets an answer (500) instead of hanging.
                Publishers.<MutableHttpResponse<?>>just(e).subscribe(subscriber);
            }
        };
    }

    private static Publisher<MutableHttpResponse<?>> refusalOrProceed(
            Optional<MutableHttpResponse<?>> refusal, FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        return refusal.isPresent() ? Publishers.just(refusal.get()) : chain.proceed();
    }

    /** The whitelist and the rate limit for an authenticated key; empty lets the request through. */
    private Optional<MutableHttpResponse<?>> admit(HttpRequest<?> request, ApiKeyAuthenticator.Result result) {
        switch (result.outcome()) {
            case INVALID_API_KEY:
                return refuse(ErrorCode.INVALID_API_KEY, "the API key matches no active partner");
            case PARTNER_INACTIVE:
                return refuse(ErrorCode.PARTNER_INACTIVE, "the partner account is not active");
            case PARTNER_SUSPENDED:
                return refuse(ErrorCode.PARTNER_SUSPENDED, "the partner account is suspended");
            case ACCEPTED:
            default:
                break;
        }
        Partner partner = result.partner();
        if (!partner.ipWhitelist().isEmpty()
                && !IpWhitelist.fromStored(partner.ipWhitelistEntries())
                .allows(request.getRemoteAddress().getAddress())) {
            return refuse(ErrorCode.IP_NOT_ALLOWED, "this client address is not in the partner's IP whitelist");
        }
        RateLimiter.Decision decision = rateLimiter.acquire(partner.id(), requestsPerMinute(partner.tier()));
        request.setAttribute(RATE_DECISION, decision);
        if (!decision.allowed()) {
            long retryAfter = Math.max(1, decision.resetEpochSeconds() - clock.millis() / 1000);
            MutableHttpResponse<ApiError> limited = ApiError.response(ErrorCode.RATE_LIMITED,
                    "over " + decision.limit() + " requests per minute; retry after " + retryAfter + " s");
            limited.getHeaders().set("Retry-After", Long.toString(retryAfter));
            // A response made here skips this filter's own response method, so it gets its headers now.
            setRateHeaders(limited, decision);
            return Optional.of(limited);
        }
        request.setAttribute(PARTNER, partner);
        return Optional.empty();
    }

    private static Optional<MutableHttpResponse<?>> refuse(ErrorCode code, String message) {
        return Optional.of(ApiError.response(code, message));
    }

    @ResponseFilter
    public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(RATE_DECISION, RateLimiter.Decision.class)
                .ifPresent(decision -> setRateHeaders(response, decision));
    }

    static void setRateHeaders(MutableHttpResponse<?> response, RateLimiter.Decision decision) {
        response.getHeaders().set("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.getHeaders().set("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.getHeaders().set("X-RateLimit-Reset", Long.toString(decision.resetEpochSeconds()));
    }

    /** Enterprise limits are negotiated, so the operator sets them; the others are the published figures. */
    private int requestsPerMinute(Tier tier) {
        return tier == Tier.ENTERPRISE ? enterpriseRequestsPerMinute : tier.requestsPerMinute();
    }
}
