#!/usr/bin/env bash
# Benchmarks the calculation-service on the 17,842-district NCES 2023-24 file (dataset/), through its HTTP API,
# against a throwaway PostgreSQL:
#   - full run (every supported scope, QA, summary statistics, and in builds that still materialized them the
#     CONCURRENTLY refresh of mv_lct_summary_stats), median of BENCH_RUNS (default 3)
#   - incremental run after one changed bell schedule, and with no changes
#   - the bare compute-only SQL (minutes x staff / enrollment, rounded, no provenance, no writes) as the floor
#   - the reference's calculate_lct.py (../shared/reference-baseline) when /usr/bin/python3 has pandas and yaml
#   - readers of the current LCT (the current_lct view, as GET /lct reads it)
#     in a loop over JDBC-free psql while full runs execute: query count, errors, median/p95/max latency
# Usage: bench/calculation.sh            (builds the service jar first when it is missing; BENCH_BUILD=1 rebuilds;
#                                         BENCH_KEEP=1 keeps target/bench-PID with the service log;
#                                         BENCH_APP=DIR runs the quarkus-app directory DIR instead, e.g. a copy of
#                                         another commit's build, to compare two builds on the same machine)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LCT_ROOT=$ROOT
source "$ROOT/scripts/lib/toolchain.sh"
source "$ROOT/scripts/lib/postgres.sh"
RUNS=${BENCH_RUNS:-3}
JAR="${BENCH_APP:-$ROOT/calculation-service/target/quarkus-app}/quarkus-run.jar"
KEYS="$ROOT/test-support/src/main/resources/lct-test-jwt"
WORK="$ROOT/target/bench-$$"
mkdir -p "$WORK"

lct_require_java
if [ -n "${BENCH_APP:-}" ]; then
    [ -f "$JAR" ] || lct_die "BENCH_APP: no quarkus-run.jar in $BENCH_APP"
elif [ ! -f "$JAR" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
    lct_require_maven_repository
    lct_mvnw -B -q -pl calculation-service -am package -DskipTests
fi

# --- a throwaway server, removed on exit -------------------------------------------------------------------
lct_pg_require_server
SERVICE_PID=
# the work directory goes too (the reference's outputs among it), unless BENCH_KEEP=1 keeps the logs to read
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
    lct_pg_destroy "$WORK/postgres"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PG_PORT=$(lct_free_port)
lct_pg_start "$WORK/postgres" "$PG_PORT" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
lct_psql postgres -c "CREATE DATABASE lct_bench" >/dev/null
psql_bench() { lct_psql lct_bench "$@"; }

# --- the service (it migrates the empty database itself here), from a copy so a rebuild cannot disturb it ---
cp -r "$(dirname "$JAR")" "$WORK/app"
HTTP_PORT=$(lct_free_port)
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/lct_bench" \
QUARKUS_DATASOURCE_USERNAME="$LCT_PG_USER" QUARKUS_DATASOURCE_PASSWORD="$LCT_PG_PASSWORD" \
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_FLYWAY_MIGRATE_AT_START=true QUARKUS_FLYWAY_VALIDATE_AT_START=false LCT_RECALC_CRON=off \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS/public-key.pem" \
    java -jar "$WORK/app/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
BASE="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
    curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fs "$BASE/q/health/ready" >/dev/null || lct_die "calculation-service did not start; see $WORK/service.log"

# --- inputs: the bundled NCES districts file, one district given a bell schedule ----------------------------
psql_bench <<SQL
CREATE TEMP TABLE nces_file (district_id text, district_name text, state text, enrollment text,
                             instructional_staff text, year text, data_source text);
\copy nces_file FROM '$ROOT/dataset/districts_2023_24_nces.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
SELECT lpad(district_id, 7, '0'), year, district_name, state, enrollment::numeric::integer,
       instructional_staff::numeric, data_source FROM nces_file;
INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, confidence, source_urls)
VALUES ('0100005', '2024-25', 'elementary', 350, 'human_provided', 'high', ARRAY['https://example.org/bench']);
ANALYZE;
SQL

