"""Load for bench/signup.sh: real form posts over keep-alive HTTP/1.1 connections.

argv: engine app_port emulator_port n secs conc rss_idle_kb app_pid
Prints one line of key=value figures (milliseconds unless named otherwise).
"""

import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

engine, app_port, emu_port, n, secs, conc, rss_idle, app_pid = sys.argv[1:9]
n, secs, conc = int(n), float(secs), int(conc)
RUN = uuid.uuid4().hex[:8]


def form(email):
    return urllib.parse.urlencode(
        {
            "first_name": "Alexander",
            "last_name": "Sample",
            "email": email,
            "birthdate": "1977-08-31",
            "phone": "+14155550123",
        }
    )


def signup(conn, email):
    """One signup as a browser posts it; True if it was sent on to the Hosted Flow."""
    conn.request(
        "POST",
        "/signup",
        body=form(email),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    location = response.getheader("Location") or ""
    return response.status == 303 and "inquiry-id=inq_" in location


def create_inquiry(conn, i):
    """The call PawPass makes for each signup, made directly to the emulator."""
    body = json.dumps(
        {
            "data": {
                "attributes": {
                    "inquiry-template-id": "itmpl_emulator_kyc",
                    "reference-id": f"usr_bench{RUN}{i}",
                    "fields": {
                        "name-first": "Alexander",
                        "name-last": "Sample",
                        "birthdate": "1977-08-31",
                        "email-address": f"direct{RUN}{i}@example.com",
                        "phone-number": "+14155550123",
                    },
                }
            }
        }
    )
    conn.request(
        "POST",
        "/api/v1/inquiries",
        body=body,
        headers={
            "Authorization": "Bearer persona_sandbox_emulator",
            "Content-Type": "application/json",
            "Persona-Version": "2025-12-08",
            "Idempotency-Key": f"bench-{RUN}-{i}",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status == 201 or response.status == 200


def timed(fn, conn, arg):
    start = time.perf_counter()
    ok = fn(conn, arg)
    return ok, (time.perf_counter() - start) * 1000


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def rss_kb():
    with open(f"/proc/{app_pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


errors = 0
emu = http.client.HTTPConnection("127.0.0.1", int(emu_port))
app = http.client.HTTPConnection("127.0.0.1", int(app_port))
for i in range(20):  # warm both up
    create_inquiry(emu, f"w{i}")
    signup(app, f"warm{i}.{RUN}@example.com")

persona, alone = [], []
for i in range(n):
    ok, ms = timed(create_inquiry, emu, i)
    errors += not ok
    persona.append(ms)
    ok, ms = timed(signup, app, f"one{i}.{RUN}@example.com")
    errors += not ok
    alone.append(ms)

# Throughput: CONC walkers signing up back to back for SECS seconds.
loaded, lock, stop = [], threading.Lock(), time.monotonic() + secs


def walker(w):
    global errors
    conn = http.client.HTTPConnection("127.0.0.1", int(app_port))
    i = 0
    while time.monotonic() < stop:
        ok, ms = timed(signup, conn, f"load{w}.{i}.{RUN}@example.com")
        with lock:
            loaded.append(ms)
            errors += not ok
        i += 1


started = time.monotonic()
threads = [threading.Thread(target=walker, args=(w,)) for w in range(conc)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - started

p50 = statistics.median
print(
    f"engine={engine} persona_p50_ms={p50(persona):.2f} signup_p50_ms={p50(alone):.2f} "
    f"signup_p99_ms={pct(alone, 0.99):.2f} server_p50_ms={p50(alone) - p50(persona):.2f} "
    f"signups_per_s={len(loaded) / elapsed:.0f} conc={conc} loaded_p50_ms={p50(loaded):.2f} "
    f"loaded_p99_ms={pct(loaded, 0.99):.2f} errors={errors} rss_idle_kb={rss_idle} "
    f"rss_peak_kb={rss_kb()}"
)
