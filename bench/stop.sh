#!/usr/bin/env bash
# SIGTERM to the priority-0 advert on the wire (issue [10/11]): a MASTER alone in namespace A
# (keepalived 2.2.7 or vertalived -P, same configuration, same run) gets SIGTERM at a time taken
# just before kill(2) (Python, CLOCK_REALTIME); tcpdump in namespace B, at the other end of the
# veth pair, stamps the priority-0 advert as the kernel receives it (-tt, the same clock). Each
# run starts the daemon again and lets it be MASTER for 2 s first. The signal goes to the main
# process, as systemd sends it (keepalived's parent relays it to its VRRP child).
# Needs root, keepalived, tcpdump, python3, iproute2. Usage: bench/stop.sh [RUNS]
set -euo pipefail
RUNS=${1:-10}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-bench.XXXXXX)
A=vtsA$$; B=vtsB$$
PIDS=(); NETNS=($A $B)
trap bench_cleanup EXIT
veth_pair $A $B s$$
need_jar

vrrp_conf 3 1 200 r1 | sed 's/state BACKUP/state MASTER/' > $W/r1.conf

one_run() { # daemon -> ms from SIGTERM to the priority-0 advert
  local daemon=$1 pid
  if [ "$daemon" = keepalived ]; then
    ip netns exec $A keepalived -n -l -P -f $W/r1.conf -p $W/r1.pid -r $W/r1v.pid > $W/r1.log 2>&1 & pid=$!
  else
    ip netns exec $A "$HERE/vertalived" -P -f $W/r1.conf > $W/r1.log 2>&1 & pid=$!
  fi
  started $pid
  wait_for "has_vip $A"; sleep 2
  ip netns exec $B tcpdump -i eth0 -n -tt -l -c 1 'ip proto 112 and ip[(ip[0] & 0xf) * 4 + 2] = 0' \
    > $W/cap.txt 2> $W/cap.err & local cp=$!
  started $cp
  wait_for "grep -q 'listening on' $W/cap.err"
  local t0; t0=$(python3 -c 'import os,sys,time; p=int(sys.argv[1]); t=time.time(); os.kill(p,15); print("%.6f" % t)' $pid)
  wait_for "! kill -0 $cp 2>/dev/null" 500
  wait $pid 2>/dev/null || true
  local t1; t1=$(awk '/VRRP/ {print $1; exit}' $W/cap.txt)
  echo "$t1 $t0" | awk '{printf "%.2f\n", ($1-$2)*1000}'
  ip -n $A addr del 198.18.0.100/32 dev eth0 2>/dev/null || true
  rm -f $W/r1.pid $W/r1v.pid
}

echo "SIGTERM to priority-0 advert, ms (min / median / max of $RUNS runs)"
for daemon in keepalived vertalived; do
  : > $W/$daemon.txt
  for i in $(seq "$RUNS"); do one_run $daemon >> $W/$daemon.txt; done
  printf '| %s | %s |\n' "$daemon" "$(stats < $W/$daemon.txt)"
done
