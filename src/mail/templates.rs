//! The messages walkers receive, as plain text plus simple HTML. They carry no personal data
//! beyond the first name, and every link starts with `PUBLIC_BASE_URL`.

use crate::domain::MailKind;
use html_escape::encode_text;

/// What a message needs to be written.
#[derive(Clone, Copy)]
pub struct MailContent<'a> {
    pub kind: MailKind,
    pub first_name: &'a str,
    /// Where the message's button leads: a continue link, or the status page.
    pub link: &'a str,
}

/// A message ready to send.
#[derive(Clone)]
pub struct Rendered {
    pub subject: &'static str,
    pub text: String,
    pub html: String,
}

/// The subject, the paragraphs and the button's words of each kind of message.
fn words(kind: MailKind) -> (&'static str, &'static [&'static str], &'static str) {
    match kind {
        MailKind::ContinueLink => (
            "Your link to continue your PawPass verification",
            &[
                "Here is your link to continue verifying your identity with PawPass. It works \
                 once, for the next 30 minutes.",
                "If you didn't ask for it, you can ignore this message: nothing changes unless \
                 the link is opened.",
            ],
            "Continue my verification",
        ),
        MailKind::Approved => (
            "You're verified: welcome to PawPass",
            &[
                "Your identity check passed. You can start accepting walks now.",
                "Thank you for helping keep every dog and its people safe.",
            ],
            "See my status",
        ),
        MailKind::Declined => (
            "About your PawPass application",
            &[
                "After reviewing your identity check, we can't accept your application to walk \
                 with PawPass. This is a decision about the application, so a new attempt \
                 would not change it.",
                "If you think this is a mistake, reply to this message and our support team \
                 will look at it with you.",
            ],
            "See my status",
        ),
        MailKind::Failed => (
            "Your ID check didn't go through: you can try again",
            &[
                "Your identity check couldn't be completed, often because of a blurry photo or \
                 a timeout. You can start a new attempt; it takes about five minutes.",
                "The link works once, for the next 30 minutes. If it has run out, ask for a new \
                 one on the status page.",
            ],
            "Try again",
        ),
        MailKind::Expired => (
            "Your PawPass verification is waiting for you",
            &[
                "Your identity check wasn't finished in time, so it was paused. You can pick \
                 it up where you left off.",
                "The link works once, for the next 30 minutes. If it has run out, ask for a new \
                 one on the status page.",
            ],
            "Continue my verification",
        ),
        MailKind::InReview => (
            "We're reviewing your PawPass verification",
            &[
                "Thanks for completing your identity check. A person on our team is reviewing \
                 it, which usually takes less than a working day.",
                "We'll write again as soon as it is decided; there is nothing you need to do.",
            ],
            "See my status",
        ),
    }
}

pub fn render(content: MailContent<'_>) -> Rendered {
    let (subject, paragraphs, button) = words(content.kind);
    let greeting = format!("Hi {},", content.first_name);
    let mut text = format!("{greeting}\n\n");
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{button}: {}\n\n-- \nPawPass, identity checks for dog walkers\n",
        content.link
    ));

    let link = html_escape::encode_double_quoted_attribute(content.link);
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{subject}</title>\
         </head><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2a2e;\
         max-width:36rem;margin:0 auto;padding:1.5rem\"><p>{}</p>",
        encode_text(&greeting)
    );
    for paragraph in paragraphs {
        html.push_str(&format!("<p>{}</p>", encode_text(paragraph)));
    }
    html.push_str(&format!(
        "<p><a href=\"{link}\" style=\"display:inline-block;background:#1d6f5f;color:#ffffff;\
         padding:0.75rem 1.25rem;border-radius:0.5rem;text-decoration:none;font-weight:600\">\
         {button}</a></p><p style=\"font-size:0.875rem;color:#52606d\">Or open this address: \
         {link}</p><p style=\"font-size:0.875rem;color:#52606d\">PawPass, identity checks for \
         dog walkers</p></body></html>"
    ));
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_greets_by_first_name_and_carries_its_link_in_both_parts() {
        for kind in MailKind::ALL {
            let rendered = render(MailContent {
                kind: *kind,
                first_name: "Ada",
                link: "https://walk.example.com/continue/abc",
            });
            assert!(rendered.text.starts_with("Hi Ada,"), "{kind:?}");
            assert!(rendered
                .text
                .contains("https://walk.example.com/continue/abc"));
            assert!(rendered
                .html
                .contains("href=\"https://walk.example.com/continue/abc\""));
        }
    }

    #[test]
    fn a_name_cannot_inject_markup() {
        let rendered = render(MailContent {
            kind: MailKind::Approved,
            first_name: "<script>x</script>",
            link: "https://walk.example.com/status",
        });
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.contains("&lt;script&gt;"));
    }
}
