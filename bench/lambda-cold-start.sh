#!/usr/bin/env bash
# Cold start of the process Lambda (a few minutes): each round starts new JVMs — a plain-Java handler doing one
# JDBC insert (the baseline), Flytrap's -aws jar through FunctionInvoker as is, with Spring AOT (as deployed) and with
# Spring AOT plus a JDK 25 AOT cache —
# and times JVM start → first SQS batch answered. Rounds alternate; medians and ratios go to
# docs/performance/lambda-cold-start.md. BENCH_ROUNDS (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
./mvnw -B -q -DskipTests -pl functions package
aws_jar=$(ls functions/target/flytrap-functions-*-aws.jar)
mkdir -p docs/performance
"$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.lambda.LambdaColdStartBenchmark \
  "$aws_jar" "$BENCH_CLASSPATH" "${BENCH_ROUNDS:-7}" docs/performance/lambda-cold-start.md
