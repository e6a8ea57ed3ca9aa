//! Stopping: open live-reload streams are closed, requests in flight finish, and the real
//! binary exits 0 within 2 s of SIGTERM.

mod net;

use std::process::Command;
use std::time::{Duration, Instant};

use article_viewer::security::Access;
use article_viewer::server::{Limits, Shared};
use net::{Conn, Server, closed_within};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Opens `/events` and reads its head and first event.
async fn open_events(addr: std::net::SocketAddr) -> Conn {
    let mut c = Conn::open(addr).await;
    c.send(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await;
    let mut head = [0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), c.stream.read(&mut head))
        .await
        .expect("the stream starts within 5 s")
        .expect("read");
    let head = String::from_utf8_lossy(&head[..n]);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_event_streams_and_returns_within_2_s() {
    tokio::time::timeout(Duration::from_secs(60), async {
        // A grace period longer than the promise: only closing the streams can keep it.
        let limits = Limits {
            shutdown_grace: Duration::from_secs(10),
            request_timeout: Duration::from_secs(1),
            ..Limits::default()
        };
        let shared = Shared::new(net::site(true), Access::loopback());
        let s = Server::start_shared(shared, limits).await;
        let mut streams = Vec::new();
        for _ in 0..3 {
            streams.push(open_events(s.addr).await);
        }
        // The request timeout (1 s) does not cut a stream that is already flowing.
        assert!(
            !closed_within(&mut streams[0].stream, Duration::from_millis(1500)).await,
            "the request timeout cut /events"
        );
        let addr = s.addr;
        let took = s.stop().await;
        assert!(
            took < Duration::from_secs(2),
            "serve took {took:?} to return"
        );
        for c in &mut streams {
            assert!(
                closed_within(&mut c.stream, Duration::from_millis(500)).await,
                "an event stream was left open"
            );
        }
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "still accepting after shutdown"
        );
        eprintln!("shutdown with 3 open event streams took {took:?}");
    })
    .await
    .expect("bounded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_in_flight_when_shutdown_begins_is_answered_whole() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let shared = Shared::new(net::site(false), Access::loopback());
        let s = Server::start_shared(shared, Limits::default()).await;
        let whole = net::get(s.addr, "/api/article", "").await;
        assert_eq!(whole.status, Some(200));
        // A small receive window keeps the server writing while this client reads slowly.
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let mut stream = socket.connect(s.addr).await.unwrap();
        stream
            .write_all(b"GET /api/article HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        // The answer has begun …
        let mut received = vec![0u8; 512];
        let n = stream.read(&mut received).await.unwrap();
        received.truncate(n);
        assert!(received.starts_with(b"HTTP/1.1 200"));
        // … when shutdown begins; the rest still arrives, read a little at a time.
        let stopping = tokio::spawn(s.stop());
        let mut chunk = [0u8; 1024];
        loop {
            tokio::time::sleep(Duration::from_millis(1)).await;
            match tokio::time::timeout(Duration::from_secs(3), stream.read(&mut chunk)).await {
                Ok(Ok(0)) => break,
                Ok(Ok(k)) => received.extend_from_slice(&chunk[..k]),
                Ok(Err(e)) => panic!("cut mid-answer after {} bytes: {e}", received.len()),
                Err(_) => break,
            }
        }
        let split = received
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        assert_eq!(
            received.len() - split - 4,
            whole.body.len(),
            "the answer was cut short"
        );
        let took = stopping.await.expect("stop");
        assert!(took < Duration::from_secs(2), "{took:?}");
    })
    .await
    .expect("bounded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_exits_0_within_2_s_of_sigterm_with_a_stream_open() {
    let (mut child, addr, rest) = net::spawn_serve(&[]).await;
    let a = net::get(addr, "/", "").await;
    assert_eq!(a.status, Some(200));
    assert!(a.text().contains("Azerbaijani leader vows"));
    let mut stream = open_events(addr).await;

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let sent = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        if sent.elapsed() > Duration::from_secs(2) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running 2 s after SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let took = sent.elapsed();
    assert_eq!(exit.code(), Some(0), "exit status {exit:?}");
    assert!(closed_within(&mut stream.stream, Duration::from_millis(500)).await);
    let rest = rest.join().expect("stdout reader");
    assert!(rest.contains("stopped"), "{rest}");
    eprintln!("exited 0 {took:?} after SIGTERM");
}
