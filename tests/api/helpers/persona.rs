//! What Persona (the in-process emulator) does and knows, as tests drive and read it.

use super::{form_inputs, location, TestApp};
use pawpass::domain::WalkerId;
use pawpass::onboarding::ReconcileReport;
use reqwest::Response;
use std::time::Duration;

impl TestApp {
    /// Replaces the emulator's fault set (see the emulator's control API).
    pub async fn set_faults(&self, faults: serde_json::Value) {
        let response = self
            .client
            .put(self.url("/persona/_control/faults"))
            .json(&faults)
            .send()
            .await
            .expect("setting faults");
        assert!(
            response.status().is_success(),
            "faults refused: {}",
            response.status()
        );
    }

    /// Persona is healthy again: no faults.
    pub async fn clear_faults(&self) {
        let response = self
            .client
            .delete(self.url("/persona/_control/faults"))
            .send()
            .await
            .expect("clearing faults");
        assert!(response.status().is_success());
    }

    pub async fn advance_emulator_clock(&self, by: Duration) {
        let response = self
            .client
            .post(self.url("/persona/_control/clock/advance"))
            .json(&serde_json::json!({"seconds": by.as_secs()}))
            .send()
            .await
            .expect("advancing the clock");
        assert!(response.status().is_success());
    }

    /// Drives an inquiry with Persona's sandbox simulate actions.
    pub async fn simulate(&self, inquiry_id: &str, actions: &[&str]) {
        let actions: Vec<_> = actions
            .iter()
            .map(|a| serde_json::json!({"type": a}))
            .collect();
        let response = self
            .persona()
            .post(self.url(&format!(
                "/persona/api/v1/inquiries/{inquiry_id}/perform-simulate-actions"
            )))
            .bearer_auth("persona_sandbox_emulator")
            .json(&serde_json::json!({"meta": {"simulate-actions": actions}}))
            .send()
            .await
            .expect("simulate");
        assert!(
            response.status().is_success(),
            "simulate: {}",
            response.status()
        );
    }

    fn persona(&self) -> reqwest::Client {
        reqwest::Client::new()
    }

    /// The status Persona (the emulator) holds for an inquiry.
    pub async fn emulator_status(&self, inquiry_id: &str) -> String {
        let body: serde_json::Value = self
            .persona()
            .get(self.url(&format!("/persona/_control/inquiries/{inquiry_id}")))
            .send()
            .await
            .expect("control GET")
            .json()
            .await
            .expect("json");
        body["data"]["attributes"]["status"]
            .as_str()
            .expect("a status")
            .to_owned()
    }

    /// Inquiry ids the emulator holds for one reference id.
    pub async fn emulator_inquiries_for(&self, reference_id: &str) -> Vec<String> {
        let path = format!("/inquiries?filter[reference-id]={reference_id}");
        list_emulator(&self.url("/persona"), "persona_sandbox_emulator", &path)
            .await
            .iter()
            .map(|i| i["id"].as_str().expect("id").to_owned())
            .collect()
    }

    /// The accounts the emulator holds for one reference id, as Persona's API lists them.
    pub async fn emulator_accounts_for(&self, reference_id: &str) -> Vec<serde_json::Value> {
        let path = format!("/accounts?filter[reference-id]={reference_id}");
        list_emulator(&self.url("/persona"), "persona_sandbox_emulator", &path).await
    }

    /// One account, as Persona's API retrieves it.
    pub async fn emulator_account(&self, account_id: &str) -> serde_json::Value {
        self.persona()
            .get(self.url(&format!("/persona/api/v1/accounts/{account_id}")))
            .bearer_auth("persona_sandbox_emulator")
            .header("persona-version", "2025-12-08")
            .send()
            .await
            .expect("retrieve an account")
            .json()
            .await
            .expect("json")
    }

    /// Every event the emulator has emitted, following `links.next`.
    pub async fn emulator_event_count(&self) -> i64 {
        let mut count = 0;
        let mut next = Some("/persona/api/v1/events?page%5Bsize%5D=100".to_owned());
        while let Some(path) = next {
            let body: serde_json::Value = self
                .persona()
                .get(self.url(&path))
                .bearer_auth("persona_sandbox_emulator")
                .send()
                .await
                .expect("events")
                .json()
                .await
                .expect("json");
            count += body["data"].as_array().map(Vec::len).unwrap_or_default() as i64;
            next = body["links"]["next"].as_str().map(str::to_owned);
        }
        count
    }

