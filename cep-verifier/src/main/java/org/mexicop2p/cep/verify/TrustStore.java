package org.mexicop2p.cep.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pinned CEP signing keys, keyed by certificate number. A trust store is a folder holding {@value #INDEX_FILE} and
 * the key files it names (PEM or DER; a public key or an X.509 certificate). Index lines:
 * <pre>certificate_number,participant_code,valid_from,valid_until,kind,key_file</pre>
 * with dates as {@code YYYY-MM-DD} and kind {@code production|beta|sandbox}; {@code #} starts a comment.
 * The project ships one under {@code config/cep-trust/}, also bundled in this jar ({@link #bundled()}).
 * Immutable.
 */
public final class TrustStore {

    public static final String INDEX_FILE = "index.csv";
    /** Limits that keep a hostile or broken folder from costing more than a glance. */
    static final int MAX_ENTRIES = 1_000;
    static final int MAX_INDEX_BYTES = 256 * 1024;
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;
    private static final String BUNDLED_DIR = "/org/mexicop2p/cep/verify/trust/";
    private static final String HEADER = "certificate_number,participant_code,valid_from,valid_until,kind,key_file";

    private final Map<String, TrustedCertificate> byNumber;

    private TrustStore(Map<String, TrustedCertificate> byNumber) {
        this.byNumber = Map.copyOf(byNumber);
    }

    /** A store holding exactly these entries; certificate numbers must be unique. */
    public static TrustStore of(Collection<TrustedCertificate> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new TrustStoreException("a trust store holds at most " + MAX_ENTRIES + " certificates");
        }
        Map<String, TrustedCertificate> map = new LinkedHashMap<>();
        for (TrustedCertificate entry : entries) {
            if (map.put(entry.certificateNumber(), entry) != null) {
                throw new TrustStoreException("certificate " + entry.certificateNumber() + " is listed twice");
            }
        }
        return new TrustStore(map);
    }

    /** This store plus {@code extra} (e.g. the sandbox portal's key). */
    public TrustStore with(TrustedCertificate extra) {
        List<TrustedCertificate> all = new ArrayList<>(byNumber.values());
        all.add(extra);
        return of(all);
    }

    /** The store bundled in this jar: a copy of {@code config/cep-trust/}. */
    public static TrustStore bundled() {
        return load(name -> {
            try (InputStream in = TrustStore.class.getResourceAsStream(BUNDLED_DIR + name)) {
                if (in == null) {
                    throw new TrustStoreException("bundled trust store has no " + name);
                }
                return in.readNBytes(MAX_INDEX_BYTES + 1);
            }
        }, "bundled trust store");
    }

    /** Loads the store in {@code folder} (auditors pass it as {@code --trust DIR}). */
    public static TrustStore load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new TrustStoreException(folder + " is not a folder");
        }
        return load(name -> {
            Path file = folder.resolve(name);
            if (Files.size(file) > MAX_INDEX_BYTES) {
                throw new TrustStoreException(file + " is too large");
            }
            return Files.readAllBytes(file);
        }, folder.toString());
    }

    public Optional<TrustedCertificate> find(String certificateNumber) {
        return Optional.ofNullable(byNumber.get(certificateNumber));
    }

    public Collection<TrustedCertificate> entries() {
        return byNumber.values();
    }

    /** Writes {@code entries} as a trust folder (index plus one PEM per key) that {@link #load(Path)} reads back. */
    public static void write(Path folder, Collection<TrustedCertificate> entries) throws IOException {
        Files.createDirectories(folder);
        StringBuilder index = new StringBuilder(HEADER).append('\n');
        for (TrustedCertificate e : entries) {
            String keyFile = e.kind().name().toLowerCase(Locale.ROOT) + "-" + e.certificateNumber() + ".pub.pem";
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(e.publicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(folder.resolve(keyFile), pem, StandardCharsets.US_ASCII);
            index.append(String.join(",", e.certificateNumber(), e.participantCode(), e.validFrom().toString(),
                    e.validUntil().toString(), e.kind().name().toLowerCase(Locale.ROOT), keyFile)).append('\n');
        }
        Files.writeString(folder.resolve(INDEX_FILE), index, StandardCharsets.UTF_8);
    }

    private interface FileReader {
        byte[] read(String name) throws IOException;
    }

    private static TrustStore load(FileReader reader, String where) {
        byte[] indexBytes;
        try {
            indexBytes = reader.read(INDEX_FILE);
        } catch (IOException e) {
            throw new TrustStoreException("cannot read " + INDEX_FILE + " in " + where + ": " + e.getMessage(), e);
        }
        if (indexBytes.length > MAX_INDEX_BYTES) {
            throw new TrustStoreException(INDEX_FILE + " in " + where + " is too large");
        }
        List<TrustedCertificate> entries = new ArrayList<>();
        String[] lines = new String(indexBytes, StandardCharsets.UTF_8).split("\r?\n");
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = where + "/" + INDEX_FILE + " line " + (i + 1);
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new TrustStoreException(at + ": expected the header " + HEADER);
                }
                headerSeen = true;
                continue;
            }
            entries.add(parseLine(line, at, reader));
        }
        if (!headerSeen) {
            throw new TrustStoreException(where + "/" + INDEX_FILE + " has no header");
        }
        return of(entries);
    }

    private static TrustedCertificate parseLine(String line, String at, FileReader reader) {
        String[] cols = line.split(",", -1);
        if (cols.length != 6) {
            throw new TrustStoreException(at + ": expected 6 comma-separated columns");
        }
        String keyFile = cols[5].strip();
        // Key files live directly in the trust folder: no paths, so an index cannot point elsewhere on disk.
        if (!keyFile.matches("[A-Za-z0-9._-]{1,100}") || keyFile.startsWith(".")) {
            throw new TrustStoreException(at + ": key file must be a plain file name in the same folder");
        }
        try {
            CertificateKind kind = CertificateKind.valueOf(cols[4].strip().toUpperCase(Locale.ROOT));
            LocalDate from = LocalDate.parse(cols[2].strip());
            LocalDate until = LocalDate.parse(cols[3].strip());
            byte[] keyBytes = reader.read(keyFile);
            if (keyBytes.length > MAX_KEY_FILE_BYTES) {
                throw new TrustStoreException(at + ": " + keyFile + " is too large");
            }
            return new TrustedCertificate(cols[0].strip(), cols[1].strip(), from, until, kind, publicKey(keyBytes));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new TrustStoreException(at + ": " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new TrustStoreException(at + ": cannot read key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PEM or DER public key or X.509 certificate. */
    static PublicKey publicKey(byte[] bytes) throws GeneralSecurityException {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return certificate(pemBody(text, "CERTIFICATE")).getPublicKey();
        }
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(text, "PUBLIC KEY")));
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(bytes));
        } catch (GeneralSecurityException notAKey) {
            return certificate(bytes).getPublicKey();
        }
    }

    private static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] pemBody(String text, String label) throws GeneralSecurityException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new GeneralSecurityException("PEM block " + label + " is not closed");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("PEM body is not Base64", e);
        }
    }
}
