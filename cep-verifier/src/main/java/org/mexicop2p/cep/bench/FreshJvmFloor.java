package org.mexicop2p.cep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mexicop2p.cep.cli.ReceiptSource;
import org.mexicop2p.cep.receipt.CepXmlParser;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.TrustStoreException;

/**
 * The least that any {@code cep-verify} could do, run by the benchmark in a fresh JVM next to the real command, so
 * that each round shows what the JVM, the files and the JDK's signature check cost on this machine at that moment,
 * which no parser can remove.
 *
 * <ul>
 *   <li>{@code files}: the command's own folder walk and reads ({@link ReceiptSource}), the same batches of receipts
 *       to the same number of workers, and per receipt only the JDK's {@code SHA512withRSA} check of the sello over
 *       the cadena cut out with a byte search. No parsing, no field checks, no replay keys, no output lines.</li>
 *   <li>{@code signatures}: no files at all; the workers check one receipt's sello {@code count} times between
 *       them. The JVM's start-up, its JIT warm-up and the signature alone.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp cep-verify.jar org.mexicop2p.cep.bench.FreshJvmFloor files|signatures TRUST_DIR
 * CERTIFICATE THREADS PATH [COUNT]}; for {@code signatures}, PATH is one receipt. Exit 0 when every check passed,
 * 1 when one failed (so a floor that stopped verifying cannot pass for a fast one), 2 for usage or I/O errors.
 */
public final class FreshJvmFloor {

    /** Receipts per hand-off to a worker, as in the command. */
    private static final int BATCH = 64;
    private static final byte[] CADENA_ATTRIBUTE = "cadenaCDA=\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_THREADS = 64;
    private static final int MAX_COUNT = 100_000_000;
    /** One {@link Signature} per worker, initialised once for the key, as the command's workers keep theirs. */
    private static final ThreadLocal<Signature> SIGNATURE = new ThreadLocal<>();

    private FreshJvmFloor() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the floor; returns the exit code. */
    static int run(String... args) {
        if (args.length < 5 || !(args[0].equals("files") || args[0].equals("signatures"))) {
            System.err.println("usage: FreshJvmFloor files|signatures TRUST_DIR CERTIFICATE THREADS PATH [COUNT]");
            return 2;
        }
        try {
            PublicKey key = TrustStore.load(Path.of(args[1])).find(args[2])
                    .orElseThrow(() -> new IllegalArgumentException("certificate " + args[2] + " is not in "
                            + args[1])).publicKey();
            int threads = bounded(args[3], MAX_THREADS);
            Path path = Path.of(args[4]);
            long failed = args[0].equals("files")
                    ? files(key, threads, path)
                    : signatures(key, threads, path, bounded(args.length > 5 ? args[5] : "100000", MAX_COUNT));
            return failed == 0 ? 0 : 1;
        } catch (IllegalArgumentException | TrustStoreException | IOException | CompletionException e) {
            System.err.println("FreshJvmFloor: " + (e instanceof CompletionException ? e.getCause() : e));
            return 2;
        }
    }

    private static int bounded(String text, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a number");
        }
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(text + " is not in 1.." + max);
        }
        return value;
    }

    /** Walks and reads like the command, checks each signature; returns how many failed. */
    static long files(PublicKey key, int threads, Path folder) throws IOException {
        ExecutorService pool = newPool(threads, key);
        try {
            ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
            long[] failed = {0};
            List<ReceiptSource.Receipt> batch = new ArrayList<>(BATCH);
            ReceiptSource.forEach(List.of(folder), receipt -> {
                batch.add(receipt);
                if (batch.size() == BATCH) {
                    List<ReceiptSource.Receipt> full = List.copyOf(batch);
                    batch.clear();
                    inFlight.add(CompletableFuture.supplyAsync(() -> checkAll(full), pool));
                    if (inFlight.size() >= threads * 4) {
                        failed[0] += inFlight.poll().join();
                    }
                }
            });
            List<ReceiptSource.Receipt> last = List.copyOf(batch);
            inFlight.add(CompletableFuture.supplyAsync(() -> checkAll(last), pool));
            while (!inFlight.isEmpty()) {
                failed[0] += inFlight.poll().join();
            }
            return failed[0];
        } finally {
            pool.shutdownNow();
        }
    }

    /** Checks one receipt's sello {@code count} times, split over the workers; returns how many failed. */
    static long signatures(PublicKey key, int threads, Path receipt, int count) throws IOException {
        // Read like the command reads a file: never more than the parser's cap, whatever the file's size.
        if (Files.size(receipt) > CepXmlParser.MAX_RECEIPT_BYTES) {
            throw new IllegalArgumentException(receipt + " is larger than a receipt can be ("
                    + CepXmlParser.MAX_RECEIPT_BYTES + " bytes)");
        }
        byte[] bytes = Files.readAllBytes(receipt);
        ExecutorService pool = newPool(threads, key);
        try {
            List<CompletableFuture<Long>> shares = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = count / threads + (t < count % threads ? 1 : 0);
                shares.add(CompletableFuture.supplyAsync(() -> {
                    long failed = 0;
                    for (int i = 0; i < share; i++) {
                        failed += check(bytes) ? 0 : 1;
                    }
                    return failed;
                }, pool));
            }
            long failed = 0;
            for (CompletableFuture<Long> share : shares) {
                failed += share.join();
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExecutorService newPool(int threads, PublicKey key) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                try {
                    Signature signature = Signature.getInstance("SHA512withRSA");
                    signature.initVerify(key);
                    SIGNATURE.set(signature);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                r.run();
            }, "cep-verify");
            t.setDaemon(true);
            return t;
        });
    }

    private static long checkAll(List<ReceiptSource.Receipt> receipts) {
        long failed = 0;
        try {
            for (ReceiptSource.Receipt receipt : receipts) {
                failed += check(receipt.read()) ? 0 : 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failed;
    }

    /** The sello over the cadena up to its last "||", nothing else; false for anything that does not verify. */
    private static boolean check(byte[] xml) {
        int start = indexOf(xml, CADENA_ATTRIBUTE, 0);
        if (start < 0) {
            return false;
        }
        start += CADENA_ATTRIBUTE.length;
        int end = start;
        while (end < xml.length && xml[end] != '"') {
            end++;
        }
        int selloStart = end;
        while (selloStart - 2 >= start && !(xml[selloStart - 1] == '|' && xml[selloStart - 2] == '|')) {
            selloStart--;
        }
        try {
            // Decoded first: a sello that is not Base64 must not leave the cadena's bytes pending in the Signature.
            byte[] sello = Base64.getDecoder().decode(new String(xml, selloStart, end - selloStart,
                    StandardCharsets.US_ASCII));
            Signature signature = SIGNATURE.get();
            signature.update(xml, start, selloStart - start);
            return signature.verify(sello);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
