package org.mexicop2p.settlement.leadership;

/** What one lease operation did; one code per reason, so callers never parse messages. */
public enum LeaseResult {
    /** The lease was free or expired and is now this holder's, with a new (higher) fencing token. */
    ACQUIRED,
    /** This holder's unexpired lease was extended by the TTL; the fencing token is unchanged. */
    RENEWED,
    /** This holder gave the lease up; another daemon may acquire it at once. */
    RELEASED,
    /** Another holder's lease has not expired; nothing changed. */
    HELD_BY_ANOTHER,
    /** The lease expired or has a newer token than the caller's: the caller is no longer leader. Nothing changed. */
    LOST,
    /** No row for this role (the migration seeds every role); nothing changed. */
    UNKNOWN_ROLE
}
