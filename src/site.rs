//! Model → pages: renders every page of one article version once, compressed, with its ETag.
//!
//! A [`Site`] is immutable. The server looks pages up in it and the exporter writes them out;
//! neither renders, compresses nor hashes anything per request.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Arc;

use askama::Template;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::analysis::{Analysis, Gazetteer, Span, Territory};
use crate::assets::{self, Assets};
use crate::map;

/// How long a response may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Pages and data: always revalidate with the ETag (the article can change under `--watch`).
    Revalidate,
    /// Content-hashed assets: cache for a year.
    Immutable,
    /// The 404 page: it stands for whatever path was missing, so it is neither tagged nor
    /// cached as that path's page.
    Never,
}

/// One prebuilt response body in every encoding we offer.
#[derive(Debug)]
pub struct Page {
    /// Strong ETag of the identity body, quoted; the encoded variants append `-gz` / `-br`.
    pub etag: String,
    /// The bodies with their headers as ready-made values, so answering a request clones one
    /// header map (two buffers, reference-counted values) and never formats or validates a
    /// header, nor copies a body.
    variants: Variants,
}

#[derive(Debug)]
struct Variants {
    identity: Variant,
    gzip: Option<Variant>,
    brotli: Option<Variant>,
}

/// One representation of a page: its body and the headers that depend on it.
#[derive(Debug)]
pub struct Variant {
    /// Shares the page's bytes (a reference count, not a copy).
    pub body: Bytes,
    /// Every header of an answer with this body, the security headers included, so an
    /// answer clones one map (reference counts, no hashing) instead of building it.
    pub headers: HeaderMap,
}

static NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
static IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
static ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("accept-encoding");
static GZIP: HeaderValue = HeaderValue::from_static("gzip");
static BR: HeaderValue = HeaderValue::from_static("br");

impl Variant {
    fn new(
        encoding: Encoding,
        body: &Bytes,
        etag: &str,
        content_type: &HeaderValue,
        caching: Caching,
        varies: bool,
    ) -> Self {
        // Hex digits, quotes and a dash are always a valid header value.
        let etag = HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
        let mut headers = HeaderMap::with_capacity(16);
        headers.insert(header::CONTENT_TYPE, content_type.clone());
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        let cache_control = match caching {
            Caching::Revalidate => Some(&NO_CACHE),
            Caching::Immutable => Some(&IMMUTABLE),
            Caching::Never => None,
        };
        if let Some(cache_control) = cache_control {
            headers.insert(header::ETAG, etag);
            headers.insert(header::CACHE_CONTROL, cache_control.clone());
        }
        if varies {
            headers.insert(header::VARY, ACCEPT_ENCODING.clone());
        }
        match encoding {
            Encoding::Brotli => headers.insert(header::CONTENT_ENCODING, BR.clone()),
            Encoding::Gzip => headers.insert(header::CONTENT_ENCODING, GZIP.clone()),
            Encoding::Identity => None,
        };
        crate::security::add_headers(&mut headers);
        Self {
            body: body.clone(),
            headers,
        }
    }
}

