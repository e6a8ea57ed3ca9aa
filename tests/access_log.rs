//! `-v`: the real binary logs one line per answer (client, method, path, status, time), and
//! never the query, where a sharing token travels.

mod net;

use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_logs_each_answer_without_the_query() {
    let (mut child, addr, rest) = net::spawn_serve(&["-v"]).await;
    assert_eq!(net::get(addr, "/", "").await.status, Some(200));
    assert_eq!(
        net::get(addr, "/no-such-page?token=hunter2", "")
            .await
            .status,
        Some(404)
    );
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(exit.success(), "{exit:?}");
    let log = rest.join().expect("stdout reader");
    let line = |needle: &str| {
        log.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{log}"))
            .to_owned()
    };
    let page = line("GET / 200");
    assert!(page.contains("127.0.0.1:"), "the client is named: {page}");
    assert!(page.trim_end().ends_with("us"), "the time taken: {page}");
    line("GET /no-such-page 404");
    assert!(
        !log.contains("hunter2"),
        "the query is never logged:\n{log}"
    );
}
