#!/usr/bin/env bash
# Start-up time and memory of the three services on the JVM, plain and with a JDK AOT cache (JEP 483/514/515,
# JDK 25: one training run with -XX:AOTCacheOutput, then -XX:AOTCache). Prints a markdown table of medians (every
# run in brackets), also saved under target/bench/.
#
#   bench/startup.sh                      # 3 starts per service and mode, heap -Xmx256m, 200 requests of load
#   BENCH_RUNS=5 BENCH_REQUESTS=500 BENCH_HEAP=-Xmx384m bench/startup.sh
#
# Per start: ready = from process spawn to the first 200 of /q/health/ready (which checks the database);
# RSS = VmRSS of the JVM just after ready, and after BENCH_REQUESTS sequential requests to a few of the service's
# read endpoints. The services run packaged (target/quarkus-app, built when missing) against a private, migrated
# PostgreSQL, as in Kubernetes: migrations applied first, every service validating at start. Plain and AOT starts
# alternate so that drift on a noisy machine hits both. Needs a JDK 25+ (BENCH_JAVA_HOME, else ./lct's choice).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LCT_ROOT=$ROOT
# shellcheck source=../scripts/lib/toolchain.sh
. "$ROOT/scripts/lib/toolchain.sh"
# shellcheck source=../scripts/lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"

RUNS=${BENCH_RUNS:-3}
REQUESTS=${BENCH_REQUESTS:-200}
HEAP=${BENCH_HEAP:--Xmx256m}
SERVICES=(district-service enrichment-service calculation-service)
declare -A PATHS=(
    [district-service]="/api/v1/metadata /api/v1/enrichment/progress /api/v1/states/CA/requirements"
    [enrichment-service]="/api/v1/campaign /api/v1/imports /api/v1/lineage"
    [calculation-service]="/api/v1/data-dictionary /api/v1/runs"
)
WORK="$ROOT/target/bench/startup-$$"
OUT_DIR="$ROOT/target/bench"
mkdir -p "$WORK" "$OUT_DIR"
log() { echo "bench: $*" >&2; }

if [ -n "${BENCH_JAVA_HOME:-}" ]; then export JAVA_HOME=$BENCH_JAVA_HOME PATH="$BENCH_JAVA_HOME/bin:$PATH"; else lct_require_java; fi
JAVA_VERSION=$(lct_jdk_version "$JAVA_HOME")
[ "${JAVA_VERSION:-0}" -ge 25 ] || lct_die "the AOT cache needs JDK 25 or newer (-XX:AOTCacheOutput); $JAVA_HOME is $JAVA_VERSION. Set BENCH_JAVA_HOME."
for service in "${SERVICES[@]}"; do
    if [ ! -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ]; then
        log "building the services (package, tests skipped)"
        "$ROOT/lct" test -pl "$(IFS=,; echo "${SERVICES[*]}")" -am -DskipTests -DskipITs=true -q >&2
        break
    fi
done

lct_pg_require_server
PG_DIR="$WORK/postgres"
SERVICE_PID=""
cleanup() {
    if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null || true; fi
    lct_pg_destroy "$PG_DIR" || true
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PG_PORT=$(lct_free_port)
lct_pg_start "$PG_DIR" "$PG_PORT"
lct_psql postgres -c "CREATE DATABASE lct_startup"
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/lct_startup"
# The settings every start shares: the database, and what the Kubernetes Deployments set (validate, do not migrate).
service_options() {
    echo "$HEAP -Dquarkus.http.port=$HTTP_PORT -Dquarkus.datasource.jdbc.url=$JDBC_URL"
    echo "-Dquarkus.datasource.username=$LCT_PG_USER -Dquarkus.datasource.password=$LCT_PG_PASSWORD"
    echo "-Dquarkus.flyway.migrate-at-start=false -Dquarkus.flyway.validate-at-start=true -Dlct.recalc.cron=off"
}

# start SERVICE [JVM options...]: sets SERVICE_PID and READY_MS (spawn to first ready 200).
start() {
    local service=$1 started now
    shift
    # A fresh port each start: other builds on the machine may take a port between two starts.
    HTTP_PORT=$(lct_free_port)
    BASE="http://127.0.0.1:$HTTP_PORT"
    started=$(date +%s%N)
    # shellcheck disable=SC2046
    (cd "$ROOT/$service/target/quarkus-app" && exec "$JAVA_HOME/bin/java" $(service_options) "$@" -jar quarkus-run.jar) \
        >"$WORK/$service.log" 2>&1 &
    SERVICE_PID=$!
    until curl -fs -o /dev/null "$BASE/q/health/ready"; do
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 30 "$WORK/$service.log" >&2; lct_die "$service stopped"; }
        sleep 0.01
    done
    now=$(date +%s%N)
    READY_MS=$(( (now - started) / 1000000 ))
}

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$SERVICE_PID/status"; }

