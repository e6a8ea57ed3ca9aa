//! Splits article text into header, body paragraphs and photo captions with their credits.

/// The article as written: header fields, body paragraphs and captions.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: time::Date,
    /// The wire dateline opening the first paragraph, e.g. `YEREVAN, Armenia (AP) —`.
    pub dateline: Option<String>,
    /// Body paragraph texts (the first one without the header, the dateline kept in it).
    pub paragraphs: Vec<String>,
    pub captions: Vec<RawCaption>,
}

/// A photo caption with its credit separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCaption {
    /// The caption text without the credit.
    pub text: String,
    /// The credit without parentheses; repeated `Credit:` tails folded in.
    pub credit: String,
}

/// Why a text is not an article; `line` is 1-based where it helps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ParseError {
    pub line: Option<usize>,
    pub problem: String,
}

/// Checks raw bytes are UTF-8 text (not binary) and returns them as a string.
///
/// # Errors
/// Not UTF-8, or binary data.
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    let _ = bytes;
    Err(ParseError {
        line: None,
        problem: "not implemented".into(),
    })
}

/// Parses article text.
///
/// # Errors
/// Empty text, no `date` header, an impossible date, …
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let _ = text;
    Err(ParseError {
        line: None,
        problem: "not implemented".into(),
    })
}

/// A title for an article without a `title` header.
#[must_use]
pub fn derive_title(paragraphs: &[String]) -> String {
    paragraphs.first().cloned().unwrap_or_default()
}
