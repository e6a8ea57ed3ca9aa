//! The embedded reference article, analysed end to end: blocks, credits, quotes and speakers.

use article_viewer::analysis::{Analysis, EMBEDDED_ARTICLE, Gazetteer, analyze};

fn reference() -> Analysis {
    match analyze(EMBEDDED_ARTICLE, &Gazetteer::embedded()) {
        Ok(a) => a,
        Err(e) => panic!("the embedded article should parse: {e}"),
    }
}

/// The source's blocks as written, split here independently of the parser.
fn source_blocks() -> Vec<&'static str> {
    let body = EMBEDDED_ARTICLE
        .split_once("date 2020-11-25 ")
        .map_or("", |(_, body)| body);
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn the_reference_has_nine_paragraphs_and_four_captions() {
    let a = reference();
    assert_eq!(a.paragraphs.len(), 9);
    assert_eq!(a.captions.len(), 4);
    let ids: Vec<&str> = a.captions.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4"]);
}

#[test]
fn each_paragraph_is_its_source_paragraph_verbatim() {
    let a = reference();
    let source = source_blocks();
    assert_eq!(source.len(), 13);
    for (p, s) in a.paragraphs.iter().zip(&source) {
        assert_eq!(p.text, *s);
    }
}

#[test]
fn captions_keep_their_credit_apart_from_their_text() {
    let a = reference();
    let credits: Vec<&str> = a.captions.iter().map(|c| c.credit.as_str()).collect();
    assert_eq!(
        credits,
        [
            "AP Photo/Sergei Grits",
            "AP Photo/Aziz Karimov",
            "Azerbaijan's Defense Ministry via AP",
            "AP Photo/Sergei Grits",
        ]
    );
    for (caption, source) in a.captions.iter().zip(&source_blocks()[9..]) {
        assert!(source.starts_with(&caption.text));
        assert!(caption.text.ends_with('.'), "{}", caption.text);
        assert!(!caption.text.contains("Credit:"));
    }
}

#[test]
fn the_header_gives_title_date_and_source() {
    let a = reference();
    assert_eq!(
        a.title,
        "Azerbaijani leader vows to revive region ceded by Armenia"
    );
    assert_eq!(a.date, "2020-11-25");
    assert_eq!(a.source.as_deref(), Some("The Associated Press"));
    assert_eq!(a.dateline, None);
}

#[test]
fn the_reference_has_five_quotes_with_their_speakers() {
    let a = reference();
    let found: Vec<(&str, Option<&str>)> = a
        .quotes
        .iter()
        .map(|q| (q.block.as_str(), q.speaker.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("p4", Some("Aliyev")),
            ("p4", Some("Aliyev")),
            ("p7", Some("Velyeddin Ismayilov")),
            ("p9", Some("Velyeddin Ismayilov")),
            ("c2", Some("Velyeddin Ismayilov")),
        ]
    );
    let speakers: Vec<(&str, usize)> = a
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.quotes.len()))
        .collect();
    assert_eq!(speakers, [("Aliyev", 2), ("Velyeddin Ismayilov", 3)]);
}

#[test]
fn quote_texts_are_exact() {
    let a = reference();
    let texts: Vec<&str> = a.quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "We will hold the enemy accountable... When I visited the city of Aghdam, I didn't find a single standing building, and neither in Fizuli or Jabrayil. They destroyed everything,",
            "We will revive these cities and regions again. We have big plans to rebuild these areas.",
            "What is happening in Kalbajar is vandalism. Not just our houses, but schools, culture centers, other civilian objects are being burned that (Armenians) did not build, forests, even the cattle,",
            "There is no greater happiness than to live in your hometown. I and my entire family are ready to head there right now, to live in a tent there, while slowly restoring my native Kalbajar. With my grown-up children, grandchildren we will build an even better house,",
            "With my grown-up children, grandchildren we will build an even better house,",
        ]
    );
}

#[test]
fn quote_spans_cover_the_marks_and_nothing_is_unbalanced() {
    use article_viewer::analysis::Span;
    let a = reference();
    let blocks = a
        .paragraphs
        .iter()
        .map(|p| (&p.text, &p.spans))
        .chain(a.captions.iter().map(|c| (&c.text, &c.spans)));
    let mut quote_spans = 0;
    for (text, spans) in blocks {
        for span in spans {
            if let Span::Quote { start, end, .. } = span {
                let quoted = &text[*start..*end];
                assert!(quoted.starts_with(['“', '"']), "{quoted}");
                assert!(quoted.ends_with(['”', '"']), "{quoted}");
                quote_spans += 1;
            }
        }
    }
    assert_eq!(quote_spans, 5);
    assert!(
        !a.warnings.iter().any(|w| w.contains("quote")),
        "{:?}",
        a.warnings
    );
}
