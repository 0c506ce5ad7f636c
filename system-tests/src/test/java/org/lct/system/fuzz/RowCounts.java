package org.lct.system.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** The row count of every table of the platform's schema, read as its owner: what a refused write must not change. */
public final class RowCounts implements AutoCloseable {

    /** One statement for every table: query_to_xml runs each count(*) without a function of our own. */
    private static final String COUNT_EVERY_TABLE = """
            SELECT c.relname,
                   (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname,
                           c.relname), false, true, '')))[1]::text::bigint
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname""";

    private final Connection connection;

    public RowCounts(String url, String user, String password) throws SQLException {
        this.connection = DriverManager.getConnection(url, user, password);
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(COUNT_EVERY_TABLE)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting the rows of every table", e);
        }
        return counts;
    }

    /** "table: before -> after" for every table whose count differs. */
    public static Map<String, String> differences(Map<String, Long> before, Map<String, Long> after) {
        Map<String, String> changed = new TreeMap<>();
        for (String table : after.keySet()) {
            if (!after.get(table).equals(before.get(table))) {
                changed.put(table, before.get(table) + " -> " + after.get(table));
            }
        }
        return changed;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
