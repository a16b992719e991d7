//! `/signup`: the walker's form. A plain HTML form posted to the server, so it works before,
//! without and after hydration alike. The form is an island: once its wasm loads, each field is
//! checked as the walker leaves it, by the same domain parser the server runs, so mistakes show
//! before a round trip (the server still checks everything). Its words come from the server in
//! the walker's language ([`SignupWords`]), so the browser carries no catalogue.

use super::language::use_language;
use super::layout::Page;
use crate::domain::{FieldErrors, FieldProblem, SignupDraft, SignupField};
use crate::i18n::t;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rejected form coming back: what was typed, what is wrong with it, and a page-level notice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupState {
    pub draft: SignupDraft,
    pub errors: FieldErrors,
    pub notice: Option<String>,
}

/// Everything the form says, in the walker's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupWords {
    /// Each field's label and hint, in `SignupField::ALL`'s order.
    fields: Vec<(String, Option<String>)>,
    problems: BTreeMap<FieldProblem, String>,
    summary_title: String,
    submit: String,
}

impl SignupWords {
    fn new(language: crate::domain::Language) -> Self {
        let fields = SignupField::ALL
            .map(|field| match field {
                SignupField::FirstName => (t(language, "field-first-name"), None),
                SignupField::LastName => (t(language, "field-last-name"), None),
                SignupField::Email => (t(language, "field-email"), None),
                SignupField::Birthdate => (
                    t(language, "field-birthdate"),
                    Some(t(language, "field-birthdate-hint")),
                ),
                SignupField::Phone => (
                    t(language, "field-phone"),
                    Some(t(language, "field-phone-hint")),
                ),
            })
            .to_vec();
        Self {
            fields,
            problems: FieldProblem::ALL
                .into_iter()
                .map(|problem| (problem, t(language, problem.key())))
                .collect(),
            summary_title: t(language, "error-summary-title"),
            submit: t(language, "signup-submit"),
        }
    }

    fn label(&self, field: SignupField) -> String {
        self.fields
            .get(field as usize)
            .map(|(label, _)| label.clone())
            .unwrap_or_default()
    }

    fn hint(&self, field: SignupField) -> Option<String> {
        self.fields
            .get(field as usize)
            .and_then(|(_, hint)| hint.clone())
    }

    fn problem(&self, problem: FieldProblem) -> String {
        self.problems
            .get(&problem)
            .cloned()
            .unwrap_or_else(|| problem.key().to_owned())
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let language = use_language();
    // The POST handler provides the rejected form as context when it re-renders this page; the
    // island's props carry it (and the server's date, so under-18 checks in the browser agree
    // with the server's) into the page for the browser.
    let state = use_context::<SignupState>().unwrap_or_default();
    let today = chrono::Utc::now().date_naive().to_string();
    let words = SignupWords::new(language);
    view! {
        <Title text=t(language, "signup-title")/>
        <Page>
            <h1>{t(language, "signup-heading")}</h1>
            <p class="lead">{t(language, "signup-lead")}</p>
            <SignupForm state today words/>
        </Page>
    }
}

#[island]
fn SignupForm(state: SignupState, today: String, words: SignupWords) -> impl IntoView {
    let SignupState {
        draft,
        errors,
        notice,
    } = state;
    let words = StoredValue::new(words);
    let today = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap_or_default();
    let draft = RwSignal::new(draft);
    // The summary lists the problems of the last submit (the server's, or one held back here);
    // the fields' own errors follow the walker as they type. A summary that shrank as fields
    // were fixed would move the submit button out from under the pointer.
    let summarised = RwSignal::new(errors.clone());
    let errors = RwSignal::new(errors);
    // Re-checks one field (when the walker leaves it) or all of them (on submit).
    let check = move |only: Option<SignupField>| {
        let found = draft.with(|d| d.parse(today).err()).unwrap_or_default();
        errors.update(|shown| match only {
            Some(field) => match found.get(&field) {
                Some(problem) => {
                    shown.insert(field, *problem);
                }
                None => {
                    shown.remove(&field);
                }
            },
            None => *shown = found,
        });
    };
    // What the inputs hold is the truth. Whatever was typed (or autofilled) before the wasm
    // took over the page fired none of our input handlers, so the draft is read back from the
    // inputs when the form comes alive and again before it is checked on submit; otherwise a
    // quick walker's complete form would be held back as empty.
    let inputs = SignupField::ALL.map(|_| NodeRef::<Input>::new());
    let read_inputs = move || {
        for (field, node) in SignupField::ALL.into_iter().zip(inputs) {
            if let Some(input) = node.get_untracked() {
                draft.update(|d| d.set(field, input.value()));
            }
        }
    };
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        read_inputs();
        check(None);
        summarised.set(errors.get_untracked());
        if errors.with(|e| !e.is_empty()) {
            event.prevent_default();
            // As after the server's answer: the summary is where the walker starts over. It is
            // shown once the update above reaches the page, on the next frame.
            request_animation_frame(move || {
                if let Some(summary) = summary_ref.get_untracked() {
                    let _ = summary.focus();
                }
            });
        }
    };
    let notice =
        notice.map(|text| view! { <div class="alert alert-info" role="status">{text}</div> });
    // Effects run only in the browser: once the form is live it takes in what was typed before,
    // and says that it now checks as you type.
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        read_inputs();
        live.set(true);
    });
    let field = move |field: SignupField| FieldState {
        // `ALL` lists the fields in declaration order, so a field's number is its index.
        node: inputs[field as usize],
        value: draft.with_untracked(|d| d.get(field).to_owned()),
        error: Signal::derive(move || {
            errors.with(|e| e.get(&field).map(|p| words.with_value(|w| w.problem(*p))))
        }),
        label: words.with_value(|w| w.label(field)),
        hint: words.with_value(|w| w.hint(field)),
        // A field's error shows when the walker leaves it, and goes as soon as their typing
        // fixes it: gone at the blur instead, it would move the button they are clicking.
        on_input: Callback::new(move |value: String| {
            draft.update(|d| d.set(field, value));
            if errors.with_untracked(|e| e.contains_key(&field)) {
                check(Some(field));
            }
        }),
        on_leave: Callback::new(move |()| check(Some(field))),
    };
    view! {
        <ErrorSummary errors=summarised words summary_ref inputs/>
        {notice}
        <form class="card form" method="post" action="/signup" novalidate=true
            data-live=move || live.get().then_some("true") on:submit=on_submit>
            <div class="form-row">
                <Field field=SignupField::FirstName kind="text" autocomplete="given-name"
                    state=field(SignupField::FirstName)/>
                <Field field=SignupField::LastName kind="text" autocomplete="family-name"
                    state=field(SignupField::LastName)/>
            </div>
            <Field field=SignupField::Email kind="email" autocomplete="email"
                state=field(SignupField::Email)/>
            <Field field=SignupField::Birthdate kind="date" autocomplete="bday"
                state=field(SignupField::Birthdate)/>
            <Field field=SignupField::Phone kind="tel" autocomplete="tel"
                state=field(SignupField::Phone)/>
            <button class="button button-primary" type="submit">
                {words.with_value(|w| w.submit.clone())}
            </button>
        </form>
    }
}

