package org.mexicop2p.api.webhook;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import org.mexicop2p.settlement.webhook.WebhookSignature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A partner's webhook endpoint on 127.0.0.1 (ephemeral port): checks every request's signature with the partner's
 * secret as a partner would, records it, and answers with the status the test chooses.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String id, long timestamp, String body, boolean signatureValid, Instant at, int answered,
                    Map<String, Object> envelope) {
        String type() {
            return (String) envelope.get("type");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) envelope.get("data");
        }
    }

    private final HttpServer server;
    private final byte[] secret;
    private final JsonMapper json;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, Object>, Integer> answer = envelope -> 200;

    WebhookReceiver(String webhookSecret, JsonMapper json) {
        this.secret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hooks", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("X-Webhook-Id");
            String ts = exchange.getRequestHeaders().getFirst("X-Webhook-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Webhook-Signature");
            long timestamp = ts == null ? -1 : Long.parseLong(ts);
            boolean valid = timestamp > 0 && WebhookSignature.verify(secret, timestamp, body, signature);
            Map<String, Object> envelope = parse(body);
            int status = answer.apply(envelope);
            received.add(new Received(id, timestamp, new String(body, StandardCharsets.UTF_8), valid,
                    Instant.now(), status, envelope));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** How to answer each request, from its parsed envelope. */
    void answer(Function<Map<String, Object>, Integer> answer) {
        this.answer = answer;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} requests match, and checks every request so far was correctly signed. */
    List<Received> await(Predicate<Received> matching, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Received> matched = received.stream().filter(matching).toList();
            if (matched.size() >= count) {
                assertTrue(received.stream().allMatch(Received::signatureValid), "every signature verifies");
                return matched;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("expected " + count + " matching webhooks, got " + matched.size() + " of " + received);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(byte[] body) {
        try {
            return json.readValue(body, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
