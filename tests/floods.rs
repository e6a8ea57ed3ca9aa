//! No client starves the others: behind hundreds of idle connections, kept-alive ones or
//! live-reload streams (with the limits lowered, as on a small machine), a new reader gets
//! the page at once and the server goes on answering; streams past their cap get `503`
//! with `Retry-After`; with every connection busy, a new one waits for one to end; the real
//! binary sizes its connections to its open-file limit.

mod net;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use article_viewer::security::Access;
use article_viewer::server::{self, Limits, Shared};
use futures_util::future::join_all;
use net::{Conn, Server, closed_within, quick_limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FLOOD: usize = 300;
const CAP: usize = 100;

/// One flood at a time: each holds hundreds of sockets on both ends.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn bounded<F: std::future::Future<Output = ()>>(f: F) {
    let _one = ONE_AT_A_TIME.lock().await;
    // Server and clients in one process: twice the sockets of the flood.
    let _ = server::raise_open_file_limit();
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the test finishes within 30 s");
}

/// The flood's limits: a cap of [`CAP`] connections, and a header timeout long enough that
/// whatever closes a connection within the test is the cap, not the clock.
fn capped() -> Limits {
    Limits {
        max_connections: CAP,
        header_read_timeout: Duration::from_secs(20),
        ..quick_limits()
    }
}

/// A server of its own: stopping one ends the live-reload streams of its state for good, so
/// tests with streams do not share the binary's common state.
async fn own_server(limits: Limits) -> Server {
    Server::start_shared(Shared::new(net::site(true), Access::loopback()), limits).await
}

/// A reader is answered within a second, and the server holds no more than its cap.
async fn a_reader_gets_the_page_at_once(s: &Server, behind: &str) {
    let started = Instant::now();
    s.assert_serves_a_reader().await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "{took:?} behind {behind}");
    eprintln!("a reader behind {behind} was answered in {took:?}");
    let (open, _) = s.budget.held();
    assert!(open <= CAP, "{open} connections held over a cap of {CAP}");
}

