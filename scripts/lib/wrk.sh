# shellcheck shell=bash
# Reading wrk's report, for the benchmarks in bench/.

# lct_wrk_summary FILE -> "req/s p50_ms p99_ms" from a report of `wrk --latency`
lct_wrk_summary() {
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "$1"
}