# load SERVICE: BENCH_REQUESTS sequential GETs over the service's paths; sets OK (answers with status 200).
load() {
    local service=$1 i paths
    read -r -a paths <<<"${PATHS[$service]}"
    OK=0
    for i in $(seq 0 $(( REQUESTS - 1 ))); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE${paths[i % ${#paths[@]}]}")" = 200 ]; then OK=$(( OK + 1 )); fi
    done
}

stop() {
    kill "$SERVICE_PID" && wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

log "migrating, as the migration Job does (enrichment-service, QUARKUS_INIT_AND_EXIT)"
(cd "$ROOT/enrichment-service/target/quarkus-app" && QUARKUS_INIT_AND_EXIT=true "$JAVA_HOME/bin/java" \
    -Dquarkus.datasource.jdbc.url="$JDBC_URL" -Dquarkus.datasource.username="$LCT_PG_USER" \
    -Dquarkus.datasource.password="$LCT_PG_PASSWORD" -Dquarkus.flyway.migrate-at-start=true \
    -Dquarkus.flyway.validate-at-start=false -jar quarkus-run.jar) \
    >"$WORK/migrate.log" 2>&1 || { tail -n 30 "$WORK/migrate.log" >&2; lct_die "migration failed"; }

declare -A READY RSS LOADED CACHE_MB
for service in "${SERVICES[@]}"; do
    cache="$WORK/$service.aot"
    log "$service: training run for the AOT cache"
    start "$service" -XX:AOTCacheOutput="$cache"
    load "$service"
    stop
    [ -s "$cache" ] || { tail -n 30 "$WORK/$service.log" >&2; lct_die "$service: no AOT cache written"; }
    CACHE_MB[$service]=$(( $(stat -c %s "$cache") / 1024 / 1024 ))
    for run in $(seq 1 "$RUNS"); do
        for mode in plain aot; do
            if [ "$mode" = aot ]; then start "$service" -XX:AOTCache="$cache"; else start "$service"; fi
            READY[$service.$mode]+="$READY_MS "
            RSS[$service.$mode]+="$(rss_mb) "
            load "$service"
            LOADED[$service.$mode]+="$(rss_mb) "
            stop
            log "$service run $run $mode: ready ${READY_MS} ms, $OK of $REQUESTS requests answered 200"
            [ "$OK" -eq "$REQUESTS" ] || lct_die "$service: only $OK of $REQUESTS requests answered 200; see $WORK/$service.log"
        done
    done
done

OUT="$OUT_DIR/startup-$(date -u +%Y%m%d-%H%M%S).md"
{
    echo "Start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)," \
        "heap $HEAP, $RUNS starts per mode, $REQUESTS requests of load; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| Service | Ready ms, plain | Ready ms, AOT cache | AOT / plain | RSS MB at ready, plain / AOT | RSS MB after load, plain / AOT | Cache MB |"
    echo "|---|---|---|---|---|---|---|"
    for service in "${SERVICES[@]}"; do
        plain=$(median <<<"${READY[$service.plain]}") aot=$(median <<<"${READY[$service.aot]}")
        printf '| %s | %s (%s) | %s (%s) | %.2f | %s / %s | %s / %s | %s |\n' "$service" \
            "$plain" "${READY[$service.plain]% }" "$aot" "${READY[$service.aot]% }" "$(echo "$aot $plain" | awk '{ print $1 / $2 }')" \
            "$(median <<<"${RSS[$service.plain]}")" "$(median <<<"${RSS[$service.aot]}")" \
            "$(median <<<"${LOADED[$service.plain]}")" "$(median <<<"${LOADED[$service.aot]}")" "${CACHE_MB[$service]}"
    done
} | tee "$OUT"
log "saved in $OUT"
