package org.mexicop2p.api.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mexicop2p.api.error.ApiException;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.partner.IpWhitelist;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerService;
import org.mexicop2p.settlement.partner.PartnerStatus;
import org.mexicop2p.settlement.partner.Tier;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Operators onboard partners, rotate their keys and change status, tier or IP whitelist. Keys and webhook secrets
 * appear only in the response that creates them; nothing here is idempotency-replayed, because a replay would
 * have to store the secret.
 */
@Controller("/admin/v1/partners")
@Tag(name = "Admin API")
@SecurityRequirement(name = "adminToken")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminPartnerController {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "tier", "kycModel", "ipWhitelist");
    private static final Set<String> PATCH_FIELDS = Set.of("status", "tier", "ipWhitelist");

    /** The one-time answer to onboarding. */
    @Serdeable
    public record Onboarded(String partnerId, String apiKey, String webhookSecret) {
    }

    /** The one-time answer to a key rotation. */
    @Serdeable
    public record RotatedKey(String partnerId, String apiKey) {
    }

    /** A partner as operators see it (no secrets). */
    @Serdeable
    public record PartnerView(String partnerId, String name, String tier, String kycModel, String status,
                              List<String> ipWhitelist, String createdAt, String updatedAt) {
        static PartnerView of(Partner p) {
            return new PartnerView(p.id().toString(), p.name(), p.tier().name(), p.kycModel().name(),
                    p.status().name(), p.ipWhitelistEntries(), p.createdAt().toString(), p.updatedAt().toString());
        }
    }

    private final PartnerService partners;

    public AdminPartnerController(PartnerService partners) {
        this.partners = partners;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Onboard a partner; the API key and webhook secret are shown only here",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(example = "{\"name\":\"Acme\",\"tier\":\"GROWTH\",\"kycModel\":"
                            + "\"PARTNER_MANAGED\",\"ipWhitelist\":[\"1.2.3.4\",\"10.0.0.0/8\"]}"))))
    public HttpResponse<Onboarded> create(@Nullable @Body byte[] body) {
        JsonBody input = JsonBody.parse(body, CREATE_FIELDS);
        String name = input.requiredString("name");
        Tier tier = input.requiredEnum("tier", Tier.class);
        KycModel kycModel = input.requiredEnum("kycModel", KycModel.class);
        List<String> whitelist = input.optionalStringList("ipWhitelist", IpWhitelist.MAX_ENTRIES);
        PartnerService.Onboarded onboarded = partners.onboard(name, tier, kycModel,
                whitelist == null ? List.of() : whitelist);
        return HttpResponse.created(new Onboarded(onboarded.partner().id().toString(), onboarded.apiKey(),
                onboarded.webhookSecret()));
    }

    @Get("/{id}")
    @Operation(summary = "A partner (no secrets)")
    public PartnerView get(@PathVariable String id) {
        return PartnerView.of(partners.get(parseId(id)));
    }

    @Post(uri = "/{id}/keys", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the partner's API key: the new key is shown once, the old one stops at once")
    public HttpResponse<RotatedKey> rotateKey(@PathVariable String id) {
        PartnerService.RotatedKey rotated = partners.rotateKey(parseId(id));
        return HttpResponse.created(new RotatedKey(rotated.partner().id().toString(), rotated.apiKey()));
    }

    @Patch(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Change status (ACTIVE|INACTIVE|SUSPENDED), tier and/or IP whitelist")
    public PartnerView change(@PathVariable String id, @Nullable @Body byte[] body) {
        UUID partnerId = parseId(id);
        JsonBody input = JsonBody.parse(body, PATCH_FIELDS);
        PartnerStatus status = input.optionalEnum("status", PartnerStatus.class);
        Tier tier = input.optionalEnum("tier", Tier.class);
        List<String> whitelist = input.optionalStringList("ipWhitelist", IpWhitelist.MAX_ENTRIES);
        if (status == null && tier == null && whitelist == null) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "body: give at least one of status, tier, ipWhitelist");
        }
        return PartnerView.of(partners.change(partnerId, new PartnerService.Changes(status, tier, whitelist)));
    }

    private static UUID parseId(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through to NOT_FOUND: an id that cannot exist is simply not found
        }
        throw new RejectedException(Rejection.NOT_FOUND, "no partner " + id);
    }
}
