//! A webhook body, as any sender might write it: parsed, and its inquiry read if it has one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persona::WebhookEvent;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = serde_json::from_slice::<WebhookEvent>(data) {
        let _ = event.inquiry_status();
    }
});
