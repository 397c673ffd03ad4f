# Sourced by the bench/*.sh scripts: finds the JDK, builds the benchmarks and sets BENCH_CLASSPATH.
# BENCH_CLASSPATH already set: runs against that build instead of building (the build here installs into ~/.m2;
# see bench/README.md for making a class path without installing).
# BENCH_BEFORE_CLASSPATH set to an older build's class path (made the same way, absolute paths): scripts that run
# their measurement through bench_builds measure that build too, in the same script run (see bench_builds).
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
flytrap_find_jdk
if [ -z "${BENCH_CLASSPATH:-}" ]; then
  ./mvnw -B -q -DskipTests -pl bench -am install
  BENCH_CLASSPATH="bench/target/classes:$(./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
fi

# bench_builds COMMAND...: runs COMMAND (usually a function of the script), which reads $BENCH_CLASSPATH and writes
# its files under $BENCH_OUT; $BENCH_BUILD says which build it is (before or after), for what the class path
# does not carry. Without BENCH_BEFORE_CLASSPATH: once, on this build, BENCH_OUT=docs/performance.
# With it: BENCH_PAIRS times (default 2) on each build in alternating order (before, after, then after, before, ...)
# so that a machine slowing down or warming up weighs on both alike, each run under a "== before|after, run N"
# heading to read the before/after ratio from. Only this build's runs write docs/performance; the older build's
# files go to a temporary directory, named in its heading.
bench_builds() {
  if [ -z "${BENCH_BEFORE_CLASSPATH:-}" ]; then
    BENCH_BUILD=after BENCH_OUT=docs/performance "$@"
    return
  fi
  local after_classpath=$BENCH_CLASSPATH before_out order build run
  before_out=$(mktemp -d)
  for run in $(seq 1 "${BENCH_PAIRS:-2}"); do
    if [ $((run % 2)) = 1 ]; then order="before after"; else order="after before"; fi
    for build in $order; do
      if [ "$build" = before ]; then
        echo "== before, run $run (files in $before_out)"
        BENCH_BUILD=before BENCH_CLASSPATH=$BENCH_BEFORE_CLASSPATH BENCH_OUT=$before_out "$@"
      else
        echo "== after, run $run"
        BENCH_BUILD=after BENCH_CLASSPATH=$after_classpath BENCH_OUT=docs/performance "$@"
      fi
    done
  done
}
