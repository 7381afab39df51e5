package org.mexicop2p.settlement.lifecycle;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.timer.TimerFiredHandler;
import org.mexicop2p.settlement.timer.TimerKind;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a fired order timer into its lifecycle input. A stale timer (the order moved on) is refused by the table and
 * recorded, which is exactly what should happen to it.
 */
@Singleton
public class LifecycleTimerHandler implements TimerFiredHandler {

    private final OrderFacts facts;

    public LifecycleTimerHandler(OrderFacts facts) {
        this.facts = facts;
    }

    @Override
    public void timerFired(UUID orderId, TimerKind kind, Instant scheduledFor) {
        OrderInput input = switch (kind) {
            case DEPOSIT_TIMEOUT -> OrderInput.DEPOSIT_TIMER_FIRED;
            case LISTING_TIMEOUT -> OrderInput.LISTING_TIMER_FIRED;
            case LOCK_EXPIRY -> OrderInput.LOCK_TIMER_FIRED;
        };
        facts.apply(new OrderFact(orderId, input, "timer:" + kind.name(),
                Map.of("scheduledFor", scheduledFor.toString())));
    }
}
