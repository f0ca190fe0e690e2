# Sourced by benchmarks/run: where the CPU goes during a phase, per process, from /proc.
#
# cpu_begin; <the phase, its load generator in a subshell timed by `loader_ticks`>; cpu_end NAME LOADER LOADER_TICKS
# prints one line: cores used on average by the broker (beam.smp), eventhos (every eventhos serve
# running: two in the two-instance phase), PostgreSQL (when $postgres_pid names the private server's
# postmaster), the load generator, nginx, everything else on the machine (other users' builds
# included), and idle, out of `nproc`.

# process_ticks PID...: user + system clock ticks used so far by these processes (all threads).
process_ticks() {
    local total=0 pid
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] || continue
        # Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
        total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
    done
    echo "$total"
}

# machine_ticks: busy, idle and stolen (by the hypervisor) clock ticks of all cores since boot.
machine_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6, $9 }' /proc/stat
}

# broker_pid: the operating-system pid of the broker's Erlang VM, when it is our private node.
broker_pid() {
    local file=${LOCAL_BROKER_DIR:-$repo/.eventhos/broker-$LOCAL_BROKER_PORT}/pid
    [ -r "$file" ] && cat "$file"
}

# thread_switches PID...: "thread voluntary involuntary" for every live thread of these processes,
# from /proc/PID/task/TID/status. (/proc/PID/status counts the main thread's context switches only.)
thread_switches() {
    local pid
    for pid in "$@"; do
        # A thread may end between the listing and the read: grep skips its file.
        grep -H '^[a-z]*voluntary_ctxt_switches:' /proc/"$pid"/task/*/status 2>/dev/null || true
    done | awk -F: '{ sub(/\/status$/, "", $1); n = $3 + 0 } $2 == "voluntary_ctxt_switches" { v[$1] = n } $2 == "nonvoluntary_ctxt_switches" { i[$1] = n }
        END { for (t in v) print t, v[t], i[t] + 0 }'
}

# switches_since FILE: voluntary and involuntary context switches of the threads listed on stdin
# (thread_switches) since FILE (thread_switches earlier): a thread started meanwhile counts from 0;
# one ended meanwhile is missed.
switches_since() {
    awk 'NR == FNR { v[$1] = $2; i[$1] = $3; next } { dv += $2 - v[$1]; di += $3 - i[$1] } END { print dv + 0, di + 0 }' "$1" -
}

# postgres_postmaster PORT: the pid of the PostgreSQL server of this machine that listens on PORT,
# found by its own postmaster.pid (first line its pid, fourth its port) in its working directory,
# which is its data directory; nothing when no such process is ours to see.
postgres_postmaster() {
    local pid file
    for pid in $(pgrep -x postgres); do
        file=/proc/$pid/cwd/postmaster.pid
        if [ -r "$file" ] && [ "$(sed -n 1p "$file" 2>/dev/null)" = "$pid" ] && [ "$(sed -n 4p "$file" 2>/dev/null)" = "$1" ]; then
            echo "$pid"
            return 0
        fi
    done
    return 0
}

# postgres_ticks: user + system clock ticks of the PostgreSQL server of $postgres_pid: the postmaster
# with the children it reaped (its cutime and cstime: backends of connections closed meanwhile) and
# its children alive (backends, checkpointer, WAL writer...). 0 without $postgres_pid.
postgres_ticks() {
    local pid
    [ -n "${postgres_pid:-}" ] || { echo 0; return 0; }
    {
        sed 's/^.*) //' "/proc/$postgres_pid/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
        for pid in $(pgrep -P "$postgres_pid"); do
            # A backend may end between pgrep and the read: it then counts in the postmaster's cutime.
            sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true
        done
    } | awk '{ total += $1 } END { print total + 0 }'
}

# nginx_pids: the nginx master and its workers.
nginx_pids() {
    [ -n "${nginx_pid:-}" ] || return 0
    echo "$nginx_pid" $(pgrep -P "$nginx_pid")
}

cpu_begin() {
    cpu_start_broker=$(process_ticks $(broker_pid))
    cpu_start_eventhos=$(process_ticks "${eventhos_pids[@]}")
    cpu_start_postgres=$(postgres_ticks)
    cpu_start_nginx=$(process_ticks $(nginx_pids))
    cpu_start_machine=$(machine_ticks)
    [ "${#eventhos_pids[@]}" -eq 0 ] || thread_ticks "${eventhos_pids[@]}" >"$work/threads.start"
    thread_switches $(broker_pid) >"$work/switches-broker.start"
    thread_switches "${eventhos_pids[@]}" >"$work/switches-eventhos.start"
}

# loader_ticks COMMAND...: runs COMMAND, then prints on fd 3 the CPU ticks it and its children used.
# Meant for a subshell: `( loader_ticks wrk ... ) 3>"$work/loader.ticks"`.
loader_ticks() {
    local self=$BASHPID  # expanded here, not in the pipeline's own subshells
    "$@"
    sed 's/^.*) //' "/proc/$self/stat" | awk '{ print $14 + $15 }' >&3
}

# cpu_end NAME LOADER LOADER_TICKS [MESSAGES]: prints the phase's line and keeps it in $work/cpu.txt;
# with MESSAGES (the phase's count of messages or events), also the CPU time and the context switches
# (voluntary + involuntary, every thread) each one cost, of the broker and eventhos, and of the load
# generator when $loader_usage holds its own "cpu_us voluntary involuntary" over the phase (the
# full-cycle reference's client), and keeps them in $work/per-event.tsv (see lib/reference.sh).
cpu_end() {
    local name=$1 loader=$2 loader_used=${3:-0} messages=${4:-0}
    local broker eventhos postgres nginx busy idle steal start_busy start_idle start_steal b e p l n o i st pg=""
    broker=$(($(process_ticks $(broker_pid)) - cpu_start_broker))
    eventhos=$(($(process_ticks "${eventhos_pids[@]}") - cpu_start_eventhos))
    postgres=$(($(postgres_ticks) - cpu_start_postgres))
    nginx=$(($(process_ticks $(nginx_pids)) - cpu_start_nginx))
    read -r busy idle steal <<<"$(machine_ticks)"
    read -r start_busy start_idle start_steal <<<"$cpu_start_machine"
    busy=$((busy - start_busy)) idle=$((idle - start_idle)) steal=$((steal - start_steal))
    # ticks / (all ticks / cores) = cores used on average over the phase.
    read -r b e p l n o i st <<<"$(awk -v b="$broker" -v e="$eventhos" -v p="$postgres" -v l="$loader_used" -v n="$nginx" \
        -v busy="$busy" -v i="$idle" -v s="$steal" -v c="$(nproc)" 'BEGIN {
            w = (busy + i + s) / c; o = busy - b - e - p - l - n; if (o < 0) o = 0
            printf "%.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f", b / w, e / w, p / w, l / w, n / w, o / w, i / w, s / w }')"
    # The postgres column only in the phases that measure the PostgreSQL server.
    [ -z "${postgres_pid:-}" ] || pg="  postgres $p"
    printf '%-12s broker %s  eventhos %s%s  %s %s  nginx %s  other %s  idle %s  stolen %s  (cores of %d)\n' \
        "$name" "$b" "$e" "$pg" "$loader" "$l" "$n" "$o" "$i" "$st" "$(nproc)" | tee -a "$work/cpu.txt"
    result "cpu $name: broker" "$b" cores
    [ "${#eventhos_pids[@]}" -eq 0 ] || result "cpu $name: eventhos" "$e" cores
    [ -z "${postgres_pid:-}" ] || result "cpu $name: postgres" "$p" cores
    result "cpu $name: $loader" "$l" cores
    result "cpu $name: other processes" "$o" cores
    result "cpu $name: idle" "$i" cores
    if [ "$messages" -gt 0 ]; then
        # ticks * (1e6 / CLK_TCK) / messages = microseconds of CPU per message.
        read -r b e p l n <<<"$(awk -v b="$broker" -v e="$eventhos" -v p="$postgres" -v l="$loader_used" -v n="$nginx" -v m="$messages" \
            -v hz="$(getconf CLK_TCK)" 'BEGIN { f = 1e6 / hz / m; printf "%.0f %.0f %.0f %.0f %.0f", b * f, e * f, p * f, l * f, n * f }')"
        [ -z "${postgres_pid:-}" ] || pg="  postgres $p"
        printf '%-12s CPU per message (us): broker %s  eventhos %s%s  %s %s  nginx %s  (%d messages)\n' \
            "" "$b" "$e" "$pg" "$loader" "$l" "$n" "$messages" | tee -a "$work/cpu.txt"
        result "cpu $name: broker per message" "$b" us
        [ "${#eventhos_pids[@]}" -eq 0 ] || result "cpu $name: eventhos per message" "$e" us
        [ -z "${postgres_pid:-}" ] || result "cpu $name: postgres per message" "$p" us
        switches_end "$name" "$loader" "$messages" "$b" "$e"
    fi
    [ "${#eventhos_pids[@]}" -eq 0 ] && return
    # eventhos by thread group (the threads of every instance together), in cores, and with MESSAGES
    # in microseconds of CPU per message too.
    local label="eventhos threads, cores"
    [ "$messages" -eq 0 ] || label+=" (CPU per message)"
    thread_ticks "${eventhos_pids[@]}" | awk -v w="$(awk -v t=$((busy + idle + steal)) -v c="$(nproc)" 'BEGIN { print t / c }')" \
        -v m="$messages" -v hz="$(getconf CLK_TCK)" '
        NR == FNR { start[$1] = $2; next }
        {
            ticks = $2 - start[$1]; used = ticks / w; if (used < 0.01) next
            if (m > 0) printf "%s %.2f (%.0f us)\n", $1, used, ticks * 1e6 / hz / m; else printf "%s %.2f\n", $1, used
        }' "$work/threads.start" - | sort -k2 -rn | head -8 | tr '\n' ' ' |
        sed "s/^/$(printf '%-12s' '') $label: /; s/ $/\n/" |
        tee -a "$work/cpu.txt"
}

# thread_ticks PID...: "group ticks" lines, the threads of these processes grouped by name (digits
# removed: NIO-ELT-0-#1 and NIO-ELT-0-#2 are one group).
thread_ticks() {
    local pid
    for pid in "$@"; do cat /proc/"$pid"/task/*/stat 2>/dev/null || true; done | awk '{
        lp = index($0, "("); rp = match($0, /\) [A-Za-z] /)
        name = substr($0, lp + 1, rp - lp - 1); gsub(/[0-9 ]+/, "", name)
        split(substr($0, rp + 2), rest, " ")   # rest[1] is the state: utime is rest[12], stime rest[13]
        ticks[name] += rest[12] + rest[13]
    } END { for (name in ticks) print name, ticks[name] }'
}

