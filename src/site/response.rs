//! Prebuilt responses: each page's bodies in every encoding we offer, with their ETag and
//! ready-made headers. Only the identity body is made when the site is built; gzip and then
//! brotli (twenty times slower, most of start-up when it came first) follow once per page, off
//! the request path, so the first reader is answered as soon as the pages are rendered.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, OnceLock};

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
    /// Worth compressing: then gzip and brotli variants follow.
    compressible: bool,
    /// Made by [`Page::compress_gzip`] after the site is served; until then every client
    /// gets identity.
    gzip: OnceLock<Variant>,
    /// Made by [`Page::compress_brotli`] after gzip; until then a client that accepts brotli
    /// gets gzip (each with its own ETag, so caches never mix them up).
    brotli: OnceLock<Variant>,
    content_type: HeaderValue,
    caching: Caching,
}

/// One representation of a page: its body and the headers that depend on it.
#[derive(Debug)]
pub struct Variant {
    /// This representation's strong ETag, unquoted (empty for pages never cached).
    tag: String,
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
        let etag_value =
            HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
        let mut headers = HeaderMap::with_capacity(16);
        headers.insert(header::CONTENT_TYPE, content_type.clone());
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        let cache_control = match caching {
            Caching::Revalidate => Some(&NO_CACHE),
            Caching::Immutable => Some(&IMMUTABLE),
            Caching::Never => None,
        };
        if let Some(cache_control) = cache_control {
            headers.insert(header::ETAG, etag_value);
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
        let tag = match cache_control {
            Some(_) => etag.trim_matches('"').to_owned(),
            None => String::new(),
        };
        Self {
            tag,
            body: body.clone(),
            headers,
        }
    }

    /// Whether an `If-None-Match` value names this representation (weak comparison, as
    /// RFC 9110 asks for `If-None-Match`; `*` names any).
    #[must_use]
    pub fn matches(&self, if_none_match: &str) -> bool {
        !self.tag.is_empty()
            && if_none_match.split(',').any(|tag| {
                let tag = tag.trim().trim_start_matches("W/");
                tag == "*"
                    || tag
                        .strip_prefix('"')
                        .and_then(|t| t.strip_suffix('"'))
                        .is_some_and(|t| t == self.tag)
            })
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
        let identity = Bytes::from(body);
        let content_type = HeaderValue::from_static(content_type);
        let identity_variant = Variant::new(
            Encoding::Identity,
            &identity,
            &etag,
            &content_type,
            caching,
            compressible,
        );
        let variants = Variants {
            identity: identity_variant,
            compressible,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            content_type,
            caching,
        };
        Self { etag, variants }
    }

    /// The representation for an encoding (falling back to gzip, then identity, when that
    /// variant is absent or not made yet), with its headers.
    #[must_use]
    pub fn variant(&self, encoding: Encoding) -> &Variant {
        let v = &self.variants;
        match (encoding, v.brotli.get(), v.gzip.get()) {
            (Encoding::Brotli, Some(b), _) => b,
            (Encoding::Gzip | Encoding::Brotli, _, Some(g)) => g,
            _ => &v.identity,
        }
    }

    /// Makes the gzip variant of a page worth compressing, once (a second caller waits for
    /// the first); requests that come meanwhile get identity.
    pub fn compress_gzip(&self) {
        self.encode(&self.variants.gzip, Encoding::Gzip, "gz", gzip);
    }

    /// Makes the brotli variant of a page worth compressing, once (a second caller waits for
    /// the first); requests that come meanwhile get gzip, or identity before that.
    pub fn compress_brotli(&self) {
        self.encode(&self.variants.brotli, Encoding::Brotli, "br", brotli);
    }

    fn encode(
        &self,
        cell: &OnceLock<Variant>,
        encoding: Encoding,
        suffix: &str,
        compress: fn(&[u8]) -> Vec<u8>,
    ) {
        let v = &self.variants;
        if !v.compressible {
            return;
        }
        cell.get_or_init(|| {
            let body = Bytes::from(compress(&v.identity.body));
            Variant::new(
                encoding,
                &body,
                &tagged(&self.etag, suffix),
                &v.content_type,
                v.caching,
                true,
            )
        });
    }

