#!/usr/bin/env bash
# Gateway benchmark (issue [6/11]), three parts:
# 1. sse: a transition to 1,000 SSE clients. Two routers in namespaces on a veth pair; keepalived
#    (priority 150, VRRPv3 at 100 ms) is MASTER in A; the node under test is BACKUP in B; each
#    cycle SIGSTOPs keepalived's VRRP process (B takes over) and SIGCONTs it (B yields), so B makes
#    two real transitions per cycle. Ours: vertalived (vrrp, gateway) with 1,000 SSE clients in A
#    (bench/gateway/SseClients.java) — latency = arrival - the event's timestamp, and for MASTER
#    events arrival - the VIP's RTM_NEWADDR in B (ip -ts monitor). Side by side, keepalived 2.2.7
#    in B with notify_fifo and one reader (bench/gateway/fifo_reader.py): its MASTER line's
#    arrival - the VIP's RTM_NEWADDR.
# 2. replay: 10,000 events in the journal (bench/loadgen's transitions service), one client from
#    ?since=0 until the 10,000th (no keepalived counterpart: it keeps no events).
# 3. scale: 100 VRRP instances and 1,000 real servers in one node: GET /metrics time (curl), and
#    GET /api/instances under wrk; side by side, keepalived 2.2.7 with the same 100 instances:
#    its stats dump (SIGUSR2) and JSON dump (SIGRTMIN+2), which is what a keepalived exporter or
#    status wrapper reads per scrape (bench/gateway/dump_time.py).
# Needs root, keepalived, curl, wrk, python3, iproute2. Usage: bench/gateway.sh [CYCLES]
# (GATEWAY_PARTS="sse replay scale" narrows a run; GATEWAY_CLIENTS=1000; SSE_SETTLE=seconds the
# clients stay connected before the first transition, default 0)
set -euo pipefail
CYCLES=${1:-50}
CLIENTS=${GATEWAY_CLIENTS:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-bench.XXXXXX)
A=vtgA$$; B=vtgB$$
PIDS=(); NETNS=($A $B)
trap bench_cleanup EXIT
need_loadgen
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
JAR=$HERE/launcher/target/vertalived.jar
PARTS=${GATEWAY_PARTS:-sse replay scale}

# pct P: the P-th percentile (nearest rank) of the numbers on stdin
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((p*NR+99)/100); if (i<1) i=1; print a[i]}'; }
# vip_adds FILE: epoch microseconds of each RTM_NEWADDR of the VIP in an `ip -ts monitor` log
vip_adds() { grep -v Deleted "$1" | grep ' 198.18.0.100/' | sed -n 's/^\[\([0-9T:.-]*\)\].*/\1/p' \
  | while read -r t; do date -d "$t" +%s%6N; done; }
ms() { awk '{printf "%.1f\n", $1/1000}'; }

