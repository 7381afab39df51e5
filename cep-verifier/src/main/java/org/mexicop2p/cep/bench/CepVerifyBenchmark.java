package org.mexicop2p.cep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.mexicop2p.cep.cli.CepVerifyCommand;
import org.mexicop2p.cep.receipt.CepIssuer;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.CertificateKind;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.TrustedCertificate;
import org.mexicop2p.cep.verify.VerifyOptions;

/**
 * Benchmark of the auditors' command (README, "Benchmarks: CEP verification"). Generates N distinct receipts signed
 * with a fresh RSA-2048 key and a trust folder that pins it, measures raw single-thread {@code SHA512withRSA}
 * verifications per second as the baseline, then runs the real {@code cep-verify} as a separate process over the
 * folder (JVM start-up included), each run between two measurements of the baseline, and reports receipts per second
 * and the median ratio to the baselines around the runs, over the whole folder and over its second half (once
 * start-up and most of the JIT are behind the command). Each run is followed by the two floors of
 * {@link FreshJvmFloor} (what any cep-verify must do in a fresh JVM), measured against the same baselines.
 *
 * <p>Usage: {@code java -cp cep-verifier/target/cep-verify.jar org.mexicop2p.cep.bench.CepVerifyBenchmark
 * [receipts (default 100000)]}. Not part of the test run.
 */
public final class CepVerifyBenchmark {

    private static final String CERTIFICATE = "77777700000000000001";
    private static final String SENDER_CLABE = "166180026480316602";
    private static final String BENEFICIARY_CLABE = "723969000011000077";
    private static final int MAX_RECEIPTS = 10_000_000;
    private static final long BASELINE_WARMUP_NANOS = 2_000_000_000L;
    private static final long SLICE_NANOS = 500_000_000L;
    private static final int SLICES = 10;
    private static final String COMPLETE_MARKER = "complete";
    /** What the command's default thread count is on this machine. */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    /** Default-threads runs of the command, each between two baseline measurements; the median is the result. */
    private static final int ROUNDS = 5;

    private CepVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (receipts < 1 || receipts > MAX_RECEIPTS) {
            throw new IllegalArgumentException("receipts must be 1.." + MAX_RECEIPTS);
        }
        Path work = benchFolder(receipts);
        Path trust = work.resolve("trust");
        Path receiptsDir = work.resolve("receipts");
        PublicKey key = prepare(work, trust, receiptsDir, receipts);
        byte[] sample = Files.readAllBytes(receiptsDir.resolve("00000").resolve("cep-0.xml"));

        System.out.printf(Locale.ROOT, "load average before measuring: %.2f on %d CPUs%n", loadAverage(), CPUS);
        double[] rates = inProcessRates(sample, key, trust);
        double baseline = rates[0];
        double library = rates[1];
        double rawCpuMicros = rates[2];
        System.out.printf(Locale.ROOT, "baseline: raw SHA512withRSA verify, 1 thread, in-process after warm-up: "
                + "%.0f verifications/s (%.1f us of CPU each)%n", baseline, rawCpuMicros);
        System.out.printf(Locale.ROOT, "CepVerifier.verify (parse + cadena + signature + checks), 1 thread, "
                + "in-process after warm-up: %.0f receipts/s = %.2f of raw%n", library, library / baseline);

