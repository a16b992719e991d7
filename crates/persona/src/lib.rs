//! Persona, as PawPass's code sees it: the API client, its wire types and webhook signatures.
//! Knows Persona, not PawPass.

mod accounts;
mod actions;
mod client;
mod error;
pub mod signature;
pub mod wire;

pub use client::{CreateInquiry, PersonaClient, PersonaClientConfig};
pub use error::PersonaError;
pub use wire::{Account, Inquiry, WebhookEvent};
