#!/usr/bin/env bash
# Health-checker throughput, scheduling lag and CPU of ONE checker instance (`--services checker`)
# against a local nginx (Debian nginx-light, 1 worker, `return 200`) on loopback: N real servers
# at 127.w.x.y:18080 (w from 1, distinct addresses, so the 4-tuples do not run out), one check each, with
# delay_loop D: an offered load of N/D checks/s. bench/loadgen's `checkmeter` service in the same
# JVM reads the instance's stats every second (Addresses.checkerStats, reset each time).
# Reported over the measured window (after warmup, and after the JIT has settled: see jit_ticks): checks/s
# done, lag p50 / p99 / max over all the checks of the window (the per-second histograms merged), failures, and CPU of the
# checker JVM and of nginx in cores (from /proc/PID/stat). Loopback only; needs nginx-light.
# Then, side by side in the same run (PEER=haproxy, the default with one instance; PEER=none skips
# it): HAProxy 2.6's health checks (Debian haproxy, its defaults: a thread per CPU) on the same
# nginx and the same real servers (`check inter DELAY_LOOP`, connect and check timeouts 1 s; HTTP:
# `option httpchk`, GET /health, expect status 200), over the same window after the same warm-up.
# Both are then counted the same way: connections opened to the real servers per second (SYNs to
# port 18080, an nftables counter in a table of the bench's own: both reset a TCP check before
# nginx accepts it, so nginx cannot count them), CPU cores of the checker's process (and of them in the kernel), checks per
# CPU-second, and RSS at the window's end. The descriptor limit is raised to 1,048,576 for both (HAProxy reserves one per
# server).
# TOGETHER=1: HAProxy runs at the same time as ours instead of after it, both started together, over the same
# windows (ROUNDS of SECONDS each, default 3): what the shared VM does to one in a window it does to the other.
# Each one's SYNs are counted by its socket's owner (HAProxy runs as user haproxy; an nftables output counter per
# user), each one's CPU from its own /proc/PID/stat; a row pair per window and the ratio of their checks per
# CPU-second. Together they load the machine with both rates at once.
# Usage: bench/checker.sh TYPE N DELAY_LOOP [SECONDS] [INSTANCES]   TYPE: TCP_CHECK | HTTP_GET
# CPU_QUOTA=C (cores, e.g. 0.3): each instance runs in its own cpu cgroup limited to C cores
# (cgroup v1 cpu.cfs_quota_us or v2 cpu.max), the way to see on a small machine whether the
# throughput of several instances grows with them, as it would with a host (or core set) each.
# CLUSTER=1: a single instance joins a cluster too (alone), to compare like with like.
# INDEPENDENT=1: the INSTANCES are not a cluster but separate processes with a configuration of a
# fixed share of the real servers each: what perfect scaling looks like on the same machine.
# CONNTRACK=track: the checks' connections go through the kernel's connection tracking (a stateful
# rule in the bench's table, as on any host with Docker's or a firewall's rules); CONNTRACK=notrack:
# the same plus the notrack rule of docs/checker.md for the check traffic. The conntrack entries
# held (nf_conntrack_count) are sampled every second of the window: max and end reported.
set -euo pipefail
TYPE=${1:?TYPE}; N=${2:?N}; DELAY=${3:?DELAY_LOOP}; SECS=${4:-20}; INSTANCES=${5:-1}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-checker.XXXXXX)
PIDS=(); NETNS=()
NFT_TABLE=vtlbench$$
# nginx's master ends its workers on TERM (a KILL would leave them)
trap 'kill -TERM $NGINX 2>/dev/null; wait $NGINX 2>/dev/null; bench_cleanup; cpu_cgroups_remove; nft delete table inet $NFT_TABLE 2>/dev/null || true' EXIT
CPU_QUOTA=${CPU_QUOTA:-}
CGROUPS=()
# cpu_cgroup K: creates a cpu cgroup limited to CPU_QUOTA cores (20 ms period); CG_PROCS = its procs file
cpu_cgroup() {
  local period=20000 quota dir
  quota=$(awk -v c="$CPU_QUOTA" 'BEGIN {printf "%d", c * 20000}')
  if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    dir=/sys/fs/cgroup/cpu/vtl-bench-$$-$1; mkdir "$dir"
    echo $period > "$dir/cpu.cfs_period_us"; echo "$quota" > "$dir/cpu.cfs_quota_us"
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
    dir=/sys/fs/cgroup/vtl-bench-$$-$1; mkdir "$dir"; echo "$quota $period" > "$dir/cpu.max"
  else
    echo "CPU_QUOTA: no cgroup cpu controller here" >&2; exit 1
  fi
  CGROUPS+=("$dir"); CG_PROCS=$dir/cgroup.procs
}
# the cgroups are removed once their processes are gone (killed by bench_cleanup)
cpu_cgroups_remove() {
  for d in "${CGROUPS[@]:-}"; do
    [ -n "$d" ] || continue
    for _ in $(seq 100); do rmdir "$d" 2>/dev/null && break; sleep 0.05; done
  done
}
NGINX=
need_nginx
need_loadgen
PEER=${PEER:-$([ "$INSTANCES" = 1 ] && echo haproxy || echo none)}
if [ "$PEER" = haproxy ]; then
  command -v haproxy >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null
