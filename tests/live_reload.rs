//! `serve FILE --watch`: an edit swaps the whole site and is announced on `/events`; a broken
//! edit keeps the last good text with a banner naming the file; fixing it recovers.

mod net;

use std::path::{Path, PathBuf};
use std::time::Duration;

use article_viewer::analysis::EMBEDDED_ARTICLE;
use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::reload;
use article_viewer::security::Access;
use article_viewer::server::{Limits, Shared};
use net::{Conn, Server, get};
use tokio::io::AsyncReadExt;

/// A rebuild renders and compresses every page: seconds in a debug build.
const REBUILD: Duration = Duration::from_secs(40);
const BANNER: &str = "<div class=\"banner\" role=\"alert\">";

/// Replaces the file the way careful editors do: write beside it, rename over it.
fn replace(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

async fn page(s: &Server) -> String {
    let a = get(s.addr, "/", "").await;
    assert_eq!(a.status, Some(200), "the last good site keeps serving");
    a.text()
}

/// Waits until `/` satisfies `check`; panics with the last page otherwise.
async fn page_becomes(s: &Server, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + REBUILD;
    let mut last = page(s).await;
    while !check(&last) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = page(s).await;
    }
    let ok = check(&last);
    assert!(ok, "the page never became {what}:\n{}", banner_of(&last));
    last
}

fn banner_of(page: &str) -> &str {
    page.find(BANNER)
        .map_or("(no banner)", |i| &page[i..(i + 400).min(page.len())])
}

/// The `/events` stream, read as raw text.
struct Events {
    conn: Conn,
    seen: String,
}

impl Events {
    async fn open(addr: std::net::SocketAddr) -> Self {
        let mut conn = Conn::open(addr).await;
        conn.send(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await;
        let mut e = Self {
            conn,
            seen: String::new(),
        };
        assert!(e.wait_for(|t| t.contains("event: version")).await);
        e
    }

    /// Every `version` the stream has announced so far, in order.
    fn versions(&self) -> Vec<String> {
        self.seen
            .split("event: version")
            .skip(1)
            .filter_map(|rest| {
                let data = rest.split("data:").nth(1)?;
                Some(data.lines().next()?.trim().to_owned())
            })
            .collect()
    }

    async fn wait_for(&mut self, check: impl Fn(&str) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + REBUILD;
        let mut chunk = [0u8; 8192];
        while !check(&self.seen) {
            match tokio::time::timeout_at(deadline, self.conn.stream.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => self.seen.push_str(&String::from_utf8_lossy(&chunk[..n])),
                _ => return false,
            }
        }
        true
    }
}

struct Article {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn article() -> Article {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kalbajar.txt");
    std::fs::write(&path, EMBEDDED_ARTICLE).expect("write");
    Article { _dir: dir, path }
}

async fn watched(path: &Path) -> (Server, reload::Reloader) {
    let input = Input {
        file: Some(path.to_owned()),
        places: None,
    };
    let article_viewer::pipeline::Loaded {
        text,
        analysis,
        gazetteer,
    } = article_viewer::pipeline::load(&input).expect("the article loads");
    let site = pipeline::build_site(&text, &analysis, &gazetteer, None, true).expect("builds");
    let shared = Shared::new(site, Access::loopback());
    let reloader = reload::watch(shared.clone(), path.to_owned(), None).expect("watch");
    let limits = Limits {
        request_timeout: Duration::from_secs(30),
        ..Limits::default()
    };
    (Server::start_shared(shared, limits).await, reloader)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_swaps_the_page_and_is_announced_on_the_event_stream() {
    tokio::time::timeout(Duration::from_secs(120), async {
        let a = article();
        let (s, _watch) = watched(&a.path).await;
        let before = page(&s).await;
        assert!(before.contains("A truce brokered by Russia"));
        assert!(!before.contains(BANNER));
        assert!(
            before.contains("name=\"live-reload\""),
            "pages open the live-reload stream"
        );
        let mut events = Events::open(s.addr).await;
        let first = events.versions()[0].clone();

        replace(
            &a.path,
            EMBEDDED_ARTICLE
                .replace("A truce brokered by Russia", "A truce arranged by Russia")
                .as_bytes(),
        );
        let after = page_becomes(&s, "edited", |p| p.contains("A truce arranged by Russia")).await;
        assert!(!after.contains("A truce brokered by Russia"));
        assert!(!after.contains(BANNER));
        assert!(
            events
                .wait_for(|t| t.matches("event: version").count() >= 2)
                .await,
            "no new version announced: {}",
            events.seen
        );
        let versions = events.versions();
        assert_ne!(versions.last(), Some(&first), "{versions:?}");
        // The whole site was swapped: the source text and the JSON agree with the page.
        let source = get(s.addr, "/article.txt", "").await.text();
        assert!(source.contains("A truce arranged by Russia"));
        let json = get(s.addr, "/api/article", "").await.text();
        assert!(json.contains("A truce arranged by Russia"));
    })
    .await
    .expect("bounded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_edits_keep_the_last_good_text_with_a_banner_and_a_fix_recovers() {
    tokio::time::timeout(Duration::from_secs(300), async {
        let a = article();
        let (s, _watch) = watched(&a.path).await;
        let file = a.path.display().to_string();
        let mut events = Events::open(s.addr).await;

        let no_date = EMBEDDED_ARTICLE.replacen("date 2020-11-25", "date 2020-02-31", 1);
        let mut latin1 = EMBEDDED_ARTICLE.as_bytes().to_vec();
        latin1.extend_from_slice(b"\n\nCaf\xe9 \xff\xfe\n");
        let broken: [(&str, Option<Vec<u8>>, &str); 4] = [
            ("invalid UTF-8", Some(latin1), "UTF-8"),
            ("an impossible date", Some(no_date.into_bytes()), "line"),
            ("truncated to nothing", Some(Vec::new()), "empty"),
            ("deleted", None, "cannot read the file"),
        ];
        for (n, (what, bytes, problem)) in broken.into_iter().enumerate() {
            match bytes {
                // Truncation in place, as a crashed editor leaves it.
                Some(b) if b.is_empty() => std::fs::write(&a.path, b).unwrap(),
                Some(b) => replace(&a.path, &b),
                None => std::fs::remove_file(&a.path).unwrap(),
            }
            let broken_page = page_becomes(&s, &format!("bannered ({what})"), |p| {
                p.contains(BANNER) && banner_of(p).contains(problem)
            })
            .await;
            let banner = banner_of(&broken_page);
            assert!(
                banner.contains(&file),
                "{what}: the banner names the file: {banner}"
            );
            assert!(
                broken_page.contains("A truce brokered by Russia"),
                "{what}: the last good text is still served"
            );
            assert!(
                events
                    .wait_for(|t| t
                        .split("event: problem")
                        .skip(1)
                        .any(|e| e.lines().nth(1).is_some_and(|d| d.contains(problem))))
                    .await,
                "{what}: the problem is announced on /events"
            );

            // Put it right (each step a slightly different good text, so recovery shows).
            let fixed = EMBEDDED_ARTICLE.replace(
                "A truce brokered by Russia",
                &format!("A truce brokered by Russia{}", "!".repeat(n)),
            );
            replace(&a.path, fixed.as_bytes());
            page_becomes(&s, &format!("recovered after {what}"), |p| {
                !p.contains(BANNER)
            })
            .await;
            events.seen.clear();
        }
        let recovered = page(&s).await;
        assert!(recovered.contains("A truce brokered by Russia!!!"));
    })
    .await
    .expect("bounded");
}
