//! Page view models: what each template is given, built from the analysis once per site.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::axis::Axis;
use super::markup::{Piece, date_label, pieces, said};
use super::meta::{description, json_ld};
use super::{RenderError, Rendered, SiteInput, html};
use crate::analysis::{Analysis, Territory};
use crate::assets::Assets;
use crate::hash::hex;
use crate::map;

/// What every page's frame needs.
pub struct Frame<'a> {
    pub title: String,
    pub description: String,
    pub article_title: &'a str,
    /// The site version, compared with what `/events` announces.
    pub version: String,
    pub assets: &'a Assets,
    pub banner: Option<&'a str>,
    pub live_reload: bool,
    /// Which nav entry is current.
    pub current: &'static str,
    pub json_ld: Option<String>,
    pub og: bool,
}

pub struct Block<'a> {
    pub id: &'a str,
    pub pieces: Vec<Piece<'a>>,
    /// Quotes that open in this block, for their permalinks.
    pub quotes: Vec<&'a str>,
}

pub struct Figure<'a> {
    pub id: &'a str,
    pub pieces: Vec<Piece<'a>>,
    pub credit: &'a str,
    pub quotes: Vec<&'a str>,
}

pub struct Row<'a> {
    pub paragraph: Block<'a>,
    pub figures: Vec<Figure<'a>>,
}

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage<'a> {
    pub frame: Frame<'a>,
    pub a: &'a Analysis,
    pub date_label: String,
    pub rows: Vec<Row<'a>>,
    /// Captions whose paragraph is missing (never for a well-formed analysis; kept so no text is lost).
    pub loose: Vec<Figure<'a>>,
}

/// One place a quote, territory or date stands, with a link to its spot.
pub struct Spot {
    pub href: String,
    pub block: String,
    pub context: String,
}

pub struct QuoteItem<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub href: String,
    pub block: &'a str,
    /// How we know who said it (`Aliyev — said, named in the same sentence`).
    pub said: String,
}

pub struct SpeakerItem<'a> {
    pub name: &'a str,
    /// What the article says they are (`77, an Azerbaijani refugee from Kalbajar region`).
    pub description: Option<&'a str>,
    pub quotes: Vec<QuoteItem<'a>>,
}

#[derive(Template)]
#[template(path = "quotes.html")]
pub struct QuotesPage<'a> {
    pub frame: Frame<'a>,
    pub speakers: Vec<SpeakerItem<'a>>,
    pub unattributed: Vec<QuoteItem<'a>>,
}

/// One event of the timeline list, with every mention's sentence and link.
pub struct TimelineItem<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub datetime: &'a str,
    pub label: String,
    pub mentions: usize,
    /// The sentences it is mentioned in, each once, with a link to every spot that has it
    /// (captions often repeat a sentence word for word).
    pub sentences: Vec<(String, Vec<Spot>)>,
}

#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage<'a> {
    pub frame: Frame<'a>,
    pub published: String,
    /// The picture above the list; `None` when the article names no dates.
    pub axis: Option<Axis>,
    pub items: Vec<TimelineItem<'a>>,
}

#[derive(Template)]
#[template(path = "territories.html")]
pub struct TerritoriesPage<'a> {
    pub frame: Frame<'a>,
    pub territories: &'a [Territory],
    pub map: map::Map,
}

#[derive(Template)]
#[template(path = "territory.html")]
pub struct TerritoryPage<'a> {
    pub frame: Frame<'a>,
    pub t: &'a Territory,
    pub spellings: String,
    pub coordinates: String,
    pub population: String,
    /// Where the entry comes from, in words.
    pub source: String,
    /// The other places of the same name, one line each.
    pub others: Vec<String>,
    pub mentions: Vec<Spot>,
    pub map: map::Map,
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundPage<'a> {
    pub frame: Frame<'a>,
}

/// Shared state while rendering one site.
pub(super) struct Context<'a> {
    input: &'a SiteInput<'a>,
    a: &'a Analysis,
    assets: &'a Assets,
    /// Block id → text, for sentences around mentions.
    texts: BTreeMap<&'a str, &'a str>,
    /// The link-preview description, shared by every page.
    description: String,
    pub(super) version: String,
    /// The locator maps' shared state (the article's countries resolved to shapes once).
    maps: map::Maps<'a>,
}

/// Characters kept literal in a text fragment: everything else is percent-encoded, including
/// the `-`, `,` and `&` that the fragment syntax reserves.
const FRAGMENT: &AsciiSet = NON_ALPHANUMERIC;

