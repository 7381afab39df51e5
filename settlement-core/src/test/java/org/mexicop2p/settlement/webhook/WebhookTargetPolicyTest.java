package org.mexicop2p.settlement.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookTargetPolicyTest {

    /** A fixed DNS so the tests never depend on the network; literal IPs resolve to themselves. */
    private static final Map<String, String> DNS = Map.of(
            "partner.example", "203.0.113.10",
            "rebinding.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "cgnat.example", "100.100.1.1",
            "ula.example", "fd00::1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip != null) {
            return new InetAddress[] {InetAddress.getByName(ip)};
        }
        if (host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    }

    private final WebhookTargetPolicy production = new WebhookTargetPolicy(false, WebhookTargetPolicyTest::resolve);
    private final WebhookTargetPolicy sandbox = new WebhookTargetPolicy(true, WebhookTargetPolicyTest::resolve);

    @Test
    void aPublicHttpsUrlIsAllowedEverywhere() {
        assertTrue(production.check("https://partner.example/hooks/mp2p").allowed());
        assertTrue(sandbox.check("https://partner.example/hooks/mp2p").allowed());
    }

    @ParameterizedTest
    @CsvSource({
            "http://partner.example/hooks, SCHEME_NOT_ALLOWED",
            "ftp://partner.example/hooks, SCHEME_NOT_ALLOWED",
            "http://127.0.0.1:9000/hooks, SCHEME_NOT_ALLOWED",
            "https://127.0.0.1/hooks, INTERNAL_ADDRESS",
            "https://[::1]/hooks, INTERNAL_ADDRESS",
            "https://rebinding.example/hooks, INTERNAL_ADDRESS",
            "https://metadata.example/latest, INTERNAL_ADDRESS",
            "https://cgnat.example/hooks, INTERNAL_ADDRESS",
            "https://ula.example/hooks, INTERNAL_ADDRESS",
            "https://192.168.1.20/hooks, INTERNAL_ADDRESS",
            "https://0.0.0.0/hooks, INTERNAL_ADDRESS",
            "https://unknown.example/hooks, UNRESOLVABLE_HOST",
            "https://user:pw@partner.example/hooks, CREDENTIALS_IN_URL",
            "/relative/path, MALFORMED_URL",
            "https://exa mple.com/, MALFORMED_URL"
    })
    void productionRefusesAnythingButPublicHttps(String url, WebhookTargetPolicy.Rejection expected) {
        assertEquals(expected, production.check(url).rejection());
    }

    @Test
    void sandboxAllowsPlainHttpToLoopbackOnly() {
        assertTrue(sandbox.check("http://127.0.0.1:9000/hooks").allowed());
        assertTrue(sandbox.check("http://[::1]:9000/hooks").allowed());
        assertEquals(WebhookTargetPolicy.Rejection.SCHEME_NOT_ALLOWED,
                sandbox.check("http://partner.example/hooks").rejection());
        assertEquals(WebhookTargetPolicy.Rejection.INTERNAL_ADDRESS,
                sandbox.check("https://rebinding.example/hooks").rejection());
    }

    @Test
    void overlongUrlsAreRefusedBeforeParsing() {
        String url = "https://partner.example/" + "a".repeat(WebhookTargetPolicy.MAX_URL_LENGTH);
        assertEquals(WebhookTargetPolicy.Rejection.MALFORMED_URL, production.check(url).rejection());
        assertEquals(WebhookTargetPolicy.Rejection.MALFORMED_URL, production.check(null).rejection());
    }
}
