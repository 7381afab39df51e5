package org.mexicop2p.api.partner;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.api.support.TestClock;
import org.mexicop2p.settlement.kyc.KycSession;
import org.mexicop2p.settlement.kyc.KycSessionRepository;
import org.mexicop2p.settlement.kyc.SandboxKycProvider;
import org.mexicop2p.settlement.rate.SandboxRateSource;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users, both KYC models with the sandbox provider, and the exchange rate. */
@MicronautTest(transactional = false)
@DatabaseTest
class UsersAndKycTest extends ApiTestBase {

    @Inject
    SandboxKycProvider kycProvider;
    @Inject
    KycSessionRepository kycSessions;
    @Inject
    SandboxRateSource rateSource;
    @Inject
    TestClock clock;

    @Test
    void registerGetAndDuplicate() {
        Onboarded partner = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        Reply created = api().post("/api/v1/users", "{\"partnerUserRef\":\"user_12345\"}", key(partner));
        assertEquals(201, created.status(), created.raw());
        assertEquals("user_12345", created.get("partnerUserRef"));
        assertEquals("NONE", created.get("kycLevel"));

        Reply duplicate = api().post("/api/v1/users", "{\"partnerUserRef\":\"user_12345\"}", key(partner));
        assertEquals(409, duplicate.status());
        assertEquals("DUPLICATE_USER", duplicate.error());

        Reply fetched = api().get("/api/v1/users/user_12345", key(partner));
        assertEquals(200, fetched.status());
        assertEquals("NONE", fetched.get("kycLevel"));
        assertTrue(fetched.raw().contains("\"monthlyVolumeMxn\":0.00"), fetched.raw());

        Reply missing = api().get("/api/v1/users/nobody", key(partner));
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.error());

