package org.lct.calculation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/** Synthetic inputs over JDBC, and the HTTP round trip of a run. Each test uses a school year of its own. */
final class Fixtures {

    /** Connects as the schema owner: fixtures are not the service's to write. */
    private final TestDatabase database;

    Fixtures(TestDatabase database) {
        this.database = database;
    }

    static String operatorToken() {
        return TestTokens.tokenFor("ops", "operator");
    }

    void district(String ncesId, String year, String state, Integer enrollment, String staff) throws SQLException {
        district(ncesId, year, state, enrollment, staff, false);
    }

    void district(String ncesId, String year, String state, Integer enrollment, String staff, boolean sharedService)
            throws SQLException {
        execute("""
                INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte,
                                       is_shared_service, source)
                VALUES (?, ?, ?, ?, ?, ?::numeric, ?, 'test')""",
                ncesId, year, "District " + ncesId, state, enrollment, staff, sharedService);
    }

    void staff(String ncesId, String year, String category, String fte) throws SQLException {
        execute("INSERT INTO staff_counts (nces_id, school_year, category, fte, source) VALUES (?, ?, ?, ?::numeric, 'test')",
                ncesId, year, category, fte);
    }

    void enrollment(String ncesId, String year, String grade, int students) throws SQLException {
        execute("INSERT INTO enrollment_by_grade (nces_id, school_year, grade, students, source) VALUES (?, ?, ?, ?, 'test')",
                ncesId, year, grade, students);
    }

    void requirement(String state, String level, String fromYear, int minutes) throws SQLException {
        execute("""
                INSERT INTO state_requirements (state_code, grade_level, valid_from_year, daily_minutes, source_citation)
                VALUES (?, ?, ?, ?, 'test statute')""", state, level, fromYear, minutes);
    }

    long bellSchedule(String ncesId, String year, String level, int minutes, String confidence) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, confidence,
                                            source_urls)
                VALUES (?, ?, ?, ?, 'human_provided', ?, ARRAY['https://example.org/bell']) RETURNING id""")) {
            s.setString(1, ncesId);
            s.setString(2, year);
            s.setString(3, level);
            s.setInt(4, minutes);
            s.setString(5, confidence);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    void execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }

    long count(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Rows of a query as maps, column label to value. */
    List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /**
     * Every value of a run's results as it serves them (percentiles included) with each row's input fingerprint, in
     * a stable order: what an incremental run must share with a full run of the same inputs.
     */
    String results(long runId) throws SQLException {
        return rows("""
                SELECT r.nces_id, r.staff_scope, r.instructional_minutes, r.minutes_source, r.minutes_tier,
                       r.bell_schedule_id, r.staff_fte, r.enrollment, r.lct_minutes, r.lct_hours, r.student_teacher_ratio,
                       r.lct_percentile, r.lct_category, r.is_valid, r.qa_flags, encode(w.input_fingerprint, 'hex') AS fingerprint
                FROM lct_run_results(?) r JOIN lct_run_rows(?) w USING (nces_id, staff_scope)
                ORDER BY r.nces_id, r.staff_scope""", runId, runId).toString();
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    /** POSTs a run as an operator and waits until it has finished; returns the finished run. */
    static Response runAndWait(String body) {
        Response accepted = given().auth().oauth2(operatorToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/runs");
        if (accepted.statusCode() != 202) {
            fail("run not accepted: " + accepted.statusCode() + " " + accepted.asString());
        }
        return awaitRun(accepted.jsonPath().getLong("id"));
    }

    static Response awaitRun(long runId) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Response run = given().when().get("/api/v1/runs/" + runId);
            String status = run.jsonPath().getString("status");
            // a succeeded run is finished once its views are refreshed too (refreshMs), or when it wrote nothing
            boolean refreshed = run.jsonPath().get("refresh_ms") != null || run.jsonPath().getBoolean("no_changes");
            if ("failed".equals(status) || ("succeeded".equals(status) && refreshed)) {
                return run;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("run " + runId + " did not finish in time");
        return null;
    }

    /** Python's round(x, 2): half-even on the exact binary value (methodology §1.2), for expected values. */
    static BigDecimal pythonRound2(double value) {
        return new BigDecimal(value).setScale(2, java.math.RoundingMode.HALF_EVEN);
    }

    static void executeAll(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
