//! Finds time expressions and resolves them against the article's date.

use time::Date;

/// A time expression in a block (byte offsets, end exclusive) with the days it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    /// The exact words.
    pub text: String,
    pub first: Date,
    pub last: Date,
}

/// Every time expression, in block and text order.
#[must_use]
pub fn find_dates(blocks: &[&str], published: Date) -> Vec<FoundDate> {
    let _ = (blocks, published);
    Vec::new()
}
