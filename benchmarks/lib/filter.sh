# Sourced by benchmarks/run: the filtered phase, what an event a contract's filter leaves out costs
# beside the same event delivered (`BENCH_FILTER=0` skips it; `benchmarks/run filtered` runs only it).
#
# One `eventhos serve` whose configuration has two more contracts (lib/config.sh, $filter_contracts),
# both posting to nginx and both testing `body.id` of the bench body: `bench-match` (`$eq: 42`) passes
# every event of `bench-match-event`, `bench-skip` (`$ne: 42`) leaves out every event of
# `bench-skip-event`, which its worker then takes from the contract's queue, records as SKIPPED
# (reason filtered) and acknowledges, with no HTTP call. Both sides evaluate the same filter on the
# same body; they differ only by the delivery. After a 3 s warm-up (warm_up), four measured
# sub-phases, each a CPU line per accepted event:
#   match@RATE/s, skip@RATE/s  the paced sender of the latency phase (eventhos-bench latency) at
#                              $BENCH_FILTER_RATE (default 1000) events/s for BENCH_SECONDS. Its own
#                              subscriber receives nothing (the deliveries go to nginx), so it waits
#                              its 10 s for arrivals in both: the window ends 10 s after the last
#                              send, every event settled, and both pay the same 10 s at rest.
#   match+drain, skip+drain    wrk -t2 -c64 for BENCH_SECONDS, then until every accepted event was
#                              delivered (nginx) or filtered out (eventhos_deliveries_filtered_total
#                              in /metrics, read every 0.5 s), as ingest+drain.
# After each, a check: nginx received every accepted event of bench-match and none of bench-skip,
# and the filtered counter moved by the accepted events of bench-skip only.

filter_rate=${BENCH_FILTER_RATE:-1000}
filter_match_line=""  # the wrk summary lines of match+drain and skip+drain
filter_skip_line=""

# filtered_count: eventhos_deliveries_filtered_total of $http_port's eventhos, all contracts summed
# (0 before the first event filtered out).
filtered_count() {
    { curl -fs "http://127.0.0.1:$http_port/metrics" || true; } |
        awk 'index($0, "eventhos_deliveries_filtered_total{") == 1 { total += $NF } END { printf "%d\n", total }'
}

# wait_filtered COUNT LIMIT: waits until the filtered counter reaches COUNT, at most LIMIT seconds.
wait_filtered() {
    local target=$1 limit=$2 clock=$SECONDS
    while [ "$(filtered_count)" -lt "$target" ] && [ $((SECONDS - clock)) -lt "$limit" ]; do sleep 0.5; done
    echo "$(filtered_count) of $target filtered out, waited $((SECONDS - clock)) s"
}

# filter_check KIND ACCEPTED DELIVERED_BEFORE FILTERED_BEFORE: whether the sub-phase of bench-KIND
# did what it should: match, every accepted event delivered and none filtered out; skip, the reverse.
filter_check() {
    local kind=$1 accepted=$2 sent filtered want_sent want_filtered
    sent=$(( $(delivered) - $3 )) filtered=$(( $(filtered_count) - $4 ))
    want_sent=$accepted want_filtered=0
    [ "$kind" = match ] || want_sent=0 want_filtered=$accepted
    if [ "$sent" = "$want_sent" ] && [ "$filtered" = "$want_filtered" ]; then
        echo "check: $accepted accepted, $sent delivered to nginx, $filtered filtered out (as expected)"
    else
        echo "CHECK FAILED (bench-$kind): $accepted accepted, $sent delivered to nginx (expected $want_sent)," \
            "$filtered filtered out (expected $want_filtered): the CPU per event of this sub-phase is not what it says"
    fi
}

