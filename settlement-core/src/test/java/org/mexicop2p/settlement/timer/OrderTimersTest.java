package org.mexicop2p.settlement.timer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.lifecycle.LifecycleTimerHandler;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers on Quartz's JDBC store: they fire once, can be moved and cancelled, survive a restart, and retry failures. */
@DatabaseTest
class OrderTimersTest {

    record Fire(UUID orderId, TimerKind kind, Instant scheduledFor) {
    }

    /** Records fires; fails the first N on request, like a database hiccup. */
    @Singleton
    @Requires(property = "test.recording-timer-handler", value = "true")
    @Replaces(LifecycleTimerHandler.class)
    static class RecordingHandler implements TimerFiredHandler {
        final List<Fire> fires = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger();

        @Override
        public void timerFired(UUID orderId, TimerKind kind, Instant scheduledFor) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("simulated database trouble");
            }
            fires.add(new Fire(orderId, kind, scheduledFor));
        }
    }

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    private static Map<String, Object> properties(TestDatabase db) {
        Map<String, Object> p = new HashMap<>(db.micronautProperties());
        p.put("flyway.datasources.default.enabled", "true");
        p.put("test.recording-timer-handler", "true");
        p.put("mp2p.timers.cluster-checkin-interval-ms", "1000");
        p.put("mp2p.timers.retry-after-failure-ms", Long.toString(RETRY_AFTER_FAILURE.toMillis()));
        return p;
    }

    private static void awaitFires(RecordingHandler handler, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (handler.fires.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    @Test
    void aTimerFiresOnceWithItsOrderKindAndMoment() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(properties(TestDatabase.create()))) {
            OrderTimers timers = ctx.getBean(OrderTimers.class);
            RecordingHandler handler = ctx.getBean(RecordingHandler.class);
            UUID order = UUID.randomUUID();
            Instant at = Instant.now().plusMillis(300);

            timers.schedule(order, TimerKind.DEPOSIT_TIMEOUT, at);
            assertEquals(at.toEpochMilli(), timers.nextFire(order, TimerKind.DEPOSIT_TIMEOUT).orElseThrow().toEpochMilli());
            awaitFires(handler, 1, Duration.ofSeconds(20));
            Thread.sleep(500);

            assertEquals(List.of(new Fire(order, TimerKind.DEPOSIT_TIMEOUT, Instant.ofEpochMilli(at.toEpochMilli()))),
                    handler.fires);
            assertTrue(timers.nextFire(order, TimerKind.DEPOSIT_TIMEOUT).isEmpty());
        }
    }

    @Test
    void schedulingAgainMovesTheTimerAndCancelRemovesIt() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(properties(TestDatabase.create()))) {
            OrderTimers timers = ctx.getBean(OrderTimers.class);
            RecordingHandler handler = ctx.getBean(RecordingHandler.class);
            UUID moved = UUID.randomUUID();
            UUID cancelled = UUID.randomUUID();

            // the cancelled timer is due well after the moved one, so a loaded machine cannot fire it before the
            // cancel; the test then waits past its moment to prove it never fires
            Instant cancelledAt = Instant.now().plusMillis(3000);
            timers.schedule(cancelled, TimerKind.LISTING_TIMEOUT, cancelledAt);
            timers.cancel(cancelled, TimerKind.LISTING_TIMEOUT);
            timers.schedule(moved, TimerKind.LOCK_EXPIRY, Instant.now().plusSeconds(3600));
            Instant soon = Instant.now().plusMillis(200);
            timers.schedule(moved, TimerKind.LOCK_EXPIRY, soon);

            awaitFires(handler, 1, Duration.ofSeconds(20));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), cancelledAt).toMillis()) + 1500);
            assertEquals(List.of(new Fire(moved, TimerKind.LOCK_EXPIRY, Instant.ofEpochMilli(soon.toEpochMilli()))),
                    handler.fires);
        }
    }

    @Test
    void aTimerScheduledBeforeARestartFiresAfterIt() throws Exception {
        TestDatabase db = TestDatabase.create();
        UUID order = UUID.randomUUID();
        Instant at = Instant.now().plusSeconds(2);
        try (ApplicationContext first = ApplicationContext.run(properties(db))) {
            first.getBean(OrderTimers.class).schedule(order, TimerKind.LISTING_TIMEOUT, at);
            assertTrue(first.getBean(RecordingHandler.class).fires.isEmpty());
        }
        try (ApplicationContext second = ApplicationContext.run(properties(db))) {
            RecordingHandler handler = second.getBean(RecordingHandler.class);
            awaitFires(handler, 1, Duration.ofSeconds(30));
            assertEquals(List.of(new Fire(order, TimerKind.LISTING_TIMEOUT, Instant.ofEpochMilli(at.toEpochMilli()))),
                    handler.fires);
        }
    }

    @Test
    void aHandlerFailureIsRetriedNotLost() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(properties(TestDatabase.create()))) {
            OrderTimers timers = ctx.getBean(OrderTimers.class);
            RecordingHandler handler = ctx.getBean(RecordingHandler.class);
            handler.failuresLeft.set(1);
            UUID order = UUID.randomUUID();
            Instant at = Instant.now().minusSeconds(1);

            timers.schedule(order, TimerKind.LOCK_EXPIRY, at);
            Thread.sleep(RETRY_AFTER_FAILURE.toMillis() / 2);
            assertTrue(handler.fires.isEmpty(), "the first attempt failed and must not count as a fire");
            awaitFires(handler, 1, RETRY_AFTER_FAILURE.plusSeconds(30));
            assertEquals(List.of(new Fire(order, TimerKind.LOCK_EXPIRY, Instant.ofEpochMilli(at.toEpochMilli()))),
                    handler.fires);
        }
    }
}
