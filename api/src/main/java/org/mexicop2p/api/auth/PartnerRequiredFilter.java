package org.mexicop2p.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;

/**
 * The last word of the partner key check, after {@link PartnerAuthFilter} and {@link PartnerKeyCheckFilter}: a
 * partner route runs only for a request that carries the verified partner. The two filters before it never let
 * such a request through; this one makes sure that a mistake in how they are chained fails closed (500) instead of
 * reaching a route that reads no partner, such as the exchange rate.
 */
@ServerFilter("/api/v1/**")
@Order(PartnerAuthFilter.ORDER + 2)
public class PartnerRequiredFilter {

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> requirePartner(HttpRequest<?> request) {
        if (MarketplaceRateFilter.isMarketplace(request.getPath())
                || request.getAttribute(PartnerAuthFilter.PARTNER).isPresent()) {
            return null;
        }
        return ApiError.response(ErrorCode.INTERNAL_ERROR, "the API key check did not complete");
    }
}
