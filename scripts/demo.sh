#!/usr/bin/env bash
# `vertalived demo`: the compose lab (compose.yaml) without Docker. Network namespaces on this
# machine and every service as a JVM of its own, joined in one cluster:
#
#   host (this machine's own namespace)   front bridge vtd-front 198.18.200.1/24 (the client)
#     the checker, the notifier and the   back bridge  vtd-back  198.18.201.1/24 (checks)
#     gateway (http://127.0.0.1:8480/)
#   vtd-r1, vtd-r2: routers, vrrp + ipvs  eth0 198.18.200.2/.3, eth1 198.18.201.2/.3; VRRP
#                                         instance VI_1 holds 198.18.200.250 (the virtual
#                                         server) and 198.18.201.254 (the web servers' gateway)
#   vtd-web1, vtd-web2: web servers       198.18.201.11/.12, port 80
#   vtd-sink: webhook receiver and        198.18.201.20 (HTTP 8080, SMTP 2525)
#             mail catcher
#
# Usage: vertalived demo [up]         start it, print where to look, follow it; Ctrl-C ends it
#        vertalived demo fail NAME    NAME crashes: kill -9 (a router also loses its links)
#        vertalived demo recover NAME start it again
#        vertalived demo status       what runs
#        vertalived demo down         stop and remove everything the demo made
# NAME: r1 r2 web1 web2 checker notifier gateway sink (and ipvs1 ipvs2, below). Needs root. The configurations are
# scripts/demo/*.conf; logs and state in $VERTALIVED_DEMO_DIR (default /run/vertalived-demo).
# VERTALIVED_DEMO_PORT moves the gateway (default 8480). VERTALIVED_DEMO_CHECKERS=N and
# VERTALIVED_DEMO_GATEWAYS=N (1 to 5, default 1) run N checker JVMs (checker, checker2, ...) and N
# gateways (gateway on the port, gateway2 on the next, ...). VERTALIVED_DEMO_IPVS=own runs each
# router's ipvs service as a JVM of its own in the router's namespace (ipvs1, ipvs2) beside its
# vrrp JVM; a router that fails loses both.
set -uo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
confs="$home/scripts/demo"
state="$(realpath -m "${VERTALIVED_DEMO_DIR:-/run/vertalived-demo}")"
# the demo's directory says it is one (nothing else is ever removed), and so do its bridges
marker="$state/.vertalived-demo"
tag="vertalived-demo $state"
port="${VERTALIVED_DEMO_PORT:-8480}"
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65530 ] \
  || { echo "vertalived demo: VERTALIVED_DEMO_PORT takes a port from 1 to 65530, not '$port'" >&2; exit 2; }
vip=198.18.200.250
checkers=${VERTALIVED_DEMO_CHECKERS:-1}
gateways=${VERTALIVED_DEMO_GATEWAYS:-1}
ipvs=${VERTALIVED_DEMO_IPVS:-router}
# a running demo's own numbers, for the commands that follow it
[ "${1:-up}" != up ] && [ -r "$state/scale" ] && read -r checkers gateways ipvs < "$state/scale"
ipvs=${ipvs:-router}
[[ "$ipvs" =~ ^(router|own)$ ]] || { echo "vertalived demo: VERTALIVED_DEMO_IPVS takes router or own, not '$ipvs'" >&2; exit 2; }
for count in "$checkers" "$gateways"; do
  [[ "$count" =~ ^[1-5]$ ]] || { echo "vertalived demo: VERTALIVED_DEMO_CHECKERS and _GATEWAYS take 1 to 5, not '$count'" >&2; exit 2; }
done
numbered() { local i; echo "$1"; for ((i = 2; i <= $2; i++)); do echo "$1$i"; done; }
mapfile -t checker_names < <(numbered checker "$checkers")
mapfile -t gateway_names < <(numbered gateway "$gateways")
jvms=("${checker_names[@]}" notifier "${gateway_names[@]}")
router_services=vrrp,ipvs
if [ "$ipvs" = own ]; then
  router_services=vrrp
  jvms=(ipvs1 ipvs2 "${jvms[@]}")
fi
names=(r1 r2 web1 web2 sink "${jvms[@]}")
namespaces=(vtd-r1 vtd-r2 vtd-web1 vtd-web2 vtd-sink)
bridges=(vtd-front vtd-back)
# five JVMs on a small machine: C1 only and small heaps (a lab, not production: README)
java_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmx256m -Xshare:auto"

