package org.lct.calculation.repository;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** The schema's own description: every table, view and column with its COMMENT (a migration test enforces them). */
@ApplicationScoped
public class DataDictionaryRepository {

    @Inject
    AgroalDataSource dataSource;

    public record Column(String name, String type, boolean nullable, String description) {
    }

    public record Relation(String name, String kind, String description, List<Column> columns) {
    }

    public List<Relation> relations() throws SQLException {
        Map<String, Relation> relations = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT cl.relname,
                            CASE cl.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' END AS kind,
                            obj_description(cl.oid, 'pg_class') AS relation_comment,
                            a.attname, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
                            col_description(cl.oid, a.attnum) AS column_comment
                     FROM pg_class cl
                     JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = current_schema()
                     JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE cl.relkind IN ('r', 'v', 'm') AND cl.relname NOT LIKE 'flyway%'
                     ORDER BY cl.relname, a.attnum""")) {
            while (r.next()) {
                String name = r.getString("relname");
                Relation relation = relations.computeIfAbsent(name, n -> {
                    try {
                        return new Relation(n, r.getString("kind"), r.getString("relation_comment"), new ArrayList<>());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                relation.columns().add(new Column(r.getString("attname"), r.getString("type"), r.getBoolean("nullable"),
                        r.getString("column_comment")));
            }
        }
        return List.copyOf(relations.values());
    }
}
