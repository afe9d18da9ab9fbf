//! `hall-desk`: the service hall's desk (issue 24). The kiosks' intake outbox posts feedback
//! drafts here; the desk checks them with assistant-core's rules, stores them (SQLite or
//! PostgreSQL), and shows them to the hall's staff on a web page, with the kiosks' heartbeats.
//!
//! - [`api`]: what the kiosks talk to (drafts, heartbeats, kiosk.toml, content packs).
//! - [`staff`]: the staff page (server-rendered, zh-CN / zh-TW / en).
//! - [`auth`]: passwords, sessions, CSRF, the wrong-password lockout.
//! - [`db`]: storage and migrations. [`config`]: `hall-desk.toml`. [`server`]: router and TLS.

pub mod api;
pub mod auth;
pub mod config;
pub mod db;
pub mod i18n;
pub mod server;
pub mod staff;
