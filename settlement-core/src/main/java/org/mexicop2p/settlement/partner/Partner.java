package org.mexicop2p.settlement.partner;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A fintech that integrates through the Partner API. The API key is kept only as a bcrypt hash plus a non-secret
 * lookup id (a prefix of the key's SHA-256), so the key itself can never be read back. The webhook secret is kept in
 * clear because signing webhooks needs it.
 *
 * @param ipWhitelist comma-separated IPs/CIDRs in canonical form; empty allows every address
 */
@MappedEntity("partner")
public record Partner(
        @Id UUID id,
        String name,
        Tier tier,
        KycModel kycModel,
        PartnerStatus status,
        String ipWhitelist,
        String apiKeyId,
        String apiKeyHash,
        String webhookSecret,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    public List<String> ipWhitelistEntries() {
        return ipWhitelist.isEmpty() ? List.of() : List.of(ipWhitelist.split(","));
    }
}
