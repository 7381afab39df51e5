package org.mexicop2p.sandbox.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A partner's webhook endpoint in miniature, for the embedded default run and for tests: it checks every delivery's
 * {@code X-Webhook-Signature} (hex HMAC-SHA256 of {@code "{X-Webhook-Timestamp}.{body}"} under the webhook secret) in
 * constant time, answers 200 to a good one and 401 to a bad one, and prints what it received. Tests can make it
 * fail for a while ({@link #failFor}): answer 500, or hold the request unanswered, so the sender's retries show.
 *
 * <p>Run it next to the daemon: {@code java -cp api/target/mp2p-daemon.jar
 * org.mexicop2p.sandbox.webhook.WebhookReceiver 9000 <webhookSecret>}.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One delivery as received, in arrival order: whether its signature was right and what it was answered
     * ({@link #NO_ANSWER} when the receiver held it unanswered).
     */
    public record Delivery(String id, String timestamp, String body, boolean signatureValid, int answeredStatus,
                           Instant receivedAt) {
        /** Whether the sender was told the delivery arrived (a 2xx answer). */
        public boolean acknowledged() {
            return answeredStatus >= 200 && answeredStatus < 300;
        }
    }

    /** How the receiver misbehaves while {@link #failFor} is in force. */
    public enum Failure {
        /** Answer {@code 500 Internal Server Error} without looking at the delivery. */
        ANSWER_500,
        /** Keep the request open without answering until the failure ends, then drop the connection. */
        NO_ANSWER
    }

    /** The answered status recorded for a delivery the receiver never answered. */
    public static final int NO_ANSWER = -1;
    /** Deliveries are small JSON documents; anything larger is refused unread. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Bounds on a failure window, so a test cannot park the receiver's threads indefinitely. */
    static final Duration MAX_FAILURE = Duration.ofMinutes(10);
    /** Requests handled at once; a held request occupies one. */
    private static final int THREADS = 8;

    private final byte[] secret;
    private final HttpServer server;
    private final PrintStream log;
    private final ExecutorService executor;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Object failureLock = new Object();
    private Failure failure;
    private Instant failureUntil = Instant.MIN;
    private volatile boolean closed;

    private WebhookReceiver(byte[] secret, HttpServer server, PrintStream log) {
        this.secret = secret.clone();
        this.server = server;
        this.log = log;
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
    }

    /** Listens on 127.0.0.1:{@code port} (0 for an ephemeral port) at {@code /webhooks}. */
    public static WebhookReceiver start(int port, String secret, PrintStream log) throws IOException {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is required to check signatures");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        WebhookReceiver receiver = new WebhookReceiver(secret.getBytes(StandardCharsets.UTF_8), server, log);
        server.createContext("/webhooks", receiver::handle);
        server.start();
        return receiver;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks");
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** How many deliveries so far carried a signature that did not verify. */
    public long badSignatures() {
        return deliveries.stream().filter(d -> !d.signatureValid()).count();
    }

    /** Misbehaves as {@code how} for {@code duration} (at most ten minutes) from now, then answers normally again. */
    public void failFor(Failure how, Duration duration) {
        if (how == null || duration.isNegative() || duration.compareTo(MAX_FAILURE) > 0) {
            throw new IllegalArgumentException("a failure needs a kind and a duration of 0 to " + MAX_FAILURE);
        }
        synchronized (failureLock) {
            failure = how;
            failureUntil = Instant.now().plus(duration);
            failureLock.notifyAll();
        }
    }

    /** Ends a failure at once; held requests are then dropped unanswered. */
    public void recover() {
        synchronized (failureLock) {
            failure = null;
            failureUntil = Instant.MIN;
            failureLock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        recover();
        server.stop(0);
        executor.shutdownNow();
    }

    /** The failure in force now, if any. */
    private Failure currentFailure() {
        synchronized (failureLock) {
            return Instant.now().isBefore(failureUntil) ? failure : null;
        }
    }

    /** Blocks until the current failure window ends (or the receiver closes). */
    private void holdUntilRecovered() {
        synchronized (failureLock) {
            Instant until;
            while (!closed && Instant.now().isBefore(until = failureUntil)) {
                try {
                    failureLock.wait(Math.max(1, Duration.between(Instant.now(), until).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("X-Webhook-Id");
            String timestamp = exchange.getRequestHeaders().getFirst("X-Webhook-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Webhook-Signature");
            boolean valid = timestamp != null && signature != null && signatureMatches(timestamp, body, signature);
            String text = new String(body, StandardCharsets.UTF_8);
            Instant receivedAt = Instant.now();
            Failure failing = currentFailure();
            if (failing == Failure.NO_ANSWER) {
                deliveries.add(new Delivery(id, timestamp, text, valid, NO_ANSWER, receivedAt));
                log.println("HELD UNANSWERED " + id);
                holdUntilRecovered();
                return;
            }
            int status = failing == Failure.ANSWER_500 ? 500 : valid ? 200 : 401;
            deliveries.add(new Delivery(id, timestamp, text, valid, status, receivedAt));
            log.println(failing == Failure.ANSWER_500 ? "ANSWERED 500  " + id
                    : (valid ? "signature OK  " : "BAD SIGNATURE ") + id + " " + text);
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private boolean signatureMatches(String timestamp, byte[] body, String signatureHex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signatureHex.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    /** {@code WebhookReceiver <port> <webhookSecret>}: runs until stopped (Ctrl-C). */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: WebhookReceiver <port> <webhookSecret>");
            System.exit(2);
        }
        WebhookReceiver receiver = start(Integer.parseInt(args[0]), args[1], System.out);
        System.out.println("listening on " + receiver.url());
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
    }
}