say() { echo "demo: $*"; }
die() { echo "vertalived demo: $*" >&2; exit 1; }

usage() {
  sed -n '/^# Usage:/,/^# gateways (gateway on/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

known() { local n; for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }

# ours PID: the process is one the demo started (its command line names the demo's directory)
# (builtins only: the watch loop runs it for every part each second, cleanup for every process)
ours() {
  [ -n "$1" ] || return 1
  local args=()
  { mapfile -t -d '' args < "/proc/$1/cmdline"; } 2>/dev/null || return 1
  [[ "${args[*]}" == *"$state"* ]]
}

# owner_runs PID: the foreground demo of this directory still runs
owner_runs() {
  [ -n "$1" ] && [ "$1" != $$ ] && kill -0 "$1" 2>/dev/null \
    && { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -q 'scripts/demo.sh'
}

pid_of() { cat "$state/pids/$1" 2>/dev/null; }

running() { local p=""; { read -r p < "$state/pids/$1"; } 2>/dev/null; ours "$p"; }

# start NAME: the process in its namespace, in a session of its own (a Ctrl-C reaches the demo,
# which stops everything in order), its pid written by itself before it becomes the service
start() {
  local name=$1 ns="" cmd=()
  local cluster=(env VERTALIVED_CLUSTER_NAME=vertalived-demo VERTALIVED_CLUSTER_MEMBERS=198.18.200.1-3
    VERTALIVED_CLUSTER_INTERFACE=198.18.200.0/24 VERTALIVED_JAVA_OPTS="$java_opts"
    VERTALIVED_STATE_DIR="$state/data/$name")
  mkdir -p "$state/data/$name"
  case $name in
    r1|r2)
      ns=vtd-$name
      cmd=("${cluster[@]}" "$home/vertalived" --cluster --services "$router_services" -f "$state/conf/$name.conf"
        -p "$state/data/$name/vertalived.pid" --health-port 8481) ;;
    ipvs1|ipvs2)
      # the router's ipvs service beside its vrrp (VERTALIVED_DEMO_IPVS=own): its namespace, its config
      ns=vtd-r${name#ipvs}
      cmd=("${cluster[@]}" "$home/vertalived" --cluster --services ipvs -f "$state/conf/r${name#ipvs}.conf"
        -p "$state/data/$name/vertalived.pid") ;;
    checker*|notifier)
      cmd=("${cluster[@]}" "$home/vertalived" --cluster --services "${name%%[0-9]*}" -f "$state/conf/services.conf"
        -p "$state/data/$name/vertalived.pid") ;;
    gateway*)
      local nth=${name#gateway}
      cmd=("${cluster[@]}" "$home/vertalived" --cluster --services gateway -f "$state/conf/services.conf"
        -p "$state/data/$name/vertalived.pid" --gateway-port "$((port + ${nth:-1} - 1))") ;;
    web1|web2)
      ns=vtd-$name
      cmd=(python3 -m http.server 80 --directory "$state/www/$name") ;;
    sink)
      ns=vtd-sink
      cmd=(python3 "$state/sink.py") ;;
  esac
  [ -n "$ns" ] && cmd=(ip netns exec "$ns" "${cmd[@]}")
  rm -f "$state/pids/$name"
  # setsid does not fork here (the child is not a group leader): $! is the service's pid; the child
  # writes it too, and never starts the service when it cannot
  setsid bash -c 'echo $$ > "$1" && shift && exec "$@"' start "$state/pids/$name" "${cmd[@]}" \
    >> "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name"
  # not a job of this shell: no "Killed" notices, and no `wait` waits for it
  disown $!
  local limit=$((SECONDS + 5))
  until [ -s "$state/pids/$name" ]; do
    [ $SECONDS -gt $limit ] && die "$name did not start (see $state/logs/$name.log)"
    sleep 0.05
  done
}

# stop NAME SIGNAL SECONDS: signal the process, then kill it if it is still there after SECONDS
stop() {
  local p; p=$(pid_of "$1")
  ours "$p" || return 0
  kill "-$2" "$p" 2>/dev/null || { echo "vertalived demo: cannot signal $1 (pid $p)" >&2; return 1; }
  local limit=$((SECONDS + $3))
  while ours "$p" && [ $SECONDS -lt $limit ]; do sleep 0.1; done
  ours "$p" && kill -KILL "$p" 2>/dev/null
  while ours "$p"; do sleep 0.05; done
  return 0
}