    /// Stored events and the deliveries behind them.
    pub async fn event_totals(&self) -> (i64, i64) {
        sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(deliveries), 0) AS BIGINT) FROM persona_events",
        )
        .fetch_one(&self.pool)
        .await
        .expect("totals")
    }

    /// Waits (bounded) until no webhook has arrived for a second.
    pub async fn wait_for_quiet_webhooks(&self) {
        let mut last = (-1, -1);
        for _ in 0..40 {
            let now = self.event_totals().await;
            if now == last {
                return;
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(1000)).await;
        }
    }

    /// Follows `/verification/continue` (bounded) until it leads into the Hosted Flow.
    pub async fn wait_for_hosted_flow(&self) -> Option<String> {
        for _ in 0..60 {
            let response = self.get("/verification/continue").await;
            if response.status() == reqwest::StatusCode::SEE_OTHER {
                let target = location(&response);
                if target.contains("/verify?") {
                    return Some(target);
                }
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        None
    }

    /// Waits (bounded) until the walker with this email has an inquiry; returns their id.
    pub async fn wait_for_inquiry(&self, email: &str) -> Option<WalkerId> {
        for _ in 0..80 {
            if let Some(walker) = self.walker_by_email(email).await {
                if walker.current_inquiry_id.is_some() {
                    return Some(walker.id);
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        None
    }

    /// A signup stored with its job, as the signup transaction leaves it, without running it.
    pub async fn store_signup_without_running(&self, email: &str) {
        let draft = pawpass::domain::SignupDraft {
            first_name: "Queue".into(),
            last_name: "Walker".into(),
            email: email.into(),
            birthdate: "1990-01-01".into(),
            phone: String::new(),
        };
        let walker = draft.parse(chrono::Utc::now().date_naive()).expect("valid");
        let id =
            WalkerId::parse(&format!("usr_{}", email.replace(['@', '.'], "_"))).expect("an id");
        // As a signup whose request died right after storing it leaves things: the job's lease
        // has run out, so any worker may take it.
        let gone = pawpass::store::Lease {
            owner: "a request that died",
            ms: -1,
        };
        self.store
            .walkers()
            .insert_with_job(&walker, pawpass::domain::Language::En, &id, gone)
            .await
            .expect("stored");
        self.onboarding.wake_worker();
    }

    pub async fn reconcile(&self) -> ReconcileReport {
        self.onboarding
            .reconcile_once(Duration::ZERO)
            .await
            .expect("reconcile")
    }

    /// What a person does on Persona's page: keep the prefilled data, set the toggle, submit.
    pub async fn finish_hosted_flow(&self, link: &str, pass: bool) -> Response {
        self.finish_hosted_flow_seeing(link, pass).await.1
    }

    /// The same, also returning the page the person saw.
    pub async fn finish_hosted_flow_seeing(&self, link: &str, pass: bool) -> (String, Response) {
        let page = self.get(link).await;
        assert_eq!(page.status(), reqwest::StatusCode::OK, "hosted flow {link}");
        let html = page.text().await.expect("body");
        let inputs: Vec<(String, String)> = form_inputs(&html)
            .into_iter()
            .filter(|(name, _)| pass || name != "pass")
            .collect();
        let pairs: Vec<(&str, &str)> = inputs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let response = self.post_form(link, &pairs).await;
        (html, response)
    }
}

/// The emulator as a service of its own on a loopback port, as PawPass meets real Persona;
/// answers its base URL.
pub async fn serve_emulator(
    config: persona_emulator::EmulatorConfig,
    options: persona_emulator::EmulatorOptions,
) -> String {
    let router = persona_emulator::router_with(config, options)
        .await
        .expect("emulator");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

/// Every object of a list on a standalone emulator (`path` after `/api/v1`, with its query),
/// following `links.next` to the end.
pub async fn list_emulator(base: &str, api_key: &str, path: &str) -> Vec<serde_json::Value> {
    let client = reqwest::Client::new();
    let mut all = Vec::new();
    let mut next = Some(format!("{base}/api/v1{path}"));
    while let Some(url) = next {
        let url = if url.starts_with("http") {
            url
        } else {
            format!("{base}{url}")
        };
        let page: serde_json::Value = client
            .get(&url)
            .bearer_auth(api_key)
            .header("persona-version", "2025-12-08")
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        all.extend(page["data"].as_array().expect("data").iter().cloned());
        next = page["links"]["next"].as_str().map(str::to_owned);
    }
    all
}
