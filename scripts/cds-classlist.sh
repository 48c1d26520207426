#!/usr/bin/env bash
# Writes launcher/cds/vrrp-node.classlist: the classes a lone VRRP node loads from launch through
# BACKUP, MASTER and a SIGTERM, recorded by the JVM (-XX:DumpLoadedClassList) while such a node
# runs in a network namespace of its own (198.18.0.0/24), from the jar it runs from (VrrpNodeJar
# writes it from the fat jar). The `vertalived` script makes its class-data archive from it. Run it
# again when the start-up path changes (CdsClassListTest says when classes it names are gone). Needs root and iproute2; builds the jar if it is missing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "cds-classlist: needs root (a network namespace)" >&2; exit 1; }
W=$(mktemp -d /tmp/vtl-cds.XXXXXX)
NS=vtcds$$
pid=""
cleanup() {
  [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
[ -f "$HERE/launcher/target/vertalived.jar" ] || (cd "$HERE" && mvn -q -B -DskipTests package)
ip netns add "$NS"
ip -n "$NS" link add eth0 type veth peer name eth1
ip -n "$NS" addr add 198.18.0.1/24 dev eth0
ip -n "$NS" link set lo up; ip -n "$NS" link set eth0 up; ip -n "$NS" link set eth1 up
cat > "$W/r.conf" <<C
global_defs {
  router_id cds
  vrrp_version 3
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 90
  advert_int 0.1
  virtual_ipaddress {
    198.18.0.100/32 dev eth0
  }
}
C
# from the jar a lone node runs with (VrrpNodeJar), without an archive, as the script runs it
java -cp "$HERE/launcher/target/vertalived.jar" io.vertalived.launcher.VrrpNodeJar \
  "$HERE/launcher/target/vertalived.jar" "$W/vertalived-vrrp-node.jar" > /dev/null
ip netns exec "$NS" env _JAVA_SR_SIGNUM=40 java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -XX:DumpLoadedClassList="$W/classes.lst" -jar "$W/vertalived-vrrp-node.jar" \
  -P -f "$W/r.conf" -p "$W/v.pid" --control-socket "$W/control.sock" > "$W/r.log" 2>&1 &
pid=$!
limit=$((SECONDS + 60))
until grep -q 'Entering MASTER STATE' "$W/r.log"; do
  [ $SECONDS -lt $limit ] || { cat "$W/r.log" >&2; echo "cds-classlist: the node did not become MASTER" >&2; exit 1; }
  kill -0 "$pid" 2>/dev/null || { cat "$W/r.log" >&2; echo "cds-classlist: the node ended" >&2; exit 1; }
  sleep 0.1
done
sleep 2
kill -TERM "$pid"
wait "$pid" || true
pid=""
cp "$W/classes.lst" "$HERE/launcher/cds/vrrp-node.classlist"
echo "cds-classlist: $(grep -vc -e '^#' -e '^@' "$HERE/launcher/cds/vrrp-node.classlist") classes in launcher/cds/vrrp-node.classlist"
