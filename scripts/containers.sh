#!/usr/bin/env bash
# Flytrap in containers with one command: builds the two images with Jib into the local Docker daemon, writes a
# .env with random passwords on the first run, and starts docker-compose.yml (PostgreSQL, dashboard, functions).
# Needs a JDK and Docker with the compose plugin. Stop with: docker compose down (add -v to delete the data).
# The images are tagged <artifactId>:<project version>, exactly the names docker-compose.yml runs (deploy-checks
# keeps the two in step), and compose never pulls them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk

if ! docker info >/dev/null 2>&1; then
  echo "No Docker engine answers (docker info failed). Start Docker (or Docker Desktop) and run this again." >&2
  exit 1
fi
if ! docker compose version >/dev/null 2>&1; then
  echo "The Docker compose plugin is missing (docker compose version failed); install docker-compose-plugin." >&2
  exit 1
fi

if [ ! -f .env ]; then
  random() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32; }
  umask 077
  cat > .env <<ENV
FLYTRAP_DB_PASSWORD=$(random)
FLYTRAP_ADMIN_EMAIL=admin@localhost
FLYTRAP_ADMIN_PASSWORD=$(random)
ENV
  echo "Wrote .env with generated passwords; the first administrator is admin@localhost, password in .env."
fi
./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl functions,dashboard-vaadin -am package jib:dockerBuild
docker compose up -d
echo "Dashboard: http://localhost:8080  —  SDKs send to http://localhost:8081"
