#!/usr/bin/env bash
# What a change costs the one-process app's start and memory: the dashboard jar of this build against an older
# build (BEFORE_COMMIT, default 43bad38), started alternately with identical JVM flags against one PostgreSQL:
# start → readiness UP, RSS after the idle time, heap after a full GC, classes loaded, with after ÷ before; then
# the process Lambda's cold start (LambdaColdStartBenchmark) of both builds' -aws jars. About 15 minutes with the
# defaults on 2 cores. BENCH_ROUNDS (5 starts of each), BENCH_IDLE_SECONDS (60), BENCH_LAMBDA_ROUNDS (5),
# BENCH_NMT=true (native memory summaries of the last round), BENCH_AFTER_ARGS (application arguments for the
# after side only: one lever at a time), BENCH_LAMBDA_ROUNDS=0 (dashboard only), BENCH_BEFORE_DIR (a checkout of BEFORE_COMMIT with
# its jars built: skips that build). Writes docs/performance/dashboard-start.md. Installs nothing into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk
before_commit=${BEFORE_COMMIT:-43bad38}
before_dir=${BENCH_BEFORE_DIR:-}
if [ -z "$before_dir" ]; then
  before_dir=$(mktemp -d /tmp/flytrap-before-XXXXXX)
  git clone -q --shared . "$before_dir"
  git -C "$before_dir" checkout -q "$before_commit"
  (cd "$before_dir" && ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am package)
fi
./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin,bench -am package \
  dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
classpath="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
dashboard_jar() { ls "$1"/dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1; }
aws_jar() { ls "$1"/functions/target/flytrap-functions-*-aws.jar; }
mkdir -p docs/performance
out=$(mktemp -d /tmp/dashboard-start-XXXXXX)
"$JAVA_HOME/bin/java" -cp "$classpath" io.flytrap.bench.start.DashboardStartBenchmark \
  "$(dashboard_jar "$before_dir")" "$(dashboard_jar .)" "${BENCH_ROUNDS:-5}" "${BENCH_IDLE_SECONDS:-60}" \
  "$out/dashboard.md" "nmt=${BENCH_NMT:-false}"
for side in $([ "${BENCH_LAMBDA_ROUNDS:-5}" -gt 0 ] && echo before after); do
  dir=$([ $side = before ] && echo "$before_dir" || echo .)
  "$JAVA_HOME/bin/java" -cp "$classpath" io.flytrap.bench.lambda.LambdaColdStartBenchmark \
    "$(aws_jar "$dir")" "$classpath" "${BENCH_LAMBDA_ROUNDS:-5}" "$out/lambda-$side.md" >/dev/null
done
# the medians of the Flytrap rows (column 3) of both Lambda tables, and their ratio
lambda_table() {
  echo "| process Lambda cold start (JVM start → SQS batch answered) | before, median ms | after, median ms | after ÷ before |"
  echo "|---|---|---|---|"
  paste -d'|' <(grep '^| Flytrap' "$out/lambda-before.md" | cut -d'|' -f2,3) \
    <(grep '^| Flytrap' "$out/lambda-after.md" | cut -d'|' -f3) \
    | awk -F'|' '{ printf "| %s | %d | %d | %.2f |\n", $1, $2, $3, $3 / $2 }'
  echo
  echo "Lambda: ${BENCH_LAMBDA_ROUNDS:-5} rounds per build, before's rounds then after's, Lambda's JVM flags (LambdaColdStartBenchmark)."
}
{
  cat "$out/dashboard.md"
  echo
  if [ "${BENCH_LAMBDA_ROUNDS:-5}" -gt 0 ]; then lambda_table; fi
  echo "Before: $before_commit; after: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with uncommitted changes')."
} | tee docs/performance/dashboard-start.md
