-- Persona events in monthly partitions of `received_at` (UTC calendar months, unix ms), so the
-- retention policy drops a whole month at once instead of deleting row by row (no dead rows,
-- no vacuum debt, no index bloat) and queries bounded by time only read the months they need.
--
-- Stored once by Persona's event id: PostgreSQL requires the partition key in every unique
-- index of a partitioned table, so `(id, received_at)` alone would let the same `evt_…` arrive
-- twice at two different times. `persona_event_ids` holds every id ever stored, as its primary
-- key; a writer claims the id there in the same statement that inserts the event
-- (`store/inquiries/postgres.rs`, `store/walkers/import.rs`), and the foreign key makes a
-- writer that forgets fail loudly instead of storing a duplicate. Ids outlive their month's
-- partition: a very old event Persona delivers again after its month was dropped stays a
-- duplicate, it is neither stored nor applied again. (A trigger that claims the id was not
-- used: an UPDATE of `received_at` that moves a row between partitions fires the destination's
-- BEFORE INSERT triggers, and one that skipped the "repeated" id would lose the row.)
CREATE TABLE persona_event_ids (
    id                  TEXT PRIMARY KEY,                  -- Persona's evt_…
    received_at         BIGINT NOT NULL                    -- its first delivery
);
INSERT INTO persona_event_ids (id, received_at) SELECT id, received_at FROM persona_events;

ALTER TABLE persona_events RENAME TO persona_events_unpartitioned;
ALTER TABLE persona_events_unpartitioned RENAME CONSTRAINT persona_events_pkey
    TO persona_events_unpartitioned_pkey;
ALTER INDEX persona_events_inquiry RENAME TO persona_events_unpartitioned_inquiry;

CREATE TABLE persona_events (
    id                  TEXT NOT NULL REFERENCES persona_event_ids (id),
    name                TEXT NOT NULL,
    inquiry_id          TEXT,
    status              TEXT,
    persona_created_at  BIGINT NOT NULL,
    received_at         BIGINT NOT NULL,
    applied             INTEGER NOT NULL,
    body                TEXT NOT NULL,
    disposition         TEXT NOT NULL DEFAULT 'applied',
    deliveries          BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX persona_events_inquiry ON persona_events (inquiry_id, persona_created_at);

-- Whatever falls outside every month's partition lands here, so an insert never fails; the
-- server keeps it empty by creating months ahead (`store/partitions.rs`).
CREATE TABLE persona_events_default PARTITION OF persona_events DEFAULT;

-- `persona_events_YYYY_MM` for the UTC month holding `at_ms`, unless it exists. Rows of that
-- month already in the default partition move into it (PostgreSQL refuses to add a partition
-- whose rows sit in the default one). Returns whether it created one. Instances may call it at
-- once: the advisory lock makes them take turns, and `lock_timeout` keeps a long reader of
-- `persona_events` from queueing every webhook behind this DDL (the caller retries later).
CREATE FUNCTION ensure_event_partition(at_ms BIGINT) RETURNS BOOLEAN
LANGUAGE plpgsql SET lock_timeout = '2s' AS $$
DECLARE
    first_day DATE := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC')::date;
    part TEXT := 'persona_events_' || to_char(first_day, 'YYYY_MM');
    lo BIGINT := (extract(epoch FROM first_day::timestamp AT TIME ZONE 'UTC') * 1000)::bigint;
    hi BIGINT := (extract(epoch FROM (first_day + interval '1 month') AT TIME ZONE 'UTC') * 1000)::bigint;
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('pawpass.persona_events.partitions'));
    -- Read pg_class itself: to_regclass may answer from this backend's cache, which taking an
    -- advisory lock does not refresh, and miss the partition another instance just made.
    IF EXISTS (SELECT 1 FROM pg_class WHERE relname = part
               AND relnamespace = current_schema()::regnamespace) THEN
        RETURN FALSE;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE persona_events INCLUDING DEFAULTS)', part);
    EXECUTE format('WITH moved AS (DELETE FROM persona_events_default '
                   'WHERE received_at >= %s AND received_at < %s RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', lo, hi, part);
    EXECUTE format('ALTER TABLE persona_events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                   part, lo, hi);
    RETURN TRUE;
END
$$;

-- Drops every month's partition that ends at or before `before_ms` and returns their names.
-- Only whole months go; rows before `before_ms` in the default partition are the caller's to
-- delete. Their ids stay in `persona_event_ids`.
CREATE FUNCTION drop_event_partitions_before(before_ms BIGINT) RETURNS SETOF TEXT
LANGUAGE plpgsql SET lock_timeout = '2s' AS $$
DECLARE
    part TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('pawpass.persona_events.partitions'));
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'persona_events'::regclass
          AND c.relname ~ '^persona_events_[0-9]{4}_[0-9]{2}$'
          AND (extract(epoch FROM (to_date(right(c.relname, 7), 'YYYY_MM') + interval '1 month')
               AT TIME ZONE 'UTC') * 1000)::bigint <= before_ms
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', part);
        RETURN NEXT part;
    END LOOP;
END
$$;

-- Every month that holds events, this month and the next three, then the rows themselves.
SELECT ensure_event_partition(m)
FROM (SELECT DISTINCT received_at - received_at % 86400000 AS m FROM persona_events_unpartitioned
      UNION ALL
      SELECT (extract(epoch FROM now() + make_interval(months => k)) * 1000)::bigint
      FROM generate_series(0, 3) AS k) AS months;

INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, received_at,
                            applied, body, disposition, deliveries)
SELECT id, name, inquiry_id, status, persona_created_at, received_at, applied, body, disposition,
       deliveries
FROM persona_events_unpartitioned;

DROP TABLE persona_events_unpartitioned;