        Onboarded other = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        assertEquals(404, api().get("/api/v1/users/user_12345", key(other)).status(),
                "partners never see each other's users");
    }

    @Test
    void badUserBodiesAreValidationErrorsNamingTheField() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        assertValidation(api().post("/api/v1/users", "{}", key(partner)), "partnerUserRef");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":42}", key(partner)), "partnerUserRef");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"has space\"}", key(partner)),
                "partnerUserRef");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"a\",\"extra\":1}", key(partner)),
                "extra");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":", key(partner)), "body");
        assertValidation(api().post("/api/v1/users", "[1,2]", key(partner)), "body");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"u1\",\"kycAttestation\":"
                + "{\"level\":\"GOLD\",\"verifiedAt\":\"2025-06-01T00:00:00Z\"}}", key(partner)),
                "kycAttestation.level");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"u1\",\"kycAttestation\":"
                + "{\"level\":\"BASIC\",\"verifiedAt\":\"yesterday\"}}", key(partner)), "kycAttestation.verifiedAt");
        String huge = "{\"partnerUserRef\":\"" + "x".repeat(20_000) + "\"}";
        assertValidation(api().post("/api/v1/users", huge, key(partner)), "body");
        assertEquals(404, api().get("/api/v1/users/u1", key(partner)).status(), "nothing was created");
    }

    @Test
    void partnerManagedAttestationAndLevelUp() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        registerUser(partner, "pm_user", "BASIC");
        assertEquals("BASIC", api().get("/api/v1/users/pm_user", key(partner)).get("kycLevel"));

        Reply kyc = api().post("/api/v1/users/pm_user/kyc",
                "{\"level\":\"FULL\",\"returnUrl\":\"https://partner.example/kyc\"}", key(partner));
        assertEquals(400, kyc.status());
        assertEquals("KYC_NOT_AVAILABLE", kyc.error());

        Reply levelUp = api().post("/api/v1/users", "{\"partnerUserRef\":\"pm_user\",\"kycAttestation\":"
                + "{\"level\":\"FULL\",\"verifiedAt\":\"2025-07-01T00:00:00Z\"}}", key(partner));
        assertEquals(200, levelUp.status(), levelUp.raw());
        assertEquals("FULL", levelUp.get("kycLevel"));
        assertEquals("2025-07-01T00:00:00Z", levelUp.get("kycVerifiedAt"));

        Reply sameAgain = api().post("/api/v1/users", "{\"partnerUserRef\":\"pm_user\",\"kycAttestation\":"
                + "{\"level\":\"BASIC\",\"verifiedAt\":\"2025-07-01T00:00:00Z\"}}", key(partner));
        assertEquals(409, sameAgain.status());
        assertEquals("DUPLICATE_USER", sameAgain.error());
    }

    @Test
    void attestationTimesBeforeTheFloorAreValidationErrorsAndChangeNothing() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        // Year -300000000 once overflowed into a far-future time on H2 and was a DUPLICATE_USER 409 on PostgreSQL.
        String farPast = "{\"partnerUserRef\":\"early_user\",\"kycAttestation\":"
                + "{\"level\":\"BASIC\",\"verifiedAt\":\"-300000000-01-01T00:00:00Z\"}}";
        Reply refused = api().post("/api/v1/users", farPast, key(partner, "Idempotency-Key", "far-past"));
        assertEquals("{\"error\":\"VALIDATION_ERROR\",\"message\":\"kycAttestation.verifiedAt: must not be before "
                + "2000-01-01T00:00:00Z\"}", refused.raw());
        assertEquals(400, refused.status());
        Reply replayed = api().post("/api/v1/users", farPast, key(partner, "Idempotency-Key", "far-past"));
        assertEquals(400, replayed.status(), replayed.raw());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"early_user\",\"kycAttestation\":"
                + "{\"level\":\"BASIC\",\"verifiedAt\":\"1999-12-31T23:59:59Z\"}}", key(partner)),
                "kycAttestation.verifiedAt: ");
        assertEquals(404, api().get("/api/v1/users/early_user", key(partner)).status(), "nothing was created");

        registerUser(partner, "raised_user", "BASIC");
        assertValidation(api().post("/api/v1/users", "{\"partnerUserRef\":\"raised_user\",\"kycAttestation\":"
                + "{\"level\":\"FULL\",\"verifiedAt\":\"-300000000-01-01T00:00:00Z\"}}", key(partner)),
                "kycAttestation.verifiedAt: ");
        Reply unchanged = api().get("/api/v1/users/raised_user", key(partner));
        assertEquals("BASIC", unchanged.get("kycLevel"));
        assertEquals("2025-06-01T00:00:00Z", unchanged.get("kycVerifiedAt"));

        Reply atTheFloor = api().post("/api/v1/users", "{\"partnerUserRef\":\"early_user\",\"kycAttestation\":"
                + "{\"level\":\"BASIC\",\"verifiedAt\":\"2000-01-01T00:00:00Z\"}}", key(partner));
        assertEquals(201, atTheFloor.status(), atTheFloor.raw());
        assertEquals("2000-01-01T00:00:00Z", atTheFloor.get("kycVerifiedAt"));
    }

    @Test
    void userLimitOfTheFreeTier() {
        Onboarded free = onboard("FREE", "PARTNER_MANAGED");
        for (int i = 0; i < 10; i++) {
            registerUser(free, "free_" + i, null);
        }
        Reply over = api().post("/api/v1/users", "{\"partnerUserRef\":\"free_10\"}", key(free));
        assertEquals(403, over.status());
        assertEquals("USER_LIMIT_REACHED", over.error());
        assertEquals(404, api().get("/api/v1/users/free_10", key(free)).status());
    }

    @Test
    void providedKycSessionApprovedRaisesTheLevel() {
        Onboarded partner = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        registerUser(partner, "kyc_user", null);
        Reply session = api().post("/api/v1/users/kyc_user/kyc",
                "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc/complete\"}", key(partner));
        assertEquals(201, session.status(), session.raw());
        assertEquals("PENDING", session.get("status"));
        String sessionUrl = (String) session.get("sessionUrl");
        assertTrue(sessionUrl.startsWith("https://kyc.sandbox.mexicop2p.invalid/session/sbx_"), sessionUrl);

        String providerId = sessionUrl.substring(sessionUrl.lastIndexOf('/') + 1);
        kycProvider.approve(providerId);
        Reply user = api().get("/api/v1/users/kyc_user", key(partner));
        assertEquals("BASIC", user.get("kycLevel"));

        Reply second = api().post("/api/v1/users/kyc_user/kyc",
                "{\"level\":\"FULL\",\"returnUrl\":\"https://your-app.com/kyc/complete\"}", key(partner));
        String secondId = ((String) second.get("sessionUrl")).substring(
                ((String) second.get("sessionUrl")).lastIndexOf('/') + 1);
        kycProvider.reject(secondId);
        assertEquals("BASIC", api().get("/api/v1/users/kyc_user", key(partner)).get("kycLevel"));
        assertEquals(KycSession.Status.REJECTED, kycSessions.findByProviderSessionId(secondId).orElseThrow().status());
    }

    @Test
    void providerOutageIsKycSessionFailedAndRecorded() {
        Onboarded partner = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        registerUser(partner, "outage_user", null);
        kycProvider.failNextStarts(1);
        Reply failed = api().post("/api/v1/users/outage_user/kyc",
                "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc\"}", key(partner));
        assertEquals(502, failed.status());
        assertEquals("KYC_SESSION_FAILED", failed.error());
        long failedRows = kycSessions.findAll().stream()
                .filter(s -> s.partnerId().equals(UUID.fromString(partner.partnerId())))
                .filter(s -> s.status() == KycSession.Status.FAILED).count();
        assertEquals(1, failedRows, "the attempt is recorded as FAILED, not lost");

        Reply bad = api().post("/api/v1/users/outage_user/kyc",
                "{\"level\":\"BASIC\",\"returnUrl\":\"javascript:alert(1)\"}", key(partner));
        assertValidation(bad, "returnUrl");
        Reply unknownUser = api().post("/api/v1/users/ghost/kyc",
                "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc\"}", key(partner));
        assertEquals(404, unknownUser.status());
        assertEquals("NOT_FOUND", unknownUser.error());
    }

    @Test
    void kycAllocationOfTheFreeTier() {
        Onboarded free = onboard("FREE", "MEXICOP2P_PROVIDED");
        registerUser(free, "busy_user", null);
        for (int i = 0; i < 10; i++) {
            Reply ok = api().post("/api/v1/users/busy_user/kyc",
                    "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc\"}", key(free));
            assertEquals(201, ok.status(), ok.raw());
        }
        Reply over = api().post("/api/v1/users/busy_user/kyc",
                "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc\"}", key(free));
        assertEquals(403, over.status());
        assertEquals("KYC_LIMIT_REACHED", over.error());
    }

    @Test
    void exchangeRateIsCachedAndSourceOutageIsA502OnceStale() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        clock.advance(Duration.ofMinutes(6));
        Reply rate = api().get("/api/v1/exchange-rate", key(partner));
        assertEquals(200, rate.status(), rate.raw());
        assertEquals("USD/MXN", rate.get("pair"));
        assertTrue(rate.raw().contains("\"rate\":17.25"), rate.raw());
        assertEquals("SANDBOX", rate.get("source"));

        try {
            rateSource.setRate(new BigDecimal("18.10"));
            rateSource.setDown(true);
            Reply cached = api().get("/api/v1/exchange-rate", key(partner));
            assertEquals(200, cached.status(), "within five minutes the cached rate is served");
            assertTrue(cached.raw().contains("\"rate\":17.25"));

            clock.advance(Duration.ofMinutes(6));
            Reply down = api().get("/api/v1/exchange-rate", key(partner));
            assertEquals(502, down.status());
            assertEquals("RATE_SOURCE_UNAVAILABLE", down.error());

            rateSource.setDown(false);
            Reply fresh = api().get("/api/v1/exchange-rate", key(partner));
            assertTrue(fresh.raw().contains("\"rate\":18.10"), fresh.raw());
        } finally {
            rateSource.setDown(false);
            rateSource.setRate(new BigDecimal("17.25"));
            clock.advance(Duration.ofMinutes(6));
        }
        assertNull(rate.get("error"));
    }

    private static void assertValidation(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.raw());
        assertEquals("VALIDATION_ERROR", reply.error());
        assertTrue(((String) reply.get("message")).startsWith(field), reply.raw());
    }
}
