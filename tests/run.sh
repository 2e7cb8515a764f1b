#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first.
# This is the README's test command and what CI (.ci/run) calls.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"

say "tools"
need_build_tools
need_browser
need_npm

say "format"
cargo fmt --all -- --check

say "clippy, native"
cargo clippy --locked --all-targets -- -D warnings

say "clippy, wasm32"
cargo clippy --locked --target wasm32-unknown-unknown --lib -- -D warnings

say "native tests: unit, behaviour, golden fixtures, properties, doctests"
cargo test --locked

say "package"
build_pkg

say "wasm tests in headless Chromium"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release -- --test web

say "TypeScript check of the generated types"
node "$ROOT/tests/js/check-types.mjs"
(cd tests/js && npx --no-install tsc --noEmit -p .)

say "Node: initSync and validateDraft"
node "$ROOT/tests/js/node-smoke.mjs"

say "the page: end-to-end tests in headless Chromium (playwright-core)"
(cd "$ROOT/tests/e2e" && { npm ls --silent >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; })
node "$ROOT/tests/e2e/run.mjs"

say "size"
size_report

say "all tests passed"
