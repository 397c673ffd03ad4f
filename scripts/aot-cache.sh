# Sourced by run.sh (after find-jdk.sh): the JDK's AOT cache (JEP 483/514/515) for the one-process jar.
#
# flytrap_aot_launch JAR [JVM OPTION...]: prints, one per line, the java arguments that launch JAR with an AOT cache
# kept beside it, in JAR's folder under <jar name>-aot/: the AOT flag, then -jar and the jar to run.
#  - A Spring Boot jar is first extracted there (its libraries as plain jars: the cache holds only classes loaded
#    from plain jars, not from the jars nested in a Spring Boot jar); any other jar, or a failed extraction, runs as is.
#  - No cache yet: -XX:AOTCacheOutput, so this run records which classes it loads and links and how its methods run,
#    and the JVM writes the cache when the run ends. Later runs: -XX:AOTCache, and they start from it.
#  - The folder belongs to one jar (size, time), one JDK and one set of JVM options: when any of them changes, it is
#    made anew. A cache the JVM cannot use anyway (cut short, damaged) is ignored by the JVM, which starts without
#    it and says so in one warning line; run.sh then records no new one until the key changes or the file is gone.
#  - FLYTRAP_AOT_CACHE=off, or a JDK older than 25 (no -XX:AOTCacheOutput): -jar JAR, nothing else.
flytrap_aot_launch() {
  local jar=$1
  shift
  if [ "${FLYTRAP_AOT_CACHE:-on}" = off ] || [ "$(flytrap_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
    printf '%s\n' -jar "$jar"
    return 0
  fi
  local dir="${jar%.jar}-aot" key app
  key=$({ stat -c '%s %Y' "$jar"; "$JAVA_HOME/bin/java" -version 2>&1; printf '%s\n' "$@"; } | sha256sum | cut -c1-32)
  if [ "$(cat "$dir/key" 2>/dev/null)" != "$key" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    # a plain jar ignores jarmode and runs its main class: its output is of no interest, and no jar appears
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null 2>&1 </dev/null || true
    echo "$key" > "$dir/key"
  fi
  app="$dir/app/$(basename "$jar")"
  [ -f "$app" ] || app=$jar
  if [ -s "$dir/flytrap.aot" ]; then
    printf '%s\n' "-XX:AOTCache=$dir/flytrap.aot" -jar "$app"
  else
    echo "First start of this build: recording an AOT cache for faster starts, written when Flytrap stops." >&2
    # errors only: recording warns of every class it leaves out (e.g. a multi-release jar's newer variants)
    printf '%s\n' "-XX:AOTCacheOutput=$dir/flytrap.aot" -Xlog:aot=error -jar "$app"
  fi
}