# --- a bearer token signed with the test key (benchmarks only) ---------------------------------------------
b64url() { openssl base64 -e -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
TOKEN_BODY="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '{"iss":"lct","upn":"bench","groups":["operator"],"iat":%d,"exp":%d}' "$NOW" "$((NOW + 3600))" | b64url)"
TOKEN="$TOKEN_BODY.$(printf '%s' "$TOKEN_BODY" | openssl dgst -sha256 -sign "$KEYS/private-key.pem" | b64url)"

# run MODE -> prints "duration_ms refresh_ms result_rows no_changes" once the run and the refreshes that follow it are
# done. duration_ms, result_rows and no_changes are the API's figures. refresh_ms is what the database spent
# refreshing the view over results after the run (materialized_view_refreshes), so that two builds compare: the
# materialized mv_lct_summary_stats in builds before the runs wrote the statistics themselves (inside duration_ms
# since), 0 since. The run's own refresh_ms times what the service refreshes after it: that view before, the
# coverage views since.
run() {
    local id status json
    id=$(curl -fs -X POST "$BASE/api/v1/runs" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d "{\"mode\": \"$1\", \"year\": \"2023-24\"}" | sed -E 's/^\{"id":([0-9]+).*/\1/')
    while :; do
        json=$(curl -fs "$BASE/api/v1/runs/$id")
        status=$(sed -E 's/.*"status":"([a-z]+)".*/\1/' <<<"$json")
        if [ "$status" = failed ]; then lct_die "run $id failed: $json"; fi
        if [ "$status" = succeeded ] && { grep -q '"refresh_ms"' <<<"$json" || grep -q '"no_changes":true' <<<"$json"; }; then
            break
        fi
        sleep 0.02
    done
    # After a run with changes the service refreshes the coverage views too (after it has recorded refresh_ms in
    # builds that refreshed a view over results, before since): wait for them, so that the next measurement does not
    # share the machine with the previous run's tail.
    local refreshed=0
    if ! grep -q '"no_changes":true' <<<"$json"; then
        for _ in $(seq 1 1200); do
            [ "$(psql_bench -tA -c "SELECT count(*) FROM materialized_view_refreshes m JOIN calculation_runs r ON r.id = $id
                                    WHERE m.view_name IN ('mv_state_enrichment_progress', 'mv_unenriched_districts')
                                      AND m.refreshed_at > r.finished_at")" = 2 ] && break
            sleep 0.05
        done
        refreshed=$(psql_bench -tA -c "SELECT coalesce(sum(m.duration_ms), 0) FROM materialized_view_refreshes m
                                       JOIN calculation_runs r ON r.id = $id
                                       WHERE m.view_name NOT IN ('mv_state_enrichment_progress', 'mv_unenriched_districts')
                                         AND m.refreshed_at > r.finished_at")
    fi
    /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["duration_ms"], sys.argv[1], r["result_rows"], r["no_changes"])' \
        "$refreshed" <<<"$json"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

run full >/dev/null   # warm-up: JIT, plan caches, first refresh

# readers during the full runs: the current LCT of one state, as the read API asks for it
READER_SQL="$WORK/readers.sql"
{
    echo '\timing on'
    for _ in $(seq 1 4000); do
        echo "SELECT count(*), avg(lct_minutes) FROM current_lct WHERE school_year = '2023-24' AND state_code = 'CA' AND staff_scope = 'teachers_total';"
    done
} >"$READER_SQL"
psql_bench -f "$READER_SQL" >"$WORK/readers.out" 2>&1 &
READER_PID=$!

FULL=() FULL_REFRESH=()
for _ in $(seq 1 "$RUNS"); do
    read -r took refresh _ _ < <(run full)
    FULL+=("$took"); FULL_REFRESH+=("$((took + refresh))")
done
kill "$READER_PID" 2>/dev/null || true
wait "$READER_PID" 2>/dev/null || true

INCREMENTAL=() INCREMENTAL_REFRESH=() UNCHANGED=()
for i in $(seq 1 "$RUNS"); do
    psql_bench -c "UPDATE bell_schedules SET instructional_minutes = $((340 + i)) WHERE nces_id = '0100005'" >/dev/null
    read -r took refresh _ _ < <(run incremental)
    INCREMENTAL+=("$took"); INCREMENTAL_REFRESH+=("$((took + refresh))")
    read -r took _ rows nochange < <(run incremental)
    [ "$nochange" = True ] || lct_die "an unchanged incremental run did not report no_changes"
    UNCHANGED+=("$took")
done

# the floor: the arithmetic alone, no provenance, no flags, no writes
FLOOR=()
for _ in $(seq 1 "$RUNS"); do
    ms=$(psql_bench -c '\timing on' -c "SELECT count(*), sum(round((360 * instructional_staff_fte::float8 / nullif(enrollment, 0))::numeric, 2)) FROM districts WHERE school_year = '2023-24'" \
        | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p')
    FLOOR+=("$ms")
done

REFERENCE=()
BASELINE="$ROOT/../shared/reference-baseline/calculate_lct.py"
if [ -f "$BASELINE" ] && /usr/bin/python3 -c 'import pandas, yaml' 2>/dev/null; then
    # The reference writes its outputs beside its input: give it copies in the work directory, never dataset/,
    # so nothing it computes can end up in the repository.
    mkdir -p "$WORK/reference"
    cp "$ROOT/dataset/districts_2023_24_nces.csv" "$ROOT/dataset/state-requirements.yaml" "$WORK/reference/"
    for _ in $(seq 1 "$RUNS"); do
        start=$(date +%s%N)
        /usr/bin/python3 "$BASELINE" "$WORK/reference/districts_2023_24_nces.csv" \
            --output "$WORK/reference/reference_with_lct.csv" \
            --state-config "$WORK/reference/state-requirements.yaml" --summary --filter-invalid >/dev/null 2>&1
        REFERENCE+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    done
fi

READ_TIMES=$(sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' "$WORK/readers.out")
READ_COUNT=$(grep -c . <<<"$READ_TIMES" || true)
READ_ERRORS=$(grep -c 'ERROR' "$WORK/readers.out" || true)
READ_MEDIAN=$(median <<<"$READ_TIMES")
READ_P95=$(sort -n <<<"$READ_TIMES" | awk '{a[NR]=$1} END {print a[int(NR * 0.95)]}')
READ_MAX=$(sort -n <<<"$READ_TIMES" | tail -1)

m() { printf '%s\n' "$@" | median; }
full=$(m "${FULL_REFRESH[@]}")
echo
echo "| Measurement (17,842 districts, median of $RUNS) | ms |"
echo "|---|---|"
echo "| Full run: calculation, QA, commit (run duration_ms) | $(m "${FULL[@]}") |"
echo "| Full run including the CONCURRENTLY refresh of the view over results (none once the run writes them) | $full |"
echo "| Incremental run after one changed bell schedule | $(m "${INCREMENTAL[@]}") |"
echo "| ... including the view refresh | $(m "${INCREMENTAL_REFRESH[@]}") |"
echo "| Incremental run with no changes | $(m "${UNCHANGED[@]}") |"
echo "| Bare compute-only SQL (floor) | $(m "${FLOOR[@]}") |"
if [ ${#REFERENCE[@]} -gt 0 ]; then
    ref=$(m "${REFERENCE[@]}")
    echo "| Reference calculate_lct.py, whole process (one scope) | $ref |"
    echo "| Ratio full run (with refresh) / reference | $(awk -v a="$full" -v b="$ref" 'BEGIN {printf "%.2f", a / b}') |"
    echo "| Ratio incremental (with refresh) / reference | $(awk -v a="$(m "${INCREMENTAL_REFRESH[@]}")" -v b="$ref" 'BEGIN {printf "%.2f", a / b}') |"
else
    echo "| Reference calculate_lct.py | not run (needs ../shared and /usr/bin/python3 with pandas and yaml) |"
fi
echo "| Ratio full run (with refresh) / floor | $(awk -v a="$full" -v b="$(m "${FLOOR[@]}")" 'BEGIN {printf "%.1f", a / b}') |"
echo "| Readers during full runs: queries / errors | $READ_COUNT / $READ_ERRORS |"
echo "| Reader latency median / p95 / max | $READ_MEDIAN / $READ_P95 / $READ_MAX |"