impl<'a> Context<'a> {
    pub(super) fn new(input: &'a SiteInput<'a>, assets: &'a Assets) -> Self {
        let a = input.analysis;
        let texts = a
            .paragraphs
            .iter()
            .map(|p| (p.id.as_str(), p.text.as_str()))
            .chain(a.captions.iter().map(|c| (c.id.as_str(), c.text.as_str())))
            .collect();
        // Everything a page can show comes from these three; hashing them names the version
        // before any page is rendered, so every page can carry it for live reload.
        let mut hash = Sha256::new();
        hash.update(input.source.as_bytes());
        hash.update(serde_json::to_vec(a).unwrap_or_default());
        hash.update(input.banner.unwrap_or("").as_bytes());
        for p in input.gazetteer.places() {
            hash.update(format!("{}{:?}{}", p.slug, p.coordinates, p.name).as_bytes());
        }
        let version = hex(&hash.finalize())[..16].to_owned();
        Self {
            input,
            a,
            assets,
            texts,
            description: description(a),
            version,
            maps: map::Maps::new(&a.territories, input.gazetteer),
        }
    }

    /// The same context for another thread: what was worked out once (version, texts,
    /// description) shared, the maps' state (caches in cells) its own.
    pub(super) fn sibling(&self) -> Self {
        Self {
            input: self.input,
            a: self.a,
            assets: self.assets,
            texts: self.texts.clone(),
            description: self.description.clone(),
            version: self.version.clone(),
            maps: map::Maps::new(&self.a.territories, self.input.gazetteer),
        }
    }

    /// The pages other than a territory's: the article, who said what, the timeline and the
    /// territories overview.
    pub(super) fn pages(&self) -> Result<Vec<(String, Rendered)>, RenderError> {
        Ok(vec![
            ("/".into(), html("/", &self.index())?),
            ("/quotes".into(), html("/quotes", &self.quotes())?),
            ("/timeline".into(), html("/timeline", &self.timeline())?),
            (
                "/territories".into(),
                html("/territories", &self.territories())?,
            ),
        ])
    }

