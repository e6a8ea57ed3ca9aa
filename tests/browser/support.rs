//! The browser harness: the tools, one chromedriver per test binary, one viewer server, and
//! a fresh headless Chromium session per test.
//!
//! Everything talks over 127.0.0.1 only. Outside CI a test skips (with the reason printed) when
//! a tool is missing; with `CI=true` a missing tool fails the test instead.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use article_viewer::cli::Input;
use article_viewer::pipeline::load;
use article_viewer::security::Access;
use article_viewer::server::{self, Limits, Shared};
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

pub type Fallible<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where the npm packages live.
pub fn node_modules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules")
}

pub fn axe_path() -> PathBuf {
    node_modules().join("axe-core/axe.min.js")
}

pub fn vnu_path() -> PathBuf {
    node_modules().join("vnu-jar/build/dist/vnu.jar")
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether every listed tool is present. Missing ones skip the test outside CI and fail it
/// under `CI=true`, so CI can never pass by not running the browser.
pub fn tools_present(test: &str, needed: &[&Path]) -> bool {
    let missing: Vec<String> = needed
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{test}: missing {} (run .ci/run, or `npm ci --prefix tests/browser`)",
        missing.join(", ")
    );
    assert!(!in_ci(), "CI=true and the browser tools are missing: {why}");
    eprintln!("SKIPPED {why}");
    false
}

/// Whether Chromium, chromedriver and the npm packages are there (see [`tools_present`]).
pub fn browser_present(test: &str) -> bool {
    tools_present(
        test,
        &[Path::new(CHROMIUM), Path::new(CHROMEDRIVER), &axe_path()],
    )
}

/// The first `name` on `PATH`.
pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

/// The chromedriver process shared by every test of this binary. It runs under a tiny shell
/// that kills it when our end of its stdin closes, i.e. when the test process exits however
/// it exits (statics are never dropped, so a `Drop` guard could not do this).
struct Driver {
    url: String,
    _child: Child,
    _stdin: Mutex<ChildStdin>,
}

fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let port = free_port();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#""$0" --port="$1" --allowed-ips=127.0.0.1 --log-level=SEVERE >&2 & pid=$!; read -r _; kill "$pid""#)
            .arg(CHROMEDRIVER)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start chromedriver");
        let stdin = child.stdin.take().expect("piped stdin");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            url: format!("http://127.0.0.1:{port}/"),
            _child: child,
            _stdin: Mutex::new(stdin),
        }
    })
}

/// The viewer on the embedded article, served by its own thread for the whole test binary.
pub fn viewer() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let site = load(&Input::default())
                    .expect("the embedded article loads")
                    .site(None, false)
                    .expect("the site renders");
                let (addr, stop) = start(Shared::new(site, Access::loopback())).await;
                tx.send(addr).expect("test waits for the address");
                // Serve until the process ends.
                std::future::pending::<()>().await;
                drop(stop);
            });
        });
        rx.recv().expect("the viewer started")
    })
}

/// Serves `shared` on 127.0.0.1:0 in the current runtime; dropping the sender stops it.
pub async fn start(
    shared: std::sync::Arc<Shared>,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("bound address");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::serve(
        vec![listener],
        shared,
        Limits::default(),
        async move {
            let _ = stop_rx.await;
        },
    ));
    (addr, stop_tx)
}

/// The pages every check covers, with the status each must answer.
pub const PAGES: [(&str, u16); 6] = [
    ("/", 200),
    ("/territories", 200),
    ("/territories/kalbajar", 200),
    ("/quotes", 200),
    ("/timeline", 200),
    ("/no-such-page", 404),
];

/// A plain HTTP/1.1 GET over loopback: status and body as served (no compression asked for).
pub fn fetch(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the viewer");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    )
    .expect("send request");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("status line");
    let code = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        if line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        reader.read_to_end(&mut body).expect("body");
    }
    (code, String::from_utf8(body).expect("UTF-8 page"))
}

// ---------------------------------------------------------------------------------------------
// Browser sessions.

/// One headless Chromium, closed when the test body ends (even by a panic).
pub async fn with_browser<F, Fut>(body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Fallible> + Send + 'static,
{
    let profile = tempfile::tempdir().expect("profile dir");
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--hide-scrollbars", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver().url)
        .await
        .expect("a Chromium session");
    let outcome = tokio::spawn(body(client.clone())).await;
    let _ = client.close().await;
    drop(profile);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{e}"),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// A POST to one of chromedriver's session extensions: `goog/cdp/execute` (a Chrome DevTools
/// Protocol command) or `se/log` (the browser's console log).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

pub async fn cdp(c: &Client, cmd: &'static str, params: Value) -> Fallible<Value> {
    Ok(c.issue_cmd(SessionPost {
        path: "goog/cdp/execute",
        body: json!({"cmd": cmd, "params": params}),
    })
    .await?)
}

/// Console entries (level, message) since the last call.
pub async fn browser_log(c: &Client) -> Fallible<Vec<(String, String)>> {
    let log = c
        .issue_cmd(SessionPost {
            path: "se/log",
            body: json!({"type": "browser"}),
        })
        .await?;
    Ok(log
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    (
                        e["level"].as_str().unwrap_or_default().to_owned(),
                        e["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Makes the viewport a phone's (CSS pixels, touch, honouring `<meta name=viewport>`).
pub async fn phone(c: &Client, width: u32, height: u32) -> Fallible {
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await?;
    Ok(())
}

pub async fn color_scheme(c: &Client, scheme: &str) -> Fallible {
    cdp(
        c,
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    )
    .await?;
    Ok(())
}

pub fn url(addr: SocketAddr, path: &str) -> String {
    format!("http://{addr}{path}")
}

/// Runs a script and returns its JSON result.
pub async fn js(c: &Client, script: &str) -> Fallible<Value> {
    Ok(c.execute(script, Vec::new()).await?)
}

pub async fn js_with(c: &Client, script: &str, args: Vec<Value>) -> Fallible<Value> {
    Ok(c.execute(script, args).await?)
}

pub async fn hover(c: &Client, element: &Element) -> Fallible {
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: element.clone(),
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(mouse).await?;
    Ok(())
}

/// Moves the pointer away into the top-left corner, so nothing stays hovered.
pub async fn unhover(c: &Client) -> Fallible {
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(mouse).await?;
    Ok(())
}

pub async fn press_tab(c: &Client) -> Fallible {
    let tab = char::from(fantoccini::key::Key::Tab);
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab });
    c.perform_actions(keys).await?;
    Ok(())
}

/// Waits up to `limit` for a script to return `true`.
pub async fn wait_until(c: &Client, script: &str, limit: Duration) -> Fallible<bool> {
    let deadline = Instant::now() + limit;
    loop {
        if js(c, script).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            return Ok(true);
        }
        if Instant::now() > deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a viewport screenshot to `docs/screenshots/{name}.png` when `UPDATE_SCREENSHOTS=1`.
pub async fn maybe_screenshot(c: &Client, name: &str) -> Fallible {
    if std::env::var("UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        return Ok(());
    }
    let png = c.screenshot().await?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}
