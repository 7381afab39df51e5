package org.mexicop2p.api.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.settlement.partner.ApiKeyAuthenticator;
import org.mexicop2p.settlement.partner.IpWhitelist;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.Tier;

import java.time.Clock;

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
    private final int enterpriseRequestsPerMinute;

    public PartnerAuthFilter(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, Clock clock,
                             @Value("${mp2p.rate-limit.enterprise-requests-per-minute:1000}")
                             int enterpriseRequestsPerMinute) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.enterpriseRequestsPerMinute = enterpriseRequestsPerMinute;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (MarketplaceRateFilter.isMarketplace(request.getPath())) {
            // The marketplace is public (buyers have no API key); MarketplaceRateFilter limits it per client IP.
            return null;
        }
        String key = request.getHeaders().get(API_KEY_HEADER);
        if (key == null || key.isEmpty()) {
            return ApiError.response(ErrorCode.MISSING_API_KEY, "send your API key in the X-API-Key header");
        }
        ApiKeyAuthenticator.Result result = authenticator.authenticate(key);
        switch (result.outcome()) {
            case INVALID_API_KEY:
                return ApiError.response(ErrorCode.INVALID_API_KEY, "the API key matches no active partner");
            case PARTNER_INACTIVE:
                return ApiError.response(ErrorCode.PARTNER_INACTIVE, "the partner account is not active");
            case PARTNER_SUSPENDED:
                return ApiError.response(ErrorCode.PARTNER_SUSPENDED, "the partner account is suspended");
            case ACCEPTED:
            default:
                break;
        }
        Partner partner = result.partner();
        if (!partner.ipWhitelist().isEmpty()
                && !IpWhitelist.fromStored(partner.ipWhitelistEntries())
                .allows(request.getRemoteAddress().getAddress())) {
            return ApiError.response(ErrorCode.IP_NOT_ALLOWED,
                    "this client address is not in the partner's IP whitelist");
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
            return limited;
        }
        request.setAttribute(PARTNER, partner);
        return null;
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
