-- Privacy: erasure on request. An erased walker's row stays (id, verification outcome and
-- dates count in the dashboard and the audit log points at it) but holds no personal data.
-- first_name, last_name, email and birthdate stay NOT NULL (SQLite cannot drop NOT NULL
-- without rebuilding the table and its triggers), so erasure writes placeholders there:
-- 'Erased' / 'walker' / '' / '' and `email_normalized = 'erased:<walker id>'` (still unique).
ALTER TABLE walkers ADD COLUMN erasure_requested_at BIGINT;
ALTER TABLE walkers ADD COLUMN erased_at BIGINT;
