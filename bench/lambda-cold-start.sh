#!/usr/bin/env bash
# Cold start of the process Lambda (a few minutes): each round starts new JVMs — a plain-Java handler doing one
# JDBC insert (the baseline), Flytrap's -aws jar through FunctionInvoker as is, with Spring AOT (as deployed) and with
# Spring AOT plus a JDK 25 AOT cache —
# and times JVM start → first SQS batch answered. Rounds alternate; medians and ratios go to
# docs/performance/lambda-cold-start.md. BENCH_ROUNDS (default 7). BENCH_AWS_JAR: that -aws jar instead of
# building one. BENCH_BEFORE_CLASSPATH with BENCH_BEFORE_AWS_JAR (its -aws jar): an older build too, alternating
# (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
if [ -z "${BENCH_AWS_JAR:-}" ]; then
  ./mvnw -B -q -DskipTests -pl functions package
  BENCH_AWS_JAR=$(ls functions/target/flytrap-functions-*-aws.jar)
fi
if [ -n "${BENCH_BEFORE_CLASSPATH:-}" ] && [ -z "${BENCH_BEFORE_AWS_JAR:-}" ]; then
  echo "BENCH_BEFORE_CLASSPATH needs BENCH_BEFORE_AWS_JAR, the older build's -aws jar" >&2
  exit 2
fi
mkdir -p docs/performance
run() {
  local aws_jar=$BENCH_AWS_JAR
  [ "$BENCH_BUILD" = before ] && aws_jar=$BENCH_BEFORE_AWS_JAR
  "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.lambda.LambdaColdStartBenchmark \
    "$aws_jar" "$BENCH_CLASSPATH" "${BENCH_ROUNDS:-7}" "$BENCH_OUT/lambda-cold-start.md"
}
bench_builds run
