//! Prebuilt responses: each page's bodies in every encoding we offer, with their ETag and
//! ready-made headers, compressed once when the site is built.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};

use super::Rendered;
use crate::hash::sha256_hex;

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
    pub(super) fn new(content_type: &'static str, body: Vec<u8>, caching: Caching) -> Self {
        let etag = format!("\"{}\"", &sha256_hex(&body)[..20]);
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

/// Compresses and hashes every page, spread over the available cores.
pub(super) fn compress_all(rendered: Vec<(String, Rendered)>) -> HashMap<String, Arc<Page>> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
