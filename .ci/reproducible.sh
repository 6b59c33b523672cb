#!/usr/bin/env bash
# Reproducible builds: builds the project's jars (classes, sources, javadoc, test jars, the
# command line's shaded jar) twice and compares them byte for byte, and checks that every library
# jar names its module (Automatic-Module-Name: dev.promotion.*).
#
#   .ci/reproducible.sh [--reuse] [MAVEN OPTIONS...]
#
# --reuse takes the jars already in */target as the first build (what .ci/run does after its
# `mvn -B verify -Pjavadoc`), so only one more build runs. Other arguments go to Maven (-o).
# Prints the jars compared; on a difference, the entries that differ, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
reuse=false
if [ "${1:-}" = --reuse ]; then
  reuse=true
  shift
fi
build=(mvn -B -q -Pjavadoc -DskipTests -Dspotless.check.skip=true "$@" clean package)

jars() { find . -path ./examples -prune -o -path './*/target/*.jar' -print | grep -v '/target/.*/' | sort; }

first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT
if ! $reuse; then
  "${build[@]}"
fi
count=0
while read -r jar; do
  mkdir -p "$first/$(dirname "$jar")"
  cp -p "$jar" "$first/$jar"
  count=$((count + 1))
done < <(jars)
[ "$count" -gt 0 ] || { echo "no jars under */target: build first or leave out --reuse" >&2; exit 2; }

"${build[@]}"

status=0
compared=0
while read -r jar; do
  if [ ! -f "$first/$jar" ]; then
    echo "only in the second build: $jar"
    status=1
    continue
  fi
  compared=$((compared + 1))
  if ! cmp -s "$first/$jar" "$jar"; then
    echo "DIFFERS: $jar"
    diff <(unzip -v "$first/$jar" | awk 'NR > 3 {print $7, $8, $1}') \
      <(unzip -v "$jar" | awk 'NR > 3 {print $7, $8, $1}') | head -n 20 || true
    status=1
  fi
  case $jar in
    *-sources.jar | *-javadoc.jar | *-tests.jar | */promotion.jar) ;;
    *)
      name=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')
      if [[ ! $name =~ ^dev\.promotion(\.[a-z][a-z0-9]*)+$ ]]; then
        echo "NO MODULE NAME: $jar has Automatic-Module-Name '$name'"
        status=1
      fi
      ;;
  esac
done < <(jars)
if [ "$status" -eq 0 ]; then
  echo "reproducible: $compared jars identical in two builds, each library jar names its module"
fi
exit "$status"
