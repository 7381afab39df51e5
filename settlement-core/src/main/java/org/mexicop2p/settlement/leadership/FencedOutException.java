package org.mexicop2p.settlement.leadership;

/**
 * A leader-only commit was refused because this daemon does not hold the lease with the token it started the work
 * under. Thrown inside the committing transaction, which therefore rolls back: stale work never lands.
 */
public final class FencedOutException extends RuntimeException {

    /** Why the commit was refused. */
    public enum Reason {
        /** This daemon holds no lease (never acquired, released, or its local view of the lease ran out). */
        NOT_LEADER,
        /** The database's lease has another holder, a newer token or has expired: another daemon may lead now. */
        TOKEN_SUPERSEDED
    }

    private final Reason reason;
    private final String role;
    private final long fencingToken;

    FencedOutException(Reason reason, String role, long fencingToken) {
        super("commit refused for role " + role + ": " + reason + " (token " + fencingToken + ")");
        this.reason = reason;
        this.role = role;
        this.fencingToken = fencingToken;
    }

    public Reason reason() {
        return reason;
    }

    public String role() {
        return role;
    }

    /** The token the refused work was started under (0 when this daemon held none). */
    public long fencingToken() {
        return fencingToken;
    }
}
