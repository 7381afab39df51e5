package org.mexicop2p.api.partner;

import io.micronaut.core.annotation.Nullable;
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
import org.mexicop2p.settlement.kyc.KycLevel;
import org.mexicop2p.settlement.kyc.KycService;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.user.UserService;

import java.util.Set;

/** Users: registration (with a KYC attestation for PARTNER_MANAGED partners), lookup, KYC sessions. */
@Controller("/api/v1/users")
@Tag(name = "Partner API")
@SecurityRequirement(name = "apiKey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserController {

    private static final Set<String> USER_FIELDS = Set.of("partnerUserRef", "kycAttestation");
    private static final Set<String> ATTESTATION_FIELDS = Set.of("level", "verifiedAt");
    private static final Set<String> KYC_FIELDS = Set.of("level", "returnUrl");

    private final UserService users;
    private final KycService kyc;
    private final IdempotentPosts posts;

    public UserController(UserService users, KycService kyc, IdempotentPosts posts) {
        this.users = users;
        this.kyc = kyc;
        this.posts = posts;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a user (201); for PARTNER_MANAGED partners, registering an existing user "
            + "again with a higher kycAttestation raises its level (200)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"partnerUserRef\":\"user_12345\",\"kycAttestation\":"
                            + "{\"level\":\"BASIC\",\"verifiedAt\":\"2025-06-01T00:00:00Z\"}}"))))
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = PartnerViews.User.class)))
    public HttpResponse<String> register(HttpRequest<?> request,
                                         @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                         @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                         @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> {
            JsonBody input = JsonBody.parse(body, USER_FIELDS);
            String ref = input.requiredString("partnerUserRef");
            JsonBody attestationInput = input.optionalObject("kycAttestation", ATTESTATION_FIELDS);
            UserService.Attestation attestation = attestationInput == null ? null
                    : new UserService.Attestation(attestationInput.requiredEnum("level", KycLevel.class),
                    attestationInput.requiredInstant("verifiedAt"));
            UserService.Registration registration = users.register(partner, ref, attestation);
            return new IdempotentPosts.Outcome(registration.created() ? HttpStatus.CREATED : HttpStatus.OK,
                    PartnerViews.User.of(users.view(partner, ref)));
        });
    }

    @Get("/{partnerUserRef}")
    @Operation(summary = "A user with its KYC level and this month's volume")
    public PartnerViews.User get(@RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                 @PathVariable String partnerUserRef) {
        return PartnerViews.User.of(users.view(partner, partnerUserRef));
    }

    @Post(uri = "/{partnerUserRef}/kyc", consumes = MediaType.APPLICATION_JSON,
            produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a KYC session with the provider (MEXICOP2P_PROVIDED partners); redirect the user "
            + "to sessionUrl")
    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = PartnerViews.KycSessionStarted.class)))
    public HttpResponse<String> startKyc(HttpRequest<?> request,
                                         @RequestAttribute(PartnerAuthFilter.PARTNER) Partner partner,
                                         @PathVariable String partnerUserRef,
                                         @Nullable @Header(IdempotentPosts.HEADER) String idempotencyKey,
                                         @Nullable @Body byte[] body) {
        return posts.run(request, partner, idempotencyKey, body, () -> {
            JsonBody input = JsonBody.parse(body, KYC_FIELDS);
            KycLevel level = input.requiredEnum("level", KycLevel.class);
            String returnUrl = input.requiredString("returnUrl");
            return new IdempotentPosts.Outcome(HttpStatus.CREATED, PartnerViews.KycSessionStarted.of(
                    kyc.startSession(partner, partnerUserRef, level, returnUrl), partnerUserRef));
        });
    }
}
