use super::*;
use proptest::prelude::*;
use serde::Deserialize;

const BODY: &[u8] =
    include_bytes!("../../../docs/persona/fixtures/webhook/inquiry-approved.body.raw");
const VECTORS: &str = include_str!("../../../docs/persona/fixtures/webhook/signature-vectors.json");

#[derive(Deserialize)]
struct Vectors {
    timestamp: i64,
    cases: Vec<Case>,
    hmac_values: HmacValues,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    receiver_secret: String,
    header: String,
    body: String,
    expect_valid: bool,
}

#[derive(Deserialize)]
struct HmacValues {
    v1_with_old_secret: String,
    v1_with_new_secret: String,
}

fn vectors() -> Vectors {
    serde_json::from_str(VECTORS).expect("signature vectors parse")
}

/// The body a vector case is checked against: the fixture, or the fixture with its first
/// `"status":"approved"` turned into `"declined"` (the tampered case).
fn case_body(case: &Case) -> Vec<u8> {
    let text = std::str::from_utf8(BODY).expect("fixture is UTF-8");
    if case.body == "unchanged" {
        text.as_bytes().to_vec()
    } else {
        text.replacen("\"status\":\"approved\"", "\"status\":\"declined\"", 1)
            .into_bytes()
    }
}

#[test]
fn every_signature_vector_is_decided_as_persona_decides_it() {
    let vectors = vectors();
    assert_eq!(vectors.cases.len(), 7, "all vector cases are read");
    for case in &vectors.cases {
        let result = verify(
            Some(&case.header),
            &case_body(case),
            &[&case.receiver_secret],
            vectors.timestamp,
            Some(300),
        );
        assert_eq!(
            result.is_ok(),
            case.expect_valid,
            "{}: {result:?}",
            case.name
        );
    }
}

#[test]
fn signing_the_fixture_gives_the_vectors_digests() {
    let vectors = vectors();
    let old = "wbhsec_emulator-fixture-secret-0001";
    let new = "wbhsec_emulator-fixture-secret-0002";
    assert_eq!(
        compute(old, vectors.timestamp, BODY),
        vectors.hmac_values.v1_with_old_secret
    );
    assert_eq!(
        compute(new, vectors.timestamp, BODY),
        vectors.hmac_values.v1_with_new_secret
    );
}

/// The three ways a rotation's two signatures are written; each verifies with either secret.
#[test]
fn every_rotation_shape_verifies_with_either_secret() {
    let t = 1_765_386_546;
    let a = compute("old", t, BODY);
    let b = compute("new", t, BODY);
    for header in [
        format!("t={t},v1={a} t={t},v1={b}"),
        format!("t={t},v1={a} v1={b}"),
        format!("t={t},v1={a},v1={b}"),
    ] {
        for secret in ["old", "new"] {
            assert_eq!(
                verify(Some(&header), BODY, &[secret], t, Some(300)),
                Ok(()),
                "{header}"
            );
        }
        assert_eq!(
            verify(Some(&header), BODY, &["other"], t, Some(300)),
            Err(SignatureError::Mismatch)
        );
    }
}

/// A signature made at one time does not pass under another group's timestamp.
#[test]
fn each_signature_is_checked_under_its_own_timestamp() {
    let now = 1_765_386_546;
    let old_time = now - 10_000;
    let signed_long_ago = compute("secret", old_time, BODY);
    let header = format!("t={old_time},v1={signed_long_ago} t={now},v1=00");
    assert_eq!(
        verify(Some(&header), BODY, &["secret"], now, Some(300)),
        Err(SignatureError::Stale)
    );
}

#[test]
fn extreme_timestamps_are_stale_not_a_panic() {
    for t in [i64::MIN, i64::MAX] {
        let header = format!("t={t},v1={}", compute("secret", t, BODY));
        assert_eq!(
            verify(Some(&header), BODY, &["secret"], 1_765_386_546, Some(300)),
            Err(SignatureError::Stale)
        );
    }
}

