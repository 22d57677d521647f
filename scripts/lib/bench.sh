# Shared machinery of the whole-system benches (scripts/bench, scripts/bench-gre): two network
# namespaces joined by a veth pair in the RFC 2544 benchmarking range, programs started in
# them and stopped by PID, and what /proc says about a process (CPU, memory, descriptors).
# Source this file; bash only. Callers set `out` (a results folder) first.

bench_pids=()
bench_namespaces=()

# Stops every program started here (by PID) and removes the namespaces; an EXIT trap.
bench_cleanup() {
  local pid ns
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in "${bench_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}

# bench_netns_up NS-A NS-B ADDRESS-A ADDRESS-B: the pair, /30 each side, loopback up.
bench_netns_up() {
  local ns_a=$1 ns_b=$2 address_a=$3 address_b=$4
  ip netns add "$ns_a"; bench_namespaces+=("$ns_a")
  ip netns add "$ns_b"; bench_namespaces+=("$ns_b")
  ip -n "$ns_a" link add veth-a type veth peer name veth-b netns "$ns_b"
  ip -n "$ns_a" addr add "$address_a/30" dev veth-a; ip -n "$ns_b" addr add "$address_b/30" dev veth-b
  for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
  ip -n "$ns_a" link set veth-a up; ip -n "$ns_b" link set veth-b up
}

# bench_start NS LOG COMMAND...: starts COMMAND in NS (through `ip netns exec`, which execs
# it, so $started is the program's PID), output to LOG.
bench_start() {
  local ns=$1 log=$2; shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  started=$!
  bench_pids+=("$started")
}

# bench_stop PID: SIGTERM, then waits for it.
bench_stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# bench_wait_listen NS PORT PID: until something listens on TCP PORT in NS (10 s at most).
bench_wait_listen() {
  local _
  for _ in $(seq 100); do
    ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q . && return 0
    kill -0 "$3" 2>/dev/null || { echo "bench: process $3 ended before listening on :$2" >&2; return 1; }
    sleep 0.1
  done
  echo "bench: nothing listens on :$2 in $1 after 10 s" >&2
  return 1
}

# bench_field NAME < JSON-LINE: a numeric field of a flat JSON object.
bench_field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

# bench_round_by_round KEY < JSON-LINES: the half-rate rounds' p99 differences, each PAC
# round against the reflector round just before it, so that a stretch of host noise falls
# on both sides of a difference (docs/performance.md). KEY is the field that names the path
# ("pac", "reflector"); lines without an offered rate (closed loop) are skipped. Prints the
# differences in µs, in order, then their median, on one line.
bench_round_by_round() {
  jq -rs --arg key "$1" '
    [.[] | select(.offeredPerSecond != null)] as $rounds
    | [$rounds[] | select(.[$key] == "pac") | .p99Microseconds] as $pac
    | [$rounds[] | select(.[$key] == "reflector") | .p99Microseconds] as $reflector
    | [range(0; [$pac, $reflector] | map(length) | min) | ($pac[.] - $reflector[.]) | floor] as $d
    | $d + [if $d == [] then 0 else ($d | sort | .[(length - 1) / 2 | floor]) end] | map(tostring) | join(" ")'
}

# bench_tree PID: PID and all its descendants (from ps: /proc has no children lists here).
bench_tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      print root
      do {
        added = 0
        for (pid in parent) if (!(pid in seen) && (parent[pid] == root || parent[pid] in seen)) { seen[pid]; print pid; added = 1 }
      } while (added)
    }'
}

# bench_proc_files NAME PID...: /proc/PID/NAME of the processes that still exist.
bench_proc_files() {
  local name=$1 pid; shift
  for pid in "$@"; do [[ -r /proc/$pid/$name ]] && echo "/proc/$pid/$name"; done
}

# bench_cpu_ticks PID...: user + system clock ticks used so far by the processes and by
# their children that have ended (pptpd's per-connection processes come and go). One awk
# for all of them: a tree of 2,000 processes is read in a moment.
bench_cpu_ticks() {
  local files; files=$(bench_proc_files stat "$@")
  [[ -n $files ]] || { echo 0; return; }
  { cat $files 2>/dev/null || true; } | awk '{ sum += $14 + $15 + $16 + $17 } END { print sum + 0 }'
}

# bench_memory_kib KEY PID...: the sum of KEY (Rss or Pss, KiB) over the processes, from
# smaps_rollup. Pss shares each shared page among its users: the fair figure for a tree of
# processes running the same programs.
bench_memory_kib() {
  local key=$1 files; shift
  files=$(bench_proc_files smaps_rollup "$@")
  [[ -n $files ]] || { echo 0; return; }
  { cat $files 2>/dev/null || true; } | awk -v k="$key:" '$1 == k { sum += $2 } END { print sum + 0 }'
}

# bench_fds PID...: open file descriptors of the processes (bash globbing, no process each).
bench_fds() {
  local pid sum=0 restore
  local -a fds
  restore=$(shopt -p nullglob)
  shopt -s nullglob
  for pid in "$@"; do
    fds=(/proc/"$pid"/fd/*)
    sum=$((sum + ${#fds[@]}))
  done
  eval "$restore"
  echo "$sum"
}
