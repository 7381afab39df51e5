package org.mexicop2p.cep.verify;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Map;
import java.util.Optional;
import org.mexicop2p.cep.receipt.CepXml;
import org.mexicop2p.cep.receipt.CepXmlParser;
import org.mexicop2p.cep.receipt.MalformedReceiptException;
import org.mexicop2p.cep.receipt.SignedCadena;

/**
 * Verifies a CEP receipt (reference {@code cep.md} §8): safe parse, cadena structure, certificate resolution,
 * RSA/SHA-512 sello over the UTF-8 signed cadena, then every XML attribute against its signed copy. Decisions use
 * signed fields only. Cheap refusals come before the signature so hostile input costs little. Stateless and
 * thread-safe; bad input never throws, it yields a {@link CepVerification} with a reason.
 */
public final class CepVerifier {

    /** YYYY-MM-DD out of DDMMYYYY (see {@link #sameDigits}). */
    private static final int[] ISO_DATE_FROM_DDMMYYYY = {4, 5, 6, 7, -'-', 2, 3, -'-', 0, 1};
    /** HH:MM:SS out of HHMMSS. */
    private static final int[] TIME_FROM_HHMMSS = {0, 1, -':', 2, 3, -':', 4, 5};
    /** Looking a Signature up in the providers costs about as much as parsing a receipt; keep one per thread. */
    private static final ThreadLocal<Signature> SHA512_WITH_RSA = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance("SHA512withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA512withRSA is mandatory in every JDK", e);
        }
    });

    private CepVerifier() {
    }

    /** Verifies one receipt's bytes under {@code options}. */
    public static CepVerification verify(byte[] xml, VerifyOptions options) {
        CepXml doc;
        SignedCadena cadena;
        try {
            doc = CepXmlParser.parse(xml);
            cadena = SignedCadena.decode(doc.cadenaCda());
        } catch (MalformedReceiptException e) {
            return CepVerification.rejected(Reason.valueOf(e.problem().name()), e.getMessage());
        }
        SignedPaymentFacts facts = SignedPaymentFacts.of(cadena);
        String replayKey = cadena.replayKey();
        String trackingKey = options.fetchedWith() != null ? options.fetchedWith().trackingKey()
                : doc.unsignedTrackingKey();
        boolean trackingKeyTrusted = options.fetchedWith() != null;

        Result result = check(doc, cadena, options);
        return new CepVerification(result.reason, result.detail, facts, replayKey, trackingKey, trackingKeyTrusted,
                result.signatureChecked);
    }

    private record Result(Reason reason, String detail, boolean signatureChecked) {
        static Result of(Reason reason, String detail) {
            return new Result(reason, detail, false);
        }
    }

    private static Result check(CepXml doc, SignedCadena cadena, VerifyOptions options) {
        if (!cadena.sello().equals(doc.sello())) {
            return Result.of(Reason.CADENA_MISMATCH, "the sello attribute differs from the sello in the cadena");
        }
        if (!cadena.certificateNumber().equals(doc.certificateNumber())) {
            return Result.of(Reason.CADENA_MISMATCH,
                    "numeroCertificado differs from the certificate number in the cadena");
        }
        Optional<TrustedCertificate> found = options.trustStore().find(cadena.certificateNumber());
        boolean signatureChecked;
        if (found.isEmpty()) {
            if (options.fetchedWith() == null) {
                return Result.of(Reason.UNKNOWN_CERTIFICATE,
                        "certificate " + cadena.certificateNumber() + " is not in the trust store");
            }
            // We downloaded this file from Banxico with our own query: the portal connection vouches for it.
            signatureChecked = false;
        } else {
            TrustedCertificate cert = found.get();
            if (cert.kind() == CertificateKind.BETA && !options.allowBeta()) {
                return Result.of(Reason.BETA_CERTIFICATE,
                        "certificate " + cert.certificateNumber() + " is Banxico's beta signer");
            }
            if (cert.kind() == CertificateKind.SANDBOX && !options.allowSandbox()) {
                return Result.of(Reason.SANDBOX_CERTIFICATE,
                        "certificate " + cert.certificateNumber() + " is a sandbox key");
            }
            if (!cert.signsFor(cadena.receivingParticipant())) {
                return Result.of(Reason.CERTIFICATE_PARTICIPANT_MISMATCH, "certificate " + cert.certificateNumber()
                        + " belongs to participant " + cert.participantCode() + ", the cadena names "
                        + cadena.receivingParticipant());
            }
            if (!cert.validOn(cadena.creditDate())) {
                return Result.of(Reason.CERTIFICATE_NOT_VALID_ON_CREDIT_DATE, "certificate "
                        + cert.certificateNumber() + " is valid " + cert.validFrom() + " to " + cert.validUntil()
                        + ", the credit date is " + cadena.creditDate());
            }
            if (!signatureVerifies(cert, cadena)) {
                return Result.of(Reason.BAD_SIGNATURE, "the sello does not verify over the signed cadena");
            }
            signatureChecked = true;
        }
        String mismatch = firstAttributeMismatch(doc, cadena);
        if (mismatch != null) {
            return new Result(Reason.CADENA_MISMATCH, mismatch, signatureChecked);
        }
        if (options.fetchedWith() != null
                && !options.fetchedWith().trackingKey().equals(doc.unsignedTrackingKey())) {
            return new Result(Reason.TRACKING_KEY_MISMATCH,
                    "the portal answered with a receipt for another tracking key", signatureChecked);
        }
        return new Result(Reason.OK, signatureChecked ? "signature verified with certificate "
                + cadena.certificateNumber() : "fetched from Banxico with our own query; certificate "
                + cadena.certificateNumber() + " is not pinned", signatureChecked);
    }

    private static boolean signatureVerifies(TrustedCertificate cert, SignedCadena cadena) {
        try {
            Signature signature = SHA512_WITH_RSA.get();
            // initVerify resets any state a previous failed verification may have left.
            signature.initVerify(cert.publicKey());
            signature.update(cadena.signedBytes());
            return signature.verify(cadena.selloBytes());
        } catch (GeneralSecurityException e) {
            // A sello of the wrong length or a corrupt encoding is simply not a valid signature.
            return false;
        }
    }

    /**
     * Compares each XML attribute with its cadena copy (cep.md §3.4), allowing only the observed normalisations:
     * ISO date vs DDMMYYYY, HH:MM:SS vs HHMMSS, account type {@code 06}→{@code 6} and {@code NA}→{@code -1}.
     */
    private static String firstAttributeMismatch(CepXml doc, SignedCadena c) {
        Map<String, String> root = doc.root();
        // Field 2 is DDMMYYYY and field 4 HHMMSS, both already checked to be a real date and time, so comparing
        // the characters in ISO order is the same as comparing with the ISO rendering of the parsed values.
        if (!sameDigits(root.get("FechaOperacion"), c.field(2), ISO_DATE_FROM_DDMMYYYY)) {
            return "FechaOperacion differs from cadena field 2";
        }
        if (!sameDigits(root.get("Hora"), c.field(4), TIME_FROM_HHMMSS)) {
            return "Hora differs from cadena field 4";
        }
        if (!root.get("ClaveSPEI").equals(c.field(5))) {
            return "ClaveSPEI differs from cadena field 5";
        }
        Map<String, String> o = doc.ordenante();
        String m = exact(o, "BancoEmisor", c, 6, "Ordenante");
        m = m != null ? m : exact(o, "Nombre", c, 7, "Ordenante");
        m = m != null ? m : accountType(o, c, 8, "Ordenante");
        m = m != null ? m : exact(o, "Cuenta", c, 9, "Ordenante");
        m = m != null ? m : exact(o, "RFC", c, 10, "Ordenante");
        Map<String, String> b = doc.beneficiario();
        m = m != null ? m : exact(b, "BancoReceptor", c, 11, "Beneficiario");
        m = m != null ? m : exact(b, "Nombre", c, 12, "Beneficiario");
        m = m != null ? m : accountType(b, c, 13, "Beneficiario");
        m = m != null ? m : exact(b, "Cuenta", c, 14, "Beneficiario");
        m = m != null ? m : exact(b, "RFC", c, 15, "Beneficiario");
        m = m != null ? m : exact(b, "Concepto", c, 16, "Beneficiario");
        m = m != null ? m : exact(b, "IVA", c, 17, "Beneficiario");
        m = m != null ? m : exact(b, "MontoPago", c, 18, "Beneficiario");
        return m;
    }

    /**
     * Whether {@code xml} is {@code signed} rearranged by {@code layout}: an entry {@code >= 0} takes that character
     * of {@code signed}, a negative entry {@code -c} stands for the literal character {@code c}.
     */
    private static boolean sameDigits(String xml, String signed, int[] layout) {
        if (xml.length() != layout.length) {
            return false;
        }
        for (int i = 0; i < layout.length; i++) {
            char expected = layout[i] >= 0 ? signed.charAt(layout[i]) : (char) -layout[i];
            if (xml.charAt(i) != expected) {
                return false;
            }
        }
        return true;
    }

    private static String exact(Map<String, String> attrs, String name, SignedCadena c, int pos, String element) {
        return attrs.get(name).equals(c.field(pos)) ? null
                : element + "/@" + name + " differs from cadena field " + pos;
    }

    private static String accountType(Map<String, String> attrs, SignedCadena c, int pos, String element) {
        String xml = attrs.get("TipoCuenta");
        String signed = c.field(pos);
        boolean same = xml.equals(signed)
                || ("NA".equals(signed) && "-1".equals(xml))
                || (signed.length() == 2 && signed.charAt(0) == '0' && Character.isDigit(signed.charAt(1))
                && xml.equals(signed.substring(1)));
        return same ? null : element + "/@TipoCuenta differs from cadena field " + pos;
    }
}
