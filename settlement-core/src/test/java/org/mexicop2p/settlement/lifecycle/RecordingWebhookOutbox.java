package org.mexicop2p.settlement.lifecycle;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.webhook.WebhookEvent;
import org.mexicop2p.settlement.webhook.WebhookOutbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-in for the webhook part's outbox (built on another branch): records what was queued, in call order, so
 * the lifecycle tests can check which events each fact queued (and that a refused fact queued none).
 */
@Singleton
@Requires(property = "test.lifecycle", value = "true")
@Replaces(WebhookOutbox.class)
public class RecordingWebhookOutbox implements WebhookOutbox {

    final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(WebhookEvent event) {
        events.add(event);
    }

    List<String> typesFor(String orderId) {
        return events.stream().filter(e -> e.subjectId().equals(orderId)).map(WebhookEvent::type).toList();
    }
}