# switches_end NAME LOADER MESSAGES BROKER_US EVENTHOS_US: the context switches per message of the
# phase begun by cpu_begin (broker, eventhos when it runs, and the load generator when $loader_usage
# holds its own "cpu_us voluntary involuntary"); appends the phase's row to $work/per-event.tsv:
# name, messages, eventhos's CPU (us) and context switches per message, the broker's. When eventhos
# does not run, its columns hold the load generator's own figures marked `*` (the full-cycle
# reference's client, which does eventhos's part of the broker work), or `-`.
switches_end() {
    local name=$1 loader=$2 messages=$3 broker_us=$4 eventhos_us=$5 bv bi ev ei lu lv li line eventhos_sw
    read -r bv bi <<<"$(thread_switches $(broker_pid) | switches_since "$work/switches-broker.start")"
    read -r ev ei <<<"$(thread_switches "${eventhos_pids[@]}" | switches_since "$work/switches-eventhos.start")"
    per_message() { awk -v v="$1" -v i="$2" -v m="$messages" 'BEGIN { printf "%.2f (%.2f + %.2f)", (v + i) / m, v / m, i / m }'; }
    line="broker $(per_message "$bv" "$bi")"
    eventhos_sw=$(calc "($ev + $ei) / $messages")
    if [ "${#eventhos_pids[@]}" -gt 0 ]; then
        line+="  eventhos $(per_message "$ev" "$ei")"
    else
        eventhos_us=- eventhos_sw=-
    fi
    if [ -n "${loader_usage:-}" ]; then
        read -r lu lv li <<<"$loader_usage"
        line+="  $loader $(per_message "$lv" "$li"), its own CPU $(calc "$lu / $messages") us"
        result "cpu $name: $loader per message (its own)" "$(calc "$lu / $messages")" us
        result "cpu $name: $loader switches per message" "$(calc "($lv + $li) / $messages")" switches
        if [ "${#eventhos_pids[@]}" -eq 0 ]; then
            eventhos_us="*$(awk -v u="$lu" -v m="$messages" 'BEGIN { printf "%.0f", u / m }')"
            eventhos_sw="*$(calc "($lv + $li) / $messages")"
        fi
    fi
    printf '%-12s context switches per message, voluntary + involuntary: %s\n' "" "$line" | tee -a "$work/cpu.txt"
    result "cpu $name: broker switches per message" "$(calc "($bv + $bi) / $messages")" switches
    [ "${#eventhos_pids[@]}" -eq 0 ] || result "cpu $name: eventhos switches per message" "$eventhos_sw" switches
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$messages" "$eventhos_us" "$eventhos_sw" \
        "$broker_us" "$(calc "($bv + $bi) / $messages")" >>"$work/per-event.tsv"
}
