package org.mexicop2p.chain.rpc;

import com.swmansion.starknet.service.http.HttpResponse;
import com.swmansion.starknet.service.http.HttpService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * starknet-jvm's HTTP transport on the JDK client, so the engine bounds every RPC call itself instead of relying on
 * OkHttp's defaults, and needs no direct OkHttp dependency. Every call, blocking or not, ends within
 * {@code mp2p.chain.rpc-timeout-ms}, response body included, and reads at most {@link #MAX_RESPONSE_BODY_BYTES}. A
 * timeout, an oversized body or a connection failure surfaces as {@link UncheckedIOException} (an asynchronous call
 * completes exceptionally with it); the watcher backs off, the gateway marks the command {@code UNKNOWN}.
 */
public final class JdkHttpService implements HttpService {

    /**
     * Largest response body read, in bytes. A {@code starknet_getEvents} page takes roughly 1 KiB of JSON per event:
     * about 1 MiB at the default {@code chunk-size} of 1,000, 10 MiB at the largest allowed (10,000), and no other
     * call the engine makes comes close. 32 MiB leaves room above that, while a broken or hostile node cannot fill
     * the heap (a body is held as bytes and again as a string while it is parsed).
     */
    public static final int MAX_RESPONSE_BODY_BYTES = 32 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    public JdkHttpService(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public HttpResponse send(Payload payload) {
        CompletableFuture<HttpResponse> answer = exchange(payload);
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw failure(payload, e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while calling the RPC node", e));
        }
    }

    @Override
    public CompletableFuture<HttpResponse> sendAsync(Payload payload) {
        return exchange(payload);
    }

    /**
     * One call, completed within the timeout. {@link HttpRequest#timeout} only bounds the wait for the response
     * headers on Java 17, so a node that sends headers and then stalls the body would hold the call (and the
     * gateway's send lock) for ever; the deadline here covers the body too. When the answer fails for any reason
     * (deadline, size, cancellation) the exchange is cancelled, which closes its connection.
     */
    private CompletableFuture<HttpResponse> exchange(Payload payload) {
        BoundedBody body = new BoundedBody();
        CompletableFuture<java.net.http.HttpResponse<String>> call = client.sendAsync(request(payload), info -> {
            body.declared(info.headers().firstValueAsLong("Content-Length").orElse(-1));
            return body;
        });
        CompletableFuture<HttpResponse> answer = call.copy()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, error) -> {
                    if (error != null) {
                        throw failure(payload, error);
                    }
                    return new HttpResponse(r.statusCode() / 100 == 2, r.statusCode(), r.body());
                });
        answer.whenComplete((r, error) -> {
            if (error != null) {
                body.cancel();
                call.cancel(true);
            }
        });
        return answer;
    }

    private UncheckedIOException failure(Payload payload, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UncheckedIOException failure) {
            return failure;
        }
        IOException io = cause instanceof TimeoutException
                ? new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms")
                : cause instanceof IOException e ? e : new IOException(cause);
        return new UncheckedIOException("RPC " + payload.getUrl() + " failed: " + io.getMessage(), io);
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

    /**
     * The response body as a string, refused as soon as it (or its declared length) exceeds
     * {@link #MAX_RESPONSE_BODY_BYTES}. JSON-RPC bodies are UTF-8 (RFC 8259), whatever the header says.
     */
    private static final class BoundedBody implements java.net.http.HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;
        private volatile long declaredBytes = -1;

        void declared(long contentLengthBytes) {
            declaredBytes = contentLengthBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredBytes > MAX_RESPONSE_BODY_BYTES) {
                refuse("a declared length of " + declaredBytes + " bytes");
            } else if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            long total = bytes.size();
            for (ByteBuffer item : items) {
                total += item.remaining();
            }
            if (total > MAX_RESPONSE_BODY_BYTES) {
                refuse("at least " + total + " bytes");
                return;
            }
            for (ByteBuffer item : items) {
                if (item.hasArray()) {
                    bytes.write(item.array(), item.arrayOffset() + item.position(), item.remaining());
                } else {
                    byte[] chunk = new byte[item.remaining()];
                    item.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        /** Stops reading: the answer failed, nothing more of this body is wanted. */
        void cancel() {
            result.completeExceptionally(new IOException("response body abandoned"));
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private void refuse(String size) {
            result.completeExceptionally(new IOException("response body of " + size + " exceeds the limit of "
                    + MAX_RESPONSE_BODY_BYTES + " bytes"));
            subscription.cancel();
        }
    }
}
