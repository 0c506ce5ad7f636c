package org.lct.district;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.lct.testsupport.TestDatabase;

/**
 * A small, exact data set inserted over JDBC as the database owner (the service itself may only read): five
 * districts in three states for 2023-24 and one for 2022-23, requirements, two bell schedules, and two successful
 * runs whose LCT values are worked out by hand from LCT = minutes × staff / enrollment.
 *
 * <pre>
 * district  state enrollment staff(all)  minutes source         teachers_only        all
 * 0600001   CA    1000       50 (80)     360 bell schedule      360×50/1000 = 18.00  28.80
 * 0600002   CA     200       20 (30)     240 state requirement  240×20/200  = 24.00  36.00
 * 0600003   CA       0        3          shared service, no enrollment: NULL, invalid
 * 4100001   OR    5000      200 (300)    330 state requirement  330×200/5000 = 13.20 19.80
 * 4800001   TX   10000      600 (900)    360 default            360×600/10000 = 21.60 32.40
 * run 1 (older): 0600001 teachers_only 300×50/1000 = 15.00
 * </pre>
 */
public final class Fixtures {

    public static final String YEAR = "2023-24";
    public static final String OLDER_YEAR = "2022-23";
    public static final String TEXAS_NAME = "Texas \"Big\", ISD";

    public static long olderRunId;
    public static long currentRunId;
    public static long highScheduleId;
    public static long elementaryScheduleId;

    private Fixtures() {
    }

    /** Loads the fixtures once per database (test classes share the application and its database). */
    public static synchronized void load(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            if (exists(connection)) {
                readIds(connection);
                return;
            }
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("SELECT set_change_context('test-fixtures', 'district-service tests', 'Fixtures.java', null)");
                sql.execute("""
                        INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, is_shared_service, source) VALUES
                          ('0600001', '2023-24', 'Alpha Unified', 'CA', 1000, 50.00, false, 'nces_ccd'),
                          ('0600002', '2023-24', 'Beta Elementary', 'CA', 200, 20.00, false, 'nces_ccd'),
                          ('0600003', '2023-24', 'Gamma Shared Services', 'CA', 0, 3.00, true, 'nces_ccd'),
                          ('4100001', '2023-24', 'Oregon Coast SD', 'OR', 5000, 200.00, false, 'nces_ccd'),
                          ('4800001', '2023-24', 'Texas "Big", ISD', 'TX', 10000, 600.00, false, 'nces_ccd'),
                          ('0600001', '2022-23', 'Alpha Unified', 'CA', 900, 45.00, false, 'nces_ccd')
                        """);
                sql.execute("""
                        INSERT INTO state_requirements (state_code, grade_level, valid_from_year, daily_minutes, annual_days, source_citation, source_url) VALUES
                          ('CA', 'elementary', '2023-24', 240, 180, 'CA Educ. Code 46201', 'https://example.org/ca'),
                          ('CA', 'high', '2023-24', 360, 180, 'CA Educ. Code 46201', 'https://example.org/ca'),
                          ('CA', 'high', '2020-21', 300, 175, 'CA Educ. Code 46201 (old)', 'https://example.org/ca-old'),
                          ('OR', 'high', '2023-24', 330, NULL, 'OAR 581-022-2320', NULL)
                        """);
                sql.execute("""
                        INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, start_time, end_time,
                                                    lunch_minutes, method, confidence, source_urls, source_description)
                        VALUES ('0600001', '2024-25', 'high', 360, '08:00', '15:00', 30, 'web_scraping', 'high',
                                ARRAY['https://example.org/alpha/high'], 'Alpha High bell schedule'),
                               ('0600001', '2024-25', 'elementary', 350, '08:15', '14:45', 35, 'pdf_extraction', 'medium',
                                ARRAY['https://example.org/alpha/elem.pdf'], 'Alpha elementary handbook')
                        """);
                sql.execute("""
                        INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, requested_at,
                                                      started_at, finished_at, input_hash, districts_calculated, result_rows)
                        VALUES ('full', 'succeeded', '2023-24', 'cli', 'test', now() - interval '2 hours',
                                now() - interval '2 hours', now() - interval '119 minutes', repeat('a', 64), 1, 1),
                               ('full', 'succeeded', '2023-24', 'cli', 'test', now() - interval '1 hour',
                                now() - interval '1 hour', now() - interval '59 minutes', repeat('b', 64), 5, 9)
                        """);
                readIds(connection);
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes,
                            minutes_source, minutes_grade_level, bell_schedule_id, staff_fte, enrollment, lct_minutes,
                            is_valid, qa_flags)
                        VALUES (?, ?, '2023-24', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[])
                        """)) {
                    Object[][] rows = {
                        {olderRunId, "0600001", "teachers_only", 300, "state_requirement", "high", null, "50.00", 1000, "15.00", true, "{}"},
                        {currentRunId, "0600001", "teachers_only", 360, "bell_schedule", "high", highScheduleId, "50.00", 1000, "18.00", true, "{}"},
                        {currentRunId, "0600001", "all", 360, "bell_schedule", "high", highScheduleId, "80.00", 1000, "28.80", true, "{}"},
                        {currentRunId, "0600002", "teachers_only", 240, "state_requirement", "elementary", null, "20.00", 200, "24.00", true, "{}"},
                        {currentRunId, "0600002", "all", 240, "state_requirement", "elementary", null, "30.00", 200, "36.00", true, "{}"},
                        {currentRunId, "0600003", "teachers_only", 360, "default", null, null, "3.00", 0, null, false, "{ERR_NO_ENROLLMENT}"},
                        {currentRunId, "4100001", "teachers_only", 330, "state_requirement", "high", null, "200.00", 5000, "13.20", true, "{}"},
                        {currentRunId, "4100001", "all", 330, "state_requirement", "high", null, "300.00", 5000, "19.80", true, "{}"},
                        {currentRunId, "4800001", "teachers_only", 360, "default", null, null, "600.00", 10000, "21.60", true, "{}"},
                        {currentRunId, "4800001", "all", 360, "default", null, null, "900.00", 10000, "32.40", true, "{}"},
                    };
                    for (Object[] row : rows) {
                        for (int i = 0; i < row.length; i++) {
                            Object value = row[i];
                            if (i == 7 || i == 9 || i == 10) { // numeric columns given as text for exactness
                                insert.setObject(i + 1, value == null ? null : value instanceof String s ? new java.math.BigDecimal(s) : value);
                            } else {
                                insert.setObject(i + 1, value);
                            }
                        }
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                sql.execute("SELECT rebuild_lct_current()"); // what a run does as it writes its rows
                connection.commit();
                // Refreshing CONCURRENTLY cannot run inside a transaction block of ours.
                connection.setAutoCommit(true);
                sql.execute("SELECT refresh_materialized_views()");
            }
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM districts WHERE nces_id = '0600001'")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private static void readIds(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT id FROM calculation_runs ORDER BY finished_at")) {
                rows.next();
                olderRunId = rows.getLong(1);
                rows.next();
                currentRunId = rows.getLong(1);
            }
            try (ResultSet rows = sql.executeQuery(
                    "SELECT grade_level, id FROM bell_schedules WHERE nces_id = '0600001' ORDER BY grade_level")) {
                rows.next();
                elementaryScheduleId = rows.getLong(2);
                rows.next();
                highScheduleId = rows.getLong(2);
            }
        }
    }
}
