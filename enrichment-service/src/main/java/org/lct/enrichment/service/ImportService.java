package org.lct.enrichment.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.ProblemTypes;
import org.lct.common.web.Paging;
import org.lct.common.web.RequestId;
import org.lct.enrichment.config.EnrichmentConfig;
import org.lct.enrichment.model.ImportRun;
import org.lct.enrichment.repository.ImportRunRepository;
import org.lct.importer.ImportBusyException;
import org.lct.importer.ImportKind;
import org.lct.importer.ImportRejectedException;
import org.lct.importer.ImportResult;
import org.lct.importer.Importers;
import org.lct.importer.Importers.Format;

/**
 * Runs an import in one transaction (the rows, their lineage and the succeeded run commit together, or nothing
 * does), and records rejected, failed and dry runs in a transaction of their own after the rollback.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ImportRunRepository runs;

    @Inject
    EnrichmentConfig config;

    @Inject
    RequestId requestId;

    @Inject
    MeterRegistry registry;

    /** Thrown inside the import transaction to roll a dry run back once it has been counted. */
    private static final class DryRunDone extends RuntimeException {
        DryRunDone() {
            super(null, null, false, false);
        }
    }

    /**
     * Imports a file and records its outcome in {@code lct_imports_total} (by kind and outcome: succeeded,
     * validated, rejected, busy, too_large, failed) and in one log line, which carries the request id.
     */
    public ImportRun importFile(ImportKind kind, Format format, String fileName, byte[] content, boolean dryRun,
            String actor) {
        try {
            ImportRun run = runImport(kind, format, fileName, content, dryRun, actor);
            recordOutcome(kind, run.status, run);
            return run;
        } catch (ProblemException problem) {
            recordOutcome(kind, switch (problem.status()) {
                case 409 -> "busy";
                case 413 -> "too_large";
                default -> "rejected";
            }, null);
            throw problem;
        } catch (RuntimeException failure) {
            recordOutcome(kind, "failed", null);
            throw failure;
        }
    }

    private void recordOutcome(ImportKind kind, String outcome, ImportRun run) {
        registry.counter("lct.imports", "kind", kind.slug(), "outcome", outcome).increment();
        if (run != null) {
            LOG.infof("Import of %s %s as run %s: %d inserted, %d updated, %d unchanged", kind.slug(), outcome,
                    run.id, run.inserted, run.updated, run.unchanged);
        } else {
            LOG.infof("Import of %s %s", kind.slug(), outcome);
        }
    }

    private ImportRun runImport(ImportKind kind, Format format, String fileName, byte[] content, boolean dryRun,
            String actor) {
        if (content.length > config.importMaxBytes()) {
            throw new ProblemException(413, ProblemTypes.PAYLOAD_TOO_LARGE, "File too large",
                    "The file has " + content.length + " bytes; the limit is " + config.importMaxBytes() + ".",
                    List.of(new FieldError("file", FieldError.FILE, "max_size",
                            "must be at most " + config.importMaxBytes() + " bytes")));
        }
        ImportRun run = new ImportRun();
        run.kind = kind.slug();
        run.format = format.name().toLowerCase(Locale.ROOT);
        run.fileName = fileName;
        run.fileSha256 = sha256(content);
        run.fileBytes = content.length;
        run.dryRun = dryRun;
        run.requestedBy = actor;
        run.correlationId = requestId.value();
        run.startedAt = OffsetDateTime.now();
        try {
            QuarkusTransaction.requiringNew().timeout(Math.toIntExact(config.importTimeout().toSeconds())).run(() -> {
                ImportResult result = write(kind, format, content, run);
                run.rowsRead = result.counts().rows();
                run.inserted = result.counts().inserted();
                run.updated = result.counts().updated();
                run.unchanged = result.counts().unchanged();
                run.warnings = result.warnings();
                if (dryRun) {
                    throw new DryRunDone();
                }
                run.status = "succeeded";
                run.finishedAt = OffsetDateTime.now();
                runs.persist(run);
            });
            return run;
        } catch (DryRunDone done) {
            return record(run, "validated");
        } catch (ImportRejectedException rejected) {
            run.problems = rejected.problems().stream()
                    .map(p -> new FieldError(p.field() == null ? "file" : p.field(), FieldError.FILE, p.rule(),
                            p.message(), p.line()))
                    .toList();
            run.rejected = rejected.totalProblems();
            record(run, "rejected");
            throw new ProblemException(422, ProblemTypes.INVALID_REQUEST, "File rejected",
                    rejected.totalProblems() + " problem(s) in the file; nothing was imported (import run " + run.id
                            + ").", run.problems);
        } catch (ImportBusyException busy) {
            throw ProblemException.conflict(busy.getMessage());
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Import of %s (%s) failed", kind.slug(), run.fileSha256);
            record(run, "failed");
            throw failure;
        }
    }

    public Optional<ImportRun> findImportRun(long id) {
        return runs.findByIdOptional(id);
    }

    public List<ImportRun> listImportRuns(String kind, Paging paging) {
        return runs.listNewestFirst(kind, paging);
    }

    public long countImportRuns(String kind) {
        return runs.countOf(kind);
    }

    private ImportResult write(ImportKind kind, Format format, byte[] content, ImportRun run) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement context = connection.prepareStatement(
                    "SELECT set_change_context(?, ?, ?, ?)")) {
                context.setString(1, run.requestedBy);
                context.setString(2, "import of a " + run.kind + " file");
                context.setString(3, "import:" + run.kind + ":" + (run.fileName == null ? "" : run.fileName + "@")
                        + "sha256:" + run.fileSha256);
                context.setString(4, run.correlationId);
                context.execute();
            }
            ImportResult result = Importers.importFile(connection, kind, format, content);
            if (!run.dryRun && result.counts().inserted() + result.counts().updated() > 0) {
                // the next run is planned with these rows counted (R__90_input_statistics.sql)
                try (PreparedStatement analyze = connection.prepareStatement("SELECT analyze_imported_inputs(?)")) {
                    analyze.setArray(1, connection.createArrayOf("text", kind.tables().toArray()));
                    analyze.execute();
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("import failed in the database", e);
        }
    }

    private ImportRun record(ImportRun run, String status) {
        run.id = null; // an id from a rolled-back insert is not a row
        run.status = status;
        run.finishedAt = OffsetDateTime.now();
        if (!"validated".equals(status)) {
            run.rowsRead = null;
            run.inserted = null;
            run.updated = null;
            run.unchanged = null;
        }
        QuarkusTransaction.requiringNew().run(() -> runs.persist(run));
        return run;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