/// How many of `streams` the server closes within `within`.
async fn count_closed(streams: &mut [TcpStream], within: Duration) -> usize {
    join_all(streams.iter_mut().map(|c| closed_within(c, within)))
        .await
        .into_iter()
        .filter(|c| *c)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_hundreds_of_idle_connections_a_reader_is_served_at_once_and_they_give_way() {
    bounded(async {
        let s = Server::start(capped()).await;
        let mut flood: Vec<TcpStream> = join_all((0..FLOOD).map(|_| TcpStream::connect(s.addr)))
            .await
            .into_iter()
            .map(|c| c.expect("connect"))
            .collect();
        a_reader_gets_the_page_at_once(&s, &format!("{FLOOD} idle connections")).await;
        // Only the cap's worth of them is still open; the rest were closed to make room.
        let closed = count_closed(&mut flood, Duration::from_secs(2)).await;
        assert!(closed >= FLOOD - CAP, "{closed} of {FLOOD} closed");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_alive_connections_give_way_once_answered_and_every_request_is_answered() {
    bounded(async {
        let s = Server::start(capped()).await;
        let mut flood = Vec::new();
        // In waves, each answered before the next: every wave past the cap takes the place of
        // earlier, idle ones, and no request in flight is ever cut.
        for _ in 0..FLOOD / 50 {
            let wave = join_all((0..50).map(|_| async {
                let mut c = Conn::open(s.addr).await;
                c.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .await;
                let a = c.answer(false).await;
                assert_eq!(a.status, Some(200), "a request on a fresh connection");
                assert!(!a.closed, "kept alive");
                c.stream
            }))
            .await;
            flood.extend(wave);
        }
        a_reader_gets_the_page_at_once(&s, &format!("{FLOOD} kept-alive connections")).await;
        let closed = count_closed(&mut flood, Duration::from_secs(2)).await;
        assert!(closed >= FLOOD - CAP, "{closed} of {FLOOD} closed");
        s.assert_serves_a_reader().await;
    })
    .await;
}

/// Sends `GET /events` and reads the answer's head: its status, headers and the stream.
async fn open_stream(addr: SocketAddr) -> (Option<u16>, String, TcpStream) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return (None, String::new(), stream);
    }
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(net::STEP, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
            // Closed before any answer: an idle connection closed to make room.
            _ => return (None, String::from_utf8_lossy(&head).into_owned(), stream),
        }
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok());
    (status, head, stream)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_past_their_cap_get_503_with_retry_after_and_a_reader_still_gets_in() {
    bounded(async {
        const STREAMS: usize = 12;
        let s = own_server(Limits {
            max_streams: STREAMS,
            // Loopback clients are never held to a share: this does not apply to them.
            max_streams_per_client: 1,
            ..capped()
        })
        .await;
        let answers = join_all((0..FLOOD).map(|_| open_stream(s.addr))).await;
        let (mut streaming, mut refused, mut unanswered) = (Vec::new(), Vec::new(), 0);
        for (status, head, stream) in answers {
            match status {
                Some(200) => {
                    assert!(head.contains("text/event-stream"), "{head}");
                    streaming.push(stream);
                }
                Some(503) => {
                    assert!(head.contains("retry-after: 30"), "{head}");
                    assert!(head.contains("connection: close"), "{head}");
                    refused.push(stream);
                }
                // Closed before its request was read, to make room (as a browser's stream is
                // reopened by itself).
                None => unanswered += 1,
                other => panic!("unexpected answer {other:?}: {head}"),
            }
        }
        assert_eq!(streaming.len(), STREAMS, "exactly the cap's worth streams");
        assert!(!refused.is_empty(), "none refused");
        assert_eq!(streaming.len() + refused.len() + unanswered, FLOOD);
        assert_eq!(s.budget.held().1, STREAMS);
        a_reader_gets_the_page_at_once(&s, &format!("{FLOOD} live-reload streams")).await;
        // The refused ones are closed, and streams that end give their places back.
        let closed = count_closed(&mut refused, Duration::from_secs(2)).await;
        assert_eq!(closed, refused.len(), "every refused stream is closed");
        drop(streaming);
        assert!(
            net::eventually(Duration::from_secs(5), || async { s.budget.held().1 == 0 }).await,
            "streams still held after their clients left: {:?}",
            s.budget.held()
        );
        let (status, _, _again) = open_stream(s.addr).await;
        assert_eq!(status, Some(200), "a stream again once there is room");
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_connection_busy_a_new_one_waits_for_one_to_end() {
    bounded(async {
        let s = own_server(Limits {
            max_connections: 4,
            max_streams: 4,
            ..capped()
        })
        .await;
        let mut streams = Vec::new();
        for _ in 0..4 {
            let (status, _, stream) = open_stream(s.addr).await;
            assert_eq!(status, Some(200));
            streams.push(stream);
        }
        // A stream is never closed to make room: the reader waits.
        let reader = tokio::spawn(net::get(s.addr, "/healthz", ""));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            !reader.is_finished(),
            "answered past a cap of busy connections"
        );
        // One page is closed: its place goes to the reader.
        let left = Instant::now();
        drop(streams.pop());
        let a = reader.await.expect("the reader's task");
        assert_eq!(a.status, Some(200));
        eprintln!(
            "the waiting reader was answered {:?} after a stream ended",
            left.elapsed()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_readers_are_never_refused_for_a_per_client_share() {
    bounded(async {
        let s = own_server(Limits {
            max_connections_per_client: 2,
            max_streams_per_client: 1,
            ..capped()
        })
        .await;
        let mut kept = Vec::new();
        for i in 0..10 {
            let mut c = Conn::open(s.addr).await;
            c.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .await;
            assert_eq!(c.answer(false).await.status, Some(200), "connection {i}");
            kept.push(c.stream);
        }
        for i in 0..3 {
            let (status, _, stream) = open_stream(s.addr).await;
            assert_eq!(status, Some(200), "stream {i}");
            kept.push(stream);
        }
        s.assert_serves_a_reader().await;
    })
    .await;
}

/// The soft and hard open-file limits of a running process, as `/proc` shows them.
#[cfg(target_os = "linux")]
fn open_files_of(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("its limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("an open-file limit");
    let mut numbers = line.split_whitespace().skip(3).map(str::to_owned);
    let soft = numbers.next().expect("a soft limit");
    let hard = numbers.next().expect("a hard limit");
    (soft, hard)
}

/// The real binary under a hard limit of 96 open files: it serves at most 48 connections
/// (and says so), and 150 idle ones neither make `accept` fail nor keep a reader out.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_fits_its_connections_to_its_open_file_limit() {
    bounded(async {
        let (mut child, addr, rest) = net::spawn_serve_under("ulimit -n 96", &[]).await;
        assert_eq!(open_files_of(child.id()), ("96".into(), "96".into()));

        let mut flood: Vec<TcpStream> = join_all((0..150).map(|_| TcpStream::connect(addr)))
            .await
            .into_iter()
            .map(|c| c.expect("connect"))
            .collect();
        let started = Instant::now();
        let a = net::get(addr, "/", "").await;
        assert_eq!(a.status, Some(200));
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "{took:?} behind 150 idle connections"
        );
        assert!(count_closed(&mut flood, Duration::from_secs(2)).await >= 150 - 48);

        let _ = child.kill();
        let _ = child.wait();
        let said = rest.join().expect("stdout");
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read as _;
            let _ = e.read_to_string(&mut stderr);
        }
        assert!(
            said.contains("may open 96 files: serving at most 48 connections"),
            "{said}"
        );
        assert!(!stderr.contains("accept failed"), "{stderr}");
    })
    .await;
}

/// The binary raises a low soft limit to its hard limit.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_binary_raises_its_open_file_soft_limit_to_the_hard_limit() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (_, hard) = rlimit::Resource::NOFILE.get().expect("readable");
    if hard <= 64 {
        eprintln!("skipped: a hard open-file limit of {hard} leaves nothing to raise");
        return;
    }
    // The URL is printed once the limit is raised and the listener bound.
    let (mut child, _, _) = net::spawn_serve_under("ulimit -S -n 64", &[]).await;
    let (soft, hard) = open_files_of(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(soft, hard, "soft raised to hard");
    assert_ne!(soft, "64");
}