fi
command -v nft >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q nftables >/dev/null
TOGETHER=${TOGETHER:-}; ROUNDS=${ROUNDS:-$([ -n "$TOGETHER" ] && echo 3 || echo 1)}
if [ -n "$TOGETHER" ]; then
  [ "$PEER" = haproxy ] && [ "$INSTANCES" = 1 ] || { echo "TOGETHER: one instance and PEER=haproxy" >&2; exit 2; }
  HAP_USER=haproxy; id -u $HAP_USER >/dev/null 2>&1 || HAP_USER=nobody
  [ "$(id -u $HAP_USER)" != "$(id -u)" ] || { echo "TOGETHER: HAProxy needs a user of its own" >&2; exit 2; }
fi
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
# syns: the connections opened to the real servers so far (nftables counter, table removed at exit)
nft -f - <<NFT
table inet $NFT_TABLE {
  counter syns { }
  chain input { type filter hook input priority 0; policy accept; tcp dport 18080 tcp flags & (syn | ack) == syn counter name syns; }
}
NFT
if [ -n "$TOGETHER" ]; then
  # each one's SYNs, by the user owning the socket that sends them
  nft -f - <<NFT
table inet $NFT_TABLE {
  counter syns_ours { }
  counter syns_peer { }
  chain output {
    type filter hook output priority 0; policy accept;
    tcp dport 18080 tcp flags & (syn | ack) == syn meta skuid $(id -u) counter name syns_ours
    tcp dport 18080 tcp flags & (syn | ack) == syn meta skuid $(id -u $HAP_USER) counter name syns_peer
  }
}
NFT
fi
case "${CONNTRACK:-}" in
  '') ;;
  track|notrack)
    # any ct expression turns tracking on for the namespace's traffic
    nft add chain inet $NFT_TABLE stateful '{ type filter hook input priority 0; policy accept; }'
    nft add rule inet $NFT_TABLE stateful ct state invalid counter
    if [ "$CONNTRACK" = notrack ]; then
      # docs/checker.md: the checker's own connections untracked (output: its SYNs and ACKs; prerouting:
      # the real servers' answers, to the checker's address). Here all on loopback, so both ends match.
      nft add chain inet $NFT_TABLE raw_out '{ type filter hook output priority raw; policy accept; }'
      nft add rule inet $NFT_TABLE raw_out ip daddr 127.0.0.0/8 tcp dport 18080 notrack
      nft add rule inet $NFT_TABLE raw_out ip saddr 127.0.0.0/8 tcp sport 18080 notrack
      nft add chain inet $NFT_TABLE raw_pre '{ type filter hook prerouting priority raw; policy accept; }'
      nft add rule inet $NFT_TABLE raw_pre ip saddr 127.0.0.0/8 tcp sport 18080 notrack
      nft add rule inet $NFT_TABLE raw_pre ip daddr 127.0.0.0/8 tcp dport 18080 notrack
    fi ;;
  *) echo "CONNTRACK: track or notrack" >&2; exit 2 ;;
esac
ct_count() { cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null || echo 0; }
# syns [COUNTER]: the connections opened so far (syns: all; syns_ours / syns_peer with TOGETHER)
syns() { nft list counter inet $NFT_TABLE "${1:-syns}" | awk '/packets/ {print $2}'; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2 / 1024}' /proc/$1/status; }
SIDE=()

