//! Where the Hosted Flow sends the browser when it is done (CONTRACT 9).

use crate::lifecycle::flow::Verdict;

/// `redirect-uri` plus `inquiry-id`, `reference-id` (when set) and `status`, keeping any query
/// it already has. A path-only URI stays path-only.
pub(crate) fn return_url(
    uri: &str,
    inquiry_id: &str,
    reference_id: Option<&str>,
    verdict: Verdict,
) -> Option<String> {
    const PLACEHOLDER_BASE: &str = "http://emulator.invalid";
    let status = match verdict {
        Verdict::Pass => "completed",
        Verdict::Fail => "failed",
    };
    let relative = uri.starts_with('/') && !uri.starts_with("//");
    let mut url = if relative {
        url::Url::parse(PLACEHOLDER_BASE).ok()?.join(uri).ok()?
    } else {
        url::Url::parse(uri).ok()?
    };
    url.query_pairs_mut()
        .append_pair("inquiry-id", inquiry_id)
        .extend_pairs(reference_id.map(|r| ("reference-id", r)))
        .append_pair("status", status);
    Some(if relative {
        url[url::Position::BeforePath..].to_owned()
    } else {
        url.into()
    })
}
