package org.mexicop2p.settlement.leadership;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Leadership configuration ({@code mp2p.leadership.*}), checked at startup.
 *
 * @param leaseTtlMs       how long a lease lasts without renewal: a dead leader is replaced after at most this long
 * @param renewIntervalMs  how often the leader renews (and a follower tries to acquire); at most a third of the TTL,
 *                         so two renewals in a row may fail (a database hiccup) before leadership is lost
 * @param instanceId       this daemon's name in the lease; unique per process
 */
public record LeadershipSettings(long leaseTtlMs, long renewIntervalMs, String instanceId) {

    static final long MIN_TTL_MS = 1_000;
    static final long MAX_TTL_MS = 600_000;
    static final long MIN_RENEW_MS = 100;
    static final int MAX_INSTANCE_ID_CHARS = 128;

    public LeadershipSettings {
        if (leaseTtlMs < MIN_TTL_MS || leaseTtlMs > MAX_TTL_MS) {
            throw new IllegalArgumentException("mp2p.leadership.lease-ttl-ms must be " + MIN_TTL_MS + " to "
                    + MAX_TTL_MS + ", got " + leaseTtlMs);
        }
        if (renewIntervalMs < MIN_RENEW_MS || renewIntervalMs * 3 > leaseTtlMs) {
            throw new IllegalArgumentException("mp2p.leadership.renew-interval-ms must be " + MIN_RENEW_MS
                    + " to a third of lease-ttl-ms (" + leaseTtlMs / 3 + "), got " + renewIntervalMs);
        }
        if (instanceId == null || instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID_CHARS) {
            throw new IllegalArgumentException("mp2p.leadership.instance-id must be 1 to " + MAX_INSTANCE_ID_CHARS
                    + " characters");
        }
    }

    /** Reads the configuration; an unset instance id becomes host name + a random suffix (unique per start). */
    @Factory
    static class FromConfiguration {
        @Singleton
        LeadershipSettings leadershipSettings(@Value("${mp2p.leadership.lease-ttl-ms:15000}") long leaseTtlMs,
                                              @Value("${mp2p.leadership.renew-interval-ms:5000}") long renewIntervalMs,
                                              @Value("${mp2p.leadership.instance-id:}") String instanceId) {
            String id = instanceId == null || instanceId.isBlank() ? generatedId() : instanceId;
            return new LeadershipSettings(leaseTtlMs, renewIntervalMs, id);
        }

        private static String generatedId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
            if (host.length() > 80) {
                host = host.substring(0, 80);
            }
            return host + "-" + UUID.randomUUID();
        }
    }
}
