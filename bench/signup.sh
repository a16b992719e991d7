#!/usr/bin/env bash
# Signup over real HTTP, with the Persona emulator in its own process on its own port, so its
# CPU and time are not PawPass's. Each run starts both on a fresh database.
#   bench/signup.sh                  # SQLite
#   PG=1 bench/signup.sh             # also PostgreSQL (the server on 127.0.0.1:5432)
# Per run it measures, one request at a time (no queueing):
#   - the emulator's own "create inquiry" (the same call PawPass makes), E;
#   - a whole signup as the browser sees it (form post → 303 to the Hosted Flow), L;
#   - PawPass's server-side work per signup, L − E (medians);
# then signups per second with CONC walkers signing up at once.
# BEFORE=/path/to/an/older/pawpass adds that build (as PawPass; the emulator stays this build's)
# to every round, labelled before-<engine>: before/after in one run.
# Env: RUNS (3) N (300 requests per latency sample) SECS (8) CONC (16).
# Needs `scripts/build.sh --release` first.
set -euo pipefail
# The server under test runs in development mode: its built-in emulator, on loopback only.
export PAWPASS_ENV=development
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${RUNS:-3}; N=${N:-300}; SECS=${SECS:-8}; CONC=${CONC:-16}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
OUT=${OUT:-/tmp/pawpass-signup-bench.txt}
PAWPASS="$ROOT/target/release/pawpass"
[ -x "$PAWPASS" ] || { echo "build first: scripts/build.sh --release" >&2; exit 1; }
WORK=$(mktemp -d)
APP_PORT=18089; EMU_PORT=18091
SECRET=wbhsec_signup_benchmark
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT
: > "$OUT"

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }
fresh_pg() { psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $1" -qc "CREATE DATABASE $1" >/dev/null; echo "$PG_SERVER/$1"; }

run() { # label database-url [pawpass-binary]
  PERSONA_WEBHOOK_SECRETS=$SECRET RUST_LOG=warn "$PAWPASS" emulator --addr "127.0.0.1:$EMU_PORT" \
    --webhook-url "http://127.0.0.1:$APP_PORT/webhooks/persona" --rate-limit 100000000 --quota 100000000 \
    >/dev/null 2>&1 & PIDS+=($!)
  (cd "$ROOT" && DATABASE_URL="$2" RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$APP_PORT" \
     PUBLIC_BASE_URL="http://127.0.0.1:$APP_PORT" PERSONA_API_KEY=persona_sandbox_emulator \
     PERSONA_API_BASE="http://127.0.0.1:$EMU_PORT/api/v1" \
     PERSONA_HOSTED_FLOW_URL="http://127.0.0.1:$EMU_PORT/verify" \
     PERSONA_INQUIRY_TEMPLATE_ID=itmpl_emulator_kyc PERSONA_WEBHOOK_SECRETS=$SECRET \
     RATE_LIMIT_SIGNUPS_PER_MINUTE=100000000 exec "${3:-$PAWPASS}") >/dev/null 2>&1 & PIDS+=($!)
  local app_pid=$!
  wait_up "http://127.0.0.1:$EMU_PORT/api/v1/inquiries"
  wait_up "http://127.0.0.1:$APP_PORT/health"
  python3 "$ROOT/bench/signup_load.py" "$1" "$APP_PORT" "$EMU_PORT" "$N" "$SECS" "$CONC" \
    "$(awk '/VmRSS/{print $2}' /proc/$app_pid/status)" "$app_pid" | tee -a "$OUT"
  stop_all
}

for i in $(seq "$RUNS"); do
  run sqlite "sqlite://$WORK/signup-$i.db?mode=rwc"
  [ -n "${BEFORE:-}" ] && run before-sqlite "sqlite://$WORK/before-$i.db?mode=rwc" "$BEFORE"
  if [ -n "${PG:-}" ]; then
    run postgres "$(fresh_pg pawpass_signup_bench)"
    [ -n "${BEFORE:-}" ] && run before-postgres "$(fresh_pg pawpass_signup_bench)" "$BEFORE"
  fi
done

python3 - "$OUT" <<'PY'
import sys, statistics as st
rows = [dict(kv.split('=', 1) for kv in l.split()) for l in open(sys.argv[1]) if l.strip()]
print("\nengine    metric                          median     min..max         spread")
for engine in dict.fromkeys(r['engine'] for r in rows):
    rs = [r for r in rows if r['engine'] == engine]
    for m in ['persona_p50_ms', 'signup_p50_ms', 'signup_p99_ms', 'server_p50_ms', 'signups_per_s',
              'loaded_p50_ms', 'loaded_p99_ms', 'errors', 'rss_peak_kb']:
        v = [float(r[m]) for r in rs]
        md = st.median(v)
        spread = (max(v) - min(v)) / md * 100 if md else 0
        print(f"{engine:9} {m:30} {md:9.2f}  {min(v):8.2f}..{max(v):<8.2f} {spread:5.1f}%")
PY
