package org.mexicop2p.cep.receipt;

/** Why a byte sequence could not be read as a CEP, before any signature is looked at. */
public enum ReceiptProblem {
    /** Zero bytes, or only whitespace. */
    EMPTY,
    /** Larger than {@link CepXmlParser#MAX_RECEIPT_BYTES}; real CEPs are about 1.5 kB. */
    TOO_LARGE,
    /** Not XML at all (a PDF, an image), or XML that is not exactly the {@code SPEI_Tercero} shape. */
    NOT_A_CEP,
    /** Broken or truncated XML. */
    MALFORMED_XML,
    /** A DOCTYPE: DTDs (and with them every entity trick) are refused outright. */
    FORBIDDEN_DTD,
    /** {@code cadenaCDA} is not {@code ||f1|…|fN|cert||sello}, or a signed field has an impossible value. */
    MALFORMED_CADENA,
    /** The cadena has a data-field count other than the known 18, 25 or 42. */
    UNSUPPORTED_LAYOUT
}
