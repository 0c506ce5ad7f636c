package org.lct.district.repository;

import java.sql.SQLException;
import java.util.Set;

/** A database failure; answered as a 500 problem without its message (which may hold SQL). */
public class DataAccessException extends RuntimeException {

    /**
     * SQLSTATEs that say "not now" rather than "wrong": for a service that only reads, 40001 and 40P01 are a standby
     * cancelling a read that conflicted with replay (PostgreSQL reports it as a serialization failure or deadlock);
     * 57P01-57P03 a server shutting down or starting (a switchover, a restarting standby); 53300 a full server.
     */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

    public DataAccessException(SQLException cause) {
        super("database query failed: SQLSTATE " + cause.getSQLState(), cause);
    }

    /** The failure, as {@link DatabaseUnavailableException} when a retry may well succeed. */
    public static DataAccessException of(SQLException cause) {
        String state = cause.getSQLState();
        boolean transientFailure = state != null && (state.startsWith("08") || TRANSIENT.contains(state));
        return transientFailure ? new DatabaseUnavailableException(cause) : new DataAccessException(cause);
    }
}
