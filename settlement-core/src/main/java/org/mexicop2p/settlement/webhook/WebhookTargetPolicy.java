package org.mexicop2p.settlement.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a partner's webhook URL may be called. Outside sandbox mode only HTTPS URLs whose host resolves to
 * public addresses are allowed: a URL that points at loopback, private, link-local or other internal ranges would let
 * a partner make our daemon call its own infrastructure (SSRF). In sandbox mode, plain {@code http://} to loopback is
 * also allowed so a newcomer can watch webhooks on the same machine.
 *
 * <p>The check runs when the URL is registered and again before every delivery, because DNS answers change.
 */
public final class WebhookTargetPolicy {

    /** Why a URL is refused. */
    public enum Rejection {
        /** Not an absolute URL, or longer than {@link #MAX_URL_LENGTH}. */
        MALFORMED_URL,
        /** Not https (or, in sandbox mode, not http to loopback either). */
        SCHEME_NOT_ALLOWED,
        /** Carries user:password, which would end up in logs and proxies. */
        CREDENTIALS_IN_URL,
        /** The host does not resolve. */
        UNRESOLVABLE_HOST,
        /** The host resolves to loopback, private, link-local, multicast or unspecified addresses. */
        INTERNAL_ADDRESS
    }

    /** The verdict: allowed, or the reason it is not. */
    public record Verdict(Rejection rejection, String message) {
        public boolean allowed() {
            return rejection == null;
        }

        static Verdict ok() {
            return new Verdict(null, null);
        }
    }

    /** Resolves host names; replaceable in tests so no test depends on outside DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final int MAX_URL_LENGTH = 2048;

    private final boolean sandboxMode;
    private final Resolver resolver;

    public WebhookTargetPolicy(boolean sandboxMode, Resolver resolver) {
        this.sandboxMode = sandboxMode;
        this.resolver = resolver;
    }

    public WebhookTargetPolicy(boolean sandboxMode) {
        this(sandboxMode, InetAddress::getAllByName);
    }

    public Verdict check(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return refuse(Rejection.MALFORMED_URL, "the webhook URL must be an absolute URL of at most "
                    + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return refuse(Rejection.MALFORMED_URL, "the webhook URL is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isEmpty()) {
            return refuse(Rejection.MALFORMED_URL, "the webhook URL must be absolute and name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return refuse(Rejection.CREDENTIALS_IN_URL, "the webhook URL must not carry credentials");
        }
        if (!scheme.equals("https") && !(sandboxMode && scheme.equals("http"))) {
            return refuse(Rejection.SCHEME_NOT_ALLOWED, sandboxMode
                    ? "the webhook URL must use https (or http to this machine in sandbox mode)"
                    : "the webhook URL must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return refuse(Rejection.UNRESOLVABLE_HOST, "the webhook host does not resolve");
        }
        if (addresses.length == 0) {
            return refuse(Rejection.UNRESOLVABLE_HOST, "the webhook host does not resolve");
        }
        for (InetAddress address : addresses) {
            boolean loopback = address.isLoopbackAddress();
            if (sandboxMode && loopback) {
                continue;
            }
            if (scheme.equals("http")) {
                return refuse(Rejection.SCHEME_NOT_ALLOWED, "plain http is allowed only to this machine in sandbox mode");
            }
            if (isInternal(address)) {
                return refuse(Rejection.INTERNAL_ADDRESS,
                        "the webhook host resolves to an internal address; use a public https endpoint");
            }
        }
        return Verdict.ok();
    }

    private static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 carrier-grade NAT and 0.0.0.0/8 are not public either.
            return first == 0 || (first == 100 && second >= 64 && second <= 127);
        }
        // fc00::/7 unique local addresses (Java's isSiteLocalAddress only knows the deprecated fec0::/10).
        return (b[0] & 0xfe) == 0xfc;
    }

    private static Verdict refuse(Rejection rejection, String message) {
        return new Verdict(rejection, message);
    }
}
