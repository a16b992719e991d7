//! cargo-leptos reads its settings from Cargo.toml; `pawpass` reads Leptos.toml at run time.
//! The keys both hold must agree, or the binary would look for files the build never wrote.

fn leptos_table(file: &str) -> toml::Table {
    let text = std::fs::read_to_string(file).expect("readable");
    let doc: toml::Table = text.parse().expect("valid TOML");
    doc["package"]["metadata"]["leptos"]
        .as_table()
        .expect("a [package.metadata.leptos] table")
        .clone()
}

#[test]
fn leptos_toml_agrees_with_cargo_toml() {
    let build = leptos_table("Cargo.toml");
    let run = leptos_table("Leptos.toml");
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
    ] {
        assert_eq!(
            build.get(key),
            run.get(key),
            "{key} differs between Cargo.toml and Leptos.toml"
        );
    }
}

#[test]
fn leptos_toml_is_readable_by_leptos() {
    let config = leptos::prelude::get_configuration(Some("Leptos.toml")).expect("Leptos reads it");
    assert_eq!(&*config.leptos_options.output_name, "pawpass");
}

/// wasm-bindgen's CLI refuses a wasm file made by a different version of the crate, so the
/// version scripts/setup.sh installs must be the one Cargo.lock resolved.
#[test]
fn setup_installs_the_wasm_bindgen_that_cargo_lock_resolved() {
    let setup = std::fs::read_to_string("scripts/setup.sh").expect("readable");
    let installed = setup
        .lines()
        .find_map(|line| line.strip_prefix("WASM_BINDGEN_VERSION="))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("scripts/setup.sh sets WASM_BINDGEN_VERSION");

    let lock: toml::Table = std::fs::read_to_string("Cargo.lock")
        .expect("readable")
        .parse()
        .expect("valid TOML");
    let locked: Vec<&str> = lock["package"]
        .as_array()
        .expect("a package list")
        .iter()
        .filter(|package| package["name"].as_str() == Some("wasm-bindgen"))
        .filter_map(|package| package["version"].as_str())
        .collect();
    assert_eq!(
        locked,
        [installed],
        "Cargo.lock's wasm-bindgen and scripts/setup.sh's differ"
    );
}
