//! Real-socket fixtures: a server on 127.0.0.1:0 in this process, raw requests whose every
//! byte the test chooses, and a parser for what comes back.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::security::Access;
use article_viewer::server::{self, Limits, Shared};
use article_viewer::site::Site;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Every network step of a test is bounded by this.
pub const STEP: Duration = Duration::from_secs(5);

/// One loopback-only state for the whole test binary: building the site takes seconds in a
/// debug build, and the hostile tests neither change it nor shut it down.
pub fn loopback() -> Arc<Shared> {
    static SHARED: OnceLock<Arc<Shared>> = OnceLock::new();
    SHARED
        .get_or_init(|| Shared::new(site(true), Access::loopback()))
        .clone()
}

/// The real embedded article, built as `serve` builds it.
pub fn site(live_reload: bool) -> Site {
    pipeline::load(&Input::default())
        .expect("the embedded article analyses")
        .site(None, live_reload)
        .expect("the site builds")
}

/// Short limits so tests about them run fast.
pub fn quick_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
        shutdown_grace: Duration::from_secs(5),
        ..Limits::default()
    }
}

/// A server running in this process.
pub struct Server {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    handle: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// A server over the shared loopback-only state.
    pub async fn start(limits: Limits) -> Self {
        Self::start_shared(loopback(), limits).await
    }

