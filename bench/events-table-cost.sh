#!/usr/bin/env bash
# What each part of the events table costs per stored event (issue #24 item 2), a scratch measurement: a real drain
# of BENCH_EVENTS (100,000) queued events, then the rows it stored copied again into a table shaped like events with
# one part taken away or changed at a time (each foreign key, each index, the payload as json or text), BENCH_ROUNDS
# (3) rounds in alternating order, and once more as the drain writes (2 connections, a COPY and commit per 1,000
# rows). Per variant: events/s, PostgreSQL CPU µs per event (whole server and the copying backend, from /proc) and
# WAL bytes per event. About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
"$JAVA_HOME/bin/java" -Xmx2g -Devents="${BENCH_EVENTS:-100000}" -Drounds="${BENCH_ROUNDS:-3}" ${BENCH_JAVA_OPTS:-} \
  -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.EventsTableCost
