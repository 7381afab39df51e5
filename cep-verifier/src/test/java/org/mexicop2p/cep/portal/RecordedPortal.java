package org.mexicop2p.cep.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mexicop2p.testsupport.SharedData;

/**
 * A local HTTP server that answers {@code valida.do}/{@code descarga.do} with the real portal pages recorded in
 * ../shared/data/cep/portal, keeping a WebLogic-like session: the download works only with the cookie that a
 * successful validation set, otherwise it answers the recorded HTTP 500 page.
 */
final class RecordedPortal implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String path, String body, String cookie, long atNanos) {
    }

    private final HttpServer server;
    /** Handlers run on their own threads, so a stalled answer does not hold up the next request. */
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recorded-portal");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger stallAfterBytes = new AtomicInteger(-1);
    private final CountDownLatch stallStarted = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<String> validatedSessions = ConcurrentHashMap.newKeySet();
    private volatile String validaPage = "valida_ok_download_links.html";
    private volatile int validaStatus = 200;
    private volatile byte[] receipt;
    private volatile String descargaPage;
    private volatile long delayMillis;
    private volatile URI validaRedirect;

    RecordedPortal() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cep/valida.do", this::valida);
        server.createContext("/cep/descarga.do", this::descarga);
        server.setExecutor(handlers);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cep");
    }

    List<Seen> seen() {
        return seen;
    }

    RecordedPortal answeringValida(String page, int status) {
        this.validaPage = page;
        this.validaStatus = status;
        return this;
    }

    RecordedPortal serving(byte[] receiptXml) {
        this.receipt = receiptXml;
        return this;
    }

    /** Answer the download with a recorded page instead of the receipt. */
    RecordedPortal answeringDescarga(String page) {
        this.descargaPage = page;
        return this;
    }

    /** Answer {@code valida.do} with a 307 to {@code target}, as a proxy or a hijacked portal might. */
    RecordedPortal redirectingValidaTo(URI target) {
        this.validaRedirect = target;
        return this;
    }

    RecordedPortal delayingEveryAnswer(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /**
     * The next {@code valida.do} answer announces the whole page but sends only its first {@code bytes}, then goes
     * silent until the server is closed.
     */
    RecordedPortal stallingNextValidaAfter(int bytes) {
        stallAfterBytes.set(bytes);
        return this;
    }

    /** Waits until a stalled answer has sent its first bytes. */
    boolean awaitStall(long timeout_ms) throws InterruptedException {
        return stallStarted.await(timeout_ms, TimeUnit.MILLISECONDS);
    }

    private static byte[] page(String name) {
        try {
            return Files.readAllBytes(SharedData.path("data/cep/portal/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void valida(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        record(exchange, body);
        pause();
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain", new byte[0]);
            return;
        }
        if (validaRedirect != null) {
            exchange.getResponseHeaders().set("Location", validaRedirect.toString());
            send(exchange, 307, "text/html", new byte[0]);
            return;
        }
        if (validaPage.equals("valida_ok_download_links.html")) {
            String session = UUID.randomUUID().toString();
            validatedSessions.add(session);
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + session + "; path=/cep; HttpOnly");
        }
        exchange.getResponseHeaders().add("Set-Cookie", "TS01234=lb; Path=/");
        int stallAfter = stallAfterBytes.getAndSet(-1);
        if (stallAfter >= 0) {
            stall(exchange, page(validaPage), stallAfter);
            return;
        }
        send(exchange, validaStatus, "text/html; charset=UTF-8", page(validaPage));
    }

    private void stall(HttpExchange exchange, byte[] body, int sentBytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        exchange.sendResponseHeaders(validaStatus, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, sentBytes);
        out.flush();
        stallStarted.countDown();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private void descarga(HttpExchange exchange) throws IOException {
        record(exchange, exchange.getRequestURI().getQuery());
        pause();
        String cookie = String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"));
        boolean validated = validatedSessions.stream().anyMatch(s -> cookie.contains("JSESSIONID=" + s));
        if (descargaPage != null) {
            send(exchange, 200, "text/html; charset=UTF-8", page(descargaPage));
        } else if (!validated || receipt == null || !"formato=XML".equals(exchange.getRequestURI().getQuery())) {
            send(exchange, 500, "text/html", page("descarga_http500.html"));
        } else {
            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=CEP.xml");
            send(exchange, 200, "application/xml", receipt);
        }
    }

    private void record(HttpExchange exchange, String body) {
        seen.add(new Seen(exchange.getRequestURI().getPath(), body, exchange.getRequestHeaders().getFirst("Cookie"),
                System.nanoTime()));
    }

    private void pause() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
