//! `/admin/dashboard`: status counts, the funnel, time to decision, and the last 30 days, as
//! server-rendered SVG (no charting script).

use super::charts::{Bar, BarValues, DailyBars, Day, HorizontalBars};
use super::frame::AdminFrame;
use super::nav::{AdminNav, Section};
use crate::app::layout::{Page, StatusBadge, Width};
use crate::app::server_answer::view_answer;
use crate::domain::VerificationStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    pub frame: AdminFrame,
    pub counts: Vec<(VerificationStatus, i64)>,
    pub funnel: Vec<Bar>,
    pub decided: i64,
    pub median: String,
    pub decision_buckets: Vec<Bar>,
    pub days: Vec<Day>,
}

#[server(endpoint = "admin/dashboard")]
pub async fn admin_dashboard() -> Result<DashboardView, ServerFnError> {
    use crate::domain::list_query::FILTER_STATUSES;
    let (state, _operator, _session, frame) = super::server::signed_in().await?;
    let figures = state
        .console
        .dashboard()
        .await
        .map_err(|e| super::server::internal("reading the dashboard", e))?;
    let (counts, funnel, decisions) = (figures.counts, figures.funnel, figures.decisions);
    let count_of = |status: &VerificationStatus| {
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let bucket_labels = [
        "Under 1 hour",
        "1–6 hours",
        "6–24 hours",
        "1–3 days",
        "3–7 days",
        "Over 7 days",
    ];
    Ok(DashboardView {
        frame,
        counts: FILTER_STATUSES
            .iter()
            .map(|s| (s.clone(), count_of(s)))
            .collect(),
        funnel: vec![
            Bar {
                label: "Signed up".into(),
                value: funnel.signed_up,
            },
            Bar {
                label: "Started".into(),
                value: funnel.started,
            },
            Bar {
                label: "Completed".into(),
                value: funnel.completed,
            },
            Bar {
                label: "Approved".into(),
                value: funnel.approved,
            },
        ],
        decided: decisions.decided,
        median: decisions
            .median_ms
            .map(human_duration)
            .unwrap_or_else(|| "—".into()),
        decision_buckets: bucket_labels
            .iter()
            .zip(decisions.buckets.iter().chain(std::iter::repeat(&0)))
            .map(|(label, value)| Bar {
                label: (*label).into(),
                value: *value,
            })
            .collect(),
        days: figures
            .days
            .iter()
            .map(|day| Day {
                label: chrono::DateTime::from_timestamp_millis(day.start_ms)
                    .map(|t| t.format("%b %d").to_string())
                    .unwrap_or_default(),
                signups: day.signups,
                approvals: day.approvals,
            })
            .collect(),
    })
}

#[cfg(feature = "ssr")]
fn human_duration(ms: i64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{:.1} hours", m as f64 / 60.0),
        m => format!("{:.1} days", m as f64 / 1440.0),
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| admin_dashboard());
    view! {
        <Title text="Dashboard"/>
        <Page width=Width::Wide>
            <Suspense>
                {move || Suspend::new(async move {
                    view_answer(data.await, |view| view! { <Dashboard view/> })
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Dashboard(view: DashboardView) -> impl IntoView {
    let DashboardView {
        frame,
        counts,
        funnel,
        decided,
        median,
        decision_buckets,
        days,
    } = view;
    view! {
        <AdminNav frame current=Section::Dashboard/>
        <h1>"At a glance"</h1>
        <section aria-labelledby="counts-h">
            <h2 id="counts-h" class="visually-hidden">"Walkers per status"</h2>
            <ul class="stat-grid">
                {counts.into_iter().map(|(status, count)| {
                    let href = format!("/admin?status={}", status.as_str());
                    view! {
                    <li class="card stat">
                        <a href=href>
                            <span class="stat-value">{count}</span>
                            <StatusBadge status/>
                        </a>
                    </li>
                }}).collect_view()}
            </ul>
        </section>
        <div class="case-grid">
            <section class="card" aria-labelledby="funnel-h">
                <h2 id="funnel-h">"Funnel"</h2>
                <HorizontalBars bars=funnel title="Walkers reaching each step" values=BarValues::SharesOfFirst/>
            </section>
            <section class="card" aria-labelledby="decision-h">
                <h2 id="decision-h">"Time from signup to decision"</h2>
                <p><span class="stat-value">{median}</span>" median over "{decided}" decided walkers"</p>
                <HorizontalBars bars=decision_buckets title="Decided walkers by time to decision" values=BarValues::Counts/>
            </section>
        </div>
        <section class="card section" aria-labelledby="days-h">
            <h2 id="days-h">"Last 30 days"</h2>
            <DailyBars days/>
        </section>
    }
}
