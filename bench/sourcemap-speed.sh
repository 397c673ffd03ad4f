#!/usr/bin/env bash
# Source map parse and lookup speed (about a minute): a ~5 MB real-world map made by esbuild from three.js, d3 and
# lodash; Mozilla's source-map (WASM) and @jridgewell/trace-mapping timed in Node, then Flytrap's parser in Java,
# on the same map and the same 10,000 positions, in one run. BENCH_BEFORE_CLASSPATH: an older build's parser
# too, alternating (see bench/lib.sh); the Node libraries run once.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${BENCH_ROUNDS:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd bench/node/sourcemap-speed && { [ -d node_modules/esbuild ] || npm ci --no-audit --no-fund >/dev/null; } \
  && node speed.mjs "$work" "$rounds" > "$work/node-results.jsonl")
run() { "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.SourceMapSpeedBenchmark "$work" "$rounds" "$work/node-results.jsonl"; }
bench_builds run
