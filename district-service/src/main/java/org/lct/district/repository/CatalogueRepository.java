package org.lct.district.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.district.model.Metadata;

/** Vocabularies, years, the data dictionary and the data version the ETags are made from. */
@ApplicationScoped
public class CatalogueRepository {

    /**
     * What every read depends on, in one cheap statement (three index lookups): the newest successful run, the
     * newest view refresh and the newest lineage entry (every write to an input table appends one).
     */
    private static final String DATA_VERSION = """
            SELECT concat_ws('/',
                (SELECT max(id) FROM calculation_runs WHERE status = 'succeeded'),
                (SELECT max(finished_at) FROM calculation_runs WHERE status = 'succeeded'),
                (SELECT max(refreshed_at) FROM materialized_view_refreshes),
                (SELECT max(id) FROM data_lineage))
            """;

    /** The relations the API reads, in the order the data dictionary lists them. */
    public static final List<String> DOCUMENTED_RELATIONS = List.of("states", "districts", "state_requirements",
            "bell_schedules", "calculation_runs", "lct_calculations", "current_lct", "lct_summary_stats",
            "mv_state_enrichment_progress", "mv_unenriched_districts", "staff_scopes", "collection_methods",
            "confidence_levels");

    private final QueryRunner runner;

    public CatalogueRepository(QueryRunner runner) {
        this.runner = runner;
    }

    public String dataVersion() {
        return runner.one(new SqlQuery(DATA_VERSION), row -> row.getString(1)).orElse("");
    }

    public List<String> stateCodes() {
        return runner.list(new SqlQuery("SELECT code FROM states ORDER BY code"), row -> row.getString(1));
    }

    public List<Metadata.Code> states() {
        return runner.list(new SqlQuery("SELECT code, name, jurisdiction_type FROM states ORDER BY code"),
                row -> new Metadata.Code(row.getString("code"), row.getString("name"),
                        row.getString("jurisdiction_type")));
    }

    public List<Metadata.Code> staffScopes() {
        return runner.list(new SqlQuery("SELECT code, label, definition FROM staff_scopes ORDER BY sort_order"),
                row -> new Metadata.Code(row.getString("code"), row.getString("label"), row.getString("definition")));
    }

    public List<Metadata.Code> collectionMethods() {
        return runner.list(new SqlQuery("SELECT code, label, description FROM collection_methods ORDER BY code"),
                row -> new Metadata.Code(row.getString("code"), row.getString("label"), row.getString("description")));
    }

    public List<Metadata.Code> confidenceLevels() {
        return runner.list(new SqlQuery("SELECT code, description FROM confidence_levels ORDER BY rank DESC"),
                row -> new Metadata.Code(row.getString("code"), row.getString("code"), row.getString("description")));
    }

    /** Where a result's minutes came from, in the calculation's order of preference. */
    public List<Metadata.Code> minutesSources() {
        return runner.list(new SqlQuery("SELECT code, label, description FROM minutes_sources ORDER BY sort_order"),
                row -> new Metadata.Code(row.getString("code"), row.getString("label"), row.getString("description")));
    }

    /** NCES years with districts, newest first, with each year's current run. */
    public List<Metadata.Year> years() {
        return runner.list(new SqlQuery("""
                SELECT d.school_year, count(*) AS districts, r.run_id
                FROM districts d LEFT JOIN latest_successful_runs r ON r.school_year = d.school_year
                GROUP BY d.school_year, r.run_id
                ORDER BY d.school_year DESC
                """), row -> new Metadata.Year(row.getString("school_year"), row.getLong("districts"),
                QueryRunner.longOrNull(row, "run_id")));
    }

    /** The first staff scope, in catalogue order, with results in the current run of {@code year}. */
    public Optional<String> firstScopeWithResults(String year) {
        return runner.one(new SqlQuery("""
                SELECT m.staff_scope FROM lct_summary_stats m JOIN staff_scopes s ON s.code = m.staff_scope
                WHERE m.school_year = ? AND m.geography = 'US'
                ORDER BY s.sort_order LIMIT 1""", year), row -> row.getString(1));
    }

    public Optional<String> newestYear() {
        return runner.one(new SqlQuery("SELECT max(school_year) FROM districts"), row -> row.getString(1));
    }

    /** Every column of the documented relations with its type and its schema comment (pg_description). */
    public List<Metadata.Column> columns() {
        return runner.list(new SqlQuery("""
                SELECT c.relname AS table_name, a.attname AS column_name,
                       format_type(a.atttypid, a.atttypmod) AS column_type,
                       col_description(c.oid, a.attnum) AS description
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relname = ANY(?)
                ORDER BY array_position(?::text[], c.relname::text), a.attnum
                """, DOCUMENTED_RELATIONS, DOCUMENTED_RELATIONS),
                row -> new Metadata.Column(row.getString("table_name"), row.getString("column_name"),
                        row.getString("column_type"), null, row.getString("description")));
    }
}
