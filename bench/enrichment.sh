#!/usr/bin/env bash
# Benchmark of the enrichment-service, against floors measured in the same run (medians of RUNS runs):
#   1. the national districts import (17,842 rows) over HTTP into an empty schema, end to end;
#   2. the same file imported again (every row unchanged: validation and comparison only);
#   floor: psql \copy of the same file into a plain table (parsing and writing, no validation, no lineage);
#   3. single bell-schedule writes with lineage (PUT with If-Match), one client, with wrk: req/s and p99.
# Usage: bench/enrichment.sh [RUNS]   (default 5). Needs the packaged service: ./mvnw package -DskipTests.
# Starts its own PostgreSQL and service on free ports and removes them afterwards.
set -euo pipefail
RUNS=${1:-5}
LCT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LCT_ROOT
cd "$LCT_ROOT"
source scripts/lib/toolchain.sh
source scripts/lib/postgres.sh
source scripts/lib/jwt.sh

lct_require_java
lct_pg_require_server
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } \
    || lct_die "wrk is needed (Debian package wrk)"
JAR=enrichment-service/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || lct_die "build first: ./mvnw package -DskipTests -pl enrichment-service -am"

WORK="$LCT_ROOT/target/bench-enrichment"
rm -rf "$WORK"; mkdir -p "$WORK"
SERVICE_PID=""
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
    lct_pg_destroy "$WORK/postgres"
}
trap cleanup EXIT
lct_pg_start "$WORK/postgres" "$(lct_free_port)" "-c fsync=on" || lct_die "PostgreSQL did not start"
lct_psql postgres -c "CREATE DATABASE bench"
lct_jwt_keys "$WORK/jwt"
TOKEN=$(lct_jwt_token "$WORK/jwt" bench 2 enricher)
PORT=$(lct_free_port)
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/jwt/public-key.pem" QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$LCT_PG_HOST:$LCT_PG_PORT/bench" \
QUARKUS_DATASOURCE_USERNAME=$LCT_PG_USER QUARKUS_DATASOURCE_PASSWORD=$LCT_PG_PASSWORD \
QUARKUS_FLYWAY_MIGRATE_AT_START=true QUARKUS_FLYWAY_VALIDATE_AT_START=false \
    "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
URL="http://127.0.0.1:$PORT/api/v1"
FILE=dataset/districts_2023_24_nces.csv

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
import_ms() {
    local start end status
    start=$(now_ms)
    status=$(curl -s -o "$WORK/import.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@$FILE" \
        "$URL/imports/districts")
    end=$(now_ms)
    [ "$status" = 201 ] || { cat "$WORK/import.json" >&2; lct_die "import answered $status"; }
    echo $((end - start))
}
empty_inputs() { lct_psql bench -c "DELETE FROM bell_schedules; DELETE FROM districts; DELETE FROM leas" >/dev/null; }

# Warm-up: the JIT compiles the import path once before anything is timed.
import_ms >/dev/null; import_ms >/dev/null
FIRST=(); REPEAT=(); FLOOR=()
for run in $(seq 1 "$RUNS"); do
    empty_inputs
    FIRST+=("$(import_ms)")
    REPEAT+=("$(import_ms)")
    lct_psql bench -c "DROP TABLE IF EXISTS copy_floor; CREATE TABLE copy_floor (district_id text, district_name text,
        state text, enrollment numeric, instructional_staff numeric, year text, data_source text)" >/dev/null
    start=$(now_ms)
    lct_psql bench -c "\\copy copy_floor FROM '$FILE' WITH (FORMAT csv, HEADER)" >/dev/null
    FLOOR+=($(( $(now_ms) - start )))
done
first=$(printf '%s\n' "${FIRST[@]}" | median)
repeat=$(printf '%s\n' "${REPEAT[@]}" | median)
floor=$(printf '%s\n' "${FLOOR[@]}" | median)

# Single writes: one schedule replaced over and over, alternating its minutes so every PUT changes the row.
SCHEDULE=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"school_year":"2024-25","grade_level":"high","instructional_minutes":360,"method":"web_scraping","confidence":"medium","source_description":"bench"}' \
    "$URL/bell-schedules?nces_id=100005" | grep -o '"id":[0-9]*' | cut -d: -f2)
cat >"$WORK/put.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local body = '{"school_year":"2024-25","grade_level":"high","instructional_minutes":' .. (360 + n % 2) ..
    ',"method":"web_scraping","confidence":"medium","source_description":"bench"}'
  return wrk.format("PUT", "/api/v1/bell-schedules/$SCHEDULE", {["Content-Type"] = "application/json",
    ["If-Match"] = "*", ["Authorization"] = "Bearer $TOKEN"}, body)
end
LUA
RPS=(); P99=()
for run in $(seq 1 "$RUNS"); do
    out=$(wrk -t1 -c1 -d5s --latency -s "$WORK/put.lua" "http://127.0.0.1:$PORT")
    grep -q "Non-2xx" <<<"$out" && { echo "$out" >&2; lct_die "some writes failed"; }
    RPS+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
    P99+=("$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")")
done
rps=$(printf '%s\n' "${RPS[@]}" | median)
p99=$(printf '%s\n' "${P99[@]}" | median)
lineage=$(lct_psql bench -tAc "SELECT count(*) FROM data_lineage WHERE entity = 'bell_schedules' AND action = 'update'")

cat <<TABLE

Enrichment-service benchmark, median of $RUNS runs ($(nproc) cores, $(date -u +%Y-%m-%d)):

| What | Median | Floor (same run) | Ratio |
|---|---|---|---|
| Districts import, 17,842 rows, empty schema, HTTP end to end | ${first} ms | psql \\copy ${floor} ms | $(awk "BEGIN {printf \"%.1f\", $first / $floor}")x |
| Same file again (0 changes, no lineage) | ${repeat} ms | psql \\copy ${floor} ms | $(awk "BEGIN {printf \"%.1f\", $repeat / $floor}")x |
| Bell-schedule PUT with lineage, 1 client | ${rps} req/s, p99 ${p99} ms | | |

($lineage lineage entries written by the PUTs.)
TABLE
