#!/usr/bin/env bash
# Runs inside the IPVS VM (scripts/ipvs-vm.sh): a client namespace, two real-server namespaces with a small web
# server each, this VM's root namespace as the load balancer. Runs vertalived -C, then keepalived -C, on the same
# configuration; records the kernel's table (ipvsadm -Sn) at each step and where HTTP requests through the VIP went.
# Observes only: the test on the host asserts. Usage: lab.sh OUT_DIR REPO_HOME
set -uo pipefail
out=$1
home=$2
conf=$(dirname "$0")/lvs.conf
work=$(mktemp -d)
pids=()
log() { echo "lab: $*"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  lab_cleanup
}
trap cleanup EXIT

table() { ipvsadm -Sn | sort; }
dests() { ipvsadm -Sn | grep -c '^-a' ; }
# wait_dests N SECONDS: until the table holds N destinations; prints the milliseconds it took
wait_dests() {
  local want=$1 limit=$(( $(date +%s%3N) + $2 * 1000 )) t0
  t0=$(date +%s%3N)
  while [ "$(dests)" != "$want" ]; do
    if [ "$(date +%s%3N)" -gt "$limit" ]; then echo timeout; return 1; fi
    sleep 0.1
  done
  echo $(( $(date +%s%3N) - t0 ))
}
# steady N SECONDS LIMIT: until the table has held N destinations for SECONDS in a row (under TCG a check can time
# out while the JVM warms up, and a flap takes both real servers out for a moment: requests wait for a steady table)
steady() {
  local since="" limit=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -le "$limit" ]; do
    if [ "$(dests)" = "$1" ]; then
      since=${since:-$(date +%s)}
      [ $(( $(date +%s) - since )) -ge "$2" ] && return 0
    else
      since=""
    fi
    sleep 0.2
  done
  return 1
}
source "$(dirname "$0")/topology.sh"
rs1=$(serve vtl-rs1 198.18.3.11 rs1); pids+=("$rs1")
rs2=$(serve vtl-rs2 198.18.3.12 rs2); pids+=("$rs2")

log "vertalived -C"
export VERTALIVED_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m"
"$home/vertalived" -f "$conf" -C -p "$work/vertalived.pid" --log-level info > "$out/vertalived.log" 2>&1 &
ours=$!; pids+=("$ours")
echo "$(wait_dests 4 240)" > "$out/ours_start_ms"
table > "$out/ours_up"
steady 4 5 120
requests 8 > "$out/ours_requests_up"
kill "$rs1"; wait "$rs1" 2>/dev/null
echo "$(wait_dests 2 60)" > "$out/ours_down_ms"
table > "$out/ours_down"
steady 2 5 120
requests 8 > "$out/ours_requests_down"
rs1=$(serve vtl-rs1 198.18.3.11 rs1); pids+=("$rs1")
echo "$(wait_dests 4 60)" > "$out/ours_recover_ms"
table > "$out/ours_recovered"
kill -TERM "$ours"; wait "$ours"; echo $? > "$out/ours_exit"
table > "$out/ours_after_stop"

log "keepalived -C"
keepalived -n -l -D -C -f "$conf" -p "$work/k.pid" -c "$work/kc.pid" > "$out/keepalived.log" 2>&1 &
kl=$!; pids+=("$kl")
echo "$(wait_dests 4 60)" > "$out/kl_start_ms"
table > "$out/kl_up"
kill "$rs1"; wait "$rs1" 2>/dev/null
echo "$(wait_dests 2 60)" > "$out/kl_down_ms"
table > "$out/kl_down"
kill -TERM "$kl"; wait "$kl"
table > "$out/kl_after_stop"
log done
