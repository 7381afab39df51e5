package org.mexicop2p.chain.rpc;

import com.swmansion.starknet.data.types.AddressFilter;
import com.swmansion.starknet.data.types.BlockId;
import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.data.types.GetEventsPayload;
import com.swmansion.starknet.data.types.GetEventsResult;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RPC transport against a real loopback HTTP server that misbehaves: every call, blocking or asynchronous, fails
 * with the {@link UncheckedIOException} its callers handle, within a bound, and the client hangs up. The bounds are
 * generous (a loaded CI host must not fail them); what they catch is a call that never ends.
 */
class JdkHttpServiceTest {

    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(1);
    /** Far above {@link #RPC_TIMEOUT}: a stalled call that is not cut off stays well past it. */
    private static final long BOUND_MS = 15_000;
    /** So long that only the size limit can end the oversized answers. */
    private static final Duration NO_TIMEOUT_IN_SIGHT = Duration.ofMinutes(10);
    private static final byte[] PARTIAL_ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":".getBytes(
            StandardCharsets.US_ASCII);

    /** Complete headers announcing 1,000 bytes, a third of a JSON answer, then nothing: the connection stays open. */
    private static void stallAfterTheHeaders(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(PARTIAL_ANSWER);
        out.flush();
    }

    private static GetEventsPayload eventsQuery() {
        return new GetEventsPayload(new BlockId.Number(0), new BlockId.Tag(BlockTag.LATEST),
                new AddressFilter.Single(Felt.ONE), List.of(), 1_000, null);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void aBlockingCallWhoseBodyStallsFailsWithinTheTimeoutAndHangsUp() throws Exception {
        try (ScriptedHttpServer node = new ScriptedHttpServer(JdkHttpServiceTest::stallAfterTheHeaders)) {
            JsonRpcProvider rpc = StarknetRpc.create(node.url(), RPC_TIMEOUT);
            long start = System.nanoTime();
            UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                    () -> rpc.getBlockNumber().send());
            assertTrue(millisSince(start) < BOUND_MS, millisSince(start) + " ms");
            assertInstanceOf(HttpTimeoutException.class, failure.getCause());
            assertTrue(node.awaitHangUp(BOUND_MS), "the exchange was cancelled");
        }
    }

    @Test
    void anAsynchronousCallWhoseBodyStallsFailsWithinTheTimeoutAndHangsUp() throws Exception {
        try (ScriptedHttpServer node = new ScriptedHttpServer(JdkHttpServiceTest::stallAfterTheHeaders)) {
            JsonRpcProvider rpc = StarknetRpc.create(node.url(), RPC_TIMEOUT);
            long start = System.nanoTime();
            CompletableFuture<GetEventsResult> page = rpc.getEvents(eventsQuery()).sendAsync();
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> page.get(BOUND_MS, TimeUnit.MILLISECONDS));
            assertTrue(millisSince(start) < BOUND_MS, millisSince(start) + " ms");
            UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, failure.getCause());
            assertInstanceOf(HttpTimeoutException.class, cause.getCause());
            assertTrue(node.awaitHangUp(BOUND_MS), "the exchange was cancelled");
        }
    }

    @Test
    void anEndlessBodyFailsAtTheSizeLimitAndHangsUp() throws Exception {
        AtomicLong sentBytes = new AtomicLong();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        String chunkHeader = Integer.toHexString(chunk.length) + "\r\n";
        try (ScriptedHttpServer node = new ScriptedHttpServer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(chunkHeader.getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sentBytes.addAndGet(chunk.length);
            }
        })) {
            JsonRpcProvider rpc = StarknetRpc.create(node.url(), NO_TIMEOUT_IN_SIGHT);
            long start = System.nanoTime();
            CompletableFuture<GetEventsResult> page = rpc.getEvents(eventsQuery()).sendAsync();
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> page.get(BOUND_MS * 4, TimeUnit.MILLISECONDS));
            assertTrue(millisSince(start) < BOUND_MS * 4, millisSince(start) + " ms");
            UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, failure.getCause());
            assertTrue(cause.getMessage().contains("exceeds the limit of " + JdkHttpService.MAX_RESPONSE_BODY_BYTES
                    + " bytes"), cause.getMessage());
            assertTrue(node.awaitHangUp(BOUND_MS), "the client stopped reading and hung up");
            // what the server got out before the hang-up: the limit plus what the socket buffers held
            assertTrue(sentBytes.get() < 2L * JdkHttpService.MAX_RESPONSE_BODY_BYTES, sentBytes + " bytes");
        }
    }

    @Test
    void aDeclaredLengthAboveTheLimitFailsBeforeTheBodyIsRead() throws Exception {
        try (ScriptedHttpServer node = new ScriptedHttpServer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + (JdkHttpService.MAX_RESPONSE_BODY_BYTES + 1L) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(PARTIAL_ANSWER);
            out.flush();
        })) {
            JsonRpcProvider rpc = StarknetRpc.create(node.url(), NO_TIMEOUT_IN_SIGHT);
            long start = System.nanoTime();
            UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                    () -> rpc.getBlockNumber().send());
            assertTrue(millisSince(start) < BOUND_MS, millisSince(start) + " ms");
            assertTrue(failure.getMessage().contains("a declared length of "
                    + (JdkHttpService.MAX_RESPONSE_BODY_BYTES + 1L) + " bytes"), failure.getMessage());
            assertTrue(node.awaitHangUp(BOUND_MS), "the client hung up");
        }
    }

    @Test
    void aCompleteAnswerWithinTheLimitsIsRead() throws Exception {
        byte[] answer = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":7}".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedHttpServer node = new ScriptedHttpServer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
        })) {
            assertEquals(7, StarknetRpc.create(node.url(), RPC_TIMEOUT).getBlockNumber().send().getValue());
        }
    }
}