# filter_paced KIND: the paced sender on bench-KIND-event; CPU line KIND@RATE/s.
filter_paced() {
    local kind=$1 report accepted before skipped
    before=$(delivered)
    skipped=$(filtered_count)
    cpu_begin
    report=$( (loader_ticks "$bin/eventhos-bench" latency --rate "$filter_rate" --seconds "$seconds" --key "$bench_key" \
        --receiver-port "$(free_port)" --target "http://127.0.0.1:$http_port/event/send?event-identifier=bench-$kind-event") \
        3>"$work/loader.ticks")
    accepted=$(grep -o '[0-9]* accepted' <<<"$report" | tr -dc 0-9)
    cpu_end "$kind@$filter_rate/s" "sender" "$(cat "$work/loader.ticks")" "${accepted:-0}"
    # Not its "delivered": that counts its own subscriber, which this phase does not use.
    echo "paced sender at $filter_rate/s on bench-$kind-event: $(grep -o '[0-9]* accepted, [0-9]* failed' <<<"$report")"
    filter_check "$kind" "${accepted:-0}" "$before" "$skipped"
}

# filter_saturated KIND: wrk on bench-KIND-event, until drained; CPU line KIND+drain.
filter_saturated() {
    local kind=$1 line before skipped
    before=$(delivered)
    skipped=$(filtered_count)
    cpu_begin
    line=$(run_wrk "$seconds" "bench-$kind-event")
    echo "wrk (-t2 -c64, 1 KiB JSON), bench-$kind-event: $line"
    if [ "$kind" = match ]; then
        echo "backlog: $(wait_deliveries "$((before + $(field accepted "$line")))" 60)"
    else
        echo "backlog: $(wait_filtered "$((skipped + $(field accepted "$line")))" 60)"
    fi
    cpu_end "$kind+drain" "wrk" "$(cat "$work/loader.ticks")" "$(field accepted "$line")"
    filter_check "$kind" "$(field accepted "$line")" "$before" "$skipped"
    printf -v "filter_${kind}_line" '%s' "$line"
}

# filter_phase: the whole phase, with nginx running ($nginx_port).
filter_phase() {
    say "9. filtered events: a contract's filter passes every event or leaves every one out, at $filter_rate events/s and under wrk"
    purge eventhos.contract.bench-contract eventhos.contract.bench-match eventhos.contract.bench-skip eventhos.audit
    http_port=$(free_port)
    filter_contracts=yes write_config "$work/filtered.yaml" "$http_port" "http://127.0.0.1:$nginx_port/deliver" 0
    start_eventhos "$work/filtered.yaml" "$http_port"
    warm_up
    filter_paced match
    filter_paced skip
    filter_saturated match
    filter_saturated skip
    stop_eventhos
}

# filter_ratio PART WHOLE: PART / WHOLE with 2 decimals, "-" when either is 0 (a sub-phase missing).
filter_ratio() {
    if [ "${1:-0}" -gt 0 ] && [ "${2:-0}" -gt 0 ]; then calc "$1 / $2"; else echo -; fi
}

# filter_summary: the summary lines of the phase, and its figures in $BENCH_RESULTS (the CPU per
# event of each sub-phase is there already, from cpu_end): per accepted event, the CPU (us) of
# eventhos and of the broker when it is filtered out and when it is delivered, and their ratio.
filter_summary() {
    local set how label suffix process m s
    for set in "at $filter_rate/s|at $filter_rate/s|@$filter_rate/s" "under wrk -c64|, wrk+drain|+drain"; do
        IFS='|' read -r how label suffix <<<"$set"
        for process in eventhos broker; do
            m=$(per_event "match$suffix" "$process") s=$(per_event "skip$suffix" "$process")
            printf '%-46s %s\n' "CPU per event $how, $process (us)" \
                "filtered out $s / delivered $m = $(filter_ratio "$s" "$m")"
            [ "$(filter_ratio "$s" "$m")" = - ] || result "CPU skipped / delivered, $process $label" "$(filter_ratio "$s" "$m")" ratio
        done
    done
    if [ -n "$filter_match_line" ] && [ -n "$filter_skip_line" ]; then
        printf '%-46s %s\n' "ingest, filter passes / leaves out (wrk -c64)" \
            "$(field rate "$filter_match_line") / $(field rate "$filter_skip_line") events/s"
        result "ingest, every event passed by a filter (wrk)" "$(field rate "$filter_match_line")" events/s
        result "ingest, every event filtered out (wrk)" "$(field rate "$filter_skip_line")" events/s
    fi
    return 0
}
