package org.mexicop2p.cep.receipt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

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

    /** Far above any SPEI payment, and low enough that the amount in centavos always fits a {@code long}. */
    private static final BigDecimal MAX_AMOUNT_PESOS = new BigDecimal("999999999999999.99");

    /** A provider lookup per receipt would cost more than the hash itself; keep one digest per thread. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    });

    private final String signedText;
    private final byte[] signedBytes;
    private final List<String> fields;
    private final CadenaLayout layout;
    private final String certificateNumber;
    private final String sello;
    private final byte[] selloBytes;
    /** Fields 2–4 and 18, parsed once by {@link #decode} (which must parse them to check them anyway). */
    private final LocalDate operationDate;
    private final LocalDate creditDate;
    private final LocalTime creditTime;
    private final BigDecimal amount;

    private SignedCadena(String signedText, List<String> fields, CadenaLayout layout, String certificateNumber,
                         String sello, byte[] selloBytes, CoreFields core) {
        this.selloBytes = selloBytes;
        this.operationDate = core.operationDate;
        this.creditDate = core.creditDate;
        this.creditTime = core.creditTime;
        this.amount = core.amount;
        this.signedText = signedText;
        this.signedBytes = signedText.getBytes(StandardCharsets.UTF_8);
        this.fields = fields;
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
        String signedText = cadena.substring(0, end + 2);
        String body = cadena.substring(2, end);
        List<String> parts = split(body);
        int dataFields = parts.size() - 1;
        String certificateNumber = parts.get(dataFields);
        requireDigits(certificateNumber, 1, 40, "the certificate number in the cadena");
        CadenaLayout layout = CadenaLayout.forFieldCount(dataFields);
        if (layout == null) {
            throw new MalformedReceiptException(ReceiptProblem.UNSUPPORTED_LAYOUT,
                    "cadena has " + dataFields + " data fields; known layouts have 18, 25 or 42");
        }
        List<String> fields = List.copyOf(parts.subList(0, dataFields));
        CoreFields core = checkCoreFields(fields);
        return new SignedCadena(signedText, fields, layout, certificateNumber, sello, selloBytes, core);
    }

    private static List<String> split(String body) {
        List<String> parts = new ArrayList<>(48);
        int from = 0;
        while (true) {
            int bar = body.indexOf('|', from);
            if (bar < 0) {
                parts.add(body.substring(from));
                return parts;
            }
            parts.add(body.substring(from, bar));
            from = bar + 1;
        }
    }

    private record CoreFields(LocalDate operationDate, LocalDate creditDate, LocalTime creditTime,
                              BigDecimal amount) {
    }

    private static CoreFields checkCoreFields(List<String> f) throws MalformedReceiptException {
        requireDigits(f.get(0), 1, 2, "tipo (field 1)");
        requireDigits(f.get(1), 8, 8, "operation date (field 2)");
        requireDigits(f.get(2), 8, 8, "credit date (field 3)");
        requireDigits(f.get(3), 6, 6, "credit time (field 4)");
        requireDigits(f.get(4), 4, 5, "receiving participant (field 5)");
        requireAmount(f.get(16), "IVA (field 17)");
        requireAmount(f.get(17), "amount (field 18)");
        BigDecimal amount = new BigDecimal(f.get(17));
        if (amount.compareTo(MAX_AMOUNT_PESOS) > 0) {
            throw malformed("amount (field 18) exceeds " + MAX_AMOUNT_PESOS + " pesos");
        }
        try {
            return new CoreFields(date(f.get(1)), date(f.get(2)), time(f.get(3)), amount.setScale(2));
        } catch (DateTimeException e) {
            throw malformed("impossible date or time in the cadena: " + e.getMessage());
        }
    }

    private static void requireDigits(String value, int minLength, int maxLength, String what)
            throws MalformedReceiptException {
        boolean ok = value.length() >= minLength && value.length() <= maxLength;
        for (int i = 0; ok && i < value.length(); i++) {
            ok = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!ok) {
            throw malformed(what + " is not well formed");
        }
    }

    /** Exact decimal, padded or not: {@code 300}, {@code 9858.7}, {@code 000000000000008.17}. */
    private static void requireAmount(String value, String what) throws MalformedReceiptException {
        int dot = value.indexOf('.');
        int wholeDigits = dot < 0 ? value.length() : dot;
        int fractionDigits = dot < 0 ? 0 : value.length() - dot - 1;
        boolean ok = wholeDigits >= 1 && wholeDigits <= 18 && (dot < 0 || (fractionDigits >= 1 && fractionDigits <= 2));
        for (int i = 0; ok && i < value.length(); i++) {
            ok = i == dot || (value.charAt(i) >= '0' && value.charAt(i) <= '9');
        }
        if (!ok) {
            throw malformed(what + " is not well formed");
        }
    }

    private static MalformedReceiptException malformed(String detail) {
        return new MalformedReceiptException(ReceiptProblem.MALFORMED_CADENA, detail);
    }

    private static LocalDate date(String ddmmyyyy) {
        return LocalDate.of(Integer.parseInt(ddmmyyyy.substring(4, 8)), Integer.parseInt(ddmmyyyy.substring(2, 4)),
                Integer.parseInt(ddmmyyyy.substring(0, 2)));
    }

    private static LocalTime time(String hhmmss) {
        return LocalTime.of(Integer.parseInt(hhmmss.substring(0, 2)), Integer.parseInt(hhmmss.substring(2, 4)),
                Integer.parseInt(hhmmss.substring(4, 6)));
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
        return HexFormat.of().formatHex(SHA_256.get().digest(signedBytes));
    }

    /** Data field at 1-based {@code position} (1 … {@link CadenaLayout#dataFields()}), as signed. */
    public String field(int position) {
        return fields.get(position - 1);
    }

    public List<String> fields() {
        return fields;
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
        return Integer.parseInt(field(1));
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
