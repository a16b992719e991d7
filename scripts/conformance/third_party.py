"""A Persona integration written only from Persona's public docs, run against the emulator.

This is how an outside Python service would talk to Persona: plain `requests`, the documented
headers, request bodies in the casing it asked answers in, and a webhook receiver that checks
`Persona-Signature` as the docs describe. Nothing here knows the emulator's code; the only
emulator-specific things are the base URL, the sandbox key, the template id and registering the
webhook endpoint through `/_control/webhooks` (the emulator's stand-in for the dashboard).

Three conversations:
1. `Persona-Version: 2023-01-05`, `Key-Inflection: snake`: create with snake keys, read the
   status, the flat PII of old versions and the account, list by `filter[reference_id]`, resume
   for a session token, approve, redact;
2. the same on `2025-12-08` with `Key-Inflection: camel` (field keys stay the template's own);
3. a webhook endpoint on version 2023-01-05 with snake keys, receiving signed events.

Every check prints what it checked; the first failure stops the script with exit status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import queue
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

TEMPLATE_ID = "itmpl_emulator_kyc"
WEBHOOK_SECRET = "wbhsec_third_party_conformance"


class CheckFailed(Exception):
    pass


def check(condition: bool, what: str, detail: object = "") -> None:
    if not condition:
        raise CheckFailed(f"{what}: {detail}" if detail != "" else what)
    print(f"  ok  {what}")


class Persona:
    """A minimal Persona client, configured like any other: base URL, key, version, casing."""

    def __init__(self, base: str, api_key: str, version: str, inflection: str):
        self.api = f"{base}/api/v1"
        self.http = requests.Session()
        self.http.headers.update(
            {
                "Authorization": f"Bearer {api_key}",
                "Persona-Version": version,
                "Key-Inflection": inflection,
                "Accept": "application/json",
            }
        )

    def call(self, method: str, path: str, *, json_body=None, params=None, idempotency=None):
        headers = {"Idempotency-Key": idempotency} if idempotency else {}
        response = self.http.request(
            method, self.api + path, json=json_body, params=params, headers=headers, timeout=10
        )
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return response, body


def expect(response, body, statuses, what):
    check(
        response.status_code in statuses,
        f"{what} answers {'/'.join(map(str, statuses))}",
        f"got {response.status_code}: {json.dumps(body)[:600]}",
    )
    check(
        response.headers.get("Content-Type", "").startswith("application/json"),
        f"{what} is JSON",
        response.headers.get("Content-Type"),
    )
    request_id = response.headers.get("Request-Id", "")
    limits = [response.headers.get(f"RateLimit-{n}", "") for n in ("Limit", "Remaining", "Reset")]
    check(
        request_id.startswith("req_") and all(v.isdigit() for v in limits),
        f"{what} carries Request-Id and RateLimit-Limit|Remaining|Reset",
        (request_id, limits),
    )
    return body


def all_keys(value, skip_under=()):
    """Every object key in a JSON value, except inside members named in `skip_under`."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            if key not in skip_under:
                yield from all_keys(inner, skip_under)
    elif isinstance(value, list):
        for inner in value:
            yield from all_keys(inner, skip_under)


