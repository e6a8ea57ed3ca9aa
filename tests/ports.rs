//! Which port `serve` takes: the default, the next free one when it is busy, or exactly the
//! one asked for. Only 127.0.0.1 is bound.

use article_viewer::cli::ServeArgs;
use article_viewer::commands::{DEFAULT_PORT, bind};

#[tokio::test]
async fn a_busy_default_port_moves_to_a_free_one_and_says_so() {
    // Hold the default port (if something else already holds it, it is just as busy).
    let _hold = std::net::TcpListener::bind(("127.0.0.1", DEFAULT_PORT));
    let (listeners, note) = bind(&ServeArgs::default()).await.expect("a free port");
    let addr = listeners[0].local_addr().expect("bound");
    assert!(addr.ip().is_loopback(), "loopback unless asked: {addr}");
    assert_ne!(addr.port(), DEFAULT_PORT);
    let note = note.expect("the move is reported");
    assert!(
        note.contains(&DEFAULT_PORT.to_string()) && note.contains("in use"),
        "{note}"
    );
}

#[tokio::test]
async fn an_explicit_busy_port_is_an_error_naming_it() {
    let hold = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = hold.local_addr().expect("addr").port();
    let args = ServeArgs {
        port: Some(port),
        ..ServeArgs::default()
    };
    let err = bind(&args).await.expect_err("the port is taken");
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
}

#[tokio::test]
async fn port_zero_takes_any_free_port() {
    let args = ServeArgs {
        port: Some(0),
        ..ServeArgs::default()
    };
    let (listeners, note) = bind(&args).await.expect("a free port");
    assert_ne!(listeners[0].local_addr().expect("addr").port(), 0);
    assert!(note.is_none());
}
