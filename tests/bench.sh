#!/usr/bin/env bash
# Benchmarks through the wasm package in Node (medians; rerun for a second sample).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
need_build_tools
build_pkg
need_consumer_tools
need_browser
node "$ROOT/tests/consumers/bench.mjs"
node "$ROOT/tests/js/bench.mjs"
need_npm_project tests/e2e
node "$ROOT/tests/e2e/bench-page.mjs"
node --max-old-space-size=8192 "$ROOT/tests/js/bench-tenant.mjs"
size_report
