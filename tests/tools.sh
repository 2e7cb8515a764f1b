#!/usr/bin/env bash
# Installs what the build and the tests need when it is missing, and builds pkg/.
# Sourced by tests/run.sh, tests/bench.sh and www/serve.sh; every step is idempotent
# so that a fresh machine (or CI) gets the same tools as a developer's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
WASM=$ROOT/pkg/entitlement_policy_bg.wasm

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# The wasm-bindgen version pinned in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

need_rust_tools() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  for c in rustfmt clippy; do
    rustup component list --installed | grep -q "^$c" || rustup component add "$c"
  done
  command -v wasm-pack >/dev/null || cargo install wasm-pack --locked
  local v
  v=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -qF " $v"; then
    # --locked first; when the registry lacks a locked dependency, resolve afresh.
    cargo install wasm-bindgen-cli --version "=$v" --locked --force ||
      cargo install wasm-bindgen-cli --version "=$v" --force
  fi
}

# Debian packages, given as package:binary pairs; installs the missing ones.
need_debian() {
  local missing=() pair
  for pair in "$@"; do
    [ -x "${pair#*:}" ] || missing+=("${pair%%:*}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_build_tools() {
  need_rust_tools
  need_debian brotli:/usr/bin/brotli
  need_npm
}

need_browser() {
  need_debian chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver
}

# npm projects of the tests, each installed from its lockfile when its node_modules is not.
need_npm_project() {
  (cd "$ROOT/$1" && { npm ls --silent >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; })
}

need_npm() {
  need_npm_project tests/js
}

# The consumer projects' tools (Vite 8/7/6, webpack, esbuild, TypeScript 7/5, publint,
# arethetypeswrong, playwright-core): one install that every scenario shares.
need_consumer_tools() {
  need_npm_project tests/consumers
}

# Builds pkg/, the npm package: wasm-bindgen's glue and .wasm, the .wasm optimised by
# binaryen's wasm-opt -O3 (as small as -Oz after brotli, and faster; npm's binaryen,
# since Debian's wasm-opt 108 breaks the externref table of current wasm-bindgen), then
# the package's entries, types and package.json (src/bindings/npm/assemble.mjs).
build_pkg() {
  (cd "$ROOT" && wasm-pack --quiet build --target web --release --out-dir pkg --no-pack)
  "$ROOT/tests/js/node_modules/.bin/wasm-opt" -O3 --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$WASM.opt" "$WASM"
  mv "$WASM.opt" "$WASM"
  node "$ROOT/src/bindings/npm/assemble.mjs" "$ROOT/pkg" "$ROOT/tests/js/node_modules/.bin/esbuild"
}

# Prints the .wasm size raw, gzip -9 and brotli; fails above the budget.
size_report() {
  local budget_kib=200 raw gz br
  raw=$(stat -c %s "$WASM")
  gz=$(gzip -9 -c "$WASM" | wc -c)
  br=$(brotli -c -q 11 "$WASM" | wc -c)
  awk -v r="$raw" -v g="$gz" -v b="$br" -v k="$budget_kib" 'BEGIN {
    printf "pkg/entitlement_policy_bg.wasm: raw %d B (%.1f KiB), gzip -9 %d B (%.1f KiB), brotli %d B (%.1f KiB); budget %d KiB brotli\n", r, r/1024, g, g/1024, b, b/1024, k }'
  if [ "$br" -gt $((budget_kib * 1024)) ]; then
    echo "FAIL: the .wasm is above ${budget_kib} KiB brotli" >&2
    return 1
  fi
}

# Packs pkg/ with `npm pack` into target/npm/ and prints the tarball's absolute path.
pack_pkg() {
  local out=$ROOT/target/npm name
  mkdir -p "$out"
  rm -f "$out"/*.tgz
  name=$(cd "$ROOT/pkg" && npm pack --silent --pack-destination "$out" | tail -n 1)
  echo "$out/$name"
}
