package org.mexicop2p.api.partner;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.settlement.rate.ExchangeRateService;

/** {@code GET /api/v1/exchange-rate}: the USD/MXN rate quotes are made at (cached five minutes). */
@Controller("/api/v1")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExchangeRateController {

    private final ExchangeRateService rates;

    public ExchangeRateController(ExchangeRateService rates) {
        this.rates = rates;
    }

    @Get("/exchange-rate")
    @Operation(summary = "Current USD/MXN rate; 502 RATE_SOURCE_UNAVAILABLE when the source is down and the "
            + "cached rate is older than five minutes")
    public PartnerViews.ExchangeRate current() {
        return PartnerViews.ExchangeRate.of(rates.current());
    }
}
