package org.mexicop2p.api.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** The one error body of every API: {@code {"error": CODE, "message": "..."}}. */
@Serdeable
public record ApiError(String error, String message) {

    public static MutableHttpResponse<ApiError> response(ErrorCode code, String message) {
        return HttpResponse.<ApiError>status(code.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ApiError(code.name(), message));
    }
}
