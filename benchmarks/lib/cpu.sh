# Sourced by benchmarks/run: where the CPU goes during a phase, per process, from /proc.
#
# cpu_begin; <the phase, its load generator in a subshell timed by `loader_ticks`>; cpu_end NAME LOADER LOADER_TICKS
# prints one line: cores used on average by the broker (beam.smp), eventhos, the load generator,
# nginx, everything else on the machine (other users' builds included), and idle, out of `nproc`.

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

# nginx_pids: the nginx master and its workers.
nginx_pids() {
    [ -n "${nginx_pid:-}" ] || return 0
    echo "$nginx_pid" $(pgrep -P "$nginx_pid")
}

cpu_begin() {
    cpu_start_broker=$(process_ticks $(broker_pid))
    cpu_start_eventhos=$(process_ticks ${eventhos_pid:-})
    cpu_start_nginx=$(process_ticks $(nginx_pids))
    cpu_start_machine=$(machine_ticks)
    [ -z "${eventhos_pid:-}" ] || thread_ticks "$eventhos_pid" >"$work/threads.start"
}

# loader_ticks COMMAND...: runs COMMAND, then prints on fd 3 the CPU ticks it and its children used.
# Meant for a subshell: `( loader_ticks wrk ... ) 3>"$work/loader.ticks"`.
loader_ticks() {
    local self=$BASHPID  # expanded here, not in the pipeline's own subshells
    "$@"
    sed 's/^.*) //' "/proc/$self/stat" | awk '{ print $14 + $15 }' >&3
}

# cpu_end NAME LOADER LOADER_TICKS [MESSAGES]: prints the phase's line and keeps it in $work/cpu.txt;
# with MESSAGES (the phase's count of messages or events), also the CPU time each one cost.
cpu_end() {
    local name=$1 loader=$2 loader_used=${3:-0} messages=${4:-0}
    local broker eventhos nginx busy idle steal start_busy start_idle start_steal b e l n o i st
    broker=$(($(process_ticks $(broker_pid)) - cpu_start_broker))
    eventhos=$(($(process_ticks ${eventhos_pid:-}) - cpu_start_eventhos))
    nginx=$(($(process_ticks $(nginx_pids)) - cpu_start_nginx))
    read -r busy idle steal <<<"$(machine_ticks)"
    read -r start_busy start_idle start_steal <<<"$cpu_start_machine"
    busy=$((busy - start_busy)) idle=$((idle - start_idle)) steal=$((steal - start_steal))
    # ticks / (all ticks / cores) = cores used on average over the phase.
    read -r b e l n o i st <<<"$(awk -v b="$broker" -v e="$eventhos" -v l="$loader_used" -v n="$nginx" \
        -v busy="$busy" -v i="$idle" -v s="$steal" -v c="$(nproc)" 'BEGIN {
            w = (busy + i + s) / c; o = busy - b - e - l - n; if (o < 0) o = 0
            printf "%.2f %.2f %.2f %.2f %.2f %.2f %.2f", b / w, e / w, l / w, n / w, o / w, i / w, s / w }')"
    printf '%-12s broker %s  eventhos %s  %s %s  nginx %s  other %s  idle %s  stolen %s  (cores of %d)\n' \
        "$name" "$b" "$e" "$loader" "$l" "$n" "$o" "$i" "$st" "$(nproc)" | tee -a "$work/cpu.txt"
    result "cpu $name: broker" "$b" cores
    [ -z "${eventhos_pid:-}" ] || result "cpu $name: eventhos" "$e" cores
    result "cpu $name: $loader" "$l" cores
    result "cpu $name: other processes" "$o" cores
    result "cpu $name: idle" "$i" cores
    if [ "$messages" -gt 0 ]; then
        # ticks * (1e6 / CLK_TCK) / messages = microseconds of CPU per message.
        read -r b e l n <<<"$(awk -v b="$broker" -v e="$eventhos" -v l="$loader_used" -v n="$nginx" -v m="$messages" \
            -v hz="$(getconf CLK_TCK)" 'BEGIN { f = 1e6 / hz / m; printf "%.0f %.0f %.0f %.0f", b * f, e * f, l * f, n * f }')"
        printf '%-12s CPU per message (us): broker %s  eventhos %s  %s %s  nginx %s  (%d messages)\n' \
            "" "$b" "$e" "$loader" "$l" "$n" "$messages" | tee -a "$work/cpu.txt"
        result "cpu $name: broker per message" "$b" us
        [ -z "${eventhos_pid:-}" ] || result "cpu $name: eventhos per message" "$e" us
    fi
    [ -z "${eventhos_pid:-}" ] && return
    # eventhos by thread group, in cores.
    thread_ticks "$eventhos_pid" | awk -v w="$(awk -v t=$((busy + idle + steal)) -v c="$(nproc)" 'BEGIN { print t / c }')" \
        'NR == FNR { start[$1] = $2; next } { used = ($2 - start[$1]) / w; if (used >= 0.01) printf "%s %.2f\n", $1, used }' \
        "$work/threads.start" - | sort -k2 -rn | head -8 | tr '\n' ' ' | sed "s/^/$(printf '%-12s' '') eventhos threads: /; s/ $/\n/" |
        tee -a "$work/cpu.txt"
}

# thread_ticks PID: "group ticks" lines, the threads of PID grouped by name (digits removed:
# NIO-ELT-0-#1 and NIO-ELT-0-#2 are one group).
thread_ticks() {
    cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
        lp = index($0, "("); rp = match($0, /\) [A-Za-z] /)
        name = substr($0, lp + 1, rp - lp - 1); gsub(/[0-9 ]+/, "", name)
        split(substr($0, rp + 2), rest, " ")   # rest[1] is the state: utime is rest[12], stime rest[13]
        ticks[name] += rest[12] + rest[13]
    } END { for (name in ticks) print name, ticks[name] }'
}
