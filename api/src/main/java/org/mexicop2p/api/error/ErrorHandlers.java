package org.mexicop2p.api.error;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.data.exceptions.OptimisticLockException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.swagger.v3.oas.annotations.Hidden;
import org.mexicop2p.settlement.RejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error", "message"}} with the right status: domain rejections, HTTP-layer
 * refusals, a few framework exceptions, and, last, anything unexpected, which is logged with its stack trace and
 * answered with a generic message only. Errors Micronaut answers by itself (unknown route, wrong method or media
 * type, unparsable JSON) are shaped by {@link ErrorBodies}.
 */
@Controller
@Hidden
public class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    @Error(global = true)
    public HttpResponse<ApiError> rejected(RejectedException e) {
        return ApiError.response(ErrorCode.of(e.rejection()), e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<ApiError> refused(ApiException e) {
        return ApiError.response(e.code(), e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<ApiError> tooLarge(ContentLengthExceededException e) {
        return ApiError.response(ErrorCode.VALIDATION_ERROR, "body: larger than the server accepts");
    }

    @Error(global = true)
    public HttpResponse<ApiError> conversion(ConversionErrorException e) {
        return ApiError.response(ErrorCode.VALIDATION_ERROR, e.getArgument().getName() + ": invalid value");
    }

    @Error(global = true)
    public HttpResponse<ApiError> unsatisfied(UnsatisfiedRouteException e) {
        return ApiError.response(ErrorCode.VALIDATION_ERROR, e.getArgument().getName() + ": required");
    }

    @Error(global = true)
    public HttpResponse<ApiError> notAllowed(NotAllowedException e) {
        return ApiError.response(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this path");
    }

    @Error(global = true)
    public HttpResponse<ApiError> concurrentUpdate(OptimisticLockException e) {
        return ApiError.response(ErrorCode.CONCURRENT_UPDATE, "the resource changed meanwhile; retry");
    }

    /** Micronaut's own refusals (route miss, media type, ...) arrive as status exceptions. */
    @Error(global = true)
    public HttpResponse<ApiError> httpStatus(HttpStatusException e) {
        return ErrorBodies.forStatus(e.getStatus().getCode());
    }

    @Error(global = true)
    public HttpResponse<ApiError> unexpected(HttpRequest<?> request, Throwable e) {
        LOG.error("unexpected failure on {} {}", request.getMethodName(), request.getPath(), e);
        return ApiError.response(ErrorCode.INTERNAL_ERROR, "internal error; the operator has the details");
    }
}
