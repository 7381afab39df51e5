package org.mexicop2p.sandbox.starknet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON-RPC over HTTP for the sandbox hooks and for checking raw responses against the spec's schemas. */
final class RawRpc {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    RawRpc(URI url) {
        this.url = url;
    }

    /** The whole response envelope; the HTTP status must be 200. */
    JsonNode envelope(String method, JsonNode params) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", params);
        HttpResponse<String> response = post(request.toString());
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + " for " + method + ": " + response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The {@code result}; fails the test on an error answer. */
    JsonNode call(String method, JsonNode params) {
        JsonNode envelope = envelope(method, params);
        if (envelope.has("error")) {
            throw new AssertionError(method + " failed: " + envelope.get("error"));
        }
        return envelope.get("result");
    }

    JsonNode call(String method, String paramsJson) {
        try {
            return call(method, MAPPER.readTree(paramsJson));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code error} object; fails the test if the call succeeded. */
    JsonNode error(String method, String paramsJson) {
        try {
            JsonNode envelope = envelope(method, MAPPER.readTree(paramsJson));
            if (!envelope.has("error")) {
                throw new AssertionError(method + " unexpectedly succeeded: " + envelope);
            }
            return envelope.get("error");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> post(String body) {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
