#!/usr/bin/env bash
# JavaScript SDK capture cost (about 2 minutes): the time captureException takes on the calling thread for a fresh
# 20-frame exception, @flytrap/node beside @sentry/node 11.12.0 (each in its own Node process) and @flytrap/browser
# (flytrap.min.js) beside @sentry/browser 11.12.0 (each in its own headless Chromium, or jsdom when there is no
# Chromium), all sending to a receiver on 127.0.0.1, in one run; plus the script-tag bundle sizes. Prints tables
# with ratios (Flytrap / Sentry, and against `new Error()` + `.stack`) and writes docs/performance/js-sdk-capture.svg.
# Environment: see bench/node/sdk-capture/run.mjs (BENCH_ROUNDS, BENCH_BROWSER=chromium|jsdom|none, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f sdks/javascript/core/dist/index.mjs ] || [ ! -f sdks/javascript/node/dist/index.mjs ] \
  || [ ! -f sdks/javascript/browser/dist/flytrap.min.js ]; then
  (cd sdks && { [ -d node_modules/esbuild ] || npm ci --no-audit --no-fund >/dev/null; } && node scripts/build.mjs)
fi
(cd bench/node/sdk-capture && { [ -d node_modules/@sentry/node ] || npm ci --no-audit --no-fund >/dev/null; })
node bench/node/sdk-capture/run.mjs "$PWD/sdks" "$PWD/docs/performance/js-sdk-capture.svg"
