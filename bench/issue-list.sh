#!/usr/bin/env bash
# The issue list's queries with 1,000,000 events in 10,000 issues (5-7 minutes on 2 cores): each search and
# sort, page + count, against a plain indexed read in the same process; writes the query plans to
# docs/performance/issue-list-plans.txt.
# BENCH_BEFORE_CLASSPATH: an older build too, alternating (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
run() { "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.IssueListBenchmark "$BENCH_OUT"; }
bench_builds run
