package org.mexicop2p.settlement.webhook;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends queued webhooks after their transaction committed: polls the outbox, claims due rows with a lease (so
 * several daemons on one database never send the same attempt twice), signs and posts each, and records the attempt.
 * A 2xx answer delivers; anything else is retried per {@link RetrySchedule} and finally marked FAILED. Because the
 * queue is the database, pending deliveries survive restarts; a daemon that stops mid-send leaves its lease to expire
 * and the delivery is tried again (at least once, same {@code X-Webhook-Id}).
 *
 * <p>Disabled with {@code mp2p.webhooks.delivery-enabled=false}; runs only where a {@link WebhookTransport} exists.
 */
@Singleton
@Requires(beans = WebhookTransport.class)
@Requires(property = "mp2p.webhooks.delivery-enabled", notEquals = "false")
public class WebhookDeliveryWorker implements ApplicationEventListener<StartupEvent> {

    public static final String HEADER_ID = "X-Webhook-Id";
    public static final String HEADER_TIMESTAMP = "X-Webhook-Timestamp";
    public static final String HEADER_SIGNATURE = "X-Webhook-Signature";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryWorker.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookEndpointRepository endpoints;
    private final PartnerRepository partners;
    private final WebhookTransport transport;
    private final WebhookTargetPolicy policy;
    private final RetrySchedule schedule;
    private final WebhookSettings.Delivery settings;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    /** Unique per process, so a lease names its holder across daemons. */
    private final String workerId = "worker-" + UUID.randomUUID();
    private final Semaphore freeSenders;
    private final ScheduledExecutorService poller;
    private final ExecutorService senders;

    public WebhookDeliveryWorker(WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts,
                                 WebhookEndpointRepository endpoints, PartnerRepository partners,
                                 WebhookTransport transport, WebhookTargetPolicy policy, RetrySchedule schedule,
                                 WebhookSettings.Delivery settings, TransactionOperations<Connection> tx,
                                 Clock clock) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.partners = partners;
        this.transport = transport;
        this.policy = policy;
        this.schedule = schedule;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.freeSenders = new Semaphore(settings.senders());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "webhook-poller"));
        this.senders = Executors.newFixedThreadPool(settings.senders(), r -> daemonThread(r, "webhook-sender"));
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        long intervalMs = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        LOG.info("webhook delivery started ({} senders, poll every {} ms, {} attempts at most)",
                settings.senders(), intervalMs, schedule.maxAttempts());
    }

    @PreDestroy
    void stop() throws InterruptedException {
        poller.shutdownNow();
        senders.shutdown();
        // A send still running after this keeps its lease until it expires; another daemon then retries it.
        senders.awaitTermination(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("webhook poll failed; trying again at the next tick: {}", e.toString());
        }
    }

    /** Claims due deliveries for the free senders and hands each to one. */
    void poll() {
        int free = freeSenders.availablePermits();
        if (free == 0) {
            return;
        }
        Instant now = clock.instant();
        List<WebhookDelivery> due = deliveries.findDue(now, Math.min(free, settings.batchLimit()));
        for (WebhookDelivery candidate : due) {
            if (!freeSenders.tryAcquire()) {
                return;
            }
            boolean claimed = deliveries.claim(candidate.id(), candidate.attempts(), workerId,
                    now.plus(settings.lease()), now) == 1;
            if (!claimed) {
                freeSenders.release();
                continue;
            }
            try {
                senders.execute(() -> {
                    try {
                        attempt(candidate, candidate.attempts() + 1);
                    } catch (RuntimeException e) {
                        LOG.warn("webhook delivery {} attempt failed to record; its lease will expire and it "
                                + "will be tried again: {}", candidate.id(), e.toString());
                    } finally {
                        freeSenders.release();
                    }
                });
            } catch (RuntimeException rejectedOnShutdown) {
                freeSenders.release();
            }
        }
    }

    private void attempt(WebhookDelivery delivery, int attemptNo) {
        Instant started = clock.instant();
        WebhookAttempt initiated = attempts.save(new WebhookAttempt(UUID.randomUUID(), delivery.id(), attemptNo,
                started, WebhookAttempt.Outcome.INITIATED, null, null, null));
        long startNanos = System.nanoTime();
        WebhookTransport.Answer answer = send(delivery, started);
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        Instant finished = clock.instant();
        tx.executeWrite(status -> {
            attempts.update(new WebhookAttempt(initiated.id(), delivery.id(), attemptNo, started,
                    answer.delivered() ? WebhookAttempt.Outcome.DELIVERED : WebhookAttempt.Outcome.FAILED,
                    answer.httpStatus() == 0 ? null : answer.httpStatus(), truncate(answer.error()), durationMs));
            int updated;
            if (answer.delivered()) {
                updated = deliveries.finish(delivery.id(), workerId, DeliveryStatus.DELIVERED.name(), finished,
                        finished);
            } else {
                Optional<Duration> delay = schedule.delayAfterFailedAttempts(attemptNo);
                updated = delay.isPresent()
                        ? deliveries.finish(delivery.id(), workerId, DeliveryStatus.PENDING.name(),
                        finished.plus(delay.get()), null)
                        : deliveries.finish(delivery.id(), workerId, DeliveryStatus.FAILED.name(), finished,
                        finished);
            }
            if (updated == 0) {
                LOG.warn("webhook delivery {}: lease lost during attempt {}; the new holder decides", delivery.id(),
                        attemptNo);
            }
            return null;
        });
        if (!answer.delivered()) {
            LOG.info("webhook delivery {} ({}) attempt {} failed: {}", delivery.id(), delivery.eventType(),
                    attemptNo, answer.httpStatus() == 0 ? answer.error() : "HTTP " + answer.httpStatus());
        }
    }

    private WebhookTransport.Answer send(WebhookDelivery delivery, Instant now) {
        Optional<WebhookEndpoint> endpoint = endpoints.findById(delivery.partnerId());
        Optional<Partner> partner = partners.findById(delivery.partnerId());
        if (endpoint.isEmpty() || partner.isEmpty()) {
            return WebhookTransport.Answer.noAnswer("NO_ENDPOINT: the partner has no webhook URL");
        }
        // Checked again at every send: DNS answers change after registration.
        WebhookTargetPolicy.Verdict verdict = policy.check(endpoint.get().url());
        if (!verdict.allowed()) {
            return WebhookTransport.Answer.noAnswer("TARGET_REFUSED " + verdict.rejection() + ": "
                    + verdict.message());
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        byte[] secret = partner.get().webhookSecret().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(HEADER_ID, delivery.eventId().toString());
        headers.put(HEADER_TIMESTAMP, Long.toString(timestamp));
        headers.put(HEADER_SIGNATURE, WebhookSignature.sign(secret, timestamp, body));
        return transport.post(URI.create(endpoint.get().url()), headers, body, settings.timeout());
    }

    private static String truncate(String error) {
        return error == null || error.length() <= WebhookAttempt.MAX_ERROR_LENGTH ? error
                : error.substring(0, WebhookAttempt.MAX_ERROR_LENGTH);
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
