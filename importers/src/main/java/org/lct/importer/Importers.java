package org.lct.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports input files into the schema over the caller's connection and transaction: the caller commits, or rolls
 * back for a dry run or on any failure, so a file is imported whole or not at all. Validation reads the whole file
 * first and rejects it with every problem found ({@link ImportRejectedException}); only a valid file is written,
 * set-based, changing only rows that differ.
 */
public final class Importers {

    /** Formats a file of a kind may come in. */
    public enum Format {
        CSV, YAML, JSON
    }

    /** The bundled dataset's files, relative to the repository root. */
    public static final String BUNDLED_DISTRICTS = "dataset/districts_2023_24_nces.csv";
    public static final String BUNDLED_STATE_REQUIREMENTS = "dataset/state-requirements.yaml";
    public static final String BUNDLED_BELL_SCHEDULES = "dataset/bell_schedules_collected_districts_2024_25.csv";

    private Importers() {
    }

    /**
     * Validates and writes one file in the caller's transaction. Takes a transaction-scoped advisory lock per kind,
     * so two imports of one kind never interleave; throws {@link ImportBusyException} when another holds it.
     */
    public static ImportResult importFile(Connection connection, ImportKind kind, Format format, byte[] content)
            throws SQLException {
        String text = TextFiles.decodeUtf8(content);
        if (!tryLock(connection, kind)) {
            throw new ImportBusyException(kind);
        }
        Vocabulary vocabulary = Vocabulary.load(connection);
        List<String> warnings = new ArrayList<>();
        ImportCounts counts = switch (kind) {
            case DISTRICTS -> {
                requireFormat(kind, format, Format.CSV);
                yield DistrictsImporter.write(connection, DistrictsImporter.parse(text, vocabulary, warnings));
            }
            case STATE_REQUIREMENTS -> {
                requireFormat(kind, format, Format.YAML);
                yield StateRequirementsImporter.write(connection, StateRequirementsImporter.parse(text, vocabulary));
            }
            case BELL_SCHEDULES -> {
                if (format != Format.CSV && format != Format.JSON) {
                    throw unsupported(kind, format);
                }
                List<BellSchedulesImporter.Located> schedules = format == Format.CSV
                        ? BellSchedulesImporter.parseCsv(text, vocabulary, warnings)
                        : BellSchedulesImporter.parseJson(text, vocabulary, warnings);
                BellSchedulesImporter.rejectUnknownDistricts(connection, schedules);
                yield BellSchedulesImporter.write(connection, schedules);
            }
        };
        return new ImportResult(kind, counts, List.copyOf(warnings));
    }

    /**
     * Imports the repository's bundled dataset (districts, then state requirements, then bell schedules) in one
     * transaction of its own and commits. For tests and tools; {@code repositoryRoot} is the checkout.
     */
    public static List<ImportResult> importBundledDataset(Connection connection, Path repositoryRoot)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement context = connection.prepareStatement(
                    "SELECT set_change_context('import:bundled-dataset', 'bundled dataset import', ?, NULL)")) {
                context.setString(1, "dataset/");
                context.execute();
            }
            List<ImportResult> results = List.of(
                    importFile(connection, ImportKind.DISTRICTS, Format.CSV,
                            read(repositoryRoot.resolve(BUNDLED_DISTRICTS))),
                    importFile(connection, ImportKind.STATE_REQUIREMENTS, Format.YAML,
                            read(repositoryRoot.resolve(BUNDLED_STATE_REQUIREMENTS))),
                    importFile(connection, ImportKind.BELL_SCHEDULES, Format.CSV,
                            read(repositoryRoot.resolve(BUNDLED_BELL_SCHEDULES))));
            connection.commit();
            return results;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** {@link #importBundledDataset(Connection, Path)} from the checkout that contains the working directory. */
    public static List<ImportResult> importBundledDataset(Connection connection) throws SQLException {
        return importBundledDataset(connection, repositoryRoot());
    }

    /** The nearest directory upwards from the working directory that holds {@code dataset/}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(BUNDLED_DISTRICTS))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + BUNDLED_DISTRICTS + " above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static boolean tryLock(Connection connection, ImportKind kind) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtext('lct-import'), ?)")) {
            statement.setInt(1, kind.ordinal());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void requireFormat(ImportKind kind, Format format, Format expected) {
        if (format != expected) {
            throw unsupported(kind, format);
        }
    }

    private static ImportRejectedException unsupported(ImportKind kind, Format format) {
        return new ImportRejectedException(ImportProblem.ofFile("format",
                kind.slug() + " files cannot be read as " + format));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
