//! Text → data: reads an article in the plain-text format and returns the [`Analysis`] model.
//!
//! Nothing here knows about HTTP or HTML. Blocks are handled as one list of texts, the body
//! paragraphs first (`p1`…) and then the captions (`c1`…); the sub-modules speak in indexes
//! into that list and this module turns them into ids.

pub mod dates;
pub mod layout;
pub mod model;
pub mod parse;
pub mod quotes;
pub mod speakers;
pub mod territories;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use model::*;
pub use parse::{Document, ParseError};
pub use territories::Gazetteer;

/// The embedded reference article (the AP report of 2020-11-25, verbatim, under a `title` header).
pub const EMBEDDED_ARTICLE: &str = include_str!("../../articles/kalbajar.txt");

/// The name under which the embedded article is reported in messages.
pub const EMBEDDED_NAME: &str = "<embedded article>";

/// An article that could not be read or understood; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {error}", path.display())]
    Parse { path: PathBuf, error: ParseError },
}

/// Reads an article file to text, naming the file in any error.
///
/// # Errors
/// The file cannot be read, or is not a UTF-8 text article.
pub fn read_article(path: &Path) -> Result<String, ArticleError> {
    let bytes = std::fs::read(path).map_err(|source| ArticleError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse::decode(&bytes).map_err(|error| ArticleError::Parse {
        path: path.to_owned(),
        error,
    })
}

/// Analyses one article's text.
///
/// # Errors
/// The text is not an article in the expected format (no `date` header, an impossible date, …).
pub fn analyze(text: &str, gazetteer: &Gazetteer) -> Result<Analysis, ParseError> {
    let doc = parse::parse(text)?;
    Ok(assemble(&doc, gazetteer))
}

/// Reads and analyses a file, naming the file in any error.
///
/// # Errors
/// See [`read_article`] and [`analyze`].
pub fn analyze_file(
    path: &Path,
    gazetteer: &Gazetteer,
) -> Result<(String, Analysis), ArticleError> {
    let text = read_article(path)?;
    let analysis = analyze(&text, gazetteer).map_err(|error| ArticleError::Parse {
        path: path.to_owned(),
        error,
    })?;
    Ok((text, analysis))
}

fn block_id(index: usize, body_len: usize) -> String {
    if index < body_len {
        format!("p{}", index + 1)
    } else {
        format!("c{}", index - body_len + 1)
    }
}

fn assemble(doc: &Document, gazetteer: &Gazetteer) -> Analysis {
    let body_len = doc.paragraphs.len();
    let texts: Vec<&str> = doc
        .paragraphs
        .iter()
        .map(String::as_str)
        .chain(doc.captions.iter().map(|c| c.text.as_str()))
        .collect();
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); texts.len()];
    let mut warnings = Vec::new();

    // Quotes and speakers.
    let scan = quotes::find_quotes(&texts, body_len);
    warnings.extend(scan.warnings);
    let mut quotes = Vec::new();
    let mut speakers: Vec<Speaker> = Vec::new();
    // Name → index into `speakers`, so a long article does not scan every speaker per quote.
    let mut speaker_index: HashMap<&str, usize> = HashMap::new();
    let mention = |p: speakers::Place| Mention {
        block: block_id(p.block, body_len),
        start: p.start,
        end: p.end,
        text: texts
            .get(p.block)
            .and_then(|t| t.get(p.start..p.end))
            .unwrap_or_default()
            .to_owned(),
    };
    for (n, found) in scan.quotes.iter().enumerate() {
        let id = format!("q{}", n + 1);
        for part in &found.parts {
            spans[part.block].push(Span::Quote {
                start: part.start,
                end: part.end,
                quote: id.clone(),
            });
        }
        let block = found.parts.first().map_or(0, |p| p.block);
        let a = &found.attribution;
        match &found.speaker {
            Some(name) => match speaker_index.get(name.as_str()) {
                Some(&i) => {
                    speakers[i].quotes.push(id.clone());
                    if speakers[i].description.is_none() {
                        speakers[i].description.clone_from(&a.description);
                    }
                }
                None => {
                    speaker_index.insert(name, speakers.len());
                    speakers.push(Speaker {
                        name: name.clone(),
                        description: a.description.clone(),
                        quotes: vec![id.clone()],
                    });
                }
            },
            None => warnings.push(format!(
                "{id} in {} has no speaker the text names",
                block_id(block, body_len)
            )),
        }
        if let Some(w) = &a.warning {
            warnings.push(format!("{id} in {}: {w}", block_id(block, body_len)));
        }
        quotes.push(Quote {
            id,
            text: found.text.clone(),
            speaker: found.speaker.clone(),
            block: block_id(block, body_len),
            attribution: Attribution {
                cue: a.cue.map(|p| mention(p).text),
                how: a.how,
                rule: a.rule.map(|r| r.name().to_owned()),
                mention: a.mention.map(mention),
                antecedent: a.antecedent.map(mention),
            },
        });
    }

    // Territories, in order of first mention.
    let found = territories::find_territories(gazetteer, &texts);
    let mut territories_out: Vec<Territory> = Vec::new();
    let mut territory_index: HashMap<&str, usize> = HashMap::new();
    // The other places last added to each territory: most mentions of a name repeat them, and
    // describing them again per mention would cost more than the rest of the analysis.
    let mut others_added: Vec<&[territories::PlaceRef]> = Vec::new();
    for m in &found {
        spans[m.block].push(Span::Territory {
            start: m.start,
            end: m.end,
            slug: m.slug.clone(),
        });
        let mention = Mention {
            block: block_id(m.block, body_len),
            start: m.start,
            end: m.end,
            text: texts[m.block][m.start..m.end].to_owned(),
        };
        if let Some(&i) = territory_index.get(m.slug.as_str()) {
            let t = &mut territories_out[i];
            add_alias(t, &mention.text);
            if others_added[i] != m.others.as_slice() {
                add_others(gazetteer, t, &m.others);
                others_added[i] = &m.others;
            }
            t.mentions.push(mention);
        } else if let Some(mut t) = gazetteer.describe(&m.place) {
            territory_index.insert(&m.slug, territories_out.len());
            add_alias(&mut t, &mention.text);
            add_others(gazetteer, &mut t, &m.others);
            others_added.push(&m.others);
            t.mentions.push(mention);
            territories_out.push(t);
        }
    }
    warnings.extend(territories::unknown_places_by_id_beside(
        gazetteer, &texts, body_len, &found,
    ));

    // Time expressions, one entry per event with every mention.
    let found_dates = dates::find_dates(&texts, doc.date);
    let mut timeline = Vec::new();
    for (n, group) in dates::events(&found_dates).into_iter().enumerate() {
        let id = format!("t{}", n + 1);
        let mentions: Vec<Mention> = group
            .iter()
            .map(|&k| {
                let d = &found_dates[k];
                spans[d.block].push(Span::Date {
                    start: d.start,
                    end: d.end,
                    timeline: id.clone(),
                });
                Mention {
                    block: block_id(d.block, body_len),
                    start: d.start,
                    end: d.end,
                    text: d.text.clone(),
                }
            })
            .collect();
        let first = &found_dates[group[0]];
        timeline.push(TimelineEntry {
            id,
            text: first.text.clone(),
            start: iso(first.first),
            end: iso(first.last),
            rule: first.rule,
            block: block_id(first.block, body_len),
            mentions,
        });
    }

    // Outer spans first, so a renderer can nest them in one pass.
    for list in &mut spans {
        list.sort_by_key(|s| (s.range().start, std::cmp::Reverse(s.range().end)));
    }

    let beside = layout::place_captions(&texts, body_len, &found);
    let mut spans = spans.into_iter();
    let paragraphs = doc
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, text)| Paragraph {
            id: block_id(i, body_len),
            text: text.clone(),
            spans: spans.next().unwrap_or_default(),
        })
        .collect();
    let captions = doc
        .captions
        .iter()
        .enumerate()
        .map(|(i, c)| Caption {
            id: block_id(body_len + i, body_len),
            text: c.text.clone(),
            credit: c.credit.clone(),
            beside: block_id(beside.get(i).copied().unwrap_or(0), body_len),
            spans: spans.next().unwrap_or_default(),
        })
        .collect();

    Analysis {
        title: doc
            .title
            .clone()
            .unwrap_or_else(|| parse::derive_title(&doc.paragraphs)),
        date: iso(doc.date),
        dateline: doc.dateline.clone(),
        source: doc.source.clone(),
        paragraphs,
        captions,
        quotes,
        speakers,
        territories: territories_out,
        timeline,
        warnings,
    }
}

/// A spelling the article uses for a world place becomes one of its aliases (so its page
/// answers to it); editorial places list theirs already, and capitals are the same name.
fn add_alias(t: &mut Territory, text: &str) {
    if t.source == "editorial" || text == t.name || text.to_lowercase() == t.name.to_lowercase() {
        return;
    }
    if !t.aliases.iter().any(|a| a == text) {
        t.aliases.push(text.to_owned());
    }
}

/// The other places of the same name, as the page lists them (at most eight).
fn add_others(gazetteer: &Gazetteer, t: &mut Territory, others: &[territories::PlaceRef]) {
    for p in others {
        if t.not.len() >= 8 {
            return;
        }
        let Some(d) = gazetteer.describe(p) else {
            continue;
        };
        if d.slug == t.slug
            || t.not
                .iter()
                .any(|o| o.name == d.name && o.country == d.country && o.division == d.division)
        {
            continue;
        }
        t.not.push(OtherPlace {
            name: d.name,
            kind: d.kind,
            country: d.country,
            division: d.division,
            coordinates: d.coordinates,
        });
    }
}

/// `YYYY-MM-DD`.
#[must_use]
pub fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
