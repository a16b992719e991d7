#!/usr/bin/env bash
# Builds PawPass and serves it at http://127.0.0.1:3000 on its embedded defaults: a SQLite file in
# data/ and the built-in Persona emulator (no key, no network). Installs the build tools first
# when this machine lacks them (once; see scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$ROOT/.tools/binaryen/node_modules/.bin:$PATH"
cargo leptos build --release
PAWPASS_ENV="${PAWPASS_ENV:-development}" exec target/release/pawpass serve
