#!/usr/bin/env bash
# Python SDK capture cost (about a minute): the time capture_exception takes on the calling thread for a fresh
# exception with a 20-frame traceback, Flytrap's Python SDK (sdks/python) beside the official sentry-sdk (Debian's
# python3-sentry-sdk, installed with apt-get when missing; PyPI is not reachable here), each in its own process,
# alternating, both sending to a receiver on 127.0.0.1, with `traceback.extract_tb` of the same exceptions as the
# baseline in the same batches. Prints a table with ratios and writes docs/performance/python-sdk-capture.md.
# Options go to bench/python/sdk_capture.py (--rounds, --batches, --processes).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import sentry_sdk' 2>/dev/null; then
  if command -v apt-get >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3 python3-sentry-sdk >/dev/null
  else
    echo "sentry-sdk is missing: measuring Flytrap against the baseline only" >&2
  fi
fi
"$PYTHON" bench/python/sdk_capture.py --markdown docs/performance/python-sdk-capture.md "$@"
