# Sourced by benchmarks/run: `benchmarks/run soak`, RSS of eventhos serve over a long steady load.

# soak SECONDS RATE: eventhos serve with one contract under RATE events/s (the paced sender of the
# latency phase, which is also the subscriber) for SECONDS; VmRSS sampled every 10 s. Prints every
# sample, then the summary of `soak_summary`.
soak() {
    local duration=$1 rate=$2 receiver_port http_port sender started
    receiver_port=$(free_port)
    http_port=$(free_port)
    write_config "$work/soak.yaml" "$http_port" "http://127.0.0.1:$receiver_port/receive" 0
    heap_wrap
    start_eventhos "$work/soak.yaml" "$http_port"
    "$bin/eventhos-bench" latency --rate "$rate" --seconds "$duration" --key "$bench_key" \
        --receiver-port "$receiver_port" \
        --target "http://127.0.0.1:$http_port/event/send?event-identifier=bench-event" >"$work/soak-load.txt" &
    sender=$!
    started=$SECONDS
    : >"$work/soak-rss.txt"
    while kill -0 "$sender" 2>/dev/null; do
        awk -v t=$((SECONDS - started)) '
            /^VmRSS/ { rss = $2 } /^RssAnon/ { anon = $2 } /^RssFile/ { file = $2 } /^RssShmem/ { shmem = $2 }
            END { printf "%d %.1f anon %.1f file %.1f shmem %.1f\n", t, rss / 1024, anon / 1024, file / 1024, shmem / 1024 }' \
            "/proc/$eventhos_pid/status" | tee -a "$work/soak-rss.txt"
        sleep 10
    done
    wait "$sender"
    cat "$work/soak-load.txt"
    stop_eventhos
    soak_summary <"$work/soak-rss.txt" | tee -a "$work/soak.txt"
    heap_summary | tee -a "$work/soak.txt"
}

# soak_summary: reads "seconds MiB anon A file F shmem S" lines, prints first / peak / last, the
# slope after 60 s and over the second half, the peak of each 10-minute window, then how each part
# of the RSS (heap and other anonymous memory, mapped files, shared memory such as SQLite's WAL
# index) moved from first to last.
soak_summary() {
    awk '
        # slope FROM: the least-squares slope of MiB over seconds of the samples at FROM s or later.
        function slope(from,    i, n, sx, sy, sxx, sxy) {
            for (i = 1; i <= NR; i++) if (t[i] >= from) { n++; sx += t[i]; sy += y[i]; sxx += t[i] * t[i]; sxy += t[i] * y[i] }
            return n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
        }
        NR == 1 { first = $2; anon0 = $4; file0 = $6; shmem0 = $8 }
        {
            t[NR] = $1; y[NR] = $2; last = $2; if ($2 > peak) peak = $2; anon = $4; file = $6; shmem = $8
            w = int($1 / 600); if ($2 > window[w]) window[w] = $2; if (w > windows) windows = w
        }
        END {
            printf "soak RSS (MiB): first %.1f  peak %.1f  last %.1f  slope after the first minute %+.2f MiB per 10 min (%d samples)\n",
                first, peak, last, slope(60) * 600, NR
            printf "soak RSS slope over the second half (from %d s): %+.2f MiB per 10 min\n", t[NR] / 2, slope(t[NR] / 2) * 600
            printf "soak RSS peak per 10-minute window (MiB):"
            for (w = 0; w <= windows; w++) printf " %.1f", window[w]
            printf "\n"
            printf "soak RSS parts (MiB, first -> last): anonymous %.1f -> %.1f  files %.1f -> %.1f  shared %.1f -> %.1f\n",
                anon0, anon, file0, file, shmem0, shmem
        }'
}
