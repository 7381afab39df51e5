package org.mexicop2p.settlement.webhook;

import jakarta.inject.Singleton;

/**
 * The {@link WebhookOutbox} on the application database: each event becomes a {@code webhook_delivery} row in the
 * caller's transaction (see {@link WebhookQueue}), sent after commit by {@link WebhookDeliveryWorker}.
 */
@Singleton
public class DatabaseWebhookOutbox implements WebhookOutbox {

    private final WebhookQueue queue;

    public DatabaseWebhookOutbox(WebhookQueue queue) {
        this.queue = queue;
    }

    @Override
    public void enqueue(WebhookEvent event) {
        queue.queue(event);
    }
}
