//! The time expressions of the reference article (AP, 2020-11-25), every one and nothing else.

use article_viewer::analysis::EMBEDDED_ARTICLE;
use article_viewer::analysis::dates::find_dates;
use time::macros::date;

/// The article's blocks as the parser will hand them over: split on blank lines, the header
/// (`title`, `source`, ` date 2020-11-25 `) cut from the first. Caption credits are left in;
/// they hold no time expressions, so the list below is the same either way.
fn blocks() -> Vec<&'static str> {
    let (_, body) = EMBEDDED_ARTICLE
        .split_once(" date 2020-11-25 ")
        .expect("the reference article has its date header");
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn reference_article_has_exactly_these_time_expressions() {
    let blocks = blocks();
    assert_eq!(blocks.len(), 13, "9 paragraphs and 4 captions");
    let found: Vec<(usize, String, String, String)> = find_dates(&blocks, date!(2020 - 11 - 25))
        .into_iter()
        .map(|d| (d.block, d.text, d.first.to_string(), d.last.to_string()))
        .collect();
    let expected = [
        (0, "two weeks ago", "2020-11-11", "2020-11-11"),
        (1, "last week", "2020-11-16", "2020-11-22"),
        (1, "Nov. 15", "2020-11-15", "2020-11-15"),
        (2, "Wendesday", "2020-11-25", "2020-11-25"),
        (5, "early 1990s", "1990-01-01", "1993-12-31"),
        (9, "Wednesday, Nov. 25, 2020", "2020-11-25", "2020-11-25"),
        (9, "Wednesday", "2020-11-25", "2020-11-25"),
        (9, "two weeks ago", "2020-11-11", "2020-11-11"),
        (10, "Wednesday, Nov. 25, 2020", "2020-11-25", "2020-11-25"),
        (11, "Wednesday, Nov. 25, 2020", "2020-11-25", "2020-11-25"),
        (12, "Wednesday, Nov. 25, 2020", "2020-11-25", "2020-11-25"),
        (12, "Wednesday", "2020-11-25", "2020-11-25"),
        (12, "two weeks ago", "2020-11-11", "2020-11-11"),
    ]
    .map(|(b, t, f, l)| (b, t.to_owned(), f.to_owned(), l.to_owned()));
    assert_eq!(found, expected);
}

#[test]
fn reference_offsets_point_at_the_words() {
    let blocks = blocks();
    for d in find_dates(&blocks, date!(2020 - 11 - 25)) {
        assert_eq!(blocks[d.block].get(d.start..d.end), Some(d.text.as_str()));
    }
}
