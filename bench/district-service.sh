#!/usr/bin/env bash
# Benchmarks district-service on the national dataset (17,842 districts), with pgbench running a primary-key lookup of
# the same districts (one statement, prepared) directly against PostgreSQL in the same run as the floor. Prints a
# markdown table (also saved under target/bench/).
#
#   bench/district-service.sh            # 3 runs of 10 s per measurement, 16 connections, heap -Xmx256m
#   BENCH_RUNS=5 BENCH_DURATION=20s BENCH_CONNECTIONS=32 bench/district-service.sh
#   BENCH_APP=/path/to/quarkus-app bench/district-service.sh   # another build (e.g. the previous commit's), to compare
#   BENCH_CACHE_OFF=0 skips the second measurement below (for a build without the response cache)
#   BENCH_WARMUP=60s (default) is how long the lookups run before the first measurement: the JIT compiles the request
#   path for a minute or more under this load, and a shorter warm-up measures the interpreter.
#
# The lookups are measured twice: as deployed (answers kept by their ETag, lct.district.response-cache-size), and
# with that cache off, so every lookup reads PostgreSQL. For each, the CPU time the service and PostgreSQL spent per
# lookup (from /proc) shows where a lookup's time goes.
#
# It starts its own private PostgreSQL (removed afterwards), migrates it, loads dataset/districts_2023_24_nces.csv
# with psql \copy, the state requirements from dataset/state-requirements.yaml, and fabricates one successful LCT run
# (teachers_only, LCT = 360 minutes or the state's high-school minimum × instructional_staff_fte / enrollment) so that
# the current LCT (lct_current, rebuilt from that run) and the views have national volume. That run is benchmark tooling, not the calculation-service's methodology.
# The service runs packaged (target/quarkus-app, built when missing) as a login user that is only a member of
# lct_reader, exactly as deployed. Needs wrk (installed with apt-get when missing and running as root).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LCT_ROOT=$ROOT
# shellcheck source=../scripts/lib/toolchain.sh
. "$ROOT/scripts/lib/toolchain.sh"
# shellcheck source=../scripts/lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"
# shellcheck source=../scripts/lib/wrk.sh
. "$ROOT/scripts/lib/wrk.sh"

RUNS=${BENCH_RUNS:-3}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
HEAP=${BENCH_HEAP:--Xmx256m}
WARMUP=${BENCH_WARMUP:-60s}
DATABASE=lct_bench
JAR="${BENCH_APP:-$ROOT/district-service/target/quarkus-app}/quarkus-run.jar"
WORK="$ROOT/target/bench/work-$$"
OUT_DIR="$ROOT/target/bench"
mkdir -p "$WORK" "$OUT_DIR"

log() { echo "bench: $*" >&2; }

lct_require_java
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing wrk with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 \
            || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
    else
        lct_die "wrk is missing: install it (Debian: apt-get install wrk)"
    fi
fi
if [ ! -f "$JAR" ]; then
    [ -z "${BENCH_APP:-}" ] || lct_die "no quarkus-run.jar in BENCH_APP=$BENCH_APP"
    log "building district-service (package, tests skipped)"
    "$ROOT/lct" test -pl district-service -am -DskipTests -DskipITs=true -q >&2
fi

# --- PostgreSQL -----------------------------------------------------------------------------------------------------
lct_pg_require_server
PG_DIR="$WORK/postgres"
SERVICE_PID=""
cleanup() {
    # the service answers SIGTERM with 143: not a failure of the cleanup, which must go on to stop PostgreSQL
    if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; fi
    lct_pg_destroy "$PG_DIR" || true
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PG_PORT=$(lct_free_port)
lct_pg_start "$PG_DIR" "$PG_PORT" "-c max_connections=100"
lct_psql postgres -c "CREATE DATABASE $DATABASE"
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DATABASE"

HTTP_PORT=$(lct_free_port)
BASE="http://127.0.0.1:$HTTP_PORT"

# Starts the packaged service with extra -D options; sets SERVICE_PID and READY_MS (process start to ready).
start_service() {
    local started now
    started=$(date +%s%N)
    "$JAVA_HOME/bin/java" "$HEAP" -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.datasource.jdbc.url="$JDBC_URL" "$@" \
        -jar "$JAR" >"$WORK/service.log" 2>&1 &
    SERVICE_PID=$!
    until curl -fs -o /dev/null "$BASE/q/health/ready"; do
        kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; lct_die "the service stopped"; }
        sleep 0.02
    done
    now=$(date +%s%N)
    READY_MS=$(( (now - started) / 1000000 ))
}

