package org.mexicop2p.chain.support;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.webhook.WebhookEvent;
import org.mexicop2p.settlement.webhook.WebhookOutbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-in for the webhook part's outbox (built on another branch): records what the lifecycle queued, in call
 * order. {@code @Secondary}, so the real outbox wins as soon as it is on the classpath.
 */
@Singleton
@Secondary
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
