package org.mexicop2p.sandbox.starknet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.GetEventsResult;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxNodeConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;

/**
 * Benchmark command for {@code starknet_getEvents} on the sandbox node: fills the chain with {@code --orders} deposits
 * and locks (two escrow events per order), then pages through every escrow event, in the same run, (a) as raw JSON-RPC
 * over HTTP, reading only the continuation token (the baseline), and (b) through starknet-jvm's
 * {@code JsonRpcProvider}, which decodes every event. Prints events/s of both and the ratio b/a.
 *
 * <p>{@code [--orders 10000] [--chunk 1000] [--rounds 5]}; the first two rounds are warm-up and not counted.
 */
public final class GetEventsBenchmark {

    private static final int WARMUP_ROUNDS = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GetEventsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = option(args, "--orders", 10_000, 1, 200_000);
        int chunk = option(args, "--chunk", 1000, 1, 1024);
        int rounds = option(args, "--rounds", 5, 1, 100);
        try (SandboxStarknetNode node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral())) {
            for (int created = 0; created < orders; created += SandboxStarknetNode.MAX_BULK_ORDERS) {
                int count = Math.min(SandboxStarknetNode.MAX_BULK_ORDERS, orders - created);
                node.bulkDeposit(count, node.usdcAddress(), java.math.BigInteger.valueOf(1_000_000), true, 100);
            }
            long expectedEvents = 2L * orders;
            HttpClient http = HttpClient.newHttpClient();
            JsonRpcProvider provider = new JsonRpcProvider(node.rpcUrl().toString(), true);
            long rawNs = 0;
            long decodedNs = 0;
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                long start = System.nanoTime();
                long raw = fetchRaw(http, node.rpcUrl(), Felts.hex(node.escrowAddress()), chunk);
                long middle = System.nanoTime();
                long decoded = fetchDecoded(provider, new Felt(node.escrowAddress()), chunk);
                long end = System.nanoTime();
                if (raw != expectedEvents || decoded != expectedEvents) {
                    throw new IllegalStateException("expected " + expectedEvents + " events, got raw " + raw
                            + ", decoded " + decoded);
                }
                if (round >= WARMUP_ROUNDS) {
                    rawNs += middle - start;
                    decodedNs += end - middle;
                }
            }
            double rawPerSecond = expectedEvents * rounds / (rawNs / 1e9);
            double decodedPerSecond = expectedEvents * rounds / (decodedNs / 1e9);
            System.out.printf("events=%d chunk=%d rounds=%d%n", expectedEvents, chunk, rounds);
            System.out.printf("raw JSON-RPC (baseline): %.0f events/s%n", rawPerSecond);
            System.out.printf("starknet-jvm decoded:    %.0f events/s%n", decodedPerSecond);
            System.out.printf("ratio decoded/raw:       %.2f%n", decodedPerSecond / rawPerSecond);
        }
    }

    private static long fetchRaw(HttpClient http, URI url, String escrow, int chunk)
            throws IOException, InterruptedException {
        long events = 0;
        String token = null;
        do {
            ObjectNode filter = MAPPER.createObjectNode();
            filter.putObject("from_block").put("block_number", 0);
            filter.put("to_block", "latest").put("address", escrow).put("chunk_size", chunk);
            if (token != null) {
                filter.put("continuation_token", token);
            }
            ObjectNode request = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 0)
                    .put("method", "starknet_getEvents");
            request.putObject("params").set("filter", filter);
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode result = MAPPER.readTree(response.body()).get("result");
            events += result.get("events").size();
            token = result.has("continuation_token") ? result.get("continuation_token").asText() : null;
        } while (token != null);
        return events;
    }

    private static long fetchDecoded(JsonRpcProvider provider, Felt escrow, int chunk) {
        long events = 0;
        String token = null;
        do {
            GetEventsResult page = provider.getEvents(new GetEventsPayload(new BlockId.Number(0),
                    new BlockId.Tag(BlockTag.LATEST), new AddressFilter.Single(escrow), List.of(), chunk, token))
                    .send();
            events += page.getEvents().size();
            token = page.getContinuationToken();
        } while (token != null);
        return events;
    }

    private static int option(String[] args, String name, int defaultValue, int min, int max) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                int value = Integer.parseInt(args[i + 1]);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(name + " must be " + min + ".." + max);
                }
                return value;
            }
        }
        return defaultValue;
    }
}
