package org.mexicop2p.cep.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
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
    private static final ThreadLocal<KeyedSignature> SHA512_WITH_RSA = ThreadLocal.withInitial(() -> {
        try {
            return new KeyedSignature(Signature.getInstance("SHA512withRSA"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA512withRSA is mandatory in every JDK", e);
        }
    });

    /**
     * A thread's {@code SHA512withRSA} verifier and the key it is initialised with (null: none, or unknown state).
     * A successful {@link Signature#verify} leaves the verifier initialised for the same key, so a folder of
     * receipts from one signer costs one {@code initVerify}, not one per receipt.
     */
    private static final class KeyedSignature {
        final Signature signature;
        PublicKey key;

        KeyedSignature(Signature signature) {
            this.signature = signature;
        }
    }

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
            if (!options.fetchedOverHttps()) {
                return Result.of(Reason.UNKNOWN_CERTIFICATE, "certificate " + cadena.certificateNumber()
                        + " is not in the trust store" + (options.fetchedWith() == null ? ""
                        : ", and the receipt was fetched over plain http, which vouches for nothing"));
            }
            // We downloaded this file from Banxico with our own query over TLS: that connection vouches for it.
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
        return new Result(Reason.OK, signatureChecked
                ? "signature verified with certificate ".concat(cadena.certificateNumber())
                : "fetched from Banxico over HTTPS with our own query; certificate " + cadena.certificateNumber()
                + " is not pinned", signatureChecked);
    }

    private static boolean signatureVerifies(TrustedCertificate cert, SignedCadena cadena) {
        KeyedSignature verifier = SHA512_WITH_RSA.get();
        try {
            if (verifier.key != cert.publicKey()) {
                verifier.key = null;
                verifier.signature.initVerify(cert.publicKey());
                verifier.key = cert.publicKey();
            }
            verifier.signature.update(cadena.signedBytes());
            return verifier.signature.verify(cadena.selloBytes());
        } catch (GeneralSecurityException e) {
            // A sello of the wrong length or a corrupt encoding is simply not a valid signature. The verifier may
            // still hold this cadena's bytes, so the next use initialises it afresh.
            verifier.key = null;
            return false;
        }
    }

    /** How an XML attribute must relate to its cadena field (cep.md §3.4). */
    private enum Kind {
        /** Character for character. */
        EXACT,
        /** ISO {@code YYYY-MM-DD} in the XML, {@code DDMMYYYY} in the cadena. */
        DATE,
        /** {@code HH:MM:SS} in the XML, {@code HHMMSS} in the cadena. */
        TIME,
        /** Equal, or {@code NA}→{@code -1}: Beneficiario/@TipoCuenta. */
        ACCOUNT_TYPE,
        /** Equal, or {@code NA}→{@code -1}, or {@code 06}→{@code 6}: Ordenante/@TipoCuenta (cep.md §3.4). */
        SENDER_ACCOUNT_TYPE
    }

    /** One comparison: an attribute, the cadena field it copies, and what a mismatch is reported as. */
    private record Copy(CepXml.Element element, int attribute, int field, Kind kind, String mismatch) {
        static Copy of(CepXml.Element element, String attribute, int field, Kind kind) {
            String where = element == CepXml.Element.SPEI_TERCERO ? attribute : element.tag() + "/@" + attribute;
            return new Copy(element, element.indexOf(attribute), field, kind,
                    where + " differs from cadena field " + field);
        }
    }

    /** Every XML attribute with a signed copy, in cadena order: the first mismatch is the one reported. */
    private static final Copy[] COPIES = {
        Copy.of(CepXml.Element.SPEI_TERCERO, "FechaOperacion", 2, Kind.DATE),
        Copy.of(CepXml.Element.SPEI_TERCERO, "Hora", 4, Kind.TIME),
        Copy.of(CepXml.Element.SPEI_TERCERO, "ClaveSPEI", 5, Kind.EXACT),
        Copy.of(CepXml.Element.ORDENANTE, "BancoEmisor", 6, Kind.EXACT),
        Copy.of(CepXml.Element.ORDENANTE, "Nombre", 7, Kind.EXACT),
        Copy.of(CepXml.Element.ORDENANTE, "TipoCuenta", 8, Kind.SENDER_ACCOUNT_TYPE),
        Copy.of(CepXml.Element.ORDENANTE, "Cuenta", 9, Kind.EXACT),
        Copy.of(CepXml.Element.ORDENANTE, "RFC", 10, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "BancoReceptor", 11, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "Nombre", 12, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "TipoCuenta", 13, Kind.ACCOUNT_TYPE),
        Copy.of(CepXml.Element.BENEFICIARIO, "Cuenta", 14, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "RFC", 15, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "Concepto", 16, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "IVA", 17, Kind.EXACT),
        Copy.of(CepXml.Element.BENEFICIARIO, "MontoPago", 18, Kind.EXACT),
    };

    /**
     * Compares each XML attribute with its cadena copy (cep.md §3.4), allowing only the observed normalisations:
     * ISO date vs DDMMYYYY, HH:MM:SS vs HHMMSS, account type {@code NA}→{@code -1} and, for the ordenante only,
     * {@code 06}→{@code 6}. Any other rewriting would let an edited attribute pass for its signed copy. One loop over
     * a table rather than a call per attribute: a short run's JIT compiles it once, not sixteen times.
     */
    private static String firstAttributeMismatch(CepXml doc, SignedCadena c) {
        for (Copy copy : COPIES) {
            String xml = doc.value(copy.element, copy.attribute);
            String signed = c.field(copy.field);
            boolean same = switch (copy.kind) {
                case EXACT -> xml.equals(signed);
                // Fields 2 and 4 were already checked to be a real date and time, so comparing the characters in
                // ISO order is the same as comparing with the ISO rendering of the parsed values.
                case DATE -> sameDigits(xml, signed, ISO_DATE_FROM_DDMMYYYY);
                case TIME -> sameDigits(xml, signed, TIME_FROM_HHMMSS);
                case ACCOUNT_TYPE -> sameAccountType(xml, signed);
                case SENDER_ACCOUNT_TYPE -> sameAccountType(xml, signed)
                        || ("06".equals(signed) && "6".equals(xml));
            };
            if (!same) {
                return copy.mismatch;
            }
        }
        return null;
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

    private static boolean sameAccountType(String xml, String signed) {
        return xml.equals(signed) || ("NA".equals(signed) && "-1".equals(xml));
    }
}
