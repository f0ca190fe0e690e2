# Sourced by benchmarks/run: the ordered phase, what ordered delivery (spec §10, `ordering: { key,
# partitions }`) costs beside the same traffic unordered (`BENCH_ORDERED=0` skips it; `benchmarks/run
# ordered` runs only it).
#
# One `eventhos serve` whose configuration has three more contracts (lib/config.sh,
# $ordered_contracts), each on an event of its own, all posting to nginx and alike but for ordering:
# `bench-unordered` (none), `bench-ordered16` (`ordering: { key: "${.body.customerId}",
# partitions: 16 }`) and `bench-ordered1` (the same, `partitions: 1`). The load is wrk as in the
# ingest phase (-t2 -c64, 1 KiB JSON), with lib/post-keyed-event.lua: the bench body with a
# `customerId` that cycles over $BENCH_ORDERED_KEYS (default 1000) keys, so that the events spread
# over the partitions (the same body for all three contracts). For each contract in turn, unordered
# first:
#   warm-up     3 s of the load on its event, then until nginx received every event accepted.
#   KIND+drain  the load for BENCH_SECONDS, then until nginx received every event accepted during
#               it (at most $BENCH_ORDERED_DRAIN s, default 600), as ingest+drain: a CPU line per
#               accepted event; delivered events/s during the load (as the end-to-end phase) and
#               until drained (accepted events / time from the start of the load until the last
#               was delivered, read every 0.2 s).
# After each, a check: nginx received as many deliveries as events were accepted.
# KIND is unordered, ordered16, ordered1.

ordered_keys=${BENCH_ORDERED_KEYS:-1000}
ordered_drain=${BENCH_ORDERED_DRAIN:-600}
ordered_kinds=(unordered ordered16 ordered1)
declare -A ordered_label=([unordered]="unordered contract" [ordered16]="ordered 16 partitions" [ordered1]="ordered 1 partition")
declare -A ordered_short=([unordered]="unordered" [ordered16]="ordered 16" [ordered1]="ordered 1")
declare -A ordered_line=()    # KIND: the wrk summary line of KIND+drain
declare -A ordered_during=()  # KIND: delivered events/s during the load
declare -A ordered_until=()   # KIND: delivered events/s until drained (unset when the drain timed out)
declare -A ordered_took=()    # KIND: seconds from the start of the load until drained (unset likewise)

# ordered_now: the wall clock, seconds with a fraction.
ordered_now() { date +%s.%N; }

# ordered_purge: purges the queues of the phase that hold messages (left on a broker that was
# already running): one listing, and a purge only where needed (each rabbitmqctl call takes ~1 s,
# and the ordered contracts have 19 queues).
ordered_purge() {
    local name messages
    { bash broker/ctl -q list_queues --no-table-headers name messages 2>/dev/null || true; } | while read -r name messages; do
        if ! [[ "$messages" =~ ^[0-9]+$ ]] || [ "$messages" -eq 0 ]; then continue; fi
        case $name in
            eventhos.audit | eventhos.contract.bench-contract | eventhos.contract.bench-unordered | \
                eventhos.ordered.bench-ordered16 | eventhos.ordered.bench-ordered16.* | \
                eventhos.ordered.bench-ordered1 | eventhos.ordered.bench-ordered1.*)
                echo "purging $name ($messages messages left)"
                purge "$name"
                ;;
        esac
    done
}

# ordered_wait COUNT LIMIT: waits until nginx saw COUNT requests, at most LIMIT seconds, reading
# every 0.2 s and printing the progress every 30 s; fails when LIMIT passed first.
ordered_wait() {
    local target=$1 limit=$2 clock=$SECONDS next=30 count
    while count=$(delivered) && [ "$count" -lt "$target" ]; do
        [ $((SECONDS - clock)) -lt "$limit" ] || return 1
        if [ $((SECONDS - clock)) -ge "$next" ]; then
            echo "  ... $count of $target delivered after $((SECONDS - clock)) s"
            next=$((next + 30))
        fi
        sleep 0.2
    done
}

# ordered_warm KIND: 3 s of the load on bench-KIND-event, then until its deliveries arrived.
ordered_warm() {
    local kind=$1 before line clock=$SECONDS
    before=$(delivered)
    line=$(run_wrk 3 "bench-$kind-event")
    if ordered_wait "$((before + $(field accepted "$line")))" "$ordered_drain"; then
        echo "warm-up, bench-$kind-event: $line; delivered after $((SECONDS - clock)) s"
    else
        echo "warm-up, bench-$kind-event: $line; $(( $(delivered) - before )) delivered after $ordered_drain s" \
            "(BENCH_ORDERED_DRAIN): the measured part starts with a backlog"
    fi
}

