#!/usr/bin/env bash
# Builds the npm package (pkg/) and packs it; the last line printed is the absolute path
# of the tarball, which the consumer tests (and outside checks) install.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
{
  need_build_tools
  build_pkg
} >&2
pack_pkg
