# Sourced by benchmarks/run: the full-cycle reference, and every phase as a ratio to it
# (`benchmarks/run reference` runs only it).
#
# `eventhos-bench reference`: the project's AMQP client does all the broker work of a bridge and
# nothing else. It declares a topic exchange and two quorum queues bound to it, publishes the bench
# body (1 KiB JSON, persistent) with publisher confirms (64 in flight, over a connection of its own,
# as eventhos's ingest), and consumes and acknowledges both queues at once (over a second connection,
# prefetch $BENCH_PREFETCH and 256, as a contract's queue and eventhos.audit), for BENCH_SECONDS;
# then until both queues consumed every confirmed message; then deletes what it declared. No HTTP,
# no store: the most a bridge built on this broker can do here. Two runs, each a CPU line:
#   reference             as fast as the broker confirms.
#   reference@RATE/s      paced at $BENCH_REFERENCE_RATE (default 1000) messages/s, each on its own
#                         schedule, for the CPU and context switches per event of the phases paced
#                         at that rate (latency, the filtered phase's paced half).
# Each CPU line runs from the first publish until drained and divides by the published messages;
# the client's own CPU and context switches (its getrusage over the same window) take eventhos's
# place in the per-event tables.
#
# Then reference_ratios gives every phase's rate as a ratio to the reference's figure of the same
# kind, and per_event_tables the CPU and context switches per event of every phase.

reference_rate=${BENCH_REFERENCE_RATE:-1000}
reference_line=""        # the saturated run's figures (name=value)
reference_paced_line=""  # the paced run's

# reference_run NAME RATE: one run of eventhos-bench reference (RATE 0: as fast as it goes); prints
# its output and its CPU lines, and sets reference_line (RATE 0) or reference_paced_line.
reference_run() {
    local name=$1 rate=$2 report line client
    cpu_begin
    report=$( (loader_ticks "$bin/eventhos-bench" reference --amqp-url "$amqp_url" --seconds "$seconds" \
        --rate "$rate" --prefetch "${BENCH_PREFETCH:-64}") 3>"$work/loader.ticks")
    echo "$report"
    line=$(grep '^full-cycle reference:' <<<"$report")
    client=$(grep '^client:' <<<"$report")
    loader_usage="$(field cpu_us "$client") $(field voluntary "$client") $(field involuntary "$client")"
    cpu_end "$name" "eventhos-bench" "$(cat "$work/loader.ticks")" "$(field published "$line")"
    loader_usage=""
    [ "$(field drained_seconds "$line")" != - ] ||
        echo "CHECK FAILED: the queues were not drained 60 s after the last publish: the CPU per message above counts messages not consumed yet"
    if [ "$rate" = 0 ]; then reference_line=$line; else reference_paced_line=$line; fi
}

# reference_phase: both runs.
reference_phase() {
    say "11. full-cycle reference: AMQP module, publish with confirms to a topic exchange, 2 quorum queues consumed and acknowledged"
    reference_run reference 0
    reference_run "reference@$reference_rate/s" "$reference_rate"
}

# reference_summary: the reference's own figures.
reference_summary() {
    [ -n "$reference_line" ] || return 0
    printf '%-46s %s\n' "full-cycle reference (64 confirms in flight)" \
        "$(field rate "$reference_line") msg/s published, $(field consumed_rate "$reference_line")/s consumed by both queues during the load, $(field drained_rate "$reference_line")/s until drained"
    result "full-cycle reference, published" "$(field rate "$reference_line")" msg/s
    result "full-cycle reference, consumed during the load" "$(field consumed_rate "$reference_line")" msg/s
    [ "$(field drained_rate "$reference_line")" = - ] ||
        result "full-cycle reference, until drained" "$(field drained_rate "$reference_line")" msg/s
    [ -z "$reference_paced_line" ] || printf '%-46s %s\n' "full-cycle reference at $reference_rate/s" \
        "$(field published "$reference_paced_line") published, drained $(field drained_seconds "$reference_paced_line") s after the first"
}

# reference_ratio LABEL RATE KIND: one line, RATE (a phase's events/s) as a ratio to the reference's
# figure of KIND: `published` (ingest: accepted events/s against the reference's published msg/s),
# `consumed` (delivered during the load against consumed by both queues during the load) or
# `drained` (until drained against until drained); kept in $BENCH_RESULTS as "LABEL / reference".
reference_ratio() {
    local label=$1 rate=$2 kind=$3 base ratio
    case $kind in
        published) base=$(field rate "$reference_line") ;;
        consumed) base=$(field consumed_rate "$reference_line") ;;
        drained) base=$(field drained_rate "$reference_line") ;;
    esac
    [[ "$rate" =~ ^[0-9.]+$ ]] || return 0  # the phase did not run, or has no such figure
    ratio=$(awk -v r="$rate" -v b="${base:-0}" 'BEGIN { if (b + 0 > 0) printf "%.2f", r / b; else printf "-" }')
    printf '%-46s %s\n' "$label" "$rate/s = $ratio x reference $kind"
    [ "$ratio" = - ] || result "$label / reference" "$ratio" ratio
}

