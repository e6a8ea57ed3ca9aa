//! Compression comes after the first answers: a site is served as soon as its pages are
//! rendered, every client gets identity until its page's gzip is made and a client that
//! accepts brotli gets gzip until its brotli is made; each representation keeps its own ETag,
//! so no cache ever takes one encoding's bytes for another's.

mod net;

use std::sync::Arc;
use std::time::Duration;

use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::security::Access;
use article_viewer::server::Shared;
use article_viewer::site::Site;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

/// The reference site as `serve` has it the moment it starts listening: nothing encoded yet.
fn fresh_site() -> Arc<Site> {
    Arc::new(
        pipeline::load(&Input::default())
            .expect("the embedded article analyses")
            .site(None, false)
            .expect("the site builds"),
    )
}

struct Got {
    status: StatusCode,
    encoding: Option<String>,
    etag: String,
    vary: Option<String>,
    body: Vec<u8>,
}

async fn get(site: &Arc<Site>, headers: &[(&str, &str)]) -> Got {
    let mut req = Request::get("/").header(header::HOST, "127.0.0.1");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = article_viewer::app(site.clone())
        .oneshot(req.body(String::new()).expect("a request"))
        .await
        .expect("infallible");
    let text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &http::HeaderValue| v.to_str().unwrap_or_default().to_owned())
    };
    Got {
        status: response.status(),
        encoding: text(header::CONTENT_ENCODING),
        etag: text(header::ETAG).unwrap_or_default(),
        vary: text(header::VARY),
        body: response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
            .to_vec(),
    }
}

#[tokio::test]
async fn a_client_gets_identity_until_gzip_is_made_and_its_tag_stays_its_own() {
    let site = fresh_site();
    let first = get(&site, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.encoding, None);
    assert!(!first.etag.contains('-'), "{}", first.etag);
    // Already varying, so no cache keeps the identity body for gzip clients.
    assert_eq!(first.vary.as_deref(), Some("accept-encoding"));

    site.compress_gzip();
    let gzipped = get(&site, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(gzipped.encoding.as_deref(), Some("gzip"));
    assert!(gzipped.etag.ends_with("-gz\""), "{}", gzipped.etag);
    assert!(gzipped.body.len() < first.body.len() / 2);
    // The identity copy a cache kept is revalidated as itself, for a client without gzip...
    let plain = get(
        &site,
        &[
            ("accept-encoding", "identity"),
            ("if-none-match", &first.etag),
        ],
    )
    .await;
    assert_eq!(plain.status, StatusCode::NOT_MODIFIED);
    // ...and replaced for one that takes gzip now.
    let replaced = get(
        &site,
        &[("accept-encoding", "gzip"), ("if-none-match", &first.etag)],
    )
    .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.encoding.as_deref(), Some("gzip"));
}

#[tokio::test]
async fn a_brotli_client_gets_gzip_until_the_page_has_its_brotli() {
    let site = fresh_site();
    site.compress_gzip();
    let early = get(&site, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(early.status, StatusCode::OK);
    assert_eq!(early.encoding.as_deref(), Some("gzip"));
    assert!(early.etag.ends_with("-gz\""), "{}", early.etag);
    assert_eq!(early.vary.as_deref(), Some("accept-encoding"));

    site.compress();
    let later = get(&site, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(later.encoding.as_deref(), Some("br"));
    assert!(later.etag.ends_with("-br\""), "{}", later.etag);
    assert_eq!(later.vary.as_deref(), Some("accept-encoding"));
    assert!(
        later.body.len() < early.body.len(),
        "brotli is the smaller one"
    );

    // The gzip copy a cache kept is not the brotli variant: it gets the new bytes, not a 304
    // whose headers would relabel its gzip as brotli.
    let revalidated = get(
        &site,
        &[
            ("accept-encoding", "gzip, br"),
            ("if-none-match", &early.etag),
        ],
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::OK);
    assert_eq!(revalidated.encoding.as_deref(), Some("br"));
    assert_eq!(revalidated.body, later.body);
    // Each variant revalidates itself.
    let br_again = get(
        &site,
        &[
            ("accept-encoding", "gzip, br"),
            ("if-none-match", &later.etag),
        ],
    )
    .await;
    assert_eq!(br_again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(br_again.etag, later.etag);
    let gzip_again = get(
        &site,
        &[("accept-encoding", "gzip"), ("if-none-match", &early.etag)],
    )
    .await;
    assert_eq!(gzip_again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(gzip_again.etag, early.etag);
    assert_eq!(gzip_again.encoding.as_deref(), Some("gzip"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serving_makes_the_gzip_and_brotli_variants_in_the_background() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let site = fresh_site();
        let first = site.pending().len();
        assert!(first > 10, "{first} pages wait for compression");
        let s = net::Server::start_shared(
            Shared::new(site.clone(), Access::loopback()),
            net::quick_limits(),
        )
        .await;
        // Every answer meanwhile is whole and labelled as what it is.
        let mut encodings = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while encodings.last().is_none_or(|e| e != "br") && std::time::Instant::now() < deadline {
            let a = net::get(s.addr, "/", "Accept-Encoding: br, gzip\r\n").await;
            assert_eq!(a.status, Some(200));
            let encoding = a.header("content-encoding").unwrap_or("").to_owned();
            let etag = a.header("etag").unwrap_or("");
            match encoding.as_str() {
                "br" => assert!(etag.ends_with("-br\""), "brotli tagged {etag}"),
                "gzip" => assert!(etag.ends_with("-gz\""), "gzip tagged {etag}"),
                _ => assert!(!etag.contains('-'), "identity tagged {etag}"),
            }
            encodings.push(encoding);
        }
        // Never back: identity, then gzip, then brotli.
        let rank = |e: &str| ["", "gzip", "br"].iter().position(|x| *x == e);
        assert!(
            encodings.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
            "{encodings:?}"
        );
        assert_eq!(
            encodings.last().map(String::as_str),
            Some("br"),
            "{encodings:?}"
        );
        eprintln!("answers until brotli came: {encodings:?}");
        assert!(
            net::eventually(Duration::from_secs(30), || async {
                site.pending().is_empty()
            })
            .await,
            "{} pages still not compressed",
            site.pending().len()
        );
        s.assert_serves_a_reader().await;
    })
    .await
    .expect("bounded");
}