    fn frame(&self, title: &str, current: &'static str) -> Frame<'a> {
        let a = self.a;
        Frame {
            title: if title.is_empty() {
                a.title.clone()
            } else {
                format!("{title} · {}", a.title)
            },
            description: self.description.clone(),
            version: self.version.clone(),
            article_title: &a.title,
            assets: self.assets,
            banner: self.input.banner,
            live_reload: self.input.live_reload,
            current,
            json_ld: None,
            og: false,
        }
    }

    /// A link to the spot of `start..end` in `block`, with a text fragment naming its sentence.
    fn spot(&self, block: &str, start: usize, end: usize) -> Spot {
        let text = self.texts.get(block).copied().unwrap_or_default();
        let sentence = crate::analysis::parse::sentence_around(text, start, end);
        Spot {
            href: format!(
                "/#{block}:~:text={}",
                utf8_percent_encode(sentence, FRAGMENT)
            ),
            block: block.to_owned(),
            context: sentence.to_owned(),
        }
    }

    pub(super) fn index(&self) -> IndexPage<'a> {
        let a = self.a;
        let mut frame = self.frame("", "article");
        frame.json_ld = Some(json_ld(a));
        frame.og = true;
        let mut placed = vec![false; a.captions.len()];
        let rows = a
            .paragraphs
            .iter()
            .map(|p| Row {
                paragraph: Block {
                    id: &p.id,
                    pieces: pieces(&p.text, &p.spans, a),
                    quotes: quotes_in(a, &p.id),
                },
                figures: a
                    .captions
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.beside == p.id)
                    .map(|(i, c)| {
                        placed[i] = true;
                        self.figure(c)
                    })
                    .collect(),
            })
            .collect();
        let loose = a
            .captions
            .iter()
            .zip(placed)
            .filter(|(_, placed)| !placed)
            .map(|(c, _)| self.figure(c))
            .collect();
        IndexPage {
            frame,
            a,
            date_label: date_label(&a.date, &a.date),
            rows,
            loose,
        }
    }

    fn figure(&self, c: &'a crate::analysis::Caption) -> Figure<'a> {
        Figure {
            id: &c.id,
            pieces: pieces(&c.text, &c.spans, self.a),
            credit: &c.credit,
            quotes: quotes_in(self.a, &c.id),
        }
    }

    fn quote_item(&self, q: &'a crate::analysis::Quote) -> QuoteItem<'a> {
        // Link to the quote's own id; its words make the text fragment.
        let first_words: String = q
            .text
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        QuoteItem {
            id: &q.id,
            text: &q.text,
            href: format!(
                "/#{}:~:text={}",
                q.id,
                utf8_percent_encode(&first_words, FRAGMENT)
            ),
            block: &q.block,
            said: said(q),
        }
    }

    pub(super) fn quotes(&self) -> QuotesPage<'a> {
        let a = self.a;
        QuotesPage {
            frame: self.frame("Who said what", "quotes"),
            speakers: a
                .speakers
                .iter()
                .map(|s| SpeakerItem {
                    name: &s.name,
                    description: s.description.as_deref(),
                    quotes: a
                        .quotes
                        .iter()
                        .filter(|q| s.quotes.contains(&q.id))
                        .map(|q| self.quote_item(q))
                        .collect(),
                })
                .collect(),
            unattributed: a
                .quotes
                .iter()
                .filter(|q| q.speaker.is_none())
                .map(|q| self.quote_item(q))
                .collect(),
        }
    }

    pub(super) fn timeline(&self) -> TimelinePage<'a> {
        let a = self.a;
        let mut entries: Vec<_> = a.timeline.iter().collect();
        entries.sort_by(|x, y| (&x.start, &x.end).cmp(&(&y.start, &y.end)));
        TimelinePage {
            frame: self.frame("Timeline", "timeline"),
            published: date_label(&a.date, &a.date),
            axis: Axis::of(a),
            items: entries
                .into_iter()
                .map(|t| {
                    let mut sentences: Vec<(String, Vec<Spot>)> = Vec::new();
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for m in &t.mentions {
                        let spot = self.spot(&m.block, m.start, m.end);
                        if let Some(&i) = seen.get(&spot.context) {
                            sentences[i].1.push(spot);
                        } else {
                            seen.insert(spot.context.clone(), sentences.len());
                            sentences.push((spot.context.clone(), vec![spot]));
                        }
                    }
                    TimelineItem {
                        id: &t.id,
                        text: &t.text,
                        datetime: &t.start,
                        label: date_label(&t.start, &t.end),
                        mentions: t.mentions.len(),
                        sentences,
                    }
                })
                .collect(),
        }
    }

    pub(super) fn territories(&self) -> TerritoriesPage<'a> {
        TerritoriesPage {
            frame: self.frame("Territories", "territories"),
            territories: &self.a.territories,
            map: self.maps.overview(),
        }
    }

    pub(super) fn territory(&self, t: &'a Territory) -> TerritoryPage<'a> {
        let mut spellings: Vec<&str> = t.aliases.iter().map(String::as_str).collect();
        spellings.retain(|s| *s != t.name);
        TerritoryPage {
            frame: self.frame(&t.name, "territories"),
            t,
            spellings: spellings.join(", "),
            coordinates: coordinates(t.coordinates),
            population: t.population.map(thousands).unwrap_or_default(),
            source: match t.source.as_str() {
                "editorial" => "the viewer's gazetteer of the region".to_owned(),
                "text" => format!(
                    "no gazetteer: the article places it in {}; coordinates and map are those of {0}",
                    t.division
                        .as_deref()
                        .or(t.country.as_deref())
                        .unwrap_or("its division")
                ),
                _ => "GeoNames".to_owned(),
            },
            others: t
                .not
                .iter()
                .map(|o| {
                    let within: Vec<&str> = [o.division.as_deref(), o.country.as_deref()]
                        .into_iter()
                        .flatten()
                        .filter(|w| *w != o.name)
                        .collect();
                    let mut line = o.name.clone();
                    if !within.is_empty() {
                        line = format!("{line}, {}", within.join(", "));
                    }
                    format!("{line} ({}, {})", o.kind, coordinates(o.coordinates))
                })
                .collect(),
            mentions: t
                .mentions
                .iter()
                .map(|m| self.spot(&m.block, m.start, m.end))
                .collect(),
            map: self.maps.around(t),
        }
    }

    pub(super) fn not_found(&self) -> NotFoundPage<'a> {
        NotFoundPage {
            frame: self.frame("Not found", ""),
        }
    }
}

fn quotes_in<'a>(a: &'a Analysis, block: &str) -> Vec<&'a str> {
    a.quotes
        .iter()
        .filter(|q| q.block == block)
        .map(|q| q.id.as_str())
        .collect()
}

/// `40.10° N, 46.03° E`.
#[must_use]
/// `1234567` → `1 234 567` (a thin space would not survive every terminal; a space reads well).
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub fn coordinates([lat, lon]: [f64; 2]) -> String {
    format!(
        "{:.2}° {}, {:.2}° {}",
        lat.abs(),
        if lat >= 0.0 { 'N' } else { 'S' },
        lon.abs(),
        if lon >= 0.0 { 'E' } else { 'W' }
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentence_is_cut_at_its_full_stops_not_at_abbreviations() {
        use crate::analysis::parse::sentence_around;
        let text = "The first one, Aghdam, was turned over last week. Kalbajar was expected to be handed over on Nov. 15, but Azerbaijan agreed.";
        let at = text.find("Kalbajar").unwrap_or(0);
        assert_eq!(
            sentence_around(text, at, at + 8),
            "Kalbajar was expected to be handed over on Nov. 15, but Azerbaijan agreed."
        );
        let at = text.find("Aghdam").unwrap_or(0);
        assert_eq!(
            sentence_around(text, at, at + 6),
            "The first one, Aghdam, was turned over last week."
        );
    }
}
