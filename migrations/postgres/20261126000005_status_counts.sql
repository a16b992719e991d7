-- Walkers per status, kept by triggers, so the operators' list shows its per-status counts
-- without counting every walker on every page view. Each status's count is spread over 16
-- slots so concurrent status changes rarely wait on one row; readers add the slots up.
CREATE TABLE walker_status_counts (
    status TEXT NOT NULL,
    slot INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (status, slot)
);

INSERT INTO walker_status_counts (status, slot, n)
    SELECT current_status, 0, COUNT(*) FROM walkers GROUP BY current_status;

CREATE FUNCTION walkers_count_status() RETURNS trigger AS $$
DECLARE
    chosen INTEGER := floor(random() * 16)::INTEGER;
BEGIN
    -- Both rows in one statement, in (status, slot) order, so two transactions moving walkers
    -- between the same statuses lock rows in the same order and cannot deadlock.
    INSERT INTO walker_status_counts (status, slot, n)
    SELECT status, chosen, delta FROM (VALUES
        (CASE WHEN TG_OP <> 'INSERT' THEN OLD.current_status END, -1),
        (CASE WHEN TG_OP <> 'DELETE' THEN NEW.current_status END, 1)
    ) AS change (status, delta)
    WHERE status IS NOT NULL
    ORDER BY status
    ON CONFLICT (status, slot) DO UPDATE SET n = walker_status_counts.n + EXCLUDED.n;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER walkers_count_status AFTER INSERT OR DELETE ON walkers
    FOR EACH ROW EXECUTE FUNCTION walkers_count_status();

-- Not `UPDATE OF current_status`: the BEFORE trigger changes it without naming it.
CREATE TRIGGER walkers_count_status_change AFTER UPDATE ON walkers
    FOR EACH ROW WHEN (OLD.current_status IS DISTINCT FROM NEW.current_status)
    EXECUTE FUNCTION walkers_count_status();
