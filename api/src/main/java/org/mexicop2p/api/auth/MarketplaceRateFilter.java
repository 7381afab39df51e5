package org.mexicop2p.api.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;

import java.time.Clock;

/**
 * Guards the public marketplace ({@code /api/v1/marketplace/**}, exempt from API keys): requests per client address
 * per minute ({@code mp2p.marketplace.requests-per-minute}, default 60), answered with RATE_LIMITED and Retry-After
 * beyond it, and the same {@code X-RateLimit-*} headers as the partner API on every response. The client address is
 * the TCP peer: forwarded-for headers are not trusted.
 */
@ServerFilter("/api/v1/marketplace/**")
public class MarketplaceRateFilter {

    static final String PREFIX = "/api/v1/marketplace";

    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final int requestsPerMinute;

    public MarketplaceRateFilter(RateLimiter rateLimiter, Clock clock,
                                 @Value("${mp2p.marketplace.requests-per-minute:60}") int requestsPerMinute) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("mp2p.marketplace.requests-per-minute must be at least 1");
        }
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.requestsPerMinute = requestsPerMinute;
    }

    /** Whether {@code path} belongs to the public marketplace. */
    static boolean isMarketplace(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        RateLimiter.Decision decision = rateLimiter.acquire(request.getRemoteAddress().getAddress(),
                requestsPerMinute);
        request.setAttribute(PartnerAuthFilter.RATE_DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        long retryAfter = Math.max(1, decision.resetEpochSeconds() - clock.millis() / 1000);
        MutableHttpResponse<ApiError> limited = ApiError.response(ErrorCode.RATE_LIMITED,
                "over " + decision.limit() + " requests per minute from this address; retry after " + retryAfter
                        + " s");
        limited.getHeaders().set("Retry-After", Long.toString(retryAfter));
        PartnerAuthFilter.setRateHeaders(limited, decision);
        return limited;
    }

    @ResponseFilter
    public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(PartnerAuthFilter.RATE_DECISION, RateLimiter.Decision.class)
                .ifPresent(decision -> PartnerAuthFilter.setRateHeaders(response, decision));
    }
}
