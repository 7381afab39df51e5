package org.mexicop2p.cep.portal;

/** Every way a portal fetch can end. Only {@link #FOUND} carries a receipt. */
public enum PortalOutcome {
    /** The portal served the CEP XML. */
    FOUND,
    /** The payment is liquidated but Banxico has no CEP for it yet: retry later, it is not invalid. */
    NOT_YET_AVAILABLE,
    /** The portal knows no payment matching the query. */
    NOT_FOUND,
    /** The portal demanded a captcha or reported too many queries; we back off (and do not ask it meanwhile). */
    THROTTLED,
    /** HTTP 5xx, an unexpected page, a timeout or a connection failure: retry with back-off. */
    PORTAL_ERROR
}
