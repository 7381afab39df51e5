package org.mexicop2p.settlement.webhook;

/**
 * Queues webhook events. Called inside the transaction that changes what the event reports, so an event is queued if
 * and only if that change commits; delivery happens later, after commit, with retries.
 */
public interface WebhookOutbox {

    void enqueue(WebhookEvent event);
}
