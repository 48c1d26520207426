#!/usr/bin/env bash
# The ipvs service's kernel table, side by side with keepalived: VS virtual servers x RS real servers
# each (NAT, wrr, no checkers: every real server alive), 198.18.0.0/15 addresses only.
#  1. nftables on this host (no IPVS here), in a network namespace of the script's: the first full
#     table (the service's own convergence timer, and since the JVM started), then CHANGES real servers
#     down and up one at a time, each published as a checker would and timed until the service's
#     LvsChange event says the kernel holds it (bench/loadgen's `lvsbench`).
#  2. IPVS in the VM (scripts/ipvs-vm.sh, Debian 12's kernel under QEMU, ~25x slower than the host):
#     the same for vertalived, then keepalived 2.2.7 -C on the same file; for both, from process
#     start until `ipvsadm -Ln` lists every real server (polled every second: under TCG each ipvsadm run costs
#     enough CPU to slow the program it watches), as the like-for-like figure.
#  3. In the VM, checkers included (bench/ipvs_detect.py): 20 virtual servers x 2 real servers with TCP_CHECK every
#     second; a real server's listener stops (then starts again) and the time until the kernel's table no longer
#     (again) lists it, 20 times, vertalived -C then keepalived -C on the same file.
# Usage: bench/ipvs.sh [VS] [RS] [CHANGES]        (defaults 1000 10 200)
set -euo pipefail
VS=${1:-1000}; RS=${2:-10}; CHANGES=${3:-200}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /var/tmp/vtl-ipvs.XXXXXX)
PIDS=(); NETNS=()
trap bench_cleanup EXIT
need_loadgen

python3 - "$VS" "$RS" > "$W/lvs.conf" <<'PY'
import sys
vs, rs = int(sys.argv[1]), int(sys.argv[2])
print("global_defs {\n  router_id bench\n}")
for i in range(vs):
    print(f"virtual_server 198.18.{10 + i // 250}.{i % 250 + 1} 80 {{\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP")
    for j in range(rs):
        n = i * rs + j
        print(f"  real_server 198.18.{64 + n // 250}.{n % 250 + 1} 8080 {{\n    weight {1 + j % 3}\n  }}")
    print("}")
PY
echo "config: $VS virtual servers x $RS real servers ($(wc -l < "$W/lvs.conf") lines)"

# run_ours OUT: vertalived --services ipvs,lvsbench in this namespace until lvsbench wrote OUT
run_ours() {
  LVSBENCH_OUT=$1 LVSBENCH_CHANGES=$CHANGES VERTALIVED_CLASSPATH=$LOADGEN \
    "$HERE/vertalived" -f "$W/lvs.conf" --services ipvs,lvsbench -p "$W/ours.pid" > "$1.log" 2>&1 &
  local pid=$!
  local i=0
  until [ -s "$1" ]; do sleep 0.2; i=$((i+1)); [ $i -lt 3000 ] || { echo "no result: $1" >&2; break; }; done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}
export -f run_ours
export HERE W CHANGES LOADGEN

# three times: the first convergence is one cold JVM's, and varies from run to run
echo "== nftables (this host), three runs"
for run in 1 2 3; do
  NS=vtl-bench-lvs-$$-$run; NETNS+=("$NS"); ip netns add "$NS"; ip -n "$NS" link set lo up
  ip netns exec "$NS" bash -c "run_ours \"$W/nftables$run.json\""
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({k: v for k, v in d.items() if "InOrder" not in k})' \
    "$W/nftables$run.json"
done

cat > "$W/vm.sh" <<'VM'
set -uo pipefail
ip link set lo up
want=$(( VS * RS ))
count() { ipvsadm -Ln 2>/dev/null | grep -c '^  -> [0-9]'; }
t0=$(date +%s%3N)
LVSBENCH_OUT=$W/ipvs.json LVSBENCH_CHANGES=$CHANGES VERTALIVED_CLASSPATH=$LOADGEN \
  VERTALIVED_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m" \
  "$HERE/vertalived" -f "$W/lvs.conf" --services ipvs,lvsbench -p "$W/ours.pid" > "$W/ipvs.json.log" 2>&1 &
ours=$!
until [ "$(count)" -ge "$want" ]; do sleep 1; done
echo $(( $(date +%s%3N) - t0 )) > "$W/ours_full_ms"
until [ -s "$W/ipvs.json" ]; do sleep 0.5; done
kill -TERM $ours; wait $ours
until [ "$(count)" = 0 ]; do sleep 0.1; done
t0=$(date +%s%3N)
keepalived -n -l -C -f "$W/lvs.conf" -p "$W/k.pid" -c "$W/kc.pid" > "$W/keepalived.log" 2>&1 &
kl=$!
until [ "$(count)" -ge "$want" ]; do sleep 1; done
echo $(( $(date +%s%3N) - t0 )) > "$W/keepalived_full_ms"
kill -TERM $kl; wait $kl
# keepalived's parent gives its checker a few seconds to remove 10,000 entries before it kills it (under TCG not
# enough: "checker process failed to die - forcing termination"); what it left is counted, then flushed
count > "$W/keepalived_left_behind"; ipvsadm -C
# 3. a real server's listener stops / starts, to the kernel's table: checker and ipvs together, ours then keepalived's
export VERTALIVED_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m"
python3 "$HERE/bench/ipvs_detect.py" "$W/detect_ours.json" "$W/detect.conf" 20 20 \
  "$HERE/vertalived" -f "$W/detect.conf" -C -p "$W/d.pid"
python3 "$HERE/bench/ipvs_detect.py" "$W/detect_keepalived.json" "$W/detect.conf" 20 20 \
  keepalived -n -l -C -f "$W/detect.conf" -p "$W/dk.pid" -c "$W/dkc.pid"
VM
VS=$VS RS=$RS "$HERE/scripts/ipvs-vm.sh" run --timeout 1500 --share "$W" -- env VS="$VS" RS="$RS" HERE="$HERE" W="$W" \
  CHANGES="$CHANGES" LOADGEN="$LOADGEN" bash "$W/vm.sh" > "$W/vm.log" 2>&1 || { echo "VM run failed:"; tail -20 "$W/vm.log"; }
echo "== IPVS (VM)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({k: v for k, v in d.items() if "InOrder" not in k})' \
  "$W/ipvs.json" 2>/dev/null || echo "no result"
echo "process start -> ipvsadm lists all $((VS * RS)): vertalived $(cat "$W/ours_full_ms" 2>/dev/null) ms, keepalived $(cat "$W/keepalived_full_ms" 2>/dev/null) ms"
echo "real servers keepalived left in the table at its stop: $(cat "$W/keepalived_left_behind" 2>/dev/null)"
echo "== VM: real server down/up -> kernel table, with the checkers (20 VS x 2 RS, TCP_CHECK every 1 s)"
for f in detect_ours detect_keepalived; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["program"], {k: v for k, v in d.items() if not k.endswith("Ms") or "P50" in k or "Max" in k or k == "fullTableMs"})' "$W/$f.json" 2>/dev/null || echo "$f: none"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r); VM: $("$HERE/scripts/ipvs-vm.sh" info 2>/dev/null | grep -i kernel | head -1)"