    pub async fn start_shared(shared: Arc<Shared>, limits: Limits) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(server::serve(
            vec![listener],
            shared.clone(),
            limits,
            async move {
                let _ = stopped.await;
            },
        ));
        Self {
            addr,
            shared,
            stop: Some(stop),
            handle,
        }
    }

    /// Asks the server to stop and returns how long `serve` took to return.
    pub async fn stop(mut self) -> Duration {
        let started = Instant::now();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.handle)
            .await
            .expect("serve returns after shutdown")
            .expect("serve does not panic")
            .expect("serve returns Ok");
        started.elapsed()
    }

    /// A normal reader still gets the article quickly.
    pub async fn assert_serves_a_reader(&self) {
        let started = Instant::now();
        let answer = tokio::time::timeout(
            Duration::from_secs(2),
            exchange(
                self.addr,
                format!(
                    "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                    self.addr
                )
                .as_bytes(),
            ),
        )
        .await
        .expect("a normal reader is answered within 2 s");
        assert_eq!(answer.status, Some(200), "a normal reader gets the page");
        assert!(
            answer.text().contains("Azerbaijani leader vows"),
            "the page is the article"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

/// One parsed HTTP/1.1 response (or what came instead).
#[derive(Debug, Default)]
pub struct Answer {
    /// `None` when the connection ended without a status line.
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the server closed the connection after this answer.
    pub closed: bool,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The headers every answer must carry, and the one it must never carry.
    pub fn assert_security_headers(&self) {
        let csp = self
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("CSP on {:?}", self.status));
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(self.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(self.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(
            self.header("cross-origin-opener-policy"),
            Some("same-origin")
        );
        assert_eq!(
            self.header("cross-origin-resource-policy"),
            Some("same-origin")
        );
        assert_eq!(self.header("strict-transport-security"), None);
        assert_eq!(self.header("access-control-allow-origin"), None);
    }
}

/// Writes `bytes` on a fresh connection and reads one answer.
pub async fn exchange(addr: SocketAddr, bytes: &[u8]) -> Answer {
    let mut conn = Conn::open(addr).await;
    // The server may answer and close before reading everything; that is not a failure.
    let _ = conn.stream.write_all(bytes).await;
    conn.answer(bytes.starts_with(b"HEAD ")).await
}

/// A client connection that keeps bytes read past one answer for the next.
pub struct Conn {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Self {
        Self {
            stream: TcpStream::connect(addr).await.expect("connect"),
            buf: Vec::new(),
        }
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("write");
    }

    /// Reads one answer; bounded by [`STEP`]. `head` when it answers a HEAD (no body).
    pub async fn answer(&mut self, head: bool) -> Answer {
        tokio::time::timeout(STEP, self.answer_unbounded(head))
            .await
            .expect("an answer (or a close) within the step time")
    }

    /// Reads until at least `n` bytes are buffered; false on EOF or error.
    async fn fill(&mut self, n: usize) -> bool {
        let mut chunk = [0u8; 16 * 1024];
        while self.buf.len() < n {
            match self.stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
            }
        }
        true
    }

    /// Reads until `needle` is buffered and returns its position; None on EOF or error.
    async fn fill_until(&mut self, needle: &[u8], from: usize) -> Option<usize> {
        loop {
            if let Some(i) = self.buf.get(from..).and_then(|b| find(b, needle)) {
                return Some(from + i);
            }
            let have = self.buf.len();
            if !self.fill(have + 1).await {
                return None;
            }
        }
    }

    async fn answer_unbounded(&mut self, head: bool) -> Answer {
        let mut answer = Answer::default();
        let Some(header_end) = self.fill_until(b"\r\n\r\n", 0).await else {
            answer.closed = true;
            return answer;
        };
        let head_text = String::from_utf8_lossy(&self.buf[..header_end]).into_owned();
        self.buf.drain(..header_end + 4);
        let mut lines = head_text.split("\r\n");
        answer.status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok());
        for line in lines {
            if let Some((n, v)) = line.split_once(':') {
                answer
                    .headers
                    .push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        let no_body = head || matches!(answer.status, Some(100..=199 | 204 | 304));
        let chunked = answer
            .header("transfer-encoding")
            .is_some_and(|v| v.contains("chunked"));
        let length = answer
            .header("content-length")
            .and_then(|v| v.parse::<usize>().ok());
        if no_body {
        } else if let Some(len) = length {
            if !self.fill(len).await {
                answer.closed = true;
            }
            let len = len.min(self.buf.len());
            answer.body = self.buf.drain(..len).collect();
        } else if chunked {
            loop {
                let Some(eol) = self.fill_until(b"\r\n", 0).await else {
                    answer.closed = true;
                    break;
                };
                let size = std::str::from_utf8(&self.buf[..eol])
                    .ok()
                    .and_then(|s| {
                        usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok()
                    })
                    .unwrap_or(0);
                if !self.fill(eol + 2 + size + 2).await {
                    answer.closed = true;
                    break;
                }
                answer
                    .body
                    .extend_from_slice(&self.buf[eol + 2..eol + 2 + size]);
                self.buf.drain(..eol + 2 + size + 2);
                if size == 0 {
                    break;
                }
            }
        } else {
            while self.fill(self.buf.len() + 1).await {}
            answer.body = std::mem::take(&mut self.buf);
            answer.closed = true;
        }
        if answer
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
        {
            answer.closed = true;
        }
        answer
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the server closes `stream` (EOF or reset) within `within`.
pub async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut chunk = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // Something was sent (an error status); keep reading until it closes.
            Ok(Ok(_)) => {}
        }
    }
}

/// A simple GET with a matching Host, on a fresh connection.
pub async fn get(addr: SocketAddr, path: &str, extra: &str) -> Answer {
    exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Connection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
}

/// Polls `check` until it holds or `within` passes.
pub async fn eventually<F, Fut>(within: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + within;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The printed `Local:` URL of a spawned `serve`.
pub fn local_url(stdout: std::process::ChildStdout) -> (String, std::thread::JoinHandle<String>) {
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = String::new();
    for line in lines.by_ref() {
        let line = line.expect("stdout");
        seen.push_str(&line);
        seen.push('\n');
        if let Some(url) = line.trim().strip_prefix("Local:") {
            let url = url.trim().to_owned();
            // Keep draining stdout so the server never blocks on a full pipe.
            let rest = std::thread::spawn(move || {
                let mut rest = String::new();
                for line in lines.map_while(Result::ok) {
                    rest.push_str(&line);
                    rest.push('\n');
                }
                rest
            });
            return (url, rest);
        }
    }
    panic!("no Local: URL printed:\n{seen}");
}

/// The real binary, `serve --port 0` plus `args`: the child, the address it printed, and a
/// thread that keeps reading its stdout (what it returns once the child exits).
pub async fn spawn_serve(
    args: &[&str],
) -> (
    std::process::Child,
    SocketAddr,
    std::thread::JoinHandle<String>,
) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(["serve", "--port", "0"])
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the binary");
    let stdout = child.stdout.take().expect("stdout");
    let (url, rest) = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::task::spawn_blocking(move || local_url(stdout)),
    )
    .await
    .expect("the URL is printed within 60 s")
    .expect("reader");
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .replace("localhost", "127.0.0.1")
        .parse()
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    (child, addr, rest)
}
