package org.mexicop2p.chain.rpc;

import com.swmansion.starknet.service.http.HttpResponse;
import com.swmansion.starknet.service.http.HttpService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * starknet-jvm's HTTP transport on the JDK client, so the engine bounds every RPC call with its own timeout
 * ({@code mp2p.chain.rpc-timeout-ms}) instead of OkHttp's defaults, and needs no direct OkHttp dependency.
 * A timeout or connection failure surfaces as {@link UncheckedIOException}; the watcher backs off, the gateway marks
 * the command {@code UNKNOWN}.
 */
public final class JdkHttpService implements HttpService {

    private final HttpClient client;
    private final Duration timeout;

    public JdkHttpService(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public HttpResponse send(Payload payload) {
        try {
            java.net.http.HttpResponse<String> r = client.send(request(payload),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new HttpResponse(r.statusCode() / 100 == 2, r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("RPC " + payload.getUrl() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while calling the RPC node", e));
        }
    }

    @Override
    public CompletableFuture<HttpResponse> sendAsync(Payload payload) {
        return client.sendAsync(request(payload), java.net.http.HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new HttpResponse(r.statusCode() / 100 == 2, r.statusCode(), r.body()));
    }

    private HttpRequest request(Payload payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(payload.getUrl()));
        payload.getParams().forEach(header -> builder.setHeader(header.getFirst(), header.getSecond()));
        return builder
                .timeout(timeout)
                .setHeader("Content-Type", "application/json")
                .method(payload.getMethod(), payload.getBody() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload.getBody()))
                .build();
    }
}