/// At the top of the form: every problem, each a link to its field. It is where the server's
/// answer starts (the browser lands on an alert) and where a blocked submit puts the focus.
/// Without the wasm a link jumps to its field; with it, a link also puts the cursor there.
#[component]
fn ErrorSummary(
    errors: RwSignal<FieldErrors>,
    words: StoredValue<SignupWords>,
    summary_ref: NodeRef<leptos::html::Div>,
    inputs: [NodeRef<Input>; 5],
) -> impl IntoView {
    let items = move || {
        errors.with(|shown| {
            shown
                .iter()
                .map(|(field, problem)| {
                    let href = format!("#{}", field_name(*field));
                    let text = words
                        .with_value(|w| format!("{}: {}", w.label(*field), w.problem(*problem)));
                    let input = inputs[*field as usize];
                    let focus = move |event: leptos::ev::MouseEvent| {
                        if let Some(input) = input.get_untracked() {
                            event.prevent_default();
                            let _ = input.focus();
                        }
                    };
                    view! { <li><a href=href on:click=focus>{text}</a></li> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref
            hidden=move || errors.with(|e| e.is_empty())>
            <h2>{words.with_value(|w| w.summary_title.clone())}</h2>
            <ul>{items}</ul>
        </div>
    }
}

/// One field's value as first rendered, its words, its current error, and what to do as it
/// changes.
struct FieldState {
    node: NodeRef<Input>,
    value: String,
    label: String,
    hint: Option<String>,
    error: Signal<Option<String>>,
    on_input: Callback<String>,
    on_leave: Callback<()>,
}

#[component]
fn Field(
    field: SignupField,
    kind: &'static str,
    autocomplete: &'static str,
    state: FieldState,
) -> impl IntoView {
    let FieldState {
        node,
        value,
        label,
        hint,
        error,
        on_input,
        on_leave,
    } = state;
    let name = field_name(field);
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match (error.with(Option::is_some), has_hint) {
            (true, true) => Some(format!("{error_id} {hint_id}")),
            (true, false) => Some(error_id.clone()),
            (false, true) => Some(hint_id.clone()),
            (false, false) => None,
        }
    };
    // Phones show the keyboard that fits: `type` picks it for email and tel already, and
    // `inputmode` says so for browsers that look only there.
    let inputmode = match kind {
        "email" => Some("email"),
        "tel" => Some("tel"),
        _ => None,
    };
    let invalid = move || error.with(Option::is_some);
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}</label>
            {hint.map(|text| view! { <p class="field-hint" id=hint_id.clone()>{text}</p> })}
            <input
                node_ref=node
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=value
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described_by
                on:input=move |event| on_input.run(event_target_value(&event))
                on:blur=move |_| on_leave.run(())
            />
            {move || error.get().map(|message| {
                view! { <p class="field-error" id=error_id.clone()>{message}</p> }
            })}
        </div>
    }
}

/// The HTML `name` of each field; the server's form parser uses the same names.
pub fn field_name(field: SignupField) -> &'static str {
    match field {
        SignupField::FirstName => "first_name",
        SignupField::LastName => "last_name",
        SignupField::Email => "email",
        SignupField::Birthdate => "birthdate",
        SignupField::Phone => "phone",
    }
}
