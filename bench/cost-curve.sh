#!/usr/bin/env bash
# The cost curve: how the platform's cost grows with stored history and with the number of districts. Synthetic
# inputs from bench/generate-history.py (the NCES districts file, CCD 052 membership and 059 staff long files, per
# school year) go through the real paths: enrichment-service's import API, calculation-service's POST /api/v1/runs,
# district-service's GET /api/v1/districts/{id}, against a throwaway PostgreSQL. Prints markdown tables (also saved
# as target/bench/cost-curve.md):
#   1. history: for each of BENCH_YEARS school years, oldest first, the import time of its three files, a full run
#      of that year (every scope the data supports), and the database and data_lineage sizes afterwards; then the
#      oldest year's full run again with every year stored, against its run with one year stored;
#   2. lookups: GET /api/v1/districts/{id} (random ids, wrk) with one year stored and with every year stored, each
#      once no autovacuum worker has run for 5 s;
#   3. size: one school year of BENCH_SIZES districts, each in a fresh database: import times and a full run.
#
#   bench/cost-curve.sh                                        # 10 years; 1k, 5k, 17,842, 50k and 100k districts
#   BENCH_YEARS=3 BENCH_SIZES=1000,5000 BENCH_DURATION=5s bench/cost-curve.sh   # a quick small run
#   BENCH_SIZES= bench/cost-curve.sh        # the history only
#   BENCH_SIZE_CCD=0 bench/cost-curve.sh    # the size runs import the districts file only (one scope)
#   BENCH_KEEP=1 keeps target/bench/cost-curve-PID (generated files, service logs)
#   BENCH_EXPLAIN=1 logs the plan of every statement over 1 s (auto_explain, nested statements, analysed) into
#   target/bench/cost-curve-postgres.log, to find what grows
#
# The services run packaged (*/target/quarkus-app, copied, so a rebuild cannot disturb them; built when missing),
# logged in as the schema owner like bench/calculation.sh, with the import limits raised for national files.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LCT_ROOT=$ROOT
# shellcheck source=../scripts/lib/toolchain.sh
source "$ROOT/scripts/lib/toolchain.sh"
# shellcheck source=../scripts/lib/postgres.sh
source "$ROOT/scripts/lib/postgres.sh"
# shellcheck source=../scripts/lib/wrk.sh
source "$ROOT/scripts/lib/wrk.sh"

