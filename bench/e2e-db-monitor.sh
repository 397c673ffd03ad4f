#!/usr/bin/env bash
# Beside bench/end-to-end.sh: every 5 s, what the running app's embedded PostgreSQL does to the issues and the queue
# (issue updates and how many were HOT, dead tuples, autovacuum runs, the trigram index's GIN pending pages, queued
# events). Finds the newest /tmp/flytrap-e2e-*/flytrap/postgres (the bench's data folder), waits for the schema and
# stops when that PostgreSQL does. MONITOR_SQL: statements run once the schema exists, for an experiment on the
# running app (issue #24's third round dropped issues_search_text this way). Needs psql (Debian's postgresql-client).
set -uo pipefail
for _ in $(seq 1 900); do
  pid=$(ls -t /tmp/flytrap-e2e-*/flytrap/postgres/postmaster.pid 2>/dev/null | head -1)
  [ -n "$pid" ] && break
  sleep 1
done
[ -n "${pid:-}" ] || { echo "no end-to-end run found" >&2; exit 1; }
sleep 3 # the port is written into postmaster.pid once the server listens
dir=$(dirname "$pid")
port=$(sed -n 4p "$pid")
password=$(cat "$dir/../postgres-password")
q() { PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "$1" 2>&1; }
for _ in $(seq 1 60); do q "select 1 from issues limit 1" >/dev/null && break; sleep 2; done
q "create extension if not exists pgstattuple" >/dev/null
[ -n "${MONITOR_SQL:-}" ] && q "$MONITOR_SQL"
echo "time|issue updates|of them HOT|dead tuples|autovacuums|GIN pending pages|queued events"
while [ -f "$pid" ]; do
  q "select to_char(now(), 'HH24:MI:SS'), n_tup_upd, n_tup_hot_upd, n_dead_tup, autovacuum_count,
            (select pending_pages from pgstatginindex('issues_search_text')),
            (select count(*) from queued_events)
     from pg_stat_user_tables where relname = 'issues'"
  sleep 5
done