def old_version_snake(base: str, api_key: str) -> None:
    print("\n[1] Persona-Version 2023-01-05, Key-Inflection snake")
    persona = Persona(base, api_key, "2023-01-05", "snake")
    reference = f"tp-snake-{uuid.uuid4().hex[:12]}"
    response, body = persona.call(
        "POST",
        "/inquiries",
        json_body={
            "data": {
                "attributes": {
                    "inquiry_template_id": TEMPLATE_ID,
                    "reference_id": reference,
                    "fields": {"name_first": "Jane", "name_last": "Doe", "birthdate": "1994-04-12"},
                    "redirect_uri": "http://127.0.0.1:9/return",
                }
            }
        },
        idempotency=str(uuid.uuid4()),
    )
    body = expect(response, body, (200, 201), "create (snake body)")
    inquiry = body["data"]
    attributes = inquiry["attributes"]
    inquiry_id = inquiry["id"]
    check(inquiry["type"] == "inquiry" and inquiry_id.startswith("inq_"), "data is an inq_ inquiry", inquiry_id)
    check(attributes.get("status") == "created", "data.attributes.status is created", attributes.get("status"))
    check(attributes.get("reference_id") == reference, "data.attributes.reference_id is ours", attributes.get("reference_id"))
    check(attributes.get("name_first") == "Jane", "flat PII data.attributes.name_first (old version)", attributes.get("name_first"))
    check(attributes.get("birthdate") == "1994-04-12", "flat PII data.attributes.birthdate", attributes.get("birthdate"))
    check(
        attributes.get("fields", {}).get("name_first", {}).get("value") == "Jane",
        "data.attributes.fields.name_first.value (field keys inflected snake)",
        attributes.get("fields"),
    )
    check("created_at" in attributes and "expires_at" in attributes, "timestamps are snake (created_at, expires_at)", sorted(attributes))
    dashed = sorted({k for k in all_keys(body) if "-" in k})
    check(not dashed, "no kebab-case key anywhere in the answer", dashed)
    account = inquiry["relationships"]["account"]["data"]
    check(account and account["type"] == "account" and account["id"].startswith("act_"), "relationships.account is an act_ account", account)
    check("inquiry_template" in inquiry["relationships"], "relationships keys are snake (inquiry_template)", sorted(inquiry["relationships"]))

    response, body = persona.call("GET", "/inquiries", params={"filter[reference_id]": reference})
    body = expect(response, body, (200,), "list with filter[reference_id]")
    check([i["id"] for i in body["data"]] == [inquiry_id], "the list holds exactly our inquiry", [i["id"] for i in body["data"]])
    check("next" in body.get("links", {}), "links.next present", body.get("links"))

    response, body = persona.call("GET", "/accounts", params={"filter[reference_id]": reference})
    body = expect(response, body, (200,), "list accounts with filter[reference_id]")
    check([a["id"] for a in body["data"]] == [account["id"]], "the account list holds exactly our account", body["data"])
    check(body["data"][0]["attributes"].get("reference_id") == reference, "account attributes.reference_id is ours")

    response, body = persona.call("GET", f"/inquiries/{inquiry_id}")
    body = expect(response, body, (200,), "retrieve")
    check(body["data"]["attributes"]["status"] == "created", "retrieve shows status created")

    response, body = persona.call(
        "POST",
        f"/inquiries/{inquiry_id}/perform-simulate-actions",
        json_body={"meta": {"simulate_actions": [{"type": "start_inquiry"}]}},
    )
    body = expect(response, body, (200,), "perform-simulate-actions start_inquiry (snake meta)")
    check(body["data"]["attributes"]["status"] == "pending", "status is pending", body["data"]["attributes"]["status"])
    check(body["data"]["attributes"].get("started_at") is not None, "started_at is set")

    response, body = persona.call("POST", f"/inquiries/{inquiry_id}/resume", idempotency=str(uuid.uuid4()))
    body = expect(response, body, (200,), "resume")
    token = (body.get("meta") or {}).get("session_token")
    check(isinstance(token, str) and token.count(".") == 2, "meta.session_token is a JWT", token)

    response, body = persona.call(
        "POST",
        f"/inquiries/{inquiry_id}/perform-simulate-actions",
        json_body={"meta": {"simulate_actions": [{"type": "complete_inquiry"}]}},
    )
    body = expect(response, body, (200,), "perform-simulate-actions complete_inquiry")
    check(body["data"]["attributes"]["status"] in ("completed", "approved"), "status is completed", body["data"]["attributes"]["status"])

    response, body = persona.call(
        "POST", f"/inquiries/{inquiry_id}/approve", json_body={"meta": {"comment": "docs-only client"}}
    )
    body = expect(response, body, (200,), "approve")
    attributes = body["data"]["attributes"]
    check(attributes["status"] == "approved", "status is approved", attributes["status"])
    check(attributes.get("decisioned_at") is not None, "decisioned_at is set")
    reviewer = body["data"]["relationships"]["reviewer"]["data"]
    check(reviewer is not None and reviewer.get("id"), "relationships.reviewer is set", reviewer)

    response, body = persona.call("DELETE", f"/inquiries/{inquiry_id}")
    body = expect(response, body, (200,), "redact (DELETE)")
    attributes = body["data"]["attributes"]
    check(attributes.get("redacted_at") is not None, "redacted_at is set")
    check(attributes["status"] == "approved", "redaction keeps the status", attributes["status"])
    check(attributes.get("name_first") is None, "flat name_first is gone", attributes.get("name_first"))
    check(attributes["fields"]["name_first"]["value"] is None, "fields.name_first.value is gone")
    response, body = persona.call("DELETE", f"/inquiries/{inquiry_id}")
    check(response.status_code == 409, "a second redaction is 409", response.status_code)