/// A representation of a page chosen for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Page {
    fn new(content_type: &'static str, body: Vec<u8>, caching: Caching) -> Self {
        let etag = format!("\"{}\"", &hex(&Sha256::digest(&body))[..20]);
        // Tiny bodies gain nothing from compression and cost a Vary round trip.
        let compressible = body.len() > 256 && !content_type.starts_with("image/png");
        let gzip = compressible.then(|| Bytes::from(gzip(&body)));
        let brotli = compressible.then(|| Bytes::from(brotli(&body)));
        let identity = Bytes::from(body);
        let tagged = |suffix: &str| format!("{}-{suffix}\"", &etag[..etag.len() - 1]);
        let content_type_header = HeaderValue::from_static(content_type);
        let varies = compressible;
        let variant = |encoding, body: &Bytes, etag: &str| {
            Variant::new(encoding, body, etag, &content_type_header, caching, varies)
        };
        let variants = Variants {
            identity: variant(Encoding::Identity, &identity, &etag),
            gzip: gzip
                .as_ref()
                .map(|b| variant(Encoding::Gzip, b, &tagged("gz"))),
            brotli: brotli
                .as_ref()
                .map(|b| variant(Encoding::Brotli, b, &tagged("br"))),
        };
        Self { etag, variants }
    }

    /// The representation for an encoding (falling back to gzip, then identity, when that
    /// variant is absent), with its headers.
    #[must_use]
    pub fn variant(&self, encoding: Encoding) -> &Variant {
        let v = &self.variants;
        match (encoding, &v.brotli, &v.gzip) {
            (Encoding::Brotli, Some(b), _) => b,
            (Encoding::Gzip | Encoding::Brotli, _, Some(g)) => g,
            _ => &v.identity,
        }
    }

    /// Whether an `If-None-Match` value matches any representation of this page.
    #[must_use]
    pub fn matches(&self, if_none_match: &str) -> bool {
        let bare = &self.etag[1..self.etag.len() - 1];
        if_none_match.split(',').any(|tag| {
            let tag = tag.trim().trim_start_matches("W/");
            tag == "*"
                || tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .is_some_and(|t| {
                        t == bare
                            || t.strip_prefix(bare)
                                .is_some_and(|rest| rest == "-gz" || rest == "-br")
                    })
        })
    }

    /// The uncompressed body.
    #[must_use]
    pub fn identity(&self) -> &Bytes {
        &self.variants.identity.body
    }

    /// The gzip body, for pages worth compressing.
    #[must_use]
    pub fn gzip(&self) -> Option<&Bytes> {
        self.variants.gzip.as_ref().map(|v| &v.body)
    }

    /// The brotli body, for pages worth compressing.
    #[must_use]
    pub fn brotli(&self) -> Option<&Bytes> {
        self.variants.brotli.as_ref().map(|v| &v.body)
    }
}

/// What a path leads to.
#[derive(Debug)]
pub enum Lookup<'a> {
    Page(&'a Arc<Page>),
    /// A permanent redirect to this canonical path.
    Redirect(String),
    NotFound(&'a Arc<Page>),
}

/// Everything the site is built from.
pub struct SiteInput<'a> {
    /// The article text as loaded, served at `/article.txt`.
    pub source: &'a str,
    pub analysis: &'a Analysis,
    pub gazetteer: &'a Gazetteer,
    /// An error to show on every page (the last edit was broken; this is the last good version).
    pub banner: Option<&'a str>,
    /// Whether pages should open a live-reload stream.
    pub live_reload: bool,
}

/// All pages of one article version, ready to serve.
#[derive(Debug)]
pub struct Site {
    pages: HashMap<String, Arc<Page>>,
    /// Lower-case spelling or slug → canonical slug, for redirects.
    spellings: HashMap<String, String>,
    not_found: Arc<Page>,
    /// A hash of everything the pages show; live reload compares it with the page's own.
    pub version: String,
}

/// A page failed to render (a template bug, not bad input).
#[derive(Debug, thiserror::Error)]
#[error("cannot render {page}: {source}")]
pub struct RenderError {
    page: String,
    #[source]
    source: askama::Error,
}

