# Sourced by benchmarks/run: the phases of the pipeline itself (`benchmarks/run ingest` and
# `benchmarks/run latency` run only them, with the reference: `benchmarks/run reference latency ingest`).
#   ingest_phase   2./3./5./8.: wrk on one contract (ingest, end-to-end during the load, until
#                  drained), wrk on an event without contracts (ingest alone), redrive of 10,000
#                  dead letters; subscriber nginx (start_nginx first).
#   latency_phase  4.: the open-loop paced sender at 1,000 events/s with its own subscriber.
#   contracts_phase 6.: wrk on one contract among $others (BENCH_CONTRACTS) others; its share of the
#                  ingest phase's rate needs that phase in the same run (`benchmarks/run ingest contracts`).
# Their figures stay in the run's globals (ingest_line, e2e, solo_line, redrive, latency_report,
# many), which the summaries read.

ingest_phase() {
    say "2./3./5. ingest, end-to-end, redrive (subscriber: nginx)"
    http_port=$(free_port)
    write_config "$work/ingest.yaml" "$http_port" "http://127.0.0.1:$nginx_port/deliver" 0
    start_eventhos "$work/ingest.yaml" "$http_port"
    warm_up
    before=$(delivered)
    log_lines=$(wc -l <"$work/eventhos-$http_port.log")
    cpu_begin
    ingest_line=$(run_wrk "$seconds")
    after=$(delivered)
    log_lines=$(( $(wc -l <"$work/eventhos-$http_port.log") - log_lines ))
    cpu_end "ingest" "wrk" "$(cat "$work/loader.ticks")"
    echo "wrk (-t2 -c64, 1 KiB JSON): $ingest_line"
    ingest=$(field rate "$ingest_line")
    e2e=$(calc "($after - $before) / $(field seconds "$ingest_line")")
    echo "delivered during the load: $((after - before)) = $e2e/s"
    # Two design choices seen from outside: no log line per request at info, one pooled HTTP client.
    echo "eventhos log lines written during the load: $log_lines (for $(field accepted "$ingest_line") accepted events)"
    connections=$(awk '{ print $1 }' "$work/nginx-access.log" | sort -u | wc -l)
    echo "nginx received the $(delivered) deliveries so far over $connections TCP connections"
    drain=$(wait_deliveries "$((before + $(field accepted "$ingest_line")))" 60)
    echo "backlog: $drain"
    # From the start of the load until every event accepted during it was delivered (and audited):
    # the whole cost of an event, ingest and delivery, per accepted event.
    cpu_end "ingest+drain" "wrk" "$(cat "$work/loader.ticks")" "$(field accepted "$ingest_line")"
    # Ingest alone: an event without contracts (each event still goes to eventhos.audit), nothing delivered.
    profile_start ingest
    cpu_begin
    solo_line=$(run_wrk "$seconds" bench-solo)
    cpu_end "ingest-only" "wrk" "$(cat "$work/loader.ticks")" "$(field accepted "$solo_line")"
    echo "ingest of an event without contracts: $solo_line"
    profile_stop ingest "ingest only (wrk -c64 on an event without contracts)"

    if eventhos dlq redrive --help >/dev/null 2>&1; then
        "$bin/eventhos-bench" dead-letters --amqp-url "$amqp_url" --contract bench-contract \
            --producer bench-producer --count 10000
        before=$(delivered)
        profile_start delivery
        redrive_line=$(eventhos dlq redrive bench-contract --config "$work/ingest.yaml" 2>>"$work/redrive.log")
        echo "redrive: $redrive_line"
        redrive=$(grep -o '([0-9]* messages/s)' <<<"$redrive_line" | tr -dc 0-9)
        echo "redriven letters delivered: $(wait_deliveries "$((before + 10000))" 30)"
        # Delivery alone: the 10,000 redriven letters drained by the contract worker to nginx.
        profile_stop delivery "delivery only (10,000 redriven letters delivered to nginx)"
    else
        redrive="TODO (eventhos dlq redrive is not built yet)"
        echo "TODO: eventhos dlq redrive is missing; the redrive phase is skipped"
    fi
    stop_eventhos
}

