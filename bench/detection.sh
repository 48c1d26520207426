#!/usr/bin/env bash
# Detection latency of TCP_CHECK: real servers fail, and the time each DOWN is published is
# compared with keepalived's arithmetic (spec 7.4): the failing check runs when due (its last
# result + delay_loop), fails retry+1 times spaced by delay_before_retry, each failure taking
# connect_timeout when nothing answers and ~0 when refused. Excess = DOWN published - that.
# Two namespaces on a veth pair (198.18.0.1 = the checker, 198.18.0.2 = N nginx listeners on
# ports 20000..): case "refused" stops nginx (RST at once); case "timeout" removes 198.18.0.2
# from the server's namespace (SYNs are dropped). bench/loadgen's checkevents records the bus.
# Needs root, nginx-light, iproute2. Usage: bench/detection.sh [N] [RUNS]
set -euo pipefail
N=${1:-200}; RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/lib.sh"
W=$(mktemp -d /tmp/vtl-detect.XXXXXX)
A=vtdA$$; B=vtdB$$
PIDS=(); NETNS=($A $B); NGINX=
trap 'kill -TERM $NGINX 2>/dev/null; wait $NGINX 2>/dev/null; bench_cleanup' EXIT
need_nginx
need_loadgen
veth_pair $A $B d$$
DELAY=1; TIMEOUT=0.5; RETRY=2; DBR=0.2

mkdir -p $W/nginx/logs
{
  echo "worker_processes 1; error_log $W/nginx/logs/error.log; pid $W/nginx/nginx.pid;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; server {"
  for ((i = 0; i < N; i++)); do echo "  listen 198.18.0.2:$((20000 + i));"; done
  echo "  location / { return 200; } } }"
} > $W/nginx/nginx.conf
start_nginx() { ip netns exec $B nginx -p $W/nginx -c $W/nginx/nginx.conf -g 'daemon off;' & NGINX=$!; }
{
  echo "global_defs { router_id detect }"
  echo "virtual_server 198.18.0.100 80 {"
  echo "  delay_loop $DELAY"; echo "  lb_algo rr"; echo "  lb_kind NAT"; echo "  protocol TCP"
  for ((i = 0; i < N; i++)); do
    # one keyword per line: keepalived reads "a 1 b 2" as keyword a with extra words
    printf '  real_server 198.18.0.2 %d {\n    TCP_CHECK {\n      connect_timeout %s\n      retry %s\n      delay_before_retry %s\n    }\n  }\n' \
      $((20000 + i)) $TIMEOUT $RETRY $DBR
  done
  echo "}"
} > $W/k.conf
start_nginx
wait_for "ip netns exec $A bash -c '(exec 3<>/dev/tcp/198.18.0.2/20000) 2>/dev/null'"
ip netns exec $A env VERTALIVED_JAVA_OPTS="${VERTALIVED_JAVA_OPTS:--XX:+UseSerialGC -Xms1g -Xmx1g}" \
  VERTALIVED_CLASSPATH="$LOADGEN" CHECKEVENTS_OUT=$W/events.jsonl \
  "$HERE/vertalived" -f $W/k.conf --services checker,checkevents > $W/v.log 2>&1 & started $!
downs() { grep -c '"alive":false' $W/events.jsonl 2>/dev/null || true; }
ups() { grep -c '"alive":true' $W/events.jsonl 2>/dev/null || true; }

echo "| case | real servers | expected DOWN after the due check | excess p50 / p99 / max ms |"
echo "|---|---|---|---|"
sleep 15  # placement (2 s), first checks (warmup = delay_loop), JIT
for ((run = 1; run <= RUNS; run++)); do
  for kase in refused timeout; do
    before=$(downs)
    t0=$(date +%s%6N)
    if [ $kase = refused ]; then kill -TERM $NGINX; wait $NGINX 2>/dev/null || true
    else ip -n $B addr del 198.18.0.2/24 dev eth0; fi
    wait_for "[ \$(downs) -ge $((before + N)) ]" 3000
    sleep 0.3  # the last events flushed
    python3 - "$W/events.jsonl" "$t0" "$kase" "$N" "$DELAY" "$TIMEOUT" "$RETRY" "$DBR" <<'PY'
import json, sys
path, t0, kase, n, delay, timeout, retry, dbr = sys.argv[1:]
t0, n, retry = int(t0), int(n), int(retry)
delay, timeout, dbr = float(delay) * 1e6, float(timeout) * 1e6, float(dbr) * 1e6
last_ok, failing, down = {}, set(), {}
for l in map(json.loads, open(path)):  # in time order per real server
    rs = l["rs"]
    if l["kind"] == "result" and rs not in failing:
        if l["reason"].startswith("connected"):
            last_ok[rs] = l["us"]  # the last success before the first failure (it may end after t0)
        elif l["us"] >= t0:
            failing.add(rs)
    if l["us"] >= t0 and l["kind"] == "state" and not l["alive"] and rs not in down:
        down[rs] = l["us"]
per_try = timeout if kase == "timeout" else 0
fixed = retry * dbr + (retry + 1) * per_try
ex = sorted((down[rs] - (last_ok[rs] + delay + fixed)) / 1000 for rs in down if rs in last_ok)
pick = lambda f: ex[min(len(ex) - 1, int(f * len(ex)))]
print("| %s | %d | %d x %.0f ms between tries%s = %.0f ms | %.1f / %.1f / %.1f |" % (
    kase, len(ex), retry, dbr / 1000, " + %d x %.0f ms connect_timeout" % (retry + 1, timeout / 1000) if per_try else "",
    fixed / 1000, pick(0.5), pick(0.99), ex[-1]))
PY
    upbefore=$(ups)  # before the servers come back: their first UPs can be quick
    if [ $kase = refused ]; then start_nginx; else ip -n $B addr add 198.18.0.2/24 dev eth0; fi
    wait_for "[ \$(ups) -ge $((upbefore + N)) ]" 3000
    sleep 2
  done
done
