package org.mexicop2p.settlement.rate;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The current USD/MXN rate, cached for five minutes (the partner docs promise a rate valid that long, and the source
 * is rate-limited). One caller refreshes at a time. When the cache is stale and the source fails, callers get
 * RATE_SOURCE_UNAVAILABLE: quoting on an old rate would misprice orders.
 */
@Singleton
public class ExchangeRateService {

    /** A cached rate and when it stops being served. */
    public record Current(ExchangeRate rate, Instant validUntil) {
    }

    /** Rates outside this band are treated as a broken source, not as a market move. */
    static final BigDecimal MIN_SANE_RATE = new BigDecimal("1");
    static final BigDecimal MAX_SANE_RATE = new BigDecimal("1000");
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeRateService.class);

    private final ExchangeRateSource source;
    private final Clock clock;
    private final Duration ttl;
    private volatile Current cached;

    public ExchangeRateService(ExchangeRateSource source, Clock clock,
                               @Value("${mp2p.rate.cache-ttl-ms:300000}") long cacheTtlMs) {
        this.source = source;
        this.clock = clock;
        this.ttl = Duration.ofMillis(cacheTtlMs);
    }

    public Current current() {
        Current snapshot = cached;
        if (snapshot != null && clock.instant().isBefore(snapshot.validUntil())) {
            return snapshot;
        }
        return refresh();
    }

    private synchronized Current refresh() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.validUntil())) {
            return cached;
        }
        try {
            ExchangeRate rate = source.fetch();
            BigDecimal value = rate.mxnPerUsd();
            if (value.compareTo(MIN_SANE_RATE) < 0 || value.compareTo(MAX_SANE_RATE) > 0) {
                throw new ExchangeRateSource.SourceUnavailableException("implausible rate " + value, null);
            }
            cached = new Current(rate, now.plus(ttl));
            return cached;
        } catch (ExchangeRateSource.SourceUnavailableException | RuntimeException e) {
            LOG.warn("exchange-rate source failed: {}", e.getMessage());
            throw new RejectedException(Rejection.RATE_SOURCE_UNAVAILABLE,
                    "the exchange-rate source is unavailable; try again shortly");
        }
    }
}
