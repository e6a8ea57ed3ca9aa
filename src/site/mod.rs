//! Model → pages: renders every page of one article version once, with its ETag; compressed
//! once, after.
//!
//! A [`Site`] is immutable. The server looks pages up in it and the exporter writes them out;
//! neither renders, compresses nor hashes anything per request. The rooms:
//! [`response`] (prebuilt bodies, encodings, headers), [`views`] (what each template is given),
//! [`markup`] (a block's spans as nested pieces), [`axis`] (the timeline picture) and [`meta`]
//! (link-preview metadata).

pub mod axis;
pub mod markup;
pub mod meta;
pub mod response;
pub mod views;

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;

use crate::analysis::{Analysis, Gazetteer};
use crate::assets::Assets;

pub use markup::{Piece, date_label};
pub use response::{Caching, Encoding, Page, Variant};
use views::Context;
pub use views::coordinates;

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
        // Render and hash only: gzip and brotli come after the site is served (see
        // `Site::pending`).
        let mut rendered = Vec::new();
        let mut add = |path: String, page: Rendered| rendered.push((path, page));

        // The territory pages, each with its map, are most of a build: shared among the
        // cores, each other thread with a sibling context (the same version and texts, maps of
        // its own: a map's caches stay in one thread), while this one renders the other pages
        // and its share.
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, 4);
        let territories = &input.analysis.territories;
        let share = |i: usize, ctx: &Context<'_>| -> Result<Vec<(String, Rendered)>, RenderError> {
            let mut out = Vec::new();
            for t in territories.iter().skip(i).step_by(threads) {
                let path = format!("/territories/{}", t.slug);
                let page = html(&path, &ctx.territory(t))?;
                out.push((path, page));
                out.push((format!("/api/territories/{}", t.slug), json(t)));
            }
            Ok(out)
        };
        let shares = std::thread::scope(|scope| {
            let others: Vec<_> = (1..threads.min(territories.len().max(1)))
                .map(|i| {
                    let sibling = ctx.sibling();
                    scope.spawn(move || share(i, &sibling))
                })
                .collect();
            let mut shares = vec![ctx.pages(), share(0, &ctx)];
            for handle in others {
                // A panic while rendering is a bug; carry it to the caller as is.
                shares.push(
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            shares
        });
        for share in shares {
            for (path, page) in share? {
                add(path, page);
            }
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
        let mut pages = response::prebuild(rendered);
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

    /// The pages still without every encoded variant, in the order readers need them: the
    /// reading page, the stylesheet and script every page loads, then the largest first.
    #[must_use]
    pub fn pending(&self) -> Vec<Arc<Page>> {
        let mut pending: Vec<(&str, &Arc<Page>)> = self
            .pages()
            .chain([("404", &self.not_found)])
            .filter(|(_, p)| !p.complete())
            .collect();
        let first = |path: &str| match path {
            "/" => 0,
            p if p.starts_with("/static/") => 1,
            _ => 2,
        };
        pending.sort_by_key(|(path, p)| (first(path), std::cmp::Reverse(p.identity().len())));
        pending.into_iter().map(|(_, p)| p.clone()).collect()
    }

    /// Makes every gzip variant still missing, here and now: what an export writes beside
    /// each page.
    pub fn compress_gzip(&self) {
        for page in self.pending() {
            page.compress_gzip();
        }
    }

    /// Makes every encoded variant still missing, here and now (what serving does in the
    /// background); for tests and benchmarks that want the finished site.
    pub fn compress(&self) {
        let pending = self.pending();
        for page in &pending {
            page.compress_gzip();
        }
        for page in &pending {
            page.compress_brotli();
        }
    }
}

/// A page rendered but not yet compressed: content type, body, caching.
pub(crate) struct Rendered(
    pub(crate) &'static str,
    pub(crate) Vec<u8>,
    pub(crate) Caching,
);

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
