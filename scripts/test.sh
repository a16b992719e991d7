#!/usr/bin/env bash
# The whole suite: unit and integration tests on SQLite and on PostgreSQL, the Persona emulator's
# own suite and its conformance with Persona's spec, and the walker and operator journeys end to
# end in Chromium. Installs what it needs first, and reuses what `scripts/run.sh` built.
#
# Two lanes run side by side once everything is compiled, because much of each is waiting
# (timers, a browser, a database) rather than computing:
#   Rust lane:   the workspace's tests on SQLite, then the API and many-instance tests on PostgreSQL
#   other lane:  the emulator against Persona's spec (schemathesis), the end-to-end journeys, a
#                PostgreSQL backup and restore, then the server built without the development
#                build's flag, as production builds it
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
START=$SECONDS

bash scripts/setup.sh test
export PATH="$(tools_path)"

step "building PawPass as scripts/run.sh does (scripts/build.sh)"
bash scripts/build.sh

# The development build's flag: the tests reuse what scripts/build.sh compiled.
export RUSTFLAGS="--cfg erase_components"
LOGS="$(mktemp -d)"
E2E_DIR="$(mktemp -d)"
trap 'rm -rf "$LOGS" "$E2E_DIR"' EXIT
# The binary scripts/run.sh serves, kept aside: the conformance check and the browser journeys
# run it while the test build (whose dev-dependencies change a few crates' features) replaces
# target/debug/pawpass, and that lane never waits on cargo.
export PAWPASS_BIN="$LOGS/pawpass"
cp target/debug/pawpass "$PAWPASS_BIN"

step "building the tests (about 4 minutes after a cold scripts/run.sh, seconds when warm)"
# The app's tests and the Persona crates' own tests build apart: in one `--workspace` build the
# crates' dev-dependencies would change the features of more crates the server shares, and cargo
# would compile those again instead of reusing scripts/build.sh's.
( cargo test --features ssr --no-run && cargo test -p persona -p persona-emulator --no-run ) \
  >"$LOGS/build" 2>&1 &
watch_builds tests $! "$LOGS/build"

PG_SERVER="${PAWPASS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  # This kind of machine runs PostgreSQL; start it if it stopped.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
# PostgreSQL is required: if it cannot be reached the suite fails rather than skipping.
psql "$PG_SERVER/postgres" -qAtc "SELECT 1" >/dev/null
# Test databases are named pawpass_test_<unix time>_…; drop those of runs over an hour old
# (a run in progress elsewhere on this server keeps its own).
cutoff=$(( $(date +%s) - 3600 ))
psql "$PG_SERVER/postgres" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE 'pawpass_test_%'" \
  | while read -r db; do
      created=$(echo "$db" | cut -d_ -f3)
      if ! [[ "$created" =~ ^[0-9]{10}$ ]] || [ "$created" -lt "$cutoff" ]; then
        psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
      fi
    done

rust_lane() {
  step "the Persona client's and the Persona emulator's own suites"
  cargo test -p persona -p persona-emulator
  step "unit and integration tests on SQLite"
  PAWPASS_TEST_DATABASE=sqlite cargo test --features ssr
  step "integration tests on PostgreSQL, and three instances sharing one database"
  export PAWPASS_TEST_DATABASE=postgres PAWPASS_TEST_POSTGRES_URL="$PG_SERVER"
  cargo test --features ssr --test api
  cargo test --features ssr --test many_instances -- --nocapture  # prints its counts
}

other_lane() {
  step "the emulator against Persona's own spec (schemathesis) and a third-party client"
  bash scripts/conformance.sh
  step "end-to-end journeys in Chromium"
  export DATABASE_URL="sqlite://$E2E_DIR/e2e.db?mode=rwc"
  export E2E_OPERATOR="e2e-operator"
  E2E_OPERATOR_PASSWORD="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export E2E_OPERATOR_PASSWORD
  printf '%s' "$E2E_OPERATOR_PASSWORD" | "$PAWPASS_BIN" operator add "$E2E_OPERATOR"
  (cd end2end && npx playwright test)
  echo "screenshots: end2end/screenshots/"
  step "a PostgreSQL backup restored into a fresh database, migrated and smoke-checked"
  PAWPASS_TEST_POSTGRES_URL="$PG_SERVER" bash scripts/backup-restore-check.sh
  step "the server compiled as production builds it, without erase_components"
  # Everything above runs the development build's flag, which types views as AnyView; the
  # release build types each as its whole element tree, which once overflowed rustc's limits
  # while no test noticed. A debug build without the flag hits the same limits in a fraction
  # of the release build's time; its own target directory keeps the flagged artefacts intact,
  # and without debug info it takes 1.3 GB instead of 18.
  env -u RUSTFLAGS CARGO_TARGET_DIR="$ROOT/target/plain" CARGO_PROFILE_DEV_DEBUG=0 \
    cargo build --bin pawpass --no-default-features --features ssr --quiet
}

step "running the two lanes side by side (about 5 minutes; each lane's output follows when it ends)"
rust_lane >"$LOGS/rust" 2>&1 &
RUST_PID=$!
other_lane >"$LOGS/other" 2>&1 &
OTHER_PID=$!
status=0
# Progress: passing tests (cargo's "... ok", Playwright's "✓") counted a minute at a time.
WATCH_COUNT=' ok$\|✓' WATCH_WHAT="passed" WATCH_QUIET_FAIL=1 \
  watch_builds "Rust lane" "$RUST_PID" "$LOGS/rust" "other lane" "$OTHER_PID" "$LOGS/other" \
  || status=1
cat "$LOGS/other" "$LOGS/rust"
if [ "$status" = 0 ]; then
  step "all green in $(( (SECONDS - START) / 60 )) min $(( (SECONDS - START) % 60 )) s"
else
  step "FAILED after $(( (SECONDS - START) / 60 )) min (the failing lane's output is above)"
fi
exit $status
