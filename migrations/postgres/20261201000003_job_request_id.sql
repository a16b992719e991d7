-- The id of the request that queued the job (X-Request-Id), so the job's log lines can be found
-- with the request's. Empty for jobs the worker queues itself and for jobs queued before this.
ALTER TABLE jobs ADD COLUMN request_id TEXT;
