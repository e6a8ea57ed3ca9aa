//! Hostile requests over a real socket, byte for byte: each is refused the way the contract
//! says, and a normal reader is still served afterwards.

mod net;

use std::time::Duration;

use net::{Answer, Conn, Server, exchange, get, quick_limits};

async fn server() -> Server {
    Server::start(quick_limits()).await
}

/// Every test bounds its whole run, so a hang fails instead of stalling the suite.
async fn bounded<F: std::future::Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("the test finishes within 20 s");
}

async fn raw(s: &Server, request: &str) -> Answer {
    exchange(s.addr, request.as_bytes()).await
}

#[tokio::test]
async fn traversal_in_every_encoding_is_a_404() {
    bounded(async {
        let s = server().await;
        for path in [
            "/../../../../etc/passwd",
            "/static/../../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/%252e%252e/etc/passwd",
            "/..%5c..%5cCargo.toml",
            "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "/%c0%af..%c0%afetc/passwd",
            "/article.txt%00",
            "/article.txt%00.html",
            "/%00",
            "/.env",
            "/.git/config",
            "/.well-known/../Cargo.toml",
            "/src/main.rs",
            "/Cargo.toml",
            "/templates/base.html",
            "/territories/..%2f..%2fCargo.toml",
            "/api/territories/%2e%2e",
            "/static/style.css",
            "/index.html",
        ] {
            let a = get(s.addr, path, "").await;
            assert_eq!(a.status, Some(404), "{path}");
            assert!(!a.text().contains("[package]"), "{path} leaked Cargo.toml");
            assert!(!a.text().contains("root:"), "{path} leaked /etc/passwd");
            a.assert_security_headers();
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_backslash_in_the_target_is_refused_by_the_parser() {
    bounded(async {
        let s = server().await;
        // A raw `\` is not a URI character: hyper refuses the request line itself.
        let a = raw(
            &s,
            "GET /..\\..\\Cargo.toml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(
            a.status == Some(400) || a.status == Some(404),
            "{:?}",
            a.status
        );
        assert!(!a.text().contains("[package]"));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_trailing_slash_redirects_only_within_the_site() {
    bounded(async {
        let s = server().await;
        let a = get(s.addr, "/quotes/", "").await;
        assert_eq!(a.status, Some(308));
        assert_eq!(a.header("location"), Some("/quotes"));
        a.assert_security_headers();
        // A scheme-relative path must not become an open redirect.
        for path in ["//evil.example/", "//evil.example//", "///evil.example/"] {
            let a = get(s.addr, path, "").await;
            assert_eq!(a.status, Some(404), "{path}");
            assert_eq!(a.header("location"), None, "{path}");
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn an_over_long_uri_is_refused() {
    bounded(async {
        let s = server().await;
        // Longer than the 16 KiB head buffer: hyper answers 431 (or 414) and closes.
        let long = format!(
            "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "a".repeat(64 * 1024)
        );
        let a = raw(&s, &long).await;
        assert!(
            matches!(a.status, Some(414 | 431)) || (a.status.is_none() && a.closed),
            "{:?}",
            a.status
        );
        // Under the buffer but still absurd: an ordinary 404.
        let a = get(s.addr, &format!("/{}", "a".repeat(8 * 1024)), "").await;
        assert_eq!(a.status, Some(404));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_huge_header_is_431() {
    bounded(async {
        let s = server().await;
        let a = raw(
            &s,
            &format!(
                "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
                "b".repeat(32 * 1024)
            ),
        )
        .await;
        assert_eq!(a.status, Some(431));
        assert!(a.closed, "the connection is closed after 431");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn too_many_headers_is_431() {
    bounded(async {
        let s = server().await;
        let mut req = String::from("GET / HTTP/1.1\r\nHost: localhost\r\n");
        for i in 0..100 {
            req.push_str(&format!("X-H{i}: v\r\n"));
        }
        req.push_str("\r\n");
        let a = raw(&s, &req).await;
        assert_eq!(a.status, Some(431));
        // Just under the limit (64 in all) is fine.
        let mut req = String::from("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for i in 0..60 {
            req.push_str(&format!("X-H{i}: v\r\n"));
        }
        req.push_str("\r\n");
        assert_eq!(raw(&s, &req).await.status, Some(200));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_missing_host_is_400() {
    bounded(async {
        let s = server().await;
        let a = raw(&s, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").await;
        assert_eq!(a.status, Some(400));
        a.assert_security_headers();
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn two_hosts_are_400() {
    bounded(async {
        let s = server().await;
        let a = raw(
            &s,
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(400));
        a.assert_security_headers();
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_foreign_or_malformed_host_is_421() {
    bounded(async {
        let s = server().await;
        for host in [
            "evil.example",
            "evil.example:80",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[::1",
            "localhost:99999999",
            "",
        ] {
            let a = raw(
                &s,
                &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            )
            .await;
            assert_eq!(a.status, Some(421), "Host: {host}");
            assert!(!a.text().contains("Azerbaijani"), "Host: {host}");
            a.assert_security_headers();
        }
        // An absolute-form target names the host too, and is held to the same list.
        let a = raw(
            &s,
            "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(421));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn loopback_names_and_ip_literals_are_served() {
    bounded(async {
        let s = server().await;
        for host in [
            "localhost",
            "LOCALHOST:1",
            "viewer.localhost",
            "127.0.0.1",
            "[::1]:4173",
        ] {
            let a = raw(
                &s,
                &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            )
            .await;
            assert_eq!(a.status, Some(200), "Host: {host}");
        }
    })
    .await;
}

#[tokio::test]
async fn every_method_but_get_and_head_is_405_with_allow() {
    bounded(async {
        let s = server().await;
        for method in [
            "POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "BREW",
        ] {
            let a = raw(
                &s,
                &format!("{method} / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
            )
            .await;
            assert_eq!(a.status, Some(405), "{method}");
            assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"), "{method}");
            a.assert_security_headers();
            // TRACE must not echo the request back.
            assert!(!a.text().contains("Host: localhost"), "{method}");
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn connect_is_405_and_tunnels_nothing() {
    bounded(async {
        let s = server().await;
        // A foreign name is refused before the method is even looked at.
        let mut c = Conn::open(s.addr).await;
        c.send(b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n")
            .await;
        let a = c.answer(false).await;
        assert_eq!(a.status, Some(421));
        a.assert_security_headers();
        let mut c = Conn::open(s.addr).await;
        c.send(b"CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n")
            .await;
        let a = c.answer(false).await;
        assert_eq!(a.status, Some(405));
        assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"));
        a.assert_security_headers();
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn options_answers_allow() {
    bounded(async {
        let s = server().await;
        let a = raw(
            &s,
            "OPTIONS / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(204));
        assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"));
        a.assert_security_headers();
        // A CORS preflight gets no CORS grant.
        let a = raw(
            &s,
            "OPTIONS / HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.header("access-control-allow-origin"), None);
        assert_eq!(a.header("access-control-allow-methods"), None);
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn request_bodies_are_refused() {
    bounded(async {
        let s = server().await;
        let a = raw(
            &s,
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
        )
        .await;
        assert_eq!(a.status, Some(413));
        assert!(a.closed, "the connection is closed rather than the body read");
        a.assert_security_headers();
        // A chunked body is refused as a framing no GET needs (see the smuggling test).
        let a = raw(
            &s,
            "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(400));
        assert!(a.closed);
        let a = raw(
            &s,
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        )
        .await;
        assert_eq!(a.status, Some(405));
        // An empty body (`Content-Length: 0`) is no body.
        let a = raw(
            &s,
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(200));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_refused_body_does_not_become_the_next_request() {
    bounded(async {
        let s = server().await;
        // The body is a whole request; if it were read as one, a second answer would appear.
        let smuggled = "GET /article.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
        let req = format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n{smuggled}",
            smuggled.len()
        );
        let mut c = Conn::open(s.addr).await;
        c.send(req.as_bytes()).await;
        let first = c.answer(false).await;
        assert_eq!(first.status, Some(413));
        let second = c.answer(false).await;
        assert_eq!(second.status, None, "no second answer: {second:?}");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn smuggling_shapes_are_400() {
    bounded(async {
        let s = server().await;
        let mut wrong = Vec::new();
        for (name, req) in [
            (
                "content-length and chunked",
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ),
            (
                "chunked and content-length",
                "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            ),
            (
                "two different content-lengths",
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello",
            ),
            (
                "a list of content-lengths",
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5, 5\r\n\r\nhello",
            ),
            (
                "chunked not last",
                "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            ),
            (
                "an obfuscated transfer-encoding",
                "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            ),
            (
                "transfer-encoding in HTTP/1.0",
                "GET / HTTP/1.0\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ),
            (
                "a negative content-length",
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
            ),
        ] {
            let a = raw(&s, req).await;
            if a.status != Some(400) || a.text().contains("Azerbaijani") {
                wrong.push(format!("{name}: {:?} {}", a.status, a.text()));
            }
        }
        assert!(wrong.is_empty(), "not refused with 400: {wrong:#?}");
        // hyper folds two equal lengths into one (RFC 9110 §8.6 allows it), so that shape
        // is an ordinary refused body: 413, and the connection closed.
        let a = raw(
            &s,
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        )
        .await;
        assert_eq!(a.status, Some(413));
        assert!(a.closed);
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn range_requests_are_ignored_and_get_the_whole_page() {
    bounded(async {
        let s = server().await;
        let full = get(s.addr, "/article.txt", "").await;
        assert_eq!(full.status, Some(200));
        for range in [
            "bytes=0-10",
            "bytes=99999999-",
            "bytes=-5",
            "bytes=5-1",
            "bytes=0-1,2-3,4-5",
            "lines=1-2",
            "garbage",
        ] {
            let a = get(s.addr, "/article.txt", &format!("Range: {range}\r\n")).await;
            assert_eq!(a.status, Some(200), "Range: {range}");
            assert_eq!(a.body, full.body, "Range: {range}");
            assert_eq!(a.header("content-range"), None);
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn conditionals_answer_304_only_for_a_matching_tag() {
    bounded(async {
        let s = server().await;
        let first = get(s.addr, "/", "").await;
        let etag = first.header("etag").expect("an ETag").to_owned();
        assert!(etag.starts_with('"'), "a strong ETag: {etag}");
        for (inm, expected) in [
            (etag.clone(), 304),
            (format!("W/{etag}"), 304),
            (format!("\"other\", {etag}"), 304),
            ("*".to_owned(), 304),
            ("\"other\"".to_owned(), 200),
            ("garbage".to_owned(), 200),
            (String::new(), 200),
        ] {
            let a = get(s.addr, "/", &format!("If-None-Match: {inm}\r\n")).await;
            assert_eq!(a.status, Some(expected), "If-None-Match: {inm}");
            a.assert_security_headers();
            if expected == 304 {
                assert!(a.body.is_empty());
                assert_eq!(a.header("etag"), Some(etag.as_str()));
                assert_eq!(a.header("cache-control"), Some("no-cache"));
            }
        }
        // The compressed variant's tag revalidates the compressed variant.
        let br = get(s.addr, "/", "Accept-Encoding: br\r\n").await;
        let br_tag = br.header("etag").unwrap().to_owned();
        assert_ne!(br_tag, etag);
        let a = get(
            s.addr,
            "/",
            &format!("Accept-Encoding: br\r\nIf-None-Match: {br_tag}\r\n"),
        )
        .await;
        assert_eq!(a.status, Some(304));
        for ims in [
            "garbage",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            let a = get(s.addr, "/", &format!("If-Modified-Since: {ims}\r\n")).await;
            assert_eq!(a.status, Some(200), "If-Modified-Since: {ims}");
            assert_eq!(a.body, first.body);
        }
        // A 404 is never "not modified".
        let a = get(s.addr, "/nowhere", "If-None-Match: *\r\n").await;
        assert_eq!(a.status, Some(404));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn head_has_the_headers_of_get_and_no_body() {
    bounded(async {
        let s = server().await;
        let get_answer = get(s.addr, "/", "").await;
        // HEAD then GET on one connection: a body after HEAD would garble the second answer.
        let mut c = Conn::open(s.addr).await;
        c.send(
                b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
            .await;
        let head = c.answer(true).await;
        assert_eq!(head.status, Some(200));
        assert_eq!(head.header("etag"), get_answer.header("etag"));
        assert_eq!(
            head.header("content-length"),
            Some(get_answer.body.len().to_string().as_str())
        );
        head.assert_security_headers();
        let next = c.answer(false).await;
        assert_eq!(next.status, Some(200), "{next:?}");
        assert_eq!(next.body, b"ok");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn security_headers_are_on_every_kind_of_answer() {
    bounded(async {
        let s = server().await;
        let ok = get(s.addr, "/", "").await;
        assert_eq!(ok.status, Some(200));
        ok.assert_security_headers();
        let csp = ok.header("content-security-policy").unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'"));
        for (req, status) in [
            (
                "GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                404,
            ),
            (
                "DELETE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                405,
            ),
            (
                "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                421,
            ),
            (
                "GET /api/article HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n",
                200,
            ),
            (
                "GET /static/nothing.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                404,
            ),
        ] {
            let a = raw(&s, req).await;
            assert_eq!(a.status, Some(status), "{req}");
            a.assert_security_headers();
        }
        // The pages themselves carry no inline script or style the CSP would have to allow.
        let page = ok.text();
        assert!(!page.contains("<script>"), "inline script");
        assert!(!page.contains("<style"), "inline style");
        assert!(!page.contains(" style=\""), "inline style attribute");
        assert!(!page.contains(" onclick="), "inline handler");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_cross_origin_event_stream_is_refused() {
    bounded(async {
        let s = server().await;
        let a = raw(
            &s,
            "GET /events HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(403));
        a.assert_security_headers();
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn garbage_on_the_wire_is_400_and_the_server_carries_on() {
    bounded(async {
        let s = server().await;
        for junk in [
            "\u{0}\u{1}\u{2}\r\n\r\n",
            "GET\r\n\r\n",
            "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHo st: localhost\r\n\r\n",
            "\r\n\r\n\r\n",
        ] {
            let a = raw(&s, junk).await;
            assert!(
                a.status.is_none_or(|c| (400..500).contains(&c)),
                "{junk:?}: {:?}",
                a.status
            );
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}
