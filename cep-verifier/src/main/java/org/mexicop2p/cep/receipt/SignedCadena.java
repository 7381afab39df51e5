package org.mexicop2p.cep.receipt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The decoded {@code cadenaCDA}: {@code ||f1|f2|…|fN|certificateNumber||sello}. Everything up to and including the
 * {@code ||} after the certificate number is what the receiving participant signed ({@link #signedText()}).
 *
 * <p>{@link #decode} checks the structure and the syntax of the signed core fields (1–18), so the typed accessors
 * never fail on a decoded cadena. Immutable.
 */
public final class SignedCadena {

    /** Longest cadena accepted; a 42-field beta cadena with a 2048-bit sello is about 800 characters. */
    public static final int MAX_CADENA_CHARS = 8 * 1024;

    /**
     * Whole pesos of the largest amount accepted (with up to .99): far above any SPEI payment, and low enough that
     * the amount in centavos always fits a {@code long}.
     */
    private static final long MAX_AMOUNT_PESOS = 999_999_999_999_999L;

    /** A provider lookup per receipt would cost more than the hash itself; keep one digest per thread. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    });

    /** Fields 1–5 must be plain digits: field number, fewest and most digits. */
    private static final int[][] DIGIT_FIELDS = {{1, 1, 2}, {2, 8, 8}, {3, 8, 8}, {4, 6, 6}, {5, 4, 5}};
    private static final String[] DIGIT_FIELD_NAMES = {"tipo (field 1)", "operation date (field 2)",
        "credit date (field 3)", "credit time (field 4)", "receiving participant (field 5)"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Fields 1–18 (the only ones any decision reads), cut out once; the others are cut out of {@link #signedText}
     * on request, between the bars at {@link #bars}.
     */
    private static final int CORE_FIELDS = 18;

    private final String signedText;
    /** The UTF-8 bytes of {@link #signedText}: what is hashed and signed, and what the fields are cut out of. */
    private final byte[] signedBytes;
    private final String[] coreFields;
    /**
     * Byte positions in {@link #signedBytes} of the bar before each data field, then of the bar after the last one.
     * A '|' byte is always the character '|': every byte of a multi-byte UTF-8 character is 0x80 or above.
     */
    private final int[] bars;
    private final CadenaLayout layout;
    private final String certificateNumber;
    private final String sello;
    private final byte[] selloBytes;
    /** Fields 1–4 and 18, parsed once by {@link #decode} (which must parse them to check them anyway). */
    private final int tipo;
    private final LocalDate operationDate;
    private final LocalDate creditDate;
    private final LocalTime creditTime;
    private final BigDecimal amount;

    private SignedCadena(String signedText, byte[] signedBytes, String[] coreFields, int[] bars,
                         CadenaLayout layout, String certificateNumber, String sello, byte[] selloBytes,
                         CoreFields core) {
        this.selloBytes = selloBytes;
        this.tipo = core.tipo;
        this.operationDate = core.operationDate;
        this.creditDate = core.creditDate;
        this.creditTime = core.creditTime;
        this.amount = core.amount;
        this.signedText = signedText;
        this.signedBytes = signedBytes;
        this.coreFields = coreFields;
        this.bars = bars;
        this.layout = layout;
        this.certificateNumber = certificateNumber;
        this.sello = sello;
    }

    /**
     * Splits and checks a {@code cadenaCDA} value.
     *
     * <p>Why the checks read the UTF-8 bytes rather than the text: the bytes are needed anyway (they are what is
     * signed), and scanning an array is far less code for a short {@code cep-verify} run's JIT compiler than
     * scanning a {@code String} character by character.
     */
    public static SignedCadena decode(String cadena) throws MalformedReceiptException {
        if (cadena == null || cadena.length() > MAX_CADENA_CHARS) {
            throw malformed("cadenaCDA is missing or longer than " + MAX_CADENA_CHARS + " characters");
        }
        if (!cadena.startsWith("||")) {
            throw malformed("cadenaCDA must start with ||");
        }
        // The sello is Base64 and holds no '|', so the last "||" ends the signed part.
        int end = cadena.lastIndexOf("||");
        if (end <= 2) {
            throw malformed("cadenaCDA has no ||sello tail");
        }
        String sello = cadena.substring(end + 2);
        byte[] selloBytes;
        try {
            selloBytes = Base64.getDecoder().decode(sello);
        } catch (IllegalArgumentException e) {
            throw malformed("the sello after the cadena is not Base64");
        }
        if (selloBytes.length == 0) {
            throw malformed("the sello after the cadena is empty");
        }
        String signedText = cadena.substring(0, end + 2);
        byte[] signed = signedText.getBytes(StandardCharsets.UTF_8);
        // From the second bar of the leading "||" to the first bar of the trailing one, both included.
        int[] bars = bars(signed, 1, signed.length - 2);
        int dataFields = bars.length - 2;
        int certificateStart = bars[dataFields] + 1;
        if (!digits(signed, certificateStart, signed.length - 2, 1, 40)) {
            throw malformed("the certificate number in the cadena is not well formed");
        }
        CadenaLayout layout = CadenaLayout.forFieldCount(dataFields);
        if (layout == null) {
            throw new MalformedReceiptException(ReceiptProblem.UNSUPPORTED_LAYOUT,
                    "cadena has " + dataFields + " data fields; known layouts have 18, 25 or 42");
        }
        CoreFields core = checkCoreFields(signed, bars);
        String[] coreFields = new String[CORE_FIELDS];
        for (int i = 0; i < CORE_FIELDS; i++) {
            coreFields[i] = text(signed, bars[i] + 1, bars[i + 1]);
        }
        return new SignedCadena(signedText, signed, coreFields, bars, layout,
                text(signed, certificateStart, signed.length - 2), sello, selloBytes, core);
    }

    /** Positions of every '|' in {@code bytes} from {@code from} to {@code to}, both included. */
    private static int[] bars(byte[] bytes, int from, int to) {
        int[] bars = new int[48];
        int count = 0;
        for (int i = from; i <= to; i++) {
            if (bytes[i] == '|') {
                if (count == bars.length) {
                    bars = Arrays.copyOf(bars, count * 2);
                }
                bars[count++] = i;
            }
        }
        return Arrays.copyOf(bars, count);
    }

    private static String text(byte[] utf8, int from, int to) {
        return new String(utf8, from, to - from, StandardCharsets.UTF_8);
    }

    private record CoreFields(int tipo, LocalDate operationDate, LocalDate creditDate, LocalTime creditTime,
                              BigDecimal amount) {
    }

    /** Checks fields 1–5, 17 and 18 between {@code bars} in {@code s} and parses those decisions read. */
    private static CoreFields checkCoreFields(byte[] s, int[] bars) throws MalformedReceiptException {
        for (int i = 0; i < DIGIT_FIELDS.length; i++) {
            int[] rule = DIGIT_FIELDS[i];
            int field = rule[0] - 1;
            if (!digits(s, bars[field] + 1, bars[field + 1], rule[1], rule[2])) {
                throw malformed(DIGIT_FIELD_NAMES[i] + " is not well formed");
            }
        }
        if (!isAmount(s, bars[16] + 1, bars[17])) {
            throw malformed("IVA (field 17) is not well formed");
        }
        int from = bars[17] + 1;
        int to = bars[18];
        if (!isAmount(s, from, to)) {
            throw malformed("amount (field 18) is not well formed");
        }
        int dot = from;
        while (dot < to && s[dot] != '.') {
            dot++;
        }
        long pesos = number(s, from, dot);
        if (pesos > MAX_AMOUNT_PESOS) {
            throw malformed("amount (field 18) exceeds " + MAX_AMOUNT_PESOS + ".99 pesos");
        }
        int fractionDigits = dot == to ? 0 : to - dot - 1;
        long centavos = fractionDigits == 0 ? 0
                : fractionDigits == 1 ? (s[dot + 1] - '0') * 10 : twoDigits(s, dot + 1);
        int tipoStart = bars[0] + 1;
        int tipo = bars[1] - tipoStart == 1 ? s[tipoStart] - '0' : twoDigits(s, tipoStart);
        try {
            return new CoreFields(tipo, date(s, bars[1] + 1), date(s, bars[2] + 1), time(s, bars[3] + 1),
                    BigDecimal.valueOf(pesos * 100 + centavos, 2));
        } catch (DateTimeException e) {
            throw malformed("impossible date or time in the cadena: " + e.getMessage());
        }
    }

    /** Whether {@code s[from, to)} is {@code minLength} to {@code maxLength} ASCII digits. */
    private static boolean digits(byte[] s, int from, int to, int minLength, int maxLength) {
        boolean ok = to - from >= minLength && to - from <= maxLength;
        for (int i = from; ok && i < to; i++) {
            ok = s[i] >= '0' && s[i] <= '9';
        }
        return ok;
    }

    /** Exact decimal, padded or not: {@code 300}, {@code 9858.7}, {@code 000000000000008.17}. */
    private static boolean isAmount(byte[] s, int from, int to) {
        int dot = -1;
        boolean ok = true;
        for (int i = from; ok && i < to; i++) {
            if (s[i] == '.' && dot < 0) {
                dot = i;
            } else {
                ok = s[i] >= '0' && s[i] <= '9';
            }
        }
        int wholeDigits = (dot < 0 ? to : dot) - from;
        int fractionDigits = dot < 0 ? 0 : to - dot - 1;
        return ok && wholeDigits >= 1 && wholeDigits <= 18 && (dot < 0 || (fractionDigits >= 1 && fractionDigits <= 2));
    }

    /** The two digits of {@code s} at {@code at}, already checked to be digits. No loop: see {@link #date}. */
    private static int twoDigits(byte[] s, int at) {
        return (s[at] - '0') * 10 + (s[at + 1] - '0');
    }

    /** The number written by the digits of {@code s} from {@code from} to {@code to}: at most 18, all checked. */
    private static long number(byte[] s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s[i] - '0');
        }
        return n;
    }

    private static MalformedReceiptException malformed(String detail) {
        return new MalformedReceiptException(ReceiptProblem.MALFORMED_CADENA, detail);
    }

    /**
     * Fixed-width fields are read digit pair by digit pair rather than in loops: every loop is extra work for the
     * JIT compiler, and in a short {@code cep-verify} run that work delays the compilation of the signature code.
     */
    private static LocalDate date(byte[] ddmmyyyy, int at) {
        return LocalDate.of(twoDigits(ddmmyyyy, at + 4) * 100 + twoDigits(ddmmyyyy, at + 6),
                twoDigits(ddmmyyyy, at + 2), twoDigits(ddmmyyyy, at));
    }

    private static LocalTime time(byte[] hhmmss, int at) {
        return LocalTime.of(twoDigits(hhmmss, at), twoDigits(hhmmss, at + 2), twoDigits(hhmmss, at + 4));
    }

    /** The exact text the sello signs: from the leading {@code ||} through the {@code ||} after the certificate. */
    public String signedText() {
        return signedText;
    }

    /** The UTF-8 bytes that are hashed and signed. */
    public byte[] signedBytes() {
        return signedBytes.clone();
    }

    /** Replay key: lowercase hex SHA-256 of {@link #signedBytes()}. One signed cadena, one key, ever. */
    public String replayKey() {
        byte[] digest = SHA_256.get().digest(signedBytes);
        char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    /** Data field at 1-based {@code position} (1 … {@link CadenaLayout#dataFields()}), as signed. */
    public String field(int position) {
        Objects.checkIndex(position - 1, layout.dataFields());
        return position <= CORE_FIELDS ? coreFields[position - 1]
                : text(signedBytes, bars[position - 1] + 1, bars[position]);
    }

    public List<String> fields() {
        String[] fields = new String[layout.dataFields()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = field(i + 1);
        }
        return List.of(fields);
    }

    public CadenaLayout layout() {
        return layout;
    }

    public String certificateNumber() {
        return certificateNumber;
    }

    /** The Base64 sello that follows the signed text. */
    public String sello() {
        return sello;
    }

    /** The decoded sello: the RSA signature bytes. */
    public byte[] selloBytes() {
        return selloBytes.clone();
    }

    /** Field 1, compared numerically: {@code 01} and {@code 1} are both tipo 1. */
    public int tipo() {
        return tipo;
    }

    /** Field 2: the SPEI operation (business) date. */
    public LocalDate operationDate() {
        return operationDate;
    }

    /** Field 3: the calendar date of the credit (the date the portal wants). */
    public LocalDate creditDate() {
        return creditDate;
    }

    /** Field 4: the time of the credit, Mexico City. */
    public LocalTime creditTime() {
        return creditTime;
    }

    /** Field 5: the receiving participant's SPEI code (the signer). */
    public String receivingParticipant() {
        return field(5);
    }

    /** Field 18 as an exact amount of pesos with scale 2 ({@code 9858.7} → {@code 9858.70}). */
    public BigDecimal amount() {
        return amount;
    }
}
