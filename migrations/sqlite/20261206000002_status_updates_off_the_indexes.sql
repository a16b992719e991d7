-- An applied status no longer moves an index entry of `inquiries` (issue 18). `inquiries_reconcile`
-- (status, updated_at) served only the reconciliation sweep, which runs every few minutes, and
-- every applied webhook paid for it: its entry deleted and inserted again. Without it the sweep
-- reads the table: at a million inquiries 70-120 ms on SQLite, 85 ms on PostgreSQL (measured).
DROP INDEX inquiries_reconcile;
