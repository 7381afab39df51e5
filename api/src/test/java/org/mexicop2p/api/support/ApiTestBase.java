package org.mexicop2p.api.support;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.mexicop2p.testsupport.TestDatabase;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running daemon on 127.0.0.1 with an ephemeral port and a fresh database (H2 or PostgreSQL per the build's
 * execution), plus helpers to onboard partners through the real admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase implements TestPropertyProvider {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789abcdef";

    /** A partner as onboarded: its id and one-time secrets. */
    public record Onboarded(String partnerId, String apiKey, String webhookSecret) {
    }

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected JsonMapper json;

    private ApiClient api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.create().micronautProperties());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("micronaut.server.port", "-1");
        properties.put("mp2p.admin.token", ADMIN_TOKEN);
        return properties;
    }

    protected ApiClient api() {
        if (api == null) {
            api = new ApiClient(server.getURI(), json);
        }
        return api;
    }

    protected String[] admin() {
        return new String[]{"Authorization", "Bearer " + ADMIN_TOKEN};
    }

    protected Onboarded onboard(String tier, String kycModel, String whitelistJson) {
        ApiClient.Reply reply = api().post("/admin/v1/partners", "{\"name\":\"Test partner\",\"tier\":\"" + tier
                + "\",\"kycModel\":\"" + kycModel + "\",\"ipWhitelist\":" + whitelistJson + "}", admin());
        assertEquals(201, reply.status(), reply.raw());
        return new Onboarded((String) reply.get("partnerId"), (String) reply.get("apiKey"),
                (String) reply.get("webhookSecret"));
    }

    protected Onboarded onboard(String tier, String kycModel) {
        return onboard(tier, kycModel, "[]");
    }

    protected static String[] key(Onboarded partner, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "X-API-Key";
        headers[1] = partner.apiKey();
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    /** Registers a user, optionally attesting a KYC level (PARTNER_MANAGED partners). */
    protected void registerUser(Onboarded partner, String ref, String attestedLevel) {
        String body = attestedLevel == null ? "{\"partnerUserRef\":\"" + ref + "\"}"
                : "{\"partnerUserRef\":\"" + ref + "\",\"kycAttestation\":{\"level\":\"" + attestedLevel
                + "\",\"verifiedAt\":\"2025-06-01T00:00:00Z\"}}";
        ApiClient.Reply reply = api().post("/api/v1/users", body, key(partner));
        assertEquals(201, reply.status(), reply.raw());
    }

    protected ApiClient.Reply quote(Onboarded partner, String ref, String amount, String token, String fee) {
        return api().post("/api/v1/quotes", "{\"partnerUserRef\":\"" + ref + "\",\"amount\":\"" + amount
                + "\",\"token\":\"" + token + "\",\"feePercent\":" + fee + "}", key(partner));
    }

    protected String quoteId(Onboarded partner, String ref, String amount) {
        ApiClient.Reply reply = quote(partner, ref, amount, "USDC", "0");
        assertEquals(201, reply.status(), reply.raw());
        return (String) reply.get("quoteId");
    }

    protected ApiClient.Reply order(Onboarded partner, String quoteId, String ref, String clabe) {
        return api().post("/api/v1/orders", "{\"quoteId\":\"" + quoteId + "\",\"partnerUserRef\":\"" + ref
                + "\",\"clabe\":\"" + clabe + "\"}", key(partner));
    }
}
