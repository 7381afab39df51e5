package org.mexicop2p.cep.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fetches a CEP from Banxico's portal the way its web page does (cep.md §4.2): {@code POST valida.do} with the
 * payment's identifiers, then {@code GET descarga.do?formato=XML} in the same session. Every answer becomes a
 * {@link PortalResult} with a typed {@link PortalOutcome}; nothing is thrown for portal behaviour.
 *
 * <p>It throttles itself: queries are serialised and spaced by {@link PortalSettings#minQueryInterval()}, and after
 * a captcha or "too many queries" page it answers {@link PortalOutcome#THROTTLED} without asking the portal until
 * {@link PortalSettings#throttleCooldown()} has passed. Each query uses its own session cookies. Thread-safe.
 */
public final class BanxicoPortalClient {

    /** Portal HTML pages are under 20 kB and CEPs under 2 kB; anything far larger is not an answer we read. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final String USER_AGENT = "MexicoP2P-settlement/0.1 (CEP verification)";

    private final PortalSettings settings;
    private final HttpClient http;
    private final ReentrantLock turn = new ReentrantLock(true);
    private long nextQueryAtNanos = System.nanoTime();
    private long throttledUntilNanos = System.nanoTime();

    public BanxicoPortalClient(PortalSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                // The protocol needs none (cep.md §4.2), and one could lead away from the configured origin.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Asks the portal for the CEP of the payment {@code query} describes. Blocks while throttling. */
    public PortalResult fetch(PortalQuery query) {
        try {
            turn.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "interrupted while waiting for our turn");
        }
        try {
            long now = System.nanoTime();
            if (now - throttledUntilNanos < 0) {
                return PortalResult.of(PortalOutcome.THROTTLED, query, "backing off for another "
                        + TimeUnit.NANOSECONDS.toSeconds(throttledUntilNanos - now) + " s after the portal throttled us");
            }
            long waitNanos = nextQueryAtNanos - now;
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            PortalResult result = query(query);
            nextQueryAtNanos = System.nanoTime() + settings.minQueryInterval().toNanos();
            if (result.outcome() == PortalOutcome.THROTTLED) {
                throttledUntilNanos = System.nanoTime() + settings.throttleCooldown().toNanos();
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "interrupted while spacing portal queries");
        } finally {
            turn.unlock();
        }
    }

    private PortalResult query(PortalQuery query) throws InterruptedException {
        Body validation;
        try {
            validation = send(HttpRequest.newBuilder(endpoint("/valida.do"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(query), StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            return ioFailure(query, "valida.do", e);
        }
        if (validation.status != 200) {
            return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "valida.do answered HTTP " + validation.status);
        }
        switch (PortalPages.classifyValidation(validation.text())) {
            case READY -> {
                // Go on to the download below.
            }
            case NOT_YET_AVAILABLE -> {
                return PortalResult.of(PortalOutcome.NOT_YET_AVAILABLE, query,
                        "the payment is liquidated but its CEP is not available yet");
            }
            case NOT_FOUND -> {
                return PortalResult.of(PortalOutcome.NOT_FOUND, query, "the portal found no matching payment");
            }
            case THROTTLED -> {
                return PortalResult.of(PortalOutcome.THROTTLED, query, "the portal demands a captcha");
            }
            default -> {
                return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "valida.do answered an unknown page");
            }
        }
        Body download;
        try {
            download = send(HttpRequest.newBuilder(endpoint("/descarga.do?formato=XML")).GET(), validation.cookies);
        } catch (IOException e) {
            return ioFailure(query, "descarga.do", e);
        }
        if (download.status != 200) {
            return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "descarga.do answered HTTP " + download.status);
        }
        if (PortalPages.looksLikeCep(download.bytes)) {
            return PortalResult.found(query, download.bytes, "https".equals(settings.baseUrl().getScheme()));
        }
        if (PortalPages.mentionsMaxQueries(download.text())) {
            return PortalResult.of(PortalOutcome.THROTTLED, query, "the portal reports too many queries");
        }
        return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, "descarga.do answered something that is not a CEP");
    }

    private static PortalResult ioFailure(PortalQuery query, String step, IOException e) {
        String what = e instanceof HttpTimeoutException ? "timed out" : "failed: " + e.getClass().getSimpleName();
        return PortalResult.of(PortalOutcome.PORTAL_ERROR, query, step + " " + what);
    }

    private URI endpoint(String path) {
        String base = settings.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    static String form(PortalQuery query) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tipoCriterio", "T");
        fields.put("fecha", query.portalDate());
        fields.put("criterio", query.trackingKey());
        fields.put("emisor", query.senderParticipant());
        fields.put("receptor", query.receiverParticipant());
        fields.put("cuenta", query.beneficiaryAccount());
        fields.put("receptorParticipante", "0");
        fields.put("monto", query.portalAmount());
        // The portal only checks the captcha once it has started throttling; the web page sends a value anyway.
        fields.put("captcha", "c");
        fields.put("tipoConsulta", "1");
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private record Body(int status, byte[] bytes, String cookies) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * One exchange, headers and body, bounded by the request timeout: {@link HttpRequest#timeout} alone only bounds
     * the wait for the headers, so a portal that goes silent mid-body would hold {@link #turn} forever.
     */
    private Body send(HttpRequest.Builder builder, String cookies) throws IOException, InterruptedException {
        builder.header("User-Agent", USER_AGENT);
        if (cookies != null && !cookies.isEmpty()) {
            builder.header("Cookie", cookies);
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(builder.build(),
                info -> new CappedBody(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + settings.requestTimeout().toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
        return new Body(response.statusCode(), response.body(),
                sessionCookies(response.headers().allValues("Set-Cookie")));
    }

    /** Collects a body of at most {@code maxBytes}; a longer one fails the exchange instead of filling memory. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (buffer.remaining() > maxBytes - bytes.size()) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("portal answer exceeds " + maxBytes + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    /** The name=value pairs the portal set, to send back on the download (its session holds the validation). */
    private static String sessionCookies(List<String> setCookies) {
        StringJoiner cookies = new StringJoiner("; ");
        for (String header : setCookies) {
            int semicolon = header.indexOf(';');
            String pair = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
            if (pair.indexOf('=') > 0) {
                cookies.add(pair);
            }
        }
        return cookies.toString();
    }
}
