package org.mexicop2p.api.partner;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.api.support.TestClock;
import org.mexicop2p.testsupport.DatabaseTest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, partner status, IP whitelist, rate limits and the error format of the Partner API. */
@MicronautTest(transactional = false)
@DatabaseTest
class AccessTest extends ApiTestBase {

    @Inject
    TestClock clock;

    @Test
    void healthShowsTierLimitsAndRateHeaders() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        Reply reply = api().get("/api/v1/health", key(partner));
        assertEquals(200, reply.status(), reply.raw());
        assertEquals("GROWTH", reply.get("tier"));
        assertEquals(partner.partnerId(), reply.get("partnerId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) reply.get("limits");
        assertEquals(200, ((Number) limits.get("requestsPerMinute")).intValue());
        assertEquals(500, ((Number) limits.get("monthlyUsers")).intValue());
        assertEquals("200", reply.header("X-RateLimit-Limit"));
        assertEquals("199", reply.header("X-RateLimit-Remaining"));
        long reset = Long.parseLong(reply.header("X-RateLimit-Reset"));
        long now = clock.instant().getEpochSecond();
        assertTrue(reset > now && reset <= now + 60, "reset within the current minute: " + reset);
    }

    @Test
    void missingAndInvalidKeys() {
        Reply missing = api().get("/api/v1/health");
        assertEquals(401, missing.status());
        assertEquals("MISSING_API_KEY", missing.error());
        assertNotNull(missing.get("message"));

        Reply malformed = api().get("/api/v1/health", "X-API-Key", "mp2p_not-a-key");
        assertEquals(401, malformed.status());
        assertEquals("INVALID_API_KEY", malformed.error());

        Reply unknown = api().get("/api/v1/health", "X-API-Key", "mp2p_" + "ab".repeat(32));
        assertEquals(401, unknown.status());
        assertEquals("INVALID_API_KEY", unknown.error());

        // a key no cache has seen is verified before any route runs, also a route that reads no partner
        Reply unknownOnRate = api().get("/api/v1/exchange-rate", "X-API-Key", "mp2p_" + "cd".repeat(32));
        assertEquals(401, unknownOnRate.status());
        assertEquals("INVALID_API_KEY", unknownOnRate.error());
    }

    @Test
    void inactiveAndSuspendedPartnersAreRefusedAtOnce() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        assertEquals(200, api().get("/api/v1/health", key(partner)).status());

        assertEquals(200, api().patch("/admin/v1/partners/" + partner.partnerId(), "{\"status\":\"INACTIVE\"}",
                admin()).status());
        Reply inactive = api().get("/api/v1/health", key(partner));
        assertEquals(403, inactive.status());
        assertEquals("PARTNER_INACTIVE", inactive.error());

        api().patch("/admin/v1/partners/" + partner.partnerId(), "{\"status\":\"SUSPENDED\"}", admin());
        Reply suspended = api().get("/api/v1/health", key(partner));
        assertEquals(403, suspended.status());
        assertEquals("PARTNER_SUSPENDED", suspended.error());

        api().patch("/admin/v1/partners/" + partner.partnerId(), "{\"status\":\"ACTIVE\"}", admin());
        assertEquals(200, api().get("/api/v1/health", key(partner)).status());
    }

    @Test
    void rotatedKeyReplacesTheOldOneImmediately() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        assertEquals(200, api().get("/api/v1/health", key(partner)).status());
        Reply rotated = api().post("/admin/v1/partners/" + partner.partnerId() + "/keys", "", admin());
        assertEquals(201, rotated.status(), rotated.raw());
        String newKey = (String) rotated.get("apiKey");
        assertNotEquals(partner.apiKey(), newKey);
        assertEquals(69, newKey.length());

