package org.mexicop2p.settlement.webhook;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/**
 * Webhook configuration ({@code mp2p.webhooks.*}, {@code mp2p.sandbox-mode}). The retry schedule is configurable so
 * tests can run a whole schedule in seconds; production keeps {@link RetrySchedule#DEFAULT}.
 */
@Factory
public class WebhookSettings {

    /** How the delivery worker behaves. */
    public record Delivery(Duration pollInterval, Duration lease, Duration timeout, int senders, int batchLimit) {
        public Delivery {
            if (timeout.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("mp2p.webhooks.lease-ms must exceed timeout-ms, or a slow "
                        + "receiver's delivery could be taken over and sent twice");
            }
            if (senders < 1 || senders > 64) {
                throw new IllegalArgumentException("mp2p.webhooks.senders: 1 to 64");
            }
        }
    }

    @Singleton
    Delivery delivery(@Value("${mp2p.webhooks.poll-interval-ms:500}") long pollIntervalMs,
                      @Value("${mp2p.webhooks.lease-ms:60000}") long leaseMs,
                      @Value("${mp2p.webhooks.timeout-ms:10000}") long timeoutMs,
                      @Value("${mp2p.webhooks.senders:4}") int senders) {
        return new Delivery(Duration.ofMillis(pollIntervalMs), Duration.ofMillis(leaseMs),
                Duration.ofMillis(timeoutMs), senders, senders * 2);
    }

    /** {@code mp2p.webhooks.retry-delays-ms}: a list of delays; empty means {@link RetrySchedule#DEFAULT}. */
    @Singleton
    RetrySchedule retrySchedule(@Value("${mp2p.webhooks.retry-delays-ms:}") List<Long> delaysMs) {
        if (delaysMs == null || delaysMs.isEmpty()) {
            return RetrySchedule.DEFAULT;
        }
        if (delaysMs.size() > 50) {
            throw new IllegalArgumentException("mp2p.webhooks.retry-delays-ms: at most 50 delays");
        }
        return new RetrySchedule(delaysMs.stream().map(Duration::ofMillis).toList());
    }

    /** Outside sandbox mode only public https targets; the flag defaults to false so a forgotten key is safe. */
    @Singleton
    WebhookTargetPolicy targetPolicy(@Value("${mp2p.sandbox-mode:false}") boolean sandboxMode) {
        return new WebhookTargetPolicy(sandboxMode);
    }
}
