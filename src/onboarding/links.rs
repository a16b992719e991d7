//! The URLs PawPass hands to browsers.

use crate::domain::{InquiryId, Language};
use url::Url;

#[derive(Clone, Debug)]
pub struct Links {
    /// Persona's Hosted Flow page, e.g. `https://inquiry.withpersona.com/verify`.
    pub hosted_flow_url: String,
    /// PawPass's own public base, e.g. `https://walk.example.com`.
    pub public_base_url: String,
}

impl Links {
    /// `…/verify?inquiry-id=…[&session-token=…]&language=…&redirect-uri=…`, every value
    /// URL-encoded. `language` is the walker's, as Persona names it, so the flow speaks it too.
    pub fn hosted_flow(
        &self,
        inquiry_id: &InquiryId,
        session_token: Option<&str>,
        language: Language,
    ) -> String {
        let mut url = match Url::parse(&self.hosted_flow_url) {
            Ok(url) => url,
            // Checked when the configuration was read; keep the raw value rather than panic.
            Err(_) => return self.hosted_flow_url.clone(),
        };
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("inquiry-id", inquiry_id.as_str());
            if let Some(token) = session_token {
                query.append_pair("session-token", token);
            }
            query.append_pair("language", language.persona_code());
            query.append_pair("redirect-uri", &self.verification_return());
        }
        url.into()
    }

    pub fn verification_return(&self) -> String {
        format!("{}/verification/return", self.public_base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inq_1() -> InquiryId {
        InquiryId::parse("inq_1").expect("an inquiry id")
    }

    #[test]
    fn hosted_flow_link_encodes_the_redirect() {
        let links = Links {
            hosted_flow_url: "https://inquiry.withpersona.com/verify".into(),
            public_base_url: "https://walk.example.com".into(),
        };
        assert_eq!(
            links.hosted_flow(&inq_1(), None, Language::En),
            "https://inquiry.withpersona.com/verify?inquiry-id=inq_1&language=en-US&redirect-uri=\
             https%3A%2F%2Fwalk.example.com%2Fverification%2Freturn"
        );
        assert!(links
            .hosted_flow(&inq_1(), Some("a.b+c"), Language::Es)
            .contains("session-token=a.b%2Bc&language=es-MX&"));
    }
}
