package org.mexicop2p.cep.verify;

/** The overall outcome of checking one receipt. */
public enum Verdict {
    /** Signed by a trusted certificate and internally consistent: its signed facts can be relied on. */
    VALID,
    /** Provably not acceptable: forged, edited, malformed, or signed by a certificate refused in this mode. */
    INVALID,
    /** Cannot be decided from the file alone (unknown certificate, unknown layout): hold it, do not reject or pay. */
    UNVERIFIABLE
}
