package org.mexicop2p.sandbox.starknet.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.starknet.chain.ChainRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP POST at {@code /rpc} (JDK HTTP server): single requests and batches, named or positional
 * params, bounded bodies, fault injection, and typed errors only: a failing method never answers with a stack trace.
 */
public final class JsonRpcServer {

    /** Largest request body read; larger ones get HTTP 413 before parsing. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Most requests in one batch. */
    public static final int MAX_BATCH_SIZE = 100;
    /** How many of the latest {@code starknet_*} requests the request log keeps. */
    public static final int MAX_RECORDED_REQUESTS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Method(List<String> paramNames, Function<Params, JsonNode> handler) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final FaultInjector faults;
    private final Map<String, Method> methods = new HashMap<>();
    private final Deque<JsonNode> recordedRequests = new ArrayDeque<>();

    private JsonRpcServer(SandboxStarknetNode node, HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.faults = node.faults();
        StarknetRpc starknet = new StarknetRpc(node);
        method("starknet_specVersion", List.of(), starknet::specVersion);
        method("starknet_chainId", List.of(), starknet::chainId);
        method("starknet_blockNumber", List.of(), starknet::blockNumber);
        method("starknet_blockHashAndNumber", List.of(), starknet::blockHashAndNumber);
        method("starknet_getBlockWithTxHashes", List.of("block_id"), starknet::getBlockWithTxHashes);
        method("starknet_getEvents", List.of("filter"), starknet::getEvents);
        method("starknet_getNonce", List.of("block_id", "contract_address"), starknet::getNonce);
        method("starknet_call", List.of("request", "block_id"), starknet::call);
        method("starknet_estimateFee", List.of("request", "simulation_flags", "block_id"), starknet::estimateFee);
        method("starknet_addInvokeTransaction", List.of("invoke_transaction"), starknet::addInvokeTransaction);
        method("starknet_getTransactionReceipt", List.of("transaction_hash"), starknet::getTransactionReceipt);
        method("starknet_getTransactionStatus", List.of("transaction_hash"), starknet::getTransactionStatus);
        SandboxHookRpc hooks = new SandboxHookRpc(node);
        method("sandbox_deposit", List.of("order_id", "token", "amount", "seller"), hooks::deposit);
        method("sandbox_lockOrder", List.of("order_id", "duration_seconds", "buyer"), hooks::lockOrder);
        method("sandbox_openDispute", List.of("order_id", "party"), hooks::openDispute);
        method("sandbox_mine", List.of("blocks"), hooks::mine);
        method("sandbox_advanceTime", List.of("seconds"), hooks::advanceTime);
        method("sandbox_acceptOnL1", List.of("block_number"), hooks::acceptOnL1);
        method("sandbox_reorg", List.of("depth", "drop_transactions"), hooks::reorg);
        method("sandbox_fault", List.of("kind", "count", "delay_ms"), hooks::fault);
        method("sandbox_setAutoMine", List.of("enabled"), hooks::setAutoMine);
        method("sandbox_createAccount", List.of(), hooks::createAccount);
        method("sandbox_bulkDeposit", List.of("count", "token", "amount", "with_lock", "orders_per_block"),
                hooks::bulkDeposit);
        method("sandbox_info", List.of(), hooks::info);
    }

    private void method(String name, List<String> paramNames, Function<Params, JsonNode> handler) {
        methods.put(name, new Method(paramNames, handler));
    }

