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

say "package: build pkg/ and pack it (tests/pack.sh)"
TARBALL=$("$ROOT/tests/pack.sh" | tail -n 1)
echo "$TARBALL"

say "wasm tests in headless Chromium"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release -- --test web

say "TypeScript check of the generated types"
node "$ROOT/tests/js/check-types.mjs"
(cd tests/js && npx --no-install tsc --noEmit -p .)

say "Node: the package's Node entry on good and bad input"
node "$ROOT/tests/js/node-smoke.mjs"

say "consumer projects: the tarball in Node, TypeScript, Vite, webpack, esbuild and a plain page"
need_consumer_tools
node "$ROOT/tests/consumers/run.mjs" "$TARBALL"

say "the page: end-to-end tests in headless Chromium (playwright-core)"
need_npm_project tests/e2e
node "$ROOT/tests/e2e/run.mjs"

say "size"
size_report

say "all tests passed"
