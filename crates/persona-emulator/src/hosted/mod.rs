//! The Hosted Flow (CONTRACT 9): the page an end user opens to verify, as plain HTML forms that
//! work without JavaScript, at `/verify` below the emulator's root.

mod language;
mod pages;
mod params;
mod return_url;
mod verify;

use axum::routing::get;
use axum::Router;

use crate::emulator::Emulator;

pub(crate) fn routes() -> Router<Emulator> {
    Router::new().route("/verify", get(verify::open).post(verify::submit))
}
