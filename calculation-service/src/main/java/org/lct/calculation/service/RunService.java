package org.lct.calculation.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.lct.calculation.config.CalculationConfig;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.Run;
import org.lct.calculation.model.RunOptions;
import org.lct.calculation.model.RunRequest;
import org.lct.calculation.repository.RunRepository;
import org.lct.calculation.repository.RunRepository.CalculationOutcome;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.values.SchoolYear;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;

/**
 * Accepts runs and executes them one at a time on a worker thread. A run's results, QA report and status
 * {@code succeeded} commit in one transaction, so readers never see half a run; a failure rolls that transaction
 * back and records {@code failed} in a transaction of its own, leaving the previous results current.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final Set<String> OPTIONS = Set.of("reference_compatibility", "default_minutes");

    @Inject
    RunRepository runs;

    @Inject
    QaService qa;

    @Inject
    CalculationConfig config;

    @Inject
    RunMetrics metrics;

    /** One worker: runs are serial by design, and the partial unique index makes them so across replicas. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "lct-calculation");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /**
     * Validates the request (never null: the API refuses an empty body, the scheduler sends its own), records a queued
     * run and hands it to the worker. {@code bodyProblems} are what reading the request found (its unknown fields),
     * answered together with every other problem of the request.
     */
    public Run submit(RunRequest request, List<FieldError> bodyProblems, String triggeredBy, String requestedBy) {
        try {
            RunOptions options = validate(request, bodyProblems);
            Optional<Long> inserted = insertQueued(options, triggeredBy, requestedBy);
            // the active run may be one that a stopped replica left behind: it must not block every run after it
            if (inserted.isEmpty() && runs.failAbandonedRuns() > 0) {
                inserted = insertQueued(options, triggeredBy, requestedBy);
            }
            if (inserted.isEmpty()) {
                throw conflictWithActiveRun();
            }
            long runId = inserted.get();
            Run queued = runs.find(runId).orElseThrow(); // before the worker can move it on
            worker.submit(() -> execute(runId, options));
            return queued;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the run", e);
        }
    }

    /** The new run's id, or empty when another run is queued or running (the partial unique index refused it). */
    private Optional<Long> insertQueued(RunOptions options, String triggeredBy, String requestedBy) throws SQLException {
        try {
            return Optional.of(runs.insertQueued(options, triggeredBy, requestedBy));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<Run> find(long runId) {
        try {
            return runs.find(runId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** School years with district inputs: the years a filter may name. */
    public List<String> knownYears() {
        try {
            return runs.knownYears();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Staff scope codes of the catalogue: the scopes a filter may name. */
    public List<String> knownScopes() {
        try {
            return runs.knownScopes();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public PageOf<Run> list(String year, Paging paging) {
        try {
            return runs.list(year, paging);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<QaReport> qaReport(long runId) {
        try {
            return runs.qaReport(runId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's work, on the worker thread. */
    void execute(long runId, RunOptions options) {
        long started = System.nanoTime();
        try {
            runs.markRunning(runId);
            CalculationOutcome outcome = calculateAndCommit(runId, options);
            if (!outcome.noChanges() && config.calculation().refreshViews()) {
                refreshViews(runId);
            }
            metrics.recordFinished(options.mode(), "succeeded", outcome.noChanges(), started);
        } catch (Exception e) {
            metrics.recordFinished(options.mode(), "failed", false, started);
            LOG.errorf(e, "Calculation run %d failed", runId);
            try {
                runs.markFailed(runId, describe(e));
            } catch (SQLException recording) {
                LOG.errorf(recording, "Could not record the failure of run %d", runId);
            }
        }
    }

    /**
     * The run wrote its results and its year's statistics in its own transaction; what is left to refresh are the
     * bell-schedule coverage views. They follow the input tables, not the results, but a run with changes means
     * inputs changed, and enrichment-service's single-row writes refresh nothing themselves. A failure here leaves
     * the previous coverage served and the run as it was, without a refresh_ms.
     */
    private void refreshViews(long runId) {
        try {
            runs.refreshViews(runId);
        } catch (SQLException e) {
            LOG.warnf(e, "Could not refresh the coverage views after run %d", runId);
        }
    }

    private CalculationOutcome calculateAndCommit(long runId, RunOptions options) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = runs.connect()) {
            c.setAutoCommit(false);
            try {
                if (!runs.tryCalculationLock(c)) {
                    throw new IllegalStateException("another replica holds the calculation lock");
                }
                // taken before the inputs are read, so it can only err towards recalculating (see lineage_xmin)
                String lineageXmin = runs.snapshotXmin(c);
                Long previous = runs.latestSuccessfulRun(c, options.year()).orElse(null);
                boolean incremental = RunOptions.INCREMENTAL.equals(options.mode());
                Optional<String> unchanged = incremental && previous != null
                        ? runs.unchangedSince(c, runId, previous) : Optional.empty();
                CalculationOutcome outcome = unchanged.isPresent()
                        ? new CalculationOutcome(unchanged.get(), true, 0, 0, 0)
                        : runs.calculate(c, runId, options, previous);
                QaReport report = outcome.noChanges() ? QaReport.noChanges(previous) : qa.report(c, runId, options);
                runs.markSucceeded(c, runId, outcome, previous, report,
                        (int) ((System.nanoTime() - started) / 1_000_000), lineageXmin);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private RunOptions validate(RunRequest request, List<FieldError> bodyProblems) throws SQLException {
        List<FieldError> errors = new ArrayList<>(bodyProblems);
        String mode = request.mode() == null ? RunOptions.FULL : request.mode();
        if (!Set.of(RunOptions.FULL, RunOptions.INCREMENTAL).contains(mode)) {
            errors.add(new FieldError("mode", FieldError.BODY, "allowed_value", "must be one of full, incremental, got '"
                    + abbreviate(mode) + "'"));
        }
        List<String> years = runs.knownYears();
        if (years.isEmpty()) {
            throw new ProblemException(409, org.lct.common.problem.ProblemTypes.CONFLICT, "No inputs",
                    "No district inputs are loaded; import a dataset before calculating.", List.of());
        }
        String year = request.year() == null ? years.getFirst() : request.year();
        if (SchoolYear.parse(year).isEmpty()) {
            errors.add(new FieldError("year", FieldError.BODY, SchoolYear.RULE, SchoolYear.problem(year)));
        } else if (!years.contains(year)) {
            errors.add(new FieldError("year", FieldError.BODY, "known_year",
                    "no district inputs for '" + abbreviate(year) + "'; loaded: " + String.join(", ", years)));
        }

        boolean g1 = false;
        int defaultMinutes = config.calculation().defaultMinutes();
        Map<String, Object> given = request.options() == null ? Map.of() : request.options();
        for (String name : new TreeSet<>(given.keySet())) {
            if (!OPTIONS.contains(name)) {
                errors.add(new FieldError("options." + name, FieldError.BODY, "known_option",
                        "unknown option; allowed: " + String.join(", ", new TreeSet<>(OPTIONS))));
            }
        }
        Object compatibility = given.get("reference_compatibility");
        if (compatibility != null) {
            if (RunOptions.G1.equals(compatibility)) {
                g1 = true;
            } else if (!"none".equals(compatibility)) {
                errors.add(new FieldError("options.reference_compatibility", FieldError.BODY, "allowed_value",
                        "must be one of g1, none, got '" + abbreviate(String.valueOf(compatibility)) + "'"));
            }
        }
        Object minutes = given.get("default_minutes");
        if (minutes != null) {
            if (minutes instanceof Integer value && value >= 120 && value <= 480) {
                defaultMinutes = value;
            } else {
                errors.add(new FieldError("options.default_minutes", FieldError.BODY, "range",
                        "must be a whole number of minutes from 120 to 480"));
            }
        }

        List<String> scopes;
        if (request.scopes() == null || request.scopes().isEmpty()) {
            scopes = g1 || !years.contains(year) ? List.of("teachers_total") : runs.supportedScopes(year);
        } else {
            List<String> known = runs.knownScopes();
            List<String> supported = years.contains(year) ? runs.supportedScopes(year) : known;
            scopes = new ArrayList<>(new LinkedHashSet<>(request.scopes()));
            for (int i = 0; i < request.scopes().size(); i++) {
                String scope = request.scopes().get(i);
                String field = "scopes[" + i + "]";
                if (scope == null || !known.contains(scope)) {
                    errors.add(new FieldError(field, FieldError.BODY, "known_scope",
                            "unknown scope '" + abbreviate(String.valueOf(scope)) + "'; known: " + String.join(", ", known)));
                } else if (g1 && !"teachers_total".equals(scope)) {
                    errors.add(new FieldError(field, FieldError.BODY, "g1_scope",
                            "reference compatibility g1 computes teachers_total only"));
                } else if (!supported.contains(scope)) {
                    errors.add(new FieldError(field, FieldError.BODY, "supported",
                            "the loaded data cannot compute '" + scope + "'; supported for " + year + ": "
                                    + String.join(", ", supported)));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new RunOptions(mode, year, List.copyOf(scopes), g1, defaultMinutes);
    }

    private ProblemException conflictWithActiveRun() throws SQLException {
        String detail = runs.findActiveRunId()
                .map(id -> "Run " + id + " is queued or running; wait for it to finish (GET /api/v1/runs/" + id + ").")
                .orElse("Another run is queued or running.");
        return ProblemException.conflict(detail);
    }

    /** What a failed run records: the database's message, never a stack trace. */
    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
