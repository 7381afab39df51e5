package org.mexicop2p.cep.receipt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mexicop2p.cep.verify.Samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The purpose-built reader agrees with a conforming XML parser on real and reshaped receipts, and refuses the rest. */
class CepXmlParserTest {

    /** Attributes per element as the JDK's own StAX parser reports them: the oracle. */
    private static Map<String, Map<String, String>> oracle(byte[] xml) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
        Map<String, Map<String, String>> elements = new HashMap<>();
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                Map<String, String> attributes = new HashMap<>();
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                }
                elements.put(reader.getLocalName(), attributes);
            }
        }
        return elements;
    }

    private static void assertAgreesWithOracle(byte[] xml) throws Exception {
        CepXml parsed = CepXmlParser.parse(xml);
        Map<String, Map<String, String>> expected = oracle(xml);
        assertEquals(expected.get("SPEI_Tercero"), parsed.root());
        assertEquals(expected.get("Beneficiario"), parsed.beneficiario());
        assertEquals(expected.get("Ordenante"), parsed.ordenante());
    }

    static java.util.stream.Stream<String> allSamples() {
        return java.util.stream.Stream.concat(Samples.betaPrefixes().stream(), java.util.stream.Stream.of("prod_"));
    }

    @ParameterizedTest
    @MethodSource("allSamples")
    void realReceiptsReadExactlyAsAConformingParserReadsThem(String prefix) throws Exception {
        assertAgreesWithOracle(Samples.bytes(prefix));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> reshapings() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("comments between elements", "<Beneficiario ",
                        "<!-- nota --><Beneficiario "),
                org.junit.jupiter.params.provider.Arguments.of("single quotes", "Hora=\"10:53:36\"", "Hora='10:53:36'"),
                org.junit.jupiter.params.provider.Arguments.of("references", "Nombre=\"Felipe Lopez Hernandez\"",
                        "Nombre=\"Felipe &amp; L&#243;pez &#x48;ern&lt;&gt;&quot;&apos;\""),
                // The real samples are pure ASCII; this takes the strict UTF-8 path, not the ASCII shortcut.
                org.junit.jupiter.params.provider.Arguments.of("non-ASCII UTF-8 in a value",
                        "Nombre=\"Felipe Lopez Hernandez\"", "Nombre=\"Felipe López Hernández Peña ✓\""),
                // Multi-byte characters right before the closing quote and as references outside the BMP: the
                // reader works on bytes, and the value must still end and decode where a character reader says.
                org.junit.jupiter.params.provider.Arguments.of("multi-byte characters and references at a value's end",
                        "Nombre=\"Felipe Lopez Hernandez\"", "Nombre=\"Peña &#x1F600;&#128512;é\""),
                org.junit.jupiter.params.provider.Arguments.of("non-ASCII UTF-8 in a comment", "<Beneficiario ",
                        "<!-- señor ✓ --><Beneficiario "),
                org.junit.jupiter.params.provider.Arguments.of("a byte order mark", "<?xml version=",
                        "\uFEFF<?xml version="),
                org.junit.jupiter.params.provider.Arguments.of("line ends and tabs inside a value",
                        "Concepto=\"CONCEPTO PAGO TIPO 1\"", "Concepto=\"CONCEPTO\r\nPAGO\tTIPO\n1\r2\""),
                org.junit.jupiter.params.provider.Arguments.of("an explicit end tag", "RFC=\"GAJH931011I41\"/>",
                        "RFC=\"GAJH931011I41\"></Ordenante>"),
                org.junit.jupiter.params.provider.Arguments.of("spaces in the end tag", "</SPEI_Tercero>",
                        "</SPEI_Tercero  >"),
                org.junit.jupiter.params.provider.Arguments.of("no declaration",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""),
                org.junit.jupiter.params.provider.Arguments.of("standalone instead of encoding", "encoding=\"UTF-8\"",
                        "standalone=\"yes\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reshapings")
    void reshapedReceiptsReadAsAConformingParserReadsThem(String what, String original, String edited)
            throws Exception {
        String xml = Samples.tipo1();
        org.junit.jupiter.api.Assertions.assertTrue(xml.contains(original), what);
        assertAgreesWithOracle(xml.replace(original, edited).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MALFORMED_XML|Hora=\"10:53:36\"|Hora=\"10:53:36\" Hora=\"10:53:36\"",
            "MALFORMED_XML|Hora=\"10:53:36\"|Hora=10:53:36",
            "MALFORMED_XML|Hora=\"10:53:36\"|Hora=\"10<53\"",
            "MALFORMED_XML|Hora=\"10:53:36\"|Hora=\"&#0;\"",
            "MALFORMED_XML|Hora=\"10:53:36\"|Hora=\"&nbsp;\"",
            "MALFORMED_XML|Hora=\"10:53:36\" ClaveSPEI|Hora=\"10:53:36\"ClaveSPEI",
            "MALFORMED_XML|encoding=\"UTF-8\"|encoding=\"ISO-8859-1\"",
            "MALFORMED_XML|</SPEI_Tercero>|</SPEI_Tercer>",
            "MALFORMED_XML|<!-- x -->|<!-- x -- y -->",
            "NOT_A_CEP|<Beneficiario |<![CDATA[x]]><Beneficiario ",
            "NOT_A_CEP|<Beneficiario |<?pi data?><Beneficiario ",
            "NOT_A_CEP|</SPEI_Tercero>|</SPEI_Tercero><otro/>",
            "FORBIDDEN_DTD|<SPEI_Tercero |<!DOCTYPE SPEI_Tercero><SPEI_Tercero "
    })
    void malformedOrForeignMarkupIsRefused(ReceiptProblem problem, String original, String edited) {
        String xml = Samples.tipo1().replace(original, edited).replace("<!-- x -->", "");
        String withComment = original.equals("<!-- x -->")
                ? Samples.tipo1().replace("<Beneficiario ", edited + "<Beneficiario ") : xml;

        MalformedReceiptException e = assertThrows(MalformedReceiptException.class,
                () -> CepXmlParser.parse(withComment.getBytes(StandardCharsets.UTF_8)));
        assertEquals(problem, e.problem(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3", "FF", "ED A0 80", "C0 AF"})
    void invalidUtf8IsMalformed(String hex) {
        byte[] bad = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        String xml = Samples.tipo1();
        int at = xml.indexOf("Felipe");
        byte[] head = xml.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = xml.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);

        MalformedReceiptException e = assertThrows(MalformedReceiptException.class, () -> CepXmlParser.parse(all));
        assertEquals(ReceiptProblem.MALFORMED_XML, e.problem());
    }
}
