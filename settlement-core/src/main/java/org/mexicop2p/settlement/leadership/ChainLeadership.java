package org.mexicop2p.settlement.leadership;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * This daemon's view of the {@value #ROLE} lease: several daemons may serve the API on one database, but only the
 * holder of this lease polls the chain, runs the money effects and sends transactions.
 *
 * <p>{@link #tick()} acquires the lease or renews it; {@link LeadershipRenewer} calls it every
 * {@code renew-interval-ms}. Locally the daemon believes it leads only until (start of its last successful renewal +
 * TTL), which is never later than the database's expiry, so it stops starting work before another daemon can take
 * over. That belief only gates <em>starting</em> work: every leader-only commit also calls {@link #checkFence()} in
 * its own transaction, which the database answers, so work begun under a lease that was lost meanwhile (a paused
 * or partitioned leader) is refused and rolled back.
 */
@Singleton
public class ChainLeadership {

    /** The role's row in {@code leadership_lease}. */
    public static final String ROLE = "chain-leader";

    private static final Logger LOG = LoggerFactory.getLogger(ChainLeadership.class);

    /** This daemon's tenure: the token it holds and until when (System.nanoTime) it may start work under it. */
    private record Tenure(long token, long startWorkUntilNanos) {
    }

    /** The lease as the database holds it, and whether this daemon is the holder. */
    public record State(String role, String holderId, long fencingToken, java.time.Instant expiresAt,
                        String instanceId, boolean isMe) {
    }

    private final LeaseStore store;
    private final LeadershipSettings settings;
    private volatile Tenure tenure;

    public ChainLeadership(LeaseStore store, LeadershipSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** This daemon's id in the lease. */
    public String instanceId() {
        return settings.instanceId();
    }

    /** Whether this daemon may start leader-only work now. */
    public boolean isLeader() {
        Tenure t = tenure;
        return t != null && System.nanoTime() - t.startWorkUntilNanos() < 0;
    }

    /** The fencing token this daemon leads under, if it leads. */
    public Optional<Long> fencingToken() {
        Tenure t = tenure;
        return isLeader() ? Optional.of(t.token()) : Optional.empty();
    }

    /**
     * Renews the lease if this daemon holds it, otherwise tries to acquire it. Returns what happened; a database
     * failure propagates and leaves the local tenure to run out by itself.
     */
    public synchronized LeaseResult tick() {
        long startedNanos = System.nanoTime();
        Tenure held = tenure;
        if (held != null) {
            LeaseResult renewed = store.renew(ROLE, settings.instanceId(), held.token(), settings.leaseTtlMs());
            if (renewed == LeaseResult.RENEWED) {
                tenure = new Tenure(held.token(), startedNanos + settings.leaseTtlMs() * 1_000_000L);
                return renewed;
            }
            tenure = null;
            LOG.warn("lost the {} lease (token {}); stopping leader-only work", ROLE, held.token());
        }
        LeaseResult acquired = store.acquire(ROLE, settings.instanceId(), settings.leaseTtlMs());
        if (acquired == LeaseResult.ACQUIRED) {
            Lease lease = store.read(ROLE).orElseThrow();
            if (settings.instanceId().equals(lease.holderId())) {
                tenure = new Tenure(lease.fencingToken(), startedNanos + settings.leaseTtlMs() * 1_000_000L);
                LOG.info("acquired the {} lease as {} with fencing token {}", ROLE, settings.instanceId(),
                        lease.fencingToken());
            }
        }
        return acquired;
    }

    /** Gives the lease up (a clean stop), so another daemon takes over without waiting for the TTL. */
    @PreDestroy
    public synchronized LeaseResult release() {
        Tenure held = tenure;
        tenure = null;
        if (held == null) {
            return LeaseResult.LOST;
        }
        LeaseResult released = store.release(ROLE, settings.instanceId(), held.token());
        LOG.info("released the {} lease (token {}): {}", ROLE, held.token(), released);
        return released;
    }

    /**
     * The fencing check: call it inside the transaction that commits leader-only work, before that work's writes.
     * It locks the lease row until the commit (see {@link LeaseStore#holds}).
     *
     * @throws FencedOutException when this daemon does not hold the lease with its token; the caller's transaction
     *                            then rolls back
     */
    public void checkFence() {
        Tenure t = tenure;
        if (t == null || !isLeader()) {
            throw new FencedOutException(FencedOutException.Reason.NOT_LEADER, ROLE, t == null ? 0 : t.token());
        }
        if (!store.holds(ROLE, settings.instanceId(), t.token())) {
            dropTenure(t);
            throw new FencedOutException(FencedOutException.Reason.TOKEN_SUPERSEDED, ROLE, t.token());
        }
    }

    /** The database says this tenure is over: start no more work under it (the next tick may acquire anew). */
    private synchronized void dropTenure(Tenure over) {
        if (tenure == over) {
            tenure = null;
            LOG.warn("the {} lease is no longer ours with token {}; stopping leader-only work", ROLE, over.token());
        }
    }

    /** The lease as the database holds it now (holder, token, expiry) and whether this daemon holds it. */
    public State state() {
        Lease lease = store.read(ROLE).orElseThrow(() -> new IllegalStateException("no " + ROLE + " lease row"));
        boolean me = lease.held() && settings.instanceId().equals(lease.holderId()) && isLeader();
        return new State(ROLE, lease.held() ? lease.holderId() : null, lease.fencingToken(), lease.expiresAt(),
                settings.instanceId(), me);
    }
}
