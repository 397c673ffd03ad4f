#!/usr/bin/env bash
# Drain rate with 1 % poison events (ones PostgreSQL refuses when the batch is stored) against a clean drain,
# same process and database, with the ratio (target >= 0.8; about a minute and a half on 2 cores).
# BENCH_CLASSPATH set: run against that build instead of building (lib.sh installs into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_CLASSPATH:-}" ]; then
  . bench/lib.sh
else
  . scripts/find-jdk.sh
  flytrap_find_jdk
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.PoisonDrainBenchmark
