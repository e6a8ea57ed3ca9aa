//! `export` writes the same site as files, and every link in it resolves.

mod common;

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

fn resolve(root: &Path, href: &str) -> Option<PathBuf> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Some(root.join("index.html"));
    }
    let rel = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    [root.join(&rel), root.join(&rel).join("index.html")]
        .into_iter()
        .find(|p| p.is_file())
}

#[test]
fn the_exported_folder_has_every_page_and_no_broken_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = common::site();
    let written = article_viewer::export::export(&site, dir.path()).expect("export");
    assert!(written > 10);
    let root = dir.path();
    for page in [
        "index.html",
        "quotes/index.html",
        "timeline/index.html",
        "territories/index.html",
        "territories/kalbajar/index.html",
        "territories/nagorno-karabakh/index.html",
        "article.txt",
        "api/article",
        "api/article.json",
        "api/territories/index.json",
        "api/territories/kalbajar.json",
        "404.html",
        "index.html.gz",
    ] {
        assert!(root.join(page).is_file(), "{page} is missing");
    }
    let link = Selector::parse("a[href], link[href], script[src]").expect("selector");
    let mut checked = 0;
    for entry in walk(root) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = Html::parse_document(&std::fs::read_to_string(&entry).expect("read"));
        for el in html.select(&link) {
            let href = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or("");
            if href.starts_with("http") {
                continue;
            }
            assert!(
                resolve(root, href).is_some(),
                "{} links to missing {href}",
                entry.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let article = std::fs::read_to_string(root.join("article.txt")).expect("article.txt");
    assert_eq!(article, article_viewer::analysis::EMBEDDED_ARTICLE);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
