#!/usr/bin/env bash
# Issue 13's boundary measurement: the engine built with three ways of crossing the
# JavaScript boundary (ours: JSON.stringify + our parser, our writer + JSON.parse;
# serde-wasm-bindgen both ways; JSON text through serde_json), each optimised as
# pkg/ is, then timed side by side in one Node process with the .wasm sizes.
set -euo pipefail
source "$(dirname "$0")/../tools.sh"
need_build_tools
OUT=$ROOT/target/boundary
OPT=$ROOT/tests/js/node_modules/.bin/wasm-opt
# The other two boundaries were deleted after this measurement; they are built from
# the last commit that had them (behind the features boundary-<name>), today's
# engine from the checkout.
MEASURED_AT=708daad
SRC=$OUT/src
[ -d "$SRC" ] || git -C "$ROOT" worktree add --detach "$SRC" "$MEASURED_AT" >/dev/null
for variant in ours serde-wasm-bindgen serde-json; do
  if [ "$variant" = ours ]; then
    dir=$ROOT features=()
  else
    dir=$SRC features=(--features "boundary-$variant")
  fi
  (cd "$dir" && CARGO_TARGET_DIR=$ROOT/target cargo build --quiet --release --lib --target wasm32-unknown-unknown "${features[@]}")
  rm -rf "${OUT:?}/$variant"
  wasm-bindgen --target web --out-dir "$OUT/$variant" "$ROOT/target/wasm32-unknown-unknown/release/entitlement_policy.wasm"
  "$OPT" -O3 --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$OUT/$variant/entitlement_policy_bg.wasm" "$OUT/$variant/entitlement_policy_bg.wasm"
  brotli -f -q 11 -o "$OUT/$variant/entitlement_policy_bg.wasm.br" "$OUT/$variant/entitlement_policy_bg.wasm"
done
node --max-old-space-size=8192 "$ROOT/tests/js/bench-boundary.mjs" "$OUT" ours serde-wasm-bindgen serde-json
