package org.mexicop2p.chain.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * web3j's RequestTester pattern: a loopback HTTP server that records the exact bytes of every JSON-RPC request the
 * client sends and answers each method with a canned result, so a test can compare the requests with a recorded
 * expectation.
 */
final class RecordingRpcStub implements AutoCloseable {

    private static final Pattern METHOD = Pattern.compile("\"method\":\"([a-zA-Z_]+)\"");

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();

    /** {@code results}: method → JSON text of the {@code result} member, computed from the request body. */
    RecordingRpcStub(Map<String, Function<String, String>> results) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rpc", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            synchronized (requests) {
                requests.add(body);
            }
            Matcher m = METHOD.matcher(body);
            String method = m.find() ? m.group(1) : "";
            Function<String, String> result = results.get(method);
            String response = result == null
                    ? "{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"
                    : "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":" + result.apply(body) + "}";
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/rpc";
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
