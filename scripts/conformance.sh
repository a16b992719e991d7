#!/usr/bin/env bash
# Conformance of the Persona emulator (crates/persona-emulator) with Persona itself, checked by
# tools nobody here wrote:
#   1. schemathesis fuzzes the inquiry and account operations PawPass uses, driven by Persona's
#      own OpenAPI spec (docs/persona/openapi/2025-12-08/openapi-bundled.yaml): every response
#      must be a documented status with the documented content type and body schema, and no
#      input may ever produce a 5xx;
#   2. scripts/conformance/third_party.py talks to the same emulator the way a Python service
#      written only from Persona's public docs would (old and new API versions, snake and camel
#      keys, a webhook receiver verifying Persona-Signature).
# Exits non-zero on the first failing step. Needs python3.11 (or python3) and cargo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HERE="$ROOT/scripts/conformance"
SPEC="$ROOT/docs/persona/openapi/2025-12-08/openapi-bundled.yaml"
VENV="$ROOT/.tools/conformance-venv"
API_KEY="persona_sandbox_emulator" # the emulator's default key (README "Defaults")
SEED="${CONFORMANCE_SEED:-20251208}"
MAX_EXAMPLES="${CONFORMANCE_MAX_EXAMPLES:-25}"
START=$(date +%s)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Python tools (.tools/conformance-venv, pinned in scripts/conformance/requirements.txt)"
PYTHON="$(command -v python3.11 || command -v python3)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
WANT="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  echo "$WANT" >"$VENV/.requirements.sha256"
else
  echo "already installed: $("$VENV/bin/schemathesis" --version)"
fi

# `pawpass emulator` is the standalone emulator. PAWPASS_BIN names a binary already built
# (scripts/test.sh passes its own); otherwise it is built here with scripts/build.sh's command.
if [ -n "${PAWPASS_BIN:-}" ]; then
  PAWPASS="$PAWPASS_BIN"
else
  step "build the standalone emulator (pawpass emulator)"
  RUSTFLAGS="${RUSTFLAGS:---cfg erase_components}" \
    cargo build --bin pawpass --no-default-features --features ssr
  PAWPASS="${CARGO_TARGET_DIR:-$ROOT/target}/debug/pawpass"
fi
[ -x "$PAWPASS" ] || { echo "no pawpass binary at $PAWPASS" >&2; exit 1; }

step "start it on a free loopback port"
WORK="$(mktemp -d)"
EMU_PID=""
cleanup() {
  if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
# No default webhook (third_party.py registers its own receiver through /_control/webhooks);
# rate limit and creation quota far above what the fuzzer sends, so 429s do not hide answers;
# the KYC workflow's automatic approval is put off for an hour, so an inquiry driven to
# `completed` stays there for the whole run (the fuzzer then sees every status deterministically).
PERSONA_WEBHOOK_SECRETS=wbhsec_conformance RUST_LOG="${RUST_LOG:-warn}" "$PAWPASS" emulator \
  --addr "127.0.0.1:$PORT" --webhook-url "" --rate-limit 1000000 --quota 1000000 \
  --approve-after-ms 3600000 >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null -H "Authorization: Bearer $API_KEY" "$BASE/api/v1/inquiries?page%5Bsize%5D=1" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$EMU_PID" 2>/dev/null; then
    cat "$WORK/emulator.log" >&2
    echo "the emulator exited before answering" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS -o /dev/null -H "Authorization: Bearer $API_KEY" "$BASE/api/v1/inquiries" \
  || { cat "$WORK/emulator.log" >&2; echo "the emulator does not answer at $BASE" >&2; exit 1; }
echo "emulator (pid $EMU_PID) at $BASE"

step "schemathesis: Persona's spec against the emulator (seed $SEED, $MAX_EXAMPLES examples per operation)"
# The operations PawPass and its users need (selected by operationId); everything else in the
# spec (cases, reports, transactions, ...) is not emulated. Per-operation exceptions, each with
# its reason, are in scripts/conformance/schemathesis.toml.
OPERATIONS=(
  create-an-inquiry retrieve-an-inquiry list-all-inquiries update-an-inquiry redact-an-inquiry
  resume-an-inquiry approve-an-inquiry decline-an-inquiry mark-an-inquiry-for-review
  expire-an-inquiry generate-a-one-time-link inquiries-perform-simulate-actions
  list-all-accounts retrieve-an-account redact-an-account
)
# One worker: the run stays reproducible for a seed, and with two, Hypothesis sometimes failed
# inside its own code (`SystemError: AST constructor recursion depth mismatch` while describing
# a strategy), an error of the tool rather than of the emulator.
INCLUDE=()
for op in "${OPERATIONS[@]}"; do INCLUDE+=(--include-operation-id "$op"); done
export CONFORMANCE_BASE="$BASE" CONFORMANCE_API_KEY="$API_KEY"
# hooks.py swaps some generated ids and bodies for real ones (see its docstring).
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1
set +e
"$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" run "$SPEC" \
  --url "$BASE/api/v1" \
  "${INCLUDE[@]}" \
  --header "Authorization: Bearer $API_KEY" \
  --header "Persona-Version: 2025-12-08" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "$MAX_EXAMPLES" --seed "$SEED" --generation-database none \
  --workers 1 --request-timeout 10 --no-color \
  --report junit --report-dir "$ROOT/.tools/conformance-report"
SCHEMATHESIS=$?
set -e
if [ "$SCHEMATHESIS" -ne 0 ]; then
  echo "schemathesis found non-conformance (exit $SCHEMATHESIS); emulator log tail:" >&2
  tail -n 30 "$WORK/emulator.log" >&2
  exit "$SCHEMATHESIS"
fi

step "third_party.py: a Python integration written from Persona's docs"
"$VENV/bin/python" "$HERE/third_party.py" --base "$BASE" --api-key "$API_KEY"

step "done in $(( $(date +%s) - START )) s"
