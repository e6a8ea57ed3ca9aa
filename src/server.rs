//! Pages → HTTP: the service each connection runs, the connection loop with its limits, and
//! shutdown.
//!
//! Handlers only look pages up in the current [`Site`]; a new site is swapped in whole.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use bytes::Bytes;
use futures_util::Stream;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_body_util::{Either, Full};
use hyper::body::{Body as HttpBody, Incoming};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_service::Service as _;

use crate::security::{self, Access};
use crate::site::{Encoding, Lookup, Site};

/// Limits every connection lives under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time allowed to send a request's headers (slowloris).
    pub header_read_timeout: Duration,
    /// Time allowed to start answering `/events` (a 408 after it). Pages are answered at
    /// once from memory, with nothing to wait for.
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
pub fn app(site: impl Into<Arc<Site>>) -> Viewer {
    Viewer::new(Shared::new(site, Access::loopback()), &Limits::default())
}

/// The body of every answer: a prebuilt page's bytes, or whatever the router streams.
pub type ViewerBody = Either<Full<Bytes>, Body>;

/// The service every connection runs, and the one tests call.
///
/// A page is answered in place: checks, a lookup and a clone of prebuilt headers, with no
/// await, so there is nothing for a timeout to cut and no future to box. The one route that
/// waits (`/events`, the live-reload stream) goes through an axum [`Router`] with a request
/// timeout and panic catching.
#[derive(Clone)]
pub struct Viewer {
    shared: Arc<Shared>,
    router: Router,
    /// `-v`: one line per answer (client, method, path, status, time taken).
    log: bool,
    /// The client, for that line; set per connection by [`serve`].
    peer: Option<SocketAddr>,
}

const EVENTS: &str = "/events";

impl Viewer {
    #[must_use]
    pub fn new(shared: Arc<Shared>, limits: &Limits) -> Self {
        let router = Router::new()
            // Any method reaches the handler, so a refused one still gets `guarded`'s answer
            // and headers rather than the router's bare 405.
            .route(EVENTS, any(events))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                limits.request_timeout,
            ))
            .layer(CatchPanicLayer::custom(|_| internal_error()))
            .with_state(shared.clone());
        Self {
            shared,
            router,
            log: limits.access_log,
            peer: None,
        }
    }

    /// This service for one connection's client.
    #[must_use]
    pub fn for_peer(&self, peer: SocketAddr) -> Self {
        Self {
            peer: Some(peer),
            ..self.clone()
        }
    }

    fn respond<B>(&self, req: Request<B>) -> Answer
    where
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let started = self.log.then(Instant::now);
        if req.uri().path() == EVENTS {
            let mut router = self.router.clone();
            let line = started.map(|t| (self.clone(), req.method().clone(), t));
            return Answer::Routed(Box::pin(async move {
                let Ok(mut response) = router.call(req.map(Body::new)).await;
                // The timeout's 408 is built by its layer, outside `guarded`.
                security::add_headers(response.headers_mut());
                if let Some((viewer, method, started)) = line {
                    viewer.log_line(&method, EVENTS, response.status(), started);
                }
                Ok(response.map(Either::Right))
            }));
        }
        // A panic here is a bug; it still gets an answer rather than a dropped connection.
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page(&self.shared, &req)))
                .unwrap_or_else(|_| internal_error().map(Either::Right));
        if let Some(started) = started {
            self.log_line(req.method(), req.uri().path(), response.status(), started);
        }
        Answer::Ready(Some(response))
    }

    /// The access log's line. The path only: a query may hold the sharing token.
    fn log_line(&self, method: &Method, path: &str, status: StatusCode, started: Instant) {
        let peer = self.peer.map_or_else(|| "-".to_owned(), |p| p.to_string());
        tracing::info!(
            "{peer} {method} {path} {} {}us",
            status.as_u16(),
            started.elapsed().as_micros()
        );
    }
}

/// What [`Viewer`] answers with: a page at once, or the router's future.
pub enum Answer {
    Ready(Option<Response<ViewerBody>>),
    Routed(Pin<Box<dyn Future<Output = Result<Response<ViewerBody>, Infallible>> + Send>>),
}

