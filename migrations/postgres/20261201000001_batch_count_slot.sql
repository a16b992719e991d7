-- A batch of webhooks (src/store/inquiries/batch.rs) changes many walkers' statuses in one
-- transaction. With a random slot per change, two batches could take count rows in crossing
-- orders and deadlock; so a batch names one slot for its whole transaction
-- (`pawpass.count_slot`, set local) and locks that slot's rows first, in status order. Every
-- other writer still spreads its single change over a random slot.
CREATE OR REPLACE FUNCTION walkers_count_status() RETURNS trigger AS $$
DECLARE
    chosen INTEGER := COALESCE(NULLIF(current_setting('pawpass.count_slot', true), '')::INTEGER,
                               floor(random() * 16)::INTEGER);
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

-- Every status's row in every slot exists before any batch locks a slot, so a batch's first
-- count in a slot never inserts a row another batch is inserting too.
INSERT INTO walker_status_counts (status, slot, n)
SELECT status, slot, 0
FROM unnest(ARRAY['not_started', 'created', 'pending', 'expired', 'completed', 'failed',
                  'needs_review', 'approved', 'declined']) AS status
CROSS JOIN generate_series(0, 15) AS slot
ON CONFLICT (status, slot) DO NOTHING;
