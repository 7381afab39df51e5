package org.mexicop2p.api.ops;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /ping}: unauthenticated liveness for load balancers; it touches nothing, which also makes it the
 * baseline of the Partner API benchmark (the cost of HTTP alone).
 */
@Controller
@Tag(name = "Operations")
public class PingController {

    @Get("/ping")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Liveness: answers pong")
    public String ping() {
        return "pong";
    }
}
