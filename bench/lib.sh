# Shared by the benchmark scripts: source it after setting HERE (the checkout).
# Only namespaces the scripts create and 198.18.0.0/24 (IPv6: 2001:2::/64, the benchmarking prefix) inside them
# are ever used.

# the VIP of vrrp_conf and has_vip (BENCH_VIP=2001:2::100/64 for VRRPv3 over IPv6)
BENCH_VIP=${BENCH_VIP:-198.18.0.100/32}

# vrrp_conf VERSION INTERVAL PRIORITY ROUTER: one instance, VRID 51, VIP $BENCH_VIP on eth0
vrrp_conf() {
  cat <<C
global_defs {
  router_id $4
  vrrp_version $1
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $3
  advert_int $2
  virtual_ipaddress {
    $BENCH_VIP dev eth0
  }
}
C
}

# has_vip NS: the VIP is on NS's eth0
has_vip() { ip -n "$1" -br addr show dev eth0 | grep -q " ${BENCH_VIP%/*}/"; }

# link_local_ready NS: NS's eth0 has its link-local IPv6 address and DAD is over (a VRRPv3 source)
link_local_ready() { ip -n "$1" -6 addr show dev eth0 scope link | grep -q fe80:: \
  && ! ip -n "$1" -6 addr show dev eth0 scope link | grep -q tentative; }

# wait_for EXPR [TRIES [INTERVAL]]: polls EXPR every INTERVAL seconds (default 0.01; 3000 tries)
wait_for() { local i=0 n=${2:-3000} t=${3:-0.01}; until eval "$1"; do sleep "$t"; i=$((i+1)); [ $i -lt "$n" ] || { echo "timeout: $1" >&2; return 1; }; done; }

# stats: "min / median / max" of the numbers on stdin
stats() { sort -n | awk '{a[NR]=$1} END {printf "%s / %s / %s", a[1], a[int((NR+1)/2)], a[NR]}'; }

# veth_pair NS_A NS_B TAG: two namespaces joined by a veth pair, eth0 198.18.0.1 and .2
veth_pair() {
  ip netns add "$1"; ip netns add "$2"
  ip link add "v$3a" netns "$1" type veth peer name "v$3b" netns "$2"
  ip -n "$1" link set "v$3a" name eth0; ip -n "$2" link set "v$3b" name eth0
  ip -n "$1" addr add 198.18.0.1/24 dev eth0; ip -n "$2" addr add 198.18.0.2/24 dev eth0
  for n in "$1" "$2"; do ip -n "$n" link set lo up; ip -n "$n" link set eth0 up; done
}

# need_jar: builds the fat jar (and bench/loadgen) unless already there
need_jar() { [ -f "$HERE/launcher/target/vertalived.jar" ] || (cd "$HERE" && mvn -q -B -DskipTests package); }

# need_loadgen: builds the fat jar and bench/loadgen unless already there; sets LOADGEN (its jar)
need_loadgen() {
  LOADGEN=$(ls "$HERE"/bench/loadgen/target/vertalived-bench-loadgen-*.jar 2>/dev/null | head -1)
  if [ ! -f "$HERE/launcher/target/vertalived.jar" ] || [ -z "$LOADGEN" ]; then
    (cd "$HERE" && mvn -q -B -DskipTests package)
    LOADGEN=$(ls "$HERE"/bench/loadgen/target/vertalived-bench-loadgen-*.jar | head -1)
  fi
}

# need_nginx: Debian's nginx-light, installed when missing
need_nginx() { command -v nginx >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null; }

# proc_start PID: when the process started (field 22 of /proc/PID/stat, clock ticks after boot), which
# tells it from a later process given the same pid; empty when it is gone
proc_start() { local s; s=$(cat /proc/"$1"/stat 2>/dev/null) || return 0; s=${s##*) }; set -- $s; echo "${20}"; }

# started PID: records a process the script started, in PIDS and (with its start time) in $W/started, so that
# bench_cleanup ends it even when a subshell started it
started() { PIDS+=("$1"); echo "$1 $(proc_start "$1")" >> "$W/started"; }

# kill_started PID...: SIGKILL to processes the script started and to their descendants (keepalived's
# VRRP child, a notify script), each by its pid; each is stopped first, so that it starts no other while
# its children are listed (pgrep -P: this kernel has no /proc/PID/task/TID/children)
kill_started() {
  local p
  for p in "$@"; do
    [ -n "$p" ] || continue
    kill -STOP "$p" 2>/dev/null || continue
    kill_started $(pgrep -P "$p")
    kill -9 "$p" 2>/dev/null || true
  done
}

# bench_cleanup: for `trap bench_cleanup EXIT`: kills the PIDS the script started (and theirs), deletes the
# namespaces it created (NETNS) and its work directory (W; kept, with the logs, when BENCH_KEEP=1)
bench_cleanup() {
  kill_started "${PIDS[@]:-}"
  local p t
  if [ -f "$W/started" ]; then
    while read -r p t; do [ -n "$t" ] && [ "$(proc_start "$p")" = "$t" ] && kill_started "$p"; done < "$W/started"
  fi
  for n in "${NETNS[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null || true; done
  if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $W" >&2; else rm -rf "$W"; fi
}