/// Thousands of groups would cost an HMAC each over the whole body; they are refused unread.
#[test]
fn a_header_with_many_groups_is_refused_before_any_hmac() {
    let t = 1_765_386_546;
    let many = (0..30_000)
        .map(|i| format!("t={},v1=00", t - i % 300))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        verify(Some(&many), BODY, &["secret"], t, Some(300)),
        Err(SignatureError::TooLarge)
    );
    let nine = vec![format!("t={t},v1=00"); MAX_SIGNATURES + 1].join(" ");
    assert!(nine.len() < MAX_HEADER_LEN);
    assert_eq!(
        verify(Some(&nine), BODY, &["secret"], t, Some(300)),
        Err(SignatureError::TooLarge)
    );
}

#[test]
fn repeated_timestamps_are_hashed_once() {
    let t = 1_765_386_546;
    let header = format!("t={t},v1=aa t={t},v1=bb t={t},v1={}", compute("s", t, BODY));
    let parsed = Signatures::parse(&header).expect("parses");
    assert_eq!(parsed.by_timestamp.len(), 1);
    assert_eq!(parsed.by_timestamp[0].1.len(), 3);
    assert_eq!(verify(Some(&header), BODY, &["s"], t, Some(300)), Ok(()));
}

#[test]
fn malformed_headers_are_named() {
    let t = 1_765_386_546;
    for (header, expected) in [
        ("", SignatureError::Missing),
        ("   ", SignatureError::Missing),
        ("v1=abc", SignatureError::Malformed),
        ("t=abc,v1=00", SignatureError::Malformed),
        ("t=1,garbage", SignatureError::Malformed),
        ("v2=abc", SignatureError::Malformed),
    ] {
        assert_eq!(
            verify(Some(header), BODY, &["s"], t, Some(300)),
            Err(expected),
            "{header:?}"
        );
    }
    assert_eq!(
        verify(None, BODY, &["s"], t, Some(300)),
        Err(SignatureError::Missing)
    );
}

proptest! {
    /// Whatever the header holds, verification answers without panicking.
    #[test]
    fn any_header_is_answered(header in "\\PC{0,1200}") {
        let _ = verify(Some(&header), BODY, &["s"], 1_765_386_546, Some(300));
    }

    /// Headers built from the grammar's own pieces, in any order and spacing.
    #[test]
    fn any_arrangement_of_pieces_is_answered(
        pieces in prop::collection::vec(
            prop_oneof!["t=-?[0-9]{1,20}", "v1=[0-9a-f]{0,70}", "v[0-9]=[a-z]{0,5}", "[a-z=]{0,4}"],
            0..20,
        ),
        separators in prop::collection::vec(prop_oneof![Just(","), Just(" "), Just(", "), Just("\t")], 20),
    ) {
        let header: String = pieces
            .iter()
            .zip(&separators)
            .map(|(piece, sep)| format!("{piece}{sep}"))
            .collect();
        let _ = verify(Some(&header), BODY, &["s"], 1_765_386_546, Some(300));
    }

    /// A genuine signature is found wherever it sits among decoys, in any rotation shape.
    #[test]
    fn a_genuine_signature_is_found_among_decoys(decoys in 0usize..6, position in 0usize..7, shape in 0usize..3) {
        let t = 1_765_386_546;
        let mut signatures = vec!["0".repeat(64); decoys];
        signatures.insert(position.min(decoys), compute("s", t, BODY));
        let header = match shape {
            0 => signatures.iter().map(|v| format!("t={t},v1={v}")).collect::<Vec<_>>().join(" "),
            1 => format!("t={t},{}", signatures.iter().map(|v| format!("v1={v}")).collect::<Vec<_>>().join(" ")),
            _ => format!("t={t},{}", signatures.iter().map(|v| format!("v1={v}")).collect::<Vec<_>>().join(",")),
        };
        prop_assert_eq!(verify(Some(&header), BODY, &["s"], t, Some(300)), Ok(()));
    }
}
