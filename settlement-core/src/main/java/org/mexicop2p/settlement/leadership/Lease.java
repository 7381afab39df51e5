package org.mexicop2p.settlement.leadership;

import java.time.Instant;

/**
 * One role's lease as the database holds it. {@code holderId} is null when released or never taken;
 * {@code databaseNow} is the database clock when it was read, so "expired" is judged on the clock that decides.
 */
public record Lease(String role, String holderId, long fencingToken, Instant expiresAt, Instant databaseNow) {

    /** Whether some holder's lease is still running. */
    public boolean held() {
        return holderId != null && expiresAt.isAfter(databaseNow);
    }
}
