//! `--lan` and `--token`: the printed URLs, the Host allowlist, and the token flow over a
//! real socket (on 127.0.0.1 only; nothing here binds or calls a non-loopback address).

mod net;

use std::net::SocketAddr;
use std::time::Duration;

use article_viewer::commands::{new_token, qr, urls};
use article_viewer::security::Access;
use article_viewer::server::Shared;
use net::{Server, get, quick_limits};

#[test]
fn printed_urls_carry_the_token() {
    let bound: Vec<SocketAddr> = vec!["127.0.0.1:4173".parse().unwrap()];
    let (local, network) = urls(&bound, false, Some("s3cret"));
    assert_eq!(local, ["http://127.0.0.1:4173/?token=s3cret"]);
    assert!(network.is_empty());
    let (local, _) = urls(&bound, false, None);
    assert_eq!(local, ["http://127.0.0.1:4173/"]);
}

#[test]
fn lan_urls_name_every_non_loopback_interface_with_the_token() {
    let bound: Vec<SocketAddr> = vec!["[::]:4173".parse().unwrap()];
    let (local, network) = urls(&bound, true, Some("s3cret"));
    assert_eq!(local, ["http://localhost:4173/?token=s3cret"]);
    for url in &network {
        assert!(url.ends_with(":4173/?token=s3cret"), "{url}");
        assert!(
            !url.contains("127.0.0.1") && !url.contains("[::1]"),
            "{url}"
        );
        assert!(!url.contains("[fe80"), "link-local: {url}");
    }
    // IPv4 first: what people type and what phones scan.
    if let Some(first_v6) = network.iter().position(|u| u.contains('[')) {
        assert!(network[first_v6..].iter().all(|u| u.contains('[')));
    }
    // Without --lan, an unspecified bind still prints only the local URL.
    let (_, network) = urls(&bound, false, None);
    assert!(network.is_empty());
}

#[test]
fn the_qr_code_encodes_the_url_it_is_printed_for() {
    let code = qr("http://192.0.2.7:4173/?token=s3cret");
    assert!(code.lines().count() > 10, "{code}");
    assert!(!code.starts_with("(no QR code"));
}

#[test]
fn generated_tokens_are_128_bit_hex_and_differ() {
    let (a, b) = (new_token(), new_token());
    assert_eq!(a.len(), 32);
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
}

#[test]
fn the_host_allowlist_admits_local_names_ip_literals_and_given_names_only() {
    let a = Access::with_host_names(&["Reader.Lan".to_owned()], None);
    for ok in [
        "localhost",
        "localhost:4173",
        "a.localhost",
        "127.0.0.1:4173",
        "192.168.1.20:4173",
        "[::1]:4173",
        "[fe80::1]:4173",
        "reader.lan",
        "READER.LAN:4173",
        "reader.lan.",
    ] {
        assert!(a.host_allowed(ok), "{ok}");
    }
    if let Ok(name) = hostname::get()
        && let Some(name) = name.to_str()
    {
        assert!(a.host_allowed(name), "{name}");
        assert!(
            a.host_allowed(&format!("{name}.local:4173")),
            "{name}.local"
        );
    }
    for bad in [
        "evil.example",
        "reader.lan.evil.example",
        "evil.example:4173",
        "localhost@evil.example",
        "127.0.0.1.nip.io",
        "0x7f000001",
        "[evil.example]",
        "",
    ] {
        assert!(!a.host_allowed(bad), "{bad}");
    }
}

async fn token_server() -> Server {
    let access = Access {
        hosts: Vec::new(),
        token: Some("s3cret-Token_1".to_owned()),
    };
    Server::start_shared(Shared::new(net::site(false), access), quick_limits()).await
}

#[tokio::test]
async fn the_token_is_needed_once_then_a_strict_http_only_cookie_carries_it() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let s = token_server().await;
        // No token: refused, and nothing of the article shown.
        let a = get(s.addr, "/", "").await;
        assert_eq!(a.status, Some(401));
        assert!(!a.text().contains("Azerbaijani"));
        a.assert_security_headers();
        for path in ["/api/article", "/article.txt", "/events", "/territories"] {
            assert_eq!(get(s.addr, path, "").await.status, Some(401), "{path}");
        }
        // A wrong token, in the query or in the cookie: refused.
        for (path, extra) in [
            ("/?token=wrong", ""),
            ("/?token=s3cret-Token_", ""),
            ("/?token=s3cret-Token_12", ""),
            ("/?token=", ""),
            ("/", "Cookie: article_viewer_token=wrong\r\n"),
            ("/", "Cookie: article_viewer_token=\r\n"),
        ] {
            let a = get(s.addr, path, extra).await;
            assert_eq!(a.status, Some(401), "{path} {extra}");
            assert_eq!(a.header("set-cookie"), None);
        }
        // The printed link: the page, and the cookie.
        let a = get(s.addr, "/?token=s3cret-Token_1", "").await;
        assert_eq!(a.status, Some(200));
        assert!(a.text().contains("Azerbaijani leader vows"));
        let cookie = a.header("set-cookie").expect("a cookie").to_owned();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
        let pair = cookie.split(';').next().unwrap().to_owned();
        // The cookie alone, on any page, among other cookies.
        for (path, extra) in [
            ("/", format!("Cookie: {pair}\r\n")),
            ("/api/article", format!("Cookie: theme=dark; {pair}\r\n")),
            ("/quotes", format!("Cookie: {pair}; other=1\r\n")),
        ] {
            let a = get(s.addr, path, &extra).await;
            assert_eq!(a.status, Some(200), "{path} {extra}");
            assert_eq!(a.header("set-cookie"), None, "set once only");
        }
        // A percent-encoded token in the link works as well.
        let a = get(s.addr, "/?token=s3cret%2DToken%5F1", "").await;
        assert_eq!(a.status, Some(200));
    })
    .await
    .expect("bounded");
}

#[tokio::test]
async fn a_foreign_host_is_refused_before_the_token_is_looked_at() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let s = token_server().await;
        let a = net::exchange(
            s.addr,
            b"GET /?token=s3cret-Token_1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert_eq!(a.status, Some(421));
        assert_eq!(a.header("set-cookie"), None);
    })
    .await
    .expect("bounded");
}

#[test]
fn only_url_and_cookie_safe_tokens_are_accepted() {
    use article_viewer::commands::token_is_safe;
    assert!(token_is_safe("s3cret-Token_1.~"));
    assert!(token_is_safe(&new_token()));
    for bad in ["", "a b", "a;b", "a=b", "a&b", "a%41", "é", "a\r\nb"] {
        assert!(!token_is_safe(bad), "{bad:?}");
    }
}
