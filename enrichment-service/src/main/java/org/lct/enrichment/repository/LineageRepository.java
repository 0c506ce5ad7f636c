package org.lct.enrichment.repository;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hibernate.Session;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.LineageEntry;

/** Reads data_lineage (written only by the triggers of V4). */
@ApplicationScoped
public class LineageRepository {

    /** Filters, each optional; {@code key} matches the whole key or its leading parts (0634920 → 0634920/…). */
    public record Filter(String entity, String key, OffsetDateTime since, String correlationId) {
    }

    private static final String WHERE = """
             WHERE (CAST(? AS text) IS NULL OR entity = ?)
               AND (CAST(? AS text) IS NULL OR entity_key = ? OR entity_key LIKE ? || '/%')
               AND (CAST(? AS timestamptz) IS NULL OR recorded_at >= ?)
               AND (CAST(? AS text) IS NULL OR correlation_id = ?)
            """;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper objectMapper;

    public List<LineageEntry> find(Filter filter, Paging paging) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (var statement = connection.prepareStatement("""
                    SELECT id, entity, entity_key, action, before_values::text, after_values::text, changed_columns,
                           actor, reason, source, correlation_id, recorded_at
                    FROM data_lineage""" + WHERE + " ORDER BY id LIMIT ? OFFSET ?")) {
                int next = bind(statement, filter);
                statement.setInt(next, paging.size());
                statement.setLong(next + 1, paging.offset());
                List<LineageEntry> entries = new ArrayList<>();
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new LineageEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                json(rs.getString(5)), json(rs.getString(6)), strings(rs.getArray(7)),
                                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                                rs.getObject(12, OffsetDateTime.class)));
                    }
                }
                return entries;
            }
        });
    }

    public long count(Filter filter) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (var statement = connection.prepareStatement("SELECT count(*) FROM data_lineage" + WHERE)) {
                bind(statement, filter);
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static int bind(java.sql.PreparedStatement statement, Filter filter) throws SQLException {
        statement.setString(1, filter.entity());
        statement.setString(2, filter.entity());
        statement.setString(3, filter.key());
        statement.setString(4, filter.key());
        statement.setString(5, filter.key() == null ? null : filter.key().replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_"));
        statement.setObject(6, filter.since());
        statement.setObject(7, filter.since());
        statement.setString(8, filter.correlationId());
        statement.setString(9, filter.correlationId());
        return 10;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("data_lineage holds invalid JSON", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
