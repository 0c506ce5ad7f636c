package org.lct.district.repository;

import java.sql.SQLException;

/** A database failure; answered as a 500 problem without its message (which may hold SQL). */
public class DataAccessException extends RuntimeException {

    public DataAccessException(SQLException cause) {
        super("database query failed: SQLSTATE " + cause.getSQLState(), cause);
    }
}
