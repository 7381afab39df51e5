package org.mexicop2p.cep.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mexicop2p.cep.receipt.CepXmlParser;
import org.mexicop2p.cep.verify.Samples;
import org.mexicop2p.cep.verify.TrustStore;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The benchmark's floor really checks signatures: the genuine beta receipts pass, and a changed cadena or sello
 * fails, so a floor that stopped verifying could not pass for a fast one.
 */
class FreshJvmFloorTest {

    private static final PublicKey BETA_KEY =
            Samples.betaTrust().find(Samples.BETA_CERTIFICATE).orElseThrow().publicKey();

    @Test
    void genuineReceiptsPassAndAChangedCadenaOrSelloFails(@TempDir Path dir) throws Exception {
        for (String prefix : Samples.betaPrefixes()) {
            Files.write(dir.resolve(prefix + ".xml"), Samples.bytes(prefix));
        }
        assertEquals(0, FreshJvmFloor.files(BETA_KEY, 2, dir));

        String tipo1 = Samples.tipo1();
        Files.writeString(dir.resolve("edited-amount.xml"), tipo1.replace("||1|08112024|", "||1|09112024|"));
        String cadena = Samples.cadenaOf(tipo1);
        String sello = cadena.substring(cadena.lastIndexOf("||") + 2);
        String otherSello = (sello.charAt(0) == 'A' ? "B" : "A") + sello.substring(1);
        Files.writeString(dir.resolve("edited-sello.xml"), tipo1.replace(sello, otherSello));

        assertEquals(2, FreshJvmFloor.files(BETA_KEY, 2, dir));
    }

    @Test
    void theSignatureOnlyFloorCountsEveryFailedCheck(@TempDir Path dir) throws Exception {
        Path genuine = Files.writeString(dir.resolve("genuine.xml"), Samples.tipo1());
        Path edited = Files.writeString(dir.resolve("edited.xml"),
                Samples.tipo1().replace("||1|08112024|", "||1|09112024|"), StandardCharsets.UTF_8);

        assertEquals(0, FreshJvmFloor.signatures(BETA_KEY, 2, genuine, 7));
        assertEquals(7, FreshJvmFloor.signatures(BETA_KEY, 2, edited, 7));
    }

    @Test
    void badCommandLinesExitTwoAndVerifyNothing(@TempDir Path dir) throws Exception {
        Path receipt = Files.writeString(dir.resolve("genuine.xml"), Samples.tipo1());
        Path trustFolder = dir.resolve("trust");
        TrustStore.write(trustFolder, List.of(Samples.betaTrust().find(Samples.BETA_CERTIFICATE).orElseThrow()));
        String trust = trustFolder.toString();
        String certificate = Samples.BETA_CERTIFICATE;

        assertEquals(0, FreshJvmFloor.run("signatures", trust, certificate, "2", receipt.toString(), "3"));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "2"));
        assertEquals(2, FreshJvmFloor.run("both", trust, certificate, "2", receipt.toString()));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "0", receipt.toString()));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "two", receipt.toString()));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "2", receipt.toString(), "-1"));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, "99999999999999999999", "2", receipt.toString()));
        assertEquals(2, FreshJvmFloor.run("signatures", dir.resolve("no-trust").toString(), certificate, "2",
                receipt.toString()));
        assertEquals(2, FreshJvmFloor.run("files", trust, certificate, "2", dir.resolve("missing").toString()));
        Path huge = Files.write(dir.resolve("huge.xml"), new byte[CepXmlParser.MAX_RECEIPT_BYTES + 1]);
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "2", huge.toString()));
        assertEquals(2, FreshJvmFloor.run("signatures", trust, certificate, "2", dir.resolve("missing.xml")
                .toString()));
    }
}
