package org.mexicop2p.settlement.webhook;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;

import java.time.Instant;
import java.util.UUID;

/** The one URL a partner receives webhooks at (checked by {@link WebhookTargetPolicy} on register and per send). */
@MappedEntity("webhook_endpoint")
public record WebhookEndpoint(
        @Id UUID partnerId,
        String url,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {
}
