#!/usr/bin/env bash
# Start-up of the command line: `promotion status` in the walkthrough's workspace, a fresh JVM each
# time, in configurations that alternate run by run (so they share the machine's load):
#
#   java 17, default flags        java -jar promotion.jar status
#   java 17, launcher, no archive PROMOTION_CDS=off bin/promotion status
#   java 17, launcher + AppCDS    bin/promotion status, the dynamic archive written beforehand
#   java 25, default flags        (only when a Java 25 is found: JAVA25, or /usr/lib/jvm/*25*)
#   java 25, launcher, no archive
#   java 25, launcher + AOT cache
#
# and, per Java, the first run that writes the archive into an empty directory (the cost a runner
# pays when the workflow's cache misses). Prints a table (median, min, ratio against Java 17 default flags).
#
#   bench/startup.sh [ROUNDS]      (default 15; needs promotion-cli/target/promotion.jar)
#
# Not run by the build. Environment: JAVA17 (default: java on the PATH), JAVA25.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-15}
jar=$root/promotion-cli/target/promotion.jar
launcher=$root/promotion-cli/bin/promotion
[ -f "$jar" ] || { echo "build the jar first: mvn -B -pl promotion-cli -am package -DskipTests" >&2; exit 2; }
java17=${JAVA17:-$(command -v java)}
java25=${JAVA25:-}
if [ -z "$java25" ]; then
  for candidate in /usr/lib/jvm/*25*/bin/java; do
    [ -x "$candidate" ] && java25=$candidate && break
  done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$java17" -jar "$jar" walkthrough --dir "$work/ws" > /dev/null 2>&1
cd "$work/ws"
export PROMOTION_JAR=$jar
unset JAVA_OPTS CI

names=() commands=() prepares=()
add() { names+=("$1"); commands+=("$2"); prepares+=("${3:-:}"); }
add "Java 17, default flags" "'$java17' -jar '$jar' status"
add "Java 17, launcher, no archive" "JAVA='$java17' PROMOTION_CDS=off sh '$launcher' status"
add "Java 17, launcher + AppCDS archive" "JAVA='$java17' PROMOTION_CDS='$work/cds' sh '$launcher' status"
if [ -n "$java25" ]; then
  add "Java 25, default flags" "'$java25' -jar '$jar' status"
  add "Java 25, launcher, no archive" "JAVA='$java25' PROMOTION_CDS=off sh '$launcher' status"
  add "Java 25, launcher + AOT cache" "JAVA='$java25' PROMOTION_CDS='$work/cds' sh '$launcher' status"
  # The alternative the launcher does not take on Java 24 and later: a dynamic AppCDS archive.
  settings="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off,aot*=off:stderr"
  (cd "$work/ws" && "$java25" $settings -XX:ArchiveClassesAtExit="$work/dynamic25.jsa" -jar "$jar" status > /dev/null 2>&1)
  add "Java 25, launcher's flags + dynamic AppCDS instead" "'$java25' $settings -XX:SharedArchiveFile='$work/dynamic25.jsa' -jar '$jar' status"
fi

# The first run on a fresh runner, the cost of a cache miss: it writes the archive into an empty
# directory (emptied before each timed run, outside the timing).
add "Java 17, launcher, first run (writes the archive)" \
  "JAVA='$java17' PROMOTION_CDS='$work/first17' sh '$launcher' status" "rm -rf '$work/first17'"
if [ -n "$java25" ]; then
  add "Java 25, launcher, first run (writes the AOT cache)" \
    "JAVA='$java25' PROMOTION_CDS='$work/first25' sh '$launcher' status" "rm -rf '$work/first25'"
fi

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

# Warm-up: writes the archives the timed runs use, and one run of everything.
for i in "${!commands[@]}"; do bash -c "${commands[$i]}" > /dev/null 2>&1; done

load0=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime)
declare -A times
for ((r = 0; r < rounds; r++)); do
  for i in "${!commands[@]}"; do
    bash -c "${prepares[$i]}"
    t0=$(now)
    bash -c "${commands[$i]}" > /dev/null 2>&1
    times[$i]+="$(ms "$t0" "$(now)") "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -n 1; }
base=$(echo "${times[0]}" | median)
basemin=$(echo "${times[0]}" | minimum)
echo "promotion status, walkthrough workspace, $rounds alternating rounds; load average before: $load0, after: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "Java 17: $("$java17" -version 2>&1 | sed -n 2p)"
[ -n "$java25" ] && echo "Java 25: $("$java25" -version 2>&1 | sed -n 2p)"
echo
echo "| configuration | median | min | Java 17 default / this (medians; mins) |"
echo "|---|---|---|---|"
for i in "${!commands[@]}"; do
  m=$(echo "${times[$i]}" | median)
  n=$(echo "${times[$i]}" | minimum)
  echo "| ${names[$i]} | $m ms | $n ms | $(awk -v b="$base" -v m="$m" -v c="$basemin" -v n="$n" 'BEGIN {printf "%.2fx; %.2fx", b / m, c / n}') |"
done
