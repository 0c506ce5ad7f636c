package org.lct.district.repository;

import java.sql.SQLException;

/**
 * The database could not answer now (a read cancelled by a standby's replay, a lost connection, a server shutting
 * down): answered as a 503 problem with Retry-After, since the same request will likely succeed on a retry.
 */
public class DatabaseUnavailableException extends DataAccessException {

    DatabaseUnavailableException(SQLException cause) {
        super(cause);
    }
}
