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
    private final byte[] signedBytes;
    private final String[] coreFields;
    /** Positions in {@link #signedText} of the bar before each data field, then of the bar after the last one. */
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

    private SignedCadena(String signedText, String[] coreFields, int[] bars, CadenaLayout layout,
                         String certificateNumber, String sello, byte[] selloBytes, CoreFields core) {
        this.selloBytes = selloBytes;
        this.tipo = core.tipo;
        this.operationDate = core.operationDate;
        this.creditDate = core.creditDate;
        this.creditTime = core.creditTime;
        this.amount = core.amount;
        this.signedText = signedText;
        this.signedBytes = signedText.getBytes(StandardCharsets.UTF_8);
        this.coreFields = coreFields;
        this.bars = bars;
        this.layout = layout;
        this.certificateNumber = certificateNumber;
        this.sello = sello;
    }

    /** Splits and checks a {@code cadenaCDA} value. */
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
        int[] bars = bars(cadena, 1, end);
        int dataFields = bars.length - 2;
        String certificateNumber = cadena.substring(bars[dataFields] + 1, end);
        if (!digits(certificateNumber, 1, 40)) {
            throw malformed("the certificate number in the cadena is not well formed");
        }
        CadenaLayout layout = CadenaLayout.forFieldCount(dataFields);
        if (layout == null) {
            throw new MalformedReceiptException(ReceiptProblem.UNSUPPORTED_LAYOUT,
                    "cadena has " + dataFields + " data fields; known layouts have 18, 25 or 42");
        }
        String[] coreFields = new String[CORE_FIELDS];
        for (int i = 0; i < CORE_FIELDS; i++) {
            coreFields[i] = cadena.substring(bars[i] + 1, bars[i + 1]);
        }
        CoreFields core = checkCoreFields(coreFields);
        return new SignedCadena(cadena.substring(0, end + 2), coreFields, bars, layout, certificateNumber, sello,
                selloBytes, core);
    }

    /**
     * Positions of every '|' in {@code text} from {@code from} to {@code to} (both bars included): one before each
     * part, one after the last.
     */
    private static int[] bars(String text, int from, int to) {
        int[] bars = new int[48];
        int count = 0;
        for (int i = text.indexOf('|', from); i >= 0 && i <= to; i = text.indexOf('|', i + 1)) {
            if (count == bars.length) {
                bars = Arrays.copyOf(bars, count * 2);
            }
            bars[count++] = i;
        }
        return Arrays.copyOf(bars, count);
    }

    private record CoreFields(int tipo, LocalDate operationDate, LocalDate creditDate, LocalTime creditTime,
                              BigDecimal amount) {
    }

    private static CoreFields checkCoreFields(String[] f) throws MalformedReceiptException {
        for (int i = 0; i < DIGIT_FIELDS.length; i++) {
            int[] rule = DIGIT_FIELDS[i];
            if (!digits(f[rule[0] - 1], rule[1], rule[2])) {
                throw malformed(DIGIT_FIELD_NAMES[i] + " is not well formed");
            }
        }
        if (!isAmount(f[16])) {
            throw malformed("IVA (field 17) is not well formed");
        }
        String amount = f[17];
        if (!isAmount(amount)) {
            throw malformed("amount (field 18) is not well formed");
        }
        int dot = amount.indexOf('.');
        long pesos = number(amount, 0, dot < 0 ? amount.length() : dot);
        if (pesos > MAX_AMOUNT_PESOS) {
            throw malformed("amount (field 18) exceeds " + MAX_AMOUNT_PESOS + ".99 pesos");
        }
        int fractionDigits = dot < 0 ? 0 : amount.length() - dot - 1;
        long centavos = fractionDigits == 0 ? 0
                : fractionDigits == 1 ? (amount.charAt(dot + 1) - '0') * 10 : twoDigits(amount, dot + 1);
        int tipo = f[0].length() == 1 ? f[0].charAt(0) - '0' : twoDigits(f[0], 0);
        try {
            return new CoreFields(tipo, date(f[1]), date(f[2]), time(f[3]), BigDecimal.valueOf(pesos * 100 + centavos, 2));
        } catch (DateTimeException e) {
            throw malformed("impossible date or time in the cadena: " + e.getMessage());
        }
    }

    private static boolean digits(String value, int minLength, int maxLength) {
        boolean ok = value.length() >= minLength && value.length() <= maxLength;
        for (int i = 0; ok && i < value.length(); i++) {
            ok = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        return ok;
    }

    /** Exact decimal, padded or not: {@code 300}, {@code 9858.7}, {@code 000000000000008.17}. */
    private static boolean isAmount(String value) {
        int dot = value.indexOf('.');
        int wholeDigits = dot < 0 ? value.length() : dot;
        int fractionDigits = dot < 0 ? 0 : value.length() - dot - 1;
        boolean ok = wholeDigits >= 1 && wholeDigits <= 18 && (dot < 0 || (fractionDigits >= 1 && fractionDigits <= 2));
        for (int i = 0; ok && i < value.length(); i++) {
            ok = i == dot || (value.charAt(i) >= '0' && value.charAt(i) <= '9');
        }
        return ok;
    }

    /** The two digits of {@code s} at {@code at}, already checked to be digits. No loop: see {@link #date}. */
    private static int twoDigits(String s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    /** The number written by the digits of {@code s} from {@code from} to {@code to}: at most 18, all checked. */
    private static long number(String s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
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
    private static LocalDate date(String ddmmyyyy) {
        return LocalDate.of(twoDigits(ddmmyyyy, 4) * 100 + twoDigits(ddmmyyyy, 6), twoDigits(ddmmyyyy, 2),
                twoDigits(ddmmyyyy, 0));
    }

    private static LocalTime time(String hhmmss) {
        return LocalTime.of(twoDigits(hhmmss, 0), twoDigits(hhmmss, 2), twoDigits(hhmmss, 4));
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
                : signedText.substring(bars[position - 1] + 1, bars[position]);
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
