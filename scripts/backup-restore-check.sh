#!/usr/bin/env bash
# Rehearses a backup and a restore on the local PostgreSQL: a throwaway database is migrated and
# seeded, dumped with `pg_dump -Fc`, restored with `pg_restore` into a fresh database, where
# `pawpass migrate` must change nothing, the row counts must match the source's and PawPass
# must answer /health/ready. Both databases are dropped at the end, whatever happens.
#
#   cargo build --no-default-features --features ssr   # target/debug/pawpass, or set PAWPASS_BIN
#   scripts/backup-restore-check.sh
#
# PAWPASS_TEST_POSTGRES_URL names the server (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PG_SERVER="${PAWPASS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
BIN="${PAWPASS_BIN:-$ROOT/target/debug/pawpass}"
WALKERS="${WALKERS:-2000}"
EVENTS="${EVENTS:-20000}"
if [ ! -x "$BIN" ]; then
  echo "no PawPass binary at $BIN: run cargo build --no-default-features --features ssr, or set PAWPASS_BIN" >&2
  exit 1
fi

# Named like the test databases, so scripts/test.sh drops any this script leaves behind.
stamp="$(date +%s)"
SOURCE="pawpass_test_${stamp}_backup_source"
RESTORED="pawpass_test_${stamp}_backup_restored"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  for db in "$SOURCE" "$RESTORED"; do
    psql "$PG_SERVER/postgres" -qAtc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '==> %s\n' "$*"; }
count() { psql "$PG_SERVER/$1" -qAtc "SELECT COUNT(*) FROM $2"; }
TABLES="walkers inquiries persona_events persona_event_ids jobs mails audit_log"

say "source: migrate and seed $WALKERS walkers, about $EVENTS events"
psql "$PG_SERVER/postgres" -qAtc "CREATE DATABASE \"$SOURCE\""
DATABASE_URL="$PG_SERVER/$SOURCE" "$BIN" migrate >/dev/null
DATABASE_URL="$PG_SERVER/$SOURCE" "$BIN" seed --walkers "$WALKERS" --events "$EVENTS"

say "pg_dump -Fc"
started=$(date +%s%N)
pg_dump -Fc --file "$WORK/pawpass.dump" "$PG_SERVER/$SOURCE"
echo "    $(stat -c %s "$WORK/pawpass.dump") bytes in $(( ($(date +%s%N) - started) / 1000000 )) ms"

say "pg_restore into a fresh database"
psql "$PG_SERVER/postgres" -qAtc "CREATE DATABASE \"$RESTORED\""
started=$(date +%s%N)
pg_restore --exit-on-error --no-owner --dbname "$PG_SERVER/$RESTORED" "$WORK/pawpass.dump"
echo "    restored in $(( ($(date +%s%N) - started) / 1000000 )) ms"

say "pawpass migrate on the restored database changes nothing"
# Without the per-dump random key of pg_dump's \restrict lines.
schema() { pg_dump --schema-only "$PG_SERVER/$RESTORED" | grep -Ev '^\\(un)?restrict '; }
schema >"$WORK/before.sql"
applied_before="$(count "$RESTORED" _sqlx_migrations)"
DATABASE_URL="$PG_SERVER/$RESTORED" "$BIN" migrate >/dev/null
schema >"$WORK/after.sql"
applied_after="$(count "$RESTORED" _sqlx_migrations)"
if ! diff -q "$WORK/before.sql" "$WORK/after.sql" >/dev/null || [ "$applied_before" != "$applied_after" ]; then
  echo "FAILED: migrate changed the restored database" >&2
  diff "$WORK/before.sql" "$WORK/after.sql" | head -20 >&2 || true
  exit 1
fi
echo "    $applied_after migrations applied, schema unchanged"

say "row counts, source and restored"
for table in $TABLES; do
  source_rows="$(count "$SOURCE" "$table")"
  restored_rows="$(count "$RESTORED" "$table")"
  printf '    %-18s %8s %8s\n' "$table" "$source_rows" "$restored_rows"
  if [ "$source_rows" != "$restored_rows" ]; then
    echo "FAILED: $table differs" >&2
    exit 1
  fi
done
partitions="$(psql "$PG_SERVER/$RESTORED" -qAtc \
  "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'persona_events'::regclass")"
echo "    persona_events partitions restored: $partitions"

say "PawPass serves /health/ready on the restored database"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PAWPASS_ENV=development DATABASE_URL="$PG_SERVER/$RESTORED" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  RUST_LOG=warn "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=""
for _ in $(seq 1 100); do
  if ready="$(curl -fsS "http://127.0.0.1:$PORT/health/ready" 2>/dev/null)"; then break; fi
  ready=""
  sleep 0.3
done
if [ -z "$ready" ]; then
  echo "FAILED: /health/ready did not answer 200" >&2
  curl -sS "http://127.0.0.1:$PORT/health/ready" >&2 || true
  tail -20 "$WORK/server.log" >&2
  exit 1
fi
echo "$ready" | sed 's/^/    /'
echo "backup and restore: OK"
