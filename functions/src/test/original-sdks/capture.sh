#!/usr/bin/env bash
# Runs the ORIGINAL Flytrap SDKs (getflytrap/flytrap_javascript, flytrap_express, flytrap_flask, flytrap_react) in
# small apps and records exactly what they POST, into ../resources/original-sdks/. Their code is not in this repository
# and not on npm or PyPI: pass a folder holding checkouts of the four repositories (flytrap_javascript/,
# flytrap_express/, flytrap_flask/, flytrap_react/). Needs node + npm (esbuild, axios, ua-parser-js, express 4,
# react + react-dom 18 are installed into a temp folder, the versions the SDKs' package.json and lock files ask for),
# /usr/bin/chromium and Debian's /usr/bin/python3 with python3-flask and python3-requests.
#   functions/src/test/original-sdks/capture.sh /path/to/getflytrap-checkouts
set -euo pipefail
checkouts=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/original-sdks"
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
port=18765

(cd "$work" && echo '{"private": true}' > package.json \
  && npm install --silent --no-audit --no-fund axios@1.7.7 ua-parser-js@2.0.0 express@4.21.1 esbuild@0.28 \
     react@18.3.1 react-dom@18.3.1 >/dev/null)
mkdir -p "$work/build" "$work/web/react" "$work/app" "$work/flaskapp"
# the sources import axios etc. from their own node_modules, which a bare checkout lacks: point esbuild at ours
export NODE_PATH="$work/node_modules"
"$work/node_modules/.bin/esbuild" "$checkouts/flytrap_express/src/index.ts" --bundle --platform=node --format=cjs \
  --outfile="$work/build/express.cjs" --external:axios --external:express --log-level=warning
"$work/node_modules/.bin/esbuild" "$checkouts/flytrap_javascript/src/index.ts" --bundle --platform=browser \
  --format=iife --global-name=FlytrapOriginal --outfile="$work/web/flytrap.js" --log-level=warning
# the React app and the SDK's source (its tsconfig says jsx: react-jsx) in one bundle with React's production build
"$work/node_modules/.bin/esbuild" "$here/react/app.jsx" --bundle --platform=browser --format=iife --jsx=automatic \
  --define:process.env.NODE_ENV='"production"' --alias:flytrap_react="$checkouts/flytrap_react/src/index.ts" \
  --outfile="$work/web/react/app.js" --log-level=warning
cp "$here/browser/index.html" "$here/browser/app.js" "$work/web/"
cp "$here/react/index.html" "$work/web/react/"
cp "$here/express/shop.js" "$work/app/"
cp "$here/flask/shop.py" "$work/flaskapp/"

rm -rf "$out" && mkdir -p "$out"
CAPTURING=sdk /usr/bin/python3 "$here/capture_server.py" $port "$out" "$work/web" &
server=$!
sleep 1

# each run gets its own file prefix through CAPTURING, read by the server at each POST: restart it per SDK
capture() {
  kill "$server"; wait "$server" 2>/dev/null || true
  CAPTURING=$1 /usr/bin/python3 "$here/capture_server.py" $port "$out" "$work/web" & server=$!
  sleep 1
}
capture flytrap_express
(cd "$work/app" && ORIGINAL_SDK="$work/build/express.cjs" node shop.js) || true
capture flytrap_javascript
timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --virtual-time-budget=8000 --dump-dom \
  "http://127.0.0.1:$port/index.html" >/dev/null 2>&1
capture flytrap_flask
(cd "$work/flaskapp" && ORIGINAL_SDK="$checkouts/flytrap_flask" /usr/bin/python3 shop.py >/dev/null 2>&1) || true
sleep 1
capture flytrap_react
timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --virtual-time-budget=15000 --dump-dom \
  "http://127.0.0.1:$port/react/index.html" >/dev/null 2>&1
sleep 1

for repo in flytrap_javascript flytrap_express flytrap_flask flytrap_react; do
  echo "$repo $(git -C "$checkouts/$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
done > "$out/COMMITS"
ls "$out"
