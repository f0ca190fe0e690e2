# Sourced by benchmarks/run: figures kept per run, and BENCH_RUNS=N (N runs in a row, medians).

# result LABEL VALUE UNIT: one figure of this run, kept in $BENCH_RESULTS (tab-separated).
result() {
    [ -n "${BENCH_RESULTS:-}" ] && printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$BENCH_RESULTS"
    return 0
}

# run_many N [ARGS...]: runs the whole benchmark (or what ARGS select: `filtered`, `ordered`) N times in a row
# (building once), then prints every figure of every run and its median.
run_many() {
    local runs=$1 dir i build
    shift
    dir=$(mktemp -d /tmp/eventhos-bench-runs.XXXXXX)
    for ((i = 1; i <= runs; i++)); do
        printf '\n==== run %d of %d\n' "$i" "$runs"
        build=0
        [ "$i" = 1 ] && build=${BENCH_BUILD:-1}
        BENCH_RUNS=1 BENCH_BUILD=$build BENCH_RESULTS="$dir/run$i.tsv" bash "$repo/benchmarks/run" "$@" 2>&1 |
            tee "$dir/run$i.log"
    done
    printf '\n==== %d runs, median (logs and figures in %s)\n' "$runs" "$dir"
    medians "$dir"/run*.tsv | tee "$dir/medians.txt"
}

# medians FILE...: a table of each figure's values, one column per file, and their median.
medians() {
    awk -F'\t' '
        FNR == 1 { run++ }
        !($1 in unit) { order[++labels] = $1; unit[$1] = $3 }
        { value[$1, run] = $2 }
        END {
            printf "%-46s", "figure"; for (r = 1; r <= run; r++) printf " %10s", "run " r; printf " %10s\n", "median"
            # The figures first, then the CPU lines.
            for (k = 1; k <= labels; k++) if (order[k] !~ /^cpu /) shown[++m] = order[k]
            for (k = 1; k <= labels; k++) if (order[k] ~ /^cpu /) shown[++m] = order[k]
            for (k = 1; k <= labels; k++) {
                label = shown[k]; n = 0
                printf "%-46s", label
                for (r = 1; r <= run; r++) {
                    v = value[label, r]; printf " %10s", v == "" ? "-" : v
                    if (v != "") sorted[++n] = v + 0
                }
                for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (sorted[b] < sorted[a]) { t = sorted[a]; sorted[a] = sorted[b]; sorted[b] = t }
                median = n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
                printf " %10s %s\n", n ? sprintf("%.6g", median) : "-", unit[label]
            }
        }' "$@"
}