YEARS=${BENCH_YEARS:-10}
LAST_YEAR=${BENCH_LAST_YEAR:-2023}
SIZES=${BENCH_SIZES-1000,5000,17842,50000,100000}
SIZE_CCD=${BENCH_SIZE_CCD:-1}
DURATION=${BENCH_DURATION:-10s}
# the JIT compiles the request path for a minute or more under load; shorter and the first measurement is slower
WARMUP=${BENCH_WARMUP:-60s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
# the enrichment-service holds a whole file and its parsed rows while it validates them
IMPORT_HEAP=${BENCH_IMPORT_HEAP:--Xmx4g}
IMPORT_MAX_BYTES=${BENCH_IMPORT_MAX_BYTES:-1073741824}
# an import is one transaction; a national staff file can outlast the default 60 s on a busy machine
IMPORT_TIMEOUT=${BENCH_IMPORT_TIMEOUT:-900s}
KEYS="$ROOT/test-support/src/main/resources/lct-test-jwt"
OUT_DIR="$ROOT/target/bench"
WORK="$OUT_DIR/cost-curve-$$"
REPORT="$OUT_DIR/cost-curve.md"
SERVICES=(enrichment-service calculation-service district-service)
mkdir -p "$WORK"

log() { echo "bench: $(date -u +%H:%M:%S) $*" >&2; }

lct_require_java
command -v jq >/dev/null 2>&1 || lct_apt_install "jq (it reads the services' answers)" jq
command -v wrk >/dev/null 2>&1 || lct_apt_install "wrk (it measures the lookups)" wrk
for service in "${SERVICES[@]}"; do
    if [ ! -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
        lct_require_maven_repository
        log "building the services (package, tests skipped)"
        lct_mvnw -B -q -pl district-service,enrichment-service,calculation-service -am package -DskipTests
        break
    fi
done
for service in "${SERVICES[@]}"; do cp -r "$ROOT/$service/target/quarkus-app" "$WORK/$service"; done

# --- a throwaway server and the services, all removed on exit --------------------------------------------------
lct_pg_require_server
declare -A PIDS=() PORTS=()
cleanup() {
    local service
    # a service answers SIGTERM with 143: not a failure of the cleanup, which must go on to stop PostgreSQL
    for service in "${!PIDS[@]}"; do kill "${PIDS[$service]}" 2>/dev/null && wait "${PIDS[$service]}" 2>/dev/null || true; done
    [ "${BENCH_EXPLAIN:-0}" = 1 ] && cp "$WORK/postgres/server.log" "$OUT_DIR/cost-curve-postgres.log" 2>/dev/null
    lct_pg_destroy "$WORK/postgres" || true
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PG_PORT=$(lct_free_port)
PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=512MB"
if [ "${BENCH_EXPLAIN:-0}" = 1 ]; then
    PG_OPTIONS+=" -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=1000"
    PG_OPTIONS+=" -c auto_explain.log_analyze=on -c auto_explain.log_nested_statements=on -c auto_explain.log_buffers=on"
fi
lct_pg_start "$WORK/postgres" "$PG_PORT" "$PG_OPTIONS" >/dev/null
for service in "${SERVICES[@]}"; do PORTS[$service]=$(lct_free_port); done

# start_service SERVICE DATABASE [java option...]: the packaged service on DATABASE, waited for until ready
start_service() {
    local service=$1 database=$2; shift 2
    QUARKUS_HTTP_PORT=${PORTS[$service]} QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$database" \
    QUARKUS_DATASOURCE_USERNAME="$LCT_PG_USER" QUARKUS_DATASOURCE_PASSWORD="$LCT_PG_PASSWORD" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS/public-key.pem" LCT_RECALC_CRON=off \
    LCT_ENRICHMENT_IMPORT_MAX_BYTES=$IMPORT_MAX_BYTES QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=$((IMPORT_MAX_BYTES / 1048576 + 64))M \
    LCT_ENRICHMENT_IMPORT_TIMEOUT=$IMPORT_TIMEOUT \
        "$JAVA_HOME/bin/java" "$@" -jar "$WORK/$service/quarkus-run.jar" >>"$WORK/$service.log" 2>&1 &
    PIDS[$service]=$!
    until curl -fs -o /dev/null "http://127.0.0.1:${PORTS[$service]}/q/health/ready"; do
        kill -0 "${PIDS[$service]}" 2>/dev/null || { tail -n 30 "$WORK/$service.log" >&2; lct_die "$service stopped"; }
        sleep 0.2
    done
}

stop_services() {
    local service
    for service in "${!PIDS[@]}"; do
        kill "${PIDS[$service]}" 2>/dev/null && wait "${PIDS[$service]}" 2>/dev/null || true
        unset "PIDS[$service]"
    done
}

# new_database NAME: created empty and migrated as the migration Job does it (enrichment-service, once, as owner)
new_database() {
    lct_psql postgres -c "CREATE DATABASE $1" >/dev/null
    QUARKUS_INIT_AND_EXIT=true QUARKUS_FLYWAY_MIGRATE_AT_START=true QUARKUS_FLYWAY_VALIDATE_AT_START=false \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$1" \
    QUARKUS_DATASOURCE_USERNAME="$LCT_PG_USER" QUARKUS_DATASOURCE_PASSWORD="$LCT_PG_PASSWORD" \
        "$JAVA_HOME/bin/java" -jar "$WORK/enrichment-service/quarkus-run.jar" >>"$WORK/migration.log" 2>&1 \
        || { tail -n 30 "$WORK/migration.log" >&2; lct_die "migrating $1 failed"; }
}

# --- a bearer token signed with the test key (benchmarks only) -------------------------------------------------
b64url() { openssl base64 -e -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
TOKEN_BODY="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '{"iss":"lct","upn":"bench","groups":["enricher","operator"],"iat":%d,"exp":%d}' "$NOW" "$((NOW + 6 * 3600))" | b64url)"
TOKEN="$TOKEN_BODY.$(printf '%s' "$TOKEN_BODY" | openssl dgst -sha256 -sign "$KEYS/private-key.pem" | b64url)"

# import KIND FILE -> "seconds inserted" (curl's whole request, upload included); stops on anything but 201
import() {
    local answer status seconds
    answer=$(curl -sS -w '\n%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" -F "file=@$2" \
        "http://127.0.0.1:${PORTS[enrichment-service]}/api/v1/imports/$1")
    read -r status seconds <<<"${answer##*$'\n'}"
    answer=${answer%$'\n'*}
    [ "$status" = 201 ] || { echo "$answer" >&2; lct_die "import of $2 as $1 answered $status"; }
    [ "$(jq -r .status <<<"$answer")" = succeeded ] || { echo "$answer" >&2; lct_die "import of $2 did not succeed"; }
    echo "$seconds $(jq -r '.inserted // 0' <<<"$answer")"
}

# full_run YEAR -> "duration_ms wall_ms refresh_ms result_rows scopes": POST a full run of YEAR (every scope the
# data supports) and wait until it has succeeded and the service has recorded its refresh_ms (the refresh of the
# view over results in builds that materialized the statistics; of the coverage views since the run writes them);
# wall time is from POST to that moment
full_run() {
    local base="http://127.0.0.1:${PORTS[calculation-service]}/api/v1/runs" started id json status
    started=$(date +%s%N)
    id=$(curl -fsS -X POST "$base" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d "{\"mode\": \"full\", \"year\": \"$1\"}" | jq -r .id)
    while :; do
        json=$(curl -fsS "$base/$id")
        status=$(jq -r .status <<<"$json")
        [ "$status" != failed ] || lct_die "run $id failed: $json"
        [ "$status" = succeeded ] && [ "$(jq -r '.refresh_ms // empty' <<<"$json")" != "" ] && break
        sleep 0.05
    done
    echo "$(jq -r .duration_ms <<<"$json") $(( ($(date +%s%N) - started) / 1000000 )) $(jq -r .refresh_ms <<<"$json")" \
         "$(jq -r .result_rows <<<"$json") $(jq -r '.parameters.scopes | length' <<<"$json")"
}

# refreshes DATABASE -> "result_ms coverage_ms": what the database spent after the newest successful run refreshing
# the view over results (mv_lct_summary_stats, in builds that materialized it; 0 since the run writes the statistics
# itself, inside its duration_ms) and the two coverage views (refreshed by the service after every run with
# changes), from materialized_view_refreshes, so that builds compare; waited for up to a minute
refreshes() {
    local ms
    for _ in $(seq 1 600); do
        ms=$(lct_psql "$1" -At -F ' ' -c "SELECT
                coalesce(sum(v.duration_ms) FILTER (WHERE v.view_name NOT IN ('mv_state_enrichment_progress', 'mv_unenriched_districts')), 0),
                sum(v.duration_ms) FILTER (WHERE v.view_name IN ('mv_state_enrichment_progress', 'mv_unenriched_districts'))
            FROM materialized_view_refreshes v
            WHERE v.refreshed_at > (SELECT max(finished_at) FROM calculation_runs WHERE status = 'succeeded')
            HAVING count(*) FILTER (WHERE v.view_name IN ('mv_state_enrichment_progress', 'mv_unenriched_districts')) = 2")
        [ -n "$ms" ] && { echo "$ms"; return; }
        sleep 0.1
    done
    echo "? ?"
}

# sizes DATABASE -> "database_MB lineage_MB lineage_rows"
sizes() {
    lct_psql "$1" -At -F ' ' -c "SELECT round(pg_database_size(current_database()) / 1048576.0),
        round(pg_total_relation_size('data_lineage') / 1048576.0), (SELECT count(*) FROM data_lineage)"
}

cat > "$WORK/random-district.lua" <<'LUA'
-- GET /api/v1/districts/{id} for ids drawn at random from the file named after "--"
local ids = {}
function init(args)
    for line in io.lines(args[1]) do ids[#ids + 1] = line end
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
    return wrk.format("GET", "/api/v1/districts/" .. ids[math.random(#ids)])
end
LUA

# quiet DATABASE -> seconds waited: until no autovacuum worker has run for 5 s (at most 15 minutes), then a checkpoint,
# so that the maintenance an import sets off does not share the machine with a measurement
quiet() {
    local waited=0 calm=0
    while [ "$calm" -lt 5 ] && [ "$waited" -lt 900 ]; do
        if [ "$(lct_psql "$1" -At -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" = 0 ]; then
            calm=$((calm + 1))
        else
            calm=0
        fi
        sleep 1
        waited=$((waited + 1))
    done
    lct_psql "$1" -c "CHECKPOINT" >/dev/null
    echo "$waited"
}

# lookups -> "req/s p50_ms p99_ms": random districts on district-service, after a warm-up
lookups() {
    local url="http://127.0.0.1:${PORTS[district-service]}/api/v1/districts/0000000"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/random-district.lua" "$url" -- "$WORK/ids.txt" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/random-district.lua" "$url" -- "$WORK/ids.txt" \
        >"$WORK/wrk.txt"
    if grep -q "Non-2xx" "$WORK/wrk.txt"; then cat "$WORK/wrk.txt" >&2; lct_die "non-2xx answers from $url"; fi
    lct_wrk_summary "$WORK/wrk.txt"
}

school_year() { printf '%d-%02d' "$1" $(( ($1 + 1) % 100 )); }
short_year() { printf '%02d%02d' $(( $1 % 100 )) $(( ($1 + 1) % 100 )); }
file_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f %%", (a - b) * 100 / b }'; }

# --- 1 and 2: history ------------------------------------------------------------------------------------------
FIRST_YEAR=$((LAST_YEAR - YEARS + 1))
log "generating $YEARS school years of the national districts ($(school_year "$FIRST_YEAR") .. $(school_year "$LAST_YEAR"))"
/usr/bin/python3 "$ROOT/bench/generate-history.py" --out "$WORK/history" --years "$YEARS" --last-year "$LAST_YEAR" 2>/dev/null
awk -F, 'NR > 1 { printf "%07d\n", $1 }' "$WORK/history/districts_${LAST_YEAR}_$(printf %02d $(( (LAST_YEAR + 1) % 100 ))).csv" \
    >"$WORK/ids.txt"
DISTRICTS=$(wc -l <"$WORK/ids.txt")

new_database lct_history
start_service enrichment-service lct_history "$IMPORT_HEAP"
start_service calculation-service lct_history
# the lookups measure PostgreSQL's share as history grows: answers kept by their ETag would hide it
start_service district-service lct_history -Xmx256m -Dlct.district.response-cache-size=0
import state-requirements "$ROOT/dataset/state-requirements.yaml" >/dev/null

HISTORY_ROWS=()
for year in $(seq "$FIRST_YEAR" "$LAST_YEAR"); do
    sy=$(school_year "$year")
    districts_file="$WORK/history/districts_${sy/-/_}.csv"
    membership_file="$WORK/history/ccd_lea_052_$(short_year "$year")_l_bench.csv"
    staff_file="$WORK/history/ccd_lea_059_$(short_year "$year")_l_bench.csv"
    read -r d_s _ < <(import districts "$districts_file")
    read -r m_s m_rows < <(import enrollment-by-grade "$membership_file")
    read -r s_s s_rows < <(import staff-counts "$staff_file")
    stored=$((year - FIRST_YEAR + 1))
    if [ "$stored" = 1 ]; then
        full_run "$sy" >/dev/null   # warm-up: JIT, plan caches, first refresh
    fi
    read -r took wall _ rows scopes < <(full_run "$sy")
    read -r refresh coverage < <(refreshes lct_history)
    read -r db_mb lineage_mb lineage_rows < <(sizes lct_history)
    log "$sy: imports $d_s / $m_s / $s_s s, full run $took ms (result view refresh $refresh ms, coverage $coverage ms, $wall ms wall), database $db_mb MB, lineage $lineage_mb MB"
    [ "$stored" = 1 ] && { FIRST_RUN=$took; FIRST_WALL=$wall; }
    HISTORY_ROWS+=("| $stored | $sy | $d_s | $m_s ($m_rows rows, $(file_mb "$membership_file") MB) | $s_s ($s_rows rows, $(file_mb "$staff_file") MB) | $took | $refresh | $coverage | $wall | $rows ($scopes scopes) | $db_mb | $lineage_mb ($lineage_rows rows) |")
    if [ "$stored" = 1 ]; then
        log "lookups with one year stored, after $(quiet lct_history) s waiting for autovacuum"
        read -r rps_1 p50_1 p99_1 < <(lookups)
        log "lookups: $rps_1 req/s, p50 $p50_1 ms, p99 $p99_1 ms"
    fi
done
log "lookups with $YEARS years stored, after $(quiet lct_history) s waiting for autovacuum"
read -r rps_n p50_n p99_n < <(lookups)
log "lookups: $rps_n req/s, p50 $p50_n ms, p99 $p99_n ms"
log "the oldest year again, with $YEARS years stored"
read -r again again_wall _ _ _ < <(full_run "$(school_year "$FIRST_YEAR")")
read -r again2 again2_wall _ _ _ < <(full_run "$(school_year "$FIRST_YEAR")")
log "oldest year: $again, $again2 ms"
# the statements that read every stored year, as planned on the full history, and one year's statistics
lct_psql lct_history -v oldest="$(school_year "$FIRST_YEAR")" -v newest="$(school_year "$LAST_YEAR")" \
    >"$OUT_DIR/cost-curve-explain.txt" 2>&1 <<'SQL' || true
\timing on
\echo 'coverage views: latest_districts, the newest year of each LEA'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM latest_districts;
REFRESH MATERIALIZED VIEW mv_unenriched_districts;
REFRESH MATERIALIZED VIEW mv_state_enrichment_progress;
\echo 'the years a run may ask for (calculation-service, every POST /api/v1/runs)'
EXPLAIN (ANALYZE, BUFFERS) SELECT DISTINCT school_year FROM districts ORDER BY school_year DESC;
\echo 'the summary statistics of the oldest and of the newest year, as a run of that year writes them: the same cost whatever the years stored'
SELECT refresh_lct_summary(:'oldest') AS oldest_year_rows;
SELECT refresh_lct_summary(:'newest') AS newest_year_rows;
SELECT view_name, duration_ms FROM materialized_view_refreshes ORDER BY view_name;
SQL
stop_services

# --- 3: size ---------------------------------------------------------------------------------------------------
SIZE_ROWS=()
for size in ${SIZES//,/ }; do
    log "$size districts: generating, importing, running"
    dir="$WORK/size-$size"
    ccd=()
    [ "$SIZE_CCD" = 1 ] || ccd=(--no-ccd)
    /usr/bin/python3 "$ROOT/bench/generate-history.py" --out "$dir" --years 1 --last-year "$LAST_YEAR" --districts "$size" \
        "${ccd[@]}" 2>/dev/null
    sy=$(school_year "$LAST_YEAR")
    new_database "lct_size_$size"
    start_service enrichment-service "lct_size_$size" "$IMPORT_HEAP"
    start_service calculation-service "lct_size_$size"
    import state-requirements "$ROOT/dataset/state-requirements.yaml" >/dev/null
    read -r d_s _ < <(import districts "$dir/districts_${sy/-/_}.csv")
    m_s="-" s_s="-"
    if [ "$SIZE_CCD" = 1 ]; then
        read -r m_s _ < <(import enrollment-by-grade "$dir/ccd_lea_052_$(short_year "$LAST_YEAR")_l_bench.csv")
        read -r s_s _ < <(import staff-counts "$dir/ccd_lea_059_$(short_year "$LAST_YEAR")_l_bench.csv")
    fi
    read -r cold _ _ _ _ < <(full_run "$sy")
    read -r took wall _ rows scopes < <(full_run "$sy")
    read -r refresh _ < <(refreshes "lct_size_$size")
    read -r db_mb _ _ < <(sizes "lct_size_$size")
    per=$(awk -v t="$took" -v n="$size" 'BEGIN { printf "%.1f", t * 1000 / n }')
    log "$size districts: run $took ms (cold $cold ms)"
    SIZE_ROWS+=("| $size | $d_s | $m_s | $s_s | $cold | $took | $refresh | $wall | $rows ($scopes scopes) | $per | $db_mb |")
    stop_services
    lct_psql postgres -c "DROP DATABASE lct_size_$size" >/dev/null
    rm -rf "$dir"
done

{
    echo "Cost curve, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "History: $DISTRICTS districts per year, $YEARS school years imported oldest first; one full run each (every scope the data supports); imports in seconds (whole HTTP request), runs in ms"
    echo
    echo "| Years stored | Year | Import districts s | Import CCD 052 s | Import CCD 059 s | Full run duration_ms | Result view refresh ms | Coverage views refresh ms | Wall ms to refreshed | Result rows | Database MB | data_lineage MB |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${HISTORY_ROWS[@]}"
    echo
    echo "| The oldest year's full run ($(school_year "$FIRST_YEAR")) | duration_ms | wall ms |"
    echo "|---|---|---|"
    echo "| with 1 year stored | $FIRST_RUN | $FIRST_WALL |"
    echo "| with $YEARS years stored (two runs) | $again, $again2 ($(pct "$again2" "$FIRST_RUN")) | $again_wall, $again2_wall |"
    echo
    echo "| \`GET /api/v1/districts/{id}\`, random ids, $CONNECTIONS connections, $DURATION | req/s | p50 ms | p99 ms |"
    echo "|---|---|---|---|"
    echo "| 1 year stored | $rps_1 | $p50_1 | $p99_1 |"
    echo "| $YEARS years stored | $rps_n ($(pct "$rps_n" "$rps_1")) | $p50_n | $p99_n |"
    echo
    echo "Size: one school year ($(school_year "$LAST_YEAR")) per fresh database$([ "$SIZE_CCD" = 1 ] || echo ', districts file only'); a cold run (first after start) then the measured one"
    echo
    echo "| Districts | Import districts s | Import CCD 052 s | Import CCD 059 s | Cold run ms | Full run duration_ms | Result view refresh ms | Wall ms | Result rows | µs per district | Database MB |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${SIZE_ROWS[@]}"
} | tee "$REPORT"
log "saved $REPORT"
