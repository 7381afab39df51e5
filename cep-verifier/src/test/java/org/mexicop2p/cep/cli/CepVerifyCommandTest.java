package org.mexicop2p.cep.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.Samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auditors' command, run in-process with captured output, over the real samples. */
class CepVerifyCommandTest {

    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CepVerifyCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path copyBeta(Path dir) throws IOException {
        for (String prefix : Samples.betaPrefixes()) {
            Files.write(dir.resolve(prefix + ".xml"), Samples.bytes(prefix));
        }
        return dir;
    }

    @Test
    void theSharedSamplesGiveOneLineEachAndASummary() {
        Run run = run("--allow-beta", Samples.folder().toString());

        assertEquals(1, run.exit(), "the production sample is unverifiable, so not every receipt is valid");
        assertEquals(10, run.lines().size());
        assertEquals("8 valid, 0 invalid, 1 unverifiable", run.lines().get(9));
        assertEquals(8, run.lines().stream().filter(l -> l.startsWith("VALID OK ")).count());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("UNVERIFIABLE UNKNOWN_CERTIFICATE ")
                && l.contains("prod_2019-04-12")));
    }

    @Test
    void betaReceiptsAreInvalidWithoutAllowBeta(@TempDir Path dir) throws IOException {
        Run run = run(copyBeta(dir).toString());

        assertEquals(1, run.exit());
        assertEquals("0 valid, 8 invalid, 0 unverifiable", run.lines().get(8));
        assertTrue(run.lines().get(0).startsWith("INVALID BETA_CERTIFICATE "));
    }

    @Test
    void allValidExitsZero(@TempDir Path dir) throws IOException {
        Run run = run("--allow-beta", copyBeta(dir).toString());

        assertEquals(0, run.exit(), run.out());
    }

    @Test
    void jsonGivesOneObjectPerReceiptWithTheSignedFacts() {
        Path file = Samples.folder().resolve("beta_2024-11-08_tipo12_EPRU723PRENOM24110744VL0000001.xml");
        Run run = run("--allow-beta", "--format", "json", file.toString());

        assertEquals(0, run.exit());
        assertEquals(1, run.lines().size());
        String line = run.lines().get(0);
        assertTrue(line.startsWith("{\"file\":\"") && line.endsWith("}"), line);
        for (String expected : List.of("\"verdict\":\"VALID\"", "\"reason\":\"OK\"", "\"tipo\":12",
                "\"operationDate\":\"2024-11-08\"", "\"creditDate\":\"2024-11-07\"", "\"creditTime\":\"18:02:30\"",
                "\"receivingParticipant\":\"90723\"", "\"senderBank\":\"BANXICO\"",
                "\"beneficiaryAccount\":\"723969000011000077\"", "\"amount\":\"1.25\"",
                "\"certificateNumber\":\"00000100000100014853\"", "\"duplicateOf\":null")) {
            assertTrue(line.contains(expected), expected + " in " + line);
        }
    }

    @Test
    void aReceiptSeenTwiceIsReportedAsADuplicate(@TempDir Path dir) throws IOException {
        byte[] xml = Samples.bytes("beta_2024-11-08_tipo01");
        Files.write(dir.resolve("a.xml"), xml);
        Path zip = dir.resolve("again.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("nested/copy.xml"));
            // Only the unsigned tracking key differs: still the same signed receipt.
            out.write(new String(xml, StandardCharsets.UTF_8).replace("BiB202411081016248360", "OTRA1")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        Run run = run("--allow-beta", dir.resolve("a.xml").toString(), zip.toString());

        assertEquals(1, run.exit());
        assertTrue(run.lines().get(0).startsWith("VALID OK "), run.out());
        assertTrue(run.lines().get(1).startsWith("INVALID DUPLICATE_RECEIPT " + zip + "!/nested/copy.xml"),
                run.lines().get(1));
        assertTrue(run.lines().get(1).contains("duplicate-of=#1"));
        assertEquals("1 valid, 1 invalid, 0 unverifiable", run.lines().get(2));
    }

    @Test
    void textOutputIsOneLinePerReceiptWhateverTheFileNamesAndCadenaFieldsHold(@TempDir Path dir) throws IOException {
        // A cadena field can carry a line break as a character reference, and file or entry names can hold any.
        byte[] forged = Samples.tipo1().replace("|723969000011000077|",
                "|723969000011000077&#10;VALID OK fake.xml amount=1.00&#x2028;|").getBytes(StandardCharsets.UTF_8);
        byte[] tipo1 = Samples.bytes("beta_2024-11-08_tipo01");
        Path file = Files.write(dir.resolve("forged\nVALID OK\tx.xml"), forged);
        Path zip = dir.resolve("z.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a\\b\rVALID OK \u2028c.xml"));
            out.write(tipo1);
            out.closeEntry();
        }
        String forgedReplay = CepVerifier.verify(forged, Samples.betaAllowed()).replayKey().substring(0, 16);
        String validReplay = CepVerifier.verify(tipo1, Samples.betaAllowed()).replayKey().substring(0, 16);

        Run run = run("--allow-beta", file.toString(), zip.toString());

        assertEquals(1, run.exit());
        assertEquals(List.of(
                "INVALID BAD_SIGNATURE " + dir + "/forged\\nVALID OK\\tx.xml amount=3414.95"
                        + " beneficiary=723969000011000077\\nVALID OK fake.xml amount=1.00\\u2028"
                        + " credited=2024-11-08T10:53:36 certificate=00000100000100014853 replay=" + forgedReplay
                        + " -- the sello does not verify over the signed cadena",
                "VALID OK " + zip + "!/a\\\\b\\rVALID OK \\u2028c.xml amount=3414.95"
                        + " beneficiary=723969000011000077 credited=2024-11-08T10:53:36"
                        + " certificate=00000100000100014853 replay=" + validReplay,
                "1 valid, 1 invalid, 0 unverifiable"), run.lines());
    }

    @Test
    void jsonOutputKeepsItsOwnEscaping(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("a\\b\nc.xml"), Samples.bytes("beta_2024-11-08_tipo01"));

        Run run = run("--allow-beta", "--format", "json", file.toString());

        assertEquals(0, run.exit());
        assertEquals(1, run.lines().size(), run.out());
        assertTrue(run.lines().get(0).startsWith("{\"file\":\"" + dir + "/a\\\\b\\nc.xml\",\"verdict\":\"VALID\""),
                run.out());
    }

    @Test
    void expectationsTurnMismatchesIntoInvalidReceipts() {
        Path tipo1 = Samples.folder().resolve("beta_2024-11-08_tipo01_BiB202411081016248360.xml");

        Run matches = run("--allow-beta", "--expect-amount", "3414.95", "--expect-clabe", "723969000011000077",
                tipo1.toString());
        Run wrongAmount = run("--allow-beta", "--expect-amount", "3414.96", tipo1.toString());
        Run wrongClabe = run("--allow-beta", "--expect-clabe", "012180004643051249", tipo1.toString());

        assertEquals(0, matches.exit(), matches.out());
        assertEquals(1, wrongAmount.exit());
        assertTrue(wrongAmount.lines().get(0).startsWith("INVALID AMOUNT_MISMATCH "), wrongAmount.out());
        assertEquals(1, wrongClabe.exit());
        assertTrue(wrongClabe.lines().get(0).startsWith("INVALID BENEFICIARY_MISMATCH "), wrongClabe.out());
    }

    @Test
    void hostileAndNonCepFilesAreRejectedWithTheirReason(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("1-empty.xml"), new byte[0]);
        Files.writeString(dir.resolve("2-doc.pdf"), "%PDF-1.4\n%%EOF\n");
        Files.writeString(dir.resolve("3-xxe.xml"), "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><SPEI_Tercero a=\"&x;\"/>");
        Files.write(dir.resolve("4-truncated.xml"), java.util.Arrays.copyOf(Samples.bytes("beta_2024-11-08_tipo01"),
                900));
        try (RandomAccessFile huge = new RandomAccessFile(dir.resolve("5-huge.xml").toFile(), "rw")) {
            huge.setLength(50L * 1024 * 1024);
            huge.write('<');
        }

        Run run = run("--format", "json", "--threads", "1", dir.toString());

        assertEquals(1, run.exit());
        String out = run.out();
        assertTrue(out.contains("1-empty.xml\",\"verdict\":\"INVALID\",\"reason\":\"EMPTY\""), out);
        assertTrue(out.contains("2-doc.pdf\",\"verdict\":\"INVALID\",\"reason\":\"NOT_A_CEP\""), out);
        assertTrue(out.contains("3-xxe.xml\",\"verdict\":\"INVALID\",\"reason\":\"FORBIDDEN_DTD\""), out);
        assertTrue(out.contains("4-truncated.xml\",\"verdict\":\"INVALID\",\"reason\":\"MALFORMED_XML\""), out);
        assertTrue(out.contains("5-huge.xml\",\"verdict\":\"INVALID\",\"reason\":\"TOO_LARGE\""), out);
        assertTrue(!out.contains("root:"), "nothing of /etc/passwd leaks");
    }

    @Test
    void usageAndIoErrorsExitTwo(@TempDir Path dir) throws IOException {
        assertEquals(2, run().exit(), "no PATH");
        assertEquals(2, run("--format", "yaml", dir.toString()).exit());
        assertEquals(2, run("--expect-amount", "12,50", dir.toString()).exit());
        assertEquals(2, run("--expect-clabe", "723969000011000078", dir.toString()).exit());
        assertEquals(2, run(dir.resolve("missing.xml").toString()).exit());
        assertEquals(2, run("--trust", dir.resolve("no-trust").toString(), dir.toString()).exit());
        assertEquals(2, run(dir.toString()).exit(), "an empty folder holds no receipt to vouch for");
        Files.writeString(dir.resolve("broken.zip"), "not a zip");
        Run brokenZip = run(dir.resolve("broken.zip").toString());
        assertEquals(2, brokenZip.exit(), brokenZip.err());
        assertTrue(brokenZip.err().contains("not a zip archive"), brokenZip.err());
    }

    @Test
    void aZipEntryNameThatIsNotUtf8ExitsTwoAfterTheLinesOfTheEntriesBeforeIt(@TempDir Path dir) throws IOException {
        byte[] tipo1 = Samples.bytes("beta_2024-11-08_tipo01");
        Path zip = dir.resolve("bad-name.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("ok.xml", "XXAA.xml")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(tipo1);
                out.closeEntry();
            }
        }
        // The JDK writes names as UTF-8; patch "XX" into bytes that are not UTF-8, as another zip tool could write.
        byte[] bytes = Files.readAllBytes(zip);
        byte[] placeholder = "XXAA.xml".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + placeholder.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + placeholder.length, placeholder, 0, placeholder.length)) {
                bytes[i] = (byte) 0xFF;
                bytes[i + 1] = (byte) 0xFE;
            }
        }
        Files.write(zip, bytes);
        String replay = CepVerifier.verify(tipo1, Samples.betaAllowed()).replayKey().substring(0, 16);

        Run run = run("--allow-beta", zip.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals(List.of("VALID OK " + zip + "!/ok.xml amount=3414.95 beneficiary=723969000011000077"
                + " credited=2024-11-08T10:53:36 certificate=00000100000100014853 replay=" + replay), run.lines());
        assertEquals("cep-verify: " + zip + ": not a readable zip (an entry name is not valid UTF-8)\n", run.err());
    }

    @Test
    void aCrashedWorkerExitsTwoWithOneLineAndNoStackTrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CepVerifyCommand.BatchCheck crashing = (receipts, options, expect, json) -> {
            throw new IllegalArgumentException("broken\nsecond line");
        };

        int exit = CepVerifyCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), crashing, "--allow-beta",
                Samples.folder().toString());

        assertEquals(2, exit);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("cep-verify: verification crashed: java.lang.IllegalArgumentException: broken\\nsecond line\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionExitZeroAndBadCommandLinesExitTwoWithTheUsage(@TempDir Path dir) {
        Run help = run("--help");
        Run version = run("-V");
        Run unknown = run("--allow-gamma", dir.toString());
        Run flagWithValue = run("--allow-beta=yes", dir.toString());
        Run missingValue = run(dir.toString(), "--trust");
        Run badThreads = run("--threads", "0", dir.toString());

        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: cep-verify "), help.out());
        assertTrue(help.out().contains("--expect-clabe CLABE"), help.out());
        assertEquals(0, version.exit());
        assertEquals("cep-verify 0.1\n", version.out());
        for (Run bad : List.of(unknown, flagWithValue, missingValue, badThreads)) {
            assertEquals(2, bad.exit(), bad.err());
            assertTrue(bad.err().contains("Usage: cep-verify "), bad.err());
            assertEquals("", bad.out());
        }
        assertTrue(unknown.err().startsWith("cep-verify: unknown option --allow-gamma"), unknown.err());
        assertTrue(flagWithValue.err().startsWith("cep-verify: --allow-beta takes no value"), flagWithValue.err());
        assertTrue(missingValue.err().startsWith("cep-verify: --trust needs a value"), missingValue.err());
        assertTrue(badThreads.err().startsWith("cep-verify: --threads must be 1..64"), badThreads.err());
    }

    @Test
    void optionsAlsoTakeTheirValueAfterAnEqualsSignAndFormatIgnoresCase(@TempDir Path dir) throws IOException {
        Run run = run("--allow-beta", "--format=JSON", "--threads=1", "--", copyBeta(dir).toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(8, run.lines().size());
        assertTrue(run.lines().stream().allMatch(l -> l.startsWith("{\"file\":") && l.contains("\"reason\":\"OK\"")),
                run.out());
    }

    @Test
    void foldersAreWalkedRecursivelySkippingHiddenFilesAndFolders(@TempDir Path dir) throws IOException {
        byte[] tipo1 = Samples.bytes("beta_2024-11-08_tipo01");
        Files.write(Files.createDirectories(dir.resolve("a/b")).resolve("deep.xml"), tipo1);
        Files.write(dir.resolve(".hidden.xml"), tipo1);
        Files.write(Files.createDirectories(dir.resolve(".git/objects")).resolve("x.xml"), tipo1);
        Files.write(Files.createDirectories(dir.resolve("a/.cache")).resolve("y.xml"), tipo1);

        Run run = run("--allow-beta", dir.toString());

        assertEquals(0, run.exit(), run.out());
        assertEquals(2, run.lines().size(), run.out());
        assertTrue(run.lines().get(0).startsWith("VALID OK " + dir.resolve("a/b/deep.xml")), run.out());
        assertEquals("1 valid, 0 invalid, 0 unverifiable", run.lines().get(1));
    }

    @Test
    void aLinkedFolderNamedOnTheCommandLineIsWalkedButLinksInsideAFolderAreNot(@TempDir Path dir)
            throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.write(real.resolve("tipo1.xml"), Samples.bytes("beta_2024-11-08_tipo01"));
        Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked"), real);
        Path outer = Files.createDirectories(dir.resolve("outer"));
        Files.createSymbolicLink(outer.resolve("inner-link"), real);
        Files.createSymbolicLink(outer.resolve("file-link.xml"), real.resolve("tipo1.xml"));
        Files.write(outer.resolve("tipo3.xml"), Samples.bytes("beta_2024-11-08_tipo03"));

        Run viaLink = run("--allow-beta", linkedFolder.toString());
        Run outerOnly = run("--allow-beta", outer.toString());

        assertEquals(0, viaLink.exit(), viaLink.out() + viaLink.err());
        assertTrue(viaLink.lines().get(0).startsWith("VALID OK " + linkedFolder.resolve("tipo1.xml")), viaLink.out());
        assertEquals(List.of("1 valid, 0 invalid, 0 unverifiable"), viaLink.lines().subList(1, 2));
        assertEquals(0, outerOnly.exit(), outerOnly.out());
        assertEquals(2, outerOnly.lines().size(), outerOnly.out());
        assertTrue(outerOnly.lines().get(0).startsWith("VALID OK " + outer.resolve("tipo3.xml")), outerOnly.out());
    }

    @Test
    void aGeneratedTrustFolderIsUsedInsteadOfTheBundledOne(@TempDir Path dir) throws IOException {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(Samples.folder().resolveSibling("trust").resolve("beta-00000100000100014853.pub.pem"),
                trust.resolve("key.pem"));
        Files.writeString(trust.resolve("index.csv"),
                "certificate_number,participant_code,valid_from,valid_until,kind,key_file\n"
                        + "00000100000100014853,90723,2024-11-01,2024-11-30,production,key.pem\n");
        Path tipo3 = Samples.folder().resolve("beta_2024-11-08_tipo03_BiB2024110810162418193.xml");

        Run run = run("--trust", trust.toString(), tipo3.toString());

        assertEquals(0, run.exit(), run.out() + run.err());
    }

    @Test
    void outputIsFlushedEvenWhenStdoutIsSlow() {
        // Output goes through a buffer, not a line-flushing writer: check every byte arrives.
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }
        };
        int exit = CepVerifyCommand.run(new PrintStream(slow, false, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), "--allow-beta", Samples.folder().toString());

        assertEquals(1, exit);
        assertTrue(sink.toString(StandardCharsets.UTF_8).endsWith("8 valid, 0 invalid, 1 unverifiable\n"));
    }
}
