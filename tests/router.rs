//! The reading page and the pages behind it, through the same `app()` that `main` serves.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use scraper::{ElementRef, Html, Selector};
use tower::ServiceExt;

use article_viewer::analysis::EMBEDDED_ARTICLE;

#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    headers: header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    request_to(&article_viewer::app(common::site()), method, path, headers).await
}

/// One request through `app`, with `Host: 127.0.0.1` unless `headers` name a host.
async fn request_to(
    app: &article_viewer::server::Viewer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut builder = Request::builder().method(method).uri(path);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        builder = builder.header(header::HOST, "127.0.0.1");
    }
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let response = app
        .clone()
        .oneshot(builder.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(path: &str) -> Answer {
    request("GET", path, &[]).await
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect()
}

#[tokio::test]
async fn every_body_paragraph_is_on_the_page_whole() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    let source = common::source_paragraphs();
    let paragraphs: Vec<String> = html.select(&sel("article p[id^=p]")).map(text_of).collect();
    assert_eq!(paragraphs.len(), 9);
    for (i, p) in paragraphs.iter().enumerate() {
        assert_eq!(p, &source[i], "p{} differs from the source", i + 1);
    }
    assert!(paragraphs[0].starts_with("A truce brokered by Russia two weeks ago"));
}

#[tokio::test]
async fn captions_keep_their_credit_apart() {
    let html = get("/").await.html();
    let source = common::source_paragraphs();
    assert_eq!(html.select(&sel("article figure[id^=c]")).count(), 4);
    // Figures stand in layout order; take them by id.
    let figures: Vec<ElementRef> = (1..=4)
        .map(|n| {
            html.select(&sel(&format!("figure#c{n}")))
                .next()
                .expect("caption by id")
        })
        .collect();
    let credits = [
        "AP Photo/Sergei Grits",
        "AP Photo/Aziz Karimov",
        "Azerbaijan's Defense Ministry via AP",
        "AP Photo/Sergei Grits",
    ];
    for (i, fig) in figures.iter().enumerate() {
        assert_eq!(fig.value().attr("id"), Some(format!("c{}", i + 1).as_str()));
        let caption = fig
            .select(&sel("figcaption .caption-text"))
            .next()
            .map(text_of)
            .expect("caption text");
        let credit = fig
            .select(&sel("figcaption .credit"))
            .next()
            .map(text_of)
            .expect("credit");
        assert_eq!(credit, credits[i]);
        // The source paragraph is the caption, then "(credit)", then the Credit: tails.
        let raw = &source[9 + i];
        let expected = raw[..raw
            .find(&format!("({})", credits[i]))
            .expect("credit in source")]
            .trim();
        assert_eq!(caption, expected, "c{}", i + 1);
        assert!(!caption.contains("Credit:"));
    }
}

#[tokio::test]
async fn each_caption_stands_beside_the_paragraph_it_belongs_to() {
    let html = get("/").await.html();
    let (_, analysis, _) = common::load();
    for c in &analysis.captions {
        let row = html
            .select(&sel(".row"))
            .find(|row| row.select(&sel(&format!("#{}", c.id))).next().is_some())
            .expect("caption in a row");
        let p = row
            .select(&sel("p[id]"))
            .next()
            .expect("paragraph in the row");
        assert_eq!(p.value().attr("id"), Some(c.beside.as_str()));
    }
}

