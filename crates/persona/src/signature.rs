//! `Persona-Signature` webhook signatures (CONTRACT section 10).
//!
//! The header holds one `t=<unix seconds>,v1=<hex hmac>` group per active secret, separated by
//! spaces. The HMAC-SHA256 key is the secret string exactly as configured (prefix included) and the
//! message is `t + "." + raw body`. A signature is valid when any `v1` of any group matches any
//! configured secret; group order is not guaranteed, so every pair is tried.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Why a webhook signature was refused. Shown to nobody but the logs.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Persona-Signature header is missing")]
    Missing,
    #[error("the Persona-Signature header is malformed")]
    Malformed,
    #[error("no signature matches a configured secret")]
    Mismatch,
    #[error("the signature timestamp is outside the allowed window")]
    Stale,
}

/// Lowercase hex HMAC-SHA256 of `timestamp.body` under `secret`.
pub fn compute(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The header value Persona sends: one group per secret, all with the same timestamp.
pub fn header_value<S: AsRef<str>>(secrets: &[S], timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|secret| {
            format!(
                "t={timestamp},v1={}",
                compute(secret.as_ref(), timestamp, body)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Group<'a> {
    timestamp: i64,
    signatures: Vec<&'a str>,
}

fn parse_groups(header: &str) -> Result<Vec<Group<'_>>, SignatureError> {
    let mut groups = Vec::new();
    for raw in header.split_ascii_whitespace() {
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for pair in raw.split(',') {
            match pair.split_once('=') {
                Some(("t", value)) => {
                    timestamp = Some(value.parse().map_err(|_| SignatureError::Malformed)?)
                }
                Some(("v1", value)) => signatures.push(value),
                // Future schemes (v2, …) are ignored rather than refused.
                Some(_) => {}
                None => return Err(SignatureError::Malformed),
            }
        }
        let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
        groups.push(Group {
            timestamp,
            signatures,
        });
    }
    if groups.is_empty() {
        return Err(SignatureError::Missing);
    }
    Ok(groups)
}

/// Checks `header` against every secret. `tolerance` bounds |now - t| in seconds; `None` skips
/// the replay check (only for fixed test vectors).
pub fn verify<S: AsRef<str>>(
    header: Option<&str>,
    body: &[u8],
    secrets: &[S],
    now: i64,
    tolerance: Option<i64>,
) -> Result<(), SignatureError> {
    let groups = parse_groups(header.ok_or(SignatureError::Missing)?)?;
    let mut saw_stale = false;
    for group in &groups {
        if tolerance.is_some_and(|limit| (now - group.timestamp).abs() > limit) {
            saw_stale = true;
            continue;
        }
        for secret in secrets {
            let expected = compute(secret.as_ref(), group.timestamp, body);
            let matched = group
                .signatures
                .iter()
                .any(|given| given.as_bytes().ct_eq(expected.as_bytes()).into());
            if matched {
                return Ok(());
            }
        }
    }
    Err(if saw_stale {
        SignatureError::Stale
    } else {
        SignatureError::Mismatch
    })
}
