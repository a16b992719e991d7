#!/usr/bin/env python3
"""What the SQLite webhook writer pays per applied event, schema variant by variant.

Builds a database from `migrations/sqlite` (the app's own schema and triggers), seeds WALKERS
walkers with one inquiry each, then stores and applies batches of BATCH events the way a
set-wise webhook batch does (one insert into `persona_events` and one status UPDATE per event,
one transaction per batch) and prints events per second for each variant, rounds interleaved.
It measures the database's share alone: no HTTP, no signature, no JSON of the app's own.

    pip install --target /tmp/pylib pysqlite3-binary   # a SQLite new enough for the migrations
    PYTHONPATH=/tmp/pylib bench/sqlite_writer.py as-built copy-in-batch copy-in-batch+no-list-indexes

Variants (combine with '+'): as-built (the batch marks its inquiries for the walker list, as
`sqlite_batch.rs` does), copy-in-batch (each UPDATE clears the mark, so the trigger copies the
status to the walker list in the batch's transaction, as a lone event and every batch before
issue 18's change did), no-status-indexes (the three walkers_status_* indexes dropped),
no-list-indexes (all six list indexes), page-2k. Env: WALKERS (5000), BATCH (33),
BATCHES (300), ROUNDS (3), WORK (/tmp/sqlite-writer).
"""
import glob
import json
import os
import random
import sys
import time

import pysqlite3 as sqlite3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = sorted(glob.glob(os.path.join(ROOT, "migrations", "sqlite", "*.sql")))
WALKERS = int(os.environ.get("WALKERS", 5000))
BATCH = int(os.environ.get("BATCH", 33))
BATCHES = int(os.environ.get("BATCHES", 300))
ROUNDS = int(os.environ.get("ROUNDS", 3))
WORK = os.environ.get("WORK", "/tmp/sqlite-writer")

DROPS = {
    "no-status-indexes": [f"DROP INDEX walkers_status_{s}" for s in ("created", "changed", "name")],
    "no-list-indexes": [f"DROP INDEX {i}" for i in (
        "walkers_status_created", "walkers_status_changed", "walkers_status_name",
        "walkers_changed", "walkers_approved", "walkers_decision")],
}


def build(path, variant):
    for leftover in glob.glob(path + "*"):
        os.remove(leftover)
    db = sqlite3.connect(path, isolation_level=None)
    if "page-2k" in variant:
        db.execute("PRAGMA page_size = 2048")
    # As `src/store/pool_settings.rs` sets up the write connection.
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
        db.execute(f"PRAGMA {pragma}")
    for migration in MIGRATIONS:
        with open(migration) as f:
            db.executescript(f.read())
    db.execute("BEGIN")
    for n in range(1, WALKERS + 1):
        db.execute(
            "INSERT INTO walkers (id, first_name, last_name, email, email_normalized, birthdate, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, '1990-01-01', ?, ?)",
            (f"wlk_{n:08x}{random.getrandbits(64):016x}", f"First{n}", f"Last{n}",
             f"w{n}@example.com", f"w{n}@example.com", 1000 + n, 1000 + n))
    db.execute(
        "INSERT INTO inquiries (id, walker_id, status, status_rank, status_at, created_at, "
        "updated_at) SELECT 'inq_' || substr(id, 5), id, 'created', 0, 1000, 1000, 1000 FROM walkers")
    db.execute("UPDATE walkers SET current_inquiry_id = 'inq_' || substr(id, 5), "
               "updated_at = updated_at + 1")
    db.execute("COMMIT")
    for part in variant.split("+"):
        for statement in DROPS.get(part, []):
            db.execute(statement)
    db.execute("PRAGMA cache_size = -65536")
    db.execute("PRAGMA wal_autocheckpoint = 10000")
    return db


def run(db, batches, mark):
    inquiries = [row[0] for row in db.execute("SELECT id FROM inquiries")]
    body = json.dumps({"data": {"attributes": {"payload": "x" * 2300}}})
    seq = 0
    started = time.perf_counter()
    for _ in range(batches):
        db.execute("BEGIN IMMEDIATE")
        now = int(time.time() * 1000)
        for inquiry in random.sample(inquiries, BATCH):
            seq += 1
            status = "approved" if seq % 2 else "declined"
            at = now * 1000 + seq
            db.execute(
                "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, "
                "received_at, body, deliveries, applied, disposition) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 'applied')",
                (f"evt_{random.getrandbits(96):024x}", "inquiry." + status, inquiry, status, at,
                 now, body))
            # Marked, as a set-wise batch applies it (`sqlite_batch.rs`), or copied at once.
            db.execute(
                "UPDATE inquiries SET status = ?, status_rank = 5, status_at = ?, updated_at = ?, "
                "walker_list_due = CASE WHEN ? THEN COALESCE(walker_list_due, ?) END "
                "WHERE id = ? AND status_at < ?",
                (status, at, now, mark, now, inquiry, at))
        db.execute("COMMIT")
    return batches * BATCH / (time.perf_counter() - started)


def main(variants):
    os.makedirs(WORK, exist_ok=True)
    results = {variant: [] for variant in variants}
    for _ in range(ROUNDS):
        for variant in variants:
            db = build(os.path.join(WORK, variant + ".db"), variant)
            mark = "copy-in-batch" not in variant
            run(db, BATCHES // 5, mark)  # warm the cache
            results[variant].append(run(db, BATCHES, mark))
            db.close()
    for variant, rates in results.items():
        print(f"{variant:40} events/s: " + ", ".join(f"{r:,.0f}" for r in rates))


if __name__ == "__main__":
    main(sys.argv[1:] or ["as-built"])