impl Future for Answer {
    type Output = Result<Response<ViewerBody>, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut *self {
            Self::Ready(r) => {
                Poll::Ready(Ok(r.take().expect("an Answer polled after it was ready")))
            }
            Self::Routed(f) => f.as_mut().poll(cx),
        }
    }
}

/// What tests and benches call (`tower::ServiceExt::oneshot`).
impl<B> tower_service::Service<Request<B>> for Viewer
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response<ViewerBody>;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Answer {
        self.respond(req)
    }
}

/// What each connection runs: hyper calls it by reference, with no clone per request.
impl hyper::service::Service<Request<Incoming>> for Viewer {
    type Response = Response<ViewerBody>;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, req: Request<Incoming>) -> Answer {
        self.respond(req)
    }
}

/// Framing, Host, method, body and token checks. `Ok(Some(cookie))` when a valid `?token=`
/// should be remembered; a refusal comes with the security headers.
// A refusal is built at most once per request; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
fn checked<B>(shared: &Shared, req: &Request<B>) -> Result<Option<HeaderValue>, Response> {
    security::check(&shared.access, req).map_err(|mut r| {
        security::add_headers(r.headers_mut());
        r
    })
}

/// [`checked`], then `answer` with the cookie and the security headers: the frame of the
/// routed answers. A plain call rather than a middleware layer, which would box every
/// request's future for no gain.
fn guarded<B>(shared: &Shared, req: &Request<B>, answer: impl FnOnce() -> Response) -> Response {
    match checked(shared, req) {
        Ok(cookie) => {
            let mut r = answer();
            if let Some(cookie) = cookie {
                r.headers_mut().append(header::SET_COOKIE, cookie);
            }
            security::add_headers(r.headers_mut());
            r
        }
        Err(r) => r,
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn internal_error() -> Response {
    let mut r = plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n");
    security::add_headers(r.headers_mut());
    r
}

/// Every page: the checks, a lookup, content negotiation and a conditional check. No
/// rendering, and every header comes prebuilt with the page (see `site::Variant`).
fn page<B>(shared: &Shared, req: &Request<B>) -> Response<ViewerBody> {
    let cookie = match checked(shared, req) {
        Ok(cookie) => cookie,
        Err(r) => return r.map(Either::Right),
    };
    // A guard, not `site()`: no reference count to bump and drop on every request.
    let site = shared.site.load();
    let (page, status) = match site.lookup(req.uri().path()) {
        Lookup::Page(p) => (p, StatusCode::OK),
        Lookup::Redirect(to) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            security::add_headers(r.headers_mut());
            // `/page/?token=…` is redirected without its query: the cookie must come along.
            if let Some(cookie) = cookie {
                r.headers_mut().append(header::SET_COOKIE, cookie);
            }
            return r.map(Either::Right);
        }
        Lookup::NotFound(p) => (p, StatusCode::NOT_FOUND),
    };
    let variant = page.variant(accepted(req.headers()));
    let mut headers = variant.headers.clone();
    let not_modified = status == StatusCode::OK
        && req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| page.matches(v));
    let (status, body) = if not_modified {
        headers.remove(header::CONTENT_LENGTH);
        (StatusCode::NOT_MODIFIED, Bytes::new())
    } else if req.method() == Method::HEAD {
        (status, Bytes::new())
    } else {
        (status, variant.body.clone())
    };
    if let Some(cookie) = cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    let mut response = Response::new(Either::Left(Full::new(body)));
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
/// flight finish for at most `limits.shutdown_grace`. Everything runs on the caller's runtime.
///
/// # Errors
/// Never in practice: accept errors (too many open files, …) are logged and retried.
pub async fn serve(
    listeners: Vec<TcpListener>,
    shared: Arc<Shared>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    serve_on(&[], listeners, shared, limits, shutdown).await
}

/// [`serve`], with connections dealt in turn to this runtime and each of `workers`: a
/// connection lives on the runtime it was given, so with one single-threaded runtime per
/// CPU no request crosses a thread (nginx's worker model), and dealing them out rather than
/// letting every runtime race to accept keeps the runtimes evenly loaded.
///
/// # Errors
/// Never in practice: accept errors (too many open files, …) are logged and retried.
pub async fn serve_on(
    workers: &[tokio::runtime::Handle],
    listeners: Vec<TcpListener>,
    shared: Arc<Shared>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let mut runtimes = vec![tokio::runtime::Handle::current()];
    runtimes.extend_from_slice(workers);
    let accepting = Accepting {
        app: Viewer::new(shared.clone(), &limits),
        graceful: Arc::new(hyper_util::server::graceful::GracefulShutdown::new()),
        permits: Arc::new(Semaphore::new(limits.max_connections)),
        limits: limits.clone(),
        runtimes: runtimes.into(),
    };
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    for listener in listeners {
        tasks.spawn(accepting.clone().run(listener, stop_rx.clone()));
    }
    let Accepting { graceful, .. } = accepting;
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

/// What each accept loop shares: the service, the connection limit, the shutdown watch and
/// the runtimes connections are dealt to.
#[derive(Clone)]
struct Accepting {
    app: Viewer,
    graceful: Arc<hyper_util::server::graceful::GracefulShutdown>,
    permits: Arc<Semaphore>,
    limits: Limits,
    runtimes: Arc<[tokio::runtime::Handle]>,
}

impl Accepting {
    /// Accepts until `stop`, dealing each connection to the next runtime in turn.
    async fn run(self, listener: TcpListener, mut stop: watch::Receiver<bool>) {
        let mut turn = 0;
        loop {
            let permit = tokio::select! {
                p = self.permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => return },
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
            let runtime = turn % self.runtimes.len();
            turn = turn.wrapping_add(1);
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(self.limits.header_read_timeout)
                .max_buf_size(self.limits.max_header_bytes.max(8192))
                .max_headers(self.limits.max_headers)
                .keep_alive(true);
            let service = self.app.for_peer(peer);
            // Taken here, not in the task: shutdown waits for every watcher, and only the
            // accept loops may hold the `GracefulShutdown` itself.
            let watcher = self.graceful.watcher();
            let serve = move |stream: tokio::net::TcpStream| async move {
                let conn = watcher.watch(builder.serve_connection(TokioIo::new(stream), service));
                if let Err(e) = conn.await {
                    tracing::debug!(%peer, "connection ended: {e}");
                }
                drop(permit);
            };
            // Runtime 0 is this one: the stream is already registered with its reactor.
            if runtime == 0 {
                tokio::spawn(serve(stream));
                continue;
            }
            // Out of this runtime's reactor and into the worker's.
            let stream = match stream.into_std() {
                Ok(s) => s,
                Err(e) => {
                    tracing::debug!(%peer, "connection lost before it was served: {e}");
                    continue;
                }
            };
            self.runtimes[runtime].spawn(async move {
                match tokio::net::TcpStream::from_std(stream) {
                    Ok(stream) => serve(stream).await,
                    Err(e) => tracing::debug!(%peer, "connection lost before it was served: {e}"),
                }
            });
        }
    }
}

/// Single-threaded runtimes on threads of their own, for [`serve_on`].
pub struct Workers {
    running: Vec<(
        tokio::runtime::Handle,
        tokio::sync::oneshot::Sender<()>,
        std::thread::JoinHandle<()>,
    )>,
}

impl Workers {
    /// Starts `count` runtimes, each driven by its own thread until [`Workers::stop`].
    ///
    /// # Errors
    /// A runtime or thread that cannot be created.
    pub fn start(count: usize) -> std::io::Result<Self> {
        let mut running = Vec::with_capacity(count);
        for i in 0..count {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let handle = runtime.handle().clone();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let thread = std::thread::Builder::new()
                .name(format!("worker-{}", i + 1))
                .spawn(move || {
                    runtime.block_on(async {
                        let _ = stopped.await;
                    });
                    // Connections still open after the grace period are dropped here.
                    runtime.shutdown_timeout(Duration::from_millis(100));
                })?;
            running.push((handle, stop, thread));
        }
        Ok(Self { running })
    }

    /// The runtimes, to spawn accept loops on.
    #[must_use]
    pub fn handles(&self) -> Vec<tokio::runtime::Handle> {
        self.running.iter().map(|(h, _, _)| h.clone()).collect()
    }

    /// Ends every runtime and waits for its thread (all told first, so they end together).
    pub fn stop(self) {
        let threads: Vec<_> = self
            .running
            .into_iter()
            .map(|(_, stop, thread)| {
                let _ = stop.send(());
                thread
            })
            .collect();
        for thread in threads {
            let _ = thread.join();
        }
    }
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
