package org.mexicop2p.cep.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.mexicop2p.testsupport.SharedData;

/** The real receipts in {@code ../shared/data/cep}, and helpers to make edited or re-signed copies of them. */
public final class Samples {

    public static final String BETA_CERTIFICATE = "00000100000100014853";

    private Samples() {
    }

    public static Path folder() {
        return SharedData.path("data/cep/samples");
    }

    /** The sample whose file name starts with {@code prefix}. */
    public static byte[] bytes(String prefix) {
        try (Stream<Path> files = Files.list(folder())) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no sample " + prefix));
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String prefix) {
        return new String(bytes(prefix), StandardCharsets.UTF_8);
    }

    /** The beta tipo-1 receipt, the baseline for edits. */
    public static String tipo1() {
        return text("beta_2024-11-08_tipo01");
    }

    /** The trust folder shipped with the shared data, loaded as the bundled store would be. */
    public static TrustStore betaTrust() {
        return TrustStore.bundled();
    }

    public static VerifyOptions betaAllowed() {
        return VerifyOptions.production(betaTrust()).withBetaAllowed(true);
    }

    public static KeyPair newRsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrustedCertificate sandboxEntry(String certificateNumber, KeyPair key) {
        return new TrustedCertificate(certificateNumber, TrustedCertificate.ANY_PARTICIPANT,
                LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1), CertificateKind.SANDBOX, key.getPublic());
    }

    public static String cadenaOf(String xml) {
        int start = xml.indexOf("cadenaCDA=\"") + "cadenaCDA=\"".length();
        return xml.substring(start, xml.indexOf('"', start));
    }

    /**
     * Replaces the signed part of {@code xml}'s cadena with {@code newSigned} and signs it with {@code key},
     * updating both the cadena and the sello attribute, as a forger holding a key would.
     */
    public static String resign(String xml, String newSigned, KeyPair key) {
        String cadena = cadenaOf(xml);
        String oldSello = cadena.substring(cadena.lastIndexOf("||") + 2);
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(key.getPrivate());
            signature.update(newSigned.getBytes(StandardCharsets.UTF_8));
            String sello = Base64.getEncoder().encodeToString(signature.sign());
            return xml.replace(cadena, newSigned + sello).replace("sello=\"" + oldSello + "\"",
                    "sello=\"" + sello + "\"");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signedPart(String xml) {
        String cadena = cadenaOf(xml);
        return cadena.substring(0, cadena.lastIndexOf("||") + 2);
    }

    public static List<String> betaPrefixes() {
        return List.of("beta_2024-11-08_tipo01", "beta_2024-11-08_tipo03", "beta_2024-11-08_tipo05",
                "beta_2024-11-08_tipo08", "beta_2024-11-08_tipo10", "beta_2024-11-08_tipo12",
                "beta_2024-11-08_tipo30", "beta_2024-11-08_tipo35");
    }
}
