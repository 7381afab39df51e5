package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.Test;
import org.mexicop2p.api.endtoend.TradeDriver.Webhook;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.webhook.WebhookReceiver;
import org.mexicop2p.testsupport.DatabaseTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "A webhook receiver that fails for a while and then recovers": the partner's receiver answers 500 (one trade) or
 * holds requests past the daemon's 2 s timeout (another) while the trade runs. Retries (short delays by
 * configuration) carry the same {@code X-Webhook-Id}; an order's events wait for each other, so once the receiver
 * recovers every event arrives once, in the order it happened; the deliveries API shows the failed attempts.
 */
@DatabaseTest
class WebhookRecoveryEndToEndTest extends EndToEndTest {

    private static final String[] RELEASED = {"order.created", "order.deposit_confirmed", "order.locked",
            "order.payment_verified", "order.completed"};

    @Override
    protected Map<String, ?> daemonOverrides() {
        // Retries after 200 ms, then 400 ms, 800 ms ... so the failure window spans several attempts.
        return Map.of("mp2p.webhooks.retry-delays-ms", "200,400,800,1600,1600,1600,1600,1600");
    }

    @Test
    void aReceiverAnswering500ForAWhileGetsEveryEventOnceInOrderAfterItRecovers() {
        Trade trade = driver.newOrder();
        harness.webhooks().failFor(WebhookReceiver.Failure.ANSWER_500, Duration.ofMinutes(5));
        runTradeToLocked(trade);
        // The receiver has refused order.created at least twice by now: retried, never skipped.
        TradeDriver.await("order.created refused and retried", Duration.ofSeconds(30), () ->
                driver.webhooks(trade).stream().filter(w -> w.answeredStatus() == 500).count() >= 2);
        harness.webhooks().recover();
        driver.uploadProof(trade, driver.downloadCep(driver.pay(trade)));
        driver.awaitStatus(trade, "COMPLETED");

        List<Webhook> acknowledged = driver.awaitWebhooks(trade, RELEASED);
        assertRetriedUnderTheSameIds(trade, acknowledged, 500);
        assertFailedAttemptsListed(trade, "order.created", attempt -> Integer.valueOf(500).equals(
                attempt.get("httpStatus")) && "FAILED".equals(attempt.get("outcome")));
    }

    @Test
    void aReceiverThatTimesOutForAWhileGetsEveryEventOnceInOrderAfterItRecovers() {
        Trade trade = driver.newOrder();
        harness.webhooks().failFor(WebhookReceiver.Failure.NO_ANSWER, Duration.ofMinutes(5));
        runTradeToLocked(trade);
        TradeDriver.await("order.created timed out twice", Duration.ofSeconds(60), () ->
                driver.webhooks(trade).stream().filter(w -> w.answeredStatus() == WebhookReceiver.NO_ANSWER)
                        .count() >= 2);
        harness.webhooks().recover();
        driver.uploadProof(trade, driver.downloadCep(driver.pay(trade)));
        driver.awaitStatus(trade, "COMPLETED");

        List<Webhook> acknowledged = driver.awaitWebhooks(trade, Duration.ofSeconds(60), RELEASED);
        assertRetriedUnderTheSameIds(trade, acknowledged, WebhookReceiver.NO_ANSWER);
        // The first attempt timed out; a later one may end as a dropped connection when the receiver recovers.
        assertFailedAttemptsListed(trade, "order.created", attempt -> "FAILED".equals(attempt.get("outcome"))
                && attempt.get("error") != null);
        assertTrue(attemptsOf(trade, "order.created").stream().anyMatch(a -> String.valueOf(a.get("error"))
                .startsWith("TIMEOUT")), "a TIMEOUT attempt is listed: " + attemptsOf(trade, "order.created"));
    }

    private void runTradeToLocked(Trade trade) {
        driver.deposit(trade);
        driver.awaitStatus(trade, "ACTIVE");
        driver.lock(trade, 3600);
        driver.awaitStatus(trade, "LOCKED");
    }

    /**
     * Every refused or unanswered delivery was later acknowledged under the same id; and no event of the order was
     * sent before the previous one was acknowledged (in order per order id, even across the failures).
     */
    private void assertRetriedUnderTheSameIds(Trade trade, List<Webhook> acknowledged, int failedAnswer) {
        List<Webhook> all = driver.webhooks(trade);
        List<Webhook> failed = all.stream().filter(w -> w.answeredStatus() == failedAnswer).toList();
        assertFalse(failed.isEmpty(), "the receiver failed some deliveries");
        Map<String, Webhook> acknowledgedById = new LinkedHashMap<>();
        acknowledged.forEach(w -> acknowledgedById.put(w.id(), w));
        for (Webhook w : failed) {
            Webhook later = acknowledgedById.get(w.id());
            assertTrue(later != null && later.type().equals(w.type()) && later.body().equals(w.body()),
                    "failed delivery " + w.id() + " (" + w.type() + ") arrived later with the same id and body");
        }
        List<String> order = new ArrayList<>();
        acknowledged.forEach(w -> order.add(w.id()));
        for (Webhook w : all) {
            int position = order.indexOf(w.id());
            for (int earlier = 0; earlier < position; earlier++) {
                Instant acked = acknowledgedById.get(order.get(earlier)).receivedAt();
                assertFalse(w.receivedAt().isBefore(acked), w.type() + " was sent before "
                        + acknowledgedById.get(order.get(earlier)).type() + " was acknowledged");
            }
        }
    }

    /** {@code GET /api/v1/webhooks/deliveries} shows the event's failed attempts and then the delivered one. */
    private void assertFailedAttemptsListed(Trade trade, String type,
                                            java.util.function.Predicate<Map<String, Object>> failedAttempt) {
        List<Map<String, Object>> attempts = attemptsOf(trade, type);
        assertTrue(attempts.size() >= 3, "two failed attempts and the delivered one: " + attempts);
        assertTrue(attempts.stream().filter(failedAttempt).count() >= 2, "failed attempts listed: " + attempts);
        assertEquals(1, attempts.stream().filter(a -> "DELIVERED".equals(a.get("outcome"))).count(),
                "delivered once: " + attempts);
    }

    /** The attempts of the order's delivery of {@code type}, as the deliveries API lists them (it is DELIVERED). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> attemptsOf(Trade trade, String type) {
        Reply page = harness.api().get("/api/v1/webhooks/deliveries?limit=100", trade.partner().keyHeader());
        assertEquals(200, page.status(), page.raw());
        Map<String, Object> delivery = ((List<Map<String, Object>>) page.get("data")).stream()
                .filter(d -> type.equals(d.get("type")) && trade.id().equals(d.get("subjectId")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " delivery listed: " + page.raw()));
        assertEquals("DELIVERED", delivery.get("status"), page.raw());
        return (List<Map<String, Object>>) delivery.get("attempts");
    }
}
