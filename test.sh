#!/usr/bin/env bash
# Runs every test. Tests use a real PostgreSQL (a container when Docker runs, else an embedded one), a real
# headless Chromium for the browser tests, and Node.js + npm for Flytrap's JavaScript SDKs and the JavaScript
# peers (the official @sentry/node and @sentry/browser SDKs and sentry-cli, esbuild and terser making real bundles, Mozilla's
# source-map checking our answers), and Debian's Python 3 with Flask for Flytrap's Python SDK; this script installs
# Chromium, Node.js and the Python packages with apt-get when they are missing. npm packages come from lock files.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
flytrap_find_jdk

# apt_install "<what it is for>" <command that must exist>... -- <package>...
apt_install() {
  local purpose=$1; shift
  local commands=() missing=0
  while [ "$1" != "--" ]; do commands+=("$1"); shift; done
  shift
  for command in "${commands[@]}"; do command -v "$command" >/dev/null || missing=1; done
  [ "$missing" -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "The tests need $purpose (packages: $*)." >&2
    exit 1
  fi
  echo "Installing $purpose..."
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

apt_install "Chromium and ChromeDriver for the browser tests" chromium chromedriver -- chromium chromium-driver
apt_install "Node.js 18+ and npm for the JavaScript peers" node npm -- nodejs npm
# The kill program (not the shell's builtin): the embedded PostgreSQL's recovery sends SIGINT with it, which the JDK
# cannot send, and its tests kill a real orphaned postmaster. Minimal Debian images come without procps.
apt_install "procps's kill for the embedded PostgreSQL's recovery" /usr/bin/kill -- procps
# Each of these files comes with its package (python3 alone is on most machines already, without Flask)
apt_install "Python 3 with Flask, pytest and jsonschema for the Python SDK" /usr/bin/flask /usr/bin/pytest-3 \
  /usr/bin/jsonschema -- python3 python3-flask python3-pytest python3-jsonschema

# Flytrap's own JavaScript SDKs: build them (failing above the script-tag size budget) and run their suites
# (vitest; prints "JavaScript SDKs: N passed, N failed"). The Java suites then use the built bundles.
(cd sdks && npm ci --no-audit --no-fund --loglevel=error && npm test --silent)

# Flytrap's Python SDK under Debian's Python and Flask 2.2 (pytest; prints its "N passed" summary line). The Java
# suite then runs it against a real Flytrap (FlytrapPythonSdkTests).
/usr/bin/python3 -m pytest sdks/python/tests -q -p no:cacheprovider

# The Terraform for AWS: every .tf file parses and the deployment's invariants hold over the parsed configuration
# (no terraform binary needed; prints "Terraform checks: N passed, N failed").
(cd terraform/tests && npm ci --no-audit --no-fund --loglevel=error && npm test --silent)

exec ./mvnw -B verify "$@"
