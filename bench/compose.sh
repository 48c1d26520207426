#!/usr/bin/env bash
# The compose lab's figures with a real Docker engine started here (as DockerIT does: its own data
# root, bridge in 198.18.96.0/20, no iptables changes, the base image made by debootstrap since this
# machine has no registry; docs: ../shared/reference/docker-here.md):
#   1. image sizes (vertalived:lab, the demo helpers' vertalived-demo:lab, and the JRE base layer);
#   2. `docker-compose up -d` (images built) -> every container healthy, then `down` -> nothing
#      left, RUNS times;
#   3. memory of each container when idle (docker stats), last run.
# Root. Usage: bench/compose.sh [RUNS]
set -euo pipefail
RUNS=${1:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
W=/var/tmp/vtl-bench-compose-$$
mkdir -p "$W"
HOST=unix://$W/docker.sock
DOCKERD=
cleanup() {
  local bridges=()
  if [ -n "$DOCKERD" ]; then
    # the lab's networks are bridges br-<id> of this engine: gone with `down`, or removed below
    mapfile -t bridges < <(docker network ls -q --filter label=com.docker.compose.project=vtlbench 2>/dev/null \
      | sed 's/^/br-/' | cut -c1-15)
    compose down -t 20 >/dev/null 2>&1 || true
    kill -TERM "$DOCKERD" 2>/dev/null && wait "$DOCKERD" 2>/dev/null || true
  fi
  for b in "${bridges[@]}"; do ip link del "$b" 2>/dev/null || true; done
  ip link del docker0 2>/dev/null || true
  umount "$W/rootfs/proc" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
docker() { /usr/bin/docker -H "$HOST" "$@"; }
compose() { (cd "$HERE" && DOCKER_HOST=$HOST /usr/bin/docker-compose -p vtlbench -f compose.yaml "$@"); }

[ -f "$HERE/launcher/target/vertalived.jar" ] || (cd "$HERE" && mvn -q -B -DskipTests package)
/usr/sbin/dockerd --storage-driver=vfs --data-root="$W/data" --exec-root="$W/exec" --pidfile="$W/dockerd.pid" \
  --host="$HOST" --iptables=false --ip-masq=false --bip=198.18.99.1/24 \
  --default-address-pool base=198.18.96.0/20,size=24 > "$W/dockerd.log" 2>&1 &
DOCKERD=$!
for _ in $(seq 600); do docker info >/dev/null 2>&1 && break; sleep 0.1; done
/usr/sbin/debootstrap --variant=minbase bookworm "$W/rootfs" http://deb.debian.org/debian > "$W/debootstrap.log" 2>&1
umount "$W/rootfs/proc" 2>/dev/null || true
tar -C "$W/rootfs" -c . | docker import - debian:bookworm-slim >/dev/null
for target in "" demo; do
  tag=vertalived:lab; [ -n "$target" ] && tag=vertalived-demo:lab
  (cd "$HERE" && DOCKER_BUILDKIT=1 /usr/bin/docker -H "$HOST" build -q --network host --build-arg JAR_FROM=context \
    -t "$tag" ${target:+--target "$target"} . >/dev/null)
done
mib() { awk -v b="$1" 'BEGIN {printf "%.0f MiB", b / 1048576}'; }
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(docker version -f '{{.Server.Version}}')"
echo "images: vertalived:lab $(mib "$(docker image inspect -f '{{.Size}}' vertalived:lab)"), vertalived-demo:lab $(mib "$(docker image inspect -f '{{.Size}}' vertalived-demo:lab)"), base debian:bookworm-slim (debootstrap minbase) $(mib "$(docker image inspect -f '{{.Size}}' debian:bookworm-slim)")"
echo "  jar $(mib "$(stat -c %s "$HERE/launcher/target/vertalived.jar")")"

healthy() { # all 8 containers up, every one with a healthcheck healthy
  local ps; ps=$(compose ps 2>/dev/null)
  [ "$(grep -c ' Up ' <<< "$ps")" -ge 8 ] && ! grep -q 'health: starting\|unhealthy' <<< "$ps" \
    && [ "$(grep -c '(healthy)' <<< "$ps")" -ge 8 ]
}
for run in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  compose up -d --no-build >/dev/null 2>&1
  t1=$(date +%s%N)
  until healthy; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt 300 ] && { echo "not healthy in 300 s" >&2; compose ps >&2; exit 1; }
    sleep 0.5
  done
  t2=$(date +%s%N)
  if [ "$run" = "$RUNS" ]; then
    sleep 30
    echo "containers idle 30 s after healthy (run $run):"
    docker stats --no-stream --format '  {{.Name}} {{.MemUsage}} {{.CPUPerc}}' | sort
  fi
  t3=$(date +%s%N)
  compose down -t 20 >/dev/null 2>&1
  t4=$(date +%s%N)
  left=$(docker ps -aq --filter label=com.docker.compose.project=vtlbench | wc -l)
  echo "run $run: up -d returned $(( (t1 - t0) / 1000000 )) ms, all healthy $(( (t2 - t0) / 1000000 )) ms; down $(( (t4 - t3) / 1000000 )) ms (containers left: $left)"
done
