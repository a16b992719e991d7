#!/usr/bin/env bash
# /signup on a slow phone connection (Lighthouse's "mobileSlow4G": 150 ms RTT, 1.6 Mbps down,
# 750 kbps up as DevTools applies it, CPU slowed 4x), for the development and the release build:
# first contentful paint, when the form is usable, when the island has hydrated, bytes by kind,
# and layout shift (all of it, and what the island's waking moved). Medians over RUNS.
#
#   bench/slow-network.sh                 # both builds, development first
#   BUILDS=release bench/slow-network.sh  # one of them
#   RUNS=5 (default)  PORT=18095 (default)
#
# Each build is made (or found up to date) with scripts/build.sh first: both write the same
# target/site, so the site served is always the one of the binary measured. The development
# build is made last again, so target/site is left as scripts/run.sh and the tests expect it.
# Needs scripts/setup.sh test (Chromium, Playwright). Prints the table BENCHMARKS.md carries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILDS=${BUILDS:-"dev release"}
RUNS=${RUNS:-5}
PORT=${PORT:-18095}
OUT=${OUT:-/tmp/pawpass-slow-network.txt}
WORK=$(mktemp -d)
SERVER=""
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap 'stop; rm -rf "$WORK"' EXIT
: > "$OUT"

for build in $BUILDS; do
  case "$build" in
    dev) bash scripts/build.sh >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }; BIN=target/debug/pawpass ;;
    release) bash scripts/build.sh --release >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }; BIN=target/release/pawpass ;;
    *) echo "unknown build $build (dev, release)" >&2; exit 2 ;;
  esac
  echo "== $build: $(tail -n1 "$WORK/build.log")"
  # A server left on the port would answer instead of this build's: refuse to measure it.
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/health"; then echo "port $PORT is taken" >&2; exit 1; fi
  DATABASE_URL="sqlite://$WORK/$build.db?mode=rwc" PAWPASS_ENV=development RUST_LOG=warn \
    LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site "$BIN" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" || { cat "$WORK/server.log"; exit 1; }
  kill -0 "$SERVER" 2>/dev/null || { echo "the $build server exited:"; cat "$WORK/server.log"; exit 1; }
  (cd end2end && node perf/slow-network.mjs "http://127.0.0.1:$PORT" "$RUNS" "$build") | tee -a "$OUT"
  stop
done
if [[ " $BUILDS " == *" release "* ]]; then bash scripts/build.sh >/dev/null 2>&1; fi

# The medians as a Markdown table.
python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"median"' in l]
kb = lambda b: f"{b / 1024:,.0f}"
print("\n| build | FCP | form usable | hydrated | CLS (all / at wake) | HTML KB | CSS KB | JS KB | wasm KB | total KB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    m, b = r["median"], r["median"]["bytes"]
    print(f"| {r['label']} | {m['fcp']/1000:.2f} s | {m['usable']/1000:.2f} s | {m['hydrated']/1000:.2f} s "
          f"| {m['cls']:.3f} / {m['clsAtWake']:.3f} | {kb(b['html'])} | {kb(b['css'])} | {kb(b['js'])} "
          f"| {kb(b['wasm'])} | {kb(m['total'])} |")
print(f"\nmedians of {rows[0]['runs'] if rows else 0} runs; every run: {sys.argv[1]}")
PY