mkdir -p $W/nginx/logs
cat > $W/nginx/nginx.conf <<C
worker_processes 1;
error_log $W/nginx/logs/error.log;
pid $W/nginx/nginx.pid;
events { worker_connections 16384; }
http {
  access_log off;
  server { listen 18080 backlog=4096; location / { return 200 "ok\n"; } }
}
C
nginx -p $W/nginx -c $W/nginx/nginx.conf -g 'daemon off;' & NGINX=$!

# the configuration: N real servers 127.(1+i/62500).(i/250%250).(i%250+1):18080, one check each
# conf_of PART PARTS: the real servers i with i % PARTS == PART (PARTS 1: all of them)
conf_of() {
awk -v n="$N" -v d="$DELAY" -v t="$TYPE" -v part="$1" -v parts="$2" 'BEGIN {
  print "global_defs { router_id bench }"
  print "virtual_server 198.18.0.100 80 {"
  printf "  delay_loop %s\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n", d
  for (i = 0; i < n; i++) {
    if (i % parts != part) continue
    ip = sprintf("127.%d.%d.%d", 1 + int(i / 62500), int(i / 250) % 250, i % 250 + 1)
    if (t == "HTTP_GET") check = "HTTP_GET { url { path /health status_code 200 } connect_timeout 1 }"
    else check = "TCP_CHECK { connect_timeout 1 }"
    printf "  real_server %s 18080 { %s }\n", ip, check
  }
  print "}"
}'
}
conf_of 0 1 > $W/k.conf
wait_for "(exec 3<>/dev/tcp/127.0.0.1/18080) 2>/dev/null"

cpu_ticks() { awk '{print $14 + $15}' /proc/$1/stat; }
# the JVM options a checker-only instance (`--services checker`) gets, unless VERTALIVED_JAVA_OPTS says others: the
# meter beside it in the same JVM would make it a mixed selection, with a fixed 1 GiB heap
JAVA_OPTS=${VERTALIVED_JAVA_OPTS:-$(VERTALIVED_SHOW_JVM_OPTIONS=1 "$HERE/vertalived" --services checker)}
# haproxy_cfg: HAProxy's checks of the same real servers ($W/haproxy.cfg)
haproxy_cfg() {
  {
    echo "global"
    [ -z "$TOGETHER" ] || printf '  user %s\n  group %s\n' "$HAP_USER" "$(id -gn $HAP_USER)"
    echo "  stats socket $W/haproxy.sock mode 600 level admin"
    echo "  log stdout format raw local0 err"
    echo "defaults"
    echo "  timeout connect 1s"
    echo "  timeout check 1s"
    echo "  timeout client 5s"
    echo "  timeout server 5s"
    echo "backend realservers"
    if [ "$TYPE" = HTTP_GET ]; then
      echo "  mode http"
      echo "  option httpchk"
      echo "  http-check send meth GET uri /health"
      echo "  http-check expect status 200"
    else
      echo "  mode tcp"
    fi
    echo "  default-server check inter $(awk -v d="$DELAY" 'BEGIN {printf "%d", d * 1000}')ms rise 1 fall 1"
    awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "  server s%d 127.%d.%d.%d:18080\n", i, 1 + int(i / 62500), int(i / 250) % 250, i % 250 + 1 }'
  } > $W/haproxy.cfg
}
# chkfail: HAProxy's failed checks of every server so far (show stat, CSV column 22)
chkfail() {
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
out = b""
while True:
    b = s.recv(65536)
    if not b: break
    out += b
rows = [l.split(",") for l in out.decode().splitlines() if l and not l.startswith("#")]
print(sum(int(r[21] or 0) for r in rows if r[1] not in ("FRONTEND", "BACKEND")))' "$W/haproxy.sock"
}
# haproxy_start: HAProxy with haproxy_cfg (HAPROXY: its pid)
haproxy_start() {
  haproxy_cfg
  haproxy -db -f $W/haproxy.cfg > $W/haproxy.log 2>&1 & HAPROXY=$!; started $HAPROXY
}
JPIDS=()
for ((k = 0; k < INSTANCES; k++)); do
  services=checker; [ $k -eq 0 ] && services=checker,checkmeter
  cluster=(); if [ "$INSTANCES" -gt 1 ] || [ -n "${CLUSTER:-}" ]; then cluster=(--cluster); fi
  conf=$W/k.conf
  if [ -n "${INDEPENDENT:-}" ]; then
    cluster=(); conf=$W/k$k.conf; conf_of $k "$INSTANCES" > "$conf"; services=checker,checkmeter
  fi
  in_cgroup=()
  if [ -n "$CPU_QUOTA" ]; then cpu_cgroup $k; in_cgroup=(sh -c 'echo $$ > "$0"; exec "$@"' "$CG_PROCS"); fi
  "${in_cgroup[@]}" env ${JAVA_OPTS:+VERTALIVED_JAVA_OPTS="$JAVA_OPTS"} VERTALIVED_CLASSPATH="$LOADGEN" CHECKMETER_OUT=$W/meter.jsonl \
    "$HERE/vertalived" -f "$conf" --services $services "${cluster[@]}" > $W/v$k.log 2>&1 & started $!; JPIDS+=($!)
