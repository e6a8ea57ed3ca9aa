//! Pages → HTTP: the service each connection runs, the connection loop with its limits, and
//! shutdown.
//!
//! Handlers only look pages up in the current [`Site`]; a new site is swapped in whole.
//! [`budget`] decides who holds a connection or a live-reload stream when they run short.

pub mod budget;
mod sendfile;

use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use arc_swap::{ArcSwap, ArcSwapOption};
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
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_service::Service as _;

pub use budget::{Budget, Slot, StreamPermit, connections_for, raise_open_file_limit};

use crate::security::{self, Access};
use crate::site::{Encoding, Lookup, Page, Site};

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
    /// Open connections at once. When none is left the longest-idle ones are closed to make
    /// room; with every one busy, new ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// Connections one client address may hold, loopback excepted; past it the client's own
    /// idle connections make room, or the new one is answered `503`.
    pub max_connections_per_client: usize,
    /// Live-reload streams at once (each holds a connection for as long as a page is open);
    /// past it `/events` is answered `503` and the page does without live reload for a while.
    pub max_streams: usize,
    /// Live-reload streams one client address may hold, loopback excepted.
    pub max_streams_per_client: usize,
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
            max_connections_per_client: 64,
            max_streams: 128,
            max_streams_per_client: 8,
            shutdown_grace: Duration::from_millis(1500),
            access_log: false,
        }
    }
}