    /// Whether the page has every variant it will have (gzip and brotli made, or not worth
    /// making).
    #[must_use]
    pub fn complete(&self) -> bool {
        let v = &self.variants;
        !v.compressible || (v.gzip.get().is_some() && v.brotli.get().is_some())
    }

    /// The uncompressed body.
    #[must_use]
    pub fn identity(&self) -> &Bytes {
        &self.variants.identity.body
    }

    /// The gzip body, once made (see [`Page::compress_gzip`]).
    #[must_use]
    pub fn gzip(&self) -> Option<&Bytes> {
        self.variants.gzip.get().map(|v| &v.body)
    }

    /// The brotli body, once made (see [`Page::compress_brotli`]).
    #[must_use]
    pub fn brotli(&self) -> Option<&Bytes> {
        self.variants.brotli.get().map(|v| &v.body)
    }
}

/// An encoded variant's ETag: the identity tag with a suffix inside the quotes.
fn tagged(etag: &str, suffix: &str) -> String {
    format!("{}-{suffix}\"", &etag[..etag.len() - 1])
}

/// Hashes every page and prebuilds its headers; the encoded variants come later.
pub(super) fn prebuild(rendered: Vec<(String, Rendered)>) -> HashMap<String, Arc<Page>> {
    rendered
        .into_iter()
        .map(|(path, Rendered(content_type, body, caching))| {
            (path, Arc::new(Page::new(content_type, body, caching)))
        })
        .collect()
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

    fn etag(v: &Variant) -> &str {
        v.headers[header::ETAG].to_str().unwrap_or_default()
    }

    #[test]
    fn each_encoding_has_its_own_etag_and_matches_only_that() {
        let page = Page::new(
            "text/html",
            b"<p>a page</p>".repeat(100),
            Caching::Revalidate,
        );
        page.compress_gzip();
        page.compress_brotli();
        let identity = page.variant(Encoding::Identity);
        let gz = page.variant(Encoding::Gzip);
        let br = page.variant(Encoding::Brotli);
        assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
        assert_eq!(etag(identity), page.etag);
        assert!(identity.matches(&page.etag));
        assert!(identity.matches(&format!("W/{}", page.etag)));
        assert!(gz.matches(&format!("\"nope\", {}", etag(gz))));
        assert!(
            !br.matches(etag(gz)),
            "gzip bytes are not the brotli variant"
        );
        assert!(!identity.matches(etag(br)));
        assert!(br.matches("*"));
        assert!(!br.matches("\"nope\""));
    }

    #[test]
    fn brotli_is_identity_then_gzip_until_it_is_made() {
        let page = Page::new(
            "text/css",
            b"p { margin: 0 }\n".repeat(40),
            Caching::Immutable,
        );
        assert!(!page.complete());
        let plain = page.variant(Encoding::Brotli);
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers[header::VARY], "accept-encoding");
        assert_eq!(etag(plain), page.etag);
        page.compress_gzip();
        assert!(!page.complete());
        let before = page.variant(Encoding::Brotli);
        assert_eq!(before.headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(before.headers[header::VARY], "accept-encoding");
        page.compress_brotli();
        assert!(page.complete());
        let after = page.variant(Encoding::Brotli);
        assert_eq!(after.headers[header::CONTENT_ENCODING], "br");
        assert_eq!(after.headers[header::VARY], "accept-encoding");
        assert_ne!(etag(before), etag(after));
        assert!(
            page.brotli()
                .is_some_and(|b| b.len() < page.identity().len())
        );
    }

    #[test]
    fn a_tiny_page_has_only_its_identity_and_never_varies() {
        let page = Page::new("text/plain", b"ok".to_vec(), Caching::Revalidate);
        page.compress_gzip();
        page.compress_brotli();
        assert!(page.complete());
        let v = page.variant(Encoding::Brotli);
        assert!(v.headers.get(header::CONTENT_ENCODING).is_none());
        assert!(v.headers.get(header::VARY).is_none());
        assert!(page.brotli().is_none() && page.gzip().is_none());
    }
}
