package org.mexicop2p.cep.receipt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.security.Signature;

/**
 * Writes and signs CEP documents in the current (42-field) layout, byte for byte in Banxico's shape. It exists for
 * the sandbox portal, the benchmark and tests, which need receipts signed with keys they control; production never
 * issues receipts. Thread-safe.
 */
public final class CepIssuer {

    private static final DateTimeFormatter CADENA_DATE = DateTimeFormatter.ofPattern("ddMMyyyy");
    private static final DateTimeFormatter CADENA_TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter XML_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Longest value we write into one field; real names and concepts are at most 40–120 characters. */
    private static final int MAX_FIELD_CHARS = 120;

    private final String certificateNumber;
    private final PrivateKey signingKey;

    /** @param certificateNumber digits, as the trust store knows the matching public key */
    public CepIssuer(String certificateNumber, PrivateKey signingKey) {
        if (certificateNumber == null || !certificateNumber.matches("\\d{20}")) {
            throw new IllegalArgumentException("certificate number must be 20 digits");
        }
        this.certificateNumber = certificateNumber;
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    }

    /** A third-party credit to describe in a receipt. Text fields must not contain {@code |}. */
    public record Payment(int tipo, LocalDate operationDate, LocalDate creditDate, LocalTime creditTime,
                          String receivingParticipant, String senderBank, String senderName, String senderAccount,
                          String senderRfc, String receiverBank, String beneficiaryName, String beneficiaryAccount,
                          String beneficiaryRfc, String concept, BigDecimal amount, String trackingKey) {
        public Payment {
            Objects.requireNonNull(operationDate, "operationDate");
            Objects.requireNonNull(creditDate, "creditDate");
            Objects.requireNonNull(creditTime, "creditTime");
            if (tipo < 1 || tipo > 99) {
                throw new IllegalArgumentException("tipo must be 1..99");
            }
            if (amount == null || amount.signum() < 0 || amount.scale() > 2) {
                throw new IllegalArgumentException("amount must be a non-negative decimal with at most 2 places");
            }
            for (String value : List.of(receivingParticipant, senderBank, senderName, senderAccount, senderRfc,
                    receiverBank, beneficiaryName, beneficiaryAccount, beneficiaryRfc, concept, trackingKey)) {
                if (value == null || value.isEmpty() || value.length() > MAX_FIELD_CHARS || value.indexOf('|') >= 0) {
                    throw new IllegalArgumentException("every text field needs 1.." + MAX_FIELD_CHARS
                            + " characters and no '|'");
                }
            }
        }
    }

    /** The signed XML document for {@code payment}, UTF-8, CRLF line ends like the portal's files. */
    public byte[] issue(Payment payment) {
        String amount = payment.amount().setScale(2).toPlainString();
        List<String> fields = new ArrayList<>(42);
        fields.add(Integer.toString(payment.tipo()));
        fields.add(CADENA_DATE.format(payment.operationDate()));
        fields.add(CADENA_DATE.format(payment.creditDate()));
        fields.add(CADENA_TIME.format(payment.creditTime()));
        fields.add(payment.receivingParticipant());
        fields.add(payment.senderBank());
        fields.add(payment.senderName());
        fields.add("40");
        fields.add(payment.senderAccount());
        fields.add(payment.senderRfc());
        fields.add(payment.receiverBank());
        fields.add(payment.beneficiaryName());
        fields.add("40");
        fields.add(payment.beneficiaryAccount());
        fields.add(payment.beneficiaryRfc());
        fields.add(payment.concept());
        fields.add("0.00");
        fields.add(amount);
        // Fields 19–25 (CoDi/commission) and 26–42 (indirect participant, remittance) hold these constants in every
        // third-party credit Banxico has published.
        fields.addAll(List.of("NA", "NA", "0", "0", "NA", "0", "0.00"));
        while (fields.size() < 42) {
            fields.add("NA");
        }
        String signed = "||" + String.join("|", fields) + "|" + certificateNumber + "||";
        String sello = sign(signed);
        String cadena = signed + sello;

        StringBuilder xml = new StringBuilder(2048);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
        xml.append("<SPEI_Tercero");
        attr(xml, "FechaOperacion", payment.operationDate().toString());
        attr(xml, "Hora", XML_TIME.format(payment.creditTime()));
        attr(xml, "ClaveSPEI", payment.receivingParticipant());
        attr(xml, "sello", sello);
        attr(xml, "numeroCertificado", certificateNumber);
        attr(xml, "cadenaCDA", cadena);
        attr(xml, "claveRastreo", payment.trackingKey());
        xml.append(">\r\n    <Beneficiario");
        attr(xml, "BancoReceptor", payment.receiverBank());
        attr(xml, "Nombre", payment.beneficiaryName());
        attr(xml, "TipoCuenta", "40");
        attr(xml, "Cuenta", payment.beneficiaryAccount());
        attr(xml, "RFC", payment.beneficiaryRfc());
        attr(xml, "Concepto", payment.concept());
        attr(xml, "IVA", "0.00");
        attr(xml, "MontoPago", amount);
        xml.append("/>\r\n    <Ordenante");
        attr(xml, "BancoEmisor", payment.senderBank());
        attr(xml, "Nombre", payment.senderName());
        attr(xml, "TipoCuenta", "40");
        attr(xml, "Cuenta", payment.senderAccount());
        attr(xml, "RFC", payment.senderRfc());
        xml.append("/>\r\n</SPEI_Tercero>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    public String certificateNumber() {
        return certificateNumber;
    }

    private String sign(String signed) {
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(signingKey);
            signature.update(signed.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the issuer key", e);
        }
    }

    private static void attr(StringBuilder xml, String name, String value) {
        xml.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                default -> {
                    if (c < 0x20) {
                        xml.append("&#").append((int) c).append(';');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
        xml.append('"');
    }
}
