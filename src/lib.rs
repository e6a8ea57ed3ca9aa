//! article-viewer: read one news article in the browser.
//!
//! Data flows one way: text → [`analysis`] → [`site`] (every page rendered once) → [`server`]
//! (routes look pages up) or [`export`] (the same pages written to disk).

pub mod analysis;
pub mod assets;
pub mod cli;
pub mod commands;
pub mod export;
pub mod hash;
pub mod logging;
pub mod map;
pub mod pipeline;
pub mod reload;
pub mod security;
pub mod server;
pub mod site;

pub use server::app;