impl Site {
    /// Renders every page.
    ///
    /// # Errors
    /// A template failed to render.
    pub fn build(input: &SiteInput<'_>) -> Result<Self, RenderError> {
        let assets = Assets::embedded();
        let ctx = Context::new(input, assets);
        // Render everything first (fast), then compress on every core (brotli 11 is most of
        // start-up and of each live reload).
        let mut rendered = Vec::new();
        let mut add = |path: String, page: Rendered| rendered.push((path, page));

        add("/".into(), html("/", &ctx.index())?);
        add("/quotes".into(), html("/quotes", &ctx.quotes())?);
        add("/timeline".into(), html("/timeline", &ctx.timeline())?);
        add(
            "/territories".into(),
            html("/territories", &ctx.territories())?,
        );
        for t in &input.analysis.territories {
            let path = format!("/territories/{}", t.slug);
            let page = html(&path, &ctx.territory(t))?;
            add(path, page);
            add(format!("/api/territories/{}", t.slug), json(t));
        }
        add("/api/article".into(), json(input.analysis));
        add("/api/territories".into(), json(&input.analysis.territories));
        add(
            "/article.txt".into(),
            Rendered(
                "text/plain; charset=utf-8",
                input.source.as_bytes().to_vec(),
                Caching::Revalidate,
            ),
        );
        add(
            "/healthz".into(),
            Rendered(
                "text/plain; charset=utf-8",
                b"ok".to_vec(),
                Caching::Revalidate,
            ),
        );
        for asset in assets.files() {
            add(
                asset.path.clone(),
                Rendered(asset.content_type, asset.body.to_vec(), Caching::Immutable),
            );
        }
        // Not a path (paths start with `/`), so it cannot shadow a page.
        let Rendered(content_type, body, _) = html("404", &ctx.not_found())?;
        add("404".into(), Rendered(content_type, body, Caching::Never));
        let mut pages = compress_all(rendered);
        let not_found = pages.remove("404").unwrap_or_else(|| {
            Arc::new(Page::new(
                "text/plain",
                b"not found".to_vec(),
                Caching::Never,
            ))
        });
        let version = ctx.version.clone();

        let mut spellings = HashMap::new();
        for t in &input.analysis.territories {
            for name in t.aliases.iter().chain([&t.name, &t.slug]) {
                spellings.insert(name.to_lowercase(), t.slug.clone());
            }
        }
        Ok(Self {
            pages,
            spellings,
            not_found,
            version,
        })
    }

    /// Finds what a request path leads to. `path` is the raw (percent-encoded) path.
    #[must_use]
    pub fn lookup(&self, path: &str) -> Lookup<'_> {
        if let Some(page) = self.pages.get(path) {
            return Lookup::Page(page);
        }
        // A trailing slash (as static servers add) leads to the same page.
        if path.len() > 1 && self.pages.contains_key(path.trim_end_matches('/')) {
            return Lookup::Redirect(path.trim_end_matches('/').to_owned());
        }
        for prefix in ["/territories/", "/api/territories/"] {
            if let Some(name) = path.strip_prefix(prefix) {
                let name = percent_encoding::percent_decode_str(name.trim_end_matches('/'))
                    .decode_utf8_lossy()
                    .to_lowercase();
                if let Some(slug) = self.spellings.get(&name) {
                    return Lookup::Redirect(format!("{prefix}{slug}"));
                }
            }
        }
        Lookup::NotFound(&self.not_found)
    }

    /// Every page with its path, for export.
    pub fn pages(&self) -> impl Iterator<Item = (&str, &Arc<Page>)> {
        self.pages.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The 404 page.
    #[must_use]
    pub fn not_found(&self) -> &Arc<Page> {
        &self.not_found
    }
}

/// A page rendered but not yet compressed: content type, body, caching.
struct Rendered(&'static str, Vec<u8>, Caching);

/// Compresses and hashes every page, spread over the available cores.
fn compress_all(rendered: Vec<(String, Rendered)>) -> HashMap<String, Arc<Page>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, rendered.len().max(1));
    // Largest first, dealt round-robin, so the threads finish at about the same time.
    let mut rendered = rendered;
    rendered.sort_by_key(|(_, r)| std::cmp::Reverse(r.1.len()));
    let mut shares: Vec<Vec<(String, Rendered)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, page) in rendered.into_iter().enumerate() {
        shares[i % threads].push(page);
    }
    let build = |share: Vec<(String, Rendered)>| -> Vec<(String, Arc<Page>)> {
        share
            .into_iter()
            .map(|(path, Rendered(content_type, body, caching))| {
                (path, Arc::new(Page::new(content_type, body, caching)))
            })
            .collect()
    };
    let mut shares = shares.into_iter();
    let own = shares.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = shares
            .map(|share| scope.spawn(move || build(share)))
            .collect();
        let mut pages: HashMap<String, Arc<Page>> = build(own).into_iter().collect();
        for handle in others {
            // A panic while compressing is a bug; carry it to the caller as is.
            let built = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            pages.extend(built);
        }
        pages
    })
}