    /** Binds {@code host:port} (0 = ephemeral) and starts answering. */
    public static JsonRpcServer start(SandboxStarknetNode node, String host, int port, int threads)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger counter = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-starknet-rpc-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        JsonRpcServer rpc = new JsonRpcServer(node, http, executor);
        http.createContext("/rpc", rpc::handle);
        http.setExecutor(executor);
        http.start();
        LOG.info("Sandbox Starknet node listening on {}", rpc.rpcUrl());
        return rpc;
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI rpcUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + "/rpc");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/rpc")) {
                send(exchange, 404, error(NullNode.instance, RpcError.Code.METHOD_NOT_FOUND, null));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, error(NullNode.instance, RpcError.Code.INVALID_REQUEST,
                        TextNode.valueOf("JSON-RPC requests are POSTed")));
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, error(NullNode.instance, RpcError.Code.INVALID_REQUEST,
                        TextNode.valueOf("request body exceeds " + MAX_BODY_BYTES + " bytes")));
                return;
            }
            JsonNode request;
            try {
                request = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                send(exchange, 200, error(NullNode.instance, RpcError.Code.PARSE_ERROR, null));
                return;
            }
            if (request == null) {
                send(exchange, 200, error(NullNode.instance, RpcError.Code.INVALID_REQUEST, null));
                return;
            }
            if (!isHookOnly(request)) {
                record(request);
                Optional<FaultInjector.Fault> fault = faults.nextRequestFault();
                if (fault.isPresent() && applyFault(exchange, fault.get(), request)) {
                    return;
                }
            }
            send(exchange, 200, request.isArray() ? batch((ArrayNode) request) : single(request));
        }
    }

    private void record(JsonNode request) {
        synchronized (recordedRequests) {
            if (recordedRequests.size() == MAX_RECORDED_REQUESTS) {
                recordedRequests.pollFirst();
            }
            recordedRequests.addLast(request);
        }
    }

    /**
     * The latest {@code starknet_*} requests as received (oldest first, hooks excluded), so a test can assert exactly
     * what a client sent, in the manner of web3j's RequestTester.
     */
    public List<JsonNode> recordedRequests() {
        synchronized (recordedRequests) {
            return List.copyOf(recordedRequests);
        }
    }

    public void clearRecordedRequests() {
        synchronized (recordedRequests) {
            recordedRequests.clear();
        }
    }

    /** Whether every request in it is a sandbox hook: faults are meant for the client under test, not the test. */
    private static boolean isHookOnly(JsonNode request) {
        if (request.isArray()) {
            for (JsonNode item : request) {
                if (!isHookOnly(item)) {
                    return false;
                }
            }
            return !request.isEmpty();
        }
        JsonNode method = request.get("method");
        return method != null && method.isTextual() && method.textValue().startsWith("sandbox_");
    }

    /** Returns true when the fault replaced the answer; a delay only postpones it. */
    private boolean applyFault(HttpExchange exchange, FaultInjector.Fault fault, JsonNode request) throws IOException {
        JsonNode id = request.isObject() && request.has("id") ? request.get("id") : NullNode.instance;
        switch (fault.kind()) {
            case HTTP_503 -> {
                sendText(exchange, 503, "Service Unavailable");
                return true;
            }
            case HTTP_500 -> {
                sendText(exchange, 500, "Internal Server Error");
                return true;
            }
            case RATE_LIMIT -> {
                send(exchange, 429, error(id, RpcError.Code.LIMIT_EXCEEDED,
                        TextNode.valueOf("rate limit exceeded, retry later")));
                return true;
            }
            case DELAY -> {
                try {
                    Thread.sleep(fault.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private JsonNode batch(ArrayNode requests) {
        if (requests.isEmpty() || requests.size() > MAX_BATCH_SIZE) {
            return error(NullNode.instance, RpcError.Code.INVALID_REQUEST,
                    TextNode.valueOf("a batch holds 1.." + MAX_BATCH_SIZE + " requests"));
        }
        ArrayNode responses = JSON.arrayNode();
        requests.forEach(request -> responses.add(single(request)));
        return responses;
    }

    private JsonNode single(JsonNode request) {
        JsonNode id = request.isObject() && request.has("id") ? request.get("id") : NullNode.instance;
        if (!request.isObject() || !"2.0".equals(request.path("jsonrpc").asText())
                || !request.path("method").isTextual() || !(id.isNull() || id.isNumber() || id.isTextual())) {
            return error(id.isValueNode() ? id : NullNode.instance, RpcError.Code.INVALID_REQUEST, null);
        }
        Method method = methods.get(request.get("method").textValue());
        if (method == null) {
            return error(id, RpcError.Code.METHOD_NOT_FOUND, null);
        }
        try {
            JsonNode result = method.handler().apply(Params.of(request.get("params"), method.paramNames()));
            ObjectNode response = JSON.objectNode();
            response.put("jsonrpc", "2.0");
            response.set("id", id);
            response.set("result", result);
            return response;
        } catch (RpcError e) {
            return error(id, e.code(), e.data());
        } catch (ChainRuleViolation | IllegalArgumentException e) {
            return error(id, RpcError.Code.SANDBOX_HOOK_REJECTED, TextNode.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Sandbox RPC method {} failed", request.get("method").textValue(), e);
            return error(id, RpcError.Code.INTERNAL_ERROR, null);
        }
    }

    private static ObjectNode error(JsonNode id, RpcError.Code code, JsonNode data) {
        ObjectNode response = JSON.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode error = response.putObject("error");
        error.put("code", code.number());
        error.put("message", code.message());
        if (data != null) {
            error.set("data", data);
        }
        return response;
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
