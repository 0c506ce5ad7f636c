package org.lct.calculation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** Reads a run's result rows in key order, streamed through a cursor so 17,842 x scopes rows never sit in memory. */
@ApplicationScoped
public class ResultRepository {

    /** Export columns, in order; the data dictionary describes each (lct_calculations and districts comments). */
    public static final List<String> COLUMNS = List.of("run_id", "school_year", "nces_id", "district_name", "state",
            "staff_scope", "enrollment_basis", "instructional_minutes", "minutes_source", "minutes_grade_level",
            "minutes_tier", "minutes_school_year", "bell_schedule_id", "staff_fte", "enrollment", "lct_minutes",
            "lct_hours", "student_teacher_ratio", "lct_percentile", "lct_category", "is_valid", "qa_flags");

    @Inject
    AgroalDataSource dataSource;

    public interface RowConsumer {
        void accept(ResultSet row) throws Exception;
    }

    public void forEachRow(long runId, String scope, Boolean valid, RowConsumer consumer) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT c.run_id, c.school_year, c.nces_id, d.name AS district_name, d.state_code AS state,
                           c.staff_scope, c.enrollment_basis, c.instructional_minutes, c.minutes_source,
                           c.minutes_grade_level, c.minutes_tier, c.minutes_school_year, c.bell_schedule_id,
                           c.staff_fte, c.enrollment, c.lct_minutes, c.lct_hours, c.student_teacher_ratio,
                           c.lct_percentile, c.lct_category, c.is_valid, array_to_string(c.qa_flags, ';') AS qa_flags
                    FROM lct_calculations c
                    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
                    WHERE c.run_id = ? AND (?::text IS NULL OR c.staff_scope = ?) AND (?::boolean IS NULL OR c.is_valid = ?)
                    ORDER BY c.nces_id, c.staff_scope""")) {
                s.setFetchSize(2000);
                s.setLong(1, runId);
                s.setString(2, scope);
                s.setString(3, scope);
                s.setObject(4, valid, java.sql.Types.BOOLEAN);
                s.setObject(5, valid, java.sql.Types.BOOLEAN);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        consumer.accept(r);
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    public boolean exists(long runId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM calculation_runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
