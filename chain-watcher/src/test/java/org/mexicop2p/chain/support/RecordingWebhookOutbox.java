package org.mexicop2p.chain.support;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.webhook.WebhookEvent;
import org.mexicop2p.settlement.webhook.WebhookOutbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what the lifecycle queued for partners, in call order, in place of the database outbox: these tests are
 * about the chain; delivery, signatures and retries are tested with the real outbox and a real receiver in {@code api}.
 */
@Singleton
@Replaces(WebhookOutbox.class)
public class RecordingWebhookOutbox implements WebhookOutbox {

    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(WebhookEvent event) {
        events.add(event);
    }

    /** The event types queued about one order (or user), oldest first. */
    public List<String> typesFor(String subjectId) {
        return events.stream().filter(e -> e.subjectId().equals(subjectId)).map(WebhookEvent::type).toList();
    }

    public List<WebhookEvent> events() {
        return List.copyOf(events);
    }
}
