# Sourced by benchmarks/run: BENCH_PROFILE=1 samples eventhos serve with perf during two phases,
# ingest only (an event without contracts) and delivery only (the drain after a redrive), and
# writes small text reports (top entries, demangled) to $work/profiles/.

profile_pid=""

# profile_start NAME: starts sampling eventhos serve (all threads, call graphs, 999 Hz).
profile_start() {
    [ "${BENCH_PROFILE:-}" = 1 ] || return 0
    mkdir -p "$work/profiles"
    perf record -e cpu-clock -F 999 -g -p "$eventhos_pid" -o "$work/$1.perf.data" >/dev/null 2>&1 &
    profile_pid=$!
    sleep 0.5  # perf attaches to every thread before the phase starts
}

# profile_stop NAME DESCRIPTION: stops sampling and writes NAME-self.txt (self time by symbol),
# NAME-inclusive.txt (time with callees) and NAME-eventhos.txt (Eventhos's own code, inclusive).
profile_stop() {
    [ -n "$profile_pid" ] || return 0
    local name=$1 description=$2 data="$work/$1.perf.data" out="$work/profiles/$1"
    kill -INT "$profile_pid"
    wait "$profile_pid" || true
    profile_pid=""
    local header="# $description: perf record -e cpu-clock -F 999 -g -p <eventhos serve>, $(date -u +%F), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    # Whole reports first: `head` on a live pipeline would stop perf with SIGPIPE (and pipefail).
    perf report -i "$data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null >"$work/$name-self.full"
    perf report -i "$data" --stdio --children --sort symbol -g none 2>/dev/null >"$work/$name-children.full"
    top_entries() { grep -v '^#' "$1" | grep '%' | swift demangle --simplified | sed -E 's/ +$//; s/ +- +-$//' | awk -v n="$2" 'NR <= n'; }
    { echo "$header"; echo "# self time (perf report --no-children --sort dso,symbol), top 30"
        top_entries "$work/$name-self.full" 30; } >"$out-self.txt"
    { echo "$header"; echo "# with callees (perf report --children --sort symbol), top 40"
        top_entries "$work/$name-children.full" 40; } >"$out-inclusive.txt"
    { echo "$header"; echo "# Eventhos's own code and its AMQP client, with callees, top 30"
        top_entries "$work/$name-children.full" 100000 |
            grep -E 'Eventhos|Ingest|Contract|Audit|AMQP|ConnectionDriver|Bridge|EventMessage|EventAdmission|CArena|Registry' |
            awk 'NR <= 30' || true; } >"$out-eventhos.txt"
    echo "profile: $out-{self,inclusive,eventhos}.txt"
}
