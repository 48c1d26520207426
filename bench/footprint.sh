#!/usr/bin/env bash
# Start-to-BACKUP time and resident memory of a VRRP-only process: keepalived 2.2.7 -P against
# vertalived -P, same configuration (one VRRPv3 instance, advert_int 0.1, state BACKUP), in a
# namespace with a veth pair (198.18.0.0/24). Start-to-BACKUP: from the launch to the
# "Entering BACKUP STATE" log line, followed by tail -F (inotify: no polling loop, which on a
# 2-vCPU machine took CPU from the process it timed). RSS: VmRSS 5 s and 10 s after BACKUP, summed
# over keepalived's parent and VRRP child; the one JVM for vertalived (it trims its C heap every 5 s). Needs root, keepalived,
# iproute2. vertalived runs twice: as the script starts it (its class-data archive, written first
# if missing) and with VERTALIVED_CDS=off. Usage: bench/footprint.sh [RUNS]
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-foot.XXXXXX)
A=vtfA$$; B=vtfB$$
PIDS=(); NETNS=($A $B)
RUN_PID=""  # the process a run started: keepalived's parent, or the JVM (the script execs java)
trap bench_cleanup EXIT
veth_pair $A $B f$$
need_jar
vrrp_conf 3 0.1 90 r1 > $W/r.conf

rss_kib() { # VmRSS of keepalived's parent and child, or of the JVM
  local rss=0 p
  for p in $RUN_PID $(pgrep -P $RUN_PID); do
    case "$(cat /proc/$p/comm 2>/dev/null)" in keepalived|java) rss=$((rss + $(awk '/VmRSS/ {print $2}' /proc/$p/status))) ;; esac
  done
  echo $rss
}

one_run() { # impl -> RESULT="ms rss_kib_5s rss_kib_10s" (no subshell: the cleanup sees RUN_PID)
  local t0 t1 rss5 rss10
  : > $W/r.log  # there before tail -F starts: when its start did not find the file, it saw the line ~2 s late
  t0=$(date +%s%N)
  if [ "$1" = keepalived ]; then
    ip netns exec $A keepalived -n -l -P -f $W/r.conf -p $W/k.pid -r $W/kv.pid > $W/r.log 2>&1 & RUN_PID=$!; started $RUN_PID
  elif [ "$1" = vertalived-no-archive ]; then
    ip netns exec $A env VERTALIVED_CDS=off "$HERE/vertalived" -P -f $W/r.conf -p $W/v.pid > $W/r.log 2>&1 & RUN_PID=$!; started $RUN_PID; started $RUN_PID
  else
    ip netns exec $A "$HERE/vertalived" -P -f $W/r.conf -p $W/v.pid > $W/r.log 2>&1 & RUN_PID=$!; started $RUN_PID
  fi
  local fd tp
  exec {fd}< <(exec timeout 60 tail -F -n +1 $W/r.log 2>/dev/null); tp=$!
  if ! grep -q -m1 'Entering BACKUP STATE' <&$fd; then
    echo "$1 did not reach BACKUP within 60 s:" >&2; cat $W/r.log >&2; exit 1
  fi
  t1=$(date +%s%N)
  exec {fd}<&-; kill $tp 2>/dev/null || true
  sleep 5
  rss5=$(rss_kib)
  sleep 5
  rss10=$(rss_kib)
  kill_started $RUN_PID; wait $RUN_PID 2>/dev/null || true; RUN_PID=""; PIDS=(); rm -f $W/*.pid
  ip -n $A addr del 198.18.0.100/32 dev eth0 2>/dev/null || true
  RESULT="$(( (t1 - t0) / 1000000 )) $rss5 $rss10"
}
mib() { awk '{printf "%.1f\n", $1 / 1024}'; }

echo "| process | start to BACKUP ms min / median / max | RSS MiB 5 s after, min / median / max | 10 s after |"
echo "|---|---|---|---|"
"$HERE/vertalived" cds-archive >&2
for impl in keepalived vertalived vertalived-no-archive; do
  results=()
  for r in $(seq "$RUNS"); do one_run $impl; results+=("$RESULT"); done
  echo "| $impl -P | $(printf '%s\n' "${results[@]}" | awk '{print $1}' | stats) |" \
    "$(printf '%s\n' "${results[@]}" | awk '{print $2}' | mib | stats) |" \
    "$(printf '%s\n' "${results[@]}" | awk '{print $3}' | mib | stats) |"
done
