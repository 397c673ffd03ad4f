#!/usr/bin/env bash
# Runs every test. Tests use a real PostgreSQL (a container when Docker runs, else an embedded one), a real
# headless Chromium for the browser tests and Node.js for the official Sentry Node SDK test; this script installs
# the last two with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
flytrap_find_jdk

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser test..."
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "The browser test needs Chromium and ChromeDriver (packages chromium, chromium-driver)." >&2
    exit 1
  fi
fi

# The official @sentry/node SDK runs as a real client in one test: it needs Node.js and npm.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "Installing Node.js for the Sentry Node SDK test..."
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "The Sentry Node SDK test needs Node.js 18+ and npm." >&2
    exit 1
  fi
fi

exec ./mvnw -B verify "$@"
