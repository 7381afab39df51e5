package org.mexicop2p.cep.verify;

/**
 * The one reason behind a {@link CepVerification}'s verdict. Each reason belongs to exactly one verdict, so callers
 * can switch on the reason alone.
 */
public enum Reason {
    /** Every check passed. */
    OK(Verdict.VALID),
    /** The file is empty. */
    EMPTY(Verdict.INVALID),
    /** The file exceeds the size cap; real CEPs are about 1.5 kB. */
    TOO_LARGE(Verdict.INVALID),
    /** Not a CEP: not XML (PDF, image) or not exactly the {@code SPEI_Tercero} shape. */
    NOT_A_CEP(Verdict.INVALID),
    /** Broken or truncated XML. */
    MALFORMED_XML(Verdict.INVALID),
    /** A DOCTYPE (and with it any entity declaration) is present. */
    FORBIDDEN_DTD(Verdict.INVALID),
    /** {@code cadenaCDA} is not well formed, or a signed core field has an impossible value. */
    MALFORMED_CADENA(Verdict.INVALID),
    /** A cadena layout we do not know (not 18, 25 or 42 data fields): needs manual review. */
    UNSUPPORTED_LAYOUT(Verdict.UNVERIFIABLE),
    /** An XML attribute disagrees with its signed copy in the cadena: the file was edited. */
    CADENA_MISMATCH(Verdict.INVALID),
    /** The certificate number is not in the trust store (and the receipt was not fetched from Banxico over HTTPS). */
    UNKNOWN_CERTIFICATE(Verdict.UNVERIFIABLE),
    /** Signed by Banxico's beta (test) certificate, and the caller did not allow beta. */
    BETA_CERTIFICATE(Verdict.INVALID),
    /** Signed by a sandbox certificate, and the caller did not allow sandbox. */
    SANDBOX_CERTIFICATE(Verdict.INVALID),
    /** The trusted certificate belongs to another participant than the one the cadena names as receiver. */
    CERTIFICATE_PARTICIPANT_MISMATCH(Verdict.INVALID),
    /** The credit date lies outside the certificate's validity. */
    CERTIFICATE_NOT_VALID_ON_CREDIT_DATE(Verdict.INVALID),
    /** The sello does not verify over the signed cadena. */
    BAD_SIGNATURE(Verdict.INVALID),
    /** We fetched the receipt from Banxico, and its tracking key is not the one we asked for. */
    TRACKING_KEY_MISMATCH(Verdict.INVALID),
    /** The same signed cadena was already seen (a replay); emitted by callers that track replay keys. */
    DUPLICATE_RECEIPT(Verdict.INVALID);

    private final Verdict verdict;

    Reason(Verdict verdict) {
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}
