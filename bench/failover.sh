#!/usr/bin/env bash
# Failover benchmark, measured as shared/reference/failover-anchors.md does: two routers in
# their own network namespaces on a veth pair (198.18.0.0/24, VIP 198.18.0.100/32, VRID 51);
# r1 is keepalived at priority 100 (the master), r2 the backup under test at priority 90:
# keepalived 2.2.7 or vertalived. Each run: crash (SIGKILL) of r1 -> time from r1's last advert
# on the wire (tcpdump in r2's namespace) to the VIP's RTM_NEWADDR in r2 (ip -ts monitor);
# graceful (SIGTERM) of r1 -> gap from the VIP's RTM_DELADDR in r1 to RTM_NEWADDR in r2.
# Needs root, keepalived, tcpdump, iproute2. Usage: bench/failover.sh [RUNS]
# (FAILOVER_CASES="3:0.1 2:1", FAILOVER_BACKUPS="keepalived vertalived", FAILOVER_MODES="crash
# graceful" narrow a run to some cells; FAILOVER_FAMILY=6: VRRPv3 over IPv6, VIP 2001:2::100/64,
# adverts from r1's link-local address to ff02::12, cases 3:0.1 3:1)
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FAMILY=${FAILOVER_FAMILY:-4}
[ "$FAMILY" = 6 ] && export BENCH_VIP=2001:2::100/64
. "$HERE/bench/lib.sh"
VIP=${BENCH_VIP%/*}
W=$(mktemp -d /tmp/vtl-bench.XXXXXX)
A=vtbA$$; B=vtbB$$
PIDS=(); NETNS=($A $B)
trap bench_cleanup EXIT
veth_pair $A $B b$$
if [ "$FAMILY" = 6 ]; then wait_for "link_local_ready $A && link_local_ready $B"; fi
ADVERTS="ip proto 112 and src 198.18.0.1"
[ "$FAMILY" = 6 ] && ADVERTS="ip6 proto 112 and ether src $(ip -n $A -br link show dev eth0 | awk '{print $3}')"
need_jar

conf() { vrrp_conf "$@"; }
ts() { sed -n 's/^\[\([0-9T:.-]*\)\].*/\1/p' | head -1 | xargs -I{} date -d {} +%s.%N; }

start_r1() { conf "$1" "$2" 100 r1 > $W/r1.conf
  ip netns exec $A keepalived -n -l -P -f $W/r1.conf -p $W/r1.pid -r $W/r1v.pid > $W/r1.log 2>&1 & R1=$!; started $R1; }
start_r2() { conf "$2" "$3" 90 r2 > $W/r2.conf
  if [ "$1" = keepalived ]; then
    ip netns exec $B keepalived -n -l -P -f $W/r2.conf -p $W/r2.pid -r $W/r2v.pid > $W/r2.log 2>&1 & R2=$!
  else
    ip netns exec $B "$HERE/vertalived" -P -f $W/r2.conf > $W/r2.log 2>&1 & R2=$!
  fi
  started $R2; }
stop_all() { kill_started "${PIDS[@]}"; PIDS=(); sleep 0.5
  ip -n $A addr del $BENCH_VIP dev eth0 2>/dev/null || true; ip -n $B addr del $BENCH_VIP dev eth0 2>/dev/null || true; rm -f $W/*.pid; }

one_run() { # backup version interval mode -> prints ms
  local backup=$1 version=$2 interval=$3 mode=$4
  start_r1 "$version" "$interval"; wait_for "has_vip $A"
  start_r2 "$backup" "$version" "$interval"
  wait_for "grep -q 'BACKUP' $W/r2.log"; sleep 1
  ip netns exec $B ip -ts monitor address dev eth0 > $W/monB.txt 2>&1 & local mb=$!
  ip netns exec $A ip -ts monitor address dev eth0 > $W/monA.txt 2>&1 & local ma=$!
  ip netns exec $B tcpdump -i eth0 -n -tt -l "$ADVERTS" > $W/cap.txt 2>/dev/null & local cp=$!
  # capture at least one full advert interval before the kill
  sleep 1.5
  if [ "$mode" = crash ]; then
    # SIGSTOP first: keepalived's VRRP child has a parent-death SIGTERM and would send priority 0
    kill -STOP $(cat $W/r1v.pid 2>/dev/null) $R1 2>/dev/null || true
    kill -9 $(cat $W/r1v.pid 2>/dev/null) $R1 2>/dev/null || true
  else
    kill -TERM $R1
  fi
  wait_for "has_vip $B"; sleep 0.2
  kill $mb $ma $cp 2>/dev/null || true; wait $mb $ma $cp 2>/dev/null || true
  local t_new; t_new=$(grep 'Deleted' -v $W/monB.txt | grep -F "$VIP/" | ts)
  if [ "$mode" = crash ]; then
    local t_last; t_last=$(grep VRRP $W/cap.txt | tail -1 | awk '{print $1}')
    echo "$t_new $t_last" | awk '{printf "%.1f\n", ($1-$2)*1000}'
  else
    local t_del; t_del=$(grep 'Deleted' $W/monA.txt | grep -F "$VIP/" | ts)
    echo "$t_new $t_del" | awk '{printf "%.1f\n", ($1-$2)*1000}'
  fi
  stop_all
}


echo "| backup | VRRP | scenario | min / median / max ms | RFC |"
echo "|---|---|---|---|---|"
default_cases="3:0.1 2:1"
[ "$FAMILY" = 6 ] && default_cases="3:0.1 3:1"
for case in ${FAILOVER_CASES:-$default_cases}; do
  v=${case%%:*}; i=${case#*:}
  # RFC 5798 6.1 (v3) / RFC 3768 6.1 (v2, whole seconds) for r2's priority 90
  skew=$(awk -v i="$i" -v v="$v" 'BEGIN { printf "%.1f", (v == 3 ? (256 - 90) * i * 1000 / 256 : (256 - 90) * 1000 / 256) }')
  mdi=$(awk -v i="$i" -v s="$skew" 'BEGIN { printf "%.1f", 3 * i * 1000 + s }')
  for backup in ${FAILOVER_BACKUPS:-keepalived vertalived}; do
    for mode in ${FAILOVER_MODES:-crash graceful}; do
      results=()
      for r in $(seq "$RUNS"); do results+=("$(one_run $backup $v $i $mode)"); done
      rfc=$([ $mode = crash ] && echo "Master_Down_Interval $mdi" || echo "Skew_Time $skew")
      echo "| $backup | v$v/${i}s$([ "$FAMILY" = 6 ] && echo ' IPv6') | $mode | $(printf '%s\n' "${results[@]}" | stats) | $rfc |"
    done
  done
done
