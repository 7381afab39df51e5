package org.mexicop2p.settlement.payment;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.portal.PortalSettings;

import java.net.URI;
import java.time.Duration;

/**
 * Payment-proof configuration. {@code mp2p.sandbox-mode} (default true, the embedded run) lets sandbox and beta CEP
 * certificates count; production sets it false. The portal is asked at most once per
 * {@code mp2p.banxico.min-query-interval-ms} by the client itself; a fetch is retried from
 * {@code retry-initial-ms}, doubling up to {@code retry-max-ms}, until the lock deadline plus {@code fetch-grace-ms}.
 */
@Singleton
public class PaymentSettings {

    private final boolean sandboxMode;
    private final PortalSettings portal;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Duration fetchGrace;
    private final Duration claimLease;

    public PaymentSettings(@Value("${mp2p.sandbox-mode:true}") boolean sandboxMode,
                           @Value("${mp2p.banxico.portal-url:`http://127.0.0.1:5060`}") String portalUrl,
                           @Value("${mp2p.banxico.min-query-interval-ms:5000}") long minQueryIntervalMs,
                           @Value("${mp2p.banxico.throttle-cooldown-ms:900000}") long throttleCooldownMs,
                           @Value("${mp2p.banxico.request-timeout-ms:20000}") long requestTimeoutMs,
                           @Value("${mp2p.banxico.retry-initial-ms:30000}") long retryInitialMs,
                           @Value("${mp2p.banxico.retry-max-ms:600000}") long retryMaxMs,
                           @Value("${mp2p.banxico.fetch-grace-ms:900000}") long fetchGraceMs) {
        if (retryInitialMs <= 0 || retryMaxMs < retryInitialMs || fetchGraceMs < 0) {
            throw new IllegalArgumentException("mp2p.banxico retry settings: 0 < retry-initial-ms <= retry-max-ms, "
                    + "fetch-grace-ms >= 0");
        }
        this.sandboxMode = sandboxMode;
        String root = portalUrl.endsWith("/") ? portalUrl.substring(0, portalUrl.length() - 1) : portalUrl;
        Duration minQueryInterval = Duration.ofMillis(minQueryIntervalMs);
        Duration requestTimeout = Duration.ofMillis(requestTimeoutMs);
        try {
            // Built here so a bad portal URL stops the daemon at startup, not at its first fetch.
            // The portal's pages live under /cep (valida.do, descarga.do), in production and in the sandbox alike.
            this.portal = new PortalSettings(URI.create(root + "/cep"), minQueryInterval,
                    Duration.ofMillis(throttleCooldownMs), requestTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mp2p.banxico: " + e.getMessage(), e);
        }
        this.retryInitial = Duration.ofMillis(retryInitialMs);
        this.retryMax = Duration.ofMillis(retryMaxMs);
        this.fetchGrace = Duration.ofMillis(fetchGraceMs);
        // Longer than one throttled query can block (interval + timeout twice: valida.do and descarga.do).
        this.claimLease = minQueryInterval.plus(requestTimeout.multipliedBy(2)).plusSeconds(30);
    }

    public boolean sandboxMode() {
        return sandboxMode;
    }

    public PortalSettings portal() {
        return portal;
    }

    /** Back-off before attempt {@code attempts + 1}: initial, doubled per attempt, capped. */
    public Duration retryDelay(int attempts) {
        Duration delay = retryInitial;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    public Duration fetchGrace() {
        return fetchGrace;
    }

    public Duration claimLease() {
        return claimLease;
    }
}