        double startUp = startUpSeconds();
        System.out.printf(Locale.ROOT, "JVM start-up and exit of the jar alone (cep-verify --version): %.2f s%n",
                startUp);
        // One worker, once, for comparison with the auditor's default.
        double oneThread = commandRun(trust, receiptsDir, receipts, 1, baseline).whole();
        // The auditor's run (default threads = CPU count), ROUNDS times, each between two measurements of the raw
        // baseline: the load of a shared machine moves by tens of per cent within a minute, so a run is only
        // compared with the baseline measured just before and just after it, and the median round is the result.
        double[] brackets = new double[ROUNDS + 1];
        double[] ratios = new double[ROUNDS];
        double[] conservative = new double[ROUNDS];
        double[] floorRatios = new double[ROUNDS];
        double[] signatureRatios = new double[ROUNDS];
        double[] shareOfFloor = new double[ROUNDS];
        double[] secondHalfRatios = new double[ROUNDS];
        brackets[0] = rawRate(sample, key);
        for (int round = 0; round < ROUNDS; round++) {
            CommandRate command = commandRun(trust, receiptsDir, receipts, null, brackets[round]);
            double rate = command.whole();
            // The floors run right after the command, in the same minute, so that all three meet the same load.
            double floor = floorRun("files", trust, receiptsDir, receipts, brackets[round]);
            double signatures = floorRun("signatures", trust, receiptsDir.resolve("00000").resolve("cep-0.xml"),
                    receipts, brackets[round]);
            brackets[round + 1] = rawRate(sample, key);
            double mean = (brackets[round] + brackets[round + 1]) / 2;
            ratios[round] = rate / mean;
            // Against the higher of the two brackets the ratio can only be understated, never flattered by a dip.
            conservative[round] = rate / Math.max(brackets[round], brackets[round + 1]);
            floorRatios[round] = floor / mean;
            signatureRatios[round] = signatures / mean;
            shareOfFloor[round] = rate / floor;
            secondHalfRatios[round] = command.secondHalf() / mean;
            System.out.printf(Locale.ROOT, "    round %d: baseline %.0f before, %.0f after: ratio %.2f against their"
                    + " mean, %.2f against the higher; floor %.2f, signatures only %.2f; cep-verify reached %.2f of "
                    + "the floor; second half of the folder %.2f%n", round + 1, brackets[round], brackets[round + 1],
                    ratios[round], conservative[round], floorRatios[round], signatureRatios[round],
                    shareOfFloor[round], secondHalfRatios[round]);
        }
        System.out.printf(Locale.ROOT, "1 thread: %.0f receipts/s = %.2f of the first baseline%n", oneThread,
                oneThread / baseline);
        System.out.printf(Locale.ROOT, "RESULT ratio cep-verify (default threads) / raw single-thread verify, median"
                + " of %d rounds: %.2f against the mean of the baselines around each run (rounds %s), %.2f against "
                + "the higher of the two (rounds %s); goal >= 1.0%n", ROUNDS, median(ratios), list(ratios),
                median(conservative), list(conservative));
        System.out.printf(Locale.ROOT, "FLOOR same ratio for what any cep-verify must do in a fresh JVM, medians: "
                + "walk + read + signature %.2f (rounds %s), signatures only %.2f (rounds %s); cep-verify reached "
                + "%.2f of the first (rounds %s)%n", median(floorRatios), list(floorRatios),
                median(signatureRatios), list(signatureRatios), median(shareOfFloor), list(shareOfFloor));
        System.out.printf(Locale.ROOT, "SECOND HALF same ratio for the command over the second half of the folder "
                + "(start-up and most of the JIT behind it), median: %.2f (rounds %s)%n", median(secondHalfRatios),
                list(secondHalfRatios));
        // Other processes on the machine skew every figure; the load average says how much.
        System.out.printf(Locale.ROOT, "load average after measuring: %.2f%n", loadAverage());
    }

    /** A run's receipts/s over the whole folder and over its second half (NaN for a folder of one receipt). */
    private record CommandRate(double whole, double secondHalf) {
    }

    /**
     * One run of the command over the folder ({@code threads} null: the default), reported with its receipts/s,
     * its ratio to {@code baseline}, its own CPU time and its rate over the second half of the folder.
     */
    private static CommandRate commandRun(Path trust, Path receiptsDir, int receipts, Integer threads, double baseline)
            throws IOException, InterruptedException, URISyntaxException {
        String label = threads == null ? "default threads (" + CPUS + ")" : threads + " thread";
        double before = loadAverage();
        double cpuBefore = childrenCpuSeconds();
        CommandRun run = runCommand(trust, receiptsDir, receipts, threads);
        long elapsedNanos = run.elapsedNanos();
        double elapsed = seconds(elapsedNanos);
        double cpu = childrenCpuSeconds() - cpuBefore;
        if (run.exit() != 0) {
            throw new IllegalStateException("cep-verify exited " + run.exit() + "; every generated receipt should"
                    + " be VALID");
        }
        // A line per receipt and the summary: a command that skipped receipts cannot pass for a fast one.
        if (run.lines() != receipts + 1L) {
            throw new IllegalStateException("cep-verify printed " + run.lines() + " lines for " + receipts
                    + " receipts; expected one per receipt and a summary");
        }
        double rate = receipts / elapsed;
        System.out.printf(Locale.ROOT, "cep-verify, %s, separate JVM, start-up included: %d receipts in %.2f s ="
                + " %.0f receipts/s = %.2f of raw (load average %.2f -> %.2f)%n", label, receipts, elapsed,
                rate, rate / baseline, before, loadAverage());
        // CPU time is what the command itself costs, whatever else the machine runs.
        System.out.printf(Locale.ROOT, "    its CPU time (user + system, all threads, start-up and JIT "
                + "included): %.2f s = %.1f us per receipt%n", cpu, cpu * 1e6 / receipts);
        if (run.halfwayNanos() > 0) {
            // The second half of the folder runs on code the JIT has mostly compiled: the command's sustained
            // rate, without the JVM's start-up and warm-up that the first half pays.
            double secondHalf = (receipts - receipts / 2) / seconds(elapsedNanos - run.halfwayNanos());
            System.out.printf(Locale.ROOT, "    second half of the folder: %.2f s after %.2f s = %.0f receipts/s ="
                    + " %.2f of raw%n", seconds(elapsedNanos - run.halfwayNanos()), seconds(run.halfwayNanos()),
                    secondHalf, secondHalf / baseline);
            return new CommandRate(rate, secondHalf);
        }
        return new CommandRate(rate, Double.NaN);
    }

    /**
     * One run of {@link FreshJvmFloor} in its own JVM with the command's default thread count: {@code files} over
     * the folder, or {@code signatures} of one receipt as many times as the folder holds receipts. Reported like a
     * command run; returns checks/s.
     */
    private static double floorRun(String mode, Path trust, Path path, int receipts, double baseline)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", classPath(),
                FreshJvmFloor.class.getName(), mode, trust.toString(), CERTIFICATE, Integer.toString(CPUS),
                path.toString(), Integer.toString(receipts)));
        double cpuBefore = childrenCpuSeconds();
        long runStart = System.nanoTime();
        int exit = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        double elapsed = seconds(System.nanoTime() - runStart);
        double cpu = childrenCpuSeconds() - cpuBefore;
        if (exit != 0) {
            throw new IllegalStateException("the floor (" + mode + ") exited " + exit + "; every generated receipt"
                    + " should verify");
        }
        double rate = receipts / elapsed;
        System.out.printf(Locale.ROOT, "floor, %s, default threads (%d), separate JVM, start-up included: %.2f s ="
                + " %.0f checks/s = %.2f of raw; its CPU time %.2f s = %.1f us per check%n",
                mode.equals("files") ? "walk + read + signature" : "signatures only", CPUS, elapsed, rate,
                rate / baseline, cpu, cpu * 1e6 / receipts);
        return rate;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String list(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", value));
        }
        return text.toString();
    }

    /**
     * Where the receipts live: next to the jar (in {@code cep-verifier/target/}, so {@code mvn clean} removes them),
     * one folder per receipt count, reused by later runs with the same count.
     */
    private static Path benchFolder(int receipts) throws URISyntaxException {
        Path origin = Path.of(CepVerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return origin.toAbsolutePath().getParent().resolve("cep-bench-" + receipts);
    }

    /**
     * Reuses the receipts a previous run generated (the marker file is written only once all are on disk and
     * names the count) or generates them afresh; returns the public key that signed them.
     */
    private static PublicKey prepare(Path work, Path trust, Path receiptsDir, int receipts) throws Exception {
        Path marker = work.resolve(COMPLETE_MARKER);
        String expected = "receipts=" + receipts + "\n";
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(expected)) {
            System.out.printf(Locale.ROOT, "reusing %d receipts generated by an earlier run in %s (delete that "
                    + "folder to generate fresh ones)%n", receipts, work);
            return TrustStore.load(trust).find(CERTIFICATE).orElseThrow().publicKey();
        }
        if (Files.exists(work)) {
            deleteTree(work);
        }
        KeyPair key = rsaKey();
        TrustStore.write(trust, List.of(new TrustedCertificate(CERTIFICATE, "90723", LocalDate.of(2024, 1, 1),
                LocalDate.of(2030, 12, 31), CertificateKind.PRODUCTION, key.getPublic())));
        long generateStart = System.nanoTime();
        generate(receiptsDir, receipts, key);
        Files.writeString(marker, expected);
        System.out.printf(Locale.ROOT, "generated %d receipts in %.1f s under %s (kept for the next run)%n",
                receipts, seconds(System.nanoTime() - generateStart), work);
        return key.getPublic();
    }

    private static KeyPair rsaKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** Writes distinct receipts (amount and tracking key vary), 1000 per sub-folder, one share per CPU. */
    private static void generate(Path dir, int count, KeyPair key) throws Exception {
        CepIssuer issuer = new CepIssuer(CERTIFICATE, key.getPrivate());
        ExecutorService pool = Executors.newFixedThreadPool(CPUS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int perThread = (count + CPUS - 1) / CPUS;
            for (int t = 0; t < CPUS; t++) {
                int from = t * perThread;
                int to = Math.min(count, from + perThread);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        Path folder = dir.resolve(String.format(Locale.ROOT, "%05d", i / 1000));
                        if (i == from || i % 1000 == 0) {
                            Files.createDirectories(folder);
                        }
                        Files.write(folder.resolve("cep-" + i + ".xml"), issuer.issue(payment(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static CepIssuer.Payment payment(int i) {
        BigDecimal amount = BigDecimal.valueOf(100_00L + i, 2);
        LocalTime time = LocalTime.of(9, 0).plusSeconds(i % 30_000);
        return new CepIssuer.Payment(1, LocalDate.of(2024, 11, 8), LocalDate.of(2024, 11, 8), time, "90723",
                "BaBien", "ORDENANTE DE PRUEBA", SENDER_CLABE, "ND", "Cuenca", "BENEFICIARIO DE PRUEBA",
                BENEFICIARY_CLABE, "ND", "ORDEN " + i, amount, "BENCH" + i);
    }

    /**
     * Raw verifications per second and whole-library checks per second, one thread each, after warm-up. The two are
     * measured in alternating half-second slices so that a change in the machine's load skews both alike.
     */
    private static double[] inProcessRates(byte[] receipt, PublicKey key, Path trust) throws GeneralSecurityException {
        Signed signed = Signed.of(receipt);
        Signature signature = Signature.getInstance("SHA512withRSA");
        VerifyOptions options = VerifyOptions.production(TrustStore.load(trust));
        runVerifications(signature, key, signed, BASELINE_WARMUP_NANOS);
        runLibrary(receipt, options, BASELINE_WARMUP_NANOS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long raw = 0;
        long rawCpuNanos = 0;
        long library = 0;
        for (int slice = 0; slice < SLICES; slice++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            raw += runVerifications(signature, key, signed, SLICE_NANOS);
            rawCpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
            library += runLibrary(receipt, options, SLICE_NANOS);
        }
        double measured = seconds(SLICE_NANOS * SLICES);
        return new double[] {raw / measured, library / measured, rawCpuNanos / 1e3 / raw};
    }

    /** The raw single-thread rate alone (2.5 s, the JVM already warm): the baseline on each side of a run. */
    private static double rawRate(byte[] receipt, PublicKey key) throws GeneralSecurityException {
        Signed signed = Signed.of(receipt);
        Signature signature = Signature.getInstance("SHA512withRSA");
        long raw = runVerifications(signature, key, signed, SLICE_NANOS * SLICES / 2);
        return raw / seconds(SLICE_NANOS * SLICES / 2);
    }

    /** The signed bytes and the sello of one receipt, cut out of its cadena by hand (no library code). */
    private record Signed(byte[] message, byte[] sello) {
        static Signed of(byte[] receipt) {
            String xml = new String(receipt, StandardCharsets.UTF_8);
            int start = xml.indexOf("cadenaCDA=\"") + "cadenaCDA=\"".length();
            String cadena = xml.substring(start, xml.indexOf('"', start));
            int end = cadena.lastIndexOf("||") + 2;
            return new Signed(cadena.substring(0, end).getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(cadena.substring(end)));
        }
    }

    private static long runLibrary(byte[] receipt, VerifyOptions options, long durationNanos) {
        long deadline = System.nanoTime() + durationNanos;
        long count = 0;
        while (System.nanoTime() < deadline) {
            CepVerification verification = CepVerifier.verify(receipt, options);
            if (!verification.isValid()) {
                throw new IllegalStateException("a generated receipt did not verify: " + verification.detail());
            }
            count++;
        }
        return count;
    }

    private static long runVerifications(Signature signature, PublicKey key, Signed signed, long durationNanos)
            throws GeneralSecurityException {
        long deadline = System.nanoTime() + durationNanos;
        long count = 0;
        // Initialised once, as CepVerifier does for a key it used last: the baseline is the verification alone.
        signature.initVerify(key);
        while (System.nanoTime() < deadline) {
            signature.update(signed.message());
            if (!signature.verify(signed.sello())) {
                throw new IllegalStateException("the generated sello does not verify");
            }
            count++;
        }
        return count;
    }

    /**
     * One finished run of the command: its exit code, the lines it printed, and how long after its start the line of
     * the receipt in the middle of the folder arrived (-1 if there was none) and it exited.
     */
    private record CommandRun(int exit, long lines, long halfwayNanos, long elapsedNanos) {
    }

    /**
     * Runs cep-verify in its own JVM exactly as an auditor would ({@code java -jar cep-verify.jar}, no tuning flags),
     * with {@code --threads} only when {@code threads} is not null, and reads its output as it comes, counting lines
     * and noting when the middle receipt's line arrives. The command flushes every 64 KiB of output, so that moment
     * is late by at most a few hundred lines, a few milliseconds.
     */
    private static CommandRun runCommand(Path trust, Path receipts, int receiptCount, Integer threads)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = javaCommand();
        command.addAll(List.of("--trust", trust.toString()));
        if (threads != null) {
            command.addAll(List.of("--threads", threads.toString()));
        }
        command.add(receipts.toString());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long halfway = receiptCount / 2;
        long lines = 0;
        long halfwayNanos = -1;
        byte[] chunk = new byte[1 << 16];
        try (InputStream out = process.getInputStream()) {
            for (int n = out.read(chunk); n >= 0; n = out.read(chunk)) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n' && ++lines == halfway) {
                        halfwayNanos = System.nanoTime() - start;
                    }
                }
            }
        }
        int exit = process.waitFor();
        return new CommandRun(exit, lines, halfwayNanos, System.nanoTime() - start);
    }

    /** Seconds for the command to start and exit without verifying anything: the fixed cost in every run. */
    private static double startUpSeconds() throws IOException, InterruptedException, URISyntaxException {
        List<String> command = javaCommand();
        command.add("--version");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("cep-verify --version failed");
        }
        return seconds(System.nanoTime() - start);
    }

    /** {@code java -jar cep-verify.jar} from the jar this class came from (or the same class path, from an IDE). */
    private static List<String> javaCommand() throws URISyntaxException {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        String classPath = classPath();
        if (classPath.endsWith(".jar")) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, CepVerifyCommand.class.getName()));
        }
        return command;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar this class came from, or this JVM's class path when run from classes (an IDE). */
    private static String classPath() throws URISyntaxException {
        Path origin = Path.of(CepVerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return origin.toString().endsWith(".jar") ? origin.toString() : System.getProperty("java.class.path");
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * CPU seconds (user + system) used by this JVM's children that have ended, from Linux's {@code /proc/self/stat}
     * (fields 16 and 17, in the kernel's 100 ticks per second); NaN elsewhere.
     */
    private static double childrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may hold spaces; fields after its ")" start at field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3])) / 100.0;
        } catch (IOException | RuntimeException notLinux) {
            return Double.NaN;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
