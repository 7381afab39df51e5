package org.mexicop2p.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.auth.PartnerAuthFilter;
import org.mexicop2p.api.error.QueryParams;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.api.partner.IdempotentPosts;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.webhook.DeliveryStatus;
import org.mexicop2p.settlement.webhook.WebhookService;

import java.util.Set;

/**
 * The partner's webhook settings and delivery log: one URL per partner, a signed test event, deliveries with their
 * attempts, and replay (a new delivery of the same event, same {@code X-Webhook-Id} and body).
 */
@Controller("/api/v1/webhooks")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {

    private static final Set<String> ENDPOINT_FIELDS = Set.of("url");
    private static final int DEFAULT_PAGE_SIZE = 20;

    private final WebhookService webhooks;
    private final IdempotentPosts posts;

    public WebhookController(WebhookService webhooks, IdempotentPosts posts) {
        this.webhooks = webhooks;
        this.posts = posts;
    }

    @Put(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Register or replace the partner's webhook URL (https; http to loopback in sandbox mode)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"url\":\"https://partner.example/webhooks/mexicop2p\"}"))))
    public WebhookViews.Endpoint register(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                          @Nullable @Body byte[] body) {
        String url = JsonBody.parse(body, ENDPOINT_FIELDS).requiredString("url");
        return WebhookViews.Endpoint.of(webhooks.register(partner, url));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The registered webhook URL (NOT_FOUND when none)")
    public WebhookViews.Endpoint get(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner) {
        return WebhookViews.Endpoint.of(webhooks.endpoint(partner));
    }

    @Post(uri = "/test", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a signed webhook.test event to the registered URL (202); watch it in deliveries")
    public HttpResponse<String> test(HttpRequest<?> request,
                                     @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                     @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                     @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> new IdempotentPosts.Outcome(
                HttpStatus.ACCEPTED, WebhookViews.Delivery.of(webhooks.sendTest(partner))));
    }

    @Get(uri = "/deliveries", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Deliveries, newest first, with their attempts; status PENDING, DELIVERED or FAILED; "
            + "page from 1, limit 1-100 (default 20)")
    public WebhookViews.DeliveryPage deliveries(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                                @Nullable @QueryValue String status,
                                                @Nullable @QueryValue String page,
                                                @Nullable @QueryValue String limit) {
        DeliveryStatus wanted = status == null || status.isEmpty() ? null
                : QueryParams.enumValue("status", DeliveryStatus.class, status);
        int pageNumber = QueryParams.integer("page", page, 1);
        int pageSize = QueryParams.integer("limit", limit, DEFAULT_PAGE_SIZE);
        Page<WebhookService.DeliveryView> found = webhooks.list(partner, wanted, pageNumber, pageSize);
        return new WebhookViews.DeliveryPage(found.getContent().stream().map(WebhookViews.Delivery::of).toList(),
                pageNumber, pageSize, found.getTotalSize(), (long) pageNumber * pageSize < found.getTotalSize());
    }

    @Post(uri = "/deliveries/{id}/replay", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue the delivery's event again (202): a new delivery with the same X-Webhook-Id and body")
    public HttpResponse<String> replay(HttpRequest<?> request,
                                       @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                       @PathVariable String id,
                                       @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                       @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> new IdempotentPosts.Outcome(
                HttpStatus.ACCEPTED, WebhookViews.Delivery.of(webhooks.replay(partner, id))));
    }
}
