//! Small SVG charts drawn on the server. Each has a text alternative: the numbers are printed
//! in the chart and repeated in a table.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const WIDTH: f64 = 600.0;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub label: String,
    pub signups: i64,
    pub approvals: i64,
}

/// What each bar's value says besides its count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarValues {
    Counts,
    /// Also each bar's share of the first one (a funnel).
    SharesOfFirst,
}

/// Labelled horizontal bars, each with its value.
#[component]
pub fn HorizontalBars(bars: Vec<Bar>, title: &'static str, values: BarValues) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let first = bars.first().map(|b| b.value).unwrap_or(0).max(1) as f64;
    let row_height = 34.0;
    let height = row_height * bars.len() as f64;
    let label_width = 150.0;
    let bar_space = WIDTH - label_width - 120.0;
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title>
            <title>{title}</title>
            {bars.into_iter().enumerate().map(|(i, bar)| {
                let y = i as f64 * row_height;
                let w = (bar.value as f64 / max * bar_space).max(1.0);
                let text = match values {
                    BarValues::SharesOfFirst => {
                        format!("{} ({:.0}%)", bar.value, bar.value as f64 / first * 100.0)
                    }
                    BarValues::Counts => bar.value.to_string(),
                };
                view! {
                    <text class="chart-label" x="0" y=format!("{}", y + 21.0)>{bar.label}</text>
                    <rect class="chart-bar" x=format!("{label_width}") y=format!("{}", y + 6.0)
                        width=format!("{w:.1}") height="22" rx="4"/>
                    <text class="chart-value" x=format!("{:.1}", label_width + w + 8.0) y=format!("{}", y + 22.0)>{text}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Signups and approvals per day, side by side, with a data table under a disclosure.
#[component]
pub fn DailyBars(days: Vec<Day>) -> impl IntoView {
    let max = days
        .iter()
        .map(|d| d.signups.max(d.approvals))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // Drawn wider than the bar charts: it spans the page, and text should stay small.
    let width = 1000.0;
    let height = 215.0;
    let plot = 180.0;
    let step = width / days.len().max(1) as f64;
    let bar = (step / 2.0 - 1.5).max(1.0);
    let bars = days.iter().enumerate().map(|(i, d)| {
        let x = i as f64 * step;
        let hs = d.signups as f64 / max * plot;
        let ha = d.approvals as f64 / max * plot;
        let last = i + 1 == days.len();
        let show_label = (i % 5 == 0 && i + 3 < days.len()) || last;
        let (label_x, anchor) = if last { (x + step, "end") } else { (x, "start") };
        view! {
            <rect class="chart-bar" x=format!("{x:.1}") y=format!("{:.1}", plot - hs)
                width=format!("{bar:.1}") height=format!("{hs:.1}")>
                <title>{format!("{}: {} signups", d.label, d.signups)}</title>
            </rect>
            <rect class="chart-bar-alt" x=format!("{:.1}", x + bar + 1.0) y=format!("{:.1}", plot - ha)
                width=format!("{bar:.1}") height=format!("{ha:.1}")>
                <title>{format!("{}: {} approvals", d.label, d.approvals)}</title>
            </rect>
            {show_label.then(|| view! {
                <text class="chart-axis" x=format!("{label_x:.1}") y=format!("{}", plot + 20.0)
                    text-anchor=anchor>{d.label.clone()}</text>
            })}
        }
    }).collect_view();
    let peak = format!("Peak: {}", max as i64);
    view! {
        <p class="legend">
            <span class="legend-key legend-signups"></span>"Signups "
            <span class="legend-key legend-approvals"></span>"Approvals "
            <span class="muted">{peak}</span>
        </p>
        <svg class="chart" viewBox=format!("0 0 {width} {height}") role="img"
            aria-label="Signups and approvals per day, last 30 days">
            <title>"Signups and approvals per day, last 30 days"</title>
            <line class="chart-axis-line" x1="0" x2=format!("{width}") y1=format!("{plot}") y2=format!("{plot}")/>
            {bars}
        </svg>
        <details>
            <summary>"Show as a table"</summary>
            <div class="table-wrap"><table class="walkers">
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Signups"</th><th scope="col">"Approvals"</th></tr></thead>
                <tbody>
                    {days.into_iter().map(|d| view! {
                        <tr><td data-label="Day">{d.label}</td><td data-label="Signups">{d.signups}</td><td data-label="Approvals">{d.approvals}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </details>
    }
}
