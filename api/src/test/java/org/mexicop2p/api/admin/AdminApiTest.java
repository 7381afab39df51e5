package org.mexicop2p.api.admin;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.settlement.partner.PartnerRepository;
import org.mexicop2p.testsupport.DatabaseTest;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operators' API: token check, onboarding, key storage, changes and their validation. */
@MicronautTest(transactional = false)
@DatabaseTest
class AdminApiTest extends ApiTestBase {

    @Inject
    PartnerRepository partners;

    @Test
    void adminTokenIsRequired() {
        String body = "{\"name\":\"x\",\"tier\":\"FREE\",\"kycModel\":\"PARTNER_MANAGED\"}";
        long before = partners.count();
        Reply none = api().post("/admin/v1/partners", body);
        assertEquals(401, none.status());
        assertEquals("ADMIN_UNAUTHORIZED", none.error());
        Reply wrong = api().post("/admin/v1/partners", body, "Authorization", "Bearer " + "0".repeat(48));
        assertEquals(401, wrong.status());
        assertEquals(before, partners.count());
    }

    @Test
    void onboardingShowsSecretsOnceAndStoresOnlyAHash() {
        Onboarded created = onboard("ENTERPRISE", "MEXICOP2P_PROVIDED", "[\"1.2.3.4\",\"10.0.0.0/8\"]");
        assertTrue(created.apiKey().matches("mp2p_[0-9a-f]{64}"), created.apiKey());
        assertTrue(created.webhookSecret().startsWith("whsec_"));
        var stored = partners.findById(UUID.fromString(created.partnerId())).orElseThrow();
        assertTrue(stored.apiKeyHash().startsWith("$2a$10$"), "bcrypt");
        assertFalse(stored.apiKeyHash().contains(created.apiKey().substring(5)));

        Reply view = api().get("/admin/v1/partners/" + created.partnerId(), admin());
        assertEquals(200, view.status());
        assertEquals(List.of("1.2.3.4", "10.0.0.0/8"), view.get("ipWhitelist"));
        assertFalse(view.raw().contains(created.apiKey()));
        assertFalse(view.raw().contains("whsec_"));
    }

    @Test
    void invalidInputChangesNothing() {
        assertValidation(api().post("/admin/v1/partners",
                "{\"name\":\"x\",\"tier\":\"PLATINUM\",\"kycModel\":\"PARTNER_MANAGED\"}", admin()), "tier");
        assertValidation(api().post("/admin/v1/partners",
                "{\"name\":\"x\",\"tier\":\"FREE\",\"kycModel\":\"PARTNER_MANAGED\",\"ipWhitelist\":[\"1.2.3\"]}",
                admin()), "ipWhitelist");
        assertValidation(api().post("/admin/v1/partners",
                "{\"name\":\"x\",\"tier\":\"FREE\",\"kycModel\":\"PARTNER_MANAGED\",\"ipWhitelist\":[\"10.0.0.0/33\"]}",
                admin()), "ipWhitelist");
        assertValidation(api().post("/admin/v1/partners", "{\"tier\":\"FREE\",\"kycModel\":\"PARTNER_MANAGED\"}",
                admin()), "name");
        long before = partners.count();

        Onboarded partner = onboard("FREE", "PARTNER_MANAGED");
        assertValidation(api().patch("/admin/v1/partners/" + partner.partnerId(), "{\"status\":\"GONE\"}",
                admin()), "status");
        assertValidation(api().patch("/admin/v1/partners/" + partner.partnerId(), "{}", admin()), "body");
        Reply changed = api().patch("/admin/v1/partners/" + partner.partnerId(),
                "{\"tier\":\"GROWTH\",\"ipWhitelist\":[\"2001:db8::/32\"]}", admin());
        assertEquals(200, changed.status(), changed.raw());
        assertEquals("GROWTH", changed.get("tier"));
        assertEquals(List.of("2001:db8:0:0:0:0:0:0/32"), changed.get("ipWhitelist"));
        assertEquals(before + 1, partners.count());

        Reply missing = api().patch("/admin/v1/partners/" + UUID.randomUUID(), "{\"tier\":\"FREE\"}", admin());
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.error());
        assertEquals(404, api().post("/admin/v1/partners/not-an-id/keys", "", admin()).status());
    }

    private static void assertValidation(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.raw());
        assertEquals("VALIDATION_ERROR", reply.error());
        assertTrue(((String) reply.get("message")).startsWith(field), reply.raw());
    }
}
