//! The `Persona-Signature` header, as any sender might write it. The first byte picks whether
//! the rest is a header against a fixed body or is split into header and body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persona::signature::{verify, SignatureError, MAX_HEADER_LEN};

fuzz_target!(|data: &[u8]| {
    let (header, body) = match data.split_first() {
        Some((&split, rest)) => rest.split_at((split as usize).min(rest.len())),
        None => (&[][..], &[][..]),
    };
    let Ok(header) = std::str::from_utf8(header) else {
        return;
    };
    let result = verify(Some(header), body, &["wbhsec_fuzz"], 1_765_386_546, Some(300));
    if header.len() > MAX_HEADER_LEN {
        assert_eq!(result, Err(SignatureError::TooLarge));
    }
});
