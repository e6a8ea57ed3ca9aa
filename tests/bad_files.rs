//! Files that are not articles, through the real binary: a non-zero exit and a message that
//! names the file and the problem; a 2 MB article is analysed without trouble.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use article_viewer::analysis::EMBEDDED_ARTICLE;

/// Runs the binary, killing it if it outlives `limit`.
///
/// Its output is drained while it runs: a summary larger than the pipe buffer (that of a 2 MB
/// article is ~800 KB) would otherwise block the child on a full pipe until the limit.
fn run(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn refused(args: &[&str], path: &Path, problem: &str) {
    let out = run(args, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(
        stderr.contains(&path.display().to_string()),
        "{args:?}: the message names the file: {stderr}"
    );
    assert!(
        stderr.contains(problem),
        "{args:?}: the message says `{problem}`: {stderr}"
    );
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn check_refuses_each_kind_of_bad_file_naming_it_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let mut latin1 = b"title Caf\xe9\ndate 2020-11-25 A truce.".to_vec();
    latin1.push(b'\n');
    let cases = [
        (missing, "cannot read the file"),
        (file(dir.path(), "empty.txt", b""), "empty"),
        (file(dir.path(), "latin1.txt", &latin1), "UTF-8"),
        (
            file(
                dir.path(),
                "photo.png",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            ),
            "binary",
        ),
        (
            file(
                dir.path(),
                "nodate.txt",
                b"A truce brokered by Russia halted the violence.\n",
            ),
            "date",
        ),
        (
            file(
                dir.path(),
                "feb31.txt",
                b"title T\ndate 2020-02-31 A truce brokered by Russia.\n",
            ),
            "line",
        ),
        (dir.path().to_owned(), "cannot read the file"),
    ];
    for (path, problem) in &cases {
        let p = path.to_str().unwrap();
        refused(&["check", p], path, problem);
    }
}

#[test]
fn serve_and_export_refuse_a_bad_file_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let bad = file(dir.path(), "empty.txt", b"");
    let p = bad.to_str().unwrap();
    refused(&["serve", p, "--port", "0"], &bad, "empty");
    let out = dir.path().join("out");
    refused(
        &["export", p, "--out", out.to_str().unwrap()],
        &bad,
        "empty",
    );
    assert!(!out.join("index.html").exists(), "nothing exported");
}

#[test]
fn serve_refuses_a_token_that_cannot_go_into_a_link() {
    let out = run(
        &["serve", "--port", "0", "--token", "a b;c"],
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token"));
}

/// The embedded article's body repeated to `bytes`, under its own header.
fn big_article(bytes: usize) -> String {
    let start = EMBEDDED_ARTICLE
        .find("date 2020-11-25 ")
        .expect("a date header")
        + "date 2020-11-25 ".len();
    let (header, body) = EMBEDDED_ARTICLE.split_at(start);
    let mut text = header.to_owned();
    while text.len() < bytes {
        text.push_str(body.trim_end());
        text.push_str("\n\n");
    }
    text
}

fn check_big(bytes: usize, limit: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let text = big_article(bytes);
    let path = file(dir.path(), "big.txt", text.as_bytes());
    let started = Instant::now();
    let out = run(&["check", path.to_str().unwrap()], limit);
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("Azerbaijani leader vows"), "{summary}");
    eprintln!("check on a {} byte article took {took:?}", text.len());
}

#[test]
fn a_100_kb_article_is_analysed() {
    check_big(100 * 1024, Duration::from_secs(60));
}

/// The analysis is linear in the text (`cargo bench --bench analysis`); this article repeats its
/// captions too, so each of its ~1,600 captions is weighed against ~3,700 paragraphs: about 4 s
/// in a debug build, 0.4 s in release.
#[test]
fn a_2_mb_article_is_analysed() {
    check_big(2 * 1024 * 1024, Duration::from_secs(120));
}