latency_phase() {
    say "4. latency at 1,000 events/s (open-loop paced sender; its own subscriber)"
    purge eventhos.contract.bench-contract eventhos.audit
    receiver_port=$(free_port)
    http_port=$(free_port)
    write_config "$work/latency.yaml" "$http_port" "http://127.0.0.1:$receiver_port/receive" 0
    start_eventhos "$work/latency.yaml" "$http_port"
    profile_start paced
    cpu_begin
    latency_report=$( (loader_ticks "$bin/eventhos-bench" latency --rate 1000 --seconds "$seconds" --key "$bench_key" \
        --receiver-port "$receiver_port" --target "http://127.0.0.1:$http_port/event/send?event-identifier=bench-event") \
        3>"$work/loader.ticks")
    echo "$latency_report"
    cpu_end "latency" "sender+receiver" "$(cat "$work/loader.ticks")" "$(grep -o '[0-9]* accepted' <<<"$latency_report" | tr -dc 0-9)"
    profile_stop paced "paced at 1,000 events/s (the latency phase: ingest and delivery of every event)"
    stop_eventhos
}

contracts_phase() {
    [ "$others" -gt 0 ] || return 0
    say "6. ingest with $others other contracts (each on an event of its own)"
    purge eventhos.contract.bench-contract eventhos.audit
    http_port=$(free_port)
    write_config "$work/contracts.yaml" "$http_port" "http://127.0.0.1:$nginx_port/deliver" "$others"
    start_eventhos "$work/contracts.yaml" "$http_port"
    warm_up
    cpu_begin
    many_line=$(run_wrk "$seconds")
    cpu_end "contracts" "wrk" "$(cat "$work/loader.ticks")" "$(field accepted "$many_line")"
    echo "wrk (-t2 -c64, 1 KiB JSON): $many_line"
    many=$(field rate "$many_line")
    stop_eventhos
}

# contracts_summary: the 1,000-contract phase's rate, and its share of the ingest phase's.
contracts_summary() {
    [ -n "${many:-}" ] || return 0
    if [ -n "${ingest:-}" ]; then
        printf '%-46s %s\n' "ingest with $others other contracts" \
            "$many events/s = $(calc "100 * $many / $ingest")% of the 1-contract rate (target >= 90%)"
        result "ingest with $others contracts / with 1" "$(calc "100 * $many / $ingest")" "% (target >= 90)"
    else
        printf '%-46s %s\n' "ingest with $others other contracts" "$many events/s (no ingest phase to compare with)"
    fi
}

# ingest_summary: the ingest phase's figures (summary lines and results).
ingest_summary() {
    [ -n "${ingest_line:-}" ] || return 0
    printf '%-46s %s\n' \
        "ingest (wrk -c64, 202s only)" "$ingest events/s" \
        "ingest alone (event without contracts)" "$(field rate "$solo_line") events/s" \
        "end-to-end (nginx receipts during the load)" "$e2e events/s" \
        "redrive of 10,000 dead letters" "$redrive msg/s"
    result "ingest, wrk -c64, 202s only" "$ingest" events/s
    result "ingest p99 per request (wrk)" "$(field p99_ms "$ingest_line")" ms
    result "ingest alone (event without contracts)" "$(field rate "$solo_line")" events/s
    result "end-to-end during the load" "$e2e" events/s
    result "eventhos log lines during the ingest load" "$log_lines" lines
    result "TCP connections the deliveries came over" "$connections" connections
    [[ "$redrive" =~ ^[0-9]+$ ]] && result "redrive of 10,000 dead letters" "$redrive" msg/s
    return 0
}

# latency_field LINE NAME: the figure NAME (p50, p99, ...) of the latency report's LINE (send->subscriber, send->202).
latency_field() { grep "$1" <<<"$latency_report" | grep -o "$2 [0-9.]*" | cut -d' ' -f2; }

# latency_summary: the latency phase's figures.
latency_summary() {
    [ -n "${latency_report:-}" ] || return 0
    printf '%-46s %s\n' "latency at 1,000/s, send -> subscriber" \
        "$(grep 'send->subscriber' <<<"$latency_report" | cut -d: -f2-) (target p99 <= 25)"
    result "latency send -> subscriber p50" "$(latency_field 'send->subscriber' p50)" "ms"
    result "latency send -> subscriber p99" "$(latency_field 'send->subscriber' p99)" "ms (target <= 25)"
    result "latency send -> 202 p99" "$(latency_field 'send->202' p99)" ms
}
