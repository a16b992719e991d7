-- Walkers per status, kept by triggers, so the operators' list shows its per-status counts
-- without counting every walker on every page view. (PostgreSQL spreads each count over slots
-- for concurrent writers; SQLite has one writer at a time, so one slot.)
CREATE TABLE walker_status_counts (
    status TEXT NOT NULL,
    slot INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (status, slot)
);

INSERT INTO walker_status_counts (status, slot, n)
    SELECT current_status, 0, COUNT(*) FROM walkers WHERE true GROUP BY current_status;

CREATE TRIGGER walkers_count_insert AFTER INSERT ON walkers
BEGIN
    INSERT INTO walker_status_counts (status, slot, n) VALUES (NEW.current_status, 0, 1)
    ON CONFLICT (status, slot) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER walkers_count_delete AFTER DELETE ON walkers
BEGIN
    UPDATE walker_status_counts SET n = n - 1 WHERE status = OLD.current_status AND slot = 0;
END;

-- Not `UPDATE OF current_status`: every path that changes it is covered this way too.
CREATE TRIGGER walkers_count_change AFTER UPDATE ON walkers
    WHEN OLD.current_status IS NOT NEW.current_status
BEGIN
    UPDATE walker_status_counts SET n = n - 1 WHERE status = OLD.current_status AND slot = 0;
    INSERT INTO walker_status_counts (status, slot, n) VALUES (NEW.current_status, 0, 1)
    ON CONFLICT (status, slot) DO UPDATE SET n = n + 1;
END;
