package org.mexicop2p.cep.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mexicop2p.cep.clabe.Clabe;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.MatchResult;
import org.mexicop2p.cep.verify.PaymentExpectation;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.TrustStoreException;
import org.mexicop2p.cep.verify.VerifyOptions;

/**
 * {@code cep-verify}: the auditors' offline re-check of CEP receipts. Verifies every receipt under the given paths
 * (files, folders, zips) with the library's {@link CepVerifier}, optionally against an expected amount and CLABE,
 * and flags receipts seen twice in the run. Exit 0 when every receipt is VALID, 1 otherwise, 2 for usage or I/O
 * errors. Receipts are streamed and verified in parallel; output keeps input order. Options: {@link Arguments}.
 */
public final class CepVerifyCommand {

    static final int EXIT_ALL_VALID = 0;
    static final int EXIT_NOT_ALL_VALID = 1;
    static final int EXIT_USAGE_OR_IO = 2;
    /** Receipts per hand-off to a worker; large enough to amortise the hand-off, small enough to keep order cheap. */
    private static final int BATCH = 64;

    /** Verifies and renders one batch of receipts on a worker thread. */
    @FunctionalInterface
    interface BatchCheck {
        List<Report.Line> apply(List<ReceiptSource.Receipt> receipts, VerifyOptions options,
                                PaymentExpectation expect, boolean json);
    }

    private final Arguments args;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final BatchCheck batchCheck;

    private CepVerifyCommand(Arguments args, PrintStream stdout, PrintStream stderr, BatchCheck batchCheck) {
        this.args = args;
        this.stdout = stdout;
        this.stderr = stderr;
        this.batchCheck = batchCheck;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command with the given streams; returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... commandLine) {
        return run(out, err, CepVerifyCommand::checkAll, commandLine);
    }

    /** As {@link #run(PrintStream, PrintStream, String...)} with another batch check: a test's, to crash a worker. */
    static int run(PrintStream out, PrintStream err, BatchCheck batchCheck, String... commandLine) {
        Arguments args;
        try {
            args = Arguments.parse(commandLine);
        } catch (Arguments.UsageException e) {
            err.println("cep-verify: " + e.getMessage());
            err.print(Arguments.USAGE);
            err.flush();
            return EXIT_USAGE_OR_IO;
        }
        if (args.help() || args.version()) {
            out.print(args.help() ? Arguments.USAGE : Arguments.VERSION + "\n");
            out.flush();
            return EXIT_ALL_VALID;
        }
        return new CepVerifyCommand(args, out, err, batchCheck).call();
    }

