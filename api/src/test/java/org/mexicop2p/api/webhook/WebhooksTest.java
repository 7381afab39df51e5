package org.mexicop2p.api.webhook;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.api.support.ApiTestBase;
import org.mexicop2p.settlement.kyc.SandboxKycProvider;
import org.mexicop2p.settlement.webhook.WebhookEvent;
import org.mexicop2p.settlement.webhook.WebhookOutbox;
import org.mexicop2p.testsupport.DatabaseTest;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end over real HTTP: registration and refusals, the signed test event, retries with back-off
 * against a receiver that fails for a while, FAILED after the schedule, the delivery log, replay, order per subject
 * and {@code user.kyc.updated}. Retry delays are 300 ms and 600 ms here (3 attempts) instead of minutes to days.
 */
@MicronautTest(transactional = false)
@DatabaseTest
class WebhooksTest extends ApiTestBase {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    WebhookOutbox outbox;
    @Inject
    TransactionOperations<Connection> tx;
    @Inject
    SandboxKycProvider kycProvider;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("mp2p.sandbox-mode", "true");
        p.put("mp2p.webhooks.poll-interval-ms", "50");
        p.put("mp2p.webhooks.retry-delays-ms", "300,600");
        // Long enough that a loopback receiver on a loaded CI host never times out by accident (a retry would change
        // the attempts the tests count); the timeout test's receiver answers later than this on purpose.
        p.put("mp2p.webhooks.timeout-ms", "5000");
        p.put("mp2p.webhooks.lease-ms", "15000");
        return p;
    }

    private Reply putUrl(Onboarded partner, String url) {
        return api().send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/webhooks"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(url == null ? "{}" : "{\"url\":\"" + url + "\"}",
                        StandardCharsets.UTF_8)), key(partner));
    }

    private WebhookReceiver receiverFor(Onboarded partner) {
        WebhookReceiver receiver = new WebhookReceiver(partner.webhookSecret(), json);
        Reply put = putUrl(partner, receiver.url());
        assertEquals(200, put.status(), put.raw());
        return receiver;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deliveriesOf(Onboarded partner, String query) {
        Reply reply = api().get("/api/v1/webhooks/deliveries" + query, key(partner));
        assertEquals(200, reply.status(), reply.raw());
        return (List<Map<String, Object>>) reply.get("data");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("attempts");
    }

    private void awaitStatus(Onboarded partner, String deliveryId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (deliveriesOf(partner, "?limit=100").stream().anyMatch(d -> deliveryId.equals(d.get("deliveryId"))
                    && status.equals(d.get("status")))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("delivery " + deliveryId + " never became " + status + ": "
                + deliveriesOf(partner, "?limit=100"));
    }

    @Test
    void registerReadBackAndTypedRefusals() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        Reply none = api().get("/api/v1/webhooks", key(partner));
        assertEquals(404, none.status());
        assertEquals("NOT_FOUND", none.error());

        Reply put = putUrl(partner, "http://127.0.0.1:9/first");
        assertEquals(200, put.status(), put.raw());
        assertEquals("http://127.0.0.1:9/first", put.get("url"));

        assertRefused(putUrl(partner, "ftp://127.0.0.1/x"), "SCHEME_NOT_ALLOWED");
        assertRefused(putUrl(partner, "http://user:pw@127.0.0.1/x"), "CREDENTIALS_IN_URL");
        assertRefused(putUrl(partner, "https://10.1.2.3/hooks"), "INTERNAL_ADDRESS");
        assertRefused(putUrl(partner, "https://169.254.169.254/latest/meta-data"), "INTERNAL_ADDRESS");
        assertRefused(putUrl(partner, "https://[fd00::1]/hooks"), "INTERNAL_ADDRESS");
        assertRefused(putUrl(partner, "/relative/only"), "MALFORMED_URL");
        assertRefused(putUrl(partner, "https://127.0.0.1/" + "a".repeat(2100)), "MALFORMED_URL");
        Reply missing = putUrl(partner, null);
        assertEquals(400, missing.status());
        assertEquals("VALIDATION_ERROR", missing.error());

        Reply after = api().get("/api/v1/webhooks", key(partner));
        assertEquals("http://127.0.0.1:9/first", after.get("url"), "refused registrations change nothing");

        Onboarded other = onboard("GROWTH", "PARTNER_MANAGED");
        assertEquals(404, api().get("/api/v1/webhooks", key(other)).status(), "partners never share endpoints");
        Reply test = api().post("/api/v1/webhooks/test", "", key(other));
        assertEquals(404, test.status(), "no test event without a URL");
    }

    private static void assertRefused(Reply reply, String reason) {
        assertEquals(400, reply.status(), reply.raw());
        assertEquals("INVALID_WEBHOOK_URL", reply.error());
        assertTrue(((String) reply.get("message")).contains(reason), reply.raw());
    }

    @Test
    void testEventIsSignedDeliveredAndLogged() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            // a POST that reads no body still caps it, as its bytes are hashed and stored for idempotency
            Reply oversized = api().post("/api/v1/webhooks/test", "x".repeat(JsonBody.MAX_BYTES + 1), key(partner));
            assertEquals(400, oversized.status(), oversized.raw());
            assertEquals("VALIDATION_ERROR", oversized.error());
            assertTrue(deliveriesOf(partner, "").isEmpty(), "nothing queued");

            Reply queued = api().post("/api/v1/webhooks/test", "", key(partner));
            assertEquals(202, queued.status(), queued.raw());
            String deliveryId = (String) queued.get("deliveryId");
            String eventId = (String) queued.get("eventId");

            WebhookReceiver.Received got = receiver.await(r -> true, 1, WAIT).get(0);
            assertEquals(eventId, got.id());
            assertEquals(eventId, got.envelope().get("id"));
            assertEquals("webhook.test", got.type());
            assertNotNull(got.envelope().get("createdAt"));
            assertEquals(partner.partnerId(), got.data().get("partnerId"));
            assertTrue(Math.abs(got.timestamp() - System.currentTimeMillis() / 1000) < 60);

            awaitStatus(partner, deliveryId, "DELIVERED");
            Map<String, Object> logged = deliveriesOf(partner, "?status=DELIVERED").get(0);
            assertEquals(deliveryId, logged.get("deliveryId"));
            assertNull(logged.get("nextAttemptAt"));
            List<Map<String, Object>> attempts = attempts(logged);
            assertEquals(1, attempts.size());
            assertEquals(200, attempts.get(0).get("httpStatus"));
            assertEquals("DELIVERED", attempts.get(0).get("outcome"));
            assertNotNull(attempts.get(0).get("durationMs"));
            assertTrue(deliveriesOf(partner, "?status=FAILED").isEmpty());
        }
    }

    @Test
    void receiverThatFailsForAWhileGetsTheSameEventWithBackOff() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(envelope -> calls.incrementAndGet() <= 2 ? 500 : 204);
            String deliveryId = (String) api().post("/api/v1/webhooks/test", "", key(partner)).get("deliveryId");

            List<WebhookReceiver.Received> got = receiver.await(r -> true, 3, WAIT);
            awaitStatus(partner, deliveryId, "DELIVERED");
            assertEquals(1, got.stream().map(WebhookReceiver.Received::id).distinct().count(), "same id");
            assertEquals(1, got.stream().map(WebhookReceiver.Received::body).distinct().count(), "same bytes");
            assertTrue(Duration.between(got.get(0).at(), got.get(1).at()).toMillis() >= 250, "first back-off");
            assertTrue(Duration.between(got.get(1).at(), got.get(2).at()).toMillis() >= 550, "second back-off");

            List<Map<String, Object>> attempts = attempts(deliveriesOf(partner, "").get(0));
            assertEquals(List.of(500, 500, 204), attempts.stream().map(a -> a.get("httpStatus")).toList());
            Thread.sleep(400);
            assertEquals(3, receiver.received().size(), "nothing after the delivery succeeded");
        }
    }

    @Test
    void failedAfterTheScheduleThenReplayedWithTheSameId() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            receiver.answer(envelope -> 503);
            String deliveryId = (String) api().post("/api/v1/webhooks/test", "", key(partner)).get("deliveryId");
            awaitStatus(partner, deliveryId, "FAILED");
            Thread.sleep(700);
            assertEquals(3, receiver.received().size(), "three attempts, then given up");
            Map<String, Object> failed = deliveriesOf(partner, "?status=FAILED").get(0);
            assertEquals(3, attempts(failed).size());
            assertNotNull(failed.get("completedAt"));

            receiver.answer(envelope -> 200);
            Reply replay = api().post("/api/v1/webhooks/deliveries/" + deliveryId + "/replay", "", key(partner));
            assertEquals(202, replay.status(), replay.raw());
            String replayId = (String) replay.get("deliveryId");
            assertEquals(deliveryId, replay.get("replayOf"));
            awaitStatus(partner, replayId, "DELIVERED");
            List<WebhookReceiver.Received> all = receiver.received();
            assertEquals(4, all.size());
            assertEquals(all.get(0).id(), all.get(3).id(), "a replay carries the event's id");
            assertEquals(all.get(0).body(), all.get(3).body(), "and its exact bytes");
            assertEquals(2, deliveriesOf(partner, "").size());

            Reply unknown = api().post("/api/v1/webhooks/deliveries/" + UUID.randomUUID() + "/replay", "",
                    key(partner));
            assertEquals(404, unknown.status());
            assertEquals("NOT_FOUND", unknown.error());
            assertEquals(404, api().post("/api/v1/webhooks/deliveries/not-an-id/replay", "", key(partner))
                    .status());
            Onboarded other = onboard("GROWTH", "PARTNER_MANAGED");
            putUrl(other, receiver.url());
            Reply foreign = api().post("/api/v1/webhooks/deliveries/" + deliveryId + "/replay", "", key(other));
            assertEquals(404, foreign.status(), "another partner's delivery does not exist for you");
            assertTrue(deliveriesOf(other, "").isEmpty());
        }
    }

    @Test
    void listingValidatesItsParameters() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        for (String query : List.of("?status=LOST", "?page=0", "?limit=101", "?limit=abc", "?page=-1")) {
            Reply reply = api().get("/api/v1/webhooks/deliveries" + query, key(partner));
            assertEquals(400, reply.status(), query + " " + reply.raw());
            assertEquals("VALIDATION_ERROR", reply.error());
        }
    }

    @Test
    void eventsOfOneSubjectArriveInOrderWhileOthersFlow() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        UUID partnerId = UUID.fromString(partner.partnerId());
        try (WebhookReceiver receiver = receiverFor(partner)) {
            AtomicInteger firstOfA = new AtomicInteger();
            receiver.answer(envelope -> {
                Map<?, ?> data = (Map<?, ?>) envelope.get("data");
                boolean isA1 = "A".equals(data.get("subject")) && Integer.valueOf(1).equals(data.get("n"));
                return isA1 && firstOfA.incrementAndGet() <= 2 ? 500 : 200;
            });
            tx.executeWrite(status -> {
                for (String[] e : new String[][]{{"A", "1"}, {"B", "1"}, {"A", "2"}, {"A", "3"}, {"B", "2"}}) {
                    outbox.enqueue(new WebhookEvent(partnerId, "order.locked", "order-" + e[0],
                            Map.of("subject", e[0], "n", Integer.parseInt(e[1]))));
                }
                return null;
            });
            receiver.await(r -> r.answered() == 200, 5, WAIT);
            List<WebhookReceiver.Received> all = receiver.received();
            List<Object> aDelivered = all.stream().filter(r -> "A".equals(r.data().get("subject"))
                    && r.answered() == 200).map(r -> r.data().get("n")).toList();
            assertEquals(List.of(1, 2, 3), aDelivered, "A's events in queue order");
            int lastA1 = indexOf(all, "A", 1, true);
            int firstA2 = indexOf(all, "A", 2, false);
            assertTrue(firstA2 > lastA1, "A2 waits until A1 is delivered: " + all);
            assertTrue(indexOf(all, "B", 2, false) < firstA2, "B is not held up by A's failures: " + all);
        }
    }

    private static int indexOf(List<WebhookReceiver.Received> all, String subject, int n, boolean last) {
        int found = -1;
        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> data = all.get(i).data();
            if (subject.equals(data.get("subject")) && Integer.valueOf(n).equals(data.get("n"))) {
                found = i;
                if (!last) {
                    return i;
                }
            }
        }
        return found;
    }

    @Test
    void outboxRowsLiveAndDieWithTheCallersTransaction() {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        UUID partnerId = UUID.fromString(partner.partnerId());
        putUrl(partner, "http://127.0.0.1:9/never-called");
        WebhookEvent event = new WebhookEvent(partnerId, "order.created", "order-x", Map.of("k", "v"));
        assertThrows(RuntimeException.class, () -> outbox.enqueue(event), "no transaction, no event");
        assertThrows(IllegalStateException.class, () -> tx.executeWrite(status -> {
            outbox.enqueue(event);
            throw new IllegalStateException("the business change fails");
        }));
        assertTrue(deliveriesOf(partner, "").isEmpty(), "a rolled-back change queues nothing");
        assertThrows(IllegalArgumentException.class, () -> tx.executeWrite(status -> {
            outbox.enqueue(new WebhookEvent(partnerId, "Not A Type", "s", Map.of()));
            return null;
        }));
        assertThrows(IllegalArgumentException.class, () -> tx.executeWrite(status -> {
            outbox.enqueue(new WebhookEvent(partnerId, "order.created", "s", Map.of("big", "x".repeat(70_000))));
            return null;
        }));
        assertTrue(deliveriesOf(partner, "").isEmpty());
    }

    @Test
    void kycLevelChangesAreAnnounced() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            registerUser(partner, "kyc_hook_user", "BASIC");
            Reply raised = api().post("/api/v1/users", "{\"partnerUserRef\":\"kyc_hook_user\",\"kycAttestation\":"
                    + "{\"level\":\"FULL\",\"verifiedAt\":\"2025-07-01T00:00:00Z\"}}", key(partner));
            assertEquals(200, raised.status(), raised.raw());
            Reply refused = api().post("/api/v1/users", "{\"partnerUserRef\":\"kyc_hook_user\",\"kycAttestation\":"
                    + "{\"level\":\"BASIC\",\"verifiedAt\":\"2025-07-01T00:00:00Z\"}}", key(partner));
            assertEquals(409, refused.status());

            WebhookReceiver.Received got = receiver.await(r -> "user.kyc.updated".equals(r.type()), 1, WAIT).get(0);
            assertEquals("kyc_hook_user", got.data().get("partnerUserRef"));
            assertEquals("FULL", got.data().get("kycLevel"));
            assertEquals("BASIC", got.data().get("previousKycLevel"));
            assertEquals("2025-07-01T00:00:00Z", got.data().get("kycVerifiedAt"));
            Thread.sleep(300);
            assertEquals(1, receiver.received().size(), "registration at BASIC and the refused call sent nothing");
            assertEquals(List.of("DELIVERED"), deliveriesOf(partner, "").stream().map(d -> d.get("status")).toList());
        }
    }

    @Test
    void approvedKycSessionIsAnnounced() {
        Onboarded partner = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            registerUser(partner, "session_user", null);
            Reply session = api().post("/api/v1/users/session_user/kyc",
                    "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc/complete\"}", key(partner));
            assertEquals(201, session.status(), session.raw());
            String sessionUrl = (String) session.get("sessionUrl");
            kycProvider.approve(sessionUrl.substring(sessionUrl.lastIndexOf('/') + 1));

            WebhookReceiver.Received got = receiver.await(r -> "user.kyc.updated".equals(r.type()), 1, WAIT).get(0);
            assertEquals("session_user", got.data().get("partnerUserRef"));
            assertEquals("BASIC", got.data().get("kycLevel"));
            assertEquals("NONE", got.data().get("previousKycLevel"));
            assertEquals("user:session_user", deliveriesOf(partner, "").get(0).get("subjectId"));
        }
    }

    @Test
    void theLongestUserReferenceCanHaveItsKycRaisedBothWays() {
        // "user:" + a 128-character reference is 133 characters; subjects were once capped at 128, a 500 every time.
        String attested = "a".repeat(127) + "1";
        Onboarded managed = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(managed)) {
            registerUser(managed, attested, null);
            Reply raised = api().post("/api/v1/users", "{\"partnerUserRef\":\"" + attested + "\",\"kycAttestation\":"
                    + "{\"level\":\"FULL\",\"verifiedAt\":\"2025-07-01T00:00:00Z\"}}", key(managed));
            assertEquals(200, raised.status(), raised.raw());
            assertEquals("FULL", api().get("/api/v1/users/" + attested, key(managed)).get("kycLevel"));
            WebhookReceiver.Received got = receiver.await(r -> "user.kyc.updated".equals(r.type()), 1, WAIT).get(0);
            assertEquals(attested, got.data().get("partnerUserRef"));
            assertEquals("user:" + attested, deliveriesOf(managed, "").get(0).get("subjectId"));
        }

        String provided = "b".repeat(127) + "2";
        Onboarded viaSessions = onboard("GROWTH", "MEXICOP2P_PROVIDED");
        try (WebhookReceiver receiver = receiverFor(viaSessions)) {
            registerUser(viaSessions, provided, null);
            Reply session = api().post("/api/v1/users/" + provided + "/kyc",
                    "{\"level\":\"BASIC\",\"returnUrl\":\"https://your-app.com/kyc/complete\"}", key(viaSessions));
            assertEquals(201, session.status(), session.raw());
            String sessionUrl = (String) session.get("sessionUrl");
            kycProvider.approve(sessionUrl.substring(sessionUrl.lastIndexOf('/') + 1));
            assertEquals("BASIC", api().get("/api/v1/users/" + provided, key(viaSessions)).get("kycLevel"));
            WebhookReceiver.Received got = receiver.await(r -> "user.kyc.updated".equals(r.type()), 1, WAIT).get(0);
            assertEquals(provided, got.data().get("partnerUserRef"));
            assertEquals("user:" + provided, deliveriesOf(viaSessions, "").get(0).get("subjectId"));
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailedAttempt() throws Exception {
        Onboarded partner = onboard("GROWTH", "PARTNER_MANAGED");
        try (WebhookReceiver receiver = receiverFor(partner)) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(envelope -> {
                if (calls.incrementAndGet() == 1) {
                    try {
                        Thread.sleep(6500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 200;
            });
            String deliveryId = (String) api().post("/api/v1/webhooks/test", "", key(partner)).get("deliveryId");
            awaitStatus(partner, deliveryId, "DELIVERED");
            List<Map<String, Object>> attempts = attempts(deliveriesOf(partner, "").get(0));
            assertEquals(2, attempts.size(), attempts.toString());
            assertNull(attempts.get(0).get("httpStatus"));
            assertEquals("FAILED", attempts.get(0).get("outcome"));
            assertTrue(((String) attempts.get(0).get("error")).startsWith("TIMEOUT"), attempts.toString());
            assertTrue(((Number) attempts.get(0).get("durationMs")).longValue() >= 4900, attempts.toString());
            assertEquals(200, attempts.get(1).get("httpStatus"));
        }
    }
}
