//! article-viewer: read one news article in the browser.
//!
//! Data flows one way: text → [`analysis`] → [`site`] (pages rendered once) → [`server`] or export.

pub mod analysis;
