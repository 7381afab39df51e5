package org.mexicop2p.settlement.timer;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.PropertySettingJobFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * Builds the Quartz scheduler behind order timers: JDBC job store in the application database (tables from the
 * Flyway migration), clustered so several daemons can share it and exactly one fires each timer. Started with the
 * application context, shut down with it.
 */
@Factory
public class TimerSchedulerFactory {

    @Context
    @Bean(preDestroy = "shutdown")
    public Scheduler timerScheduler(DataSource dataSource, BeanContext beans,
                                    @Value("${mp2p.timers.scheduler-name:mp2p-settlement}") String schedulerName,
                                    @Value("${mp2p.timers.thread-count:4}") int threadCount,
                                    @Value("${mp2p.timers.cluster-checkin-interval-ms:5000}") long checkinIntervalMs,
                                    @Value("${mp2p.timers.retry-after-failure-ms:30000}") long retryAfterFailureMs)
            throws SchedulerException {
        // Quartz commits its own transactions, so it gets the pool itself, not Micronaut's transaction-bound proxy.
        DataSource pool = DelegatingDataSource.unwrapDataSource(dataSource);
        // The connection manager is a JVM-wide registry: a unique name keeps two contexts in one JVM (tests) apart.
        String connectionName = "mp2p-timers-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(connectionName, new PooledConnections(pool));

        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, schedulerName);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", connectionName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        // Job data as strings, never Java-serialised objects.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinIntervalMs));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");

        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        Scheduler scheduler = factory.getScheduler();
        scheduler.setJobFactory(new BeanJobFactory(beans, Duration.ofMillis(retryAfterFailureMs)));
        scheduler.start();
        return scheduler;
    }

    /** Gives Quartz jobs constructor injection by creating them from the application context. */
    private static final class BeanJobFactory implements JobFactory {
        private final BeanContext beans;
        private final Duration retryAfterFailure;
        private final PropertySettingJobFactory fallback = new PropertySettingJobFactory();

        BeanJobFactory(BeanContext beans, Duration retryAfterFailure) {
            this.beans = beans;
            this.retryAfterFailure = retryAfterFailure;
        }

        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
            Class<? extends Job> type = bundle.getJobDetail().getJobClass();
            if (type == OrderTimerJob.class) {
                return new OrderTimerJob(beans.getBean(TimerFiredHandler.class), retryAfterFailure);
            }
            return fallback.newJob(bundle, scheduler);
        }
    }

    private record PooledConnections(DataSource pool) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to the application context, which closes it.
        }

        @Override
        public void initialize() {
            // Nothing to set up: the pool already exists.
        }
    }
}