impl Limits {
    /// These limits within `open_files` descriptors (see [`connections_for`]), the stream
    /// caps kept at most an eighth of the connections and the per-client shares at most a
    /// quarter, so neither streams nor one client can take every connection.
    #[must_use]
    pub fn within_open_files(self, open_files: Option<u64>) -> Self {
        let max_connections = open_files.map_or(self.max_connections, |n| {
            connections_for(n, self.max_connections)
        });
        let max_streams = self.max_streams.min(max_connections / 8).max(1);
        Self {
            max_connections,
            max_connections_per_client: self
                .max_connections_per_client
                .min(max_connections / 4)
                .max(1),
            max_streams,
            max_streams_per_client: self.max_streams_per_client.min(max_streams),
            ..self
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
    /// The current site's large bodies in a memory file, for `sendfile` (Linux).
    bodies: ArcSwapOption<sendfile::Bodies>,
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
            bodies: ArcSwapOption::new(sendfile::Bodies::of(&site).map(Arc::new)),
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

    /// Replaces the whole site at once; readers see the old or the new one, never a mix. Its
    /// gzip and brotli variants follow in the background (see [`compress_later`]).
    pub fn swap(&self, site: Site, problem: Option<String>) {
        let state = LiveState {
            version: site.version.clone(),
            problem,
        };
        let site = Arc::new(site);
        let bodies = sendfile::Bodies::of(&site).map(Arc::new);
        self.site.store(site.clone());
        // Bodies of the old site are written by hyper until this, never from a wrong file:
        // each file only names bodies of its own site.
        self.bodies.store(bodies);
        self.live.send_replace(state);
        compress_later(&site);
    }

    /// Ends live-reload streams so shutdown need not wait for them.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Makes a served site's gzip and then brotli variants on a thread of its own, the reading
/// page and its assets first, so that serving starts as soon as the pages are rendered: until
/// a page's gzip is ready every client gets identity, and until its brotli is ready clients
/// that accept it get gzip. The thread stops once the site is no longer served (replaced by an
/// edit and out of every request's hands).
pub fn compress_later(site: &Arc<Site>) {
    let site: Weak<Site> = Arc::downgrade(site);
    let spawned = std::thread::Builder::new()
        .name("compress".into())
        .spawn(move || {
            let Some(pending) = site.upgrade().map(|s| s.pending()) else {
                return;
            };
            // gzip for every page first (fast), then brotli (slow).
            let steps: [fn(&Page); 2] = [Page::compress_gzip, Page::compress_brotli];
            for step in steps {
                for page in &pending {
                    if site.strong_count() == 0 {
                        return;
                    }
                    step(page);
                }
            }
        });
    if let Err(e) = spawned {
        // Serving goes on uncompressed; only the saved bytes are missed.
        tracing::warn!("no thread for compression: {e}");
    }
}

/// The application with loopback-only access: what tests and a plain `serve` use.
pub fn app(site: impl Into<Arc<Site>>) -> Viewer {
    Viewer::new(Shared::new(site, Access::loopback()), &Limits::default())
}

/// The body of every answer: a prebuilt page's bytes, or whatever the router streams. While
/// it lives, the connection it goes out on counts as busy, so it is not closed to make room.
pub struct ViewerBody {
    inner: Either<Full<Bytes>, Body>,
    busy: Option<Arc<Slot>>,
}

impl ViewerBody {
    fn new(inner: Either<Full<Bytes>, Body>, busy: Option<&Arc<Slot>>) -> Self {
        let busy = busy.cloned();
        if let Some(slot) = &busy {
            slot.busy();
        }
        Self { inner, busy }
    }
}

impl Drop for ViewerBody {
    fn drop(&mut self) {
        if let Some(slot) = &self.busy {
            slot.answered();
        }
    }
}

impl HttpBody for ViewerBody {
    type Data = Bytes;
    type Error = <Either<Full<Bytes>, Body> as HttpBody>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

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
    budget: Arc<Budget>,
    /// `-v`: one line per answer (client, method, path, status, time taken).
    log: bool,
    /// The client, for that line and the stream caps; set per connection by [`serve`].
    peer: Option<SocketAddr>,
    /// The connection's place in the budget, marked busy while an answer goes out.
    slot: Option<Arc<Slot>>,
}

/// What the live-reload route needs: the site's state and the stream caps.
#[derive(Clone)]
struct Events {
    shared: Arc<Shared>,
    budget: Arc<Budget>,
}

/// The client address of a routed request (the router cannot see the connection).
#[derive(Clone, Copy)]
struct Client(Option<IpAddr>);

const EVENTS: &str = "/events";

impl Viewer {
    #[must_use]
    pub fn new(shared: Arc<Shared>, limits: &Limits) -> Self {
        let budget = Budget::new(limits);
        let router = Router::new()
            // Any method reaches the handler, so a refused one still gets `guarded`'s answer
            // and headers rather than the router's bare 405.
            .route(EVENTS, any(events))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                limits.request_timeout,
            ))
            .layer(CatchPanicLayer::custom(|_| internal_error()))
            .with_state(Events {
                shared: shared.clone(),
                budget: budget.clone(),
            });
        Self {
            shared,
            router,
            budget,
            log: limits.access_log,
            peer: None,
            slot: None,
        }
    }

    /// Connections and streams held now.
    #[must_use]
    pub fn budget(&self) -> &Arc<Budget> {
        &self.budget
    }

    /// This service for one connection, registered in the budget.
    fn for_connection(&self, peer: SocketAddr, slot: &Arc<Slot>) -> Self {
        Self {
            peer: Some(peer),
            slot: Some(slot.clone()),
            ..self.clone()
        }
    }

    fn respond<B>(&self, mut req: Request<B>) -> Answer
    where
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let started = self.log.then(Instant::now);
        let slot = self.slot.as_ref();
        if slot.is_some_and(|s| s.refused()) {
            let response = too_many(
                "too many connections from your address; close some tabs or try again later\n",
            );
            if let Some(started) = started {
                self.log_line(req.method(), req.uri().path(), response.status(), started);
            }
            return Answer::Ready(Some(
                response.map(|b| ViewerBody::new(Either::Right(b), slot)),
            ));
        }
        if req.uri().path() == EVENTS {
            let mut router = self.router.clone();
            let line = started.map(|t| (self.clone(), req.method().clone(), t));
            req.extensions_mut()
                .insert(Client(self.peer.map(|p| p.ip())));
            let busy = self.slot.clone();
            return Answer::Routed(Box::pin(async move {
                let Ok(mut response) = router.call(req.map(Body::new)).await;
                // The timeout's 408 is built by its layer, outside `guarded`.
                security::add_headers(response.headers_mut());
                if let Some((viewer, method, started)) = line {
                    viewer.log_line(&method, EVENTS, response.status(), started);
                }
                Ok(response.map(|b| ViewerBody::new(Either::Right(b), busy.as_ref())))
            }));
        }
        // A panic here is a bug; it still gets an answer rather than a dropped connection.
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page(&self.shared, &req)))
                .unwrap_or_else(|_| internal_error().map(Either::Right));
        if let Some(started) = started {
            self.log_line(req.method(), req.uri().path(), response.status(), started);
        }
        Answer::Ready(Some(response.map(|b| ViewerBody::new(b, slot))))
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

