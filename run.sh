#!/usr/bin/env bash
# Runs all of Flytrap in one process on http://localhost:8080 (PORT to change), with an embedded PostgreSQL
# whose data lives in ~/.flytrap (FLYTRAP_DATA_DIR to change) unless FLYTRAP_DB_URL points to a server.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
flytrap_find_jdk

jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find pom.xml core functions dashboard-vaadin/pom.xml dashboard-vaadin/src -newer "$jar" -type f \
      -not -path '*/src/main/frontend/*' -not -path '*/target/*' -print -quit)" ]; then
  echo "Building Flytrap (first run or sources changed)..."
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am install
  jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
fi
exec "$JAVA_HOME/bin/java" ${FLYTRAP_JAVA_OPTS:-} -jar "$jar" "$@"