def new_version_camel(base: str, api_key: str) -> None:
    print("\n[2] Persona-Version 2025-12-08, Key-Inflection camel")
    persona = Persona(base, api_key, "2025-12-08", "camel")
    reference = f"tp-camel-{uuid.uuid4().hex[:12]}"
    response, body = persona.call(
        "POST",
        "/inquiries",
        json_body={
            "data": {
                "attributes": {
                    "inquiryTemplateId": TEMPLATE_ID,
                    "fields": {"name_first": "Ada", "address_country_code": "GB"},
                    "redirectUri": "http://127.0.0.1:9/return",
                }
            },
            "meta": {"autoCreateAccountReferenceId": reference, "autoCreateInquirySession": True},
        },
        idempotency=str(uuid.uuid4()),
    )
    body = expect(response, body, (201,), "create (camel body)")
    inquiry = body["data"]
    attributes = inquiry["attributes"]
    inquiry_id = inquiry["id"]
    check(attributes.get("status") == "created", "data.attributes.status is created", attributes.get("status"))
    check(attributes.get("referenceId") == reference, "data.attributes.referenceId is ours", attributes.get("referenceId"))
    check("createdAt" in attributes and "expiresAt" in attributes, "timestamps are camel (createdAt, expiresAt)", sorted(attributes))
    fields = attributes.get("fields", {})
    check(fields.get("name_first", {}).get("value") == "Ada", "fields.name_first stays the template's snake key", sorted(fields))
    check("nameFirst" not in fields, "no camel-cased field key inside fields", sorted(fields))
    check("nameFirst" not in attributes and "name_first" not in attributes, "no flat PII on 2025-12-08", sorted(attributes))
    bad = sorted({k for k in all_keys(body, skip_under=("fields",)) if "-" in k or "_" in k})
    check(not bad, "every key outside fields is camelCase", bad)
    token = (body.get("meta") or {}).get("sessionToken")
    check(isinstance(token, str) and token.count(".") == 2, "meta.sessionToken from autoCreateInquirySession", body.get("meta"))
    account = inquiry["relationships"]["account"]["data"]
    check(account and account["id"].startswith("act_"), "relationships.account is an act_ account", account)
    check("inquiryTemplate" in inquiry["relationships"], "relationships keys are camel (inquiryTemplate)", sorted(inquiry["relationships"]))

    response, body = persona.call(
        "GET", "/inquiries", params={"filter[referenceId]": reference, "filter[status]": "created,pending", "page[size]": "1"}
    )
    body = expect(response, body, (200,), "list with filter[referenceId] and filter[status] (tutorial lookup)")
    check([i["id"] for i in body["data"]] == [inquiry_id], "the list holds exactly our inquiry", [i["id"] for i in body["data"]])

    response, body = persona.call("GET", f"/accounts/{account['id']}")
    body = expect(response, body, (200,), "retrieve the account")
    check(body["data"]["attributes"].get("referenceId") == reference, "account referenceId is ours", body["data"]["attributes"])

    response, body = persona.call(
        "POST",
        f"/inquiries/{inquiry_id}/perform-simulate-actions",
        json_body={"meta": {"simulateActions": [{"type": "start_inquiry"}, {"type": "complete_inquiry"}]}},
    )
    body = expect(response, body, (200,), "perform-simulate-actions start+complete (camel meta)")
    check(body["data"]["attributes"]["status"] in ("completed", "approved"), "status is completed", body["data"]["attributes"]["status"])
    check(body["data"]["attributes"].get("completedAt") is not None, "completedAt is set")

    response, body = persona.call("POST", f"/inquiries/{inquiry_id}/resume")
    check(response.status_code == 409, "resuming a completed inquiry is 409 (CONTRACT 7.3)", response.status_code)

    response, body = persona.call("POST", f"/inquiries/{inquiry_id}/approve")
    body = expect(response, body, (200,), "approve")
    check(body["data"]["attributes"]["status"] == "approved", "status is approved")
    check(body["data"]["attributes"].get("decisionedAt") is not None, "decisionedAt is set")

    response, body = persona.call("DELETE", f"/inquiries/{inquiry_id}")
    body = expect(response, body, (200,), "redact (DELETE)")
    check(body["data"]["attributes"].get("redactedAt") is not None, "redactedAt is set")
    check(body["data"]["attributes"]["fields"]["name_first"]["value"] is None, "fields.name_first.value is gone")


class Receiver(BaseHTTPRequestHandler):
    deliveries: "queue.Queue[tuple[dict, bytes]]" = queue.Queue()

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.deliveries.put((headers, raw))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def verify_signature(header: str, raw: bytes, secret: str, tolerance: int = 300) -> int:
    """Persona's documented check: `t=<ts>,v1=<hex>` groups, HMAC-SHA256 of `t.body` keyed with
    the secret; accept if any v1 matches (constant time). Returns t."""
    timestamp = None
    signatures = []
    for group in header.split(" "):
        for part in group.split(","):
            key, _, value = part.partition("=")
            if key == "t":
                timestamp = value
            elif key == "v1":
                signatures.append(value)
    check(timestamp is not None and timestamp.isdigit(), "Persona-Signature carries t=<unix seconds>", header)
    check(bool(signatures) and all(re.fullmatch(r"[0-9a-f]{64}", s) for s in signatures), "Persona-Signature carries v1=<64 lowercase hex>", header)
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()
    check(any(hmac.compare_digest(expected, s) for s in signatures), "HMAC-SHA256(secret, t + '.' + raw body) matches a v1")
    check(abs(time.time() - int(timestamp)) <= tolerance, "t is within 5 minutes of now", timestamp)
    return int(timestamp)


