package org.mexicop2p.api.error;

/** An HTTP-layer refusal (auth, body shape) with its code; rendered by {@link ErrorHandlers}. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
