package org.mexicop2p.api.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.settlement.partner.ApiKeyAuthenticator;
import org.mexicop2p.settlement.partner.IpWhitelist;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.Tier;

import java.time.Clock;
import java.util.Optional;

/**
 * Guards {@code /api/v1}: API key (MISSING_API_KEY, INVALID_API_KEY, PARTNER_INACTIVE, PARTNER_SUSPENDED), IP
 * whitelist (IP_NOT_ALLOWED) and the tier's requests per minute (RATE_LIMITED with Retry-After), in that order. The
 * partner is handed to controllers as a request attribute; every response to a known partner carries the
 * {@code X-RateLimit-*} headers. The client address is the TCP peer: forwarded-for headers are not trusted.
 */
@ServerFilter("/api/v1/**")
@Order(PartnerAuthFilter.ORDER)
public class PartnerAuthFilter {

    /**
     * Micronaut's default filter order, written out: {@link PartnerKeyCheckFilter} ({@code ORDER + 1}) and
     * {@link PartnerRequiredFilter} ({@code ORDER + 2}) must run after this one, in that order.
     */
    static final int ORDER = 0;

    public static final String PARTNER = "mp2p.partner";
    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String RATE_DECISION = "mp2p.rateDecision";
    private static final String CACHE_LOOKUP = "mp2p.keyCacheLookup";

    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final int enterpriseRequestsPerMinute;

    public PartnerAuthFilter(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, Clock clock,
                             @Value("${mp2p.rate-limit.enterprise-requests-per-minute:1000}")
                             int enterpriseRequestsPerMinute) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.enterpriseRequestsPerMinute = enterpriseRequestsPerMinute;
    }

    /**
     * Runs on the event loop and decides every request it can without blocking: a missing or malformed key, and a key
     * this instance verified within the cache TTL. It returns the refusal, or null to let the request through. A key
     * not in the cache needs a query and bcrypt, which must not run here: such a request goes on to
     * {@link PartnerKeyCheckFilter}, which runs only for them and verifies the key on the blocking pool, and
     * {@link PartnerRequiredFilter} after it refuses any request that reaches the routes without a verified partner.
     * Deciding hits here, synchronously, spares them the reactive continuation the miss path needs around the rest of
     * the chain.
     */
    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> authenticate(HttpRequest<?> request) {
        if (MarketplaceRateFilter.isMarketplace(request.getPath())) {
            // The marketplace is public (buyers have no API key); MarketplaceRateFilter limits it per client IP.
            return null;
        }
        String key = apiKey(request);
        if (key == null) {
            return ApiError.response(ErrorCode.MISSING_API_KEY, "send your API key in the X-API-Key header");
        }
        Optional<ApiKeyAuthenticator.Result> cached = cachedLookup(request, key);
        return cached.isEmpty() ? null : admit(request, cached.get()).orElse(null);
    }

    /** The request's API key, or null when there is none. */
    @Nullable
    static String apiKey(HttpRequest<?> request) {
        String key = request.getHeaders().get(API_KEY_HEADER);
        return key == null || key.isEmpty() ? null : key;
    }

    /**
     * The cache's answer for {@code key}, looked up once per request and kept in it: this filter and
     * {@link PartnerKeyCheckFilter#isEnabled} see the same answer whichever of them asks first, so a key the cache
     * could not decide is always verified by the latter.
     */
    Optional<ApiKeyAuthenticator.Result> cachedLookup(HttpRequest<?> request, String key) {
        Optional<CacheLookup> earlier = request.getAttribute(CACHE_LOOKUP, CacheLookup.class);
        if (earlier.isPresent()) {
            return earlier.get().result();
        }
        Optional<ApiKeyAuthenticator.Result> result = authenticator.authenticateCached(key);
        request.setAttribute(CACHE_LOOKUP, new CacheLookup(result));
        return result;
    }

    private record CacheLookup(Optional<ApiKeyAuthenticator.Result> result) {
    }

    /** The whitelist and the rate limit for an authenticated key; empty lets the request through. */
    Optional<MutableHttpResponse<?>> admit(HttpRequest<?> request, ApiKeyAuthenticator.Result result) {
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
