package org.mexicop2p.cep.portal;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the {@link BanxicoPortalClient} talks to the portal.
 *
 * @param baseUrl           portal root, e.g. {@code https://www.banxico.org.mx/cep} (never {@code cep-beta} in
 *                          production); {@code /valida.do} and {@code /descarga.do} are appended. Plain {@code http}
 *                          only on a loopback host (the sandbox portal): elsewhere anyone on the path could forge the
 *                          answers
 * @param minQueryInterval  least time between two queries: the portal demands a captcha after ~4 quick ones
 * @param throttleCooldown  after a captcha or "too many queries" page, how long to answer THROTTLED without asking
 * @param requestTimeout    per HTTP request, from sending it to the last byte of the answer
 */
public record PortalSettings(URI baseUrl, Duration minQueryInterval, Duration throttleCooldown,
                             Duration requestTimeout) {

    /** Production portal over HTTPS. */
    public static final URI BANXICO_PRODUCTION = URI.create("https://www.banxico.org.mx/cep");
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public PortalSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(minQueryInterval, "minQueryInterval");
        Objects.requireNonNull(throttleCooldown, "throttleCooldown");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("portal base URL must be http(s)");
        }
        if ("http".equals(scheme) && !isLoopback(baseUrl.getHost())) {
            throw new IllegalArgumentException("portal base URL " + baseUrl + " is plain http on a host that is not "
                    + "loopback; use https (plain http is only for a sandbox portal on 127.0.0.1, [::1] or localhost)");
        }
        if (minQueryInterval.isNegative() || throttleCooldown.isNegative() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("intervals must be >= 0 and the timeout > 0");
        }
    }

    /** The name localhost or a literal loopback address; nothing is resolved: another name may point anywhere. */
    private static boolean isLoopback(String host) {
        return host != null && ("localhost".equalsIgnoreCase(host) || "[::1]".equals(host)
                || LOOPBACK_IPV4.matcher(host).matches());
    }

    /** Conservative defaults: one query per 5 s, 15 min cool-down after throttling, 20 s per request. */
    public static PortalSettings defaults(URI baseUrl) {
        return new PortalSettings(baseUrl, Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofSeconds(20));
    }
}
