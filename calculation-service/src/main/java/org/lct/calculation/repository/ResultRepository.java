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

    /**
     * Export columns, in order; the data dictionary describes each (lct_calculations and districts comments). run_id is
     * the run that computed the row, which for an incremental run may be an earlier run of its chain.
     */
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
                    SELECT r.run_id, r.school_year, r.nces_id, r.district_name, r.state, r.staff_scope,
                           r.enrollment_basis, r.instructional_minutes, r.minutes_source, r.minutes_grade_level,
                           r.minutes_tier, r.minutes_school_year, r.bell_schedule_id, r.staff_fte, r.enrollment,
                           r.lct_minutes, r.lct_hours, r.student_teacher_ratio, r.lct_percentile, r.lct_category,
                           r.is_valid, array_to_string(r.qa_flags, ';') AS qa_flags
                    FROM lct_run_results(?) r
                    WHERE (?::text IS NULL OR r.staff_scope = ?) AND (?::boolean IS NULL OR r.is_valid = ?)
                    ORDER BY r.nces_id, r.staff_scope""")) {
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
