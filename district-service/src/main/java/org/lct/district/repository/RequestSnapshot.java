package org.lct.district.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

import org.jboss.logging.Logger;

/**
 * The one connection, and the one read-only snapshot, that a request reads in when district-service reads from
 * standbys ({@code lct.district.reads-from-standbys}). Standbys replay the primary's changes each at its own pace, and
 * the pool's connections may reach different ones: a data version read on a standby that is ahead and a body read
 * on one that is behind would give an old body the new ETag, and caches would keep it. In one snapshot the body is
 * exactly the data its version names. Borrowed at the request's first query, given back when the request ends
 * (after a CSV export has streamed).
 */
@RequestScoped
public class RequestSnapshot {

    private static final Logger LOG = Logger.getLogger(RequestSnapshot.class);

    private final DataSource dataSource;
    private Connection connection;

    public RequestSnapshot(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Connection connection() throws SQLException {
        if (connection == null) {
            Connection borrowed = dataSource.getConnection();
            try {
                borrowed.setAutoCommit(false);
                try (Statement statement = borrowed.createStatement()) {
                    // READ ONLY: a standby refuses writes anyway; REPEATABLE READ: one snapshot for every statement
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            } catch (SQLException e) {
                borrowed.close();
                throw e;
            }
            connection = borrowed;
        }
        return connection;
    }

    @PreDestroy
    void release() {
        if (connection == null) {
            return;
        }
        try (Connection borrowed = connection) {
            borrowed.rollback();
            borrowed.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection: the pool discards it
            LOG.debugf(e, "could not end a request's read snapshot");
        }
        connection = null;
    }
}
