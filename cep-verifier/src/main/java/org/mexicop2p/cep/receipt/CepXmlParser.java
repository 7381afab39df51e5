package org.mexicop2p.cep.receipt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>Why it reads the UTF-8 bytes rather than a decoded {@code String}: the document is checked to be valid UTF-8
 * once, up front, and every byte of markup XML cares about is ASCII, while every byte of a multi-byte character is
 * 0x80 or above; so markup is found by comparing bytes, and only attribute values and names are decoded. Scanning an
 * array is also far less code than {@code String.charAt} for a short {@code cep-verify} run's JIT compiler, and far
 * cheaper while that code still runs in the interpreter.
 *
 * <p>Why the common case is kept on short, separate paths (the canonical declaration, a cheap test before the rare
 * markup checks): in a short {@code cep-verify} run the JIT compiles whatever code runs; code that never runs on
 * real receipts is left out of the compiled receipt path, so the compiler is done sooner.
 */
public final class CepXmlParser {

    /** Real CEPs are 1.4–1.7 kB; 16 KiB leaves room for long names and a 4096-bit sello while bounding the work. */
    public static final int MAX_RECEIPT_BYTES = 16 * 1024;

    /** The declaration every Banxico CEP starts with; any other declaration is checked by {@link #DECLARATION}. */
    private static final byte[] CANONICAL_DECLARATION = ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    private static final byte[] DECLARATION_START = ascii("<?xml");
    private static final byte[] COMMENT_START = ascii("<!--");
    private static final byte[] DOCTYPE_START = ascii("<!DOCTYPE");
    /** The XML declaration's content: version, then optionally a UTF-8 encoding and standalone. */
    private static final Pattern DECLARATION = Pattern.compile(
            "\\s+version\\s*=\\s*(\"1\\.\\d\"|'1\\.\\d')"
                    + "(\\s+encoding\\s*=\\s*(\"[Uu][Tt][Ff]-8\"|'[Uu][Tt][Ff]-8'))?"
                    + "(\\s+standalone\\s*=\\s*(\"(yes|no)\"|'(yes|no)'))?\\s*");

    /** The whole file; the document starts at the first position after a byte order mark. */
    private final byte[] xml;
    private int pos;

    private CepXmlParser(byte[] xml, int start) {
        this.xml = xml;
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
        // Every real CEP is ASCII, which is valid UTF-8 as it stands; anything else is decoded strictly once.
        if (!isAscii(xml, start)) {
            checkStrictUtf8(xml, start);
        }
        return new CepXmlParser(xml, start).document();
    }

