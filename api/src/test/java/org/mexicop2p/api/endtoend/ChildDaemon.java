package org.mexicop2p.api.endtoend;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real daemon ({@code org.mexicop2p.api.Daemon}'s {@code main}) in a child JVM on the test's class path (minus
 * test classes), so a test can kill it the way a crash does: {@link #kill()} is {@code Process.destroyForcibly()},
 * SIGKILL, with no shutdown hook, no {@code @PreDestroy}, no rollback of anything already committed. Configuration goes in as
 * {@code -D} system properties; secrets (admin token, chain keys) go in the environment so they never show in a
 * process list. The HTTP port is ephemeral and read back from the daemon's start-up line.
 */
final class ChildDaemon {

    /** Micronaut's start-up line: "Startup completed in 1234ms. Server Running: http://127.0.0.1:40123". */
    private static final Pattern RUNNING = Pattern.compile("Server Running: (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** Daemons still running; the test JVM kills them if it exits without stopping them (a failed set-up). */
    private static final java.util.Set<Process> RUNNING_DAEMONS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING_DAEMONS.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final Path log;
    private final URI baseUrl;

    private ChildDaemon(Process process, Path log, URI baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts a daemon and waits until it serves HTTP.
     *
     * @param properties system properties ({@code -Dkey=value})
     * @param environment extra environment variables (secrets)
     * @param log        where its standard output and error go (a new file per daemon)
     */
    static ChildDaemon start(Map<String, String> properties, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(daemonClassPath());
        command.add("org.mexicop2p.api.Daemon");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
            RUNNING_DAEMONS.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the daemon JVM", e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            String output = read(log);
            Matcher m = RUNNING.matcher(output);
            if (m.find()) {
                return new ChildDaemon(process, log, URI.create(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + process.exitValue() + " before it"
                        + " served HTTP; log " + log + ":\n" + tail(output));
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("the daemon did not start within " + START_TIMEOUT + "; log:\n"
                        + tail(output));
            }
            sleep(50);
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * The test's class path without test classes: those hold test-only beans (e.g. a test portal's signer registered
     * as a trusted certificate) that must not leak into a daemon, which runs only what production runs.
     */
    static String daemonClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Asks the JVM for a thread dump into its log (SIGQUIT), to explain a trade that got stuck. */
    void threadDump() {
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-3", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A crash: SIGKILL, then wait until the process is gone (its sockets and leases die with it). */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** A clean stop: SIGTERM, so shutdown hooks and {@code @PreDestroy} run. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        RUNNING_DAEMONS.remove(process);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
