#!/usr/bin/env bash
# Deployment figures of `vertalived demo` (every service a JVM of its own, routers in namespaces):
#   1. demo -> ready (the demo's own "ready in N s": every member in one cluster, r1 MASTER, both
#      real servers alive, the virtual server answering), and `demo down` -> nothing left, RUNS times;
#   2. resident memory (RSS) and CPU of each process, idle, after SETTLE seconds (last run);
#   3. an event-bus request and its reply between processes: bench/loadgen's `busping` in a JVM of
#      its own joins the demo's cluster and asks r1's VRRP service for its status, 5,000 times one
#      after the other, then 16 at a time (what `vertalived status` and the gateway's API do).
# Root; loopback and the demo's own networks (198.18.200.0/24, 198.18.201.0/24) only.
# Usage: bench/deploy.sh [RUNS] [SETTLE]
set -euo pipefail
RUNS=${1:-3}; SETTLE=${2:-30}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-deploy.XXXXXX)
PIDS=(); NETNS=()
export VERTALIVED_DEMO_DIR=$W/demo
trap '"$HERE/vertalived" demo down >/dev/null 2>&1; bench_cleanup' EXIT
need_loadgen

# up RUN: starts the demo in the background, waits for "ready"; DEMO = its pid
up() {
  "$HERE/vertalived" demo > "$W/demo-$1.out" 2>&1 &
  DEMO=$!
  for _ in $(seq 600); do
    grep -q "demo: ready in" "$W/demo-$1.out" && return 0
    kill -0 $DEMO 2>/dev/null || { cat "$W/demo-$1.out" >&2; exit 1; }
    sleep 0.5
  done
  echo "the demo was not ready within 300 s" >&2; exit 1
}

# cpu_ticks PID: utime+stime of the process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
for run in $(seq "$RUNS"); do
  up "$run"
  ready=$(sed -n 's/^demo: ready in \([0-9]*\) s$/\1/p' "$W/demo-$run.out")
  if [ "$run" = "$RUNS" ]; then
    sleep "$SETTLE"
    echo "process memory and idle CPU after ${SETTLE} s (run $run):"
    printf '  %-9s %8s %10s\n' process "RSS MiB" "CPU cores"
    declare -A t0=()
    for f in "$VERTALIVED_DEMO_DIR"/pids/*; do
      n=$(basename "$f"); [ "$n" = follow ] && continue
      t0[$n]=$(cpu_ticks "$(cat "$f")")
    done
    sleep 10
    for f in "$VERTALIVED_DEMO_DIR"/pids/*; do
      n=$(basename "$f"); [ "$n" = follow ] && continue
      p=$(cat "$f")
      rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$p/status")
      cpu=$(awk -v a="${t0[$n]}" -v b="$(cpu_ticks "$p")" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", (b - a) / hz / 10}')
      printf '  %-9s %8s %10s\n' "$n" "$rss" "$cpu"
    done
    echo "event-bus request/reply between processes (busping -> r1's vrrp service):"
    VERTALIVED_CLASSPATH=$LOADGEN VERTALIVED_CLUSTER_NAME=vertalived-demo VERTALIVED_CLUSTER_MEMBERS=198.18.200.1-3 \
      VERTALIVED_CLUSTER_INTERFACE=198.18.200.0/24 \
      VERTALIVED_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx256m -Xshare:auto" \
      "$HERE/vertalived" --cluster --services busping -f "$HERE/scripts/demo/services.conf" -p "$W/busping.pid" \
      > "$W/busping.log" 2>&1 &
    started $!
    for _ in $(seq 240); do
      [ "$(grep -c "busping: " "$W/busping.log")" -ge 2 ] && break
      grep -q "busping failed" "$W/busping.log" && break
      sleep 0.5
    done
    grep "busping: \|busping failed" "$W/busping.log" | sed "s/^.*busping/  busping/"
    kill -TERM "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  fi
  t=$(date +%s%N)
  "$HERE/vertalived" demo down > "$W/down-$run.out" 2>&1
  down_ms=$(( ($(date +%s%N) - t) / 1000000 ))
  wait $DEMO 2>/dev/null || true
  left=$( (ip netns list | grep -c vtd-) || true)
  echo "run $run: demo -> ready ${ready} s; demo down -> nothing left ${down_ms} ms (namespaces left: $left)"
done
