#!/usr/bin/env bash
# Installs vertalived for systemd beside keepalived (docs/install.md): the fat jar and its start script under
# PREFIX, vertalived.service in /etc/systemd/system and its options in /etc/default/vertalived (kept if present).
# It reads the configuration keepalived reads, /etc/keepalived/keepalived.conf. Switch over, and back:
#   systemctl disable --now keepalived && systemctl enable --now vertalived
#   systemctl disable --now vertalived && systemctl enable --now keepalived
# Usage: scripts/install.sh [--root DIR] [--prefix DIR]     (default prefix /opt/vertalived; --root: a staging tree)
#        scripts/install.sh --uninstall [--root DIR] [--prefix DIR]
set -euo pipefail
root=""; prefix=/opt/vertalived; uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
home=$(cd "$(dirname "$0")/.." && pwd)
unit="$root/etc/systemd/system/vertalived.service"
live=0
if [ -z "$root" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then live=1; fi
if [ $uninstall = 1 ]; then
  [ $live = 1 ] && systemctl disable --now vertalived 2>/dev/null || true
  rm -f "$unit" "$root$prefix/vertalived" "$root$prefix/launcher/target/vertalived.jar" \
    "$root$prefix/launcher/target/vertalived-vrrp.jsa" \
    "$root$prefix/launcher/target/vertalived-vrrp.jsa.log" "$root$prefix/launcher/target/vertalived-vrrp-node.jar" \
    "$root$prefix/launcher/cds/vrrp-node.classlist"
  rm -rf "$root$prefix/launcher/target/jna" "$root$prefix/launcher/target/vertalived-vrrp.jsa.id"
  rmdir -p "$root$prefix/launcher/target" "$root$prefix/launcher/cds" 2>/dev/null || true
  [ $live = 1 ] && systemctl daemon-reload
  echo "vertalived removed (/etc/default/vertalived kept)"
  exit 0
fi
[ -f "$home/launcher/target/vertalived.jar" ] || (cd "$home" && mvn -q -B -DskipTests package)
install -d "$root$prefix/launcher/target" "$root$prefix/launcher/cds" "$root/etc/systemd/system" "$root/etc/default"
install -m 0644 "$home/launcher/target/vertalived.jar" "$root$prefix/launcher/target/vertalived.jar"
install -m 0644 "$home/launcher/cds/vrrp-node.classlist" "$root$prefix/launcher/cds/vrrp-node.classlist"
install -m 0755 "$home/vertalived" "$root$prefix/vertalived"
# the class-data archive a lone VRRP node starts from, for the installed jar and this JVM (not in a staging
# tree: an archive names the jar's path); without it the node starts all the same, slower
if [ -z "$root" ]; then
  "$prefix/vertalived" cds-archive || true
fi
sed "s#/opt/vertalived#$prefix#g" "$home/packaging/systemd/vertalived.service" > "$unit"
chmod 0644 "$unit"
[ -e "$root/etc/default/vertalived" ] || install -m 0644 "$home/packaging/systemd/vertalived.default" \
  "$root/etc/default/vertalived"
[ $live = 1 ] && systemctl daemon-reload
echo "vertalived installed in $root$prefix; unit $unit"
echo "switch over: systemctl disable --now keepalived && systemctl enable --now vertalived"