        Reply old = api().get("/api/v1/health", key(partner));
        assertEquals(401, old.status());
        assertEquals("INVALID_API_KEY", old.error());
        assertEquals(200, api().get("/api/v1/health", "X-API-Key", newKey).status());
    }

    @Test
    void ipWhitelistIsEnforced() {
        Onboarded elsewhere = onboard("GROWTH", "PARTNER_MANAGED", "[\"1.2.3.4\",\"10.0.0.0/8\"]");
        Reply refused = api().get("/api/v1/health", key(elsewhere));
        assertEquals(403, refused.status());
        assertEquals("IP_NOT_ALLOWED", refused.error());

        Onboarded local = onboard("GROWTH", "PARTNER_MANAGED", "[\"10.0.0.0/8\",\"127.0.0.0/8\"]");
        assertEquals(200, api().get("/api/v1/health", key(local)).status());

        assertEquals(200, api().patch("/admin/v1/partners/" + elsewhere.partnerId(),
                "{\"ipWhitelist\":[\"127.0.0.1\"]}", admin()).status());
        assertEquals(200, api().get("/api/v1/health", key(elsewhere)).status());
    }

    @Test
    void overTheTierLimitIsRateLimitedWithRetryAfter() {
        Onboarded free = onboard("FREE", "PARTNER_MANAGED");
        // The limit counts per clock minute: start this partner's 51 requests at the beginning of a fresh minute so
        // the window cannot roll over in the middle of the count.
        Instant now = clock.instant();
        Duration toNextMinute = Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        clock.advance(toNextMinute);
        try {
            for (int i = 1; i <= 50; i++) {
                Reply ok = api().get("/api/v1/health", key(free));
                assertEquals(200, ok.status(), ok.raw());
                assertEquals(Integer.toString(50 - i), ok.header("X-RateLimit-Remaining"));
            }
            Reply limited = api().get("/api/v1/health", key(free));
            assertEquals(429, limited.status());
            assertEquals("RATE_LIMITED", limited.error());
            int retryAfter = Integer.parseInt(limited.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60);
            assertEquals("0", limited.header("X-RateLimit-Remaining"));
            assertEquals("50", limited.header("X-RateLimit-Limit"));
        } finally {
            // the clock is shared by the class's tests
            clock.advance(toNextMinute.negated());
        }
    }

    @Test
    void unknownRoutesAndWrongMethodsUseTheErrorFormat() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        Reply unknown = api().get("/api/v1/nothing-here", key(partner));
        assertEquals(404, unknown.status());
        assertEquals("NOT_FOUND", unknown.error());

        Reply notJson = api().send(java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/quotes"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("amount=1")), key(partner));
        assertEquals(400, notJson.status(), notJson.raw());
        assertEquals("VALIDATION_ERROR", notJson.error());
        assertNull(notJson.header("X-Powered-By"));

        String twoMegabytes = "{\"partnerUserRef\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Reply oversized = api().post("/api/v1/users", twoMegabytes, key(partner));
        assertEquals(400, oversized.status(), oversized.raw());
        assertEquals("VALIDATION_ERROR", oversized.error());

        Reply wrongMethod = api().send(java.net.http.HttpRequest.newBuilder(
                server.getURI().resolve("/api/v1/quotes")).DELETE(), key(partner));
        assertEquals(405, wrongMethod.status(), wrongMethod.raw());
        assertEquals("METHOD_NOT_ALLOWED", wrongMethod.error());
    }

    @Test
    void openApiDocumentIsServed() {
        Reply doc = api().get("/swagger/mexicop2p-settlement-api-1.0.yml");
        assertEquals(200, doc.status());
        for (String path : new String[]{"/api/v1/health", "/api/v1/users", "/api/v1/users/{partnerUserRef}/kyc",
                "/api/v1/exchange-rate", "/api/v1/quotes", "/api/v1/orders", "/api/v1/orders/{id}",
                "/admin/v1/partners", "/admin/v1/partners/{id}/keys"}) {
            assertTrue(doc.raw().contains(path + ":"), "OpenAPI document lists " + path);
        }
        assertTrue(doc.raw().contains("X-API-Key"));
    }
}
