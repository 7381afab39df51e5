package org.mexicop2p.cep.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mexicop2p.testsupport.SharedData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustStoreTest {

    private static final String HEADER = "certificate_number,participant_code,valid_from,valid_until,kind,key_file\n";

    @Test
    void theBundledStoreHoldsTheBetaSignerAsBeta() {
        TrustedCertificate beta = TrustStore.bundled().find(Samples.BETA_CERTIFICATE).orElseThrow();

        assertEquals(CertificateKind.BETA, beta.kind());
        assertEquals("90723", beta.participantCode());
        assertTrue(beta.validOn(LocalDate.of(2024, 11, 7)));
    }

    @Test
    void aFolderWithTheSharedBetaPemLoadsAndVerifiesTheSamples(@TempDir Path dir) throws IOException {
        Files.copy(SharedData.path("data/cep/trust/beta-00000100000100014853.pub.pem"), dir.resolve("beta.pem"));
        Files.writeString(dir.resolve("index.csv"), "# comment\n" + HEADER
                + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,beta.pem\n");

        TrustStore store = TrustStore.load(dir);
        CepVerification v = CepVerifier.verify(Samples.bytes("beta_2024-11-08_tipo03"),
                VerifyOptions.production(store).withBetaAllowed(true));

        assertEquals(Reason.OK, v.reason());
    }

    @Test
    void writtenStoresReadBack(@TempDir Path dir) {
        TrustedCertificate entry = Samples.sandboxEntry("99999900000000000007", Samples.newRsaKey());

        assertThrows(TrustStoreException.class, () -> TrustStore.load(dir.resolve("missing")));
        assertEquals(entry, assertDoesNotThrowWrite(dir, entry).find("99999900000000000007").orElseThrow());
    }

    private static TrustStore assertDoesNotThrowWrite(Path dir, TrustedCertificate entry) {
        try {
            TrustStore.write(dir, List.of(entry));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return TrustStore.load(dir);
    }

    @Test
    void badIndexesAreRefusedWithTheLineNamed(@TempDir Path dir) throws IOException, NoSuchAlgorithmException {
        Files.copy(SharedData.path("data/cep/trust/beta-00000100000100014853.pub.pem"), dir.resolve("beta.pem"));
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        Files.write(dir.resolve("small.der"), small.generateKeyPair().getPublic().getEncoded());

        for (String body : List.of(
                "no header\n",
                HEADER + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,../beta.pem\n",
                HEADER + "00000100000100014853,90723,2024-11-01,2024-11-30,trusted,beta.pem\n",
                HEADER + "00000100000100014853,90723,2024-11-31,2024-12-30,beta,beta.pem\n",
                HEADER + "00000100000100014853,*,2024-11-01,2024-11-30,production,beta.pem\n",
                HEADER + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,missing.pem\n",
                HEADER + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,small.der\n",
                HEADER + "00000100000100014853,90723,2024-11-01,beta,beta.pem\n",
                HEADER + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,beta.pem\n"
                        + "00000100000100014853,90723,2024-11-01,2024-11-30,beta,beta.pem\n")) {
            Files.writeString(dir.resolve("index.csv"), body);
            TrustStoreException e = assertThrows(TrustStoreException.class, () -> TrustStore.load(dir), body);
            assertTrue(e.getMessage().contains("index.csv") || e.getMessage().contains("twice"), e.getMessage());
        }
    }
}
