package org.mexicop2p.settlement;

import java.sql.SQLException;

/**
 * Tells a unique-constraint violation apart from every other database failure (a value out of range, a lost
 * connection), which must not be answered as a duplicate. PostgreSQL and H2 both report it as SQLState 23505.
 */
public final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Frameworks wrap the driver's exception a few times; the bound only guards against a cause cycle. */
    private static final int MAX_CAUSES = 16;

    private UniqueViolations() {
    }

    /** Whether {@code failure} or one of its causes is the driver reporting a unique-constraint violation. */
    public static boolean causedBy(Throwable failure) {
        Throwable cause = failure;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