/// `503` with `Retry-After`, and the connection closed: the server is short of something
/// this client asked for more of than its share.
fn too_many(text: &'static str) -> Response {
    let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, text);
    let headers = r.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    security::add_headers(headers);
    r
}

fn internal_error() -> Response {
    let mut r = plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n");
    security::add_headers(r.headers_mut());
    r
}

/// Every page: the checks, a lookup, content negotiation and a conditional check. No
/// rendering, and every header comes prebuilt with the page (see `site::Variant`).
fn page<B>(shared: &Shared, req: &Request<B>) -> Response<Either<Full<Bytes>, Body>> {
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
            // The tag of what would be sent: a client holding the gzip variant of a page
            // whose brotli has since been made gets the brotli one, not a 304 that would
            // relabel its gzip bytes as brotli.
            .any(|v| variant.matches(v));
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
/// Past the stream caps, `503`: the page then does without live reload for a while.
async fn events(State(events): State<Events>, req: Request) -> Response {
    let Events { shared, budget } = events;
    let client = req.extensions().get::<Client>().and_then(|c| c.0);
    guarded(&shared, &req, || {
        if !security::same_origin(req.headers()) {
            return plain(StatusCode::FORBIDDEN, "cross-origin stream refused\n");
        }
        match budget.stream(client) {
            Some(permit) => event_stream(&shared, permit).into_response(),
            None => too_many("too many live-reload streams; this page checks again later\n"),
        }
    })
}

/// The stream itself: no task of its own, just the two watches polled when hyper asks.
fn event_stream(
    shared: &Shared,
    permit: StreamPermit,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    struct Feed {
        live: watch::Receiver<LiveState>,
        shutdown: watch::Receiver<bool>,
        /// The `problem` event that follows each `version`.
        next: Option<Event>,
        started: bool,
        /// Held for as long as the stream is open.
        _permit: StreamPermit,
    }
    let feed = Feed {
        live: shared.live.subscribe(),
        shutdown: shared.shutdown.subscribe(),
        next: None,
        started: false,
        _permit: permit,
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        if let Some(event) = feed.next.take() {
            return Some((Ok(event), feed));
        }
        if feed.started {
            tokio::select! {
                changed = feed.live.changed() => changed.ok()?,
                () = stopped(&mut feed.shutdown) => return None,
            }
        }
        feed.started = true;
        if *feed.shutdown.borrow() {
            return None;
        }
        let state = feed.live.borrow_and_update().clone();
        let problem = state.problem.unwrap_or_default().replace(['\r', '\n'], " ");
        feed.next = Some(Event::default().event("problem").data(problem));
        Some((
            Ok(Event::default().event("version").data(state.version)),
            feed,
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
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
    serve_with(
        workers,
        listeners,
        Viewer::new(shared, &limits),
        limits,
        shutdown,
    )
    .await
}

/// [`serve_on`] with a given app, so that a caller (a test) can watch its [`Budget`].
///
/// # Errors
/// Never in practice: accept errors (too many open files, …) are logged and retried.
pub async fn serve_with(
    workers: &[tokio::runtime::Handle],
    listeners: Vec<TcpListener>,
    app: Viewer,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let mut runtimes = vec![tokio::runtime::Handle::current()];
    runtimes.extend_from_slice(workers);
    // The pages are served from here on; their gzip and brotli variants follow.
    compress_later(&app.shared.site());
    let shared = app.shared.clone();
    let budget = app.budget.clone();
    let (stop_tx, stop_rx) = watch::channel(false);
    let accepting = Accepting {
        app,
        permits: Arc::new(Semaphore::new(limits.max_connections)),
        limits: limits.clone(),
        runtimes: runtimes.into(),
        stop: stop_rx,
    };
    let permits = accepting.permits.clone();
    let mut tasks = tokio::task::JoinSet::new();
    for listener in listeners {
        tasks.spawn(accepting.clone().run(listener));
    }
    drop(accepting);
    shutdown.await;
    shared.begin_shutdown();
    let _ = stop_tx.send(true);
    while tasks.join_next().await.is_some() {}
    // No more connections come: tell every one there is.
    budget.stop_all();
    // Every connection holds a permit until it closes: all of them back means all closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::info!("shutdown: closed connections still in flight after the grace period");
    }
    Ok(())
}

/// What each accept loop shares: the service, the connection limit, the stop signal and the
/// runtimes connections are dealt to.
#[derive(Clone)]
struct Accepting {
    app: Viewer,
    permits: Arc<Semaphore>,
    limits: Limits,
    runtimes: Arc<[tokio::runtime::Handle]>,
    stop: watch::Receiver<bool>,
}

/// How many idle connections are closed at once when none is left: enough that a burst of
/// new ones does not close them one lookup at a time, few enough to spare the rest.
const RECLAIM_BATCH: usize = 16;

impl Accepting {
    /// Accepts until stopped, dealing each connection to the next runtime in turn.
    async fn run(self, listener: TcpListener) {
        let mut stop = self.stop.clone();
        let mut turn = 0;
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // The limits are sized to the open-file limit, so this should not
                        // happen; when it does, the pending connection stays queued.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = stopped(&mut stop) => return,
            };
            // Taken once a connection is there (one more descriptor than the limit at most,
            // which `budget::connections_for` leaves room for).
            let permit = match self.permits.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => {
                    // None left: the longest-idle connections make room, and this one waits
                    // for the first of them to close (or, with every one busy, for any to
                    // end; later ones wait in the kernel's backlog).
                    self.app.budget.reclaim(RECLAIM_BATCH);
                    tokio::select! {
                        p = self.permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => return },
                        () = stopped(&mut stop) => return,
                    }
                }
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
            let connection = self.app.budget.open(peer.ip());
            let service = self.app.for_connection(peer, connection.slot());
            let shared = self.app.shared.clone();
            let serve = move |stream: tokio::net::TcpStream| async move {
                let slot = connection.slot().clone();
                let socket = sendfile::Socket::new(stream, shared);
                let conn = builder.serve_connection(TokioIo::new(socket), service);
                tokio::pin!(conn);
                let mut closing = false;
                let ended = loop {
                    tokio::select! {
                        // The connection first: nearly every wake-up is for it.
                        biased;
                        ended = conn.as_mut() => break ended,
                        stopping = slot.closed(), if !closing => {
                            closing = true;
                            // Made room for with nothing sent yet (no request, or half of
                            // one): closed outright, as no timeout would end it sooner.
                            if !stopping && slot.is_untouched() {
                                tracing::debug!(%peer, "idle connection closed to make room");
                                break Ok(());
                            }
                            // Kept alive after an answer, a request come in since, or the
                            // server stopping: hyper finishes what it is sending, then closes.
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                };
                if let Err(e) = ended {
                    tracing::debug!(%peer, "connection ended: {e}");
                }
                drop(connection);
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

/// Connections the kernel queues for `accept` (capped by `net.core.somaxconn`): the
/// standard library's 128 overflows under a burst of connections, and a reader whose
/// handshake is dropped waits a second or more for its retry; nginx asks for 511.
pub const BACKLOG: u32 = 1024;

/// A listener on `addr` with a [`BACKLOG`]-deep queue (dual-stack for `[::]`, as the
/// system's default).
///
/// # Errors
/// The address cannot be bound.
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    // As `TcpListener::bind`: a restarted server may rebind at once.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// The local addresses actually bound, for printing.
#[must_use]
pub fn bound(listeners: &[TcpListener]) -> Vec<SocketAddr> {
    listeners
        .iter()
        .filter_map(|l| l.local_addr().ok())
        .collect()
}
