package org.mexicop2p.cep.bench;

import java.io.IOException;
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
 * folder (JVM start-up included) and reports receipts per second and the ratio to the baseline.
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

    private CepVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (receipts < 1 || receipts > MAX_RECEIPTS) {
            throw new IllegalArgumentException("receipts must be 1.." + MAX_RECEIPTS);
        }
        Path work = Files.createTempDirectory("cep-bench-");
        try {
            KeyPair key = rsaKey();
            Path trust = work.resolve("trust");
            TrustStore.write(trust, List.of(new TrustedCertificate(CERTIFICATE, "90723", LocalDate.of(2024, 1, 1),
                    LocalDate.of(2030, 12, 31), CertificateKind.PRODUCTION, key.getPublic())));
            Path receiptsDir = work.resolve("receipts");
            long generateStart = System.nanoTime();
            byte[] sample = generate(receiptsDir, receipts, key);
            System.out.printf(Locale.ROOT, "generated %d receipts in %.1f s under %s%n", receipts,
                    seconds(System.nanoTime() - generateStart), work);

            System.out.printf(Locale.ROOT, "load average before measuring: %.2f on %d CPUs%n", loadAverage(),
                    Runtime.getRuntime().availableProcessors());
            double[] rates = inProcessRates(sample, key.getPublic(), trust);
            double baseline = rates[0];
            double library = rates[1];
            System.out.printf(Locale.ROOT, "baseline: raw SHA512withRSA verify, 1 thread: %.0f verifications/s%n",
                    baseline);
            System.out.printf(Locale.ROOT, "CepVerifier.verify (parse + cadena + signature + checks), 1 thread, "
                    + "in-process after warm-up: %.0f receipts/s = %.2f of raw%n", library, library / baseline);

            long runStart = System.nanoTime();
            int exit = runCommand(trust, receiptsDir);
            double elapsed = seconds(System.nanoTime() - runStart);
            if (exit != 0) {
                throw new IllegalStateException("cep-verify exited " + exit + "; every generated receipt should be"
                        + " VALID");
            }
            double rate = receipts / elapsed;
            System.out.printf(Locale.ROOT, "cep-verify (separate JVM, %d CPUs, start-up included): %d receipts in "
                    + "%.2f s = %.0f receipts/s%n", Runtime.getRuntime().availableProcessors(), receipts, elapsed,
                    rate);
            System.out.printf(Locale.ROOT, "ratio cep-verify / raw single-thread verify: %.2f%n", rate / baseline);
            // Other processes on the machine skew both figures; the load average says how much.
            System.out.printf(Locale.ROOT, "load average after measuring: %.2f%n", loadAverage());
        } finally {
            deleteTree(work);
        }
    }

    private static KeyPair rsaKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** Writes distinct receipts (amount and tracking key vary) 1000 per sub-folder; returns one receipt's bytes. */
    private static byte[] generate(Path dir, int count, KeyPair key) throws Exception {
        CepIssuer issuer = new CepIssuer(CERTIFICATE, key.getPrivate());
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int perThread = (count + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * perThread;
                int to = Math.min(count, from + perThread);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        Path folder = dir.resolve(String.format(Locale.ROOT, "%05d", i / 1000));
                        Files.createDirectories(folder);
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
        return Files.readAllBytes(dir.resolve("00000").resolve("cep-0.xml"));
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
        String xml = new String(receipt, StandardCharsets.UTF_8);
        int start = xml.indexOf("cadenaCDA=\"") + "cadenaCDA=\"".length();
        String cadena = xml.substring(start, xml.indexOf('"', start));
        int end = cadena.lastIndexOf("||") + 2;
        byte[] message = cadena.substring(0, end).getBytes(StandardCharsets.UTF_8);
        byte[] sello = Base64.getDecoder().decode(cadena.substring(end));
        Signature signature = Signature.getInstance("SHA512withRSA");
        VerifyOptions options = VerifyOptions.production(TrustStore.load(trust));
        runVerifications(signature, key, message, sello, BASELINE_WARMUP_NANOS);
        runLibrary(receipt, options, BASELINE_WARMUP_NANOS);
        long raw = 0;
        long library = 0;
        for (int slice = 0; slice < SLICES; slice++) {
            raw += runVerifications(signature, key, message, sello, SLICE_NANOS);
            library += runLibrary(receipt, options, SLICE_NANOS);
        }
        double measured = seconds(SLICE_NANOS * SLICES);
        return new double[] {raw / measured, library / measured};
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

    private static long runVerifications(Signature signature, PublicKey key, byte[] message, byte[] sello,
                                         long durationNanos) throws GeneralSecurityException {
        long deadline = System.nanoTime() + durationNanos;
        long count = 0;
        while (System.nanoTime() < deadline) {
            signature.initVerify(key);
            signature.update(message);
            if (!signature.verify(sello)) {
                throw new IllegalStateException("the generated sello does not verify");
            }
            count++;
        }
        return count;
    }

    /** Runs cep-verify in its own JVM, from the jar this class came from (or the same class path). */
    private static int runCommand(Path trust, Path receipts) throws IOException, InterruptedException,
            URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path origin = Path.of(CepVerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java));
        if (origin.toString().endsWith(".jar")) {
            command.addAll(List.of("-jar", origin.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CepVerifyCommand.class.getName()));
        }
        command.addAll(List.of("--trust", trust.toString(), receipts.toString()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return process.waitFor();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
