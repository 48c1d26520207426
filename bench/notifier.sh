#!/usr/bin/env bash
# Notifier benchmark (issue [5/11]), three parts:
# 1. failover -> webhook: two routers in namespaces on a veth pair (198.18.0.1 and .2, VIP
#    198.18.0.100, VRRPv3 at 100 ms); r1 is keepalived (priority 100, the master), r2 the backup
#    under test: vertalived (vrrp and notifier) with a webhook, or keepalived 2.2.7 with a
#    notify_master script that posts the same JSON with curl. A receiver in r1's namespace
#    (bench/notifier/Receiver.java) notes when each request arrives. Each run: SIGKILL of r1;
#    latency = the webhook's arrival - the VIP's RTM_NEWADDR in r2 (ip -ts monitor).
# 2. sustained deliveries per second to a fast receiver on loopback (bench/loadgen's
#    `transitions` service publishes the events in the notifier's own JVM).
# 3. memory with 100,000 deliveries pending to a dead endpoint (heap after a full GC, RSS),
#    against the same process with none pending.
# Needs root, keepalived, curl, iproute2, python3. Usage: bench/notifier.sh [RUNS]
# (NOTIFIER_PARTS="latency throughput memory" narrows a run)
set -euo pipefail
RUNS=${1:-20}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-bench.XXXXXX)
A=vtnA$$; B=vtnB$$
PIDS=(); NETNS=($A $B)
trap bench_cleanup EXIT
need_loadgen
PARTS=${NOTIFIER_PARTS:-latency throughput memory}

ts() { sed -n 's/^\[\([0-9T:.-]*\)\].*/\1/p' | head -1 | xargs -I{} date -d {} +%s.%N; }
# pct P: the P-th percentile (nearest rank) of the numbers on stdin
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((p*NR+99)/100); if (i<1) i=1; print a[i]}'; }

