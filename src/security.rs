//! Who may ask what: methods, bodies, the Host allowlist, the optional token, response headers.

use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode};
use subtle::ConstantTimeEq;

/// The cookie that carries the token after the first `?token=` visit.
pub const TOKEN_COOKIE: &str = "article_viewer_token";

/// Which Host names and which token a request must bring.
#[derive(Debug, Clone)]
pub struct Access {
    /// Host names accepted besides `localhost`, `*.localhost` and IP literals (lower case).
    pub hosts: Vec<String>,
    /// When set, every request needs it once as `?token=…`, then as a cookie.
    pub token: Option<String>,
}

impl Access {
    /// Loopback use: only `localhost` names and IP literals.
    #[must_use]
    pub fn loopback() -> Self {
        Self {
            hosts: Vec::new(),
            token: None,
        }
    }

    /// This machine's host name (and `name.local`) plus the given names.
    #[must_use]
    pub fn with_host_names(extra: &[String], token: Option<String>) -> Self {
        let mut hosts: Vec<String> = extra.iter().map(|h| h.to_lowercase()).collect();
        if let Ok(name) = hostname::get()
            && let Some(name) = name.to_str()
        {
            let name = name.to_lowercase();
            hosts.push(format!("{name}.local"));
            hosts.push(name);
        }
        Self { hosts, token }
    }

    /// Whether a Host header value (name with optional port) may be served.
    #[must_use]
    pub fn host_allowed(&self, host: &str) -> bool {
        // Runs on every request: no allocation, ASCII case-insensitive comparisons only.
        let host = host.trim();
        // Strip the port: `[::1]:8080`, `127.0.0.1:8080`, `name:8080`.
        let name = if let Some(rest) = host.strip_prefix('[') {
            match rest.split_once(']') {
                Some((inside, port)) if port.is_empty() || port.starts_with(':') => {
                    return inside.parse::<std::net::Ipv6Addr>().is_ok() && valid_port(port);
                }
                _ => return false,
            }
        } else {
            match host.rsplit_once(':') {
                Some((name, port)) if valid_digits(port) => name,
                Some(_) => return false,
                None => host,
            }
        };
        let name = name.trim_end_matches('.');
        if name.is_empty() {
            return false;
        }
        let ends_with = |suffix: &str| {
            name.len() >= suffix.len()
                && name.is_char_boundary(name.len() - suffix.len())
                && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        };
        name.parse::<std::net::Ipv4Addr>().is_ok()
            || name.eq_ignore_ascii_case("localhost")
            || ends_with(".localhost")
            || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
    }
}

fn valid_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(p) => valid_digits(p),
    }
}

fn valid_digits(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

fn refuse(status: StatusCode, text: &'static str) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        r.headers_mut().insert(
            header::ALLOW,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
    }
    r
}

/// Asks hyper to close the connection after this answer.
fn closing(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// Checks one request. `Ok(Some(cookie))` when a valid `?token=` should be remembered.
///
/// # Errors
/// The response that refuses the request.
// A refusal is built at most once per request; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn check<B>(access: &Access, req: &Request<B>) -> Result<Option<HeaderValue>, Response> {
    let headers = req.headers();
    // Smuggling shapes. hyper already refuses two different lengths, and it quietly drops
    // `Content-Length` when `Transfer-Encoding` is present, so both-at-once can only be seen
    // as "any Transfer-Encoding". No GET or HEAD needs one, so every request that frames a
    // body that way is refused, and the connection closed (RFC 9112 §6.3).
    let lengths = headers.get_all(header::CONTENT_LENGTH).iter().count();
    let chunked = headers.contains_key(header::TRANSFER_ENCODING);
    if lengths > 1 || chunked {
        return Err(closing(refuse(
            StatusCode::BAD_REQUEST,
            "ambiguous request framing\n",
        )));
    }
    // Host before anything else: a page of a foreign name answers nothing, not even OPTIONS.
    match headers.get_all(header::HOST).iter().count() {
        1 => {}
        // An HTTP/1.1 request without Host is malformed (RFC 9112 §3.2); an HTTP/1.0 one
        // is too old to be a browser, so it is held to the same rule.
        0 => return Err(refuse(StatusCode::BAD_REQUEST, "no Host header\n")),
        _ => return Err(refuse(StatusCode::BAD_REQUEST, "more than one Host\n")),
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    // An absolute-form target (`GET http://name/ …`) names a host as well: both must pass.
    let target = req.uri().authority().map(http::uri::Authority::as_str);
    match (host, target) {
        (Some(h), None) if access.host_allowed(h) => {}
        (Some(h), Some(t)) if access.host_allowed(h) && access.host_allowed(t) => {}
        _ => {
            return Err(refuse(
                StatusCode::MISDIRECTED_REQUEST,
                "this host name is not served here (start with --allow-host NAME to add it)\n",
            ));
        }
    }
    match *req.method() {
        Method::GET | Method::HEAD => {}
        Method::OPTIONS => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            r.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
            return Err(r);
        }
        _ => return Err(refuse(StatusCode::METHOD_NOT_ALLOWED, "read-only\n")),
    }
    let has_body = headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        // Closing spares hyper reading a body nobody wants.
        return Err(closing(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request bodies are not accepted\n",
        )));
    }
    let Some(token) = &access.token else {
        return Ok(None);
    };
    if cookie_token(headers).is_some_and(|t| equal(t, token)) {
        return Ok(None);
    }
    let from_query = req.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy())
    });
    match from_query {
        Some(t) if equal(&t, token) => Ok(HeaderValue::from_str(&format!(
            "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        ))
        .ok()),
        _ => Err(refuse(
            StatusCode::UNAUTHORIZED,
            "this viewer is shared with a token: open the link that was printed with it\n",
        )),
    }
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='))
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Whether a request's `Origin` (if any) is the host it was sent to.
#[must_use]
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|o| o.eq_ignore_ascii_case(host))
}

/// The content security policy: our own script and style only, nothing inline, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Adds the security headers every answer carries.
pub fn add_headers(headers: &mut HeaderMap) {
    // Names and values are built at compile time: this runs on every answer.
    static HEADERS: [(HeaderName, HeaderValue); 7] = [
        (
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ),
        (
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ),
        (
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ];
    headers.reserve(HEADERS.len());
    for (name, value) in &HEADERS {
        headers.insert(name.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_ip_literals_are_allowed() {
        let a = Access::loopback();
        for ok in [
            "localhost",
            "localhost:8080",
            "viewer.localhost:1",
            "127.0.0.1:3000",
            "[::1]:3000",
            "[::1]",
            "192.168.1.20:8080",
        ] {
            assert!(a.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:80",
            "localhost.evil.example",
            "",
            ":80",
            "[::1",
            "127.0.0.1:port",
        ] {
            assert!(!a.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn allow_host_adds_a_name() {
        let a = Access {
            hosts: vec!["reader.lan".into()],
            token: None,
        };
        assert!(a.host_allowed("READER.lan:8080"));
        assert!(!a.host_allowed("other.lan"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(equal("abc", "abc"));
        assert!(!equal("abc", "abd"));
        assert!(!equal("abc", "abcd"));
    }
}
