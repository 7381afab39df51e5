package org.mexicop2p.settlement.webhook;

import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerLocks;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a partner does with webhooks: register its one URL, read it, queue a signed test event, read the delivery
 * log with every attempt, and replay a delivery. A replay is a new delivery (its own delivery id and attempt log)
 * of the same event: same {@code X-Webhook-Id}, same body bytes, so a partner that de-duplicates by id processes it
 * once.
 */
@Singleton
public class WebhookService {

    public static final String TEST_EVENT = "webhook.test";
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_PAGE = 100_000;

    /** A delivery with its attempts, oldest attempt first. */
    public record DeliveryView(WebhookDelivery delivery, List<WebhookAttempt> attempts) {
    }

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookQueue queue;
    private final WebhookTargetPolicy policy;
    private final PartnerLocks locks;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
                          WebhookAttemptRepository attempts, WebhookQueue queue,
                          WebhookTargetPolicy policy, PartnerLocks locks, TransactionOperations<Connection> tx,
                          Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.queue = queue;
        this.policy = policy;
        this.locks = locks;
        this.tx = tx;
        this.clock = clock;
    }

    /** Sets (or replaces) the partner's URL; refused with the policy's reason and nothing changed. */
    public WebhookEndpoint register(Partner partner, String url) {
        // Checked before the transaction: the policy resolves the host, which must not hold a connection.
        WebhookTargetPolicy.Verdict verdict = policy.check(url);
        if (!verdict.allowed()) {
            throw new RejectedException(Rejection.INVALID_WEBHOOK_URL,
                    "url: " + verdict.rejection() + ": " + verdict.message());
        }
        return tx.executeWrite(status -> {
            // Serializes two concurrent registrations of one partner (insert vs insert on the same key).
            locks.findByIdForUpdate(partner.id());
            Instant now = clock.instant();
            return endpoints.findById(partner.id())
                    .map(current -> endpoints.update(new WebhookEndpoint(current.partnerId(), url,
                            current.createdAt(), now, current.version())))
                    .orElseGet(() -> endpoints.save(new WebhookEndpoint(partner.id(), url, now, now, null)));
        });
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint endpoint(Partner partner) {
        return endpoints.findById(partner.id()).orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND,
                "no webhook URL registered; PUT /api/v1/webhooks first"));
    }

    /** Queues a {@code webhook.test} event; delivered by the worker like any other. */
    @Transactional
    public DeliveryView sendTest(Partner partner) {
        endpoint(partner);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partnerId", partner.id().toString());
        data.put("message", "This is a test event from MexicoP2P.");
        UUID id = queue.queue(new WebhookEvent(partner.id(), TEST_EVENT, TEST_EVENT, data)).orElseThrow();
        return new DeliveryView(deliveries.findById(id).orElseThrow(), List.of());
    }

    /** The partner's deliveries, newest first; {@code page} from 1. */
    @Transactional(readOnly = true)
    public Page<DeliveryView> list(Partner partner, DeliveryStatus status, int page, int limit) {
        if (page < 1 || page > MAX_PAGE) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "page: from 1 to " + MAX_PAGE);
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "limit: from 1 to " + MAX_PAGE_SIZE);
        }
        Pageable pageable = Pageable.from(page - 1, limit, Sort.of(Sort.Order.desc("seq")));
        Page<WebhookDelivery> found = status == null ? deliveries.findByPartnerId(partner.id(), pageable)
                : deliveries.findByPartnerIdAndStatus(partner.id(), status, pageable);
        List<UUID> ids = found.getContent().stream().map(WebhookDelivery::id).toList();
        Map<UUID, List<WebhookAttempt>> byDelivery = ids.isEmpty() ? Map.of()
                : attempts.findByDeliveryIdInListOrderByAttemptNo(ids).stream()
                .collect(Collectors.groupingBy(WebhookAttempt::deliveryId));
        return found.map(d -> new DeliveryView(d, byDelivery.getOrDefault(d.id(), List.of())));
    }

    /** Queues the delivery's event again (same id and bytes); another partner's delivery is NOT_FOUND. */
    @Transactional
    public DeliveryView replay(Partner partner, String deliveryId) {
        WebhookDelivery original = parseId(deliveryId)
                .flatMap(id -> deliveries.findByIdAndPartnerId(id, partner.id()))
                .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND, "no delivery " + bounded(deliveryId)));
        endpoint(partner);
        UUID id = queue.requeue(original);
        return new DeliveryView(deliveries.findById(id).orElseThrow(), List.of());
    }

    private static Optional<UUID> parseId(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String bounded(String text) {
        return text == null ? "" : text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
