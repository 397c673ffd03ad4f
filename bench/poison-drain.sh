#!/usr/bin/env bash
# Drain rate with 1 % poison events (ones PostgreSQL refuses when the batch is stored) against a clean drain,
# same process and database, with the ratio (target >= 0.8; about a minute and a half on 2 cores).
# BENCH_CLASSPATH set: run against that build instead of building (lib.sh installs into ~/.m2);
# BENCH_BEFORE_CLASSPATH: an older build too, alternating (see bench/lib.sh); BENCH_JAVA_OPTS: more JVM options
# (builds before 1dc5a0e need -Dmanagement.endpoint.health.validate-group-membership=false to start).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
run() { "$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.PoisonDrainBenchmark; }
bench_builds run
