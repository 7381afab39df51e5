package org.mexicop2p.settlement.timer;

import java.time.Instant;
import java.util.UUID;

/**
 * What the order lifecycle does when one of an order's timers fires. A timer may fire after the order has already
 * moved on (it is scheduled outside the order's transaction, and never cancelled in a way that could lose it): the
 * handler must treat such a fire as a fact that no longer applies, not as an error.
 *
 * <p>Throwing makes Quartz run the job again later, so a handler throws only for transient failures.
 */
public interface TimerFiredHandler {

    void timerFired(UUID orderId, TimerKind kind, Instant scheduledFor);
}
