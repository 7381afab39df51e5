package org.mexicop2p.settlement.timer;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The Quartz job behind every order timer: hands the fire to the {@link TimerFiredHandler}. If the handler fails
 * (database trouble), the job is tried again later on a new trigger, so a deadline is never silently dropped.
 */
@DisallowConcurrentExecution
public class OrderTimerJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(OrderTimerJob.class);

    private final TimerFiredHandler handler;
    private final Duration retryAfterFailure;

    public OrderTimerJob(TimerFiredHandler handler, Duration retryAfterFailure) {
        this.handler = handler;
        this.retryAfterFailure = retryAfterFailure;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        UUID orderId = UUID.fromString(data.getString(OrderTimers.ORDER_ID));
        TimerKind kind = TimerKind.valueOf(data.getString(OrderTimers.KIND));
        Instant scheduledFor = Instant.ofEpochMilli(Long.parseLong(data.getString(OrderTimers.SCHEDULED_FOR_MS)));
        try {
            handler.timerFired(orderId, kind, scheduledFor);
        } catch (RuntimeException e) {
            LOG.warn("timer {} of order {} failed; trying again in {} s", kind, orderId,
                    retryAfterFailure.toSeconds(), e);
            retryLater(context, orderId, kind);
        }
    }

    private void retryLater(JobExecutionContext context, UUID orderId, TimerKind kind)
            throws JobExecutionException {
        try {
            context.getScheduler().scheduleJob(TriggerBuilder.newTrigger()
                    .forJob(context.getJobDetail().getKey())
                    .withIdentity(orderId + ":" + kind.name() + ":retry:" + UUID.randomUUID(), OrderTimers.GROUP)
                    .startAt(Date.from(Instant.now().plus(retryAfterFailure)))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot reschedule failed timer " + kind + " of order " + orderId, e);
        }
    }
}
