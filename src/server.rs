//! Pages → HTTP: the router, its layers, the connection loop with its limits, and shutdown.
//!
//! Handlers only look pages up in the current [`Site`]; a new site is swapped in whole.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use futures_util::Stream;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::security::{self, Access};
use crate::site::{Caching, Encoding, Lookup, Site};

/// Limits every connection lives under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time allowed to send a request's headers (slowloris).
    pub header_read_timeout: Duration,
    /// Time allowed to answer one request.
    pub request_timeout: Duration,
    /// Bytes of request line and headers; hyper's minimum is 8 KiB.
    pub max_header_bytes: usize,
    pub max_headers: usize,
    /// Open connections at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// Log every request (`-v`).
    pub access_log: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(15),
            max_header_bytes: 16 * 1024,
            max_headers: 64,
            max_connections: 1024,
            shutdown_grace: Duration::from_millis(1500),
            access_log: false,
        }
    }
}

/// What the live-reload stream tells open pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    /// The current site's version (its reading page's ETag).
    pub version: String,
    /// The last edit's problem, while the file is broken.
    pub problem: Option<String>,
}

/// State shared by every request: the current site and how access is checked.
pub struct Shared {
    site: ArcSwap<Site>,
    live: watch::Sender<LiveState>,
    shutdown: watch::Sender<bool>,
    pub access: Access,
}

impl Shared {
    #[must_use]
    pub fn new(site: impl Into<Arc<Site>>, access: Access) -> Arc<Self> {
        let site: Arc<Site> = site.into();
        let live = watch::Sender::new(LiveState {
            version: site.version.clone(),
            problem: None,
        });
        Arc::new(Self {
            site: ArcSwap::new(site),
            live,
            shutdown: watch::Sender::new(false),
            access,
        })
    }

    /// The site being served now.
    #[must_use]
    pub fn site(&self) -> Arc<Site> {
        self.site.load_full()
    }

    /// Replaces the whole site at once; readers see the old or the new one, never a mix.
    pub fn swap(&self, site: Site, problem: Option<String>) {
        let state = LiveState {
            version: site.version.clone(),
            problem,
        };
        self.site.store(Arc::new(site));
        self.live.send_replace(state);
    }

    /// Ends live-reload streams so shutdown need not wait for them.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

/// The application with loopback-only access: what tests and a plain `serve` use.
pub fn app(site: impl Into<Arc<Site>>) -> Router {
    router(Shared::new(site, Access::loopback()))
}

/// The application over shared state, with the default limits.
pub fn router(shared: Arc<Shared>) -> Router {
    router_with(shared, &Limits::default())
}

/// The application over shared state. The request timeout bounds the time to produce an
/// answer's head; a body that is already streaming (`/events`) is not cut by it.
pub fn router_with(shared: Arc<Shared>, limits: &Limits) -> Router {
    let router = Router::new()
        // Any method reaches the handlers, so a refused one still gets `guarded`'s answer and
        // headers rather than the router's bare 405.
        .route("/events", any(events))
        .fallback(serve_page)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            let mut r = plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n");
            security::add_headers(r.headers_mut());
            r
        }))
        .with_state(shared);
    // The access log (`-v`) is a layer only when asked for: quiet by default costs nothing.
    if limits.access_log {
        router.layer(tower_http::trace::TraceLayer::new_for_http())
    } else {
        router
    }
}

