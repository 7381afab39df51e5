package org.mexicop2p.api.error;

import io.micronaut.context.annotation.Replaces;
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
        return forStatus(response.getStatus().getCode());
    }

    /**
     * The API's answer for a status Micronaut chose: 404 and 405 keep theirs; every other unusable request (media
     * type, size, syntax) is the contract's 400 VALIDATION_ERROR; server-side failures say nothing specific.
     */
    static MutableHttpResponse<ApiError> forStatus(int status) {
        return switch (status) {
            case 404 -> ApiError.response(ErrorCode.NOT_FOUND, "no such resource");
            case 405 -> ApiError.response(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this path");
            case 415 -> ApiError.response(ErrorCode.VALIDATION_ERROR, "Content-Type: must be application/json");
            case 413 -> ApiError.response(ErrorCode.VALIDATION_ERROR, "body: larger than the server accepts");
            default -> status < 500
                    ? ApiError.response(ErrorCode.VALIDATION_ERROR, "body: malformed JSON or unreadable request")
                    : ApiError.response(ErrorCode.INTERNAL_ERROR, "internal error; the operator has the details");
        };
    }
}
