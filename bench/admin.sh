#!/usr/bin/env bash
# Server time of the operators' console over real HTTP, on a seeded database.
#   bench/admin.sh sqlite|postgres [WALKERS] [EVENTS]     (defaults 100000 and 1000000)
# Needs a release build (scripts/build.sh --release). Prints p50/p95 per page in ms.
# BEFORE=/path/to/older/pawpass: that binary and this one take turns on the same seeded database.
set -euo pipefail
# The server under test runs in development mode: its built-in emulator, on loopback only.
export PAWPASS_ENV=development
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ENGINE="${1:-sqlite}"; WALKERS="${2:-100000}"; EVENTS="${3:-1000000}"; RUNS="${RUNS:-40}"
PORT="${BENCH_PORT:-3300}"; BASE="http://127.0.0.1:$PORT"
BIN="$ROOT/target/release/pawpass"
WORK="$(mktemp -d)"
case "$ENGINE" in
  sqlite) export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc" ;;
  postgres)
    PG="${PAWPASS_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS pawpass_bench" >/dev/null
    psql "$PG/postgres" -qc "CREATE DATABASE pawpass_bench" >/dev/null
    export DATABASE_URL="$PG/pawpass_bench" ;;
  *) echo "engine is sqlite or postgres" >&2; exit 2 ;;
esac
export RUST_LOG=warn
# Seeded inquiries do not exist in the emulator; keep the reconciliation sweep out of the figures.
export RECONCILE_EVERY_SECONDS=86400 RECONCILE_QUIET_SECONDS=315360000

echo "== seeding $WALKERS walkers, $EVENTS events on $ENGINE"
"$BIN" seed --walkers "$WALKERS" --events "$EVENTS"
printf '%s' 'bench-password-long' | "$BIN" operator add bench >/dev/null
# Fresh statistics and visibility maps, as autovacuum would leave them on a live database.
if [ "$ENGINE" = postgres ]; then psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null; fi
echo "persona_events: $(case "$ENGINE" in
  sqlite) python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from persona_events').fetchone()[0])" "$WORK/bench.db" ;;
  postgres) psql "$DATABASE_URL" -Atc "select count(*) from persona_events" ;;
esac)"

SERVER=""
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
start_server() { # binary
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site "$1" &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
}
start_server "$BIN"

JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" -b "$JAR" "$BASE/admin/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode username=bench --data-urlencode password=bench-password-long "$BASE/admin/login"

# A cursor ~90% of the way down the default view (newest first), for a deep page.
DEEP=$(curl -s -b "$JAR" "$BASE/admin/export.csv" | awk -F, -v n=$((WALKERS * 9 / 10)) 'NR == n + 1 { print $1 }')
case "$ENGINE" in
  sqlite) CREATED=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select created_at from walkers where id=?', (sys.argv[2],)).fetchone()[0])" "$WORK/bench.db" "$DEEP") ;;
  postgres) CREATED=$(psql "$DATABASE_URL" -Atc "select created_at from walkers where id='$DEEP'") ;;
esac
SOMEONE=$(curl -s -b "$JAR" "$BASE/admin/export.csv?size=1" | awk -F, 'NR == 4242 { print $4 }')

# Searches are posted (their text never goes into a URL); the list URL names them by id.
search() { # text -> list path
  local token
  token=$(curl -s -b "$JAR" "$BASE/admin" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$JAR" -c "$JAR" -w '%{redirect_url}' --data-urlencode "csrf_token=$token" \
    --data-urlencode "q=$1" "$BASE/admin/search" | sed "s|^$BASE||"
}

measure() { # name path
  local name="$1" path="$2" times
  for _ in 1 2 3; do curl -s -o /dev/null -b "$JAR" "$BASE$path"; done
  times=$(for _ in $(seq 1 "$RUNS"); do
    curl -s -o /dev/null -b "$JAR" -w '%{time_total}\n' "$BASE$path"; done | sort -n)
  local p50 p95
  p50=$(echo "$times" | awk -v n="$RUNS" 'NR == int(n * 0.50 + 0.5) { printf "%.1f", $1 * 1000 }')
  p95=$(echo "$times" | awk -v n="$RUNS" 'NR == int(n * 0.95 + 0.5) { printf "%.1f", $1 * 1000 }')
  printf '%-34s p50 %7s ms   p95 %7s ms\n' "$name" "$p50" "$p95"
}

run_all() { # label
  echo "== $1: $ENGINE, $WALKERS walkers, $EVENTS events, $RUNS runs each (ms, over HTTP on loopback)"
  measure "list, first page" "/admin"
  measure "list, deep page (90%)" "/admin?after=$DEEP.$CREATED"
  measure "list, needs review by name" "/admin?status=needs_review&sort=name"
  measure "search, common name" "$(search lovelace)"
  measure "search, one email (rare)" "$(search "$SOMEONE")"
  measure "search, walker id" "$(search "$DEEP")"
  measure "dashboard" "/admin/dashboard"
  START=$(date +%s.%N)
  curl -s -b "$JAR" -o "$WORK/all.csv" "$BASE/admin/export.csv"
  printf '%-34s %.1f s, %s rows\n' "export, all walkers (CSV)" "$(echo "$(date +%s.%N) - $START" | bc)" "$(($(wc -l < "$WORK/all.csv") - 1))"
}

# With BEFORE=, the two binaries take turns (before, now, before, now), so neither has the
# page cache to itself.
if [ -n "${BEFORE:-}" ]; then
  for _ in 1 2; do
    for bin in "$BEFORE" "$BIN"; do
      kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
      start_server "$bin"
      run_all "$([ "$bin" = "$BIN" ] && echo now || echo "before ($BEFORE)")"
    done
  done
else
  run_all "now"
fi
