//! `Persona-Signature` webhook signatures (docs/persona/CONTRACT.md, section 10).
//!
//! The header holds `t=<unix seconds>,v1=<hex hmac>` pairs. The HMAC-SHA256 key is the secret
//! string exactly as configured (prefix included) and the message is `t + "." + raw body`.
//! During a secret rotation Persona and real integrations write the two signatures in any of
//! three shapes, all accepted here:
//!
//! - `t=1,v1=A t=1,v1=B`: one group per secret, separated by a space (the docs' sample);
//! - `t=1,v1=A v1=B`: one timestamp, then a second signature after a space;
//! - `t=1,v1=A,v1=B`: one group holding both signatures.
//!
//! So the header is read as one sequence of `key=value` items split on commas and whitespace,
//! where each `v1` belongs to the `t` before it. A signature is valid when any `v1` matches,
//! under its own timestamp, any configured secret.
//!
//! The header is outside input and each timestamp costs one HMAC over the whole body per
//! secret, so its length and the number of signatures are bounded before any HMAC is computed,
//! and each distinct timestamp is hashed once.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The longest header accepted. A real one is two pairs, about 160 bytes.
pub const MAX_HEADER_LEN: usize = 1024;
/// The most `v1` signatures accepted in one header (a rotation needs two).
pub const MAX_SIGNATURES: usize = 8;

/// Why a webhook signature was refused. Shown to nobody but the logs.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Persona-Signature header is missing")]
    Missing,
    #[error("the Persona-Signature header is malformed")]
    Malformed,
    #[error("the Persona-Signature header is longer than {MAX_HEADER_LEN} bytes or carries more than {MAX_SIGNATURES} signatures")]
    TooLarge,
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

/// The header's signatures, grouped by their timestamp, each timestamp once.
#[derive(Debug, PartialEq, Eq)]
struct Signatures<'a> {
    by_timestamp: Vec<(i64, Vec<&'a str>)>,
}

impl<'a> Signatures<'a> {
    fn parse(header: &'a str) -> Result<Self, SignatureError> {
        if header.len() > MAX_HEADER_LEN {
            return Err(SignatureError::TooLarge);
        }
        let mut by_timestamp: Vec<(i64, Vec<&'a str>)> = Vec::new();
        let mut current: Option<usize> = None;
        let mut count = 0;
        let items = header
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|item| !item.is_empty());
        for item in items {
            match item.split_once('=') {
                Some(("t", value)) => {
                    let timestamp: i64 = value.parse().map_err(|_| SignatureError::Malformed)?;
                    let slot = by_timestamp.iter().position(|(t, _)| *t == timestamp);
                    current = Some(slot.unwrap_or_else(|| {
                        by_timestamp.push((timestamp, Vec::new()));
                        by_timestamp.len() - 1
                    }));
                }
                Some(("v1", value)) => {
                    let slot = current.ok_or(SignatureError::Malformed)?;
                    count += 1;
                    if count > MAX_SIGNATURES {
                        return Err(SignatureError::TooLarge);
                    }
                    by_timestamp[slot].1.push(value);
                }
                // Future schemes (v2, …) are ignored rather than refused.
                Some(_) => {}
                None => return Err(SignatureError::Malformed),
            }
        }
        if by_timestamp.is_empty() {
            return Err(if header.trim().is_empty() {
                SignatureError::Missing
            } else {
                SignatureError::Malformed
            });
        }
        Ok(Self { by_timestamp })
    }
}

/// Checks `header` against every secret. `tolerance` bounds |now - t| in seconds; `None` skips
/// the replay check (only for fixed test vectors).
pub fn verify<S: AsRef<str>>(
    header: Option<&str>,
    body: &[u8],
    secrets: &[S],
    now: i64,
    tolerance: Option<u64>,
) -> Result<(), SignatureError> {
    let signatures = Signatures::parse(header.ok_or(SignatureError::Missing)?)?;
    let mut saw_stale = false;
    for (timestamp, given) in &signatures.by_timestamp {
        // `abs_diff` cannot overflow, whatever `t=` a sender writes.
        if tolerance.is_some_and(|limit| now.abs_diff(*timestamp) > limit) {
            saw_stale = true;
            continue;
        }
        for secret in secrets {
            let expected = compute(secret.as_ref(), *timestamp, body);
            let matched = given
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

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
