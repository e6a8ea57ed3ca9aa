//! Slow and idle clients: hundreds of half-sent requests neither delay a normal reader nor
//! hold their sockets past the header-read timeout, on fresh and keep-alive connections.

mod net;

use std::time::{Duration, Instant};

use article_viewer::server::Limits;
use futures_util::future::join_all;
use net::{Conn, Server, closed_within, quick_limits};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const HANGING: usize = 300;

async fn bounded<F: std::future::Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(15), f)
        .await
        .expect("the test finishes within 15 s");
}

/// A connection that starts a request and never finishes its headers.
async fn hang(addr: std::net::SocketAddr, n: usize) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let partial = match n % 3 {
        0 => "GET / HTTP/1.1\r\n".to_owned(),
        1 => "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".to_owned(),
        _ => "GE".to_owned(),
    };
    s.write_all(partial.as_bytes()).await.expect("write");
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_half_sent_requests_do_not_delay_a_reader_and_are_cut_after_the_header_timeout()
{
    bounded(async {
        let s = Server::start(quick_limits()).await; // header timeout 1 s
        let opened = Instant::now();
        let mut hanging = join_all((0..HANGING).map(|n| hang(s.addr, n))).await;
        assert_eq!(hanging.len(), HANGING);

        // While they hang, a normal reader is answered at once.
        let reader = Instant::now();
        s.assert_serves_a_reader().await;
        let reader_took = reader.elapsed();
        assert!(
            reader_took < Duration::from_secs(1),
            "a reader waited {reader_took:?} behind {HANGING} slow clients"
        );

        // Every one is cut after the timeout (1 s) and soon after it, not before.
        let cut_at = join_all(hanging.iter_mut().map(|h| async move {
            closed_within(h, Duration::from_secs(4))
                .await
                .then(|| opened.elapsed())
        }))
        .await;
        let still_open = cut_at.iter().filter(|c| c.is_none()).count();
        assert_eq!(still_open, 0, "{still_open} of {HANGING} still open");
        let first_cut = cut_at.iter().flatten().min().copied().unwrap_or_default();
        let all_cut = cut_at.iter().flatten().max().copied().unwrap_or_default();
        assert!(
            first_cut >= Duration::from_millis(900),
            "cut before the header timeout: {first_cut:?}"
        );
        assert!(all_cut < Duration::from_secs(4), "cut after {all_cut:?}");
        eprintln!(
            "reader answered in {reader_took:?}; {HANGING} slow clients cut between \
             {first_cut:?} and {all_cut:?}"
        );
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_cut_after_the_header_timeout() {
    bounded(async {
        let s = Server::start(quick_limits()).await;
        let mut c = Conn::open(s.addr).await;
        c.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await;
        let a = c.answer(false).await;
        assert_eq!(a.status, Some(200));
        assert!(!a.closed, "kept alive");
        let idle = Instant::now();
        assert!(
            closed_within(&mut c.stream, Duration::from_secs(4)).await,
            "an idle keep-alive connection is held open"
        );
        eprintln!("idle keep-alive connection cut after {:?}", idle.elapsed());
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_second_request_sent_slowly_on_a_kept_alive_connection_is_cut() {
    bounded(async {
        let s = Server::start(quick_limits()).await;
        let mut c = Conn::open(s.addr).await;
        c.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await;
        assert_eq!(c.answer(false).await.status, Some(200));
        c.send(b"GET / HTTP/1.1\r\nHost: loc").await;
        assert!(
            closed_within(&mut c.stream, Duration::from_secs(4)).await,
            "a half-sent second request is held open"
        );
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test]
async fn a_byte_dribbled_every_200_ms_does_not_extend_the_header_timeout() {
    bounded(async {
        let s = Server::start(quick_limits()).await;
        let mut stream = TcpStream::connect(s.addr).await.unwrap();
        let started = Instant::now();
        let request = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut cut = false;
        for byte in request {
            if stream.write_all(&[*byte]).await.is_err() {
                cut = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            if started.elapsed() > Duration::from_secs(4) {
                break;
            }
        }
        if !cut {
            cut = closed_within(&mut stream, Duration::from_millis(100)).await;
        }
        assert!(cut, "a dribbling client was kept for {:?}", started.elapsed());
        assert!(started.elapsed() < Duration::from_secs(4));
        s.assert_serves_a_reader().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_past_the_connection_cap_takes_the_place_of_a_half_sent_request() {
    bounded(async {
        let s = Server::start(Limits {
            max_connections: 20,
            // Long, so that whatever closes a slow client within the test is the cap.
            header_read_timeout: Duration::from_secs(10),
            ..quick_limits()
        })
        .await;
        let mut hanging = join_all((0..20).map(|n| hang(s.addr, n))).await;
        assert!(
            net::eventually(Duration::from_secs(2), || async { s.budget.held().0 == 20 }).await,
            "the server holds all 20: {:?}",
            s.budget.held()
        );
        // The 21st does not wait for a header timeout: the longest-idle connection gives way.
        let started = Instant::now();
        let a = net::get(s.addr, "/healthz", "").await;
        let waited = started.elapsed();
        assert_eq!(a.status, Some(200));
        assert!(waited < Duration::from_secs(1), "waited {waited:?}");
        let cut = join_all(
            hanging
                .iter_mut()
                .map(|h| closed_within(h, Duration::from_millis(500))),
        )
        .await;
        let cut = cut.iter().filter(|c| **c).count();
        assert!(cut >= 1, "no slow client gave way");
        assert!(cut <= 16, "{cut} slow clients closed for one reader");
        eprintln!("21st client over a cap of 20 answered in {waited:?}; {cut} slow ones closed");
        s.assert_serves_a_reader().await;
    })
    .await;
}
