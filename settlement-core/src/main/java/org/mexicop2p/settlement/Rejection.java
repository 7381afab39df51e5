package org.mexicop2p.settlement;

/**
 * Why the domain refused a request, one code per reason (the partner-visible codes of the seed's error table). The
 * HTTP layer maps each to a status; the core never knows about HTTP.
 */
public enum Rejection {
    VALIDATION_ERROR,
    /** A webhook URL the target policy refuses; the message names the policy's reason. */
    INVALID_WEBHOOK_URL,
    NOT_FOUND,
    DUPLICATE_USER,
    USER_LIMIT_REACHED,
    KYC_NOT_AVAILABLE,
    KYC_LIMIT_REACHED,
    KYC_SESSION_FAILED,
    KYC_REQUIRED,
    RATE_SOURCE_UNAVAILABLE,
    INVALID_QUOTE,
    QUOTE_EXPIRED,
    QUOTE_USED,
    QUOTE_USER_MISMATCH,
    INVALID_CLABE,
    VOLUME_LIMIT_EXCEEDED,
    /** The order's status does not allow this (for example a dispute decision on an order that is not disputed). */
    FORBIDDEN_IN_STATUS,
    /** An admin already decided this dispute; a second decision could pay both parties. */
    DISPUTE_ALREADY_DECIDED,
    /** Payment proof: the order is not LOCKED, so there is nothing a receipt could pay. */
    ORDER_NOT_LOCKED,
    /** Payment proof: another Banxico fetch with other SPEI details is still running for this order. */
    FETCH_IN_PROGRESS
}
