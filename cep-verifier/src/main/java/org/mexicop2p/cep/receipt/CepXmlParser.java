package org.mexicop2p.cep.receipt;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a CEP file into {@link CepXml}, refusing anything that is not exactly the {@code SPEI_Tercero} shape Banxico
 * produces: one root with seven attributes, then an empty {@code Beneficiario} and an empty {@code Ordenante}.
 *
 * <p>Safety: the input is capped at {@link #MAX_RECEIPT_BYTES} before parsing; any DOCTYPE is refused (so no
 * external entity, no entity expansion can ever happen); the JDK's own StAX parser is used so that a different
 * implementation on the classpath cannot change these rules. Stateless and thread-safe.
 */
public final class CepXmlParser {

    /** Real CEPs are 1.4–1.7 kB; 16 KiB leaves room for long names and a 4096-bit sello while bounding the work. */
    public static final int MAX_RECEIPT_BYTES = 16 * 1024;

    private static final Set<String> ROOT_ATTRIBUTES = Set.of("FechaOperacion", "Hora", "ClaveSPEI", "sello",
            "numeroCertificado", "cadenaCDA", "claveRastreo");
    private static final Set<String> BENEFICIARIO_ATTRIBUTES = Set.of("BancoReceptor", "Nombre", "TipoCuenta",
            "Cuenta", "RFC", "Concepto", "IVA", "MontoPago");
    private static final Set<String> ORDENANTE_ATTRIBUTES = Set.of("BancoEmisor", "Nombre", "TipoCuenta", "Cuenta",
            "RFC");

    private static final XMLInputFactory FACTORY = secureFactory();

    private CepXmlParser() {
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** Parses one receipt; every rejection is a {@link MalformedReceiptException} with a fixed problem code. */
    public static CepXml parse(byte[] xml) throws MalformedReceiptException {
        if (xml.length > MAX_RECEIPT_BYTES) {
            throw new MalformedReceiptException(ReceiptProblem.TOO_LARGE,
                    "receipt exceeds the limit of " + MAX_RECEIPT_BYTES + " bytes");
        }
        int first = firstNonWhitespace(xml);
        if (first < 0) {
            throw new MalformedReceiptException(ReceiptProblem.EMPTY, "receipt is empty");
        }
        if (xml[first] != '<') {
            throw new MalformedReceiptException(ReceiptProblem.NOT_A_CEP, "not an XML document");
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            return readDocument(reader);
        } catch (XMLStreamException | RuntimeException e) {
            // The JDK parser reports broken input as XMLStreamException, and some truncations as runtime errors.
            throw new MalformedReceiptException(ReceiptProblem.MALFORMED_XML, "malformed XML: " + firstLine(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Closing a reader over a byte array cannot lose data; the parse result stands.
                }
            }
        }
    }

    private static CepXml readDocument(XMLStreamReader reader) throws XMLStreamException, MalformedReceiptException {
        Map<String, String> root = null;
        Map<String, String> beneficiario = null;
        Map<String, String> ordenante = null;
        int depth = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new MalformedReceiptException(ReceiptProblem.FORBIDDEN_DTD,
                        "a CEP never carries a DOCTYPE");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedReceiptException(
                        ReceiptProblem.FORBIDDEN_DTD, "entity reference " + reader.getLocalName());
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String name = reader.getLocalName();
                    String namespace = reader.getNamespaceURI();
                    if (namespace != null && !namespace.isEmpty()) {
                        throw notACep("namespaced element " + name);
                    }
                    if (depth == 1 && name.equals("SPEI_Tercero") && root == null) {
                        root = attributes(reader, ROOT_ATTRIBUTES);
                    } else if (depth == 2 && name.equals("Beneficiario") && beneficiario == null
                            && ordenante == null) {
                        beneficiario = attributes(reader, BENEFICIARIO_ATTRIBUTES);
                    } else if (depth == 2 && name.equals("Ordenante") && beneficiario != null && ordenante == null) {
                        ordenante = attributes(reader, ORDENANTE_ATTRIBUTES);
                    } else {
                        throw notACep("unexpected element " + name + " at depth " + depth);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!reader.isWhiteSpace() && !reader.getText().isBlank()) {
                        throw notACep("text content inside " + (depth == 1 ? "SPEI_Tercero" : "an element"));
                    }
                }
                default -> {
                    // Comments, processing instructions and whitespace carry nothing we read.
                }
            }
        }
        if (root == null || beneficiario == null || ordenante == null) {
            throw notACep("SPEI_Tercero with Beneficiario and Ordenante is required");
        }
        return new CepXml(root, beneficiario, ordenante);
    }

    private static Map<String, String> attributes(XMLStreamReader reader, Set<String> expected)
            throws MalformedReceiptException {
        int count = reader.getAttributeCount();
        if (count != expected.size()) {
            throw notACep(reader.getLocalName() + " has " + count + " attributes; expected " + expected.size());
        }
        Map<String, String> values = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String name = reader.getAttributeLocalName(i);
            String ns = reader.getAttributeNamespace(i);
            if ((ns != null && !ns.isEmpty()) || !expected.contains(name)) {
                throw notACep(reader.getLocalName() + " has an unexpected attribute " + name);
            }
            values.put(name, reader.getAttributeValue(i));
        }
        return values;
    }

    private static MalformedReceiptException notACep(String detail) {
        return new MalformedReceiptException(ReceiptProblem.NOT_A_CEP, detail);
    }

    private static int firstNonWhitespace(byte[] bytes) {
        int start = 0;
        // A UTF-8 byte-order mark is tolerated: it is not part of the document.
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
