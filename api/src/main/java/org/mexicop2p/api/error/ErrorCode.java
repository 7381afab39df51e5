package org.mexicop2p.api.error;

import io.micronaut.http.HttpStatus;
import org.mexicop2p.settlement.Rejection;

/**
 * Every error code the HTTP APIs answer with, and its status. The partner-visible ones are exactly the seed's
 * table; the rest (idempotency, admin, rate source, infrastructure) are our additions, each for one reason.
 */
public enum ErrorCode {
    MISSING_API_KEY(HttpStatus.UNAUTHORIZED),
    INVALID_API_KEY(HttpStatus.UNAUTHORIZED),
    PARTNER_INACTIVE(HttpStatus.FORBIDDEN),
    PARTNER_SUSPENDED(HttpStatus.FORBIDDEN),
    IP_NOT_ALLOWED(HttpStatus.FORBIDDEN),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    VALIDATION_ERROR(HttpStatus.BAD_REQUEST),
    /** The webhook URL is refused by the target policy (scheme, internal address, ...). */
    INVALID_WEBHOOK_URL(HttpStatus.BAD_REQUEST),
    INVALID_CLABE(HttpStatus.BAD_REQUEST),
    INVALID_QUOTE(HttpStatus.NOT_FOUND),
    QUOTE_EXPIRED(HttpStatus.GONE),
    QUOTE_USED(HttpStatus.CONFLICT),
    QUOTE_USER_MISMATCH(HttpStatus.BAD_REQUEST),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    DUPLICATE_USER(HttpStatus.CONFLICT),
    USER_LIMIT_REACHED(HttpStatus.FORBIDDEN),
    VOLUME_LIMIT_EXCEEDED(HttpStatus.FORBIDDEN),
    KYC_REQUIRED(HttpStatus.FORBIDDEN),
    KYC_NOT_AVAILABLE(HttpStatus.BAD_REQUEST),
    KYC_LIMIT_REACHED(HttpStatus.FORBIDDEN),
    KYC_SESSION_FAILED(HttpStatus.BAD_GATEWAY),
    /** The exchange-rate source is down and the cached rate is older than five minutes. */
    RATE_SOURCE_UNAVAILABLE(HttpStatus.BAD_GATEWAY),
    /** An Idempotency-Key was reused for a different request. */
    IDEMPOTENCY_KEY_REUSED(HttpStatus.CONFLICT),
    /** The first request with this Idempotency-Key has not finished yet. */
    IDEMPOTENCY_REQUEST_IN_PROGRESS(HttpStatus.CONFLICT),
    /** Missing or wrong admin bearer token. */
    ADMIN_UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    /** The order's status does not allow this action (a dispute decision on an order that is not disputed). */
    FORBIDDEN_IN_STATUS(HttpStatus.CONFLICT),
    /** An admin already decided this dispute; the payout is on its way. */
    DISPUTE_ALREADY_DECIDED(HttpStatus.CONFLICT),
    /** Someone else changed the resource between our read and our write; retrying is safe. */
    CONCURRENT_UPDATE(HttpStatus.CONFLICT),
    /** Payment proof for an order that is not LOCKED: there is no lock a receipt could pay. */
    ORDER_NOT_LOCKED(HttpStatus.CONFLICT),
    /** A Banxico fetch with other SPEI details is still running for the order. */
    FETCH_IN_PROGRESS(HttpStatus.CONFLICT),
    /** The payment-proof body is neither application/xml (the CEP) nor application/json (SPEI details). */
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The domain rejections have the same names as their codes. */
    public static ErrorCode of(Rejection rejection) {
        return valueOf(rejection.name());
    }
}
