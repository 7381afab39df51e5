package org.mexicop2p.settlement.leadership;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code leadership_lease} table: acquire, renew, release and the fencing check, each one compare-and-set
 * statement that runs the same on H2 (PostgreSQL mode) and PostgreSQL.
 *
 * <p>Time is the <em>database</em> clock ({@code CURRENT_TIMESTAMP}, read in the same transaction), never the
 * daemon's: several daemons on several machines compare expiries, and their clocks may disagree; the one database
 * clock makes "expired" mean the same for all of them. Tests therefore use short TTLs and real waiting, not an
 * injected clock. The expiry is computed in Java from the database's "now" (instead of interval arithmetic in SQL,
 * which H2 and PostgreSQL spell differently).
 */
@Singleton
public class LeaseStore {

    private final JdbcOperations jdbc;

    public LeaseStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The lease as stored now, or empty for an unknown role. */
    @Transactional(readOnly = true)
    public Optional<Lease> read(String role) {
        Connection c = jdbc.getConnection();
        Instant now = databaseNow(c);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT holder_id, fencing_token, expires_at FROM leadership_lease WHERE role = ?")) {
            s.setString(1, role);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(role, r.getString(1), r.getLong(2),
                        r.getObject(3, OffsetDateTime.class).toInstant(), now));
            }
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot read lease " + role, e);
        }
    }

    /**
     * Takes the lease for {@code holderId} if it is free or expired, with the next fencing token. Concurrent
     * acquirers serialise on the row: the second one re-reads it after the first committed and finds it held.
     */
    @Transactional
    public LeaseResult acquire(String role, String holderId, long ttlMs) {
        Connection c = jdbc.getConnection();
        Instant now = databaseNow(c);
        try (PreparedStatement s = c.prepareStatement("UPDATE leadership_lease SET holder_id = ?, "
                + "fencing_token = fencing_token + 1, expires_at = ?, acquired_at = ?, renewed_at = ? "
                + "WHERE role = ? AND (holder_id IS NULL OR expires_at <= ?)")) {
            s.setString(1, holderId);
            s.setObject(2, utc(now.plusMillis(ttlMs)));
            s.setObject(3, utc(now));
            s.setObject(4, utc(now));
            s.setString(5, role);
            s.setObject(6, utc(now));
            if (s.executeUpdate() == 1) {
                return LeaseResult.ACQUIRED;
            }
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot acquire lease " + role, e);
        }
        return exists(c, role) ? LeaseResult.HELD_BY_ANOTHER : LeaseResult.UNKNOWN_ROLE;
    }

    /** Extends the lease by {@code ttlMs} if {@code holderId} still holds it with {@code token} and it has not expired. */
    @Transactional
    public LeaseResult renew(String role, String holderId, long token, long ttlMs) {
        Connection c = jdbc.getConnection();
        Instant now = databaseNow(c);
        try (PreparedStatement s = c.prepareStatement("UPDATE leadership_lease SET expires_at = ?, renewed_at = ? "
                + "WHERE role = ? AND holder_id = ? AND fencing_token = ? AND expires_at > ?")) {
            s.setObject(1, utc(now.plusMillis(ttlMs)));
            s.setObject(2, utc(now));
            s.setString(3, role);
            s.setString(4, holderId);
            s.setLong(5, token);
            s.setObject(6, utc(now));
            return s.executeUpdate() == 1 ? LeaseResult.RENEWED : LeaseResult.LOST;
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot renew lease " + role, e);
        }
    }

    /** Gives the lease up (expiry = now) if {@code holderId} still holds it with {@code token}. */
    @Transactional
    public LeaseResult release(String role, String holderId, long token) {
        Connection c = jdbc.getConnection();
        Instant now = databaseNow(c);
        try (PreparedStatement s = c.prepareStatement("UPDATE leadership_lease SET holder_id = NULL, expires_at = ? "
                + "WHERE role = ? AND holder_id = ? AND fencing_token = ?")) {
            s.setObject(1, utc(now));
            s.setString(2, role);
            s.setString(3, holderId);
            s.setLong(4, token);
            return s.executeUpdate() == 1 ? LeaseResult.RELEASED : LeaseResult.LOST;
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot release lease " + role, e);
        }
    }

    /**
     * The fencing check, inside the caller's transaction (mandatory): true when {@code holderId} holds the unexpired
     * lease with {@code token}. It locks the lease row ({@code FOR UPDATE}) until the caller commits, so a takeover
     * (an UPDATE of that row) waits for this commit and the new leader then reads what this one committed; a commit
     * after a takeover finds another holder or token and is refused.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public boolean holds(String role, String holderId, long token) {
        try (PreparedStatement s = jdbc.getConnection().prepareStatement("SELECT fencing_token FROM leadership_lease "
                + "WHERE role = ? AND holder_id = ? AND fencing_token = ? AND expires_at > CURRENT_TIMESTAMP "
                + "FOR UPDATE")) {
            s.setString(1, role);
            s.setString(2, holderId);
            s.setLong(3, token);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot check lease " + role, e);
        }
    }

    private static boolean exists(Connection c, String role) {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM leadership_lease WHERE role = ?")) {
            s.setString(1, role);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot read lease " + role, e);
        }
    }

    private static Instant databaseNow(Connection c) {
        try (PreparedStatement s = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot read the database clock", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A database failure; the transaction rolled back and the lease is unchanged. */
    public static final class LeaseStoreException extends RuntimeException {
        LeaseStoreException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
