#!/usr/bin/env bash
# Fault drills (issue #20): kill -9 of Flytrap, kill -9 of its PostgreSQL and a 10 s SIGSTOP of it, each under a
# steady load of retrying clients, against the one-process app's jar as ./run.sh starts it. Prints answered-200,
# stored, lost and duplicated per drill, and exits 1 on any loss or duplicate. Loopback only; about 4 minutes.
# BENCH_BEFORE_JAR=<an older build's dashboard jar> runs the same drills against it first, for a before/after table.
# DRILL_CLIENTS (8) and DRILL_RATE (25 events/s each) set the load.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin package
jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
exec "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.drills.FaultDrills "$jar" \
  ${BENCH_BEFORE_JAR:+before=$BENCH_BEFORE_JAR}
