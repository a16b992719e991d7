#!/usr/bin/env bash
# Profile of the applying webhook path (see BENCHMARKS.md, issue 18): 5 000 seeded walkers, the
# ceiling's generator with --inquiries at 64 connections for 10 s; `perf record -a` for 6 s in the
# middle (split by thread), on PostgreSQL pg_stat_activity wait events every 20 ms, and the batch
# sizes from /metrics. Needs perf, sqlite3/psql and a built ceiling (CEILING=…/ceiling).
#   bench/profile-applying.sh sqlite|pg
set -euo pipefail
ENGINE=${1:?sqlite or pg}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAWPASS=${PAWPASS:-"$ROOT/target/release/pawpass"}
CEILING=${CEILING:-/tmp/ceiling-target/release/ceiling}
SECRET=wbhsec_ceiling_fixed_benchmark_secret_0123456789
W=${W:-/tmp/pawpass-profile}; mkdir -p "$W"
export PAWPASS_ENV=development
PG=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
if [ "$ENGINE" = sqlite ]; then
  rm -f $W/p.db*; DATABASE_URL="sqlite://$W/p.db?mode=rwc" $PAWPASS seed --walkers 5000 --events 0 >/dev/null
  sqlite3 $W/p.db "SELECT id FROM inquiries" > $W/inq.txt
  URL="sqlite://$W/p.db?mode=rwc"
else
  psql $PG/postgres -qc "DROP DATABASE IF EXISTS pawpass_prof" -qc "CREATE DATABASE pawpass_prof" >/dev/null
  DATABASE_URL=$PG/pawpass_prof $PAWPASS seed --walkers 5000 --events 0 >/dev/null
  psql $PG/pawpass_prof -Atc "SELECT id FROM inquiries" > $W/inq.txt
  URL=$PG/pawpass_prof
fi
(cd $ROOT && DATABASE_URL="$URL" PERSONA_WEBHOOK_SECRETS=$SECRET RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:18189 METRICS_ADDR=127.0.0.1:18191 exec $PAWPASS) >/dev/null 2>&1 & SP=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18189/health >/dev/null && break; sleep 0.1; done
$CEILING load --url http://127.0.0.1:18189/webhooks/persona --secs 10 --conc 64 --kind webhook --secret $SECRET --inquiries $W/inq.txt > $W/load-$ENGINE.txt &
LP=$!
sleep 2
perf record -a -e cpu-clock -F 499 -o $W/perf-$ENGINE.data -- sleep 6 2>/dev/null >/dev/null &
PP=$!
if [ "$ENGINE" = pg ]; then
  for _ in $(seq 200); do
    psql $PG/pawpass_prof -Atc "SELECT coalesce(wait_event_type,'CPU') || ':' || coalesce(wait_event,'-') || ':' || state FROM pg_stat_activity WHERE datname='pawpass_prof' AND pid <> pg_backend_pid()"
    sleep 0.02
  done > $W/waits.txt
fi
wait $PP; wait $LP
cat $W/load-$ENGINE.txt
curl -sf http://127.0.0.1:18191/metrics | grep pawpass_webhook_batch_size
ls -la $W/ | grep -E "p.db"
kill $SP; wait $SP 2>/dev/null || true
perf report -i $W/perf-$ENGINE.data --sort comm --stdio 2>/dev/null | grep -v "^#" | grep -v "^$" | head -15
if [ "$ENGINE" = pg ]; then sort $W/waits.txt | uniq -c | sort -rn | head -15; fi
