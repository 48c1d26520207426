#!/usr/bin/env bash
# Advert-interval jitter of a vertalived master whose own JVM is loaded, and spurious
# transitions. Two namespaces on a veth pair (198.18.0.0/24, VIP 198.18.0.100/32, VRID 51,
# VRRPv3 at advert_int 0.1): r1 = vertalived at priority 150 (the master) running the vrrp service
# and bench/loadgen's load in the same JVM (10,000 timer tasks/s, each allocating 16 KiB and
# keeping 1 KiB of it for 2 s: about 160 MiB/s of garbage, 20 MiB in flight); r2 = keepalived
# 2.2.7 at priority 100 (the backup, watching). tcpdump in r2's namespace timestamps r1's adverts;
# the jitter is |interval - 100 ms|. A spurious transition is keepalived leaving BACKUP or ours
# leaving MASTER. Needs root, keepalived, tcpdump, iproute2.
# Usage: bench/jitter.sh [SECONDS] [CELL...]   (cells: see CELLS below; default all, 60 s each)
set -euo pipefail
SECONDS_PER_CELL=${1:-60}
shift || true
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-jitter.XXXXXX)
A=vtjA$$; B=vtjB$$
PIDS=(); NETNS=($A $B)
trap bench_cleanup EXIT
veth_pair $A $B j$$
need_loadgen

# name | JVM options | services
declare -A OPTS=(
  [serial-noload]="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  [serial]="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms1g -Xmx1g"
  [serial-default-heap]="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  [serial-512m]="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms512m -Xmx512m"
  [serial-512m-young64]="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms512m -Xmx512m -Xmn64m"
  [parallel]="-XX:+UseParallelGC -Xms1g -Xmx1g"
  [g1]="-XX:+UseG1GC -XX:MaxGCPauseMillis=10 -Xms1g -Xmx1g"
  [zgc]="-XX:+UseZGC -Xms1g -Xmx1g"
)
CELLS=("$@")
[ ${#CELLS[@]} -gt 0 ] || CELLS=(serial-noload serial parallel g1 zgc)

conf() { vrrp_conf 3 0.1 "$2" "$1"; }
pct() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "- / - / -"; exit}
  i50=int(NR*0.5)+1; if (i50>NR) i50=NR; i99=int(NR*0.99)+1; if (i99>NR) i99=NR
  printf "%.2f / %.2f / %.2f", a[i50], a[i99], a[NR]}'; }

echo "| cell | JVM options | load | adverts | jitter p50 / p99 / max ms | spurious transitions | ours RSS MiB |"
echo "|---|---|---|---|---|---|---|"
for cell in "${CELLS[@]}"; do
  opts=${OPTS[$cell]}
  services=vrrp,loadgen; load="10k tasks/s × 16 KiB, 1 KiB kept 2 s"
  if [ "$cell" = serial-noload ]; then services=vrrp; load="none"; fi
  conf r2 100 > $W/r2.conf; conf r1 150 > $W/r1.conf
  ip netns exec $A env VERTALIVED_JAVA_OPTS="$opts" VERTALIVED_CLASSPATH="$LOADGEN" \
    "$HERE/vertalived" --services $services -f $W/r1.conf > $W/r1.log 2>&1 & R1=$!; started $R1
  wait_for "has_vip $A" 6000
  ip netns exec $B keepalived -n -l -P -f $W/r2.conf -p $W/r2.pid -r $W/r2v.pid > $W/r2.log 2>&1 & started $!
  wait_for "grep -q 'Entering BACKUP STATE' $W/r2.log"
  sleep 5   # the load's timers and the JIT settle
  ip netns exec $B tcpdump -i eth0 -n -tt -l 'ip proto 112 and src 198.18.0.1' > $W/cap.txt 2>/dev/null & CP=$!
  sleep "$SECONDS_PER_CELL"
  kill -INT $CP; wait $CP 2>/dev/null || true
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$R1/status 2>/dev/null || echo -)  # the script execs java
  adverts=$(grep -c 'VRRPv3' $W/cap.txt || true)
  jitter=$(awk '/VRRPv3/ {if (p) {d=($1-p)*1000-100; if (d<0) d=-d; printf "%.3f\n", d} p=$1}' $W/cap.txt | pct)
  spurious=$(( $(grep -c 'Entering MASTER STATE' $W/r2.log || true) + $(grep -c 'Entering BACKUP STATE\|Entering FAULT STATE' $W/r1.log || true) - 1 ))
  echo "| $cell | \`$opts\` | $load | $adverts | $jitter | $spurious | $rss |"
  kill_started "${PIDS[@]}"
  wait "${PIDS[@]}" 2>/dev/null || true; PIDS=(); sleep 1
  ip -n $A addr del 198.18.0.100/32 dev eth0 2>/dev/null || true; ip -n $B addr del 198.18.0.100/32 dev eth0 2>/dev/null || true
  rm -f $W/*.pid
done
