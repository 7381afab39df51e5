package org.mexicop2p.chain.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server whose answer is written byte by byte by a script, so it can misbehave as a real
 * server would (stall after the headers, send more than it should), and which notes when the client hangs up.
 */
final class ScriptedHttpServer implements AutoCloseable {

    /** Writes the raw answer to one request; may block or throw when the client goes away. */
    @FunctionalInterface
    interface Script {
        void answer(OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final CountDownLatch hungUp = new CountDownLatch(1);

    ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/rpc";
    }

    /** Whether the client closed the connection of its request within {@code timeoutMs}. */
    boolean awaitHangUp(long timeoutMs) throws InterruptedException {
        return hungUp.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread serving = new Thread(() -> serve(connection), "scripted-http-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            readRequest(in);
            OutputStream out = connection.getOutputStream();
            script.answer(out);
            out.flush();
            while (in.read() != -1) {
                // nothing more is sent; wait for the client to hang up
            }
        } catch (IOException e) {
            // the client hung up while the script was writing
        }
        hungUp.countDown();
    }

    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("request ended inside its headers");
            }
            head.write(b);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(Math.toIntExact(length));
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
