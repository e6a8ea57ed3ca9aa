//! A 2 MB article is analysed, rendered and served like the reference one.

mod common;

use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::site::Lookup;

#[test]
fn a_2_mb_article_is_served_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paragraphs = common::source_paragraphs();
    let (body, captions) = paragraphs.split_at(9);
    let mut text = String::from("title A long one\ndate 2020-11-25 ");
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(&body.join("\n\n"));
        text.push_str("\n\n");
    }
    text.push_str(&captions.join("\n\n"));
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).expect("write");

    let input = Input {
        file: Some(path),
        places: None,
    };
    let article_viewer::pipeline::Loaded {
        text: source,
        analysis,
        gazetteer,
    } = article_viewer::pipeline::load(&input).expect("analysed");
    let repeats = analysis.paragraphs.len() / 9;
    assert!(repeats > 500, "{repeats} copies");
    assert_eq!(analysis.quotes.len(), repeats * 4 + 1);
    let kalbajar = analysis
        .territories
        .iter()
        .find(|t| t.slug == "kalbajar")
        .expect("Kalbajar");
    assert_eq!(kalbajar.mentions.len(), repeats * 6 + 8);

    let site = pipeline::build_site(&source, &analysis, &gazetteer, None, false).expect("built");
    let Lookup::Page(page) = site.lookup("/") else {
        panic!("no reading page")
    };
    let html = String::from_utf8_lossy(page.identity());
    let last = analysis.paragraphs.last().expect("paragraphs");
    assert!(html.contains(&format!("<p id=\"{}\">", last.id)));
    assert!(
        page.brotli()
            .is_some_and(|b| b.len() < page.identity().len() / 10)
    );
}
