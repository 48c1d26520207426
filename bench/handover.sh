#!/usr/bin/env bash
# Handover benchmark: what a client sees when the master gives up the VIP on purpose.
# Three namespaces on a bridge (in a fourth): r1 198.18.0.1 (priority 100, the master), r2
# 198.18.0.2 (priority 90, the backup), client 198.18.0.3; VIP 198.18.0.100/32, VRID 51. The
# client pings the VIP every millisecond (ping -i 0.001; iputils keeps whole milliseconds)
# throughout, and tcpdump in the client's namespace timestamps every echo request and reply.
# Figures: the outage, the longest time from an echo request that got no reply to the next one
# that did (how long the VIP did not answer: 0 when every request was answered); and the longest
# interval between two consecutive replies on the wire (1 ms is its floor; it also holds the
# client's own sending delays on this loaded 2-core machine, e.g. while the command's JVM starts
# and stops), shown next to the longest interval between two requests.
#   handover: r1 is vertalived (-P --cluster), `vertalived handover VI_1` in r1's namespace;
#             r2 is keepalived 2.2.7 or vertalived.
#   graceful: r1 is keepalived 2.2.7 and gets SIGTERM (priority 0, VIP removed); r2 keepalived.
# Needs root, keepalived, iputils-ping, tcpdump, iproute2. Usage: bench/handover.sh [RUNS]
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-hbench.XXXXXX)
S=vthS$$; A=vthA$$; B=vthB$$; C=vthC$$
PIDS=(); NETNS=($S $A $B $C)
trap bench_cleanup EXIT
for n in $S $A $B $C; do ip netns add $n; done
ip -n $S link add br0 type bridge; ip -n $S link set br0 up
i=0
for h in $A $B $C; do
  ip -n $S link add p$i type veth peer name h$i netns $h
  ip -n $S link set p$i master br0; ip -n $S link set p$i up
  ip -n $h link set h$i name eth0; ip -n $h addr add 198.18.0.$((i+1))/24 dev eth0
  ip -n $h link set lo up; ip -n $h link set eth0 up
  i=$((i+1))
done
need_jar

conf() { vrrp_conf "$@"; }

start() { # ns name impl version interval priority
  conf "$4" "$5" "$6" "$2" > $W/$2.conf
  if [ "$3" = keepalived ]; then
    ip netns exec $1 keepalived -n -l -P -f $W/$2.conf -p $W/$2.pid -r $W/$2v.pid > $W/$2.log 2>&1 &
  else
    ip netns exec $1 "$HERE/vertalived" -P --cluster -f $W/$2.conf > $W/$2.log 2>&1 &
  fi
  started $!; eval "PID_$2=$!"
}
stop_all() { kill_started "${PIDS[@]}"; PIDS=(); sleep 0.5
  for n in $A $B; do ip -n $n addr del 198.18.0.100/32 dev eth0 2>/dev/null || true; done
  ip -n $C neigh flush dev eth0 2>/dev/null || true; rm -f $W/*.pid; }

# "OUTAGE_MS LONGEST_REPLY_INTERVAL_MS LONGEST_REQUEST_INTERVAL_MS" from the client's capture
gaps() { awk '
  { if (match($0, /echo request, id [0-9]+, seq [0-9]+/)) { split(substr($0, RSTART, RLENGTH), f, " "); rq[f[6]]=$1; order[++k]=f[6];
      if (lq != "") { d=($1-lq)*1000; if (d>mq) mq=d } lq=$1 } }
  { if (match($0, /echo reply, id [0-9]+, seq [0-9]+/)) { split(substr($0, RSTART, RLENGTH), f, " "); ok[f[6]]=1;
      if (last != "") { d=($1-last)*1000; if (d>m) m=d } last=$1 } }
  END { for (i=1; i<=k; i++) { s=order[i];
          if (!(s in ok)) { if (open == "") open=rq[s] }
          else if (open != "") { o=(rq[s]-open)*1000; if (o>worst) worst=o; open="" } }
        printf "%.1f %.1f %.1f\n", worst, m, mq }' "$1"; }

one_run() { # mode r1impl r2impl version interval -> ms
  local mode=$1 version=$4 interval=$5
  start $A r1 "$2" "$version" "$interval" 100; wait_for "has_vip $A"
  start $B r2 "$3" "$version" "$interval" 90
  wait_for "grep -q 'BACKUP' $W/r2.log"; sleep 1
  ip netns exec $C tcpdump -i eth0 -n -tt -l icmp > $W/cap.txt 2>/dev/null & local cp=$!
  sleep 0.3
  ip netns exec $C ping -q -i 0.001 198.18.0.100 > $W/ping.txt 2>&1 & local pp=$!
  sleep 0.5
  if [ "$mode" = handover ]; then
    ip netns exec $A "$HERE/vertalived" -f $W/r1.conf handover VI_1 > $W/cmd.txt 2>&1 || { cat $W/cmd.txt >&2; }
  else
    kill -TERM $PID_r1
  fi
  wait_for "has_vip $B"; sleep 0.5
  kill -INT $pp; wait $pp 2>/dev/null || true
  sleep 0.1; kill -INT $cp; wait $cp 2>/dev/null || true
  gaps $W/cap.txt
  stop_all
}


echo "| scenario | master → backup | VRRP | outage ms min / median / max | longest reply interval ms min / median / max | longest request interval ms (the client's own) | RFC Skew_Time |"
echo "|---|---|---|---|---|---|---|"
for case in "3 0.1" "2 1"; do
  set -- $case; v=$1; i=$2
  if [ "$v" = 3 ]; then skew=64.8; else skew=648.4; fi
  for cell in "handover vertalived keepalived" "handover vertalived vertalived" "graceful keepalived keepalived"; do
    set -- $cell
    results=()
    for r in $(seq "$RUNS"); do results+=("$(one_run "$1" "$2" "$3" $v $i)"); done
    lost=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | stats)
    longest=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | stats)
    sending=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | stats)
    echo "| $1 | $2 → $3 | v$v/${i}s | $lost | $longest | $sending | $skew |"
  done
done
