package org.mexicop2p.api.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop HTTP/1.1 load generator: one thread and one NIO selector drive every keep-alive connection, each
 * sending the same GET, waiting for the whole response (read by its Content-Length), and sending it again at once.
 * One thread instead of one per connection because the generator shares the two CPUs with the server: 64 blocking
 * client threads competed with the server's threads and shaped the figures; a single selector thread costs about
 * what {@code wrk -t1} would, and it loads every endpoint in exactly the same way.
 *
 * <p>Latency is measured per request from the moment it is written to the moment its last body byte is read, so it
 * includes the generator's own queueing (as in wrk). Any status other than 200, a response without
 * Content-Length, a closed connection or a stall longer than the timeout counts as a failure.
 */
final class SelectorLoadGenerator {

    /** Per connection; a response larger than this is a failure (the measured ones are under 2 kB). */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** Bounds the latency samples kept per phase (enough for 100,000 req/s during 40 s). */
    private static final int MAX_SAMPLES = 4_000_000;
    /** A connection that has waited this long for its response fails the phase instead of hanging it. */
    private static final long STALL_TIMEOUT_NANOS = 10_000_000_000L;

    /** What one phase measured. */
    record Measurement(long requests, long failures, double seconds, long p50Micros, long p99Micros,
                       String firstFailure) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final URI uri;
    private final byte[] request;
    private final int connections;

    SelectorLoadGenerator(URI uri, String apiKey, int connections) {
        this.uri = uri;
        this.connections = connections;
        String head = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\n" + (apiKey == null ? "" : "X-API-Key: " + apiKey + "\r\n") + "\r\n";
        this.request = head.getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens the connections, keeps every one busy for {@code seconds}, closes them, and summarizes. */
    Measurement run(int seconds) throws IOException {
        long[] samples = new long[MAX_SAMPLES];
        int sampled = 0;
        long requests = 0;
        long failures = 0;
        String firstFailure = null;
        List<Connection> open = new ArrayList<>(connections);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel, ByteBuffer.wrap(request));
                open.add(connection);
                channel.register(selector, SelectionKey.OP_WRITE, connection);
            }
            long started = System.nanoTime();
            long deadline = started + seconds * 1_000_000_000L;
            int busy = open.size();
            while (busy > 0) {
                selector.select(100);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    String failure = null;
                    try {
                        if (key.isWritable()) {
                            if (c.out.position() == 0) {
                                c.sentAtNanos = now;
                            }
                            c.channel.write(c.out);
                            if (!c.out.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            int status = c.read();
                            if (status == 0) {
                                continue;
                            }
                            if (sampled < samples.length) {
                                samples[sampled++] = now - c.sentAtNanos;
                            }
                            requests++;
                            if (status != 200) {
                                failure = "HTTP " + status + ": " + c.head();
                            }
                            c.reset();
                            if (now - deadline < 0 && failure == null) {
                                c.out.rewind();
                                c.sentAtNanos = now;
                                c.channel.write(c.out);
                                key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                            } else {
                                key.cancel();
                                busy--;
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                        key.cancel();
                        busy--;
                    }
                    if (failure != null) {
                        failures++;
                        if (firstFailure == null) {
                            firstFailure = failure;
                        }
                        if (key.isValid()) {
                            key.cancel();
                            busy--;
                        }
                    }
                }
                selector.selectedKeys().clear();
                for (SelectionKey key : selector.keys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid() && now - c.sentAtNanos > STALL_TIMEOUT_NANOS && c.sentAtNanos != 0) {
                        failures++;
                        if (firstFailure == null) {
                            firstFailure = "no response within " + STALL_TIMEOUT_NANOS / 1_000_000 + " ms";
                        }
                        key.cancel();
                        busy--;
                    }
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            Arrays.sort(samples, 0, sampled);
            long p50 = sampled == 0 ? 0 : samples[(int) (sampled * 0.50)] / 1000;
            long p99 = sampled == 0 ? 0 : samples[Math.min(sampled - 1, (int) (sampled * 0.99))] / 1000;
            return new Measurement(requests, failures, elapsed, p50, p99, firstFailure);
        } finally {
            for (Connection c : open) {
                c.channel.close();
            }
        }
    }

    /** One keep-alive connection's buffers and the progress of its current response. */
    private static final class Connection {
        private static final String CONTENT_LENGTH = "content-length:";
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(MAX_RESPONSE_BYTES);
        long sentAtNanos;
        /** Index just past the blank line ending the headers, or -1 while they are incomplete. */
        int bodyStart = -1;
        int status;
        int contentLength;

        Connection(SocketChannel channel, ByteBuffer out) {
            this.channel = channel;
            this.out = out;
        }

        /** Reads what arrived; the response's status once it is complete, else 0. */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("connection closed by the server");
            }
            if (bodyStart < 0) {
                bodyStart = headerEnd();
                if (bodyStart < 0) {
                    if (!in.hasRemaining()) {
                        throw new IOException("response headers larger than " + MAX_RESPONSE_BYTES + " bytes");
                    }
                    return 0;
                }
                status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
                contentLength = contentLength();
                if (bodyStart + contentLength > in.capacity()) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
            }
            int received = in.position() - bodyStart;
            if (received < contentLength) {
                return 0;
            }
            if (received > contentLength) {
                throw new IOException("more bytes than the response announced (the server never pipelines)");
            }
            return status;
        }

        private int headerEnd() {
            for (int i = 3; i < in.position(); i++) {
                if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        /**
         * The Content-Length value, read from the header bytes in place: the generator shares the CPUs with the server
         * it measures, and splitting the head into strings per response (a regex split) was 5 % of a round's CPU.
         */
        private int contentLength() throws IOException {
            int end = bodyStart - 2;
            int lineStart = 0;
            while (lineStart < end) {
                int lineEnd = lineStart;
                while (lineEnd < end && in.get(lineEnd) != '\r') {
                    lineEnd++;
                }
                if (startsWithIgnoreCase(lineStart, lineEnd, CONTENT_LENGTH)) {
                    int value = 0;
                    int digits = 0;
                    for (int i = lineStart + CONTENT_LENGTH.length(); i < lineEnd; i++) {
                        byte b = in.get(i);
                        if (b >= '0' && b <= '9' && digits < 9) {
                            value = value * 10 + (b - '0');
                            digits++;
                        } else if (b != ' ' || digits > 0) {
                            throw new IOException("bad Content-Length in " + head().lines().findFirst().orElse(""));
                        }
                    }
                    if (digits == 0) {
                        throw new IOException("empty Content-Length in " + head().lines().findFirst().orElse(""));
                    }
                    return value;
                }
                lineStart = lineEnd + 2;
            }
            throw new IOException("response without Content-Length: " + head().lines().findFirst().orElse(""));
        }

        private boolean startsWithIgnoreCase(int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toLowerCase((char) in.get(from + i)) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String head() {
            int end = bodyStart < 0 ? in.position() : bodyStart;
            byte[] bytes = new byte[end];
            in.get(0, bytes);
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        void reset() {
            in.clear();
            bodyStart = -1;
        }
    }
}
