package org.lct.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs an upsert statement whose input is one array parameter per column (unnested in SQL): a single round trip
 * for the whole file and no hand-made SQL text. The statement answers (inserted, updated).
 */
final class Upserts {

    private Upserts() {
    }

    static ImportCounts run(Connection connection, String sql, String[] columnTypes, List<Object[]> rows)
            throws SQLException {
        Object[][] columns = new Object[columnTypes.length][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            for (int c = 0; c < columnTypes.length; c++) {
                columns[c][r] = row[c];
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < columnTypes.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(columnTypes[c], columns[c]));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return ImportCounts.of(rows.size(), rs.getInt(1), rs.getInt(2));
            }
        }
    }
}
