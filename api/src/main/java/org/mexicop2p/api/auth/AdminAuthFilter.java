package org.mexicop2p.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ErrorCode;

/** Guards {@code /admin/v1} with {@code Authorization: Bearer <admin token>}. */
@ServerFilter("/admin/v1/**")
public class AdminAuthFilter {

    private static final String BEARER = "Bearer ";

    private final AdminToken adminToken;

    public AdminAuthFilter(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null || !header.startsWith(BEARER)
                || !adminToken.matches(header.substring(BEARER.length()).strip())) {
            return ApiError.response(ErrorCode.ADMIN_UNAUTHORIZED,
                    "send the admin token as Authorization: Bearer <token>");
        }
        return null;
    }
}
