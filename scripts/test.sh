#!/usr/bin/env bash
# The whole test suite: unit and integration tests on SQLite and on PostgreSQL, then a release
# build driven end to end by Playwright in Debian's Chromium. Installs what it needs first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$ROOT/.tools/binaryen/node_modules/.bin:$PATH"
# The same flag cargo-leptos uses for debug builds, so tests reuse its compiled dependencies.
export RUSTFLAGS="--cfg erase_components"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "end-to-end prerequisites (Chromium, Playwright)"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)

step "unit and integration tests on SQLite, and the Persona emulator's own suite"
# --workspace: crates/persona and crates/persona-emulator (its conformance suite and binary
# journey) run beside the app's tests.
PAWPASS_TEST_DATABASE=sqlite cargo test --workspace --features ssr

step "the emulator against Persona's own spec (schemathesis) and a third-party client (about a minute)"
bash scripts/conformance.sh

step "integration tests on PostgreSQL"
PG_SERVER="${PAWPASS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  # This kind of machine runs PostgreSQL; start it if it stopped.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
# PostgreSQL is required here: if it cannot be reached the suite fails rather than skipping.
psql "$PG_SERVER/postgres" -qAtc "SELECT 1" >/dev/null
# Test databases are named pawpass_test_<unix time>_…; drop those of runs over an hour old
# (a run in progress elsewhere on this server keeps its own).
cutoff=$(( $(date +%s) - 3600 ))
psql "$PG_SERVER/postgres" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE 'pawpass_test_%'" \
  | while read -r db; do
      created=$(echo "$db" | cut -d_ -f3)
      if [[ "$created" =~ ^[0-9]+$ ]] && [ "$created" -lt "$cutoff" ] || ! [[ "$created" =~ ^[0-9]{10}$ ]]; then
        psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
      fi
    done
PAWPASS_TEST_DATABASE=postgres PAWPASS_TEST_POSTGRES_URL="$PG_SERVER" cargo test --features ssr --test api

step "release build"
# Release builds use no extra flags (erase_components is a debug-build speed-up).
env -u RUSTFLAGS cargo leptos build --release

step "end-to-end tests in Chromium"
E2E_DIR="$(mktemp -d)"
export DATABASE_URL="sqlite://$E2E_DIR/e2e.db?mode=rwc"
export E2E_OPERATOR="e2e-operator"
E2E_OPERATOR_PASSWORD="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export E2E_OPERATOR_PASSWORD
printf '%s' "$E2E_OPERATOR_PASSWORD" | target/release/pawpass operator add "$E2E_OPERATOR"
(cd end2end && npx playwright test)
rm -rf "$E2E_DIR"
echo "screenshots: end2end/screenshots/"
