package org.lct.importer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue values files are checked against, read from the database once per import so that the schema's
 * lookup tables stay the single source (a new collection method needs a migration, not a code change).
 */
final class Vocabulary {

    final Map<String, String> fipsByState = new HashMap<>();
    final Map<String, String> methodByName = new HashMap<>();
    final Map<String, String> confidenceByName = new HashMap<>();
    final Set<String> gradeLevels = new HashSet<>();
    final Set<String> methodsWithoutSource = new HashSet<>();

    static Vocabulary load(Connection connection) throws SQLException {
        Vocabulary vocabulary = new Vocabulary();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT code, fips FROM states")) {
                while (rs.next()) {
                    vocabulary.fipsByState.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT code, code FROM collection_methods UNION ALL SELECT alias, method FROM collection_method_aliases")) {
                while (rs.next()) {
                    vocabulary.methodByName.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT code, code FROM confidence_levels UNION ALL SELECT alias, confidence FROM confidence_level_aliases")) {
                while (rs.next()) {
                    vocabulary.confidenceByName.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT code FROM school_levels")) {
                while (rs.next()) {
                    vocabulary.gradeLevels.add(rs.getString(1));
                }
            }
            vocabulary.methodsWithoutSource.add("statutory_fallback");
        }
        return vocabulary;
    }
}
