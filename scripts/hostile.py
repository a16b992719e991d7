#!/usr/bin/env python3
"""Hostile requests against a release build in production mode.

Starts `target/release/pawpass` in production mode against a standalone emulator (started
with `pawpass emulator`, reached like real Persona), signs a walker up, and then sends what
an attacker would: anonymous console requests, cross-site posts, an oversized body, a slow
client, a webhook with thousands of signature groups, a forged one and a replayed one. Each
must get a 4xx (a slow client: the connection cut, or a 408) and the database must be
exactly as it was before. Standard library only.

    cargo leptos build --release && scripts/hostile.py
"""

import hashlib
import hmac
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "pawpass")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, method="GET", body=None, headers=None):
    """(status, body) without following redirects."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if request(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds} s")


def snapshot(database):
    """Every row of every table PawPass keeps (sessions aside: a refusal may not need one,
    but reading a page may legitimately start one)."""
    with sqlite3.connect(database) as db:
        tables = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] not in ("sessions", "_sqlx_migrations") and not row[0].startswith("sqlite_")
            and not row[0].startswith("walker_search")
        ]
        return {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}"))) for t in tables}


def settled(database):
    """The snapshot once background work (the inquiry's creation, its webhook) has finished."""
    last = snapshot(database)
    for _ in range(40):
        time.sleep(0.5)
        current = snapshot(database)
        if current == last:
            return current
        last = current
    sys.exit("the database never settled")


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def slow_headers(port):
    """Sends half a request line and waits: the server must give up on us."""
    with socket.create_connection(("127.0.0.1", port), timeout=40) as s:
        s.sendall(b"POST /signup HTTP/1.1\r\nHost: pawpass\r\nX-Slow: ")
        started = time.time()
        try:
            answer = s.recv(4096)
        except socket.timeout:
            return "still open after 40 s"
        waited = time.time() - started
        if answer == b"" or answer.startswith(b"HTTP/1.1 408"):
            return None if waited < 35 else f"cut only after {waited:.0f} s"
        return f"answered {answer[:40]!r}"


def oversized(port):
    """Announces a 1 MiB signup and sends its start: the server must refuse it from the
    announced length, without reading the rest (so this reads the answer, not a broken pipe)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"POST /signup HTTP/1.1\r\nHost: pawpass\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 1048576\r\n\r\nx=" + b"a" * 4096)
        answer = s.recv(4096)
        return int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/1.1 ") else "no answer"


def main():
    if not os.access(BINARY, os.X_OK):
        sys.exit("no release build: run `cargo leptos build --release` first")
    work = tempfile.mkdtemp(prefix="pawpass-hostile-")
    database = os.path.join(work, "pawpass.db")
    app_port, emulator_port = free_port(), free_port()
    app = f"http://127.0.0.1:{app_port}"
    secret = "wbhsec_" + secrets.token_hex(16)
    processes = []
    try:
        emulator_env = dict(os.environ, PERSONA_WEBHOOK_SECRETS=secret)
        processes.append(subprocess.Popen(
            [BINARY, "emulator", "--addr", f"127.0.0.1:{emulator_port}",
             "--webhook-url", f"{app}/webhooks/persona"],
            env=emulator_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        app_env = dict(
            os.environ,
            PAWPASS_ENV="production",
            PERSONA_API_KEY="persona_sandbox_emulator",
            PERSONA_API_BASE=f"http://127.0.0.1:{emulator_port}/api/v1",
            PERSONA_HOSTED_FLOW_URL=f"http://127.0.0.1:{emulator_port}/verify",
            PERSONA_INQUIRY_TEMPLATE_ID="itmpl_emulator_kyc",
            PERSONA_WEBHOOK_SECRETS=secret,
            PUBLIC_BASE_URL=app,
            # Nothing listens there: mail waits in the outbox, which is all this needs.
            SMTP_URL="smtp://127.0.0.1:9",
            MAIL_FROM="PawPass <walkers@example.com>",
            DATABASE_URL=f"sqlite://{database}?mode=rwc",
            LEPTOS_SITE_ADDR=f"127.0.0.1:{app_port}",
            LEPTOS_SITE_ROOT=os.path.join(ROOT, "target", "site"),
            HTTP_HEADER_READ_TIMEOUT_SECONDS="5",
            HTTP_BODY_READ_TIMEOUT_SECONDS="5",
            RUST_LOG="warn",
        )
        processes.append(subprocess.Popen([BINARY], env=app_env, cwd=ROOT))
        wait_for(f"{app}/health")

        # A walker to attack, and an event about them to replay.
        form = b"first_name=Ada&last_name=Walker&email=ada%40example.com&birthdate=1980-05-01&phone="
        status, _ = request(f"{app}/signup", "POST", form,
                            {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303, f"the legitimate signup answered {status}"
        settled(database)
        with sqlite3.connect(database) as db:
            walker_id, inquiry_id = db.execute(
                "SELECT id, current_inquiry_id FROM walkers").fetchone()
        event = json.dumps({"data": {"type": "event", "id": "evt_hostile1", "attributes": {
            "name": "inquiry.approved", "created-at": "2030-01-01T00:00:00.000Z",
            "payload": {"data": {"type": "inquiry", "id": inquiry_id,
                                 "attributes": {"status": "approved"}}}}}}).encode()
        before = settled(database)

        now = int(time.time())
        groups = ",".join(f"t={now},v1={'0' * 64}" for _ in range(8000))
        # Small enough for the HTTP layer, far past the signature parser's bound.
        some_groups = ",".join(f"t={now - i},v1={'0' * 64}" for i in range(90))
        form_type = {"Content-Type": "application/x-www-form-urlencoded"}
        webhook = {"Content-Type": "application/json"}
        cases = [
            ("anonymous: an operator action", f"{app}/admin/walkers/{walker_id}/action", "POST",
             b"action=approve&reason=x", form_type),
            ("anonymous: the walker list export", f"{app}/admin/export.csv", "GET", None, {}),
            ("anonymous: a raw event", f"{app}/admin/events/evt_hostile1", "GET", None, {}),
            ("anonymous: a subject export", f"{app}/admin/walkers/{walker_id}/export.json",
             "GET", None, {}),
            ("anonymous: an erasure", f"{app}/admin/walkers/{walker_id}/erase", "POST",
             b"reason=x&confirm=ada%40example.com", form_type),
            ("cross-site: a signup", f"{app}/signup", "POST", form.replace(b"ada%40", b"eve%40"),
             dict(form_type, Origin="https://evil.example", **{"Sec-Fetch-Site": "cross-site"})),
            ("cross-site: a retry", f"{app}/verification/retry", "POST", b"",
             dict(form_type, Origin="https://evil.example")),
            ("many signature groups (8,000: too big a header)", f"{app}/webhooks/persona",
             "POST", event, dict(webhook, **{"Persona-Signature": groups})),
            ("many signature groups (90, within the header limit)", f"{app}/webhooks/persona",
             "POST", event, dict(webhook, **{"Persona-Signature": some_groups})),
            ("forged: the wrong secret", f"{app}/webhooks/persona", "POST", event,
             dict(webhook, **{"Persona-Signature": signature("wbhsec_guess", now, event)})),
            ("replayed: a signature from an hour ago", f"{app}/webhooks/persona", "POST", event,
             dict(webhook, **{"Persona-Signature": signature(secret, now - 3600, event)})),
        ]
        failures = []
        for name, url, method, body, headers in cases:
            try:
                status, _ = request(url, method, body, headers)
            except OSError as error:
                status = f"no answer ({error})"
            ok = isinstance(status, int) and 400 <= status < 500
            print(f"{'ok  ' if ok else 'FAIL'} {status}  {name}")
            if not ok:
                failures.append(name)
        status = oversized(app_port)
        ok = isinstance(status, int) and 400 <= status < 500
        print(f"{'ok  ' if ok else 'FAIL'} {status}  oversized: a 1 MiB signup")
        if not ok:
            failures.append("oversized")
        slow = slow_headers(app_port)
        print(f"{'ok  ' if slow is None else 'FAIL'} {'cut' if slow is None else slow}  "
              "slow: headers that never finish")
        if slow is not None:
            failures.append("slow headers")

        after = snapshot(database)
        changed = [t for t in before if before[t] != after.get(t)]
        print(f"{'ok  ' if not changed else 'FAIL'} database unchanged"
              + (f" (changed: {', '.join(changed)})" if changed else ""))
        if failures or changed:
            sys.exit(1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=15)


if __name__ == "__main__":
    main()
