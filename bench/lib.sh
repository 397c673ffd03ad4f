# Sourced by the bench/*.sh scripts: finds the JDK, builds the benchmarks and sets BENCH_CLASSPATH.
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
flytrap_find_jdk
./mvnw -B -q -DskipTests -pl bench -am install
BENCH_CLASSPATH="bench/target/classes:$(./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
