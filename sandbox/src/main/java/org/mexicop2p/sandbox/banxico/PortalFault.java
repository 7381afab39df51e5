package org.mexicop2p.sandbox.banxico;

/** An answer the sandbox portal can be told to give instead of the truth, to exercise callers' retry paths. */
public enum PortalFault {
    /** {@code valida.do} says the payment is liquidated but has no CEP yet. */
    NOT_YET_AVAILABLE,
    /** {@code valida.do} demands a captcha and {@code descarga.do} reports too many queries. */
    THROTTLED,
    /** Both endpoints answer the portal's HTTP 500 page. */
    SERVER_ERROR
}
