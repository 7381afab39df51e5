package org.mexicop2p.api.partner;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.auth.PartnerAuthFilter;
import org.mexicop2p.api.auth.RateLimiter;
import org.mexicop2p.settlement.partner.Partner;

/** {@code GET /api/v1/health}: proves the key works and shows the partner's tier and limits. */
@Controller("/api/v1")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
public class HealthController {

    @Get("/health")
    @Operation(summary = "Check the API key; returns the partner's tier and limits")
    public PartnerViews.Health health(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                      @RequestAttribute(PartnerAuthFilter.RATE_DECISION)
                                      RateLimiter.Decision rate) {
        return PartnerViews.Health.of(partner, rate.limit());
    }
}
