//! Link-preview metadata: the description and the schema.org `NewsArticle` every page carries.

use crate::analysis::Analysis;

/// The first sentence or so of the article, for link previews.
pub fn description(a: &Analysis) -> String {
    let first = a.paragraphs.first().map_or("", |p| p.text.as_str());
    let mut out = String::new();
    for word in first.split_whitespace() {
        if out.len() + word.len() > 200 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// schema.org `NewsArticle` for link previews. Escaped so it can never close its `<script>`.
pub fn json_ld(a: &Analysis) -> String {
    let place = a
        .dateline
        .as_deref()
        .map(|d| d.split(',').next().unwrap_or(d).trim().to_owned());
    let doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.date,
        "dateline": a.dateline,
        "contentLocation": place.map(|p| serde_json::json!({"@type": "Place", "name": p})),
        "publisher": a.source.as_deref().map(|s| serde_json::json!({"@type": "Organization", "name": s})),
        "description": description(a),
    });
    doc.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
