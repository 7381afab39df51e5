package org.mexicop2p.api.support;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP against the running server (java.net.http, no Micronaut client), so tests see exactly the bytes,
 * statuses and headers a partner would.
 */
public final class ApiClient {

    /** A response with its body parsed as JSON when it is JSON. */
    public record Reply(int status, Map<String, List<String>> headers, String raw, Object json) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> body() {
            return (Map<String, Object>) json;
        }

        public Object get(String field) {
            return body().get(field);
        }

        public String error() {
            return (String) body().get("error");
        }
    }

    private final URI base;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    public Reply get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    public Reply post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headers);
    }

    public Reply patch(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headers);
    }

    public Reply send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Object parsed = null;
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (contentType.startsWith("application/json") && !response.body().isEmpty()) {
                parsed = json.readValue(response.body(), Object.class);
            }
            return new Reply(response.statusCode(), response.headers().map(), response.body(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
