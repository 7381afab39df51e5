package org.mexicop2p.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;

/**
 * Metadata of the OpenAPI document generated at compile time into {@code META-INF/swagger/} and served at
 * {@code /swagger/mexicop2p-settlement-api-1.0.yml}.
 */
@OpenAPIDefinition(info = @Info(title = "mexicop2p-settlement-api", version = "1.0",
        description = "Partner API v1 (X-API-Key) and Admin API v1 (Bearer admin token) of the MexicoP2P "
                + "settlement engine. Errors are always {\"error\": CODE, \"message\": text}."))
@SecuritySchemes({
        @SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                paramName = "X-API-Key"),
        @SecurityScheme(name = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer")
})
final class ApiDocumentation {

    private ApiDocumentation() {
    }
}
