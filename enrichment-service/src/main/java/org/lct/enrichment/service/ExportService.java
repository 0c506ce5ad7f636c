package org.lct.enrichment.service;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bell schedules in the reference system's JSON export shape: an object keyed by district id, each with the
 * district's name, state and school year and one object per grade level. The bell-schedule importer reads the
 * same shape, so an export imports back unchanged. A district appears with its newest school year.
 */
@ApplicationScoped
public class ExportService {

    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper objectMapper;

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public ObjectNode exportBellSchedules(String stateCode) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH newest AS (
                    SELECT nces_id, max(school_year) AS school_year FROM bell_schedules GROUP BY nces_id
                )
                SELECT b.nces_id, coalesce(d.name, 'Unknown'), d.state_code, b.school_year, b.grade_level,
                       b.instructional_minutes, b.start_time, b.end_time, b.lunch_minutes, b.passing_minutes,
                       b.recess_minutes, b.schools_sampled, b.source_urls, b.confidence, b.method,
                       b.source_description, b.notes
                FROM bell_schedules b
                JOIN newest n ON n.nces_id = b.nces_id AND n.school_year = b.school_year
                LEFT JOIN latest_districts d ON d.nces_id = b.nces_id
                WHERE CAST(:state AS text) IS NULL OR d.state_code = :state
                ORDER BY b.nces_id, b.grade_level
                """).setParameter("state", stateCode).getResultList();
        Map<String, ObjectNode> districts = new TreeMap<>();
        for (Object[] row : rows) {
            ObjectNode district = districts.computeIfAbsent((String) row[0], id -> {
                ObjectNode node = objectMapper.createObjectNode();
                node.put("district_id", id);
                node.put("district_name", (String) row[1]);
                node.put("state", (String) row[2]);
                node.put("year", (String) row[3]);
                return node;
            });
            ObjectNode grade = district.putObject((String) row[4]);
            grade.put("instructional_minutes", ((Number) row[5]).intValue());
            grade.put("start_time", time(row[6]));
            grade.put("end_time", time(row[7]));
            putNumber(grade, "lunch_duration", row[8]);
            putNumber(grade, "passing_periods", row[9]);
            putNumber(grade, "recess_duration", row[10]);
            putStrings(grade.putArray("schools_sampled"), row[11]);
            putStrings(grade.putArray("source_urls"), row[12]);
            grade.put("confidence", (String) row[13]);
            grade.put("method", (String) row[14]);
            grade.put("source", (String) row[15]);
            grade.put("notes", (String) row[16]);
        }
        ObjectNode export = objectMapper.createObjectNode();
        districts.forEach(export::set);
        return export;
    }

    private static String time(Object value) {
        if (value == null) {
            return null;
        }
        LocalTime time = value instanceof LocalTime local ? local : ((java.sql.Time) value).toLocalTime();
        return time.format(HOURS_MINUTES);
    }

    private static void putNumber(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, ((Number) value).intValue());
        }
    }

    private static void putStrings(ArrayNode array, Object value) {
        if (value instanceof String[] strings) {
            for (String s : strings) {
                array.add(s);
            }
        } else if (value instanceof Object[] objects) {
            for (Object o : objects) {
                array.add(String.valueOf(o));
            }
        }
    }
}