latency() {
  veth_pair $A $B n$$
  ip netns exec $A java "$HERE/bench/notifier/Receiver.java" 198.18.0.1 8080 $W/recv.txt > $W/receiver.log 2>&1 &
  started $!
  wait_for "grep -q listening $W/receiver.log" 6000

  start_r1() { vrrp_conf 3 0.1 100 r1 > $W/r1.conf
    ip netns exec $A keepalived -n -l -P -f $W/r1.conf -p $W/r1.pid -r $W/r1v.pid > $W/r1.log 2>&1 & R1=$!; started $R1; }
  start_r2() { # BACKUP RUN
    local path="/$1/$2"
    if [ "$1" = keepalived ]; then
      printf '#!/bin/sh\nexec curl -s -m 5 -o /dev/null -X POST -H "Content-Type: application/json" --data %s http://198.18.0.1:8080%s\n' \
        "'{\"type\":\"vrrp_transition\",\"node\":\"r2\",\"instance\":\"VI_1\",\"group\":false,\"from\":\"BACKUP\",\"to\":\"MASTER\",\"priority\":90,\"reason\":\"notify_master\"}'" \
        "$path" > $W/post.sh
      chmod 700 $W/post.sh
      vrrp_conf 3 0.1 90 r2 | sed "s|^  router_id r2|  router_id r2\n  script_user root\n  enable_script_security|; s|^  virtual_ipaddress {|  notify_master $W/post.sh\n  virtual_ipaddress {|" > $W/r2.conf
      ip netns exec $B keepalived -n -l -P -f $W/r2.conf -p $W/r2.pid -r $W/r2v.pid > $W/r2.log 2>&1 & R2=$!
    else
      { vrrp_conf 3 0.1 90 r2; printf 'vertalived_webhook bench {\n  url http://198.18.0.1:8080%s\n  secret s3cret\n}\n' "$path"; } > $W/r2.conf
      ip netns exec $B env VERTALIVED_STATE_DIR=$W/state-$2 "$HERE/vertalived" --services vrrp,notifier -f $W/r2.conf \
        -p $W/r2.pid > $W/r2.log 2>&1 & R2=$!
    fi
    started $R2; }
  stop_all() { kill_started "${PIDS[@]:1}"; PIDS=("${PIDS[0]}")
    sleep 0.5; ip -n $A addr del 198.18.0.100/32 dev eth0 2>/dev/null || true
    ip -n $B addr del 198.18.0.100/32 dev eth0 2>/dev/null || true; rm -f $W/*.pid; }

  one_run() { # BACKUP RUN -> ms from the VIP on r2 to the webhook's arrival
    local backup=$1 run=$2
    start_r1; wait_for "has_vip $A"
    start_r2 "$backup" "$run"
    wait_for "grep -q 'BACKUP' $W/r2.log"
    # vertalived reports its start in BACKUP on the webhook too: the notifier runs
    [ "$backup" = keepalived ] || wait_for "grep -q ' /$backup/$run .*to=BACKUP' $W/recv.txt"
    sleep 1
    ip netns exec $B ip -ts monitor address dev eth0 > $W/monB.txt 2>&1 & local mb=$!
    sleep 0.3
    kill -STOP $(cat $W/r1v.pid 2>/dev/null) $R1 2>/dev/null || true
    kill -9 $(cat $W/r1v.pid 2>/dev/null) $R1 2>/dev/null || true
    wait_for "has_vip $B"
    wait_for "grep -q ' /$backup/$run .*to=MASTER' $W/recv.txt"
    kill $mb 2>/dev/null || true; wait $mb 2>/dev/null || true
    local t_vip t_recv
    t_vip=$(grep -v Deleted $W/monB.txt | grep '198.18.0.100' | ts)
    t_recv=$(grep " /$backup/$run .*to=MASTER" $W/recv.txt | head -1 | awk '{print $1}')
    echo "$t_recv $t_vip" | awk '{printf "%.1f\n", $1/1000 - $2*1000}'
    stop_all
  }

  echo "Failover -> webhook: ms from the VIP on the new master to the webhook's arrival ($RUNS runs each)"
  echo
  echo "| backup | notification | min | p50 | p90 | p99 | max |"
  echo "|---|---|---|---|---|---|---|"
  for backup in keepalived vertalived; do
    results=()
    for r in $(seq "$RUNS"); do results+=("$(one_run $backup $r)"); done
    how=$([ $backup = keepalived ] && echo "notify_master script, curl" || echo "vertalived_webhook")
    printf '%s\n' "${results[@]}" > $W/lat-$backup.txt
    echo "| $backup | $how | $(pct 0 < $W/lat-$backup.txt) | $(pct 50 < $W/lat-$backup.txt) | $(pct 90 < $W/lat-$backup.txt)" \
      "| $(pct 99 < $W/lat-$backup.txt) | $(pct 100 < $W/lat-$backup.txt) |"
  done
  echo
}

# notifier_with N URL: the notifier and N transitions in one JVM; sets NP (its pid)
notifier_with() {
  printf 'global_defs {\n  router_id bench\n}\nvertalived_webhook bench {\n  url %s\n  secret s3cret\n}\n' "$2" > $W/n.conf
  rm -rf $W/state
  env VERTALIVED_CLASSPATH="$LOADGEN" VERTALIVED_STATE_DIR=$W/state TRANSITIONS_COUNT="$1" \
    "$HERE/vertalived" --services notifier,transitions -f $W/n.conf -p $W/n.pid > $W/n.log 2>&1 & NP=$!
  started $NP
}

throughput() {
  local n=${NOTIFIER_THROUGHPUT_EVENTS:-20000}
  java "$HERE/bench/notifier/Receiver.java" 127.0.0.1 18090 $W/thr.txt > $W/thr.log 2>&1 & local rp=$!; started $rp
  wait_for "grep -q listening $W/thr.log" 6000
  notifier_with $n http://127.0.0.1:18090/thr
  wait_for "[ \$(wc -l < $W/thr.txt) -ge $n ]" 30000
  local rate best secs
  rate=$(sort -n $W/thr.txt | awk 'NR==1{f=$1} {l=$1} END {printf "%.0f", (NR-1)/((l-f)/1e6)}')
  secs=$(sort -n $W/thr.txt | awk 'NR==1{f=$1} {l=$1} END {printf "%.1f", (l-f)/1e6}')
  best=$(awk '{c[int($1/1e6)]++} END {for (k in c) if (c[k]>m) m=c[k]; print m}' $W/thr.txt)
  echo "Sustained delivery: $n webhooks (50 instances, in order per instance; at most 8 requests in flight) to a"
  echo "receiver on loopback, both JVMs started cold: $rate deliveries/s over $secs s, $best in the best second"
  kill -9 $NP $rp 2>/dev/null || true
  echo
}

pending() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:$W/state/notifier.db?mode=ro', uri=True).execute('select count(*) from pending').fetchone()[0])" 2>/dev/null || echo 0; }
heap_used_mib() { jcmd "$1" GC.run > /dev/null; jcmd "$1" GC.heap_info | awk '/generation/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {print int(s/1024)}'; }
rss_mib() { ps -o rss= -p "$1" | awk '{print int($1/1024)}'; }

memory() {
  local dead=18091
  for n in 0 100000; do
    notifier_with $n http://127.0.0.1:$dead/dead
    wait_for "grep -q 'notifier owns delivery' $W/n.log" 6000
    if [ "$n" -gt 0 ]; then wait_for "[ \$(pending) -ge $n ]" 30000; else sleep 3; fi
    echo "| $n | $(pending) | $(heap_used_mib $NP) | $(rss_mib $NP) |" >> $W/mem.txt
    kill -9 $NP 2>/dev/null || true
    sleep 0.5
  done
  echo "Memory of the notifier's JVM with deliveries pending to a dead endpoint (connection refused, retried):"
  echo
  echo "| events | pending | heap used after full GC, MiB | RSS, MiB (-Xms1g) |"
  echo "|---|---|---|---|"
  cat $W/mem.txt
  echo
}

for part in $PARTS; do $part; done
echo "Machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