fn html(path: &str, template: &impl Template) -> Result<Rendered, RenderError> {
    let body = template.render().map_err(|source| RenderError {
        page: path.to_owned(),
        source,
    })?;
    Ok(Rendered(
        "text/html; charset=utf-8",
        body.into_bytes(),
        Caching::Revalidate,
    ))
}

fn json(value: &impl serde::Serialize) -> Rendered {
    // Serialising plain structs of strings and numbers cannot fail; an empty object keeps the
    // route alive if it ever did.
    let body = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"{}".to_vec());
    Rendered("application/json", body, Caching::Revalidate)
}

fn gzip(body: &[u8]) -> Vec<u8> {
    // Like brotli: the best level for page-sized bodies, the default one for huge ones.
    let level = if body.len() <= BROTLI_MAX_BEST {
        flate2::Compression::best()
    } else {
        flate2::Compression::default()
    };
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), level);
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(body);
    enc.finish().unwrap_or_default()
}

/// Bodies up to this size get brotli's and gzip's slow, small settings.
const BROTLI_MAX_BEST: usize = 64 * 1024;

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    // A window as large as the body compresses it as well as the 4 MiB maximum does, and keeps
    // the quality-10/11 encoder's tables (two u32 per window position) from leaving tens of MB
    // resident after start-up.
    let bits = usize::BITS - body.len().max(1).leading_zeros();
    // Quality 10 for page-sized bodies: on the reference site it gives 2 % more bytes than
    // 11 (40.7 kB against 39.8 kB over every page) in half the start-up time (220 ms against
    // 460 ms, one core); 9 is faster still but 14 % larger. Large bodies get quality 5, tens
    // of MB/s and still far smaller than gzip (10 and 11 run at about 1 MB/s).
    let quality = if body.len() <= BROTLI_MAX_BEST { 10 } else { 5 };
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: i32::try_from(bits.clamp(10, 22)).unwrap_or(22),
        size_hint: body.len(),
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

// ---------------------------------------------------------------------------------------------
// Inline markup: a block's spans as a flat list of open/text/close pieces the templates walk.

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
fn pieces<'a>(text: &'a str, spans: &'a [Span], a: &'a Analysis) -> Vec<Piece<'a>> {
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

// ---------------------------------------------------------------------------------------------
// Page models.

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
}

pub struct SpeakerItem<'a> {
    pub name: &'a str,
    pub quotes: Vec<QuoteItem<'a>>,
}

#[derive(Template)]
#[template(path = "quotes.html")]
pub struct QuotesPage<'a> {
    pub frame: Frame<'a>,
    pub speakers: Vec<SpeakerItem<'a>>,
    pub unattributed: Vec<QuoteItem<'a>>,
}

pub struct TimelineItem<'a> {
    pub text: &'a str,
    pub datetime: &'a str,
    pub label: String,
    pub spot: Spot,
}

#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage<'a> {
    pub frame: Frame<'a>,
    pub published: String,
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
    pub mentions: Vec<Spot>,
    pub map: map::Map,
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundPage<'a> {
    pub frame: Frame<'a>,
}

/// Shared state while rendering one site.
struct Context<'a> {
    input: &'a SiteInput<'a>,
    a: &'a Analysis,
    assets: &'a Assets,
    /// Block id → text, for sentences around mentions.
    texts: BTreeMap<&'a str, &'a str>,
    /// The link-preview description, shared by every page.
    description: String,
    version: String,
}