    private int call() {
        PaymentExpectation expectation;
        VerifyOptions options;
        try {
            expectation = expectation();
            TrustStore trust = args.trustDir() != null ? TrustStore.load(args.trustDir()) : TrustStore.bundled();
            options = VerifyOptions.production(trust).withBetaAllowed(args.allowBeta())
                    .withSandboxAllowed(args.allowSandbox());
        } catch (IllegalArgumentException | TrustStoreException e) {
            stderr.println("cep-verify: " + e.getMessage());
            return EXIT_USAGE_OR_IO;
        }
        int threadCount = args.threads() != null ? args.threads() : Runtime.getRuntime().availableProcessors();
        // The CPU count of a large host is no reason to exceed the limit an explicit --threads has.
        threadCount = Math.min(threadCount, Arguments.MAX_THREADS);
        boolean json = args.json();
        BufferedOutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        Report report = new Report(out, json, System.console() != null ? stderr : null);
        ExecutorService pool = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "cep-verify");
            t.setDaemon(true);
            return t;
        });
        // Receipts go to the workers in batches (one hand-off per batch, not per receipt), and a bounded window of
        // batches in flight keeps memory flat and the output in input order.
        int window = threadCount * 4;
        ArrayDeque<Future<List<Report.Line>>> inFlight = new ArrayDeque<>(window);
        List<ReceiptSource.Receipt> batch = new ArrayList<>(BATCH);
        try {
            IOException unreadable = null;
            try {
                ReceiptSource.forEach(args.paths(), receipt -> {
                    batch.add(receipt);
                    if (batch.size() == BATCH) {
                        List<ReceiptSource.Receipt> full = List.copyOf(batch);
                        batch.clear();
                        inFlight.add(pool.submit(() -> batchCheck.apply(full, options, expectation, json)));
                        if (inFlight.size() >= window) {
                            take(inFlight.poll()).forEach(report::add);
                        }
                    }
                });
            } catch (IOException e) {
                // A path or zip that cannot be read ends the run, but the receipts read before it are still
                // checked and their lines written first.
                unreadable = e;
            }
            List<ReceiptSource.Receipt> last = List.copyOf(batch);
            inFlight.add(pool.submit(() -> batchCheck.apply(last, options, expectation, json)));
            while (!inFlight.isEmpty()) {
                take(inFlight.poll()).forEach(report::add);
            }
            if (unreadable != null) {
                throw unreadable;
            }
            return report.finish();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // An I/O error or a crashed worker: the lines so far, then one line on stderr, escaped as text lines
            // are, since it may quote a file name or an exception's message.
            report.flushQuietly();
            stderr.println("cep-verify: " + new Utf8Line().escaped(e.getMessage()));
            return EXIT_USAGE_OR_IO;
        } finally {
            pool.shutdownNow();
        }
    }

    private PaymentExpectation expectation() {
        String expectAmount = args.expectAmount();
        String expectClabe = args.expectClabe();
        if (expectAmount == null && expectClabe == null) {
            return null;
        }
        Long centavos = null;
        if (expectAmount != null) {
            if (!expectAmount.matches("\\d{1,15}(\\.\\d{1,2})?")) {
                throw new IllegalArgumentException("--expect-amount must be pesos like 3414.95");
            }
            centavos = new BigDecimal(expectAmount).movePointRight(2).longValueExact();
        }
        Clabe clabe = null;
        if (expectClabe != null) {
            try {
                clabe = Clabe.parse(expectClabe);
            } catch (Clabe.InvalidClabeException e) {
                throw new IllegalArgumentException("--expect-clabe: " + e.getMessage());
            }
        }
        return PaymentExpectation.partial(centavos, clabe);
    }

    /**
     * One receipt's outcome, computed on a worker thread; the replay key's first 128 bits are parsed there too (0
     * when there is no replay key), for {@link ReplayKeySet}.
     */
    record Checked(String name, CepVerification verification, MatchResult match, String ioError,
                   long replayKeyHigh, long replayKeyLow) {
    }

    /** Reads, verifies and renders a batch on a worker thread: everything that does not need input order. */
    private static List<Report.Line> checkAll(List<ReceiptSource.Receipt> receipts, VerifyOptions options,
                                              PaymentExpectation expect, boolean json) {
        List<Report.Line> lines = new ArrayList<>(receipts.size());
        Utf8Line scratch = new Utf8Line();
        for (ReceiptSource.Receipt receipt : receipts) {
            lines.add(Report.render(check(receipt, options, expect), json, scratch));
        }
        return lines;
    }

    private static Checked check(ReceiptSource.Receipt receipt, VerifyOptions options, PaymentExpectation expect) {
        byte[] bytes;
        try {
            bytes = receipt.read();
        } catch (IOException e) {
            return new Checked(receipt.name(), null, null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    0, 0);
        }
        CepVerification verification = CepVerifier.verify(bytes, options);
        MatchResult match = expect != null && verification.isValid() ? expect.match(verification) : null;
        String replayKey = verification.replayKey();
        if (replayKey == null) {
            return new Checked(receipt.name(), verification, match, null, 0, 0);
        }
        return new Checked(receipt.name(), verification, match, null, ReplayKeySet.high(replayKey),
                ReplayKeySet.low(replayKey));
    }

    private static List<Report.Line> take(Future<List<Report.Line>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("verification crashed: " + e.getCause(), e.getCause());
        }
    }
}
