//! Walkers as browsers: each signs up on one instance, is sent on into Persona's page from
//! another (the session made on the first), finishes there, and checks in on a third. Requests
//! go to the instances in service; one whose connection is refused (just stopped) is retried on
//! the next, as a load balancer does.

use crate::helpers::{browser, form_inputs, location, SignupForm};
use reqwest::{RequestBuilder, Response, StatusCode};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The instances in service, and the walkers' requests open on each.
#[derive(Clone, Default)]
pub struct Live {
    bases: Arc<Mutex<Vec<String>>>,
    open: Arc<Mutex<HashMap<String, Arc<AtomicUsize>>>>,
}

/// A request open on an instance (counted until dropped).
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Live {
    pub fn add(&self, base: &str) {
        self.bases.lock().expect("live").push(base.to_owned());
    }

    /// Takes an instance out of service; new requests go elsewhere.
    pub fn remove(&self, base: &str) {
        self.bases.lock().expect("live").retain(|b| b != base);
    }

    /// Waits until no walker's request is open on `base` (taken out of service first).
    pub async fn drained(&self, base: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.counter(base).load(Ordering::SeqCst) > 0 {
            assert!(
                Instant::now() < deadline,
                "requests to {base} never finished"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn counter(&self, base: &str) -> Arc<AtomicUsize> {
        self.open
            .lock()
            .expect("open")
            .entry(base.to_owned())
            .or_default()
            .clone()
    }

    /// The `n`th instance in service (wrapping), counted open.
    fn pick(&self, n: usize) -> (String, Open) {
        let base = {
            let bases = self.bases.lock().expect("live");
            bases[n % bases.len()].clone()
        };
        let counter = self.counter(&base);
        counter.fetch_add(1, Ordering::SeqCst);
        (base, Open(counter))
    }

    /// Sends `make(base)` to the `n`th instance in service, or the next if it refuses the
    /// connection. Returns the answer and the instance that gave it.
    async fn send(&self, n: usize, make: impl Fn(&str) -> RequestBuilder) -> (Response, String) {
        for tried in 0..6 {
            let (base, open) = self.pick(n + tried);
            match make(&base).send().await {
                Ok(response) => {
                    drop(open);
                    return (response, base);
                }
                Err(error) if error.is_connect() => continue,
                Err(error) => panic!("{base}: {error}"),
            }
        }
        panic!("no instance took the connection");
    }
}

/// How a walker's journey went, for the report.
pub struct Walked {
    /// Sent to the "preparing" page at signup (Persona slow or failing).
    pub waited: bool,
}

/// One walker's journey; `n` spreads walkers over the instances.
pub async fn walk(n: usize, live: &Live) -> Walked {
    let email = format!("walker{n:04}@example.com");
    let form = SignupForm::valid(&email);
    let browser = browser();
    // The signup page, then its form, from the page's origin (the CSRF check).
    let (page, base) = live
        .send(n, |base| browser.get(format!("{base}/signup")))
        .await;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "{email}: signup page on {base}"
    );
    let (signup, base) = live
        .send(n, |base| {
            browser
                .post(format!("{base}/signup"))
                .header("origin", base)
                .form(&form.pairs())
        })
        .await;
    assert_eq!(
        signup.status(),
        StatusCode::SEE_OTHER,
        "{email}: signup on {base}"
    );
    let to = location(&signup);
    let waited = !to.contains("/verify?");
    // Sent on from the next instance: the session made at signup is known there.
    let link = if waited {
        assert_eq!(to, "/verification/preparing", "{email}");
        continue_into_flow(&browser, live, n + 1, &email).await
    } else {
        to
    };
    // Persona's page, as a person fills it: most pass, every seventh does not.
    let page = browser.get(&link).send().await.expect("hosted flow");
    assert_eq!(page.status(), StatusCode::OK, "{email}: {link}");
    let html = page.text().await.expect("page");
    let pass = !n.is_multiple_of(7);
    let inputs: Vec<(String, String)> = form_inputs(&html)
        .into_iter()
        .filter(|(name, _)| pass || name != "pass")
        .collect();
    let finished = browser
        .post(&link)
        .form(&inputs)
        .send()
        .await
        .expect("finish");
    assert_eq!(finished.status(), StatusCode::SEE_OTHER, "{email}: finish");
    // On a third instance the walker is still signed in: finished, they are shown their status.
    let (back, base) = live
        .send(n + 2, |base| {
            browser.get(format!("{base}/verification/continue"))
        })
        .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER, "{email} on {base}");
    assert_eq!(location(&back), "/status", "{email}: signed in on {base}");
    Walked { waited }
}

/// Follows `/verification/continue` (bounded) until it leads into Persona's page.
async fn continue_into_flow(
    browser: &reqwest::Client,
    live: &Live,
    n: usize,
    email: &str,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let (answer, base) = live
            .send(n, |base| {
                browser.get(format!("{base}/verification/continue"))
            })
            .await;
        if answer.status() == StatusCode::SEE_OTHER {
            let to = location(&answer);
            assert_ne!(to, "/signup", "{email}: not signed in on {base}");
            if to.contains("/verify?") {
                return to;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{email}: never sent into the flow"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