    private static boolean isAscii(byte[] xml, int from) {
        for (int i = from; i < xml.length; i++) {
            if (xml[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkStrictUtf8(byte[] xml, int start) throws MalformedReceiptException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(xml, start, xml.length - start));
        } catch (CharacterCodingException e) {
            throw malformed("the receipt is not valid UTF-8");
        }
    }

    private CepXml document() throws MalformedReceiptException {
        if (at(CANONICAL_DECLARATION)) {
            pos += CANONICAL_DECLARATION.length;
        } else if (at(DECLARATION_START) && pos + 5 < xml.length && isSpace(xml[pos + 5])) {
            int end = indexOf('?', '>', pos + 5);
            if (end < 0 || !DECLARATION.matcher(text(pos + 5, end)).matches()) {
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
        endTag(Element.SPEI_TERCERO);
        skipMisc();
        if (pos != xml.length) {
            throw notACep("content after the SPEI_Tercero element");
        }
        return new CepXml(root, beneficiario, ordenante);
    }

    /** Whitespace and comments; anything else that is not a tag is refused with the right reason. */
    private void skipMisc() throws MalformedReceiptException {
        skipSpaces();
        while (pos + 1 < xml.length && xml[pos] == '<' && (xml[pos + 1] == '!' || xml[pos + 1] == '?')) {
            skipCommentOrRefuse();
            skipSpaces();
        }
    }

    /** At {@code <!} or {@code <?}: skips a comment; refuses a DOCTYPE, other declarations, CDATA and PIs. */
    private void skipCommentOrRefuse() throws MalformedReceiptException {
        if (at(COMMENT_START)) {
            int end = indexOf('-', '-', pos + 4);
            if (end < 0 || end + 2 >= xml.length || xml[end + 2] != '>') {
                throw malformed("unterminated or malformed comment");
            }
            pos = end + 3;
        } else if (at(DOCTYPE_START)) {
            throw new MalformedReceiptException(ReceiptProblem.FORBIDDEN_DTD, "a CEP never carries a DOCTYPE");
        } else if (xml[pos + 1] == '!') {
            throw notACep("markup declaration or CDATA where a CEP has none");
        } else {
            if (indexOf('?', '>', pos) < 0) {
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
        if (xml[pos] != '<') {
            throw notACep("text where the " + expected + " element belongs");
        }
        if (pos + 1 < xml.length && xml[pos + 1] == '/') {
            throw notACep("the " + expected + " element is missing");
        }
        pos++;
        if (!nameAt(element.tagBytes)) {
            String name = name();
            throw notACep("unexpected element " + name + " where " + expected + " belongs");
        }
        String[] values = new String[element.attributeCount()];
        int count = 0;
        while (true) {
            int before = pos;
            skipSpaces();
            need();
            byte c = xml[pos];
            if (c == '/' || c == '>') {
                boolean selfClosing = c == '/';
                if (selfClosing) {
                    pos++;
                    need();
                    if (xml[pos] != '>') {
                        throw malformed("'/' not followed by '>'");
                    }
                }
                pos++;
                if (selfClosing && !empty) {
                    throw notACep("the " + expected + " element cannot be empty");
                }
                if (empty && !selfClosing) {
                    endTag(element);
                }
                break;
            }
            if (before == pos) {
                throw malformed("attributes must be separated by whitespace");
            }
            // Attributes come in Banxico's order: the expected name is matched in place, without cutting it out.
            int index = count < values.length && nameAt(element.attributeBytes[count]) ? count : -1;
            String attribute = index >= 0 ? element.attributes[count] : name();
            skipSpaces();
            need();
            if (xml[pos] != '=') {
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

    private void endTag(Element element) throws MalformedReceiptException {
        String expected = element.tag();
        need();
        if (xml[pos] != '<' || pos + 1 >= xml.length || xml[pos + 1] != '/') {
            throw notACep(xml[pos] == '<' ? "an extra element inside " + expected
                    : "text content inside " + expected);
        }
        pos += 2;
        if (!nameAt(element.tagBytes)) {
            throw malformed("end tag " + name() + " does not close " + expected);
        }
        skipSpaces();
        need();
        if (xml[pos] != '>') {
            throw malformed("end tag " + expected + " is not closed");
        }
        pos++;
    }

    /** Whether {@code xml} holds {@code bytes} at the current position. */
    private boolean at(byte[] bytes) {
        int end = pos + bytes.length;
        return end <= xml.length && Arrays.equals(xml, pos, end, bytes, 0, bytes.length);
    }

    /** Whether {@code name} is the whole name at the current position; if so, moves past it. */
    private boolean nameAt(byte[] name) {
        int end = pos + name.length;
        if (!at(name) || (end < xml.length && isNameByte(xml[end]))) {
            return false;
        }
        pos = end;
        return true;
    }

    private String name() throws MalformedReceiptException {
        int start = pos;
        while (pos < xml.length && isNameByte(xml[pos])) {
            pos++;
        }
        need();
        if (pos == start) {
            throw malformed("a name was expected");
        }
        return text(start, pos);
    }

    private String attributeValue() throws MalformedReceiptException {
        need();
        byte quote = xml[pos];
        if (quote != '"' && quote != '\'') {
            throw malformed("attribute value is not quoted");
        }
        pos++;
        String plain = plainValue(quote);
        if (plain != null) {
            return plain;
        }
        // A reference or a normalised line end never writes more bytes than it reads, so the value fits.
        byte[] value = new byte[xml.length - pos];
        int length = 0;
        while (true) {
            need();
            byte c = xml[pos];
            if (c == quote) {
                pos++;
                return new String(value, 0, length, StandardCharsets.UTF_8);
            }
            if (c == '<') {
                throw malformed("'<' inside an attribute value");
            }
            if (c == '&') {
                length = reference(value, length);
            } else if (c >= 0 && c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    throw malformed("control character in an attribute value");
                }
                // XML 1.0 §2.11 and §3.3.3: CRLF is one line end, and every literal line end or tab is a space.
                if (c == '\r' && pos + 1 < xml.length && xml[pos + 1] == '\n') {
                    pos++;
                }
                value[length++] = ' ';
                pos++;
            } else {
                value[length++] = c;
                pos++;
            }
        }
    }

    /**
     * The common case, taken only when it gives the same result as the general loop below: the value ends at the
     * next {@code quote} and holds no {@code <}, reference, tab, line end or other control character, so it is the
     * text as written. Returns null (and moves nothing) otherwise.
     */
    private String plainValue(byte quote) {
        for (int i = pos; i < xml.length; i++) {
            byte c = xml[i];
            if (c == quote) {
                String value = text(pos, i);
                pos = i + 1;
                return value;
            }
            if ((c >= 0 && c < 0x20) || c == '<' || c == '&') {
                return null;
            }
        }
        return null;
    }

    /**
     * At {@code &}: appends what the reference stands for, as UTF-8, to {@code value} at {@code length}; returns the
     * new length. The five predefined entities and character references; any other entity is undeclared, hence
     * malformed.
     */
    private int reference(byte[] value, int length) throws MalformedReceiptException {
        int end = pos;
        while (end < xml.length && end - pos <= 12 && xml[end] != ';') {
            end++;
        }
        if (end == xml.length || end - pos > 12) {
            throw malformed("unterminated reference in an attribute value");
        }
        String ref = text(pos + 1, end);
        byte[] replacement = switch (ref) {
            case "amp" -> new byte[] {'&'};
            case "lt" -> new byte[] {'<'};
            case "gt" -> new byte[] {'>'};
            case "quot" -> new byte[] {'"'};
            case "apos" -> new byte[] {'\''};
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
                yield new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            }
        };
        System.arraycopy(replacement, 0, value, length, replacement.length);
        pos = end + 1;
        return length + replacement.length;
    }

    /** The first position from {@code from} where {@code first} is followed by {@code second}, or -1. */
    private int indexOf(char first, char second, int from) {
        for (int i = from; i + 1 < xml.length; i++) {
            if (xml[i] == first && xml[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }

    /** The bytes from {@code from} to {@code to}, decoded (they are valid UTF-8: {@link #parse} checked). */
    private String text(int from, int to) {
        return new String(xml, from, to - from, StandardCharsets.UTF_8);
    }

    private void skipSpaces() {
        while (pos < xml.length && isSpace(xml[pos])) {
            pos++;
        }
    }

    /** Running out of input anywhere inside the document means it was truncated. */
    private void need() throws MalformedReceiptException {
        if (pos >= xml.length) {
            throw malformed("the document ends too early (truncated?)");
        }
    }

    /** A byte of a name: ASCII name characters, or any byte of a multi-byte (non-ASCII) character. */
    private static boolean isNameByte(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == ':' || c < 0;
    }

    private static boolean isSpace(byte c) {
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

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static MalformedReceiptException malformed(String detail) {
        return new MalformedReceiptException(ReceiptProblem.MALFORMED_XML, detail);
    }

    private static MalformedReceiptException notACep(String detail) {
        return new MalformedReceiptException(ReceiptProblem.NOT_A_CEP, detail);
    }
}
