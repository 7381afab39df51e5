package org.mexicop2p.chain.watch;

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

/**
 * A loopback JSON-RPC proxy in front of the sandbox node that delivers one page of {@code starknet_getEvents} twice:
 * it answers the {@code replayAt}-th getEvents request with the previous getEvents response (whose continuation
 * token leads on to the page that was skipped), as a flaky load balancer or a client-side retry would. With
 * {@code replayAt} 0 it replays nothing and only counts the getEvents requests.
 */
final class ReplayingProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private int getEventsSeen;
    private String lastGetEventsResponse;
    private boolean replayed;

    ReplayingProxy(String target, int replayAt) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rpc", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean getEvents = body.contains("\"starknet_getEvents\"");
            String response;
            int status;
            synchronized (this) {
                if (getEvents && ++getEventsSeen == replayAt && lastGetEventsResponse != null) {
                    response = lastGetEventsResponse;
                    status = 200;
                    replayed = true;
                } else {
                    try {
                        HttpResponse<String> forwarded = client.send(HttpRequest.newBuilder(URI.create(target))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        response = forwarded.body();
                        status = forwarded.statusCode();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    if (getEvents) {
                        lastGetEventsResponse = response;
                    }
                }
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/rpc";
    }

    synchronized int getEventsRequests() {
        return getEventsSeen;
    }

    synchronized boolean replayed() {
        return replayed;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
