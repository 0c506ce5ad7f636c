package org.lct.district.repository;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.district.model.EnrichmentCandidate;
import org.lct.district.model.EnrichmentProgress;
import org.lct.district.model.State;
import org.lct.district.model.StateRequirement;

/** Jurisdictions, their requirements and enrichment progress. */
@ApplicationScoped
public class StateRepository {

    private final QueryRunner runner;

    public StateRepository(QueryRunner runner) {
        this.runner = runner;
    }

    private static SqlQuery stateQuery(String year, List<String> codes) {
        return new SqlQuery("""
                SELECT s.code::text AS code, s.name, s.fips::text AS fips, s.jurisdiction_type, ?::text AS school_year,
                       count(d.nces_id) AS districts, coalesce(sum(d.enrollment), 0) AS enrollment
                FROM states s LEFT JOIN districts d ON d.state_code = s.code AND d.school_year = ?
                WHERE true""", year, year)
                .andIf(codes, "s.code = ANY(?::bpchar[])")
                .append(" GROUP BY s.code, s.name, s.fips, s.jurisdiction_type");
    }

    public List<State> states(String year, List<String> codes) {
        return runner.list(stateQuery(year, codes), "code", StateRepository::state);
    }

    public void statesCsv(String year, List<String> codes, OutputStream out) {
        runner.csv(stateQuery(year, codes), "*", List.of(), Map.of(), "code", out);
    }

    public Optional<State> state(String code, String year) {
        return runner.one(stateQuery(year, List.of(code)), StateRepository::state);
    }

    private static SqlQuery requirementQuery(String code) {
        return new SqlQuery("""
                SELECT r.state_code::text AS state_code, r.grade_level, r.valid_from_year::text AS valid_from_year,
                       r.daily_minutes, r.annual_hours, r.annual_days, r.time_counted, r.source_citation,
                       r.source_url, r.notes, sl.sort_order AS level_order
                FROM state_requirements r JOIN school_levels sl ON sl.code = r.grade_level
                WHERE r.state_code = ?""", code);
    }

    private static final String REQUIREMENT_ORDER = "level_order, valid_from_year DESC";
    private static final String REQUIREMENT_CSV_COLUMNS = "state_code, grade_level, valid_from_year, daily_minutes, "
            + "annual_hours, annual_days, time_counted, source_citation, source_url, notes";

    /** Every requirement of the state, all years, by school level and newest first. */
    public List<StateRequirement> requirements(String code) {
        return runner.list(requirementQuery(code), REQUIREMENT_ORDER, DistrictRepository::requirement);
    }

    public void requirementsCsv(String code, OutputStream out) {
        runner.csv(requirementQuery(code), REQUIREMENT_CSV_COLUMNS, List.of(), Map.of(), REQUIREMENT_ORDER, out);
    }

    private static SqlQuery progressQuery(List<String> codes) {
        return new SqlQuery("""
                SELECT state_code::text AS state_code, state_name, total_districts, enriched_districts,
                       total_enrollment, enriched_enrollment, district_coverage_pct, enrollment_coverage_pct,
                       latest_schedule_year::text AS latest_schedule_year
                FROM mv_state_enrichment_progress WHERE true""").andIf(codes, "state_code = ANY(?::bpchar[])");
    }

    public List<EnrichmentProgress> progress(List<String> codes) {
        return runner.list(progressQuery(codes), "state_code", row -> new EnrichmentProgress(
                row.getString("state_code"), row.getString("state_name"), row.getLong("total_districts"),
                row.getLong("enriched_districts"), row.getLong("total_enrollment"), row.getLong("enriched_enrollment"),
                row.getBigDecimal("district_coverage_pct"), row.getBigDecimal("enrollment_coverage_pct"),
                row.getString("latest_schedule_year")));
    }

    public void progressCsv(List<String> codes, OutputStream out) {
        runner.csv(progressQuery(codes), "*", List.of(), Map.of(), "state_code", out);
    }

    private static SqlQuery candidateQuery(List<String> codes, int perState) {
        return new SqlQuery("""
                SELECT state_code::text AS state_code, candidate_rank, nces_id::text AS nces_id, district_name,
                       school_year::text AS school_year, enrollment, enrollment_rank_in_state
                FROM mv_unenriched_districts WHERE candidate_rank <= ?""", perState)
                .andIf(codes, "state_code = ANY(?::bpchar[])");
    }

    private static final String CANDIDATE_ORDER = "state_code, candidate_rank";

    public List<EnrichmentCandidate> candidates(List<String> codes, int perState) {
        return runner.list(candidateQuery(codes, perState), CANDIDATE_ORDER, row -> new EnrichmentCandidate(
                row.getString("state_code"), row.getLong("candidate_rank"), row.getString("nces_id"),
                row.getString("district_name"), row.getString("school_year"), row.getInt("enrollment"),
                row.getLong("enrollment_rank_in_state")));
    }

    public void candidatesCsv(List<String> codes, int perState, OutputStream out) {
        runner.csv(candidateQuery(codes, perState), "*", List.of(), Map.of(), CANDIDATE_ORDER, out);
    }

    static State state(ResultSet row) throws SQLException {
        return new State(row.getString("code"), row.getString("name"), row.getString("fips"),
                row.getString("jurisdiction_type"), row.getString("school_year"), row.getLong("districts"),
                row.getLong("enrollment"));
    }
}
