//! `article-viewer check`, run as a process on the embedded article and on files.

mod common;

use std::process::Command;

fn viewer(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn check_json_prints_the_analysis_of_the_embedded_article() {
    let out = viewer(&["check", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["title"],
        "Azerbaijani leader vows to revive region ceded by Armenia"
    );
    assert_eq!(json["date"], "2020-11-25");
    assert_eq!(json["paragraphs"].as_array().map(Vec::len), Some(9));
    assert_eq!(json["captions"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        json["captions"][2]["credit"],
        "Azerbaijan's Defense Ministry via AP"
    );
    let quotes = json["quotes"].as_array().expect("quotes");
    let blocks: Vec<&str> = quotes.iter().filter_map(|q| q["block"].as_str()).collect();
    assert_eq!(blocks, ["p4", "p4", "p7", "p9", "c2"]);
    assert_eq!(json["speakers"][1]["name"], "Velyeddin Ismayilov");
    assert_eq!(
        json["speakers"][1]["quotes"],
        serde_json::json!(["q3", "q4", "q5"])
    );
    // Offsets are byte offsets into the block's text.
    let p4 = json["paragraphs"][3]["text"].as_str().expect("p4 text");
    let span = &json["paragraphs"][3]["spans"][0];
    assert_eq!(span["kind"], "quote");
    let (s, e) = (
        span["start"].as_u64().expect("start") as usize,
        span["end"].as_u64().expect("end") as usize,
    );
    assert!(p4[s..e].starts_with('“') && p4[s..e].ends_with("everything,\""));
    let counts: Vec<(String, usize)> = json["territories"]
        .as_array()
        .expect("territories")
        .iter()
        .map(|t| {
            (
                t["slug"].as_str().unwrap_or("").to_owned(),
                t["mentions"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    for (slug, n) in common::REFERENCE_COUNTS {
        assert!(
            counts.contains(&(slug.to_owned(), n)),
            "{slug} {n}: {counts:?}"
        );
    }
    assert_eq!(counts.len(), 10);
}

#[test]
fn check_summarises_quotes_territories_and_warnings() {
    let out = viewer(&["check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("9 paragraphs, 4 captions, 5 quotes, 2 speakers, 10 territories"));
    assert!(text.contains("Velyeddin Ismayilov"));
    assert!(text.contains("kalbajar"));
    assert!(text.contains("warnings: 0"));
}

#[test]
fn check_reads_a_file_and_warns_about_unattributed_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("short.txt");
    std::fs::write(
        &path,
        "date 2021-05-03 STEPANAKERT, Azerbaijan (AP) — “We are staying,” a resident shouted.\n\n\
         The words “No surrender” hung over the road.\n\n\
         Officials in Yerevan said nothing. “Where is the \"road\"?\n",
    )
    .expect("write");
    let out = viewer(&["check", "--json", path.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["dateline"], "STEPANAKERT, Azerbaijan (AP) —");
    assert_eq!(json["quotes"][0]["speaker"], "a resident");
    assert_eq!(json["quotes"][0]["attribution"]["how"], "description");
    assert_eq!(json["quotes"][1]["speaker"], serde_json::Value::Null);
    assert_eq!(json["quotes"][1]["attribution"]["how"], "unattributed");
    let warnings = json["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .is_some_and(|w| w.starts_with("q2 in p2 has no speaker"))),
        "{warnings:?}"
    );
    assert!(
        !warnings.is_empty(),
        "unattributed and unbalanced quotes are warned about"
    );
    let slugs: Vec<&str> = json["territories"]
        .as_array()
        .expect("territories")
        .iter()
        .filter_map(|t| t["slug"].as_str())
        .collect();
    assert!(
        slugs.contains(&"stepanakert") && slugs.contains(&"yerevan"),
        "{slugs:?}"
    );
}

#[test]
fn places_file_adds_a_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "date 2021-05-03 They walked from Zorakan to Yerevan.\n",
    )
    .expect("write");
    let places = dir.path().join("places.toml");
    std::fs::write(
        &places,
        "[[place]]\nname = \"Zorakan\"\nslug = \"zorakan\"\nkind = \"village\"\ncoordinates = [41.0, 45.2]\n",
    )
    .expect("write");
    let out = viewer(&[
        "check",
        "--json",
        article.to_str().expect("path"),
        "--places",
        places.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["territories"][0]["slug"], "zorakan");
}

#[test]
fn a_bad_places_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let places = dir.path().join("places.toml");
    std::fs::write(&places, "[[place]]\nname = \"X\"\n").expect("write");
    let out = viewer(&["check", "--places", places.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("places.toml"), "{err}");
}
