#!/usr/bin/env bash
# Differential fuzzing at scale (issue [9/11]): COUNT configurations made from the conformance corpus
# (seeded: SEED makes the same ones again) checked by Debian's keepalived -t in a network namespace
# and by vertalived's parser; prints how many agree (exit code and flagged lines), how many differ in
# a documented class (docs/compatibility.md) and how many in none, and keeps those in
# launcher/target/fuzz-disagreements.txt. CI runs 500 of them as KeepalivedFuzzIT, which must agree.
# Needs root and keepalived (apt-get install -y keepalived). Usage: scripts/conformance-fuzz.sh [COUNT] [SEED]
set -euo pipefail
count=${1:-10000}
seed=${2:-$(date +%s)}
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "conformance-fuzz: needs root (network namespaces)" >&2; exit 2; }
command -v keepalived >/dev/null || { echo "conformance-fuzz: needs keepalived (apt-get install -y keepalived)" >&2; exit 2; }
mvn -B -ntp -q -o install -DskipTests >/dev/null 2>&1 || mvn -B -ntp -q install -DskipTests
log=$(mktemp /tmp/conformance-fuzz.XXXXXX)
mvn -B -ntp -o verify -pl launcher -Dit.test=KeepalivedFuzzIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dvertalived.fuzz.count="$count" -Dvertalived.fuzz.seed="$seed" -Dvertalived.fuzz.reportOnly=true > "$log" 2>&1 \
  || { tail -40 "$log"; exit 1; }
grep '^KeepalivedFuzzIT:' "$log"
echo "unexplained ones: launcher/target/fuzz-disagreements.txt"
rm -f "$log"
