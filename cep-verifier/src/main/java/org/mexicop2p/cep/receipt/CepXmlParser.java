package org.mexicop2p.cep.receipt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.mexicop2p.cep.receipt.CepXml.Element;

/**
 * Reads a CEP file into {@link CepXml}, refusing anything that is not exactly the {@code SPEI_Tercero} shape Banxico
 * produces: an optional XML declaration, one root with seven attributes, then an empty {@code Beneficiario} and an
 * empty {@code Ordenante}; whitespace and comments between them.
 *
 * <p>Why a purpose-built reader rather than a general XML parser: it understands only this subset of XML 1.0, so
 * there is nothing to switch off. A DOCTYPE is refused outright ({@link ReceiptProblem#FORBIDDEN_DTD}); the only
 * references it knows are the five predefined entities and character references, so no entity can expand or reach
 * outside; and it costs a few microseconds, far less than the signature check (a general parser builds a whole
 * pipeline per document). Attribute values are normalised as XML 1.0 §3.3.3 requires (a literal tab, CR or LF
 * becomes a space, CRLF counts once), so values equal what any conforming parser would report. Stateless and
 * thread-safe.
 *
 * <p>Why the common case is kept on short, separate paths (the canonical declaration, a cheap test before the rare
 * markup checks): in a short {@code cep-verify} run the JIT compiles whatever code runs; code that never runs on
 * real receipts is left out of the compiled receipt path, so the compiler is done sooner.
 */
public final class CepXmlParser {

    /** Real CEPs are 1.4–1.7 kB; 16 KiB leaves room for long names and a 4096-bit sello while bounding the work. */
    public static final int MAX_RECEIPT_BYTES = 16 * 1024;

    /** The declaration every Banxico CEP starts with; any other declaration is checked by {@link #DECLARATION}. */
    private static final String CANONICAL_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    /** The XML declaration's content: version, then optionally a UTF-8 encoding and standalone. */
    private static final Pattern DECLARATION = Pattern.compile(
            "\\s+version\\s*=\\s*(\"1\\.\\d\"|'1\\.\\d')"
                    + "(\\s+encoding\\s*=\\s*(\"[Uu][Tt][Ff]-8\"|'[Uu][Tt][Ff]-8'))?"
                    + "(\\s+standalone\\s*=\\s*(\"(yes|no)\"|'(yes|no)'))?\\s*");

    private final String text;
    private int pos;

    private CepXmlParser(String text, int start) {
        this.text = text;
        this.pos = start;
    }

    /** Parses one receipt; every rejection is a {@link MalformedReceiptException} with a fixed problem code. */
    public static CepXml parse(byte[] xml) throws MalformedReceiptException {
        if (xml.length > MAX_RECEIPT_BYTES) {
            throw new MalformedReceiptException(ReceiptProblem.TOO_LARGE,
                    "receipt exceeds the limit of " + MAX_RECEIPT_BYTES + " bytes");
        }
        int start = hasUtf8Bom(xml) ? 3 : 0;
        int first = start;
        while (first < xml.length && isSpace(xml[first])) {
            first++;
        }
        if (first == xml.length) {
            throw new MalformedReceiptException(ReceiptProblem.EMPTY, "receipt is empty");
        }
        if (xml[first] != '<') {
            throw new MalformedReceiptException(ReceiptProblem.NOT_A_CEP, "not an XML document");
        }
        // The lenient decoder has the JDK's fast path for ASCII (every real CEP) and turns a malformed sequence into
        // U+FFFD; only a text holding U+FFFD, malformed or genuine, is decoded again by the strict decoder.
        String text = new String(xml, start, xml.length - start, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            text = strictUtf8(xml, start);
        }
        return new CepXmlParser(text, 0).document();
    }

