package org.mexicop2p.cep.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One output line built straight into UTF-8 bytes, reused from receipt to receipt on a worker. Why not a
 * {@code StringBuilder} and {@code getBytes}: that is two copies per line, and in a short {@code cep-verify} run the
 * JIT compiles the builder's growth and coder checks again at every append site, seconds of compiler time taken
 * from the workers (README, Benchmarks: CEP verification). Here the common case, ASCII, is one small loop.
 */
final class Utf8Line {

    private byte[] bytes;
    private int length;

    /** A line for a whole output record. */
    Utf8Line() {
        this(1024);
    }

    /** A line for a short piece of one, such as a date. */
    Utf8Line(int capacity) {
        bytes = new byte[capacity];
    }

    void clear() {
        length = 0;
    }

    Utf8Line ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /**
     * Appends {@code s} as UTF-8, exactly as {@link String#getBytes} with UTF-8 would encode it; null as
     * {@code null}, as a {@code StringBuilder} would.
     */
    Utf8Line text(String s) {
        if (s == null) {
            return text("null");
        }
        int n = s.length();
        room(n);
        int start = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                length = start;
                return encoded(s);
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    /** Appends {@code s} from {@code from} (inclusive) to {@code to} (exclusive); {@code s} is ASCII there. */
    Utf8Line asciiRange(String s, int from, int to) {
        room(to - from);
        for (int i = from; i < to; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends a non-negative number in decimal. */
    Utf8Line number(long value) {
        if (value < 0) {
            return text(Long.toString(value));
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        room(digits);
        long v = value;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** Appends {@code value} as two digits, zero-padded: 0–99 only. */
    Utf8Line twoDigits(int value) {
        room(2);
        bytes[length++] = (byte) ('0' + value / 10);
        bytes[length++] = (byte) ('0' + value % 10);
        return this;
    }

    /**
     * Appends {@code s} for a text-mode line: as {@link #text}, except that a backslash becomes {@code \\}, tab,
     * newline and carriage return become {@code \t}, {@code \n} and {@code \r}, and any other control character
     * (U+0000–U+001F, U+007F–U+009F) or U+2028/U+2029 becomes {@code \}{@code u} and four lowercase hex digits. So
     * a file name or a signed field can neither end the line nor forge another, and the escaping can be undone.
     */
    Utf8Line escaped(String s) {
        if (s == null) {
            return text("null");
        }
        int n = s.length();
        room(n);
        int start = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '\\') {
                length = start;
                return escapedFrom(s, i, false);
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    /** Appends {@code value} as a JSON string body (RFC 8259 §7), without the quotes. */
    Utf8Line jsonEscaped(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                return escapedFrom(value, i, true);
            }
        }
        return asciiRange(value, 0, n);
    }

    /** The line so far, decoded. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The bytes of the line so far, as a new array. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * The rare case of {@link #jsonEscaped} ({@code json}) and {@link #escaped}: a character to escape or a non-ASCII
     * one; everything before {@code i} is plain. Both escape the backslash, the control characters and U+2028/U+2029;
     * a JSON string also its quote, a text line also U+007F–U+009F (U+0085 ends a line in some tools).
     */
    private Utf8Line escapedFrom(String s, int i, boolean json) {
        asciiRange(s, 0, i);
        StringBuilder rest = new StringBuilder(s.length() - i + 16);
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' && json) {
                rest.append("\\\"");
                continue;
            }
            switch (c) {
                case '\\' -> rest.append("\\\\");
                case '\n' -> rest.append("\\n");
                case '\r' -> rest.append("\\r");
                case '\t' -> rest.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || (!json && c >= 0x7F && c <= 0x9F)) {
                        rest.append(String.format("\\u%04x", (int) c));
                    } else {
                        rest.append(c);
                    }
                }
            }
        }
        return text(rest.toString());
    }

    private Utf8Line encoded(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    private void room(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
