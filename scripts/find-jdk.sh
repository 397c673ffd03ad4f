# Sourced by run.sh and test.sh: points JAVA_HOME at a JDK 21 or newer (Flytrap is built with JDK 25).
flytrap_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

flytrap_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
      /usr/lib/jvm/*25* /usr/lib/jvm/*21* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(flytrap_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Flytrap needs JDK 21 or newer (JDK 25 recommended); none found. Install one and set JAVA_HOME." >&2
  return 1
}
