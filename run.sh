#!/usr/bin/env bash
# Runs all of Flytrap in one process on http://localhost:8080 (PORT to change), with an embedded PostgreSQL
# whose data lives in ~/.flytrap (FLYTRAP_DATA_DIR to change) unless FLYTRAP_DB_URL points to a server.
# FLYTRAP_JAVA_OPTS replaces the JVM defaults below (sized for a laptop); FLYTRAP_AOT_CACHE=off runs without the
# AOT cache. docs/performance.md (Local stack) has what these defaults save and cost.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
. scripts/aot-cache.sh
flytrap_find_jdk

jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find pom.xml core functions dashboard-vaadin/pom.xml dashboard-vaadin/src -newer "$jar" -type f \
      -not -path '*/src/main/frontend/*' -not -path '*/target/*' -print -quit)" ]; then
  echo "Building Flytrap (first run or sources changed)..."
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am install
  jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
fi

# One user's errors on a laptop. Measured by bench/local-stack.sh (docs/performance.md, Local stack): G1 with a
# periodic collection when idle and tight free-heap ratios, because it gives the heap a burst of events grew back to
# the system (the serial collector keeps it until the next full collection, which an idle process never has: 356 MB
# against 270 MB two minutes after 20,000 events); compact object headers (JDK 25: 8-byte headers, a smaller heap
# and class metadata); native memory (compiler arenas, malloc) trimmed every 10 s; a heap that starts small, capped
# at 512 MB as the fault drills run it; smaller thread stacks (virtual threads carry the requests); and two malloc
# arenas instead of up to eight per core.
# shellcheck disable=SC2206 # word splitting of the options is wanted
laptop_opts="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms32m -Xmx512m -Xss512k -XX:G1PeriodicGCInterval=30000
  -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=10000"
java_opts=(${FLYTRAP_JAVA_OPTS-$laptop_opts})
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The AOT cache (JDK 25+): classes loaded and linked, and method profiles, from the first run, kept beside the jar;
# the first run writes it when it stops, later runs start from it. Anything amiss (an older JDK, a cache that
# cannot be made or read) and Flytrap starts as before, from the jar.
mapfile -t launch < <(flytrap_aot_launch "$jar" "${java_opts[@]}")
[ "${#launch[@]}" -gt 0 ] || launch=(-jar "$jar")
exec "$JAVA_HOME/bin/java" "${java_opts[@]}" "${launch[@]}" "$@"