done
[ -z "$TOGETHER" ] || haproxy_start
# warm-up: placement (2 s) + first checks spread over one warmup (= delay_loop) + JIT
WARM=${WARMUP_SECONDS:-$(awk -v d="$DELAY" 'BEGIN {printf "%d", 30 + 2 * d}')}
sleep "$WARM"
# jit_ticks: CPU ticks of the JVMs' JIT compiler threads so far. The code run once a second (the stats the meter
# reads, their JSON) reaches the optimising compiler only after a minute or so: until then the compiler's CPU is
# a tenth of the checker's at 5,000 checks/s (docs/benchmarks.md, session 23), a cost of the first minutes that a
# checker running for days does not pay. So the window waits, after WARM, until the compilers have been idle
# (at most 2 ticks in 20 s) or JIT_SETTLE_MAX seconds (default 180) have passed (JIT_SETTLE=0: no wait), and says
# how long that took and what the compilers still spent in the window. HAProxy (no JIT) gets the same warm-up.
jit_ticks() {
  local t sum=0 p
  for p in "${JPIDS[@]}"; do
    for t in /proc/$p/task/*; do
      case "$(cat $t/comm 2>/dev/null)" in "C1 CompilerThre"*|"C2 CompilerThre"*)
        sum=$((sum + $(awk '{print $14 + $15}' $t/stat 2>/dev/null || echo 0))) ;;
      esac
    done
  done
  echo $sum
}
settled=0
if [ "${JIT_SETTLE:-1}" != 0 ]; then
  jt=("$(jit_ticks)")
  while [ "$settled" -lt "${JIT_SETTLE_MAX:-180}" ]; do
    sleep 5; settled=$((settled + 5)); jt+=("$(jit_ticks)")
    # idle: at most 2 ticks over the last 20 s (they compile in bursts, some seconds apart)
    n=${#jt[@]}
    [ "$n" -lt 5 ] || [ $((jt[n - 1] - jt[n - 5])) -gt 2 ] || break
  done
fi
WARM=$((WARM + settled))
echo "warm-up: ${WARM} s (JIT compilers idle after $((WARM - settled)) + ${settled} s)" >&2
NGINX_WORKER=$(pgrep -P $NGINX | head -1)
sys_ticks() { awk '{print $15}' /proc/$1/stat; }
HZ=$(getconf CLK_TCK)
# side_row NAME ACCEPTS MILLIS CPU_TICKS FAILURES RSS SYS_TICKS: a row of the side-by-side table
side_row() {
  awk -v name="$1" -v a="$2" -v ms="$3" -v ticks="$4" -v hz="$HZ" -v fails="$5" -v rss="$6" -v sys="$7" -v typ="$TYPE" \
    -v n="$N" -v d="$DELAY" 'BEGIN { rate = a / (ms / 1000); cores = ticks / hz / (ms / 1000); per = 0
      if (cores > 0) per = rate / cores
      printf "| %s | %s | %d | %.0f | %.0f | %s | %.2f (%.2f sys) | %.0f | %d |\n", name, typ, n, n / d, rate, fails, cores,
        sys / hz / (ms / 1000), per, rss }'
}
# window_fails T0 T1: ours' failed checks in a window (the meter's lines)
window_fails() {
  python3 -c 'import json, sys
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
print(sum(l["failures"] for l in map(json.loads, open(sys.argv[1])) if t0 + 1000 <= l["at"] <= t1))' "$W/meter.jsonl" "$1" "$2"
}
# per_cpu_second ROW: the checks per CPU-second of a side_row
per_cpu_second() { awk -F'|' '{gsub(/ /, "", $9); print $9}' <<< "$1"; }
OURS_SYNS=syns; [ -z "$TOGETHER" ] || OURS_SYNS=syns_ours
NAME="vertalived ($INSTANCES instance$([ "$INSTANCES" = 1 ] || echo s))"
if [ -n "$TOGETHER" ] && ! kill -0 $HAPROXY 2>/dev/null; then
  echo "HAProxy did not start: $(tail -1 $W/haproxy.log)" >&2; exit 1
fi
jit0=$(jit_ticks)
# ROUNDS windows of SECS, one after the other; ours' totals (OJ CPU ticks, OS of them in the kernel, ONT nginx's)
OJ=0; OS=0; ONT=0; T0=$(date +%s%3N); RATIOS=(); PJ=0; PB=0; OB=0; OMS=0
for ((r = 1; r <= ROUNDS; r++)); do
  t0=$(date +%s%3N); j0=0; s0=0; for p in "${JPIDS[@]}"; do j0=$((j0 + $(cpu_ticks $p))); s0=$((s0 + $(sys_ticks $p))); done
  n0=$(cpu_ticks $NGINX_WORKER); a0=$(syns $OURS_SYNS)
  if [ -n "$TOGETHER" ]; then c0=$(cpu_ticks $HAPROXY); y0=$(sys_ticks $HAPROXY); b0=$(syns syns_peer); f0=$(chkfail); fi
  if [ -n "${CONNTRACK:-}" ]; then
    ct_max=0
    for _ in $(seq 1 "$SECS"); do sleep 1; c=$(ct_count); [ "$c" -le "$ct_max" ] || ct_max=$c; done
    echo "conntrack ($CONNTRACK): entries max $ct_max, at the window's end $(ct_count) (nf_conntrack_max $(cat /proc/sys/net/netfilter/nf_conntrack_max))"
  else
    sleep "$SECS"
  fi
  t1=$(date +%s%3N); j1=0; s1=0; for p in "${JPIDS[@]}"; do j1=$((j1 + $(cpu_ticks $p))); s1=$((s1 + $(sys_ticks $p))); done
  n1=$(cpu_ticks $NGINX_WORKER); a1=$(syns $OURS_SYNS)
  if [ -n "$TOGETHER" ]; then c1=$(cpu_ticks $HAPROXY); y1=$(sys_ticks $HAPROXY); b1=$(syns syns_peer); f1=$(chkfail); fi
  OJ=$((OJ + j1 - j0)); OS=$((OS + s1 - s0)); ONT=$((ONT + n1 - n0)); OB=$((OB + a1 - a0)); OMS=$((OMS + t1 - t0))
  rss=0; for p in "${JPIDS[@]}"; do rss=$((rss + $(rss_mib $p))); done
  name=$NAME; [ "$ROUNDS" = 1 ] || name="$NAME, window $r"
  ours_row=$(side_row "$name" $((a1 - a0)) $((t1 - t0)) $((j1 - j0)) "$(window_fails "$t0" "$t1")" "$rss" $((s1 - s0)))
  SIDE+=("$ours_row")
  if [ -n "$TOGETHER" ]; then
    peer_row=$(side_row "HAProxy $(haproxy -v | head -1 | awk '{print $3}'), window $r" $((b1 - b0)) $((t1 - t0)) \
      $((c1 - c0)) $((f1 - f0)) "$(rss_mib $HAPROXY)" $((y1 - y0)))
    SIDE+=("$peer_row")
    RATIOS+=("$(awk -v o="$(per_cpu_second "$ours_row")" -v h="$(per_cpu_second "$peer_row")" 'BEGIN {printf "%.2f", (h > 0 ? o / h : 0)}')")
    PJ=$((PJ + c1 - c0)); PB=$((PB + b1 - b0))
  fi
done
T1=$(date +%s%3N)
jit1=$(jit_ticks)
echo "JIT compiler threads in the window: $(awk -v t=$((jit1 - jit0)) -v hz="$HZ" -v ms=$((T1 - T0)) 'BEGIN {printf "%.4f", t / hz / (ms / 1000)}') cores (included in the checker's CPU)" >&2
python3 - "$W/meter.jsonl" "$T0" "$T1" "$OJ" "$ONT" "$HZ" "$TYPE" "$N" "$DELAY" "$INSTANCES" "$OS" "$OMS" <<'PY'
import json, sys, statistics
path, t0, t1, jt, nt, hz, typ, n, delay, inst, st, ms = sys.argv[1:]
t0, t1, jt, nt, hz, st = int(t0), int(t1), int(jt), int(nt), int(hz), int(st)
lines = [json.loads(l) for l in open(path)]
win = [l for l in lines if t0 + 1000 <= l["at"] <= t1]
secs = int(ms) / 1000  # the windows' own time (CPU is counted in them only)
per = {}
for l in win:
    per.setdefault(l["checker"], []).append(l)
def elapsed(checker):  # seconds covered by an instance's lines in the window
    mine = sorted(l["at"] for l in lines if l["checker"] == checker)
    w = [a for a in mine if t0 + 1000 <= a <= t1]
    before = [a for a in mine if a < w[0]]
    return (w[-1] - (before[-1] if before else w[0] - 1000)) / 1000
rates = {k: sum(l["checksRun"] for l in v) / elapsed(k) for k, v in per.items()}
rate = sum(rates.values())
fails = sum(l["failures"] for l in win)
merged = {}
for l in win:
    for k, v in l.get("lagBuckets", {}).items():
        merged[int(k)] = merged.get(int(k), 0) + v
def pct(f):
    want, seen = max(1, f * sum(merged.values())), 0
    for k in sorted(merged):
        seen += merged[k]
        if seen >= want:
            return k / 1000
    return 0
p50, p99 = pct(0.5), pct(0.99)
mx = max([l["lagMaxMs"] for l in win] or [0])
split = " / ".join("%d" % r for r in rates.values())
print("per-second lag p99 ms:", " ".join("%.1f" % l["lagP99Ms"] for l in win), file=sys.stderr)
print("| %s | %s | %s | %d | %.0f | %s | %d | %.2f / %.2f / %.1f | %.2f (%.2f sys) | %.2f |" % (
    typ, n, delay, int(inst), int(n) / float(delay), "%.0f (%s)" % (rate, split) if int(inst) > 1 else "%.0f" % rate,
    fails, p50, p99, mx, jt / hz / secs, st / hz / secs, nt / hz / secs))
PY
[ -z "$TOGETHER" ] || { kill -TERM $HAPROXY 2>/dev/null; wait $HAPROXY 2>/dev/null || true; }

if [ "$PEER" = haproxy ] && [ -z "$TOGETHER" ]; then
  for p in "${JPIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${JPIDS[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  haproxy_start
  sleep "$WARM"
  if kill -0 $HAPROXY 2>/dev/null; then
    h0=$(date +%s%3N); c0=$(cpu_ticks $HAPROXY); y0=$(sys_ticks $HAPROXY); b0=$(syns); f0=$(chkfail)
    sleep "$SECS"
    h1=$(date +%s%3N); c1=$(cpu_ticks $HAPROXY); y1=$(sys_ticks $HAPROXY); b1=$(syns); f1=$(chkfail)
    hrss=$(rss_mib $HAPROXY)
    hfails=$((f1 - f0))
    SIDE+=("$(side_row "HAProxy $(haproxy -v | head -1 | awk '{print $3}')" $((b1 - b0)) $((h1 - h0)) $((c1 - c0)) "$hfails" "$hrss" $((y1 - y0)))")
    kill -TERM $HAPROXY 2>/dev/null; wait $HAPROXY 2>/dev/null || true
  else
    SIDE+=("| HAProxy | $TYPE | $N | - | did not start: $(tail -1 $W/haproxy.log) | | | | |")
  fi
fi
echo
echo "| checker | check | real servers | offered /s | connections opened /s | check failures | CPU cores | checks per CPU-second | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${SIDE[@]}"
if [ -n "$TOGETHER" ]; then
  echo
  echo "checks per CPU-second, vertalived / HAProxy, by window: ${RATIOS[*]}; all windows: $(awk -v ob=$OB -v oj=$OJ \
    -v pb=$PB -v pj=$PJ 'BEGIN {printf "%.2f", (pj > 0 && pb > 0 ? (ob / oj) / (pb / pj) : 0)}')"
fi