#[tokio::test]
async fn five_quotes_are_marked_with_their_speakers() {
    let html = get("/").await.html();
    let mut quotes: Vec<(String, Option<String>, String)> = html
        .select(&sel(".quote[id^=q]"))
        .map(|q| {
            (
                q.value().attr("id").unwrap_or("").to_owned(),
                q.value().attr("data-speaker").map(str::to_owned),
                text_of(q),
            )
        })
        .collect();
    // The caption's quote may stand before later paragraphs; order by id.
    quotes.sort_by(|a, b| a.0.cmp(&b.0));
    let ids: Vec<&str> = quotes.iter().map(|q| q.0.as_str()).collect();
    assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5"]);
    let speakers: Vec<Option<&str>> = quotes.iter().map(|q| q.1.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Aliyev"),
            Some("Aliyev"),
            Some("Velyeddin Ismayilov"),
            Some("Velyeddin Ismayilov"),
            Some("Velyeddin Ismayilov")
        ]
    );
    // The original marks stay inside: curly open, straight close in the first one.
    assert!(
        quotes[0]
            .2
            .starts_with("“We will hold the enemy accountable")
    );
    assert!(quotes[0].2.ends_with("They destroyed everything,\""));
    assert!(quotes[1].2.starts_with("“We will revive these cities"));
    // The narration between the two Aliyev quotes is not inside either.
    assert!(quotes.iter().all(|q| !q.2.contains("Aliyev said")));
    // The caption's quote sits in the second caption.
    let in_c2 = html
        .select(&sel("#c2 .quote"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(in_c2.contains("With my grown-up children"));
}

#[tokio::test]
async fn territory_links_wrap_exactly_the_words_and_match_the_analysis() {
    let html = get("/").await.html();
    let (_, analysis, _) = common::load();
    for t in &analysis.territories {
        let links: Vec<String> = html
            .select(&sel(&format!(
                "article a.territory[href=\"/territories/{}\"]",
                t.slug
            )))
            .map(text_of)
            .collect();
        let words: Vec<&str> = t.mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(links, words, "{}", t.slug);
    }
    // A possessive links the name only.
    let first_nk = html
        .select(&sel("a.territory[href=\"/territories/nagorno-karabakh\"]"))
        .next()
        .map(text_of);
    assert_eq!(first_nk.as_deref(), Some("Nagorno-Karabakh"));
    let total: usize = analysis.territories.iter().map(|t| t.mentions.len()).sum();
    assert_eq!(html.select(&sel("article a.territory")).count(), total);
}

#[tokio::test]
async fn a_territory_page_lists_every_mention_and_leads_back() {
    let page = get("/territories/kalbajar").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    let h1 = html.select(&sel("h1")).next().map(text_of);
    assert_eq!(h1.as_deref(), Some("Kalbajar"));
    let backs: Vec<String> = html
        .select(&sel(".mentions a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(backs.len(), 14, "Kalbajar is named 14 times");
    assert!(
        backs
            .iter()
            .all(|h| h.starts_with("/#p") || h.starts_with("/#c"))
    );
    assert!(backs.iter().any(|h| h.starts_with("/#p2:~:text=")));
    let text = page.text();
    assert!(text.contains("Kelbajar"), "spellings are listed");
    // Its map highlights Kalbajar among its neighbours, which link when the article names them.
    let current: Vec<String> = html
        .select(&sel("figure.map text.current"))
        .map(text_of)
        .collect();
    assert_eq!(current, ["Kalbajar"]);
    assert!(
        html.select(&sel("figure.map circle.current"))
            .next()
            .is_some()
    );
    assert!(html.select(&sel("figure.map text")).count() >= 5);
}

#[tokio::test]
async fn the_territories_page_counts_mentions() {
    let html = get("/territories").await.html();
    let rows: Vec<(String, String)> = html
        .select(&sel("table.places tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr.select(&sel("td")).map(text_of).collect();
            (cells[0].clone(), cells[2].clone())
        })
        .collect();
    assert!(rows.contains(&("Kalbajar".into(), "14".into())));
    assert!(rows.contains(&("Baku".into(), "1".into())));
    // The locator map draws the article's places, each dot linked to its page.
    assert!(html.select(&sel("figure.map svg title")).next().is_some());
    let dots: Vec<&str> = html
        .select(&sel("figure.map svg a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(dots.contains(&"/territories/kalbajar") && dots.contains(&"/territories/baku"));
}

#[tokio::test]
async fn other_spellings_redirect_to_the_canonical_page() {
    for path in [
        "/territories/Kelbajar",
        "/territories/KALBAJAR",
        "/territories/K%C9%99lb%C9%99c%C9%99r",
    ] {
        let r = get(path).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(
            r.header(header::LOCATION),
            "/territories/kalbajar",
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_unknown_place_gets_a_404_page_with_a_way_back() {
    let r = get("/territories/atlantis").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    // It stands for a missing path: neither tagged nor cached as that path's page.
    assert!(r.headers.get(header::ETAG).is_none());
    assert!(r.headers.get(header::CACHE_CONTROL).is_none());
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    let html = r.html();
    assert!(html.select(&sel("main a[href=\"/\"]")).next().is_some());
}

#[tokio::test]
async fn the_quotes_page_groups_quotes_by_speaker() {
    let html = get("/quotes").await.html();
    let names: Vec<String> = html.select(&sel(".speaker h2")).map(text_of).collect();
    assert_eq!(names, ["Aliyev", "Velyeddin Ismayilov"]);
    let links: Vec<&str> = html
        .select(&sel(".speaker blockquote footer a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links.len(), 5);
    assert!(links[0].starts_with("/#q1:~:text=We%20will%20hold"));
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let g = get("/").await;
    let h = request("HEAD", "/", &[]).await;
    assert_eq!(h.status, StatusCode::OK);
    assert!(h.body.is_empty());
    assert_eq!(h.header(header::ETAG), g.header(header::ETAG));
    assert_eq!(
        h.header(header::CONTENT_LENGTH),
        g.body.len().to_string().as_str()
    );
}

#[tokio::test]
async fn the_source_text_is_served_as_loaded() {
    let r = get("/article.txt").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), EMBEDDED_ARTICLE);
    assert_eq!(get("/healthz").await.text(), "ok");
}

#[tokio::test]
async fn the_json_routes_serve_the_analysis() {
    let (_, analysis, _) = common::load();
    let article: serde_json::Value =
        serde_json::from_slice(&get("/api/article").await.body).expect("json");
    assert_eq!(article, serde_json::to_value(&analysis).expect("value"));
    assert_eq!(article["date"], "2020-11-25");
    assert_eq!(article["quotes"].as_array().map(Vec::len), Some(5));
    let list: serde_json::Value =
        serde_json::from_slice(&get("/api/territories").await.body).expect("json");
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(analysis.territories.len())
    );
    let one: serde_json::Value =
        serde_json::from_slice(&get("/api/territories/kalbajar").await.body).expect("json");
    assert_eq!(one["slug"], "kalbajar");
    assert_eq!(one["mentions"].as_array().map(Vec::len), Some(14));
}

#[tokio::test]
async fn pages_come_compressed_with_etags_and_revalidate() {
    let plain = get("/").await;
    let br = request("GET", "/", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert!(br.body.len() < plain.body.len() / 2);
    assert_eq!(br.header(header::VARY), "accept-encoding");
    assert_eq!(plain.header(header::CACHE_CONTROL), "no-cache");
    let gz = request("GET", "/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    let etag = plain.header(header::ETAG).to_owned();
    let again = request("GET", "/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn assets_are_content_hashed_and_cached_for_a_year() {
    let html = get("/").await.html();
    let css = html
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .expect("stylesheet")
        .to_owned();
    assert!(css.starts_with("/static/style.") && css.ends_with(".css"));
    let r = get(&css).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/css"));
    assert_eq!(
        r.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(get("/static/style.css").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn article_text_is_escaped() {
    let text = "date 2021-03-01 A <script>alert(1)</script> & \"quoted\" <b>bold</b>.\n";
    let (_, _, gazetteer) = common::load();
    let analysis = article_viewer::analysis::analyze(text, &gazetteer).expect("a one-line article");
    let site = article_viewer::pipeline::build_site(text, &analysis, &gazetteer, None, false)
        .expect("site");
    let response = article_viewer::app(site)
        .oneshot(
            Request::builder()
                .uri("/")
                .header(header::HOST, "localhost")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(!body.contains("<script>alert"));
    assert!(
        body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || body.contains("&lt;script&gt;")
    );
    let html = Html::parse_document(&body);
    let p = html.select(&sel("#p1")).next().map(text_of);
    assert_eq!(
        p.as_deref(),
        Some("A <script>alert(1)</script> & \"quoted\" <b>bold</b>.")
    );
}

#[tokio::test]
async fn link_previews_describe_the_article() {
    let html = get("/").await.html();
    let meta = |sel_: &str| {
        html.select(&sel(sel_))
            .next()
            .and_then(|m| m.value().attr("content"))
            .map(str::to_owned)
    };
    assert_eq!(
        meta("meta[property=\"og:title\"]").as_deref(),
        Some("Azerbaijani leader vows to revive region ceded by Armenia")
    );
    assert_eq!(
        meta("meta[property=\"og:type\"]").as_deref(),
        Some("article")
    );
    assert!(meta("meta[name=description]").is_some_and(|d| d.starts_with("A truce brokered")));
    let ld = html
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .map(text_of)
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(&ld).expect("valid JSON-LD");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["datePublished"], "2020-11-25");
    assert_eq!(ld["publisher"]["name"], "The Associated Press");
}

#[tokio::test]
async fn every_paragraph_caption_and_quote_has_a_permalink() {
    let html = get("/").await.html();
    for id in ["p1", "p9", "c1", "c4"] {
        assert!(
            html.select(&sel(&format!("a.permalink[href=\"#{id}\"]")))
                .next()
                .is_some(),
            "{id}"
        );
    }
    for q in ["q1", "q2", "q3", "q4"] {
        assert!(
            html.select(&sel(&format!(".para a.permalink[href=\"#{q}\"]")))
                .next()
                .is_some(),
            "{q} has a copy-link control beside its paragraph"
        );
    }
    assert!(
        html.select(&sel("#c2 a.permalink[href=\"#q5\"]"))
            .next()
            .is_some()
    );
}

#[tokio::test]
async fn the_timeline_lists_dates_in_order() {
    let html = get("/timeline").await.html();
    let dates: Vec<String> = html
        .select(&sel("ol.timeline time"))
        .filter_map(|t| t.value().attr("datetime").map(str::to_owned))
        .collect();
    assert!(!dates.is_empty());
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(dates.first().map(String::as_str), Some("1990-01-01"));
    let words: Vec<String> = html
        .select(&sel("ol.timeline .words"))
        .map(text_of)
        .collect();
    assert!(words.contains(&"“Wendesday”".to_owned()));
}

#[tokio::test]
async fn dates_in_the_text_carry_their_resolved_day() {
    let html = get("/").await.html();
    let date = html
        .select(&sel("#p1 time.date"))
        .next()
        .expect("a date in p1");
    assert_eq!(text_of(date), "two weeks ago");
    assert_eq!(date.value().attr("datetime"), Some("2020-11-11"));
    assert_eq!(date.value().attr("data-when"), Some("11 November 2020"));
}

#[tokio::test]
async fn a_real_socket_on_port_0_serves_the_page() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let shared = article_viewer::server::Shared::new(
        common::site(),
        article_viewer::security::Access::loopback(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(article_viewer::server::serve(
        vec![listener],
        shared,
        article_viewer::server::Limits::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = String::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read_to_string(&mut answer),
    )
    .await
    .expect("answer in time")
    .expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok"));
    let _ = stop.send(());
    tokio::time::timeout(std::time::Duration::from_secs(3), server)
        .await
        .expect("stops in time")
        .expect("join")
        .expect("serve");
}

/// A `tracing` writer that keeps what it is given, to read the access log back.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `-v` adds a log line per answer and must change no answer, of any kind; the line never
/// carries the query, where the token travels.
#[tokio::test(flavor = "current_thread")]
async fn the_access_log_changes_no_answer_and_never_logs_the_token() {
    use article_viewer::security::Access;
    use article_viewer::server::{Limits, Shared, Viewer};
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let shared = Shared::new(
        common::site(),
        Access {
            hosts: Vec::new(),
            token: Some("s3cret-token".into()),
        },
    );
    let direct = Viewer::new(shared.clone(), &Limits::default());
    let logged = Viewer::new(
        shared,
        &Limits {
            access_log: true,
            ..Limits::default()
        },
    );
    let cookie = "article_viewer_token=s3cret-token";
    let etag = request_to(&direct, "GET", "/", &[("cookie", cookie)])
        .await
        .header(header::ETAG)
        .to_owned();
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        ("GET", "/", vec![("cookie", cookie)]),
        ("GET", "/?token=s3cret-token", vec![]),
        ("GET", "/", vec![]),
        (
            "GET",
            "/",
            vec![("cookie", cookie), ("accept-encoding", "gzip, br")],
        ),
        (
            "HEAD",
            "/",
            vec![("cookie", cookie), ("accept-encoding", "gzip")],
        ),
        (
            "GET",
            "/",
            vec![("cookie", cookie), ("if-none-match", etag.as_str())],
        ),
        ("GET", "/territories/Kelbajar?token=s3cret-token", vec![]),
        ("GET", "/api/article", vec![("cookie", cookie)]),
        ("GET", "/no/such/page", vec![("cookie", cookie)]),
        ("HEAD", "/no/such/page", vec![("cookie", cookie)]),
        ("POST", "/", vec![("cookie", cookie)]),
        ("OPTIONS", "/", vec![]),
        ("GET", "/", vec![("host", "evil.example")]),
        (
            "GET",
            "/events",
            vec![("cookie", cookie), ("origin", "http://evil.example")],
        ),
    ];
    for (method, path, headers) in &cases {
        let plain = request_to(&direct, method, path, headers).await;
        let with_log = request_to(&logged, method, path, headers).await;
        assert_eq!(plain, with_log, "{method} {path} {headers:?}");
    }
    let log = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert_eq!(
        log.lines().count(),
        cases.len(),
        "one line per logged answer:\n{log}"
    );
    for needle in [
        "GET / 200",
        "GET / 401",
        "HEAD / 200",
        "GET / 304",
        "GET /territories/Kelbajar 308",
        "GET /no/such/page 404",
        "POST / 405",
        "OPTIONS / 204",
        "GET / 421",
        "GET /events 403",
    ] {
        assert!(log.contains(needle), "no {needle:?} in:\n{log}");
    }
    assert!(!log.contains("s3cret"), "the token is never logged:\n{log}");
}

/// A link with the token to a page that redirects (`/quotes/`, another spelling of a place)
/// must still leave the cookie behind: the redirect drops the query.
#[tokio::test]
async fn a_redirect_keeps_the_token_cookie() {
    use article_viewer::security::Access;
    use article_viewer::server::{Shared, Viewer};
    let app = Viewer::new(
        Shared::new(
            common::site(),
            Access {
                hosts: Vec::new(),
                token: Some("s3cret-token".into()),
            },
        ),
        &article_viewer::server::Limits::default(),
    );
    for (path, to) in [
        ("/quotes/?token=s3cret-token", "/quotes"),
        (
            "/territories/Kelbajar?token=s3cret-token",
            "/territories/kalbajar",
        ),
    ] {
        let r = request_to(&app, "GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(r.header(header::LOCATION), to, "{path}");
        let cookie = r.header(header::SET_COOKIE);
        assert!(
            cookie.starts_with("article_viewer_token=s3cret-token;"),
            "{cookie}"
        );
    }
}

/// A 304 describes no body: no Content-Length (which would be the page's), but the ETag and
/// caching rule of the page it stands for. In process, since hyper rewrites lengths on the wire.
#[tokio::test]
async fn not_modified_carries_no_length_but_the_tag_and_caching() {
    let first = request("GET", "/", &[]).await;
    let etag = first.header(header::ETAG).to_owned();
    let again = request("GET", "/", &[("if-none-match", etag.as_str())]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert!(again.headers.get(header::CONTENT_LENGTH).is_none());
    assert_eq!(again.header(header::ETAG), etag);
    assert_eq!(again.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(again.header(header::VARY), "accept-encoding");
}
