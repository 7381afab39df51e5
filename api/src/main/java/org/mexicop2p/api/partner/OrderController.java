package org.mexicop2p.api.partner;

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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.auth.PartnerAuthFilter;
import org.mexicop2p.api.error.QueryParams;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.order.OrderService;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.mexicop2p.settlement.partner.Partner;

import java.util.List;
import java.util.Set;

/**
 * Orders: creation from a quote, lookup of one, and the paginated list of the partner's orders. All three use JDBC,
 * so none runs on the event loop. Creation runs on the elastic blocking pool because it may wait on the partner's row
 * lock; the reads are short queries and run on the small fixed {@value #READS} pool (see
 * {@code config/application.yml}), so a burst of lookups keeps a few threads busy instead of growing the blocking pool
 * to one thread per connection, all of them competing for the CPUs and the connection pool.
 */
@Controller("/api/v1/orders")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
public class OrderController {

    /** The executor of order reads, declared under {@code micronaut.executors}. */
    public static final String READS = "order-reads";

    private static final Set<String> FIELDS = Set.of("quoteId", "partnerUserRef", "clabe");
    static final int DEFAULT_PAGE_SIZE = 20;

    private final OrderService orders;
    private final IdempotentPosts posts;

    public OrderController(OrderService orders, IdempotentPosts posts) {
        this.orders = orders;
        this.posts = posts;
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an escrow order from a quote; the response says exactly what the seller's wallet "
            + "deposits (escrow) and what the buyer pays (grossAmountMxn into clabe)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"quoteId\":\"…\",\"partnerUserRef\":\"user_12345\","
                            + "\"clabe\":\"002010077777777771\"}"))))
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = PartnerViews.Order.class)))
    public HttpResponse<String> create(HttpRequest<?> request,
                                       @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                       @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                       @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> {
            JsonBody input = JsonBody.parse(body, FIELDS);
            String quoteId = input.requiredString("quoteId");
            String ref = input.requiredString("partnerUserRef");
            String clabe = input.requiredString("clabe");
            OrderService.OrderView created = orders.create(partner, quoteId, ref, clabe);
            return new IdempotentPosts.Outcome(HttpStatus.CREATED,
                    PartnerViews.Order.of(created.order(), created.timeline()));
        });
    }

    /** Written by {@link OrderJson} rather than generically: this is the API's hottest read (see there). */
    @ExecuteOn(READS)
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "One of the partner's orders with its timeline and allowed actions")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PartnerViews.Order.class)))
    public HttpResponse<byte[]> get(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                    @PathVariable String id) {
        OrderService.OrderView view = orders.get(partner, id);
        return HttpResponse.ok(OrderJson.write(PartnerViews.Order.of(view.order(), view.timeline())))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @ExecuteOn(READS)
    @Get
    @Operation(summary = "The partner's orders, newest first; page from 1, limit 1-100 (default 20); items carry "
            + "no timeline (fetch the order for it)")
    public PartnerViews.OrderPage list(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                       @Nullable @QueryValue String status,
                                       @Nullable @QueryValue String page,
                                       @Nullable @QueryValue String limit) {
        OrderStatus wanted = status == null || status.isEmpty() ? null
                : QueryParams.enumValue("status", OrderStatus.class, status);
        int pageNumber = QueryParams.integer("page", page, 1);
        int pageSize = QueryParams.integer("limit", limit, DEFAULT_PAGE_SIZE);
        Page<SettlementOrder> result = orders.list(partner, wanted, pageNumber, pageSize);
        List<PartnerViews.Order> items = result.getContent().stream()
                .map(o -> PartnerViews.Order.of(o, null)).toList();
        return new PartnerViews.OrderPage(items, pageNumber, pageSize, result.getTotalSize(),
                (long) pageNumber * pageSize < result.getTotalSize());
    }
}
