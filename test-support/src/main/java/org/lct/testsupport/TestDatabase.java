package org.lct.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** A fresh, empty database of its own for one test suite, on the {@link PostgresServer} of the environment. */
public final class TestDatabase implements AutoCloseable {

    /** Login credentials of a database user. */
    public record User(String name, String password) {
    }

    private final PostgresServer server;
    private final String name;
    private final List<String> createdRoles = new ArrayList<>();

    private TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates an empty database named after the suite, with a random suffix so parallel builds never share one. */
    public static TestDatabase create(String suite) {
        PostgresServer server = PostgresServer.fromEnvironment();
        String name = "lct_test_%s_%06d".formatted(suite.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"),
                ThreadLocalRandom.current().nextInt(1_000_000));
        executeOnServer(server, "CREATE DATABASE " + name);
        return new TestDatabase(server, name);
    }

    /** Applies the schema from classpath:db/migration, as the migration owner does at start. */
    public MigrateResult migrate() {
        return flyway().migrate();
    }

    public Flyway flyway() {
        return Flyway.configure().dataSource(jdbcUrl(), server.user(), server.password()).load();
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public PostgresServer server() {
        return server;
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /**
     * Creates a login user, named after this database, whose only rights are those of its membership in
     * {@code groupRole} (e.g. the read-only {@code lct_reader} of the migrations); dropped again by {@link #close()}.
     * The group role must exist, so call it after {@link #migrate()}.
     */
    public User createMemberOf(String groupRole) {
        if (!groupRole.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain role name: " + groupRole);
        }
        String user = name + "_" + groupRole;
        String password = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        executeOnServer(server, "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "' IN ROLE " + groupRole);
        createdRoles.add(user);
        return new User(user, password);
    }

    @Override
    public void close() {
        executeOnServer(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        createdRoles.forEach(role -> executeOnServer(server, "DROP ROLE IF EXISTS " + role));
    }

    private static void executeOnServer(PostgresServer server, String sql) {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + server.jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }
}
