package org.mexicop2p.settlement.timer;

import jakarta.inject.Singleton;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Schedules an order's deadlines on Quartz's JDBC job store, so they survive restarts and fire on exactly one daemon
 * of a cluster. Each (order, kind) has at most one timer; scheduling again moves it.
 */
@Singleton
public class OrderTimers {

    static final String GROUP = "order-timers";
    static final String ORDER_ID = "orderId";
    static final String KIND = "kind";
    static final String SCHEDULED_FOR_MS = "scheduledForEpochMs";

    private final Scheduler scheduler;

    public OrderTimers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules (or moves) the order's timer of this kind. A time in the past fires at once. */
    public void schedule(UUID orderId, TimerKind kind, Instant fireAt) {
        String name = name(orderId, kind);
        JobDetail job = JobBuilder.newJob(OrderTimerJob.class)
                .withIdentity(name, GROUP)
                .usingJobData(ORDER_ID, orderId.toString())
                .usingJobData(KIND, kind.name())
                .usingJobData(SCHEDULED_FOR_MS, Long.toString(fireAt.toEpochMilli()))
                .requestRecovery(true)
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(name, GROUP)
                .startAt(Date.from(fireAt))
                // A timer whose moment passed while every daemon was down fires as soon as one is back.
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + kind + " for order " + orderId, e);
        }
    }

    /** Removes the order's timer of this kind if it has not fired yet. */
    public void cancel(UUID orderId, TimerKind kind) {
        try {
            scheduler.deleteJob(new JobKey(name(orderId, kind), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot cancel " + kind + " for order " + orderId, e);
        }
    }

    /** When the order's timer of this kind will fire, if it is scheduled. */
    public Optional<Instant> nextFire(UUID orderId, TimerKind kind) {
        try {
            Trigger trigger = scheduler.getTrigger(new TriggerKey(name(orderId, kind), GROUP));
            return trigger == null || trigger.getNextFireTime() == null
                    ? Optional.empty()
                    : Optional.of(trigger.getNextFireTime().toInstant());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read " + kind + " for order " + orderId, e);
        }
    }

    private static String name(UUID orderId, TimerKind kind) {
        return orderId + ":" + kind.name();
    }
}
