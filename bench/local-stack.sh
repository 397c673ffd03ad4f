#!/usr/bin/env bash
# The local stack (issue #24): ./run.sh's start time against a plain Spring Boot + Vaadin app with the same starters
# (bench/plain-app, compiled here against the dashboard's own dependency jars), and its memory (JVM RSS + the PSS of
# every embedded PostgreSQL process) after start, after BENCH_EVENTS (100,000) events are ingested and drained, and
# after BENCH_IDLE_SECONDS (600) idle, beside a jar launched as run.sh did before (java -jar, no options): this
# build's, or BENCH_BEFORE_JAR (an older build's dashboard jar). BENCH_ROUNDS (3) timed starts of each, in rotating
# order; sending stops after BENCH_SEND_SECONDS (600) per side even short of BENCH_EVENTS (the report says how many).
# Loopback only; it stops every process it starts. About 30 minutes with the defaults on 2 idle cores.
# BENCH_SKIP_BUILD=1 uses the jars and classes already built. Prints the tables with ratios and writes
# docs/performance/local-stack.md and local-stack.svg. Installs nothing into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk
jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1 || true)
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin,bench -am package
  jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
  # run.sh must find its jar up to date, or it would build inside the timed start
  touch "$jar"
fi
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f dashboard-vaadin/target/runtime-classpath.txt ]; then
  ./mvnw -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
  ./mvnw -B -q -o -pl dashboard-vaadin dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/runtime-classpath.txt
fi

# The plain app: Flytrap's third-party jars (same starters, same versions), none of Flytrap's own, nor the embedded
# PostgreSQL, nor what the Lambda code brings (Spring Cloud Function and AWS, whose auto-configuration wants a
# region), and the same prebuilt Vaadin production bundle the dashboard ships
plain=bench/target/plain-app
rm -rf "$plain" && mkdir -p "$plain/classes/META-INF"
plain_deps=$(tr ':' '\n' < dashboard-vaadin/target/runtime-classpath.txt | grep -v -e '/io/flytrap/' -e '/io/zonky/' \
  -e '/io/awspring/' -e '/software/amazon/' -e '/com/amazonaws/' -e '/org/springframework/cloud/' | paste -sd:)
"$JAVA_HOME/bin/javac" -d "$plain/classes" -cp "$plain_deps" bench/plain-app/plain/PlainApp.java
cp -r dashboard-vaadin/target/classes/META-INF/VAADIN "$plain/classes/META-INF/"

mkdir -p docs/performance
echo "load before: $(uptime)"
"$JAVA_HOME/bin/java" -Xmx512m -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  io.flytrap.bench.LocalStackBenchmark "$plain/classes:$plain_deps" "$(readlink -f "${BENCH_BEFORE_JAR:-$jar}")" \
  "${BENCH_ROUNDS:-3}" "${BENCH_EVENTS:-100000}" "${BENCH_IDLE_SECONDS:-600}" docs/performance "${BENCH_SEND_SECONDS:-600}"
echo "load after: $(uptime)"
echo "Build: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs/performance' || echo ' with uncommitted changes'); before jar: ${BENCH_BEFORE_JAR:-the same jar}." \
  | tee -a docs/performance/local-stack.md
