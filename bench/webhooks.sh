#!/usr/bin/env bash
# Webhook ingest, PawPass beside the machine's ceiling, in the same run: the same closed-loop
# generator (../shared/bench/ceiling), concurrency, secret and body shape. Each run starts a
# fresh server on a fresh database. Prints every run, then medians with their spread.
# Two paths, each against the ceiling:
#   applying (the headline): every event names one of WALKERS seeded inquiries (`pawpass seed`,
#     ids read back from its database and given to the generator's --inquiries), stamped now,
#     alternating approved/declined, so PawPass applies each one: what production does.
#   unknown: events about inquiries PawPass does not know (store and flag; the cheapest path).
#   bench/webhooks.sh                 # SQLite
#   PG=1 bench/webhooks.sh            # also PostgreSQL (the server on 127.0.0.1:5432), with one
#                                     # instance and with two sharing the database (CONC split
#                                     # between them, one generator each)
# The Node peer (../shared/bench/peer-node: express + better-sqlite3) runs in the same rounds on
# SQLite. A last PawPass run per engine uses HALF_CONC connections, a load near half of what 64
# reach, for the latency there (closed loop: latency at 64 is mostly queueing).
# BEFORE=/path/to/an/older/pawpass adds that build to every round (before/after in one run).
# Env: SECS (10) RUNS (3) CONC (64) HALF_CONC (4) WALKERS (5000) UNKNOWN (1: also the unknown path)
# NODE (1: also the Node peer; 0 skips it and its `npm ci`). Needs `scripts/build.sh --release` first.
set -euo pipefail
# The server under test runs in development mode: its built-in emulator, on loopback only.
export PAWPASS_ENV=development
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CEILING_SRC="$ROOT/../shared/bench/ceiling"
export CARGO_TARGET_DIR_CEILING=${CARGO_TARGET_DIR_CEILING:-/tmp/ceiling-target}
SECS=${SECS:-10}; RUNS=${RUNS:-3}; CONC=${CONC:-64}; HALF_CONC=${HALF_CONC:-4}
WALKERS=${WALKERS:-5000}; UNKNOWN=${UNKNOWN:-1}; NODE=${NODE:-1}
PEER="$ROOT/../shared/bench/peer-node"
SECRET=wbhsec_ceiling_fixed_benchmark_secret_0123456789   # the generator's default
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
OUT=${OUT:-/tmp/pawpass-webhook-bench.txt}
WORK=$(mktemp -d)
PAWPASS=${PAWPASS:-"$ROOT/target/release/pawpass"}
[ -x "$PAWPASS" ] || { echo "build first: scripts/build.sh --release" >&2; exit 1; }
(cd "$CEILING_SRC" && CARGO_TARGET_DIR=$CARGO_TARGET_DIR_CEILING cargo build --release -q)
CEILING="$CARGO_TARGET_DIR_CEILING/release/ceiling"
[ "$NODE" = 0 ] || [ -d "$PEER/node_modules/better-sqlite3" ] || (cd "$PEER" && npm ci --no-audit --no-fund >/dev/null)
SP=""
cleanup() { [ -n "$SP" ] && kill $SP 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
: > "$OUT"

wait_up() { for _ in $(seq 100); do curl -sf "$1" >/dev/null && return; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }
fresh_pg() { psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $1" -qc "CREATE DATABASE $1" >/dev/null; echo "$PG_SERVER/$1"; }

measure() { # name url pid [conc] [inquiries-file]
  local extra=(); [ -n "${5:-}" ] && extra=(--inquiries "$5")
  local line; line=$("$CEILING" load --url "$2" --secs "$SECS" --conc "${4:-$CONC}" --kind webhook \
    --secret "$SECRET" "${extra[@]}")
  local rss; rss=$(awk '/VmHWM/{print $2}' /proc/$3/status)
  echo "scenario=$1 $line rss_peak_kb=$rss" | tee -a "$OUT"
}

ceiling_run() { # name inquiries-file serve-args...
  local name=$1 inquiries=$2; shift 2
  "$CEILING" serve --port 18088 --fresh --secret "$SECRET" "$@" 2>/dev/null & SP=$!
  wait_up http://127.0.0.1:18088/hello
  measure "$name" http://127.0.0.1:18088/webhook $SP "" "$inquiries"
  kill $SP; wait $SP 2>/dev/null || true; SP=""
}

pawpass_run() { # name database-url [conc] [binary] [inquiries-file]
  (cd "$ROOT" && DATABASE_URL="$2" PERSONA_WEBHOOK_SECRETS=$SECRET RUST_LOG=warn \
     LEPTOS_SITE_ADDR=127.0.0.1:18089 METRICS_ADDR=127.0.0.1:18091 exec "${4:-$PAWPASS}") \
     >/dev/null 2>&1 & SP=$!
  wait_up http://127.0.0.1:18089/health
  measure "$1" http://127.0.0.1:18089/webhooks/persona $SP "${3:-}" "${5:-}"
  # Events per transaction (group commit), from the histogram this run recorded, the outcome
  # mails the job worker queued and sent meanwhile (each applied event may call for one; builds
  # before the worker queued them count none queued), and the statuses copied to the walker
  # list after batches (builds before copied each in its batch and count none).
  curl -sf http://127.0.0.1:18091/metrics | awk -v s="$1" '
    /^pawpass_webhook_batch_size_sum/ {sum=$2} /^pawpass_webhook_batch_size_count/ {n=$2}
    /^pawpass_outcome_mails_queued_total/ {queued=$2}
    /^pawpass_walker_list_copied_total/ {copied=$2}
    /^pawpass_job_attempts_total\{.*kind="send_mail".*outcome="done"/ {mails=$2}
    END {if (n) printf "  %s: %d batches, %.1f events each on average; %d outcome mails queued by the worker, %d mails sent; %d statuses copied to the walker list later\n", s, n, sum/n, queued, mails, copied}' | tee -a "$OUT.batches"
  kill $SP; wait $SP 2>/dev/null || true; SP=""
}

# Two instances on one PostgreSQL database, each driven by its own generator with half the
# connections; the line written is their sum (rps, ok, errors) and the worse of each latency.
pawpass_pair_run() { # name database-url [inquiries-file]
  local extra=(); [ -n "${3:-}" ] && extra=(--inquiries "$3")
  local pids=() port
  for port in 18089 18092; do
    (cd "$ROOT" && DATABASE_URL="$2" PERSONA_WEBHOOK_SECRETS=$SECRET RUST_LOG=warn \
       LEPTOS_SITE_ADDR=127.0.0.1:$port METRICS_ADDR=127.0.0.1:$((port + 2)) exec "$PAWPASS") \
       >/dev/null 2>&1 & pids+=($!)
    wait_up "http://127.0.0.1:$port/health"
  done
  SP="${pids[*]}"
  local loads=()
  for port in 18089 18092; do
    "$CEILING" load --url "http://127.0.0.1:$port/webhooks/persona" --secs "$SECS" \
      --conc $((CONC / 2)) --kind webhook --secret "$SECRET" "${extra[@]}" > "$WORK/pair-$port" &
    loads+=($!)
  done
  wait "${loads[@]}"
  python3 - "$1" "$WORK/pair-18089" "$WORK/pair-18092" <<'PAIR' | tee -a "$OUT"
import sys
rows = [dict(kv.split('=', 1) for kv in open(f).read().split()) for f in sys.argv[2:]]
out = {}
for k, first in rows[0].items():
    try:
        v = [float(r[k]) for r in rows]
    except ValueError:  # kind=webhook and the like: the same in both
        out[k] = first
        continue
    out[k] = f"{sum(v) if k in ('ok', 'errors', 'rps') else max(v):g}"
print(f"scenario={sys.argv[1]} " + " ".join(f"{k}={v}" for k, v in out.items()) + " rss_peak_kb=0")
PAIR
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; SP=""
}

node_run() { # name database-file
  node "$PEER/server.js" --port 18090 --db "$2" --fresh --secret "$SECRET" >/dev/null 2>&1 & SP=$!
  wait_up http://127.0.0.1:18090/hello
  measure "$1" http://127.0.0.1:18090/webhook $SP
  kill $SP; wait $SP 2>/dev/null || true; SP=""
}

# The applying path's databases: seeded once per engine and per build (a build refuses a
# database another build migrated further), copied for every run. seed NAME BINARY.
: > "$OUT.batches"
seed() {
  DATABASE_URL="sqlite://$WORK/seeded-$1.db?mode=rwc" "$2" seed --walkers "$WALKERS" --events 0 >/dev/null
  sqlite3 "$WORK/seeded-$1.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  sqlite3 "$WORK/seeded-$1.db" "SELECT id FROM inquiries" > "$WORK/inquiries-sqlite-$1.txt"
  if [ -n "${PG:-}" ]; then
    DATABASE_URL=$(fresh_pg "pawpass_seeded_$1") "$2" seed --walkers "$WALKERS" --events 0 >/dev/null
    psql "$PG_SERVER/pawpass_seeded_$1" -Atc "SELECT id FROM inquiries" > "$WORK/inquiries-pg-$1.txt"
  fi
}
seed now "$PAWPASS"
[ -z "${BEFORE:-}" ] || seed before "$BEFORE"
seeded_sqlite() { # copy-name [build]
  cp "$WORK/seeded-${2:-now}.db" "$WORK/$1.db"; echo "sqlite://$WORK/$1.db?mode=rwc"
}
seeded_pg() { # database-name [build]
  psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $1" \
    -qc "CREATE DATABASE $1 TEMPLATE pawpass_seeded_${2:-now}" >/dev/null
  echo "$PG_SERVER/$1"
}

for i in $(seq "$RUNS"); do
  ceiling_run ceiling-apply-sqlite "$WORK/inquiries-sqlite-now.txt" --db "$WORK/ceiling-apply-$i.db"
  pawpass_run pawpass-apply-sqlite "$(seeded_sqlite apply-$i)" "" "" "$WORK/inquiries-sqlite-now.txt"
  if [ -n "${BEFORE:-}" ]; then
    pawpass_run before-apply-sqlite "$(seeded_sqlite before-apply-$i before)" "" "$BEFORE" \
      "$WORK/inquiries-sqlite-before.txt"
  fi
  pawpass_run pawpass-apply-sqlite-half "$(seeded_sqlite apply-half-$i)" "$HALF_CONC" "" \
    "$WORK/inquiries-sqlite-now.txt"
  if [ "$UNKNOWN" = 1 ]; then
    ceiling_run ceiling-sqlite "" --db "$WORK/ceiling-$i.db"
    pawpass_run pawpass-sqlite "sqlite://$WORK/pawpass-$i.db?mode=rwc"
    [ "$NODE" = 0 ] || node_run node-sqlite "$WORK/node-$i.db"
    if [ -n "${BEFORE:-}" ]; then
      pawpass_run before-sqlite "sqlite://$WORK/before-$i.db?mode=rwc" "" "$BEFORE"
    fi
    pawpass_run pawpass-sqlite-half "sqlite://$WORK/pawpass-half-$i.db?mode=rwc" "$HALF_CONC"
  fi
  if [ -n "${PG:-}" ]; then
    ceiling_run ceiling-apply-pg "$WORK/inquiries-pg-now.txt" --pg "$(fresh_pg ceiling_bench)"
    pawpass_run pawpass-apply-pg "$(seeded_pg pawpass_bench)" "" "" "$WORK/inquiries-pg-now.txt"
    if [ -n "${BEFORE:-}" ]; then
      pawpass_run before-apply-pg "$(seeded_pg pawpass_bench before)" "" "$BEFORE" \
        "$WORK/inquiries-pg-before.txt"
    fi
    pawpass_run pawpass-apply-pg-half "$(seeded_pg pawpass_bench)" "$HALF_CONC" "" \
      "$WORK/inquiries-pg-now.txt"
    pawpass_pair_run pawpass2-apply-pg "$(seeded_pg pawpass_bench)" "$WORK/inquiries-pg-now.txt"
    if [ "$UNKNOWN" = 1 ]; then
      ceiling_run ceiling-pg "" --pg "$(fresh_pg ceiling_bench)"
      pawpass_run pawpass-pg "$(fresh_pg pawpass_bench)"
      if [ -n "${BEFORE:-}" ]; then
        pawpass_run before-pg "$(fresh_pg pawpass_bench)" "" "$BEFORE"
      fi
      pawpass_run pawpass-pg-half "$(fresh_pg pawpass_bench)" "$HALF_CONC"
      pawpass_pair_run pawpass2-pg "$(fresh_pg pawpass_bench)"
    fi
  fi
done

python3 - "$OUT" <<'PY'
import sys, statistics as st
rows = [dict(kv.split('=', 1) for kv in l.split()) for l in open(sys.argv[1]) if l.strip()]
med = {}
print("\nscenario         metric        median       min..max            spread")
for sc in dict.fromkeys(r['scenario'] for r in rows):
    rs = [r for r in rows if r['scenario'] == sc]
    for m in ['rps', 'p50_ms', 'p99_ms', 'errors', 'rss_peak_kb']:
        v = [float(r[m]) for r in rs]
        med[(sc, m)] = st.median(v)
        spread = (max(v) - min(v)) / med[(sc, m)] * 100 if med[(sc, m)] else 0
        print(f"{sc:16} {m:12} {med[(sc, m)]:11.2f}  {min(v):9.2f}..{max(v):<9.2f}  {spread:5.1f}%")
for path, label in [('apply-', 'applying (known inquiries, every event applies)'),
                    ('', 'unknown inquiries (store and flag)')]:
    for engine in ['sqlite', 'pg']:
        sc = 'pawpass-' + path + engine
        if (sc, 'rps') not in med:
            continue
        top = med[(sc, 'rps')]
        ratio = top / med[('ceiling-' + path + engine, 'rps')] * 100
        print(f"PawPass webhook ingest, {label}, on {engine}: {ratio:.0f} % of the ceiling")
        per_round = [float(p['rps']) / float(c['rps']) * 100 for p, c in zip(
            [r for r in rows if r['scenario'] == sc],
            [r for r in rows if r['scenario'] == 'ceiling-' + path + engine])]
        print("  per round: " + ", ".join(f"{r:.0f} %" for r in per_round))
        half = (sc + '-half', 'rps')
        if half in med:
            print(f"  at {med[half] / top * 100:.0f} % of its top rate: "
                  f"p99 {med[(sc + '-half', 'p99_ms')]:.1f} ms")
        pair = ('pawpass2-' + path + engine, 'rps')
        if pair in med:
            print(f"  two instances on one database: {med[pair] / med[('ceiling-' + path + engine, 'rps')] * 100:.0f} % "
                  f"of the ceiling ({med[pair] / top:.2f} x one instance), "
                  f"p99 {med[('pawpass2-' + path + engine, 'p99_ms')]:.1f} ms")
        before = ('before-' + path + engine, 'rps')
        if before in med:
            print(f"  before: {med[before] / med[('ceiling-' + path + engine, 'rps')] * 100:.0f} %")
if ('node-sqlite', 'rps') in med:
    print(f"Node peer on sqlite: {med[('node-sqlite', 'rps')] / med[('ceiling-sqlite', 'rps')] * 100:.0f} % "
          f"of the ceiling; PawPass / Node: {med[('pawpass-sqlite', 'rps')] / med[('node-sqlite', 'rps')]:.2f}")
PY
cat "$OUT.batches"
