package org.mexicop2p.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
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
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.quote.FeeRecipient;
import org.mexicop2p.settlement.quote.QuoteService;

import java.math.BigDecimal;
import java.util.Set;

/** {@code POST /api/v1/quotes}: locks the rate and the partner's fee for five minutes. */
@Controller("/api/v1/quotes")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QuoteController {

    private static final Set<String> FIELDS = Set.of("partnerUserRef", "amount", "token", "feePercent",
            "feeRecipient");

    private final QuoteService quotes;
    private final IdempotentPosts posts;

    public QuoteController(QuoteService quotes, IdempotentPosts posts) {
        this.quotes = quotes;
        this.posts = posts;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Quote a sale: amount in whole tokens (up to 6 decimals), feePercent 0-10 (default 0), "
            + "feeRecipient PARTNER|USER|NONE (default PARTNER when a fee is set, else NONE)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"partnerUserRef\":\"user_12345\",\"amount\":\"100\","
                            + "\"token\":\"USDC\",\"feePercent\":1.5,\"feeRecipient\":\"PARTNER\"}"))))
    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = PartnerViews.QuoteCreated.class)))
    public HttpResponse<String> create(HttpRequest<?> request,
                                       @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                       @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                       @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> {
            JsonBody input = JsonBody.parse(body, FIELDS);
            String ref = input.requiredString("partnerUserRef");
            BigDecimal amount = input.requiredDecimal("amount");
            Token token = input.requiredEnum("token", Token.class);
            BigDecimal feePercent = input.optionalDecimal("feePercent");
            FeeRecipient recipient = input.optionalEnum("feeRecipient", FeeRecipient.class);
            BigDecimal fee = feePercent == null ? BigDecimal.ZERO : feePercent;
            if (recipient == null) {
                recipient = fee.signum() == 0 ? FeeRecipient.NONE : FeeRecipient.PARTNER;
            }
            return new IdempotentPosts.Outcome(HttpStatus.CREATED,
                    PartnerViews.QuoteCreated.of(quotes.create(partner, ref, amount, token, fee, recipient)));
        });
    }
}
