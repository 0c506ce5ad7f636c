package org.lct.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A streaming hot standby of the tests' {@link PostgresServer}, as CloudNativePG runs them behind {@code lct-db-ro}:
 * {@code pg_basebackup -R} from the server, started on a free port of 127.0.0.1, replaying what the server commits.
 * It needs the server binaries of the throwaway server {@code ./lct test} starts ({@code LCT_PG_BIN}, and when the
 * tests run as root the unprivileged {@code LCT_PG_OS_USER} that runs it); {@link #available()} says whether they
 * are there. {@link #close()} stops it and deletes its data.
 */
public final class PostgresStandby implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresServer primary;
    private final PostgresServer server;
    private final Path directory;

    private PostgresStandby(PostgresServer primary, PostgresServer server, Path directory) {
        this.primary = primary;
        this.server = server;
        this.directory = directory;
    }

    /** Why a standby cannot be made here, or empty when it can. */
    public static Optional<String> unavailable() {
        if (setting("LCT_PG_BIN").isEmpty()) {
            return Optional.of("LCT_PG_BIN is not set: standbys are made from the throwaway server of ./lct test");
        }
        if (isRoot() && setting("LCT_PG_OS_USER").isEmpty()) {
            return Optional.of("LCT_PG_OS_USER is not set: as root, PostgreSQL runs as the user ./lct test chose");
        }
        return Optional.empty();
    }

    public static boolean available() {
        return unavailable().isEmpty();
    }

    /** Copies {@code primary} with pg_basebackup and starts the copy as a hot standby streaming from it. */
    public static PostgresStandby of(PostgresServer primary) {
        unavailable().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        try {
            Path directory = Files.createTempDirectory("lct-standby");
            if (isRoot()) {
                run(List.of("chown", setting("LCT_PG_OS_USER").orElseThrow(), directory.toString()), Map.of(), false);
            }
            Path data = directory.resolve("data");
            String bin = setting("LCT_PG_BIN").orElseThrow();
            run(List.of(bin + "/pg_basebackup", "-h", primary.host(), "-p", Integer.toString(primary.port()), "-U",
                    primary.user(), "-D", data.toString(), "-R", "-X", "stream", "-c", "fast"),
                    Map.of("PGPASSWORD", primary.password()), true);
            int port = freePort();
            run(List.of(bin + "/pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(), "-w",
                    "-t", Long.toString(TIMEOUT.toSeconds()), "-o", "-c listen_addresses=127.0.0.1 -p " + port
                            + " -c unix_socket_directories='' -c hot_standby=on", "start"),
                    Map.of(), true);
            return new PostgresStandby(primary, new PostgresServer(primary.host(), port, primary.user(),
                    primary.password()), directory);
        } catch (IOException e) {
            throw new IllegalStateException("could not make a standby of " + primary.jdbcUrl("postgres"), e);
        }
    }

    /** The standby as a server to connect to (read-only; same users and passwords as the primary). */
    public PostgresServer server() {
        return server;
    }

    /**
     * Waits until the standby has replayed everything the primary has written so far, including records of
     * transactions still open (an {@code ACCESS EXCLUSIVE} lock): a synchronous commit flushes them first.
     */
    public void awaitReplayed() {
        String target;
        try (Connection connection = primary.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on");
            statement.execute("SELECT pg_current_xact_id()");
            try (ResultSet flushed = statement.executeQuery("SELECT pg_current_wal_flush_lsn()::text")) {
                flushed.next();
                target = flushed.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the primary's WAL position: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"t".equals(query(server, "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby on port " + server.port() + " did not replay up to "
                        + target + " within " + TIMEOUT);
            }
            sleep(20);
        }
    }

    /** Stops replaying (the standby keeps receiving WAL): it stays behind until {@link #resumeReplay()}. */
    public void pauseReplay() {
        query(server, "SELECT pg_wal_replay_pause()::text");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"paused".equals(query(server, "SELECT pg_get_wal_replay_pause_state()"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby on port " + server.port() + " did not pause replay");
            }
            sleep(20);
        }
    }

    public void resumeReplay() {
        query(server, "SELECT pg_wal_replay_resume()::text");
    }

    /** Sets a server parameter that a reload applies (e.g. {@code max_standby_streaming_delay}); null resets it. */
    public void setParameter(String name, String value) {
        if (!name.matches("[a-z_]+") || (value != null && !value.matches("[A-Za-z0-9_]+"))) {
            throw new IllegalArgumentException("not a plain parameter: " + name + " = " + value);
        }
        query(server, value == null ? "ALTER SYSTEM RESET " + name : "ALTER SYSTEM SET " + name + " = '" + value + "'");
        query(server, "SELECT pg_reload_conf()::text");
    }

    /** How many sessions of {@code database} on the standby wait for a lock (one replay holds, for example). */
    public int sessionsWaitingForALock(String database) {
        return Integer.parseInt(query(server, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND datname = '" + database.replace("'", "''") + "'"));
    }

    /** Whether replay holds an {@code ACCESS EXCLUSIVE} lock on the relation with this oid (as the primary numbers it). */
    public boolean replayHoldsAccessExclusiveLock(long relationOid) {
        return !"0".equals(query(server, "SELECT count(*) FROM pg_locks WHERE relation = " + relationOid
                + " AND mode = 'AccessExclusiveLock' AND granted"));
    }

    /** The sessions of {@code database} on the standby, one line each (state, wait, query), for failure messages. */
    public String activity(String database) {
        return query(server, "SELECT coalesce(string_agg(concat_ws(' | ', pid, state, wait_event_type, wait_event,"
                + " left(query, 120)), E'\\n'), 'no sessions') FROM pg_stat_activity WHERE datname = '"
                + database.replace("'", "''") + "'");
    }

    @Override
    public void close() {
        try {
            run(List.of(setting("LCT_PG_BIN").orElseThrow() + "/pg_ctl", "-D", directory.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"), Map.of(), true);
        } catch (IOException | IllegalStateException e) {
            // deleting the data below is what matters; a server that is gone already is fine
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + directory, e);
        }
    }

    private static String query(PostgresServer on, String sql) {
        try (Connection connection = on.connect("postgres"); Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return null;
            }
            try (ResultSet rows = statement.getResultSet()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + on.jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command, as the server's OS user when {@code asServerUser} and we are root, from / (which it may read). */
    private static void run(List<String> command, Map<String, String> environment, boolean asServerUser)
            throws IOException {
        List<String> full = new ArrayList<>();
        if (asServerUser && isRoot()) {
            full.addAll(List.of("runuser", "-u", setting("LCT_PG_OS_USER").orElseThrow(), "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(new File("/")).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Optional<String> setting(String name) {
        return Optional.ofNullable(System.getProperty(name, System.getenv(name))).filter(value -> !value.isBlank());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