/// Characters kept literal in a text fragment: everything else is percent-encoded, including
/// the `-`, `,` and `&` that the fragment syntax reserves.
const FRAGMENT: &AsciiSet = NON_ALPHANUMERIC;

impl<'a> Context<'a> {
    fn new(input: &'a SiteInput<'a>, assets: &'a Assets) -> Self {
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
        }
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

    fn index(&self) -> IndexPage<'a> {
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
        }
    }

    fn quotes(&self) -> QuotesPage<'a> {
        let a = self.a;
        QuotesPage {
            frame: self.frame("Who said what", "quotes"),
            speakers: a
                .speakers
                .iter()
                .map(|s| SpeakerItem {
                    name: &s.name,
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

    fn timeline(&self) -> TimelinePage<'a> {
        let a = self.a;
        let mut entries: Vec<_> = a.timeline.iter().collect();
        entries.sort_by(|x, y| (&x.start, &x.end).cmp(&(&y.start, &y.end)));
        TimelinePage {
            frame: self.frame("Timeline", "timeline"),
            published: date_label(&a.date, &a.date),
            items: entries
                .into_iter()
                .map(|t| TimelineItem {
                    text: &t.text,
                    datetime: &t.start,
                    label: date_label(&t.start, &t.end),
                    spot: self.spot(&t.block, t.offset.0, t.offset.1),
                })
                .collect(),
        }
    }

    fn territories(&self) -> TerritoriesPage<'a> {
        TerritoriesPage {
            frame: self.frame("Territories", "territories"),
            territories: &self.a.territories,
            map: map::Map::overview(&self.a.territories),
        }
    }

    fn territory(&self, t: &'a Territory) -> TerritoryPage<'a> {
        let mut spellings: Vec<&str> = t.aliases.iter().map(String::as_str).collect();
        spellings.retain(|s| *s != t.name);
        TerritoryPage {
            frame: self.frame(&t.name, "territories"),
            t,
            spellings: spellings.join(", "),
            coordinates: coordinates(t.coordinates),
            mentions: t
                .mentions
                .iter()
                .map(|m| self.spot(&m.block, m.start, m.end))
                .collect(),
            map: map::Map::around(t, &self.a.territories, self.input.gazetteer),
        }
    }

    fn not_found(&self) -> NotFoundPage<'a> {
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
pub fn coordinates([lat, lon]: [f64; 2]) -> String {
    format!(
        "{:.2}° {}, {:.2}° {}",
        lat.abs(),
        if lat >= 0.0 { 'N' } else { 'S' },
        lon.abs(),
        if lon >= 0.0 { 'E' } else { 'W' }
    )
}

/// The first sentence or so of the article, for link previews.
fn description(a: &Analysis) -> String {
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
fn json_ld(a: &Analysis) -> String {
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

/// Static asset URLs, for templates.
impl Assets {
    #[must_use]
    pub fn css(&self) -> &str {
        self.path_of(assets::CSS)
    }
    #[must_use]
    pub fn js(&self) -> &str {
        self.path_of(assets::JS)
    }
    #[must_use]
    pub fn icon(&self) -> &str {
        self.path_of(assets::ICON)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn date_labels_read_as_dates() {
        assert_eq!(date_label("2020-11-25", "2020-11-25"), "25 November 2020");
        assert_eq!(
            date_label("2020-11-16", "2020-11-22"),
            "16–22 November 2020"
        );
        assert_eq!(date_label("1990-01-01", "1993-12-31"), "1990 – 1993");
    }

    #[test]
    fn etags_match_every_encoding_of_the_page() {
        let page = Page::new("text/html", vec![b'a'; 1000], Caching::Revalidate);
        let gz = page.variant(Encoding::Gzip);
        assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
        assert!(page.matches(&page.etag));
        assert!(page.matches(gz.headers[header::ETAG].to_str().unwrap_or_default()));
        assert!(page.matches("\"nope\", *"));
        assert!(!page.matches("\"nope\""));
    }
}
