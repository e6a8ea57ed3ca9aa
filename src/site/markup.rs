//! Inline markup: a block's spans as a flat list of open/text/close pieces the templates walk,
//! and the labels dates are shown with.

use std::collections::HashMap;

use crate::analysis::{Analysis, Span};

/// One step of a block's inline markup.
#[derive(Debug)]
pub enum Piece<'a> {
    Text(&'a str),
    QuoteOpen {
        id: String,
        speaker: Option<&'a str>,
    },
    QuoteClose,
    PlaceOpen {
        slug: &'a str,
        name: &'a str,
    },
    PlaceClose,
    DateOpen {
        datetime: &'a str,
        label: String,
    },
    DateClose,
}

/// Turns a block's text and spans into pieces. Spans arrive outer-first; a span that would
/// cross an open one is clipped to it, so the markup always nests.
pub fn pieces<'a>(text: &'a str, spans: &'a [Span], a: &'a Analysis) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut open: Vec<(usize, Piece<'a>)> = Vec::new(); // (end, closing piece)
    let mut at = 0;
    let mut quote_parts: HashMap<&str, usize> = HashMap::new();
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.range().start, std::cmp::Reverse(s.range().end)));
    for span in sorted {
        let r = span.range();
        if r.start < at || r.end > text.len() || r.start >= r.end {
            continue;
        }
        // Close everything that ends before this span starts.
        while let Some((end, _)) = open.last() {
            if *end <= r.start {
                let (end, close) = open.pop().unwrap_or((0, Piece::QuoteClose));
                push_text(&mut out, text, at, end);
                at = end;
                out.push(close);
            } else {
                break;
            }
        }
        push_text(&mut out, text, at, r.start);
        at = r.start;
        let end = open.last().map_or(r.end, |(e, _)| r.end.min(*e));
        match span {
            Span::Quote { quote, .. } => {
                let n = quote_parts.entry(quote.as_str()).or_insert(0);
                *n += 1;
                let id = if *n == 1 {
                    quote.clone()
                } else {
                    format!("{quote}-{n}")
                };
                let speaker = a
                    .quotes
                    .iter()
                    .find(|q| &q.id == quote)
                    .and_then(|q| q.speaker.as_deref());
                out.push(Piece::QuoteOpen { id, speaker });
                open.push((end, Piece::QuoteClose));
            }
            Span::Territory { slug, .. } => {
                let name = a
                    .territories
                    .iter()
                    .find(|t| &t.slug == slug)
                    .map_or(slug.as_str(), |t| t.name.as_str());
                out.push(Piece::PlaceOpen { slug, name });
                open.push((end, Piece::PlaceClose));
            }
            Span::Date { timeline, .. } => {
                if let Some(t) = a.timeline.iter().find(|t| &t.id == timeline) {
                    out.push(Piece::DateOpen {
                        datetime: &t.start,
                        label: date_label(&t.start, &t.end),
                    });
                    open.push((end, Piece::DateClose));
                }
            }
        }
    }
    while let Some((end, close)) = open.pop() {
        push_text(&mut out, text, at, end);
        at = end.max(at);
        out.push(close);
    }
    push_text(&mut out, text, at, text.len());
    out
}

fn push_text<'a>(out: &mut Vec<Piece<'a>>, text: &'a str, from: usize, to: usize) {
    // The analysis only makes spans on char boundaries; tests would catch one that is not,
    // a release build skips such a piece rather than panic mid-render.
    debug_assert!(
        text.get(from..to).is_some() || from >= to,
        "span {from}..{to} off a char boundary"
    );
    if from < to
        && let Some(t) = text.get(from..to)
    {
        out.push(Piece::Text(t));
    }
}

/// `2020-11-25` → `25 November 2020`; a range → `16–22 November 2020`, `1990 – 1993`, ….
#[must_use]
pub fn date_label(start: &str, end: &str) -> String {
    let parts = |d: &str| -> Option<(String, usize, u32)> {
        let mut it = d.split('-');
        let y = it.next()?.to_owned();
        let m: usize = it.next()?.parse().ok()?;
        let day: u32 = it.next()?.parse().ok()?;
        Some((y, m, day))
    };
    let (Some((y1, m1, d1)), Some((y2, m2, d2))) = (parts(start), parts(end)) else {
        return format!("{start} – {end}");
    };
    let month = |m: usize| {
        u8::try_from(m)
            .ok()
            .and_then(|m| time::Month::try_from(m).ok())
            .map_or_else(|| "?".to_owned(), |m| m.to_string())
    };
    if start == end {
        format!("{d1} {} {y1}", month(m1))
    } else if m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31 {
        if y1 == y2 {
            y1
        } else {
            format!("{y1} – {y2}")
        }
    } else if y1 == y2 && m1 == m2 {
        format!("{d1}–{d2} {} {y1}", month(m1))
    } else {
        format!("{d1} {} {y1} – {d2} {} {y2}", month(m1), month(m2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels_read_as_dates() {
        assert_eq!(date_label("2020-11-25", "2020-11-25"), "25 November 2020");
        assert_eq!(
            date_label("2020-11-16", "2020-11-22"),
            "16–22 November 2020"
        );
        assert_eq!(date_label("1990-01-01", "1993-12-31"), "1990 – 1993");
    }
}
