-- Sign-in failures per typed username *and client address* (the address as the rate limits see
-- it: an IPv6 client's /64), so one address's guesses lock out that address only. The row with
-- client '*' counts a username's failures from every address together; it never locks, it only
-- slows sign-ins down. The old per-username counts are dropped: at worst a lock ends early.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    username            TEXT NOT NULL,
    client              TEXT NOT NULL,
    -- An address's attempts in the window, each counted before its password is checked;
    -- for '*', the failed checks.
    failures            BIGINT NOT NULL,
    last_failure_at     BIGINT NOT NULL,
    locked_until        BIGINT NOT NULL,
    PRIMARY KEY (username, client)
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- What operators typed into the list's search (often a name or an email), named in list URLs by
-- an opaque id. A table of its own rather than the session, so erasure can delete the searches
-- that mention an erased walker, and each is forgotten 24 hours after it was typed.
CREATE TABLE admin_searches (
    id                  TEXT PRIMARY KEY,
    operator_id         TEXT NOT NULL REFERENCES operators (id),
    search              TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX admin_searches_operator ON admin_searches (operator_id, created_at);
CREATE INDEX admin_searches_created ON admin_searches (created_at);
-- Sessions that still hold searches from before end here: their operators sign in again.
DELETE FROM sessions WHERE data LIKE '%"admin_searches"%';