def webhooks(base: str, api_key: str) -> None:
    print("\n[3] webhook endpoint on 2023-01-05 with snake keys, signed deliveries")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/persona/webhooks"
    try:
        response = requests.post(
            f"{base}/_control/webhooks",
            json={
                "url": url,
                "secrets": [WEBHOOK_SECRET],
                "enabled_events": ["inquiry.created", "inquiry.approved"],
                "api_version": "2023-01-05",
                "key_inflection": "snake",
            },
            timeout=10,
        )
        check(response.status_code == 201, "webhook endpoint registered (POST /_control/webhooks)", response.text)

        persona = Persona(base, api_key, "2025-12-08", "kebab")
        reference = f"tp-hook-{uuid.uuid4().hex[:12]}"
        response, body = persona.call(
            "POST",
            "/inquiries",
            json_body={
                "data": {"attributes": {"inquiry-template-id": TEMPLATE_ID, "fields": {"name_first": "Grace"}}},
                "meta": {"auto-create-account-reference-id": reference},
            },
        )
        body = expect(response, body, (201,), "create an inquiry to be told about")
        inquiry_id = body["data"]["id"]
        response, body = persona.call("POST", f"/inquiries/{inquiry_id}/approve")
        expect(response, body, (200,), "approve it")

        seen = {}
        deadline = time.time() + 20
        while len(seen) < 2 and time.time() < deadline:
            try:
                headers, raw = Receiver.deliveries.get(timeout=max(0.1, deadline - time.time()))
            except queue.Empty:
                break
            event = json.loads(raw)
            name = event["data"]["attributes"]["name"]
            payload = event["data"]["attributes"]["payload"]["data"]
            if payload.get("id") != inquiry_id:
                continue
            print(f"  -- delivery {name} ({event['data']['id']})")
            check(headers.get("content-type", "").startswith("application/json"), "Content-Type is JSON", headers.get("content-type"))
            verify_signature(headers.get("persona-signature", ""), raw, WEBHOOK_SECRET)
            check(headers.get("persona-webhook-attempts-made") == "1", "Persona-Webhook-Attempts-Made is 1", headers.get("persona-webhook-attempts-made"))
            check(headers.get("persona-webhook-attempts-left") == "7", "Persona-Webhook-Attempts-Left is 7", headers.get("persona-webhook-attempts-left"))
            check((headers.get("persona-webhook-first-attempted-at") or "").isdigit(), "Persona-Webhook-First-Attempted-At is unix seconds", headers.get("persona-webhook-first-attempted-at"))
            check(event["data"]["type"] == "event" and event["data"]["id"].startswith("evt_"), "envelope is an evt_ event")
            created_at = event["data"]["attributes"].get("created_at")
            check(isinstance(created_at, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", created_at), "data.attributes.created_at (snake, ISO 8601 ms)", created_at)
            dashed = sorted({k for k in all_keys(event) if "-" in k})
            check(not dashed, "every key is snake (old-version webhook)", dashed)
            check(payload["attributes"].get("reference_id") == reference, "payload reference_id is ours", payload["attributes"].get("reference_id"))
            check(payload["attributes"].get("name_first") == "Grace", "payload flat name_first (2023-01-05)", payload["attributes"].get("name_first"))
            check(payload["attributes"]["fields"].get("name_first", {}).get("value") == "Grace", "payload fields.name_first.value")
            seen[name] = payload["attributes"]["status"]
        check(seen.get("inquiry.created") == "created", "inquiry.created arrived with status created", seen)
        check(seen.get("inquiry.approved") == "approved", "inquiry.approved arrived with status approved", seen)
    finally:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="emulator origin, e.g. http://127.0.0.1:9100")
    parser.add_argument("--api-key", default="persona_sandbox_emulator")
    args = parser.parse_args()
    try:
        old_version_snake(args.base, args.api_key)
        new_version_camel(args.base, args.api_key)
        webhooks(args.base, args.api_key)
    except (CheckFailed, KeyError, TypeError, requests.RequestException) as failure:
        print(f"\nFAILED: {type(failure).__name__}: {failure}", file=sys.stderr)
        return 1
    print("\nthird_party.py: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
