//! The plain data model the analysis returns; it serialises to the JSON served at `/api/article`.

use serde::Serialize;

/// The whole analysis of one article: what `check --json` prints and `/api/article` serves.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Analysis {
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// The wire dateline that opens the first paragraph (`YEREVAN, Armenia (AP) —`), if any.
    pub dateline: Option<String>,
    /// Optional `source` header.
    pub source: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub captions: Vec<Caption>,
    pub quotes: Vec<Quote>,
    pub speakers: Vec<Speaker>,
    pub territories: Vec<Territory>,
    pub timeline: Vec<TimelineEntry>,
    /// Things a careful editor would want to look at; never fatal.
    pub warnings: Vec<String>,
}

/// One body paragraph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Paragraph {
    /// `p1`, `p2`, …
    pub id: String,
    pub text: String,
    pub spans: Vec<Span>,
}

/// One photo caption, its credit kept apart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Caption {
    /// `c1`, `c2`, …
    pub id: String,
    /// The caption without its credit.
    pub text: String,
    /// The credit without parentheses, e.g. `AP Photo/Sergei Grits`.
    pub credit: String,
    /// Id of the body paragraph this caption stands beside.
    pub beside: String,
    pub spans: Vec<Span>,
}

/// A marked range of a block's text. Offsets are byte offsets into the block's `text`,
/// `end` exclusive. Territory and date spans may sit inside a quote span; spans never cross.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Span {
    /// A direct quote, quote marks included.
    Quote {
        start: usize,
        end: usize,
        quote: String,
    },
    /// A territory name (without a possessive `'s`).
    Territory {
        start: usize,
        end: usize,
        slug: String,
    },
    /// A time expression, pointing at its timeline entry.
    Date {
        start: usize,
        end: usize,
        timeline: String,
    },
}

impl Span {
    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        match self {
            Span::Quote { start, end, .. }
            | Span::Territory { start, end, .. }
            | Span::Date { start, end, .. } => *start..*end,
        }
    }
}

/// A direct quote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quote {
    /// `q1`, `q2`, …
    pub id: String,
    /// The quoted words without the quote marks (paragraphs of a multi-paragraph quote joined by `\n\n`).
    pub text: String,
    /// Full name of the speaker, or `null` when the text does not say.
    pub speaker: Option<String>,
    /// Id of the block (paragraph or caption) where the quote opens.
    pub block: String,
    /// How the speaker was found, and the words in the text that name them.
    pub attribution: Attribution,
}

/// How a quote's speaker was found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attribution {
    /// The cue's words as written (`said`, `according to`, `—`), `null` when there is none.
    pub cue: Option<String>,
    pub how: How,
    /// The name of the rule that found the speaker (`quote-then-subject-verb`, `floating`…).
    pub rule: Option<String>,
    /// The words at the cue that name the speaker (`Aliyev`, `he`, `the ministry`).
    pub mention: Option<Mention>,
    /// For a pronoun or a continued quote: where the speaker was named before.
    pub antecedent: Option<Mention>,
}

/// What kind of words name a quote's speaker.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// A name in the quote's own sentence (`…,” Aliyev said`).
    Named,
    /// `he` or `she`, resolved to the person the story is about.
    Pronoun,
    /// A description (`the veteran goalkeeper`), as written or resolved to whom it introduced.
    Description,
    /// A body: `the Defense Ministry`, `The Associated Press`.
    Organization,
    /// No cue of its own: it continues the quote or the reported speech before it.
    Continued,
    /// The text does not settle who spoke.
    Unattributed,
}

impl How {
    /// How the reader is told we know, after the cue: `said — named in the same sentence`.
    #[must_use]
    pub fn explain(self) -> &'static str {
        match self {
            How::Named => "named in the same sentence",
            How::Pronoun => "the person the story was about just before",
            How::Description => "described in the same sentence",
            How::Organization => "a body named in the same sentence",
            How::Continued => "continues the quote before",
            How::Unattributed => "the text does not say who",
        }
    }
}

/// Someone quoted in the article, with their quotes in order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Speaker {
    pub name: String,
    /// What the article says they are (`Treasury Secretary`, `77, an Azerbaijani refugee`).
    pub description: Option<String>,
    pub quotes: Vec<String>,
}

/// A place the article names, with every mention.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Territory {
    pub slug: String,
    pub name: String,
    /// `country`, `state`, `province`, `region`, `city`, `town`, `village`, `continent`…
    pub kind: String,
    pub aliases: Vec<String>,
    /// `[latitude, longitude]` in degrees.
    pub coordinates: [f64; 2],
    /// The country it lies in, where it lies in one (not for countries and world regions).
    pub country: Option<String>,
    /// Its first-level division (state, province, oblast, region…), where known.
    pub division: Option<String>,
    pub population: Option<u32>,
    /// Where the entry comes from: `editorial` (the gazetteer file) or `geonames`.
    pub source: String,
    /// Other places of the same name that this one is not, most prominent first.
    pub not: Vec<OtherPlace>,
    pub mentions: Vec<Mention>,
}

/// Another place that shares a territory's name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OtherPlace {
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub division: Option<String>,
    /// `[latitude, longitude]` in degrees.
    pub coordinates: [f64; 2],
}

/// One mention of a territory.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mention {
    pub block: String,
    pub start: usize,
    pub end: usize,
    /// The words as written in the text.
    pub text: String,
}

/// One event on the timeline: a time expression resolved against the article's date, with
/// every mention of it in the same wording.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineEntry {
    /// `t1`, `t2`, … in order of first mention.
    pub id: String,
    /// The words of the first mention.
    pub text: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD` (equal to `start` for one day).
    pub end: String,
    /// Which rule decided the days (of the first mention): `written-date`, `count-back`,
    /// `weekday-future`, `weekday-past`, … (see [`crate::analysis::dates::Rule`]).
    pub rule: crate::analysis::dates::Rule,
    /// The block of the first mention.
    pub block: String,
    /// Every mention, in text order (the first is the one `text` and `block` name).
    pub mentions: Vec<Mention>,
}
