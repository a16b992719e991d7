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
