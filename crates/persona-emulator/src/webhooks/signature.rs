//! `Persona-Signature` on outgoing webhooks (CONTRACT 10). The emulator signs with its own code
//! rather than the `persona` crate's verifier, so a bug there cannot be shared by the sender and
//! the receiver and pass unnoticed.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Lowercase hex HMAC-SHA256 of `t + "." + body`, keyed by the secret exactly as configured
/// (its `wbhsec_` prefix included).
pub(crate) fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The header value: one `t=<unix seconds>,v1=<hex>` group per secret, in the given order,
/// separated by single spaces. Every group repeats the same `t`.
pub(crate) fn header(secrets: &[String], timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|secret| format!("t={timestamp},v1={}", sign(secret, timestamp, body)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    //! Against Persona's published vectors (docs/persona/fixtures/webhook/), read from disk so a
    //! changed fixture fails here rather than being copied wrongly.

    use super::*;
    use serde_json::Value;
    use sha2::Digest;

    const FIXTURES: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/persona/fixtures/webhook"
    );

    fn read(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture readable")
    }

    fn vectors() -> Value {
        serde_json::from_slice(&read("signature-vectors.json")).expect("vectors are JSON")
    }

    /// The signed body, checked against the length and digest the vectors give for it.
    fn body(vectors: &Value) -> Vec<u8> {
        let body = read(vectors["body_file"].as_str().expect("body_file"));
        assert_eq!(body.len() as u64, vectors["body_length"]);
        assert_eq!(hex::encode(Sha256::digest(&body)), vectors["body_sha256"]);
        body
    }

    /// The vectors' one edit: the first `"status":"approved"` becomes `"declined"`.
    fn tampered(body: &[u8]) -> Vec<u8> {
        let text = std::str::from_utf8(body).expect("the body is UTF-8");
        text.replacen("\"status\":\"approved\"", "\"status\":\"declined\"", 1)
            .into_bytes()
    }

    fn secret(vectors: &Value, which: &str) -> String {
        vectors["secrets"][which]
            .as_str()
            .expect("secret")
            .to_owned()
    }

    #[test]
    fn each_secret_gives_the_published_hmac() {
        let vectors = vectors();
        let (body, t) = (body(&vectors), vectors["timestamp"].as_i64().expect("t"));
        let hmacs = &vectors["hmac_values"];
        assert_eq!(
            sign(&secret(&vectors, "old"), t, &body),
            hmacs["v1_with_old_secret"]
        );
        assert_eq!(
            sign(&secret(&vectors, "new"), t, &body),
            hmacs["v1_with_new_secret"]
        );
        assert_eq!(
            sign(&secret(&vectors, "old"), t, &tampered(&body)),
            hmacs["v1_of_tampered_body_with_old_secret"]
        );
    }

    /// Every case, read as a receiver would: the case's secret signs the case's body at the
    /// header's `t`, and the case is valid exactly when some `v1` in the header matches.
    #[test]
    fn every_case_verifies_as_published() {
        let vectors = vectors();
        let body = body(&vectors);
        let cases = vectors["cases"].as_array().expect("cases");
        assert_eq!(cases.len(), 7);
        for case in cases {
            let name = &case["name"];
            let case_body = match case["body"].as_str() {
                Some("unchanged") => body.clone(),
                _ => tampered(&body),
            };
            let secret = case["receiver_secret"].as_str().expect("receiver_secret");
            let header = case["header"].as_str().expect("header");
            let valid = header.split(' ').any(|group| {
                let (t, v1) = group
                    .strip_prefix("t=")
                    .and_then(|rest| rest.split_once(",v1="))
                    .expect("t=…,v1=… groups");
                let t: i64 = t.parse().expect("numeric t");
                sign(secret, t, &case_body) == v1
            });
            assert_eq!(valid, case["expect_valid"], "case {name}");
        }
    }

    /// The headers of the valid cases are what the emulator sends: the old secret alone, and
    /// during a rotation the new secret's group first (a rotation adds it in front).
    #[test]
    fn the_published_headers_are_reproduced() {
        let vectors = vectors();
        let (body, t) = (body(&vectors), vectors["timestamp"].as_i64().expect("t"));
        let (old, new) = (secret(&vectors, "old"), secret(&vectors, "new"));
        let header_of = |name: &str| {
            let cases = vectors["cases"].as_array().expect("cases");
            let case = cases.iter().find(|c| c["name"] == name).expect("case");
            case["header"].as_str().expect("header").to_owned()
        };
        assert_eq!(
            header(std::slice::from_ref(&old), t, &body),
            header_of("single-signature-valid")
        );
        let rotation = header(&[new, old], t, &body);
        assert_eq!(
            rotation,
            header_of("rotation-two-signatures-receiver-has-old-secret")
        );
        assert_eq!(
            rotation,
            header_of("rotation-two-signatures-receiver-has-new-secret")
        );
    }

    /// The raw HTTP fixtures carry the same headers over the same bytes.
    #[test]
    fn the_http_fixtures_carry_these_headers() {
        let vectors = vectors();
        let (body, t) = (body(&vectors), vectors["timestamp"].as_i64().expect("t"));
        let (old, new) = (secret(&vectors, "old"), secret(&vectors, "new"));
        for (file, secrets) in [
            ("inquiry-approved.request.http", vec![old.clone()]),
            ("inquiry-approved.rotation.request.http", vec![new, old]),
        ] {
            let request = String::from_utf8(read(file)).expect("UTF-8 request");
            let line = request
                .lines()
                .find_map(|l| l.strip_prefix("Persona-Signature: "))
                .expect("a Persona-Signature header");
            assert_eq!(line.trim_end(), header(&secrets, t, &body), "{file}");
            assert!(request.ends_with(std::str::from_utf8(&body).expect("UTF-8 body")));
        }
    }
}
