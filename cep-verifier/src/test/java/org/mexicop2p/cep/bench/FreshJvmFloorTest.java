package org.mexicop2p.cep.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mexicop2p.cep.verify.Samples;

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
}
