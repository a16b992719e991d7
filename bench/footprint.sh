#!/usr/bin/env bash
# Footprint of the release build: binary and wasm sizes, time from start to the first answered
# request on a fresh SQLite file (all migrations run), and idle RSS.
#   bench/footprint.sh        Env: RUNS (5). Needs `scripts/build.sh --release` first.
set -euo pipefail
# The server under test runs in development mode: its built-in emulator, on loopback only.
export PAWPASS_ENV=development
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/target/release/pawpass"
# scripts/build.sh writes pawpass_bg.wasm (wasm-bindgen's name); cargo-leptos renames it pawpass.wasm.
WASM="$(ls -t "$ROOT"/target/site/pkg/pawpass_bg.wasm "$ROOT"/target/site/pkg/pawpass.wasm 2>/dev/null | head -n1)"
RUNS=${RUNS:-5}; PORT=${PORT:-18095}
[ -x "$BIN" ] || { echo "build first: scripts/build.sh --release" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
printf 'release binary   %6.1f MB\n' "$(echo "$(stat -c %s "$BIN") / 1000000" | bc -l)"
printf 'hydrate wasm     %6.1f KB raw, %.1f KB gzip -9\n' "$(echo "$(stat -c %s "$WASM") / 1000" | bc -l)" \
  "$(echo "$(gzip -9 -c "$WASM" | wc -c) / 1000" | bc -l)"
for i in $(seq "$RUNS"); do
  start=$(date +%s%N)
  (cd "$ROOT" && DATABASE_URL="sqlite://$WORK/cold-$i.db?mode=rwc" RUST_LOG=warn \
     LEPTOS_SITE_ADDR="127.0.0.1:$PORT" exec "$BIN") >/dev/null 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.005; done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "run $i: first answer after ${ready} ms, idle RSS $((rss / 1024)) MB"
done
