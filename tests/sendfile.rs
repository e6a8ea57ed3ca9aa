//! Large bodies go out with `sendfile` from a memory copy of the site: byte for byte the page,
//! on kept-alive and pipelined connections, to a reader too slow to take them in one write,
//! and after an edit swaps in a new site.

mod net;

use std::time::Duration;

use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::security::Access;
use article_viewer::server::Shared;
use article_viewer::site::{Lookup, Site};
use net::{Conn, Server, quick_limits};
use tokio::io::AsyncReadExt;

fn body_of(site: &Site, path: &str) -> Vec<u8> {
    match site.lookup(path) {
        Lookup::Page(p) => p.identity().to_vec(),
        other => panic!("{path}: {other:?}"),
    }
}

async fn bounded<F: std::future::Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the test finishes within 30 s");
}

/// Paths whose plain body is long enough to be sent from the file.
const LARGE: [&str; 3] = ["/", "/api/article", "/territories/kalbajar"];

#[tokio::test]
async fn large_bodies_arrive_whole_on_kept_alive_and_pipelined_connections() {
    bounded(async {
        let s = Server::start(quick_limits()).await;
        let site = s.shared.site();
        let mut c = Conn::open(s.addr).await;
        for round in 0..3 {
            for path in LARGE {
                let want = body_of(&site, path);
                assert!(want.len() > 8 * 1024, "{path} is large");
                c.send(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
                    .await;
                let a = c.answer(false).await;
                assert_eq!(a.status, Some(200), "{path}, round {round}");
                assert_eq!(a.header("content-length"), Some(&*want.len().to_string()));
                assert!(a.body == want, "{path}, round {round}: the body differs");
            }
        }
        // Three at once: heads and bodies in order, none mixed with another.
        let mut pipelined = String::new();
        for path in ["/", "/healthz", "/api/article"] {
            pipelined.push_str(&format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        }
        c.send(pipelined.as_bytes()).await;
        assert!(c.answer(false).await.body == body_of(&site, "/"));
        assert_eq!(c.answer(false).await.body, b"ok");
        assert!(c.answer(false).await.body == body_of(&site, "/api/article"));
        // HEAD: the headers only, and the next answer right after them.
        c.send(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await;
        assert!(c.answer(true).await.body.is_empty());
        assert_eq!(c.answer(false).await.body, b"ok");
    })
    .await;
}

#[tokio::test]
async fn a_reader_too_slow_for_one_write_still_gets_every_byte() {
    bounded(async {
        let s = Server::start(quick_limits()).await;
        let want = body_of(&s.shared.site(), "/api/article");
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        // A tiny receive window: the server's writes stop part way, again and again.
        socket.set_recv_buffer_size(2048).expect("buffer size");
        let mut stream = socket.connect(s.addr).await.expect("connect");
        tokio::io::AsyncWriteExt::write_all(
            &mut stream,
            b"GET /api/article HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .expect("write");
        let mut got = Vec::new();
        let mut chunk = [0u8; 512];
        loop {
            tokio::time::sleep(Duration::from_millis(1)).await;
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            }
        }
        let end = got
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        assert!(got.starts_with(b"HTTP/1.1 200"));
        assert!(
            got[end + 4..] == want[..],
            "{} of {} bytes",
            got.len() - end - 4,
            want.len()
        );
    })
    .await;
}

#[tokio::test]
async fn after_a_swap_the_new_site_s_bodies_are_sent() {
    bounded(async {
        let s = Server::start_shared(
            Shared::new(net::site(false), Access::loopback()),
            quick_limits(),
        )
        .await;
        let before = body_of(&s.shared.site(), "/");
        let edited = format!(
            "{}\n\nA closing paragraph, added by an edit.\n",
            article_viewer::analysis::EMBEDDED_ARTICLE.trim_end()
        );
        let dir = tempfile::tempdir().expect("a temp folder");
        let file = dir.path().join("edited.txt");
        std::fs::write(&file, &edited).expect("write");
        let site = pipeline::load(&Input {
            file: Some(file),
            places: None,
        })
        .expect("the edit analyses")
        .site(None, false)
        .expect("the edit builds");
        s.shared.swap(site, None);
        let after = body_of(&s.shared.site(), "/");
        assert_ne!(before, after);
        assert!(String::from_utf8_lossy(&after).contains("added by an edit"));
        let a = net::get(s.addr, "/", "").await;
        assert!(a.body == after, "the new page, whole");
        s.assert_serves_a_reader().await;
    })
    .await;
}
