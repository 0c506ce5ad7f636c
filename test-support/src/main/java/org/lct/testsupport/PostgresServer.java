package org.lct.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The PostgreSQL server the tests run against, as the environment names it: {@code ./lct test} starts a private
 * throwaway server and sets {@code LCT_PG_HOST}, {@code LCT_PG_PORT}, {@code LCT_PG_USER} and {@code LCT_PG_PASSWORD};
 * set them yourself to test against an existing server (the user needs CREATEDB).
 */
public record PostgresServer(String host, int port, String user, String password) {

    public static PostgresServer fromEnvironment() {
        String host = setting("LCT_PG_HOST").orElseThrow(() -> new IllegalStateException(
                "No PostgreSQL server for the tests: run them with ./lct test, which starts a private one, "
                        + "or set LCT_PG_HOST, LCT_PG_PORT, LCT_PG_USER and LCT_PG_PASSWORD to an existing server."));
        int port = Integer.parseInt(setting("LCT_PG_PORT").orElse("5432"));
        return new PostgresServer(host, port, setting("LCT_PG_USER").orElse("lct"), setting("LCT_PG_PASSWORD").orElse(""));
    }

    private static Optional<String> setting(String name) {
        return Optional.ofNullable(System.getProperty(name, System.getenv(name))).filter(value -> !value.isBlank());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://%s:%d/%s".formatted(host, port, database);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }
}
