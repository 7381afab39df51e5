package org.mexicop2p.settlement.rate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A configurable fixed rate for the embedded default run and tests ({@code mp2p.rate.sandbox.mxn-per-usd}, 17.25 as
 * in the partner docs). Tests may change it or simulate an outage. Selected by {@code mp2p.rate.source: sandbox}.
 */
@Singleton
@Requires(property = "mp2p.rate.source", value = "sandbox", defaultValue = "sandbox")
public class SandboxRateSource implements ExchangeRateSource {

    private final Clock clock;
    private volatile BigDecimal mxnPerUsd;
    private volatile boolean down;

    public SandboxRateSource(Clock clock, @Value("${mp2p.rate.sandbox.mxn-per-usd:17.25}") BigDecimal mxnPerUsd) {
        this.clock = clock;
        this.mxnPerUsd = mxnPerUsd;
    }

    @Override
    public ExchangeRate fetch() throws SourceUnavailableException {
        if (down) {
            throw new SourceUnavailableException("sandbox rate source is switched off", null);
        }
        return new ExchangeRate(mxnPerUsd, LocalDate.now(clock.withZone(ZoneOffset.UTC)), "SANDBOX",
                clock.instant());
    }

    public void setRate(BigDecimal mxnPerUsd) {
        this.mxnPerUsd = mxnPerUsd;
    }

    public void setDown(boolean down) {
        this.down = down;
    }
}
