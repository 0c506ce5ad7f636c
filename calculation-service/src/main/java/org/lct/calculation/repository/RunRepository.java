package org.lct.calculation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.Run;
import org.lct.calculation.model.RunOptions;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;

/**
 * calculation_runs and the calculation itself. The calculation is one call of the SQL function
 * {@code lct_calculate} (R__40_calculation.sql): set-based, in the caller's transaction.
 */
@ApplicationScoped
public class RunRepository {

    /** Key of the advisory lock that lets one replica at a time calculate ('LCT' in ASCII). */
    public static final long CALCULATION_LOCK = 0x4C4354L;

    private static final String RUN_COLUMNS = """
            id, mode, status, school_year, triggered_by, requested_by, requested_at, started_at, finished_at,
            compute_ms, refresh_ms, input_hash, previous_run_id, no_changes, parameters::text,
            districts_calculated, districts_carried_forward, result_rows, error_message,
            jsonb_build_object('overall_status', qa_summary->'overall_status', 'pass_rate', qa_summary->'data_quality'->'pass_rate',
                               'total_rows', qa_summary->'data_quality'->'total_rows',
                               'valid_rows', qa_summary->'data_quality'->'valid_rows')::text AS qa_headline
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    public record CalculationOutcome(String inputHash, boolean noChanges, int districtsCalculated,
            int districtsCarriedForward, int resultRows) {
    }

    /** Inserts a queued run; the partial unique index refuses it while another run is queued or running. */
    public long insertQueued(RunOptions options, String triggeredBy, String requestedBy) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by, parameters)
                VALUES (?, ?, ?, ?, ?::jsonb) RETURNING id""")) {
            s.setString(1, options.mode());
            s.setString(2, options.year());
            s.setString(3, triggeredBy);
            s.setString(4, requestedBy);
            s.setString(5, toJson(Map.of("scopes", options.scopes(),
                    "reference_compatibility", options.referenceG1() ? RunOptions.G1 : "none",
                    "default_minutes", options.defaultMinutes())));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public Optional<Long> findActiveRunId() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM calculation_runs WHERE status IN ('queued', 'running')")) {
            return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
        }
    }

    public void markRunning(long runId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE calculation_runs SET status = 'running', started_at = clock_timestamp() WHERE id = ? AND status = 'queued'")) {
            s.setLong(1, runId);
            s.executeUpdate();
        }
    }

    /** Transaction-scoped: released when the run's transaction ends, whichever way. */
    public boolean tryCalculationLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, CALCULATION_LOCK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** The run whose results are current for the year (runs that found no changes are skipped by the view). */
    public Optional<Long> latestSuccessfulRun(Connection c, String year) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT run_id FROM latest_successful_runs WHERE school_year = ?")) {
            s.setString(1, year);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The oldest transaction this transaction's snapshot cannot see (see calculation_runs.lineage_xmin). */
    public String snapshotXmin(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * The previous run's input hash when provably nothing changed since it: same parameters and methodology, no input change
     * recorded by a transaction it could not see. Empty means "fingerprint and compare".
     */
    public Optional<String> unchangedSince(Connection c, long runId, long previousRunId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT p.input_hash
                FROM calculation_runs p, calculation_runs r
                WHERE p.id = ? AND r.id = ? AND p.lineage_xmin IS NOT NULL AND p.parameters = r.parameters
                  AND p.methodology_version = lct_methodology_version()
                  AND NOT EXISTS (SELECT 1 FROM data_lineage l WHERE l.transaction_id >= p.lineage_xmin)""")) {
            s.setLong(1, previousRunId);
            s.setLong(2, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    public CalculationOutcome calculate(Connection c, long runId, RunOptions options, Long previousRunId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM lct_calculate(?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, runId);
            s.setString(2, options.year());
            s.setArray(3, c.createArrayOf("text", options.scopes().toArray()));
            s.setBoolean(4, options.referenceG1());
            s.setInt(5, options.defaultMinutes());
            if (previousRunId == null) {
                s.setNull(6, java.sql.Types.BIGINT);
            } else {
                s.setLong(6, previousRunId);
            }
            s.setBoolean(7, RunOptions.INCREMENTAL.equals(options.mode()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new CalculationOutcome(r.getString("input_hash"), r.getBoolean("no_changes"),
                        r.getInt("districts_calculated"), r.getInt("districts_carried_forward"), r.getInt("result_rows"));
            }
        }
    }

    public void markSucceeded(Connection c, long runId, CalculationOutcome outcome, Long previousRunId,
            QaReport qa, int computeMs, String lineageXmin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE calculation_runs
                SET status = 'succeeded', finished_at = clock_timestamp(), input_hash = ?, previous_run_id = ?,
                    no_changes = ?, districts_calculated = ?, districts_carried_forward = ?, result_rows = ?,
                    qa_summary = ?::jsonb, compute_ms = ?, lineage_xmin = ?::xid8
                WHERE id = ?""")) {
            s.setString(1, outcome.inputHash());
            if (previousRunId == null) {
                s.setNull(2, java.sql.Types.BIGINT);
            } else {
                s.setLong(2, previousRunId);
            }
            s.setBoolean(3, outcome.noChanges());
            s.setInt(4, outcome.districtsCalculated());
            s.setInt(5, outcome.districtsCarriedForward());
            s.setInt(6, outcome.resultRows());
            s.setString(7, toJson(qa));
            s.setInt(8, computeMs);
            s.setString(9, lineageXmin);
            s.setLong(10, runId);
            s.executeUpdate();
        }
    }

    /** In its own transaction, after the run's transaction rolled back. */
    public void markFailed(long runId, String error) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                UPDATE calculation_runs
                SET status = 'failed', started_at = coalesce(started_at, clock_timestamp()),
                    finished_at = clock_timestamp(), error_message = ?
                WHERE id = ? AND status IN ('queued', 'running')""")) {
            s.setString(1, error);
            s.setLong(2, runId);
            s.executeUpdate();
        }
    }

    /**
     * Marks failed the queued or running runs that no replica is working on: older than a minute, while nobody holds
     * the calculation lock (a replica that died mid-run released it with its connection). Returns how many.
     */
    public int failAbandonedRuns() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                UPDATE calculation_runs
                SET status = 'failed', started_at = coalesce(started_at, clock_timestamp()),
                    finished_at = clock_timestamp(),
                    error_message = 'abandoned: no replica was working on it (the service stopped during the run)'
                WHERE status IN ('queued', 'running')
                  AND coalesce(started_at, requested_at) < clock_timestamp() - interval '1 minute'
                  AND pg_try_advisory_xact_lock(?)""")) {
            s.setLong(1, CALCULATION_LOCK);
            return s.executeUpdate();
        }
    }

    /**
     * Refreshes CONCURRENTLY the bell-schedule coverage views (mv_state_enrichment_progress, mv_unenriched_districts;
     * readers keep the old contents meanwhile) and records how long it took as the run's refresh_ms. The statistics
     * over results need no refresh: the run wrote its year's rows of lct_summary_stats itself.
     */
    public int refreshViews(long runId) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT * FROM refresh_coverage_views()");
            int took = (int) ((System.nanoTime() - started) / 1_000_000);
            try (PreparedStatement u = c.prepareStatement("UPDATE calculation_runs SET refresh_ms = ? WHERE id = ?")) {
                u.setInt(1, took);
                u.setLong(2, runId);
                u.executeUpdate();
            }
            return took;
        }
    }

    public Optional<Run> find(long runId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM calculation_runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(toRun(r)) : Optional.empty();
            }
        }
    }

    /** A page of the runs, newest first, with how many there are (a window count: the table stays small). */
    public PageOf<Run> list(String year, Paging paging) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS
                + ", count(*) OVER () AS total FROM calculation_runs WHERE (?::text IS NULL OR school_year = ?)"
                + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            s.setString(1, year);
            s.setString(2, year);
            s.setInt(3, paging.size());
            s.setLong(4, paging.offset());
            List<Run> runs = new ArrayList<>();
            long total = -1;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(toRun(r));
                    total = r.getLong("total");
                }
            }
            return PageOf.of(paging, total >= 0 ? total : count(c, year), runs);
        }
    }

    private static long count(Connection c, String year) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM calculation_runs WHERE (?::text IS NULL OR school_year = ?)")) {
            s.setString(1, year);
            s.setString(2, year);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The run's QA report; empty when there is no such run or it has none (it has not succeeded). */
    public Optional<QaReport> qaReport(long runId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT qa_summary::text FROM calculation_runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet r = s.executeQuery()) {
                String stored = r.next() ? r.getString(1) : null;
                return stored == null ? Optional.empty() : Optional.of(storedReport(stored));
            }
        }
    }

    /**
     * A report is served as its run stored it: a field written by another release and unknown to this one is left
     * out rather than making the report unreadable.
     */
    private QaReport storedReport(String text) {
        try {
            return json.readerFor(QaReport.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * School years with district inputs, newest first, by one index probe per year; a DISTINCT would read every
     * district of every year at each run request.
     */
    public List<String> knownYears() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     WITH RECURSIVE years AS (
                         SELECT max(school_year)::text AS school_year FROM districts
                         UNION ALL
                         SELECT (SELECT max(d.school_year)::text FROM districts d WHERE d.school_year < y.school_year)
                         FROM years y WHERE y.school_year IS NOT NULL
                     )
                     SELECT school_year FROM years WHERE school_year IS NOT NULL""")) {
            List<String> years = new ArrayList<>();
            while (r.next()) {
                years.add(r.getString(1));
            }
            return years;
        }
    }

    /** Every scope code of the catalogue, in display order. */
    public List<String> knownScopes() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT code FROM staff_scopes ORDER BY sort_order")) {
            List<String> scopes = new ArrayList<>();
            while (r.next()) {
                scopes.add(r.getString(1));
            }
            return scopes;
        }
    }

    /**
     * Scopes the year's data supports: teachers_total from the districts columns always; a scope summed from
     * staff_counts once a member category is reported; elementary and secondary also need grade enrollment.
     */
    public List<String> supportedScopes(String year) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                SELECT sc.code
                FROM staff_scopes sc
                WHERE sc.code = 'teachers_total'
                   OR (sc.enrollment_basis IN ('k12', 'elementary', 'secondary')
                       AND EXISTS (SELECT 1 FROM staff_counts s JOIN staff_scope_members m ON m.category = s.category
                                   WHERE m.staff_scope = sc.code AND s.school_year = ?)
                       AND (sc.enrollment_basis = 'k12'
                            OR EXISTS (SELECT 1 FROM enrollment_by_grade e WHERE e.school_year = ?)))
                ORDER BY sc.sort_order""")) {
            s.setString(1, year);
            s.setString(2, year);
            List<String> scopes = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    scopes.add(r.getString(1));
                }
            }
            return scopes;
        }
    }

    private Run toRun(ResultSet r) throws SQLException {
        OffsetDateTime started = r.getObject("started_at", OffsetDateTime.class);
        OffsetDateTime finished = r.getObject("finished_at", OffsetDateTime.class);
        Long duration = started != null && finished != null
                ? java.time.Duration.between(started, finished).toMillis() : null;
        Map<String, Object> headline = r.getString("qa_headline") == null ? null : fromJson(r.getString("qa_headline"));
        if (headline != null && headline.values().stream().allMatch(java.util.Objects::isNull)) {
            headline = null;
        }
        return new Run(r.getLong("id"), r.getString("mode"), r.getString("status"), r.getString("school_year"),
                r.getString("triggered_by"), r.getString("requested_by"),
                r.getObject("requested_at", OffsetDateTime.class), started, finished, duration,
                (Integer) r.getObject("compute_ms"), (Integer) r.getObject("refresh_ms"), r.getString("input_hash"),
                (Long) r.getObject("previous_run_id"), r.getBoolean("no_changes"), fromJson(r.getString("parameters")),
                (Integer) r.getObject("districts_calculated"), (Integer) r.getObject("districts_carried_forward"),
                (Integer) r.getObject("result_rows"), r.getString("error_message"), headline);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
