#!/usr/bin/env bash
# Runs in a network namespace of the host, which has no IPVS (NftablesLabIT starts it there): the load balancer is
# this namespace, vertalived -C balances through its nftables backend. Records where HTTP requests through the VIP go
# as real servers fail, and the nftables table as `nft` lists it. Observes only: the test asserts.
# Usage: nft-lab.sh OUT_DIR REPO_HOME
set -uo pipefail
out=$1
home=$2
conf=$(dirname "$0")/nft.conf
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  lab_cleanup
}
trap cleanup EXIT
source "$(dirname "$0")/topology.sh"
# until_listed PATTERN PRESENT SECONDS: until the service's slot map lists PATTERN (PRESENT 1) or no longer does (0)
until_listed() {
  local limit=$(( $(date +%s) + $3 ))
  local listing
  while true; do
    # a listing that fails (nft's cache while the table changes) tells nothing: asked again
    if listing=$(nft list map ip vertalived_lvs vs-tcp-198.18.2.100-80 2>/dev/null); then
      if grep -q "$1" <<< "$listing"; then
        [ "$2" = 1 ] && return 0
      else
        [ "$2" = 0 ] && return 0
      fi
    fi
    [ "$(date +%s)" -gt "$limit" ] && return 1
    sleep 0.1
  done
}
# until_logged PATTERN COUNT SECONDS: until vertalived's log has COUNT lines matching PATTERN
until_logged() {
  local limit=$(( $(date +%s) + $3 ))
  until [ "$(grep -c "$1" "$out/vertalived.log")" -ge "$2" ]; do
    [ "$(date +%s)" -gt "$limit" ] && return 1
    sleep 0.1
  done
}
rs1=$(serve vtl-rs1 198.18.3.11 rs1); pids+=("$rs1")
rs2=$(serve vtl-rs2 198.18.3.12 rs2); pids+=("$rs2")
rs3=$(serve vtl-rs3 198.18.3.13 sorry); pids+=("$rs3")

"$home/vertalived" -f "$conf" -C -p "$work/vertalived.pid" --log-level info > "$out/vertalived.log" 2>&1 &
ours=$!; pids+=("$ours")
until_listed 198.18.3.12 1 120 && echo ok > "$out/started"
nft list table ip vertalived_lvs > "$out/table_up" 2>&1
"$home/vertalived" ipvs status > "$out/ipvs_status" 2>&1; echo "exit $?" >> "$out/ipvs_status"
requests 12 > "$out/requests_up"
kill "$rs1"
until_listed 198.18.3.11 0 30 && echo ok > "$out/rs1_left"
requests 6 > "$out/requests_rs1_down"
kill "$rs2"
until_listed 198.18.3.13 1 30 && echo ok > "$out/sorry_in"
requests 4 > "$out/requests_all_down"
rs2=$(serve vtl-rs2 198.18.3.12 rs2); pids+=("$rs2")
until_listed 198.18.3.13 0 30 && echo ok > "$out/sorry_out"
requests 4 > "$out/requests_rs2_back"
ha='healthchecker for service 198.18.3.11:8080 for VS \[198.18.2.102\]:tcp:80'
until_logged "Suspending $ha" 1 30 && echo ok > "$out/ha_suspended"
ip addr add 198.18.2.102/32 dev lo
until_logged "Activating $ha" 1 30 && echo ok > "$out/ha_active"
ip addr del 198.18.2.102/32 dev lo
until_logged "Suspending $ha" 2 30 && echo ok > "$out/ha_suspended_again"
nft flush ruleset ip 2>/dev/null
until_listed 198.18.3.12 1 30 && echo ok > "$out/repaired"
kill -TERM "$ours"; wait "$ours"; echo $? > "$out/exit"
nft list table ip vertalived_lvs > "$out/table_after_stop" 2>&1; echo $? >> "$out/table_after_stop"
