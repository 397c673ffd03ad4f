#!/usr/bin/env bash
# Renders the panels of docs/grafana/flytrap-dashboard.json from a real Prometheus (issue #23 item 4; Grafana itself
# is not installable here). Starts the one-process app (the jar ./run.sh runs) on loopback with a metrics token,
# starts Debian's Prometheus on loopback scraping it every second with that token, sends ~60 s of real traffic
# (accepted events, refused ones: bad key, too large, invalid; a source map look-up; a poison event that becomes a
# dead letter), then runs every panel's PromQL through /api/v1/query_range and draws the panels into
# docs/grafana/flytrap-dashboard-panels.svg (and .png through headless Chromium when it is installed).
# Exits 1 when any panel's queries return no series: the dashboard must read metric names the app really exports.
# About 3 minutes plus the build; not part of the test suite. GRAFANA_BENCH_SECONDS (60) sets the traffic time.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk

seconds=${GRAFANA_BENCH_SECONDS:-60}
work=$(mktemp -d)
token="bench-metrics-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin_token="bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(free_port)
prom_port=$(free_port)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v prometheus >/dev/null; then
  echo "Installing Debian's prometheus..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus >/dev/null
  # the package's own service, if an init system started it, is not ours: we run our own instance on loopback
fi
command -v psql >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client >/dev/null

jar=${FLYTRAP_JAR:-$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am package
  jar=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
fi
echo "App: $jar on 127.0.0.1:$app_port; Prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') on 127.0.0.1:$prom_port"

# Two attempts with a 1 s backoff, so the poison event becomes a dead letter within the run
PORT=$app_port FLYTRAP_DATA_DIR=$work/data FLYTRAP_METRICS_TOKEN=$token FLYTRAP_ADMIN_EMAIL=bench@example.com \
  FLYTRAP_ADMIN_PASSWORD="a long bench password" FLYTRAP_ADMIN_TOKEN=$admin_token \
  "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" --server.address=127.0.0.1 --logging.level.root=WARN \
  --flytrap.queue.max-attempts=2 --flytrap.queue.retry-backoff=1s --flytrap.queue.max-retry-backoff=1s \
  --flytrap.ingest.max-body-size=16KB >"$work/flytrap.log" 2>&1 &
pids+=($!)

cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: flytrap
    metrics_path: /actuator/prometheus
    authorization:
      type: Bearer
      credentials: $token
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 600); do # a loaded machine may take minutes
  curl -fsS "http://127.0.0.1:$app_port/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$app_port/actuator/health/readiness" >/dev/null || { tail -n 40 "$work/flytrap.log"; exit 1; }

# The poison: a constraint that refuses one release, added to the app's own embedded PostgreSQL for this run
pg_port=$(sed -n 4p "$work/data/postgres/postmaster.pid")
PGPASSWORD=$(cat "$work/data/postgres-password") psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c \
  "alter table events add constraint bench_poison check (release is distinct from 'poison@1') not valid" \
  || PGPASSWORD=$(cat "$work/data/postgres-password") psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d flytrap -c \
  "alter table events add constraint bench_poison check (release is distinct from 'poison@1') not valid"

started=$(date +%s)
python3 bench/grafana/load.py "http://127.0.0.1:$app_port" "$admin_token" "$seconds"
sleep 5 # a few more scrapes after the last event
ended=$(date +%s)

python3 bench/grafana/render.py "http://127.0.0.1:$prom_port" docs/grafana/flytrap-dashboard.json "$started" "$ended" \
  docs/grafana/flytrap-dashboard-panels.svg
if command -v chromium >/dev/null; then
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,1700 \
    --screenshot="$PWD/docs/grafana/flytrap-dashboard-panels.png" "file://$PWD/docs/grafana/flytrap-dashboard-panels.svg" \
    >/dev/null 2>&1 && echo "PNG: docs/grafana/flytrap-dashboard-panels.png"
fi
