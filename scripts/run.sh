#!/usr/bin/env bash
# Builds PawPass and serves it at http://127.0.0.1:3000 on its embedded defaults: a SQLite file in
# data/ and the built-in Persona emulator (no key, no network). Installs the build tools first when
# this machine lacks them (once; see scripts/setup.sh).
#
#   scripts/run.sh            a development build: the quickest to a first page (about 7 minutes
#                             on a fresh machine, seconds after that)
#   scripts/run.sh --release  the production build (fat LTO): slower to build, smaller and faster
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh "$@"
BIN=target/debug/pawpass
[ "${1:-}" = --release ] && BIN=target/release/pawpass
echo "serving PawPass at http://127.0.0.1:3000/signup (Ctrl-C stops it)"
PAWPASS_ENV="${PAWPASS_ENV:-development}" exec "$BIN" serve
