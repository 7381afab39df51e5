package org.mexicop2p.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.mexicop2p.settlement.webhook.DeliveryStatus;
import org.mexicop2p.settlement.webhook.WebhookAttempt;
import org.mexicop2p.settlement.webhook.WebhookEndpoint;
import org.mexicop2p.settlement.webhook.WebhookService;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the webhook endpoints (times as ISO-8601 UTC strings). */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** The registered URL. */
    @Serdeable
    public record Endpoint(String url, String createdAt, String updatedAt) {
        static Endpoint of(WebhookEndpoint e) {
            return new Endpoint(e.url(), e.createdAt().toString(), e.updatedAt().toString());
        }
    }

    /**
     * One try: when, the receiver's status or why there was none, how long it took. {@code outcome} INITIATED means
     * the daemon stopped mid-send; the delivery was tried again.
     */
    @Serdeable
    public record Attempt(int attemptNo, String attemptedAt, String outcome, @Nullable Integer httpStatus,
                          @Nullable String error, @Nullable Long durationMs) {
        static Attempt of(WebhookAttempt a) {
            return new Attempt(a.attemptNo(), a.startedAt().toString(), a.outcome().name(), a.httpStatus(),
                    a.error(), a.durationMs());
        }
    }

    /** A delivery: {@code eventId} is the {@code X-Webhook-Id}; {@code replayOf} names the delivery it replays. */
    @Serdeable
    public record Delivery(String deliveryId, String eventId, String type, String subjectId, String status,
                           String createdAt, @Nullable String nextAttemptAt, @Nullable String completedAt,
                           @Nullable String replayOf,
                           @JsonInclude(JsonInclude.Include.ALWAYS) List<Attempt> attempts) {
        static Delivery of(WebhookService.DeliveryView view) {
            var d = view.delivery();
            return new Delivery(d.id().toString(), d.eventId().toString(), d.eventType(), d.subjectId(),
                    d.status().name(), d.createdAt().toString(),
                    d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt().toString() : null,
                    text(d.completedAt()), d.replayOf() == null ? null : d.replayOf().toString(),
                    view.attempts().stream().map(Attempt::of).toList());
        }
    }

    /** A page of deliveries, newest first. */
    @Serdeable
    public record DeliveryPage(@JsonInclude(JsonInclude.Include.ALWAYS) List<Delivery> data, int page, int limit,
                               long total, boolean hasMore) {
    }

    private static String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