/// Framing, Host, method, body and token checks, then `answer`, then the security headers:
/// the frame of every route. A plain call rather than a middleware layer, which would box
/// every request's future for no gain.
fn guarded(shared: &Shared, req: &Request, answer: impl FnOnce() -> Response) -> Response {
    let mut response = match security::check(&shared.access, req) {
        Ok(cookie) => {
            let mut r = answer();
            if let Some(cookie) = cookie {
                r.headers_mut().append(header::SET_COOKIE, cookie);
            }
            r
        }
        Err(r) => r,
    };
    security::add_headers(response.headers_mut());
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

static NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
static IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
static ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("accept-encoding");
static GZIP: HeaderValue = HeaderValue::from_static("gzip");
static BR: HeaderValue = HeaderValue::from_static("br");

/// Every page: a lookup, content negotiation and a conditional check. No rendering.
async fn serve_page(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    guarded(&shared, &req, || page(&shared, &req))
}

fn page(shared: &Shared, req: &Request) -> Response {
    // A guard, not `site()`: no reference count to bump and drop on every request.
    let site = shared.site.load();
    let head = req.method() == Method::HEAD;
    let (page, status) = match site.lookup(req.uri().path()) {
        Lookup::Page(p) => (p, StatusCode::OK),
        Lookup::Redirect(to) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        Lookup::NotFound(p) => (p, StatusCode::NOT_FOUND),
    };
    let variant = page.variant(accepted(req.headers()));
    // Every header value below is prebuilt (see `site::Variant`) or static: cloning one is a
    // reference count, so an answer allocates only its header map and body handle. Room for
    // these and the security headers `guard` adds, so the map never grows.
    let mut headers = HeaderMap::with_capacity(16);
    headers.insert(header::CONTENT_TYPE, page.content_type_header.clone());
    if status == StatusCode::OK {
        headers.insert(header::ETAG, variant.etag.clone());
        headers.insert(
            header::CACHE_CONTROL,
            match page.caching {
                Caching::Revalidate => NO_CACHE.clone(),
                Caching::Immutable => IMMUTABLE.clone(),
            },
        );
    }
    if page.varies() {
        headers.insert(header::VARY, ACCEPT_ENCODING.clone());
    }
    match variant.encoding {
        Encoding::Brotli => headers.insert(header::CONTENT_ENCODING, BR.clone()),
        Encoding::Gzip => headers.insert(header::CONTENT_ENCODING, GZIP.clone()),
        Encoding::Identity => None,
    };
    let not_modified = status == StatusCode::OK
        && req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| page.matches(v));
    let (status, body) = if not_modified {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        headers.insert(header::CONTENT_LENGTH, variant.content_length.clone());
        let body = if head {
            Body::empty()
        } else {
            Body::from(variant.body.clone())
        };
        (status, body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// The best encoding the client accepts: brotli, then gzip, then none. `q=0` refuses.
fn accepted(headers: &HeaderMap) -> Encoding {
    let (mut br, mut gz) = (false, false);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            if name.eq_ignore_ascii_case("br") {
                br = true;
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gz = true;
            }
        }
    }
    if br {
        Encoding::Brotli
    } else if gz {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Server-sent events: the site version now and on every swap, and the last edit's problem.
async fn events(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    guarded(&shared, &req, || {
        if security::same_origin(req.headers()) {
            event_stream(&shared).into_response()
        } else {
            plain(StatusCode::FORBIDDEN, "cross-origin stream refused\n")
        }
    })
}

fn event_stream(shared: &Shared) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let mut live = shared.live.subscribe();
    let mut shutdown = shared.shutdown.subscribe();
    let stream = async_stream(move |tx| async move {
        loop {
            let state = live.borrow_and_update().clone();
            let problem = state.problem.unwrap_or_default().replace(['\r', '\n'], " ");
            if tx
                .send(Event::default().event("version").data(state.version))
                .await
                .is_err()
                || tx
                    .send(Event::default().event("problem").data(problem))
                    .await
                    .is_err()
            {
                return;
            }
            tokio::select! {
                changed = live.changed() => if changed.is_err() { return },
                () = stopped(&mut shutdown) => return,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A stream fed by a task through a small channel; the stream ends when the task does.
fn async_stream<F, Fut>(f: F) -> impl Stream<Item = Result<Event, Infallible>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Event>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(f(tx));
    futures_util::stream::unfold(
        rx,
        |mut rx| async move { rx.recv().await.map(|e| (Ok(e), rx)) },
    )
}

/// Accepts connections on every listener until `shutdown` resolves, then lets requests in
/// flight finish for at most `limits.shutdown_grace`.
///
/// # Errors
/// Never in practice: accept errors (too many open files, …) are logged and retried.
pub async fn serve(
    listeners: Vec<TcpListener>,
    shared: Arc<Shared>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let app = router_with(shared.clone(), &limits);
    let graceful = Arc::new(hyper_util::server::graceful::GracefulShutdown::new());
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    for listener in listeners {
        let app = app.clone();
        let permits = permits.clone();
        let limits = limits.clone();
        let mut stop = stop_rx.clone();
        let graceful = graceful.clone();
        tasks.spawn(async move {
            loop {
                let permit = tokio::select! {
                    p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => return },
                    () = stopped(&mut stop) => return,
                };
                let (stream, peer) = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok(x) => x,
                        Err(e) => {
                            tracing::warn!("accept failed: {e}");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    },
                    () = stopped(&mut stop) => return,
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_read_timeout)
                    .max_buf_size(limits.max_header_bytes.max(8192))
                    .max_headers(limits.max_headers)
                    .keep_alive(true);
                let conn = builder.serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watcher().watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(%peer, "connection ended: {e}");
                    }
                    drop(permit);
                });
            }
        });
    }
    shutdown.await;
    shared.begin_shutdown();
    let _ = stop_tx.send(true);
    while tasks.join_next().await.is_some() {}
    // Every accept task has ended, so this is the last handle.
    let Ok(graceful) = Arc::try_unwrap(graceful) else {
        return Ok(());
    };
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::info!("shutdown: closed connections still in flight after the grace period");
    }
    Ok(())
}

/// Resolves once the stop flag is raised (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// The local addresses actually bound, for printing.
#[must_use]
pub fn bound(listeners: &[TcpListener]) -> Vec<SocketAddr> {
    listeners
        .iter()
        .filter_map(|l| l.local_addr().ok())
        .collect()
}
