//! `/signup`: the walker's form. A plain HTML form posted to the server, so it works before,
//! without and after hydration alike. The form is PawPass's one island: once its wasm loads,
//! each field is checked as the walker leaves it, by the same domain parser the server runs, so
//! mistakes show before a round trip (the server still checks everything).

use super::layout::Page;
use crate::domain::{FieldErrors, SignupDraft, SignupField};
use leptos::html::Input;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A rejected form coming back: what was typed, what is wrong with it, and a page-level notice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupState {
    pub draft: SignupDraft,
    pub errors: FieldErrors,
    pub notice: Option<String>,
}

#[component]
pub fn SignupPage() -> impl IntoView {
    // The POST handler provides the rejected form as context when it re-renders this page; the
    // island's props carry it (and the server's date, so under-18 checks in the browser agree
    // with the server's) into the page for the browser.
    let state = use_context::<SignupState>().unwrap_or_default();
    let today = chrono::Utc::now().date_naive().to_string();
    view! {
        <Title text="Become a walker"/>
        <Page>
            <h1>"Become a PawPass walker"</h1>
            <p class="lead">
                "Tell us who you are. Next, our verification partner Persona checks your ID; "
                "we fill in what you type here so you don't have to type it twice."
            </p>
            <SignupForm state today/>
        </Page>
    }
}

#[island]
fn SignupForm(state: SignupState, today: String) -> impl IntoView {
    let SignupState {
        draft,
        errors,
        notice,
    } = state;
    let today = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap_or_default();
    let draft = RwSignal::new(draft);
    let errors = RwSignal::new(errors);
    // Re-checks one field (when the walker leaves it) or all of them (on submit).
    let check = move |only: Option<SignupField>| {
        let found = draft.with(|d| d.parse(today).err()).unwrap_or_default();
        errors.update(|shown| match only {
            Some(field) => match found.get(&field) {
                Some(message) => {
                    shown.insert(field, message.clone());
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
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        read_inputs();
        check(None);
        if errors.with(|e| !e.is_empty()) {
            event.prevent_default();
        }
    };
    let summary = move || {
        errors.with(|e| !e.is_empty()).then(|| {
            view! {
                <div class="alert alert-error" role="alert">
                    "Please correct the highlighted fields below."
                </div>
            }
        })
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
        error: Signal::derive(move || errors.with(|e| e.get(&field).cloned())),
        on_input: Callback::new(move |value: String| draft.update(|d| d.set(field, value))),
        on_leave: Callback::new(move |()| check(Some(field))),
    };
    view! {
        {summary}
        {notice}
        <form class="card form" method="post" action="/signup" novalidate=true
            data-live=move || live.get().then_some("true") on:submit=on_submit>
            <div class="form-row">
                <Field
                    field=SignupField::FirstName
                    label="First name"
                    kind="text"
                    autocomplete="given-name"
                    state=field(SignupField::FirstName)
                />
                <Field
                    field=SignupField::LastName
                    label="Last name"
                    kind="text"
                    autocomplete="family-name"
                    state=field(SignupField::LastName)
                />
            </div>
            <Field
                field=SignupField::Email
                label="Email"
                kind="email"
                autocomplete="email"
                state=field(SignupField::Email)
            />
            <Field
                field=SignupField::Birthdate
                label="Date of birth"
                hint="You must be 18 or older."
                kind="date"
                autocomplete="bday"
                state=field(SignupField::Birthdate)
            />
            <Field
                field=SignupField::Phone
                label="Phone (optional)"
                hint="With your country code, like +14155550123."
                kind="tel"
                autocomplete="tel"
                state=field(SignupField::Phone)
            />
            <button class="button button-primary" type="submit">"Continue to ID check"</button>
        </form>
    }
}

/// One field's value as first rendered, its current error, and what to do as it changes.
struct FieldState {
    node: NodeRef<Input>,
    value: String,
    error: Signal<Option<String>>,
    on_input: Callback<String>,
    on_leave: Callback<()>,
}

#[component]
fn Field(
    field: SignupField,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    state: FieldState,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let FieldState {
        node,
        value,
        error,
        on_input,
        on_leave,
    } = state;
    let name = field_name(field);
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match (error.with(Option::is_some), hint) {
            (true, Some(_)) => Some(format!("{error_id} {hint_id}")),
            (true, None) => Some(error_id.clone()),
            (false, Some(_)) => Some(hint_id.clone()),
            (false, None) => None,
        }
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
