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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A partner's webhook endpoint in miniature, for the embedded default run and for tests: it checks every delivery's
 * {@code X-Webhook-Signature} (hex HMAC-SHA256 of {@code "{X-Webhook-Timestamp}.{body}"} under the webhook secret) in
 * constant time, answers 200 to a good one and 401 to a bad one, and prints what it received.
 *
 * <p>Run it next to the daemon: {@code java -cp api/target/mp2p-daemon.jar
 * org.mexicop2p.sandbox.webhook.WebhookReceiver 9000 <webhookSecret>}.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery as received, and whether its signature was right. */
    public record Delivery(String id, String timestamp, String body, boolean signatureValid) {
    }

    /** Deliveries are small JSON documents; anything larger is refused unread. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final byte[] secret;
    private final HttpServer server;
    private final PrintStream log;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookReceiver(byte[] secret, HttpServer server, PrintStream log) {
        this.secret = secret.clone();
        this.server = server;
        this.log = log;
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

    @Override
    public void close() {
        server.stop(0);
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
            deliveries.add(new Delivery(id, timestamp, text, valid));
            log.println((valid ? "signature OK  " : "BAD SIGNATURE ") + id + " " + text);
            exchange.sendResponseHeaders(valid ? 200 : 401, -1);
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