stop_all() { # stop_all SIGNAL SECONDS NAME...: stop them side by side
  local sig=$1 secs=$2 waits=() n
  shift 2
  for n in "$@"; do stop "$n" "$sig" "$secs" & waits+=($!); done
  wait "${waits[@]}"
}

router_links() { # router_links NAME up|down: the router's cables (the bridges' ends)
  ip link set "vtd-$1-f" "$2" 2>/dev/null
  ip link set "vtd-$1-b" "$2" 2>/dev/null
}

# the network: two bridges here, a namespace per router, web server and the sink
make_network() {
  local b
  for b in front back; do
    ip link add "vtd-$b" type bridge || return 1
    ip link set "vtd-$b" alias "$tag"
    ip link set "vtd-$b" up
  done
  ip addr add 198.18.200.1/24 dev vtd-front
  ip addr add 198.18.201.1/24 dev vtd-back
  local i
  for i in 1 2; do
    local ns=vtd-r$i
    ip netns add "$ns" || return 1
    ip link add "vtd-r$i-f" type veth peer name eth0 netns "$ns"
    ip link add "vtd-r$i-b" type veth peer name eth1 netns "$ns"
    ip link set "vtd-r$i-f" master vtd-front up
    ip link set "vtd-r$i-b" master vtd-back up
    ip -n "$ns" addr add "198.18.200.$((i + 1))/24" dev eth0
    ip -n "$ns" addr add "198.18.201.$((i + 1))/24" dev eth1
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set eth1 up
    ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  done
  local host
  for host in web1:11 web2:12 sink:20; do
    local n=${host%%:*} a=198.18.201.${host##*:}
    ip netns add "vtd-$n" || return 1
    ip link add "vtd-$n" type veth peer name eth0 netns "vtd-$n"
    ip link set "vtd-$n" master vtd-back up
    ip -n "vtd-$n" addr add "$a/24" dev eth0
    ip -n "vtd-$n" link set lo up
    ip -n "vtd-$n" link set eth0 up
    # replies to clients go back through the routers (LVS-NAT)
    ip -n "vtd-$n" route add default via 198.18.201.254
  done
}

# network_ours: the vtd- network is this demo's (its bridges carry its tag), or there is none
network_ours() {
  local b
  for b in "${bridges[@]}"; do
    [ -e "/sys/class/net/$b" ] && [ "$(cat "/sys/class/net/$b/ifalias" 2>/dev/null)" != "$tag" ] && return 1
  done
  return 0
}

remove_network() {
  local n
  if ! network_ours; then
    echo "vertalived demo: the vtd- network belongs to another demo (not $state): left alone" >&2
    return 0
  fi
  for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null; done
  for n in "${bridges[@]}"; do ip link del "$n" 2>/dev/null; done
  return 0
}

# everything the demo made goes, whatever state it is in (a crashed service, a half-made
# network, a demo killed with -9)
cleanup() {
  trap '' INT TERM
  local n
  [ -f "$marker" ] || { remove_network; return 0; }
  stop follow TERM 2
  # the routers first: priority 0 on the wire and their addresses released, as on any stop; then
  # every other JVM the demo recorded (whatever numbers it ran with), then the Python helpers
  stop_all TERM 20 r1 r2
  local others=() f
  for f in "$state"/pids/*; do
    n=${f##*/}
    case $n in r1|r2|follow|web1|web2|sink|'*') ;; *) others+=("$n") ;; esac
  done
  [ ${#others[@]} -eq 0 ] || stop_all TERM 20 "${others[@]}"
  for n in web1 web2 sink; do stop "$n" KILL 2; done
  # a process started in the instant a signal came, before its pid was written: it names the
  # demo's directory on its command line
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" != $$ ] && [ "$p" != "$BASHPID" ] && ours "$p" && kill -KILL "$p" 2>/dev/null
  done
  remove_network
  rm -rf "$state"
}

api() { curl -fsS --max-time 2 "http://127.0.0.1:$port$1" 2>/dev/null; }

# until SECONDS WHAT COMMAND...: until COMMAND succeeds, or say what did not happen
until_true() {
  local limit=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    if [ $SECONDS -gt "$limit" ]; then
      local keep; keep=$(mktemp -d /tmp/vertalived-demo-logs.XXXXXX)
      cp "$state"/logs/*.log "$keep/" 2>/dev/null
      echo "vertalived demo: $what did not happen within the time; the logs are kept in $keep; the end of each:" >&2
      local log
      for log in "$keep"/*.log; do
        echo "--- $(basename "$log")" >&2
        tail -n 8 "$log" >&2
      done
      return 1
    fi
    sleep 0.5
  done
}

members_joined() { [ "$(api /api/nodes | grep -o '"member"' | wc -l)" -ge $((2 + ${#jvms[@]})) ]; }
r1_master() { api "/api/instances?node=r1&state=MASTER" | grep -q '"VI_1"'; }
servers_alive() {
  local vs; vs=$(api /api/virtual-servers) || return 1
  [ "$(grep -o '"alive":true' <<< "$vs" | wc -l)" -ge 2 ]
}
vip_answers() { curl -fsS --max-time 2 "http://$vip/" >/dev/null 2>&1; }

# the demo's own terminal: transitions and real servers' changes as they happen
follow() {
  setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' follow "$state/pids/follow" \
    curl -sN -A "vertalived-demo $state" "http://127.0.0.1:$port/api/events?type=vrrp_transition,real_server" \
    < /dev/null 2>/dev/null | sed -un \
      -e 's/^data: .*"node":"\([^"]*\)","instance":"\([^"]*\)","group":false,"from":"\([^"]*\)","to":"\([^"]*\)".*/demo: event: \1 \2 \3 -> \4/p' \
      -e 's/^data: .*"real_server":"\([^"]*\)".*"from":"\([^"]*\)","to":"\([^"]*\)".*/demo: event: real server \1 \2 -> \3/p' &
}

up() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, VRRP): sudo ./vertalived demo"
  local t
  for t in ip curl python3 setsid; do
    command -v "$t" >/dev/null 2>&1 || die "needs $t (apt-get install -y iproute2 curl python3 util-linux)"
  done
  if [ -f "$marker" ]; then
    local owner; owner=$(cat "$state/owner" 2>/dev/null)
    if owner_runs "$owner"; then
      die "a demo runs already (pid $owner); 'vertalived demo down' ends it"
    fi
    say "removing what an earlier demo left"
    cleanup
  elif [ -e "$state" ] && [ -n "$(ls -A "$state" 2>/dev/null)" ]; then
    die "$state exists and is not a demo's directory; VERTALIVED_DEMO_DIR=DIR names another"
  fi
  network_ours || die "another demo's network (vtd-front, vtd-back) is here; 'vertalived demo down' with its VERTALIVED_DEMO_DIR ends it"
  local n
  for n in "${namespaces[@]}"; do
    ip netns list | awk '{print $1}' | grep -qx "$n" && die "network namespace $n exists and is not the demo's; remove it first"
  done
  for n in "${bridges[@]}"; do
    ip link show "$n" >/dev/null 2>&1 && die "link $n exists and is not the demo's; remove it first"
  done
  local g
  for ((g = 0; g < gateways; g++)); do
    if curl -s --max-time 1 "http://127.0.0.1:$((port + g))/" >/dev/null 2>&1; then
      die "port $((port + g)) is taken; VERTALIVED_DEMO_PORT=N moves the gateway"
    fi
  done
  # the jar once, before five JVMs want it
  "$home/vertalived" --version >/dev/null || die "cannot build or run vertalived"

  mkdir -p "$state"/{pids,logs,conf,data} "$state/www/web1" "$state/www/web2"
  touch "$marker"
  echo $$ > "$state/owner"
  trap 'echo; say "ending (Ctrl-C)"; cleanup; exit 130' INT
  trap 'cleanup; exit 143' TERM
  trap 'cleanup' EXIT
  cp "$confs"/*.conf "$state/conf/"
  cp "$home/docker/demo/sink.py" "$state/sink.py"
  echo web1 > "$state/www/web1/index.html"
  echo web2 > "$state/www/web2/index.html"
  say "network: front 198.18.200.0/24, back 198.18.201.0/24, namespaces ${namespaces[*]}"
  make_network || die "could not make the network"
  echo "$checkers $gateways $ipvs" > "$state/scale"
  for n in web1 web2 sink r1 r2 "${jvms[@]}"; do start "$n"; done
  say "started ${names[*]} (logs: $state/logs/NAME.log); waiting for the cluster"
  local began=$SECONDS
  until_true 180 "the gateway answering" eval 'api /health/live >/dev/null' || exit 1
  until_true 180 "$((2 + ${#jvms[@]})) members in one cluster" members_joined || exit 1
  until_true 60 "r1 MASTER of VI_1" r1_master || exit 1
  until_true 60 "both real servers alive" servers_alive || exit 1
  until_true 60 "the virtual server answering on $vip" vip_answers || exit 1
  cat <<EOF
demo: ready in $((SECONDS - began)) s
demo:   dashboard     http://127.0.0.1:$port/
demo:   events (SSE)  curl -N http://127.0.0.1:$port/api/events
demo:   API           curl http://127.0.0.1:$port/api/instances
demo:   metrics       curl http://127.0.0.1:$port/metrics
demo:   the service   curl http://$vip/        (web1 and web2 in turn, through r1's nftables)
demo:   the sink      curl http://198.18.201.20:8080/received   (webhooks and mails)
demo:   try           sudo ./vertalived demo fail r1; sudo ./vertalived demo recover r1
demo: Ctrl-C or 'sudo ./vertalived demo down' ends it and removes everything it made
EOF
  follow
  # watch: a process that ends without 'demo fail' is said once; the terminal's stream follows
  # the gateway when it comes back
  declare -A said=()
  while true; do
    running follow || { running gateway && follow; }
    for n in "${names[@]}"; do
      if [ ! -e "$state/failed/$n" ] && ! running "$n"; then
        if [ -z "${said[$n]:-}" ]; then
          say "$n exited (see $state/logs/$n.log); 'vertalived demo recover $n' starts it again"
          said[$n]=1
        fi
      else
        unset "said[$n]"
      fi
    done
    sleep 1 & wait $!
  done
}

fail() {
  [ "$(id -u)" = 0 ] || die "needs root: sudo ./vertalived demo fail $1"
  known "$1" || die "no such part: '$1' (one of ${names[*]})"
  running "$1" || die "$1 does not run"
  mkdir -p "$state/failed" && touch "$state/failed/$1"
  stop "$1" KILL 5
  case $1 in
    r1|r2)
      if [ "$ipvs" = own ]; then
        touch "$state/failed/ipvs${1#r}" && stop "ipvs${1#r}" KILL 5
        router_links "$1" down; say "$1 crashed: its JVMs (vrrp, ipvs${1#r}) killed, its links down"
      else
        router_links "$1" down; say "$1 crashed: its JVM killed, its links down"
      fi ;;
    *) say "$1 crashed: killed" ;;
  esac
}

recover() {
  [ "$(id -u)" = 0 ] || die "needs root: sudo ./vertalived demo recover $1"
  known "$1" || die "no such part: '$1' (one of ${names[*]})"
  running "$1" && die "$1 runs already"
  case $1 in r1|r2) router_links "$1" up ;; esac
  start "$1"
  rm -f "$state/failed/$1"
  say "$1 started again"
  # a router comes back whole: its ipvs JVM too when it runs apart and is not running
  if [ "$ipvs" = own ] && [[ "$1" =~ ^r[12]$ ]] && ! running "ipvs${1#r}"; then
    start "ipvs${1#r}"
    rm -f "$state/failed/ipvs${1#r}"
    say "ipvs${1#r} started again"
  fi
}

status() {
  local n
  for n in "${names[@]}"; do
    if running "$n"; then echo "$n running (pid $(pid_of "$n"))"
    elif [ -e "$state/failed/$n" ]; then echo "$n failed (demo fail)"
    else echo "$n not running"; fi
  done
}

down() {
  [ "$(id -u)" = 0 ] || die "needs root: sudo ./vertalived demo down"
  local owner; owner=$(cat "$state/owner" 2>/dev/null)
  if owner_runs "$owner"; then
    # the demo ends itself (Ctrl-C's way); if it does not within a minute, this does it
    kill -TERM "$owner"
    local limit=$((SECONDS + 60))
    while owner_runs "$owner" && [ $SECONDS -lt $limit ]; do sleep 0.1; done
  fi
  cleanup
  say "down: nothing left"
}

cmd=${1:-up}
[ $# -gt 0 ] && shift
case $cmd in
  up) up ;;
  fail|recover)
    [ $# -eq 1 ] || die "usage: vertalived demo $cmd NAME (one of ${names[*]})"
    [ -d "$state/pids" ] || die "no demo runs (start one with: sudo ./vertalived demo)"
    "$cmd" "$1" ;;
  status) [ -d "$state/pids" ] || die "no demo runs"; status ;;
  down) down ;;
  -h|--help|help) usage ;;
  *) echo "vertalived demo: unknown command '$cmd'" >&2; usage >&2; exit 2 ;;
esac
