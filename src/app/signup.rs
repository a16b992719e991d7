//! `/signup`: the walker's form. A plain HTML form posted to the server, so it works before,
//! without and after hydration alike.

use super::layout::Page;
use crate::domain::{FieldErrors, SignupDraft, SignupField};
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
    // The POST handler provides the rejected form as context when it re-renders this page. The
    // resource carries it to the browser inside the page, so hydration sees the same state.
    let posted = use_context::<SignupState>();
    let state = Resource::new_blocking(
        || (),
        move |_| {
            let posted = posted.clone();
            async move { posted.unwrap_or_default() }
        },
    );
    view! {
        <Title text="Become a walker"/>
        <Page>
            <h1>"Become a PawPass walker"</h1>
            <p class="lead">
                "Tell us who you are. Next, our verification partner Persona checks your ID; "
                "we fill in what you type here so you don't have to type it twice."
            </p>
            <Suspense>
                {move || Suspend::new(async move {
                    let state = state.await;
                    view! { <SignupForm state/> }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn SignupForm(state: SignupState) -> impl IntoView {
    let SignupState {
        draft,
        errors,
        notice,
    } = state;
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert">
                "Please correct the highlighted fields below."
            </div>
        }
    });
    let notice =
        notice.map(|text| view! { <div class="alert alert-info" role="status">{text}</div> });
    view! {
        {summary}
        {notice}
        <form class="card form" method="post" action="/signup" novalidate=true>
            <div class="form-row">
                <Field
                    field=SignupField::FirstName
                    label="First name"
                    kind="text"
                    autocomplete="given-name"
                    value=draft.first_name
                    errors=errors.clone()
                />
                <Field
                    field=SignupField::LastName
                    label="Last name"
                    kind="text"
                    autocomplete="family-name"
                    value=draft.last_name
                    errors=errors.clone()
                />
            </div>
            <Field
                field=SignupField::Email
                label="Email"
                kind="email"
                autocomplete="email"
                value=draft.email
                errors=errors.clone()
            />
            <Field
                field=SignupField::Birthdate
                label="Date of birth"
                hint="You must be 18 or older."
                kind="date"
                autocomplete="bday"
                value=draft.birthdate
                errors=errors.clone()
            />
            <Field
                field=SignupField::Phone
                label="Phone (optional)"
                hint="With your country code, like +14155550123."
                kind="tel"
                autocomplete="tel"
                value=draft.phone
                errors=errors.clone()
            />
            <button class="button button-primary" type="submit">"Continue to ID check"</button>
        </form>
    }
}

#[component]
fn Field(
    field: SignupField,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: String,
    errors: FieldErrors,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let name = field_name(field);
    let error = errors.get(&field).cloned();
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = match (&error, hint) {
        (Some(_), Some(_)) => Some(format!("{error_id} {hint_id}")),
        (Some(_), None) => Some(error_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        (None, None) => None,
    };
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}</label>
            {hint.map(|text| view! { <p class="field-hint" id=hint_id.clone()>{text}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-invalid=if invalid { "true" } else { "false" }
                aria-describedby=described_by
            />
            {error.map(|message| view! { <p class="field-error" id=error_id>{message}</p> })}
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