# ordered_measure KIND: the load on bench-KIND-event for BENCH_SECONDS, until drained; CPU line
# KIND+drain, figures in ordered_line, ordered_during and ordered_until.
ordered_measure() {
    local kind=$1 before after line accepted start seconds_drained sent
    before=$(delivered)
    cpu_begin
    start=$(ordered_now)
    line=$(run_wrk "$seconds" "bench-$kind-event")
    after=$(delivered)
    accepted=$(field accepted "$line")
    accepted=${accepted:-0}
    ordered_line[$kind]=$line
    echo "wrk (-t2 -c64, 1 KiB JSON, $ordered_keys keys), bench-$kind-event: $line"
    ordered_during[$kind]=$(calc "($after - $before) / $(field seconds "$line")")
    echo "delivered during the load: $((after - before)) = ${ordered_during[$kind]}/s"
    if ordered_wait "$((before + accepted))" "$ordered_drain"; then
        seconds_drained=$(awk -v a="$start" -v b="$(ordered_now)" 'BEGIN { printf "%.2f", b - a }')
        if [ "$accepted" -gt 0 ]; then
            ordered_until[$kind]=$(calc "$accepted / $seconds_drained")
            ordered_took[$kind]=$seconds_drained
        fi
        echo "every accepted event delivered $seconds_drained s after the start of the load:" \
            "${ordered_until[$kind]:-0} events/s until drained"
    else
        echo "CHECK FAILED (bench-$kind): $(( $(delivered) - before )) of $accepted accepted events delivered" \
            "$ordered_drain s after the load (BENCH_ORDERED_DRAIN): no until-drained figure, and the CPU per" \
            "event below counts events not delivered yet"
    fi
    cpu_end "$kind+drain" "wrk" "$(cat "$work/loader.ticks")" "$accepted"
    sent=$(( $(delivered) - before ))
    if [ "$sent" -gt "$accepted" ]; then
        echo "check: $accepted accepted, $sent delivered to nginx: $((sent - accepted)) more than accepted" \
            "(redeliveries): the figures count each event once"
    elif [ "$sent" = "$accepted" ]; then
        echo "check: $accepted accepted, $sent delivered to nginx (as expected)"
    fi
}

# ordered_phase: the whole phase, with nginx running ($nginx_port).
ordered_phase() {
    local kind
    say "10. ordered delivery: an unordered contract, one ordered over 16 partitions, one over 1 ($ordered_keys keys; wrk, until drained)"
    ordered_purge
    http_port=$(free_port)
    ordered_contracts=yes write_config "$work/ordered.yaml" "$http_port" "http://127.0.0.1:$nginx_port/deliver" 0
    start_eventhos "$work/ordered.yaml" "$http_port"
    wrk_script=benchmarks/lib/post-keyed-event.lua
    export BENCH_ORDERED_KEYS=$ordered_keys
    for kind in "${ordered_kinds[@]}"; do
        ordered_warm "$kind"
        ordered_measure "$kind"
    done
    wrk_script=benchmarks/lib/post-event.lua
    stop_eventhos
}

# ordered_ratio PART WHOLE: PART / WHOLE with 2 decimals, "-" when either is empty or 0.
ordered_ratio() {
    awk -v p="${1:-0}" -v w="${2:-0}" 'BEGIN { if (p > 0 && w > 0) printf "%.2f", p / w; else printf "-" }'
}

# ordered_summary: the summary lines of the phase, and its figures in $BENCH_RESULTS (the CPU per
# event of each contract, per process, is there already, from cpu_end): for each contract, the
# delivered events/s until drained and during the load, and the wrk ingest rate; its CPU per
# accepted event (us), eventhos + broker; and for the ordered ones, each figure's ratio to the
# unordered contract's. A contract whose drain timed out has no until-drained figure, and its CPU
# sum and ratio are left out of $BENCH_RESULTS.
ordered_summary() {
    local kind label short line until during ingest e b cpu base_cpu ratio what
    e=$(per_event unordered+drain eventhos) b=$(per_event unordered+drain broker)
    base_cpu=$((e + b))
    for kind in "${ordered_kinds[@]}"; do
        line=${ordered_line[$kind]:-}
        [ -n "$line" ] || continue
        label=${ordered_label[$kind]} short=${ordered_short[$kind]}
        until=${ordered_until[$kind]:-} during=${ordered_during[$kind]:-} ingest=$(field rate "$line")
        e=$(per_event "$kind+drain" eventhos) b=$(per_event "$kind+drain" broker)
        cpu=$((e + b))
        what="${until:-"-"} events/s until drained"
        [ "$kind" = unordered ] || what+=" = $(ordered_ratio "$until" "${ordered_until[unordered]:-}") x unordered"
        what+="; during the load $during/s"
        [ "$kind" = unordered ] || what+=" = $(ordered_ratio "$during" "${ordered_during[unordered]:-}") x"
        what+="; ingest $ingest/s"
        [ -z "$until" ] || what+="; drained ${ordered_took[$kind]} s after the start"
        printf '%-46s %s\n' "delivered, $label" "$what"
        what="eventhos $e + broker $b = $cpu"
        [ "$kind" = unordered ] || what+=" = $(ordered_ratio "$cpu" "$base_cpu") x unordered"
        printf '%-46s %s\n' "CPU per event (us), $label" "$what"
        [ -z "$until" ] || result "delivered until drained, $label" "$until" events/s
        [ -z "$until" ] || result "time until drained, $label" "${ordered_took[$kind]}" s
        result "delivered during load, $label" "$during" events/s
        result "ingest (wrk), $label" "$ingest" events/s
        # The CPU per event of a contract whose deliveries did not all arrive is not what it says.
        [ -z "$until" ] || [ "$cpu" -eq 0 ] || result "CPU per event (us), $label" "$cpu" "us (eventhos + broker)"
        [ "$kind" != unordered ] || continue
        ratio=$(ordered_ratio "$until" "${ordered_until[unordered]:-}")
        [ "$ratio" = - ] || result "until drained, $short / unordered" "$ratio" ratio
        ratio=$(ordered_ratio "$during" "${ordered_during[unordered]:-}")
        [ "$ratio" = - ] || result "during load, $short / unordered" "$ratio" ratio
        ratio=$(ordered_ratio "$cpu" "$base_cpu")
        [ -z "$until" ] || [ -z "${ordered_until[unordered]:-}" ] || [ "$ratio" = - ] ||
            result "CPU per event, $short / unordered" "$ratio" ratio
    done
    return 0
}
