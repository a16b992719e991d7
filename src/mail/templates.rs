//! The messages walkers receive, as plain text plus simple HTML, in the walker's language
//! (`locales/<code>/mail.ftl`). They carry no personal data beyond the first name, and every
//! link starts with `PUBLIC_BASE_URL`.

use crate::domain::{Language, MailKind};
use crate::i18n::{t, t_with};
use html_escape::encode_text;

/// What a message needs to be written.
#[derive(Clone, Copy)]
pub struct MailContent<'a> {
    pub kind: MailKind,
    pub language: Language,
    pub first_name: &'a str,
    /// Where the message's button leads: a continue link, or the status page.
    pub link: &'a str,
}

/// A message ready to send.
#[derive(Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The subject, the paragraphs and the button's words of a kind of message.
struct Words {
    subject: String,
    paragraphs: [String; 2],
    button: String,
}

fn words(kind: MailKind, language: Language) -> Words {
    // `continue_link` is `mail-continue-link-…` in the catalogue.
    let prefix = format!("mail-{}", kind.as_str().replace('_', "-"));
    let part = |suffix: &str| t(language, &format!("{prefix}-{suffix}"));
    Words {
        subject: part("subject"),
        paragraphs: [part("1"), part("2")],
        button: part("button"),
    }
}

pub fn render(content: MailContent<'_>) -> Rendered {
    let language = content.language;
    let Words {
        subject,
        paragraphs,
        button,
    } = words(content.kind, language);
    let greeting = t_with(language, "mail-greeting", &[("name", content.first_name)]);
    let signature = t(language, "mail-signature");
    let mut text = format!("{greeting}\n\n");
    for paragraph in &paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text.push_str(&format!("{button}: {}\n\n-- \n{signature}\n", content.link));

    let link = html_escape::encode_double_quoted_attribute(content.link);
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         </head><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2a2e;\
         max-width:36rem;margin:0 auto;padding:1.5rem\"><p>{}</p>",
        language.code(),
        encode_text(&subject),
        encode_text(&greeting)
    );
    for paragraph in &paragraphs {
        html.push_str(&format!("<p>{}</p>", encode_text(paragraph)));
    }
    html.push_str(&format!(
        "<p><a href=\"{link}\" style=\"display:inline-block;background:#1d6f5f;color:#ffffff;\
         padding:0.75rem 1.25rem;border-radius:0.5rem;text-decoration:none;font-weight:600\">\
         {}</a></p><p style=\"font-size:0.875rem;color:#52606d\">{} {link}</p>\
         <p style=\"font-size:0.875rem;color:#52606d\">{}</p></body></html>",
        encode_text(&button),
        encode_text(&t(language, "mail-open-address")),
        encode_text(&signature),
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
        for language in Language::ALL {
            for kind in MailKind::ALL {
                let rendered = render(MailContent {
                    kind: *kind,
                    language,
                    first_name: "Ada",
                    link: "https://walk.example.com/continue/abc",
                });
                assert!(rendered.text.contains("Ada"), "{kind:?} {language:?}");
                assert!(rendered
                    .text
                    .contains("https://walk.example.com/continue/abc"));
                assert!(rendered
                    .html
                    .contains("href=\"https://walk.example.com/continue/abc\""));
                assert!(
                    !rendered.subject.starts_with("mail-"),
                    "{kind:?} {language:?}"
                );
            }
        }
    }

    #[test]
    fn a_walker_reading_spanish_gets_spanish_mail() {
        let content = |language| MailContent {
            kind: MailKind::Approved,
            language,
            first_name: "Ada",
            link: "https://walk.example.com/status",
        };
        let english = render(content(Language::En));
        let spanish = render(content(Language::Es));
        assert!(english.text.starts_with("Hi Ada,"), "{}", english.text);
        assert!(spanish.text.starts_with("Hola, Ada:"), "{}", spanish.text);
        assert_eq!(spanish.subject, "Estás verificado: bienvenido a PawPass");
        assert!(spanish.html.contains("<html lang=\"es\">"));
    }

    #[test]
    fn a_name_cannot_inject_markup() {
        let rendered = render(MailContent {
            kind: MailKind::Approved,
            language: Language::En,
            first_name: "<script>x</script>",
            link: "https://walk.example.com/status",
        });
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.contains("&lt;script&gt;"));
    }
}
