package org.mexicop2p.cep.portal;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link BanxicoPortalClient} talks to the portal.
 *
 * @param baseUrl           portal root, e.g. {@code https://www.banxico.org.mx/cep} (never {@code cep-beta} in
 *                          production); {@code /valida.do} and {@code /descarga.do} are appended
 * @param minQueryInterval  least time between two queries: the portal demands a captcha after ~4 quick ones
 * @param throttleCooldown  after a captcha or "too many queries" page, how long to answer THROTTLED without asking
 * @param requestTimeout    per HTTP request, from sending it to the last byte of the answer
 */
public record PortalSettings(URI baseUrl, Duration minQueryInterval, Duration throttleCooldown,
                             Duration requestTimeout) {

    /** Production portal over HTTPS. */
    public static final URI BANXICO_PRODUCTION = URI.create("https://www.banxico.org.mx/cep");

    public PortalSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(minQueryInterval, "minQueryInterval");
        Objects.requireNonNull(throttleCooldown, "throttleCooldown");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("portal base URL must be http(s)");
        }
        if (minQueryInterval.isNegative() || throttleCooldown.isNegative() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("intervals must be >= 0 and the timeout > 0");
        }
    }

    /** Conservative defaults: one query per 5 s, 15 min cool-down after throttling, 20 s per request. */
    public static PortalSettings defaults(URI baseUrl) {
        return new PortalSettings(baseUrl, Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofSeconds(20));
    }
}
