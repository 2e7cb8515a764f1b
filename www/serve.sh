#!/usr/bin/env bash
# Builds the wasm package and serves the repository on loopback; the page is /www/.
set -euo pipefail
source "$(dirname "$0")/../tests/tools.sh"
PORT=${PORT:-8080}
need_build_tools
say "building pkg/"
build_pkg
say "serving http://127.0.0.1:$PORT/www/ (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT"
