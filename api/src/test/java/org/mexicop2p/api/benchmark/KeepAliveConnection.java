package org.mexicop2p.api.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection that sends the same GET again and again and reads each response by its
 * Content-Length. The benchmark uses it instead of a full HTTP client so that the load generator, which shares the
 * two CPUs with the server, costs as little as possible and the figures describe the server.
 */
final class KeepAliveConnection implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;

    KeepAliveConnection(URI uri, String apiKey) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        String head = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\n" + (apiKey == null ? "" : "X-API-Key: " + apiKey + "\r\n") + "\r\n";
        request = head.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the request and returns the response status once the whole body has been read. */
    int exchange() throws IOException {
        out.write(request);
        out.flush();
        StringBuilder headers = new StringBuilder(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            headers.append((char) b);
            if (headers.length() > MAX_HEADER_BYTES) {
                throw new IOException("response headers too large");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = headers.toString();
        int status = Integer.parseInt(text.substring(9, 12));
        long length = contentLength(text);
        while (length > 0) {
            long skipped = in.skip(length);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed inside a body");
                }
                skipped = 1;
            }
            length -= skipped;
        }
        return status;
    }

    private static long contentLength(String headers) throws IOException {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("response without Content-Length: " + headers.lines().findFirst().orElse(""));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
