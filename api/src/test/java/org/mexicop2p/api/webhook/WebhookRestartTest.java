package org.mexicop2p.api.webhook;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deliveries survive a restart, and two daemons on one database send each event once: a daemon with delivery off
 * queues events and stops; two daemons then start on the same database and share the queue through leases.
 */
@DatabaseTest
class WebhookRestartTest {

    private static EmbeddedServer start(TestDatabase db, boolean deliver) {
        Map<String, Object> p = new HashMap<>(db.micronautProperties());
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", "-1");
        p.put("mp2p.admin.token", ApiTestBase.ADMIN_TOKEN);
        p.put("mp2p.sandbox-mode", "true");
        p.put("mp2p.webhooks.delivery-enabled", Boolean.toString(deliver));
        p.put("mp2p.webhooks.poll-interval-ms", "20");
        p.put("mp2p.webhooks.retry-delays-ms", "200");
        p.put("mp2p.webhooks.timeout-ms", "10000");
        p.put("mp2p.webhooks.lease-ms", "30000");
        return ApplicationContext.run(EmbeddedServer.class, p);
    }

    private static Reply queueTest(ApiClient api, String apiKey) {
        Reply reply = api.post("/api/v1/webhooks/test", "", "X-API-Key", apiKey);
        assertEquals(202, reply.status(), reply.raw());
        return reply;
    }

    @Test
    void pendingDeliveriesSurviveARestartAndTwoDaemonsSendEachOnce() {
        TestDatabase db = TestDatabase.create();
        String apiKey;
        String secret;
        Set<String> queuedIds = new HashSet<>();
        WebhookReceiver receiver;
        try (EmbeddedServer first = start(db, false)) {
            JsonMapper json = first.getApplicationContext().getBean(JsonMapper.class);
            ApiClient api = new ApiClient(first.getURI(), json);
            Reply onboarded = api.post("/admin/v1/partners", "{\"name\":\"Restart partner\",\"tier\":\"GROWTH\","
                    + "\"kycModel\":\"PARTNER_MANAGED\",\"ipWhitelist\":[]}", "Authorization",
                    "Bearer " + ApiTestBase.ADMIN_TOKEN);
            assertEquals(201, onboarded.status(), onboarded.raw());
            apiKey = (String) onboarded.get("apiKey");
            secret = (String) onboarded.get("webhookSecret");
            receiver = new WebhookReceiver(secret, json);
            Reply put = api.send(HttpRequest.newBuilder(first.getURI().resolve("/api/v1/webhooks"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url() + "\"}",
                            StandardCharsets.UTF_8)), "X-API-Key", apiKey);
            assertEquals(200, put.status(), put.raw());
            for (int i = 0; i < 5; i++) {
                queuedIds.add((String) queueTest(api, apiKey).get("eventId"));
            }
            Reply pending = api.get("/api/v1/webhooks/deliveries?status=PENDING", "X-API-Key", apiKey);
            assertEquals(5, ((List<?>) pending.get("data")).size(), "queued, not sent: delivery is off here");
        }
        assertEquals(0, receiver.received().size());

        try (receiver;
             EmbeddedServer second = start(db, true);
             EmbeddedServer third = start(db, true)) {
            ApiClient viaSecond = new ApiClient(second.getURI(),
                    second.getApplicationContext().getBean(JsonMapper.class));
            ApiClient viaThird = new ApiClient(third.getURI(),
                    third.getApplicationContext().getBean(JsonMapper.class));
            for (int i = 0; i < 20; i++) {
                queuedIds.add((String) queueTest(i % 2 == 0 ? viaSecond : viaThird, apiKey).get("eventId"));
            }
            List<WebhookReceiver.Received> got = receiver.await(r -> true, queuedIds.size(), Duration.ofSeconds(30));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got = receiver.received();
            assertEquals(queuedIds.size(), got.size(), "each event sent once, by one of the two daemons");
            assertEquals(queuedIds, new HashSet<>(got.stream().map(WebhookReceiver.Received::id).toList()));
            Reply delivered = viaThird.get("/api/v1/webhooks/deliveries?status=DELIVERED&limit=100",
                    "X-API-Key", apiKey);
            assertEquals(25L, ((Number) delivered.get("total")).longValue());
        }
    }
}
