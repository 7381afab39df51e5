package org.mexicop2p.settlement.partner;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Operator actions on partners: onboarding, key rotation, status/tier/whitelist changes. Every change that can
 * affect authentication clears the verified-key cache before it returns.
 */
@Singleton
public class PartnerService {

    /** Longest partner name; names are display labels, not identifiers. */
    public static final int MAX_NAME_LENGTH = 200;

    /** A new partner with its one-time secrets. */
    public record Onboarded(Partner partner, String apiKey, String webhookSecret) {
    }

    /** A rotated key, shown once. */
    public record RotatedKey(Partner partner, String apiKey) {
    }

    /** Fields to change; {@code null} leaves a field as it is. */
    public record Changes(PartnerStatus status, Tier tier, List<String> ipWhitelist) {
    }

    private final PartnerRepository partners;
    private final ApiKeyAuthenticator authenticator;
    private final Clock clock;

    public PartnerService(PartnerRepository partners, ApiKeyAuthenticator authenticator, Clock clock) {
        this.partners = partners;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public Onboarded onboard(String name, Tier tier, KycModel kycModel, List<String> ipWhitelist) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new RejectedException(Rejection.VALIDATION_ERROR,
                    "name: required, 1 to " + MAX_NAME_LENGTH + " characters");
        }
        IpWhitelist whitelist = IpWhitelist.parse(ipWhitelist);
        String apiKey = ApiKeys.generate();
        String webhookSecret = ApiKeys.generateWebhookSecret();
        Instant now = clock.instant();
        Partner partner = partners.save(new Partner(UUID.randomUUID(), name.strip(), tier, kycModel,
                PartnerStatus.ACTIVE, String.join(",", whitelist.entries()), ApiKeys.lookupId(apiKey),
                ApiKeys.hash(apiKey), webhookSecret, now, now, null));
        return new Onboarded(partner, apiKey, webhookSecret);
    }

    /** Replaces the partner's key; the old key stops working immediately (one active key per partner). */
    public RotatedKey rotateKey(UUID partnerId) {
        Partner current = get(partnerId);
        String apiKey = ApiKeys.generate();
        Partner updated = partners.update(new Partner(current.id(), current.name(), current.tier(),
                current.kycModel(), current.status(), current.ipWhitelist(), ApiKeys.lookupId(apiKey),
                ApiKeys.hash(apiKey), current.webhookSecret(), current.createdAt(), clock.instant(),
                current.version()));
        authenticator.invalidate(partnerId);
        return new RotatedKey(updated, apiKey);
    }

    public Partner change(UUID partnerId, Changes changes) {
        Partner current = get(partnerId);
        String whitelist = changes.ipWhitelist() == null ? current.ipWhitelist()
                : String.join(",", IpWhitelist.parse(changes.ipWhitelist()).entries());
        Partner updated = partners.update(new Partner(current.id(), current.name(),
                changes.tier() == null ? current.tier() : changes.tier(), current.kycModel(),
                changes.status() == null ? current.status() : changes.status(), whitelist, current.apiKeyId(),
                current.apiKeyHash(), current.webhookSecret(), current.createdAt(), clock.instant(),
                current.version()));
        authenticator.invalidate(partnerId);
        return updated;
    }

    public Partner get(UUID partnerId) {
        return partners.findById(partnerId)
                .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND, "no partner " + partnerId));
    }
}
