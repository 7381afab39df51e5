package org.mexicop2p.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Gives the errors Micronaut produces on its own (no route, wrong method, unsupported media type, a JSON body that
 * does not parse, an oversized body) the API's {@code {"error", "message"}} shape instead of Micronaut's default,
 * so a partner never has to parse two error formats. Framework messages are not echoed: they can name internals.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class ErrorBodies implements ErrorResponseProcessor<ApiError> {

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.getStatus().getCode();
        ApiError body = switch (status) {
            case 404 -> new ApiError(ErrorCode.NOT_FOUND.name(), "no such resource");
            case 405 -> new ApiError(ErrorCode.METHOD_NOT_ALLOWED.name(), "method not allowed on this path");
            case 415 -> new ApiError(ErrorCode.VALIDATION_ERROR.name(), "Content-Type: must be application/json");
            case 413 -> new ApiError(ErrorCode.VALIDATION_ERROR.name(), "body: larger than the server accepts");
            default -> status < 500
                    ? new ApiError(ErrorCode.VALIDATION_ERROR.name(), "body: malformed JSON or unreadable request")
                    : new ApiError(ErrorCode.INTERNAL_ERROR.name(), "internal error; the operator has the details");
        };
        if (status >= 400 && status < 500 && status != 404 && status != 405) {
            // The API's contract: every unusable request (media type, size, syntax) is a 400 VALIDATION_ERROR.
            response.status(ErrorCode.VALIDATION_ERROR.status());
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