    private static String strictUtf8(byte[] xml, int start) throws MalformedReceiptException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(xml, start, xml.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("the receipt is not valid UTF-8");
        }
    }

    private CepXml document() throws MalformedReceiptException {
        if (text.startsWith(CANONICAL_DECLARATION)) {
            pos = CANONICAL_DECLARATION.length();
        } else if (text.startsWith("<?xml") && text.length() > 5 && isSpace(text.charAt(5))) {
            int end = text.indexOf("?>", 5);
            if (end < 0 || !DECLARATION.matcher(text.substring(5, end)).matches()) {
                throw malformed("bad XML declaration");
            }
            pos = end + 2;
        }
        skipMisc();
        String[] root = startTag(Element.SPEI_TERCERO, false);
        skipMisc();
        String[] beneficiario = startTag(Element.BENEFICIARIO, true);
        skipMisc();
        String[] ordenante = startTag(Element.ORDENANTE, true);
        skipMisc();
        endTag(Element.SPEI_TERCERO.tag());
        skipMisc();
        if (pos != text.length()) {
            throw notACep("content after the SPEI_Tercero element");
        }
        return new CepXml(root, beneficiario, ordenante);
    }

    /** Whitespace and comments; anything else that is not a tag is refused with the right reason. */
    private void skipMisc() throws MalformedReceiptException {
        skipSpaces();
        while (pos + 1 < text.length() && text.charAt(pos) == '<'
                && (text.charAt(pos + 1) == '!' || text.charAt(pos + 1) == '?')) {
            skipCommentOrRefuse();
            skipSpaces();
        }
    }

    /** At {@code <!} or {@code <?}: skips a comment; refuses a DOCTYPE, other declarations, CDATA and PIs. */
    private void skipCommentOrRefuse() throws MalformedReceiptException {
        if (text.startsWith("<!--", pos)) {
            int end = text.indexOf("--", pos + 4);
            if (end < 0 || !text.startsWith("-->", end)) {
                throw malformed("unterminated or malformed comment");
            }
            pos = end + 3;
        } else if (text.startsWith("<!DOCTYPE", pos)) {
            throw new MalformedReceiptException(ReceiptProblem.FORBIDDEN_DTD, "a CEP never carries a DOCTYPE");
        } else if (text.startsWith("<!", pos)) {
            throw notACep("markup declaration or CDATA where a CEP has none");
        } else {
            if (text.indexOf("?>", pos) < 0) {
                throw malformed("unterminated processing instruction");
            }
            throw notACep("processing instruction where a CEP has none");
        }
    }

    /**
     * Reads {@code <name attrs>} (or, for an empty child, {@code <name attrs/>} / {@code <name attrs></name>});
     * returns the values by position in {@code element}'s attribute list.
     */
    private String[] startTag(Element element, boolean empty) throws MalformedReceiptException {
        String expected = element.tag();
        need();
        if (text.charAt(pos) != '<') {
            throw notACep("text where the " + expected + " element belongs");
        }
        if (text.startsWith("</", pos)) {
            throw notACep("the " + expected + " element is missing");
        }
        pos++;
        if (!nameAt(expected)) {
            String name = name();
            throw notACep("unexpected element " + name + " where " + expected + " belongs");
        }
        String[] values = new String[element.attributeCount()];
        int count = 0;
        while (true) {
            int before = pos;
            skipSpaces();
            need();
            char c = text.charAt(pos);
            if (c == '/' || c == '>') {
                boolean selfClosing = c == '/';
                if (selfClosing) {
                    pos++;
                    need();
                    if (text.charAt(pos) != '>') {
                        throw malformed("'/' not followed by '>'");
                    }
                }
                pos++;
                if (selfClosing && !empty) {
                    throw notACep("the " + expected + " element cannot be empty");
                }
                if (empty && !selfClosing) {
                    endTag(expected);
                }
                break;
            }
            if (before == pos) {
                throw malformed("attributes must be separated by whitespace");
            }
            // Attributes come in Banxico's order: the expected name is matched in place, without cutting it out.
            int index = count < values.length && nameAt(element.attributes[count]) ? count : -1;
            String attribute = index >= 0 ? element.attributes[count] : name();
            skipSpaces();
            need();
            if (text.charAt(pos) != '=') {
                throw malformed("attribute " + attribute + " has no '='");
            }
            pos++;
            skipSpaces();
            String value = attributeValue();
            if (index < 0) {
                index = element.positionOf(attribute);
            }
            if (index < 0) {
                throw notACep(expected + " has an unexpected attribute " + attribute);
            }
            if (values[index] != null) {
                throw malformed("attribute " + attribute + " is repeated");
            }
            values[index] = value;
            count++;
        }
        if (count != values.length) {
            throw notACep(expected + " has " + count + " attributes; expected " + values.length);
        }
        return values;
    }

    private void endTag(String expected) throws MalformedReceiptException {
        need();
        if (!text.startsWith("</", pos)) {
            throw notACep(text.charAt(pos) == '<' ? "an extra element inside " + expected
                    : "text content inside " + expected);
        }
        pos += 2;
        String name = name();
        if (!name.equals(expected)) {
            throw malformed("end tag " + name + " does not close " + expected);
        }
        skipSpaces();
        need();
        if (text.charAt(pos) != '>') {
            throw malformed("end tag " + name + " is not closed");
        }
        pos++;
    }

    /** Whether {@code name} is the whole name at the current position; if so, moves past it. */
    private boolean nameAt(String name) {
        int end = pos + name.length();
        if (!text.startsWith(name, pos) || (end < text.length() && isNameChar(text.charAt(end)))) {
            return false;
        }
        pos = end;
        return true;
    }

    private String name() throws MalformedReceiptException {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        need();
        if (pos == start) {
            throw malformed("a name was expected");
        }
        return text.substring(start, pos);
    }

    private String attributeValue() throws MalformedReceiptException {
        need();
        char quote = text.charAt(pos);
        if (quote != '"' && quote != '\'') {
            throw malformed("attribute value is not quoted");
        }
        pos++;
        String plain = plainValue(quote);
        if (plain != null) {
            return plain;
        }
        StringBuilder value = null;
        int runStart = pos;
        while (true) {
            need();
            char c = text.charAt(pos);
            if (c == quote) {
                String done = value == null ? text.substring(runStart, pos)
                        : value.append(text, runStart, pos).toString();
                pos++;
                return done;
            }
            if (c == '<') {
                throw malformed("'<' inside an attribute value");
            }
            if (c == '&' || c == '\t' || c == '\n' || c == '\r' || c < 0x20) {
                if (value == null) {
                    value = new StringBuilder(text.length() - runStart);
                }
                value.append(text, runStart, pos);
                if (c == '&') {
                    reference(value);
                } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    throw malformed("control character in an attribute value");
                } else {
                    // XML 1.0 §2.11 and §3.3.3: CRLF is one line end, and every literal line end or tab is a space.
                    if (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                        pos++;
                    }
                    value.append(' ');
                    pos++;
                }
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    /**
     * The common case, taken only when it gives the same result as the general loop below: the value ends at the
     * next {@code quote} and holds no {@code <}, reference, tab, line end or other control character, so it is the
     * text as written. Returns null (and moves nothing) otherwise.
     */
    private String plainValue(char quote) {
        int end = text.indexOf(quote, pos);
        if (end < 0) {
            return null;
        }
        for (int i = pos; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '<' || c == '&') {
                return null;
            }
        }
        String value = text.substring(pos, end);
        pos = end + 1;
        return value;
    }

    /** The five predefined entities and character references; any other entity is undeclared, hence malformed. */
    private void reference(StringBuilder value) throws MalformedReceiptException {
        int end = text.indexOf(';', pos);
        if (end < 0 || end - pos > 12) {
            throw malformed("unterminated reference in an attribute value");
        }
        String ref = text.substring(pos + 1, end);
        switch (ref) {
            case "amp" -> value.append('&');
            case "lt" -> value.append('<');
            case "gt" -> value.append('>');
            case "quot" -> value.append('"');
            case "apos" -> value.append('\'');
            default -> {
                if (!ref.startsWith("#")) {
                    throw malformed("undeclared entity &" + ref + ";");
                }
                int codePoint;
                try {
                    codePoint = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
                            : Integer.parseInt(ref.substring(1), 10);
                } catch (NumberFormatException e) {
                    throw malformed("bad character reference &" + ref + ";");
                }
                if (!isXmlChar(codePoint)) {
                    throw malformed("character reference to a character XML forbids");
                }
                value.appendCodePoint(codePoint);
            }
        }
        pos = end + 1;
    }

    private void skipSpaces() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Running out of input anywhere inside the document means it was truncated. */
    private void need() throws MalformedReceiptException {
        if (pos >= text.length()) {
            throw malformed("the document ends too early (truncated?)");
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == ':' || c > 0x7F;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
    }

    private static MalformedReceiptException malformed(String detail) {
        return new MalformedReceiptException(ReceiptProblem.MALFORMED_XML, detail);
    }

    private static MalformedReceiptException notACep(String detail) {
        return new MalformedReceiptException(ReceiptProblem.NOT_A_CEP, detail);
    }
}
