#!/usr/bin/env bash
# Runs every test. Tests use a real PostgreSQL (a container when Docker runs, else an embedded one) and a real
# headless Chromium for the browser test, which this script installs with apt-get when it is missing.
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

exec ./mvnw -B verify "$@"
