# Sourced by benchmarks/run: `BENCH_HEAPTRACK=1 benchmarks/run soak` runs the soak's eventhos serve
# under heaptrack (Debian package heaptrack) and prints what its heap held over time.

# heap_wrap: with BENCH_HEAPTRACK=1, makes start_eventhos run eventhos under heaptrack, its data
# going to $work/heap.zst.
heap_wrap() {
    [ "${BENCH_HEAPTRACK:-}" = 1 ] && eventhos_wrapper=(heaptrack -o "$work/heap")
    return 0
}

# heap_summary: the live heap over the run, smallest and largest in each 30 s window (the smallest
# hides the allocations of the events in flight, so it shows what stays), then what was still
# allocated when eventhos stopped, by allocating function.
heap_summary() {
    [ "${BENCH_HEAPTRACK:-}" = 1 ] || return 0
    heaptrack_print -f "$work/heap.zst" -M "$work/heap.massif" -l 1 -n 8 -s 0 >"$work/heap.txt" 2>&1
    echo "live heap (heaptrack), smallest / largest in each 30 s window (MiB):"
    grep -E '^(time|mem_heap_B)=' "$work/heap.massif" | paste - - | awk -F'[= \t]+' '
        { w = int($2 / 30); v = $4 / 1048576; if (!(w in low) || v < low[w]) low[w] = v; if (v > high[w]) high[w] = v; if (w > last) last = w }
        END { for (w = 0; w <= last; w++) if (w in low) printf "  %5d s  %6.1f / %6.1f\n", w * 30, low[w], high[w] }'
    echo "still allocated when eventhos stopped (heaptrack_print -l, $work/heap.txt):"
    sed -n '/^MEMORY LEAKS/,/^MOST TEMPORARY/p' "$work/heap.txt" | grep -E 'leaked over|^[^ ]' | grep -v '^MOST' | head -16
}
