package org.mexicop2p.sandbox.webhook;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookReceiverTest {

    private static final String SECRET = "whsec_test_secret";
    private static final String BODY = "{\"event\":\"order.completed\",\"data\":{\"id\":\"o1\"}}";
    /** Computed independently: printf '1700000000.{BODY}' | openssl dgst -sha256 -hmac whsec_test_secret */
    private static final String SIGNATURE = "eb8150bf6a05b3cc03175c060a2ac92b248b6f79ed68cbccd359dfb53313ea09";

    private final HttpClient http = HttpClient.newHttpClient();

    private int post(WebhookReceiver receiver, String timestamp, String signature, String body) throws Exception {
        return post(receiver, timestamp, signature, body, Duration.ofSeconds(30));
    }

    private int post(WebhookReceiver receiver, String timestamp, String signature, String body, Duration timeout)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.url()).timeout(timeout)
                .header("X-Webhook-Id", "wh_1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header("X-Webhook-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Webhook-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void acceptsOnlyCorrectlySignedDeliveries() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (WebhookReceiver receiver = WebhookReceiver.start(0, SECRET, new PrintStream(printed, true,
                StandardCharsets.UTF_8))) {
            assertEquals(200, post(receiver, "1700000000", SIGNATURE, BODY));
            assertEquals(401, post(receiver, "1700000001", SIGNATURE, BODY));
            assertEquals(401, post(receiver, "1700000000", SIGNATURE, BODY.replace("o1", "o2")));
            assertEquals(401, post(receiver, "1700000000", null, BODY));
            assertEquals(401, post(receiver, null, SIGNATURE, BODY));
            assertEquals(413, post(receiver, "1700000000", SIGNATURE,
                    "x".repeat(WebhookReceiver.MAX_BODY_BYTES + 1)));

            assertEquals(5, receiver.deliveries().size());
            assertTrue(receiver.deliveries().get(0).signatureValid());
            assertEquals(BODY, receiver.deliveries().get(0).body());
            assertFalse(receiver.deliveries().get(1).signatureValid());
            assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("signature OK  wh_1 " + BODY));
        }
    }

    @Test
    void failsAsToldForAWhileThenAnswersAgain() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(0, SECRET, new PrintStream(
                java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))) {
            receiver.failFor(WebhookReceiver.Failure.ANSWER_500, Duration.ofSeconds(30));
            assertEquals(500, post(receiver, "1700000000", SIGNATURE, BODY));
            receiver.failFor(WebhookReceiver.Failure.NO_ANSWER, Duration.ofSeconds(30));
            assertThrows(HttpTimeoutException.class, () -> post(receiver, "1700000000", SIGNATURE, BODY,
                    Duration.ofSeconds(1)));
            receiver.recover();
            assertEquals(200, post(receiver, "1700000000", SIGNATURE, BODY));
            assertEquals(401, post(receiver, "1700000000", "00", BODY));

            assertEquals(java.util.List.of(500, WebhookReceiver.NO_ANSWER, 200, 401), receiver.deliveries().stream()
                    .map(WebhookReceiver.Delivery::answeredStatus).toList());
            assertEquals(1, receiver.badSignatures());
            assertFalse(receiver.deliveries().get(0).acknowledged());
            assertTrue(receiver.deliveries().get(2).acknowledged());
            assertThrows(IllegalArgumentException.class,
                    () -> receiver.failFor(WebhookReceiver.Failure.ANSWER_500, Duration.ofHours(1)));
        }
    }
}
