package org.mexicop2p.cep.verify;

/** Where a trusted certificate comes from; only {@link #PRODUCTION} is accepted unless the caller allows more. */
public enum CertificateKind {
    /** A receiving participant's production certificate. */
    PRODUCTION,
    /** Banxico's beta portal signer: test data only. */
    BETA,
    /** Our own sandbox portal's key: tests and the embedded demo run only. */
    SANDBOX
}