# reference_ratios: every rate of the phases that ran, as a ratio to the reference (run's globals,
# lib/filter.sh's and lib/ordered.sh's), under a heading; nothing when no other phase ran.
reference_ratios() {
    local lines
    [ -n "$reference_line" ] || return 0
    lines=$(reference_ratio_lines)
    [ -n "$lines" ] || return 0
    echo "rates as a ratio to the full-cycle reference (published $(field rate "$reference_line")/s," \
        "consumed during the load $(field consumed_rate "$reference_line")/s, until drained $(field drained_rate "$reference_line")/s):"
    echo "$lines"
}

# reference_ratio_lines: the lines of reference_ratios.
reference_ratio_lines() {
    local kind
    reference_ratio "raw publish (nothing consumes)" "${raw:-}" published
    reference_ratio "ingest (wrk -c64, 202s only)" "${ingest:-}" published
    [ -z "${solo_line:-}" ] || reference_ratio "ingest alone (event without contracts)" "$(field rate "$solo_line")" published
    reference_ratio "end-to-end (nginx receipts during the load)" "${e2e:-}" consumed
    reference_ratio "redrive of 10,000 dead letters" "${redrive:-}" consumed
    if [ -n "${tls_line:-}" ]; then
        reference_ratio "ingest over TLS" "$(field rate "$tls_line")" published
        reference_ratio "end-to-end over TLS" "${tls_e2e:-}" consumed
    fi
    [ "${others:-0}" -gt 0 ] && reference_ratio "ingest with $others other contracts" "${many:-}" published
    if [ -n "${pg_line:-}" ]; then
        reference_ratio "ingest, PostgreSQL store, one instance" "$(field rate "$pg_line")" published
        reference_ratio "end-to-end, PostgreSQL store, one instance" "${pg_e2e:-}" consumed
    fi
    if [ -n "${pg2_line:-}" ]; then
        reference_ratio "ingest, PostgreSQL store, two instances" "$(field rate "$pg2_line")" published
        reference_ratio "end-to-end, PostgreSQL store, two instances" "${pg2_e2e:-}" consumed
    fi
    [ -z "${filter_match_line:-}" ] || reference_ratio "ingest, every event passed by a filter (wrk)" "$(field rate "$filter_match_line")" published
    [ -z "${filter_skip_line:-}" ] || reference_ratio "ingest, every event filtered out (wrk)" "$(field rate "$filter_skip_line")" published
    for kind in "${ordered_kinds[@]}"; do
        [ -n "${ordered_line[$kind]:-}" ] || continue
        reference_ratio "ingest (wrk), ${ordered_label[$kind]}" "$(field rate "${ordered_line[$kind]}")" published
        reference_ratio "delivered during load, ${ordered_label[$kind]}" "${ordered_during[$kind]:-}" consumed
        reference_ratio "delivered until drained, ${ordered_label[$kind]}" "${ordered_until[$kind]:-}" drained
    done
    return 0
}

# per_event_tables: the rows of $work/per-event.tsv (cpu_end, lib/cpu.sh) as two tables, the phases
# paced at a fixed rate (named NAME@RATE/s, and latency) and the others (saturation); each row
# compared with the reference of its table: x ref = (eventhos + broker) / (client + broker) of the
# reference, for CPU and for context switches.
per_event_tables() {
    [ -s "$work/per-event.tsv" ] || return 0
    echo "per event, eventhos and the broker: CPU (us) and context switches (voluntary + involuntary, every thread);"
    echo "x ref = the sum over the same sum of the table's reference (* = the reference's client, in eventhos's place)"
    awk -F'\t' -v paced_ref="reference@$reference_rate/s" '
        function paced(name) { return name ~ /@/ || name == "latency" }
        function num(v) { sub(/^\*/, "", v); return v + 0 }
        function ratio(v, b) { return b > 0 ? sprintf("%.2f", v / b) : "-" }
        {
            row[NR] = $0
            rows[paced($1)]++
            if ($1 == "reference") { ref_cpu[0] = num($3) + num($5); ref_sw[0] = num($4) + num($6) }
            if ($1 == paced_ref) { ref_cpu[1] = num($3) + num($5); ref_sw[1] = num($4) + num($6) }
        }
        END {
            for (table = 1; table >= 0; table--) {
                if (!rows[table]) continue
                printf "%-20s  %-33s   %s\n", table ? "paced phases" : "at saturation", "CPU per event (us)", "context switches per event"
                printf "%-20s  %9s %7s %7s %6s   %9s %7s %7s %6s\n", "", "eventhos", "broker", "sum", "x ref", "eventhos", "broker", "sum", "x ref"
                for (r = 1; r <= NR; r++) {
                    split(row[r], f, "\t")
                    if (paced(f[1]) != table) continue
                    if (f[3] == "-") { cpu = "-"; sw = "-"; rc = "-"; rs = "-" }
                    else {
                        cpu = sprintf("%.0f", num(f[3]) + num(f[5])); sw = sprintf("%.2f", num(f[4]) + num(f[6]))
                        rc = ratio(cpu, ref_cpu[table]); rs = ratio(sw, ref_sw[table])
                    }
                    printf "%-20s  %9s %7s %7s %6s   %9s %7s %7s %6s\n", f[1], f[3], f[5], cpu, rc, f[4], f[6], sw, rs
                }
            }
        }' "$work/per-event.tsv"
}