stop_service() {
    kill "$SERVICE_PID" && wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
}

# The migration step, as the Kubernetes migration Job does it: the same image, once, as the schema owner.
log "migrating (service run once as the owner with migrate-at-start)"
start_service -Dquarkus.datasource.username="$LCT_PG_USER" -Dquarkus.datasource.password="$LCT_PG_PASSWORD" \
    -Dquarkus.flyway.migrate-at-start=true -Dquarkus.flyway.validate-at-start=false
stop_service

log "loading the national districts file, state requirements and one fabricated run"
awk '
    /^  [a-z_]+:$/ { code = ""; e = ""; m = ""; h = "" }
    /^    code:/ { gsub(/[" ]/, "", $2); code = $2 }
    /^    elementary:/ { e = $2 }
    /^    middle_school:/ { m = $2 }
    /^    high_school:/ { h = $2; if (code != "") print code "," e "," m "," h }
' "$ROOT/dataset/state-requirements.yaml" > "$WORK/requirements.csv"
lct_psql "$DATABASE" >/dev/null <<SQL
CREATE TEMP TABLE raw_districts (district_id text, district_name text, state text, enrollment numeric,
                                 instructional_staff numeric, year text, data_source text);
\copy raw_districts FROM '$ROOT/dataset/districts_2023_24_nces.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE raw_requirements (code text, elementary int, middle int, high int);
\copy raw_requirements FROM '$WORK/requirements.csv' WITH (FORMAT csv)
BEGIN;
SELECT set_change_context('bench', 'benchmark load', 'dataset/', NULL);
INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
SELECT lpad(district_id, 7, '0'), year, district_name, state, round(enrollment)::int, instructional_staff, data_source
FROM raw_districts;
INSERT INTO state_requirements (state_code, grade_level, valid_from_year, daily_minutes, source_citation)
SELECT r.code, l.level, '2023-24', l.minutes, 'dataset/state-requirements.yaml'
FROM raw_requirements r
CROSS JOIN LATERAL (VALUES ('elementary', r.elementary), ('middle', r.middle), ('high', r.high)) AS l(level, minutes)
WHERE l.minutes BETWEEN 120 AND 480;
INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at, finished_at, input_hash)
VALUES ('full', 'succeeded', '2023-24', 'cli', 'bench/district-service.sh', now(), now(), repeat('0', 64));
INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, minutes_source,
                              minutes_grade_level, staff_fte, enrollment, lct_minutes, is_valid)
SELECT (SELECT max(id) FROM calculation_runs), d.nces_id, d.school_year, 'teachers_only',
       coalesce(r.daily_minutes, 360), CASE WHEN r.daily_minutes IS NULL THEN 'default' ELSE 'state_requirement' END,
       CASE WHEN r.daily_minutes IS NULL THEN NULL ELSE 'high' END,
       coalesce(d.instructional_staff_fte, 0), coalesce(d.enrollment, 0),
       CASE WHEN d.enrollment > 0 THEN round(coalesce(r.daily_minutes, 360) * d.instructional_staff_fte / d.enrollment, 2) END,
       coalesce(d.enrollment > 0 AND d.instructional_staff_fte > 0, false)
FROM districts d
LEFT JOIN state_requirements r ON r.state_code = d.state_code AND r.grade_level = 'high';
COMMIT;
SELECT rebuild_lct_current();
SELECT refresh_materialized_views();
ANALYZE;
-- pgbench picks a random row number; this maps it to an id (outside the API's schema).
CREATE SCHEMA bench;
CREATE TABLE bench.ids AS
SELECT row_number() OVER (ORDER BY nces_id)::int AS i, nces_id::text AS nces_id, school_year::text AS school_year
FROM districts;
ALTER TABLE bench.ids ADD PRIMARY KEY (i);
CREATE ROLE bench_reader LOGIN PASSWORD 'bench' IN ROLE lct_reader;
SQL
DISTRICTS=$(lct_psql "$DATABASE" -At -c "SELECT count(*) FROM districts")
CA_DISTRICTS=$(lct_psql "$DATABASE" -At -c "SELECT count(*) FROM districts WHERE state_code = 'CA'")
lct_psql "$DATABASE" -At -c "SELECT nces_id FROM bench.ids ORDER BY i" > "$WORK/ids.txt"
log "loaded $DISTRICTS districts ($CA_DISTRICTS in CA)"
# The CA page as DistrictRepository asks for it, with its plan and time inside PostgreSQL, for the log.
lct_psql "$DATABASE" -c "EXPLAIN (ANALYZE, COSTS OFF)
    SELECT * FROM (
        SELECT d.nces_id::text AS nces_id, d.name, d.state_code::text AS state_code, d.school_year::text AS school_year,
               d.enrollment, d.instructional_staff_fte, d.is_shared_service,
               EXISTS (SELECT 1 FROM bell_schedules b JOIN collection_methods m ON m.code = b.method
                       WHERE b.nces_id = d.nces_id AND m.counts_as_enriched) AS has_bell_schedule,
               'teachers_only'::text AS lct_scope, l.lct_minutes, l.is_valid AS lct_is_valid, l.run_id AS lct_run_id
        FROM districts d
        LEFT JOIN current_lct l ON l.school_year = d.school_year AND l.nces_id = d.nces_id AND l.staff_scope = 'teachers_only'
        WHERE d.school_year = '2023-24' AND d.state_code = ANY('{CA}'::bpchar[])) AS listed
    ORDER BY nces_id, nces_id LIMIT 400 OFFSET 0" >&2

# --- the service, as deployed: read-only user, shipped heap limit ----------------------------------------------------
AS_READER=(-Dquarkus.datasource.username=bench_reader -Dquarkus.datasource.password=bench)
READY=()
for run in $(seq 1 "$RUNS"); do
    start_service "${AS_READER[@]}"
    READY+=("$READY_MS")
    [ "$run" -lt "$RUNS" ] && stop_service
done
log "service ready (process start to /q/health/ready): ${READY[*]} ms"

cat > "$WORK/random-district.lua" <<'LUA'
-- GET /api/v1/districts/{id}{suffix} for ids drawn at random from the file named after "--", then the suffix
-- (none, or /lct).
local ids = {}
local suffix = ""
function init(args)
    for line in io.lines(args[1]) do ids[#ids + 1] = line end
    suffix = args[2] or ""
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
    return wrk.format("GET", "/api/v1/districts/" .. ids[math.random(#ids)] .. suffix)
end
LUA

# The floor: one statement, as one prepared round trip, that finds a random district by its primary key. The id is
# drawn as a row number of bench.ids and mapped inside the same statement (a second index lookup, which makes the
# floor a little slower than a bare key lookup, never faster).
cat > "$WORK/lookup.sql" <<SQL
\set i random(1, $DISTRICTS)
SELECT d.nces_id::text AS nces_id, d.name, d.state_code::text AS state_code, d.school_year::text AS school_year, d.enrollment, d.instructional_staff_fte, d.is_shared_service, d.source FROM bench.ids b JOIN districts d ON d.nces_id = b.nces_id AND d.school_year = b.school_year WHERE b.i = :i;
SQL

# The data version behind every ETag, as CatalogueRepository runs it before each read.
cat > "$WORK/version.sql" <<'SQL'
SELECT concat_ws('/', (SELECT max(id) FROM calculation_runs WHERE status = 'succeeded'), (SELECT max(finished_at) FROM calculation_runs WHERE status = 'succeeded'), (SELECT max(refreshed_at) FROM materialized_view_refreshes), (SELECT max(id) FROM data_lineage));
SQL

# wrk --latency: "Requests/sec: N" and "50% 1.23ms"; latencies converted to ms.
# wrk_run URL [LUA_SCRIPT IDS_FILE [SUFFIX]]; WRK_CONNECTIONS/WRK_THREADS override the load (1/1 measures latency
# alone).
wrk_run() {
    local url=$1; shift
    local c=${WRK_CONNECTIONS:-$CONNECTIONS} t=${WRK_THREADS:-$THREADS}
    # options, the URL, then the script's own arguments after --
    if [ $# -gt 0 ]; then
        wrk -t"$t" -c"$c" -d"$DURATION" --latency -s "$1" "$url" -- "$2" "${3:-}" > "$WORK/wrk.txt"
    else
        wrk -t"$t" -c"$c" -d"$DURATION" --latency "$url" > "$WORK/wrk.txt"
    fi
    if grep -q "Non-2xx" "$WORK/wrk.txt"; then cat "$WORK/wrk.txt" >&2; lct_die "non-2xx answers from $url"; fi
    lct_wrk_summary "$WORK/wrk.txt"
}

pgbench_run() {
    local script=${1:-$WORK/lookup.sql}
    PGPASSWORD=$LCT_PG_PASSWORD "$LCT_PG_BIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U "$LCT_PG_USER" \
        -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" -f "$script" "$DATABASE" >"$WORK/pgbench.txt" 2>&1 || true
    if ! grep -q "^tps = " "$WORK/pgbench.txt" || grep -q "number of failed transactions: [1-9]" "$WORK/pgbench.txt"; then
        tail -n 30 "$WORK/pgbench.txt" >&2; lct_die "pgbench failed with $script"
    fi
    awk '/^tps = / { tps = $3 } /^latency average/ { avg = $4 } END { printf "%.0f %.2f\n", tps, avg }' "$WORK/pgbench.txt"
}

# cpu_ticks -> "service_ticks postgres_ticks": user + system CPU so far of the service and of every PostgreSQL process
cpu_ticks() {
    local postmaster pid service postgres=0
    service=$(awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat")
    postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid")
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        postgres=$((postgres + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$service $postgres"
}

# per_request TICKS -> CPU ms per request of the last wrk run ($WORK/wrk.txt)
per_request() {
    local requests
    requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
    awk -v t="$1" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t * 1000 / hz / n }'
}

# cache_gets RESULT -> the service's response cache gets so far with that result (hit or miss)
cache_gets() {
    curl -fs "$BASE/q/metrics" | awk -v r="result=\"$1\"" '/^cache_gets_total\{/ && index($0, "cache=\"district-responses\"") && index($0, r) { n += $NF } END { printf "%.0f", n }'
}

# lookups LABEL: the floor, then the reads (detail, LCT history, CA page, summary), RUNS times; appends to the arrays
lookups() {
    local run tps avg rps p50 p99 service0 postgres0 service1 postgres1 hits0 misses0
    for run in $(seq 1 "$RUNS"); do
        log "$1: run $run of $RUNS"
        read -r tps avg < <(pgbench_run)
        FLOOR_TPS+=("$tps") FLOOR_AVG+=("$avg")
        # resident memory sampled while the lookups run
        ( peak=0; while kill -0 "$SERVICE_PID" 2>/dev/null && [ ! -f "$WORK/stop-sampling" ]; do
              rss=$(ps -o rss= -p "$SERVICE_PID" | tr -d ' '); [ "${rss:-0}" -gt "$peak" ] && peak=$rss; sleep 0.25
          done; echo "$peak" > "$WORK/rss" ) &
        sampler=$!
        hits0=$(cache_gets hit) misses0=$(cache_gets miss)
        read -r service0 postgres0 < <(cpu_ticks)
        read -r rps p50 p99 < <(wrk_run "$BASE/api/v1/districts/0000000" "$WORK/random-district.lua" "$WORK/ids.txt")
        read -r service1 postgres1 < <(cpu_ticks)
        touch "$WORK/stop-sampling"; wait "$sampler"; rm -f "$WORK/stop-sampling"
        RSS_MB+=("$(( $(cat "$WORK/rss") / 1024 ))")
        LOOKUP_RPS+=("$rps") LOOKUP_P50+=("$p50") LOOKUP_P99+=("$p99")
        RATIO+=("$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')")
        SERVICE_CPU+=("$(per_request $((service1 - service0)))") POSTGRES_CPU+=("$(per_request $((postgres1 - postgres0)))")
        HIT_RATIO+=("$(awk -v h="$(( $(cache_gets hit) - hits0 ))" -v m="$(( $(cache_gets miss) - misses0 ))" \
            'BEGIN { printf "%.2f", (h + m) ? h / (h + m) : 0 }')")
        read -r rps p50 p99 < <(wrk_run "$BASE/api/v1/districts/0000000" "$WORK/random-district.lua" "$WORK/ids.txt" /lct)
        LCT_RPS+=("$rps") LCT_P50+=("$p50") LCT_P99+=("$p99")
        LCT_RATIO+=("$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')")
        # latency of one client at a time: no queueing behind other requests on the two cores
        read -r rps p50 p99 < <(WRK_CONNECTIONS=1 WRK_THREADS=1 wrk_run "$BASE/api/v1/districts/0000000" "$WORK/random-district.lua" "$WORK/ids.txt")
        ONE_LOOKUP_P50+=("$p50") ONE_LOOKUP_P99+=("$p99")
        read -r rps p50 p99 < <(wrk_run "$BASE/api/v1/districts?state=CA&size=400")
        CA_RPS+=("$rps") CA_P50+=("$p50") CA_P99+=("$p99")
        read -r rps p50 p99 < <(wrk_run "$BASE/api/v1/states/CA/summary")
        SUM_RPS+=("$rps") SUM_P50+=("$p50") SUM_P99+=("$p99")
        read -r rps p50 p99 < <(WRK_CONNECTIONS=1 WRK_THREADS=1 wrk_run "$BASE/api/v1/districts?state=CA&size=400")
        ONE_CA_P50+=("$p50") ONE_CA_P99+=("$p99")
        read -r rps p50 p99 < <(WRK_CONNECTIONS=1 WRK_THREADS=1 wrk_run "$BASE/api/v1/states/CA/summary")
        ONE_SUM_P50+=("$p50") ONE_SUM_P99+=("$p99")
    done
}

# lookup_rows LABEL: the report rows of the lookups measured last (reset_lookups empties them)
lookup_rows() {
    echo "| $1: \`GET /api/v1/districts/{id}\`, random ids: req/s | $(median "${LOOKUP_RPS[@]}") (${LOOKUP_RPS[*]}) |"
    echo "| $1: the floor, a primary-key lookup of a random district by pgbench (one statement, prepared): tx/s | $(median "${FLOOR_TPS[@]}") (${FLOOR_TPS[*]}) |"
    echo "| $1: lookup / floor | $(median "${RATIO[@]}") (${RATIO[*]}) |"
    echo "| $1: lookup p50 / p99 ms, one client | $(median "${ONE_LOOKUP_P50[@]}") / $(median "${ONE_LOOKUP_P99[@]}") |"
    echo "| $1: lookup p50 / p99 ms, $CONNECTIONS connections | $(median "${LOOKUP_P50[@]}") / $(median "${LOOKUP_P99[@]}") |"
    echo "| $1: CPU ms per lookup, service / PostgreSQL | $(median "${SERVICE_CPU[@]}") / $(median "${POSTGRES_CPU[@]}") |"
    echo "| $1: lookups answered from the response cache | $(median "${HIT_RATIO[@]}") (${HIT_RATIO[*]}) |"
    echo "| $1: \`GET /api/v1/districts/{id}/lct\`, random ids: req/s | $(median "${LCT_RPS[@]}") (${LCT_RPS[*]}) |"
    echo "| $1: LCT history / floor | $(median "${LCT_RATIO[@]}") (${LCT_RATIO[*]}) |"
    echo "| $1: LCT history p50 / p99 ms, $CONNECTIONS connections | $(median "${LCT_P50[@]}") / $(median "${LCT_P99[@]}") |"
    echo "| $1: pgbench average latency ms | $(median "${FLOOR_AVG[@]}") |"
    echo "| $1: resident memory under lookup load, MB (peak) | $(median "${RSS_MB[@]}") (${RSS_MB[*]}) |"
    echo "| $1: \`GET /api/v1/districts?state=CA&size=400\` (first page of 400): req/s | $(median "${CA_RPS[@]}") (${CA_RPS[*]}) |"
    echo "| $1: CA page p50 / p99 ms, one client | $(median "${ONE_CA_P50[@]}") / $(median "${ONE_CA_P99[@]}") |"
    echo "| $1: CA page p50 / p99 ms, $CONNECTIONS connections | $(median "${CA_P50[@]}") / $(median "${CA_P99[@]}") |"
    echo "| $1: \`GET /api/v1/states/CA/summary\`: req/s | $(median "${SUM_RPS[@]}") (${SUM_RPS[*]}) |"
    echo "| $1: summary p50 / p99 ms, one client | $(median "${ONE_SUM_P50[@]}") / $(median "${ONE_SUM_P99[@]}") |"
    echo "| $1: summary p50 / p99 ms, $CONNECTIONS connections | $(median "${SUM_P50[@]}") / $(median "${SUM_P99[@]}") |"
}

reset_lookups() {
    LOOKUP_RPS=() LOOKUP_P50=() LOOKUP_P99=() FLOOR_TPS=() FLOOR_AVG=() RATIO=() RSS_MB=() SERVICE_CPU=() POSTGRES_CPU=()
    HIT_RATIO=() LCT_RPS=() LCT_P50=() LCT_P99=() LCT_RATIO=() ONE_LOOKUP_P50=() ONE_LOOKUP_P99=()
    CA_RPS=() CA_P50=() CA_P99=() SUM_RPS=() SUM_P50=() SUM_P99=() ONE_CA_P50=() ONE_CA_P99=() ONE_SUM_P50=() ONE_SUM_P99=()
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# warm_up: the JIT compiles the request paths (lookups, LCT history, CA page, summary, CSV)
warm_up() {
    log "warming up for $WARMUP"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/random-district.lua" "$BASE/api/v1/districts/0000000" -- "$WORK/ids.txt" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/random-district.lua" "$BASE/api/v1/districts/0000000" -- "$WORK/ids.txt" /lct >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/api/v1/districts?state=CA&size=400" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$BASE/api/v1/states/CA/summary" >/dev/null
    curl -fs -o /dev/null "$BASE/api/v1/districts?format=csv"
}

read -r VERSION_TPS VERSION_AVG < <(pgbench_run "$WORK/version.sql")
VERSION_SINGLE=$(lct_psql "$DATABASE" -At -c "EXPLAIN (ANALYZE, FORMAT JSON) $(cat "$WORK/version.sql")" \
    | sed -n 's/.*"Execution Time": \([0-9.]*\).*/\1/p' | head -n 1)

warm_up
reset_lookups
lookups "as deployed"
CACHED_ROWS=$(lookup_rows "as deployed")
reset_lookups
CSV_S=()
for run in $(seq 1 "$RUNS"); do
    seconds=$(curl -fs -o "$WORK/national.csv" -w '%{time_total}' "$BASE/api/v1/districts?format=csv")
    CSV_S+=("$seconds")
    rows=$(( $(wc -l < "$WORK/national.csv") - 1 ))
    [ "$rows" -eq "$DISTRICTS" ] || lct_die "the national CSV has $rows rows, expected $DISTRICTS"
done
ca_total=$(curl -fs "$BASE/api/v1/districts?state=CA&size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')

UNCACHED_ROWS=""
if [ "${BENCH_CACHE_OFF:-1}" = 1 ]; then
    log "restarting the service with the response cache off"
    stop_service
    start_service "${AS_READER[@]}" -Dlct.district.response-cache-size=0
    warm_up
    lookups "cache off"
    UNCACHED_ROWS=$(lookup_rows "cache off")
fi

REPORT="$OUT_DIR/district-service-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "district-service benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)), $RUNS runs of $DURATION after $WARMUP of warm-up, $CONNECTIONS connections, $THREADS wrk/pgbench threads, heap $HEAP; $ca_total CA districts; medians (all runs in brackets)"
    echo
    echo "| Measurement | Result |"
    echo "|---|---|"
    echo "$CACHED_ROWS"
    [ -z "$UNCACHED_ROWS" ] || echo "$UNCACHED_ROWS"
    echo "| national CSV \`GET /api/v1/districts?format=csv\` ($DISTRICTS rows): seconds | $(median "${CSV_S[@]}") (${CSV_S[*]}) |"
    echo "| ETag data-version query alone: pgbench tx/s, average ms; one execution (EXPLAIN ANALYZE) ms | $VERSION_TPS, $VERSION_AVG; $VERSION_SINGLE |"
    echo "| process start to ready, ms | $(median "${READY[@]}") (${READY[*]}) |"
} | tee "$REPORT"
log "saved $REPORT"