reset_ns() {
  kill_started "${PIDS[@]:-}"; PIDS=(); sleep 0.5
  for n in $A $B; do ip netns del $n 2>/dev/null || true; done
  rm -f $W/*.pid
  veth_pair $A $B g$$
}

# cycles NS: CYCLES times, keepalived in A stops (NS takes the VIP) and goes on (NS gives it back).
# Polled every 100 ms: the latencies are taken from the event's own time and the kernel's, never
# from the poll, and a poll every 10 ms (three processes each) took a third of the 2 vCPUs
cycles() {
  local ka; ka=$(cat $W/kav.pid)
  for _ in $(seq "$CYCLES"); do
    kill -STOP "$ka"; wait_for "has_vip $1" 300 0.1
    kill -CONT "$ka"; wait_for "! has_vip $1" 300 0.1
  done
}

start_master_a() {
  vrrp_conf 3 0.1 150 ka > $W/ka.conf
  ip netns exec $A keepalived -n -l -P -f $W/ka.conf -p $W/ka.pid -r $W/kav.pid > $W/ka.log 2>&1 & started $!
  wait_for "has_vip $A"; wait_for "[ -s $W/kav.pid ]"
}

sse() {
  echo "== 1. a transition to SSE clients ($CLIENTS ${SSE_CLIENTS:-lean} clients, $CYCLES cycles = $((2 * CYCLES)) transitions)"
  reset_ns; start_master_a
  vrrp_conf 3 0.1 100 ours > $W/ours.conf
  ip netns exec $B "$HERE/vertalived" --services vrrp,gateway -f $W/ours.conf -p $W/ours.pid \
    --gateway-address 198.18.0.2 --gateway-port 8480 > $W/ours.log 2>&1 & started $!
  wait_for "ip netns exec $A curl -s -o /dev/null -w '%{http_code}' http://198.18.0.2:8480/health/ready | grep -q 200" 6000
  ip netns exec $B ip -ts -4 monitor address > $W/vip-ours.txt 2>&1 & started $!
  # the lean clients (one read and a scan per arrival) unless SSE_CLIENTS=vertx: the clients share the
  # 2 vCPUs with the gateway, and a client library's per-arrival work would be counted as the gateway's
  if [ "${SSE_CLIENTS:-lean}" = vertx ]; then
    ip netns exec $A java -Xmx768m -cp "$JAR" "$HERE/bench/gateway/SseClients.java" live 198.18.0.2 8480 "$CLIENTS" \
      $W/sse.txt > $W/clients.log 2>&1 & CL=$!; started $CL
  else
    ip netns exec $A java -Xms256m -Xmx256m -XX:+UseSerialGC -Xlog:gc:file=$W/clients-gc.log "$HERE/bench/gateway/SseLean.java" 198.18.0.2 8480 "$CLIENTS" \
      $W/sse.txt > $W/clients.log 2>&1 & CL=$!; started $CL
  fi
  wait_for "grep -q connected $W/clients.log" 12000
  # SSE_SETTLE=S: the clients stay connected S seconds before the first transition (a gateway's
  # heartbeats, every 15 s, then have gone through the same write path to every client, as in a
  # gateway whose clients have been connected for a while); 0 (default): transitions at once
  [ "${SSE_SETTLE:-0}" = 0 ] || sleep "$SSE_SETTLE"
  cycles $B
  sleep 2; kill -TERM $CL; wait_for "! kill -0 $CL 2>/dev/null" 3000
  local lines events; lines=$(wc -l < $W/sse.txt); events=$(awk '{print $2}' $W/sse.txt | sort -u | wc -l)
  echo "ours: $events events x $CLIENTS clients: $lines arrivals (expected $((2 * CYCLES * CLIENTS)))"
  echo "ours: event -> client (ms) p50 $(awk '{print $5}' $W/sse.txt | pct 50 | ms), p99 $(awk '{print $5}' $W/sse.txt | pct 99 | ms), max $(awk '{print $5}' $W/sse.txt | pct 100 | ms)"
  # the first ten events meet a cold JIT (gateway and clients): the same without them
  local first; first=$(awk '{print $2}' $W/sse.txt | sort -un | head -1)
  awk -v f="$first" '$2 >= f + 10 {print $5}' $W/sse.txt > $W/sse-warm.txt
  echo "ours: event -> client, after the first 10 events (ms) p50 $(pct 50 < $W/sse-warm.txt | ms), p99 $(pct 99 < $W/sse-warm.txt | ms), max $(pct 100 < $W/sse-warm.txt | ms)"
  # the k-th MASTER event is the k-th VIP add
  vip_adds $W/vip-ours.txt > $W/adds-ours.txt
  awk '$3 == "MASTER" {print $2}' $W/sse.txt | sort -un > $W/master-ids.txt
  awk 'FILENAME == ARGV[1] {add[FNR] = $1; next} FILENAME == ARGV[2] {rank[$1] = FNR; next}
       $3 == "MASTER" && ($2 in rank) && (rank[$2] in add) {print $4 - add[rank[$2]]}' \
    $W/adds-ours.txt $W/master-ids.txt $W/sse.txt > $W/vip-sse.txt
  echo "ours: VIP added -> SSE client, MASTER (ms) p50 $(pct 50 < $W/vip-sse.txt | ms), p99 $(pct 99 < $W/vip-sse.txt | ms), max $(pct 100 < $W/vip-sse.txt | ms) ($(wc -l < $W/vip-sse.txt) arrivals)"

  reset_ns; start_master_a
  rm -f $W/notify.fifo $W/fifo.txt; mkfifo $W/notify.fifo
  python3 "$HERE/bench/gateway/fifo_reader.py" $W/notify.fifo $W/fifo.txt & started $!
  vrrp_conf 3 0.1 100 kb | sed "s|^  router_id kb|  router_id kb\n  notify_fifo $W/notify.fifo|" > $W/kb.conf
  ip netns exec $B keepalived -n -l -P -f $W/kb.conf -p $W/kb.pid -r $W/kbv.pid > $W/kb.log 2>&1 & started $!
  wait_for "grep -qs BACKUP $W/fifo.txt" 3000
  ip netns exec $B ip -ts -4 monitor address > $W/vip-ka.txt 2>&1 & started $!
  sleep 0.2
  cycles $B
  sleep 1
  vip_adds $W/vip-ka.txt > $W/adds-ka.txt
  grep '"VI_1" MASTER' $W/fifo.txt | awk '{print $1}' > $W/fifo-master.txt
  paste $W/adds-ka.txt $W/fifo-master.txt | awk 'NF == 2 {print $2 - $1}' > $W/vip-fifo.txt
  echo "keepalived: VIP added -> notify_fifo reader, MASTER (ms) p50 $(pct 50 < $W/vip-fifo.txt | ms), p99 $(pct 99 < $W/vip-fifo.txt | ms), max $(pct 100 < $W/vip-fifo.txt | ms) ($(wc -l < $W/vip-fifo.txt) transitions, 1 reader)"
}

replay() {
  echo "== 2. replay of 10,000 events from the journal"
  kill_started "${PIDS[@]:-}"; PIDS=()
  printf 'global_defs {\n  router_id replay\n}\n' > $W/replay.conf
  VERTALIVED_CLASSPATH="$LOADGEN" TRANSITIONS_COUNT=10000 "$HERE/vertalived" --services gateway,transitions \
    -f $W/replay.conf -p $W/replay.pid --gateway-port 18480 > $W/replay.log 2>&1 & started $!
  # the journal holds the start's config_reloaded and the 10,000 transitions
  wait_for "[ \$(curl -s http://127.0.0.1:18480/health/ready | grep -o '\"next\":[0-9]*' | cut -d: -f2) -ge 10002 ] 2>/dev/null" 6000
  for _ in 1 2 3 4 5; do
    java -cp "$JAR" "$HERE/bench/gateway/SseClients.java" replay 127.0.0.1 18480 10000
  done
  kill_started "${PIDS[@]}"; PIDS=()
}

scale_conf() { # ROUTER PRIORITY WITH_REAL_SERVERS
  printf 'global_defs {\n  router_id %s\n  vrrp_version 3\n}\n' "$1"
  for i in $(seq 1 100); do
    printf 'vrrp_instance VI_%d {\n  state BACKUP\n  interface eth0\n  virtual_router_id %d\n  priority %d\n  advert_int 1\n  virtual_ipaddress {\n    198.18.1.%d/32 dev eth0\n  }\n}\n' "$i" "$i" "$2" "$i"
  done
  if [ "$3" = yes ]; then
    printf 'virtual_server 198.18.2.1 80 {\n  delay_loop 5\n  protocol TCP\n'
    for p in $(seq 10000 10999); do
      printf '  real_server 198.18.0.1 %d {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n' "$p"
    done
    printf '}\n'
  fi
}

scale() {
  echo "== 3. 100 VRRP instances and 1,000 real servers: /metrics and /api/instances"
  reset_ns
  scale_conf ka 50 no > $W/ka100.conf
  mkdir -p $W/katmp
  ip netns exec $A env TMPDIR=$W/katmp keepalived -n -l -P -f $W/ka100.conf -p $W/ka.pid -r $W/kav.pid > $W/ka.log 2>&1 &
  started $!
  scale_conf ours 100 yes > $W/ours100.conf
  ip netns exec $B "$HERE/vertalived" --services vrrp,checker,gateway -f $W/ours100.conf -p $W/ours.pid \
    --gateway-address 0.0.0.0 --gateway-port 8480 > $W/ours.log 2>&1 & started $!
  wait_for "ip netns exec $B curl -s http://127.0.0.1:8480/api/instances 2>/dev/null | grep -o '\"state\":\"MASTER\"' | wc -l | grep -qx 100" 12000
  wait_for "ip netns exec $B curl -s http://127.0.0.1:8480/api/virtual-servers | grep -o '\"realServer\"' | wc -l | grep -qx 1000" 6000
  sleep 6  # every real server checked at least once
  ip netns exec $B curl -s http://127.0.0.1:8480/metrics > $W/metrics.txt
  echo "ours: /metrics has $(grep -vc '^#' $W/metrics.txt) series, $(wc -c < $W/metrics.txt) bytes"
  # the first scrapes meet a cold JIT (C2 compiles the scrape's loops over its first ~30): said apart,
  # then 100 measured as Prometheus sees a node that has been up for a while
  for _ in $(seq 1 30); do
    ip netns exec $B curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:8480/metrics
  done | awk '{print $1 * 1000}' > $W/scrape-cold.txt
  echo "ours: GET /metrics, the first 30 after the one above (ms): p50 $(pct 50 < $W/scrape-cold.txt), max $(pct 100 < $W/scrape-cold.txt); the first five: $(head -5 $W/scrape-cold.txt | awk '{printf "%.1f ", $1}')"
  for _ in $(seq 1 100); do
    ip netns exec $B curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:8480/metrics
  done | awk '{print $1 * 1000}' > $W/scrape.txt
  echo "ours: GET /metrics (ms) p50 $(pct 50 < $W/scrape.txt), p99 $(pct 99 < $W/scrape.txt), max $(pct 100 < $W/scrape.txt) (100 scrapes, warm)"
  for _ in $(seq 1 50); do
    ip netns exec $B curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:8480/api/instances
  done | awk '{print $1 * 1000}' > $W/instances.txt
  echo "ours: GET /api/instances alone (ms) p50 $(pct 50 < $W/instances.txt), p99 $(pct 99 < $W/instances.txt)"
  ip netns exec $B wrk -t2 -c32 -d15s --latency http://127.0.0.1:8480/api/instances > $W/wrk.txt 2>&1
  echo "ours: wrk -t2 -c32 -d15s GET /api/instances: $(grep 'Requests/sec' $W/wrk.txt | awk '{print $2}') requests/s, p50 $(awk '$1 == "50%" {print $2}' $W/wrk.txt), p99 $(awk '$1 == "99%" {print $2}' $W/wrk.txt)"
  local ka; ka=$(cat $W/ka.pid)
  echo "keepalived: stats dump, SIGUSR2 -> keepalived.stats complete (ms, min / median / max): $(python3 "$HERE/bench/gateway/dump_time.py" "$ka" USR2 $W/katmp/keepalived.stats 20 | stats)"
  echo "keepalived: JSON dump, SIGRTMIN+2 -> keepalived.json complete (ms, min / median / max): $(python3 "$HERE/bench/gateway/dump_time.py" "$ka" RTMIN+2 $W/katmp/keepalived.json 20 | stats)"
}

echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1), $(keepalived -v 2>&1 | head -1)"
for part in $PARTS; do $part; done
