package org.mexicop2p.chain.leadership;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback JSON-RPC proxy in front of the sandbox node that forwards everything, but holds the <em>answer</em> to
 * {@code starknet_addInvokeTransaction} until the test lets it go: the node has the transaction, the sender does not
 * know yet. That is the middle of a release, where a test changes the chain leader.
 */
final class InvokeHoldingProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch invokeForwarded = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "invoke-holding-proxy");
        t.setDaemon(true);
        return t;
    });

    InvokeHoldingProxy(String target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the held answer must not block the other requests the sender makes meanwhile
        server.setExecutor(handlers);
        server.createContext("/rpc", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            HttpResponse<String> forwarded;
            try {
                forwarded = client.send(HttpRequest.newBuilder(URI.create(target))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (body.contains("\"starknet_addInvokeTransaction\"")) {
                    invokeForwarded.countDown();
                    if (!letGo.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("the test never let the held answer go");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] bytes = forwarded.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(forwarded.statusCode(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/rpc";
    }

    /** Waits until an invoke reached the node (its answer is being held). */
    boolean awaitInvokeForwarded(long timeoutMs) throws InterruptedException {
        return invokeForwarded.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Delivers the held answer. */
    void letGo() {
        letGo.countDown();
    }

    @Override
    public void close() {
        letGo.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
