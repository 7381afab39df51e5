package org.mexicop2p.sandbox.banxico;

/** A sandbox transfer request was refused; {@link #code()} is the error code the HTTP API returns. */
public final class TransferRejectedException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    TransferRejectedException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
