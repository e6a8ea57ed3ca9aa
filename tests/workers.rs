//! One single-threaded runtime per CPU (`serve_on` with `Workers`), as `serve` runs on a
//! machine with more than one CPU: connections are dealt evenly to the runtimes, each
//! answers whole, and shutdown still ends every stream and returns promptly.

mod net;

use std::time::{Duration, Instant};

use article_viewer::server::{self, Workers};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends one keep-alive request for `/healthz` and reads its whole answer.
async fn healthz(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.ends_with(b"\r\n\r\nok") {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&answer));
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(answer).expect("utf-8")
}

#[tokio::test(flavor = "current_thread")]
async fn connections_are_dealt_evenly_to_the_runtimes_and_shutdown_ends_them_all() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let workers = Workers::start(2).expect("two worker runtimes");
        let handles = workers.handles();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = {
            let handles = handles.clone();
            tokio::spawn(async move {
                server::serve_on(
                    &handles,
                    vec![listener],
                    net::loopback(),
                    net::quick_limits(),
                    async {
                        let _ = stopped.await;
                    },
                )
                .await
            })
        };
        // Held open, so each connection's task stays alive on the runtime it was given.
        let mut streams = Vec::new();
        for _ in 0..48 {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            let answer = healthz(&mut stream).await;
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            streams.push(stream);
        }
        // A second request on each: keep-alive works wherever the connection landed.
        for stream in &mut streams {
            assert!(healthz(stream).await.starts_with("HTTP/1.1 200"));
        }
        // Dealt in turn to the test's runtime and the two workers: 16 connections each, and
        // every connection's task is still alive on the runtime that was given it.
        for (i, h) in handles.iter().enumerate() {
            assert_eq!(h.metrics().num_alive_tasks(), 16, "worker {i}");
        }

        // The next three land one on each runtime: live-reload streams, which never end on
        // their own.
        let mut events = Vec::new();
        for _ in 0..3 {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            stream
                .write_all(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
                .await
                .expect("write");
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !String::from_utf8_lossy(&head).contains("event: version") {
                let n = stream.read(&mut buf).await.expect("read");
                assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&head));
                head.extend_from_slice(&buf[..n]);
            }
            assert!(head.starts_with(b"HTTP/1.1 200"));
            events.push(stream);
        }
        for (i, h) in handles.iter().enumerate() {
            // One more connection's task each: a stream has no task of its own.
            assert_eq!(h.metrics().num_alive_tasks(), 17, "worker {i}");
        }

        let sent = Instant::now();
        let _ = stop.send(());
        serving.await.expect("join").expect("serve_on");
        assert!(
            sent.elapsed() < Duration::from_secs(3),
            "{:?}",
            sent.elapsed()
        );
        // Idle keep-alive connections are closed by the graceful shutdown, on every runtime.
        for stream in streams.iter_mut().chain(&mut events) {
            assert!(net::closed_within(stream, Duration::from_secs(2)).await);
        }
        workers.stop();
    })
    .await
    .expect("bounded");
}
