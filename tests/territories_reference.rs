//! Territories and caption placement on the reference article (AP, 2020-11-25, Kalbajar).

mod common;

use std::collections::BTreeMap;

use article_viewer::analysis::EMBEDDED_ARTICLE;
use article_viewer::analysis::layout::{overlaps, place_captions};
use article_viewer::analysis::territories::{
    Gazetteer, find_territories, unknown_places, unknown_places_by_id,
};

const CAPTIONS: usize = 4;

/// The caption without its credit: everything from the last ` (` before the first ` Credit:`.
fn strip_credit(caption: &str) -> &str {
    let before = caption.find(" Credit:").map_or(caption, |i| &caption[..i]);
    before.rfind(" (").map_or(before, |i| &before[..i])
}

/// The reference article as blocks, split here rather than by the parser: body paragraphs,
/// then the four captions without their credits.
fn blocks() -> (Vec<&'static str>, usize) {
    let mut blocks: Vec<&str> = EMBEDDED_ARTICLE
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    let first = blocks[0];
    let header = " date 2020-11-25 ";
    let at = first.find(header.trim()).expect("date header") + header.trim().len();
    blocks[0] = first[at..].trim_start();
    let body_len = blocks.len() - CAPTIONS;
    for caption in &mut blocks[body_len..] {
        assert!(caption.contains(" Credit:"), "not a caption: {caption}");
        *caption = strip_credit(caption);
    }
    (blocks, body_len)
}

#[test]
fn the_blocks_are_the_articles() {
    let (blocks, body_len) = blocks();
    assert_eq!(body_len, 9);
    assert!(blocks[0].starts_with("A truce brokered by Russia"));
    assert!(blocks[9].ends_with("outside Nagorno-Karabakh's borders."));
    assert!(blocks[10].ends_with("he said."));
    assert!(blocks[11].ends_with("over the separatist territory."));
    assert!(
        blocks
            .iter()
            .all(|b| !b.contains("Credit") && !b.contains("AP Photo"))
    );
}

#[test]
fn reference_article_links_exactly_these_territories() {
    let (blocks, _) = blocks();
    let g = Gazetteer::embedded();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in find_territories(&g, &blocks) {
        *counts.entry(m.slug).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = common::REFERENCE_COUNTS
        .into_iter()
        .map(|(s, n)| (s.to_owned(), n))
        .collect();
    assert_eq!(counts, expected);
}

#[test]
fn mentions_come_in_block_then_text_order() {
    let (blocks, _) = blocks();
    let found = find_territories(&Gazetteer::embedded(), &blocks);
    assert!(
        found
            .windows(2)
            .all(|w| (w[0].block, w[0].end) <= (w[1].block, w[1].start))
    );
    let first: Vec<&str> = found
        .iter()
        .take(3)
        .map(|m| &blocks[m.block][m.start..m.end])
        .collect();
    assert_eq!(first, ["Russia", "Armenia", "Azerbaijan"]);
}

#[test]
fn reference_article_has_no_unknown_places() {
    let (blocks, body_len) = blocks();
    let g = Gazetteer::embedded();
    assert_eq!(unknown_places(&g, &blocks), Vec::<String>::new());
    assert_eq!(
        unknown_places_by_id(&g, &blocks, body_len),
        Vec::<String>::new()
    );
}

#[test]
fn ismayilovs_portrait_stands_beside_a_paragraph_about_him() {
    let (blocks, body_len) = blocks();
    let found = find_territories(&Gazetteer::embedded(), &blocks);
    let beside = place_captions(&blocks, body_len, &found);
    assert_eq!(beside.len(), CAPTIONS);
    // p7, p8 or p9 (indexes 6..=8) are Ismayilov's.
    assert!((6..=8).contains(&beside[1]), "c2 beside p{}", beside[1] + 1);
    assert!(blocks[beside[1]].contains("fled Kalbajar with his wife"));
}

#[test]
fn no_caption_stands_beside_a_paragraph_it_shares_nothing_with() {
    let (blocks, body_len) = blocks();
    let found = find_territories(&Gazetteer::embedded(), &blocks);
    let beside = place_captions(&blocks, body_len, &found);
    let scores = overlaps(&blocks, body_len, &found);
    for (c, (&p, row)) in beside.iter().zip(&scores).enumerate() {
        let best = row.iter().copied().fold(0.0, f64::max);
        assert!(
            row[p] > 0.0 || best == 0.0,
            "c{} beside p{} with no overlap",
            c + 1,
            p + 1
        );
        // The spreading penalty may move a caption, but only to a paragraph that fits well.
        assert!(
            row[p] >= best / 2.0,
            "c{} beside p{}: {} vs best {best}",
            c + 1,
            p + 1,
            row[p]
        );
    }
}

#[test]
fn the_de_miner_in_kalbajar_stands_beside_the_handover_of_kalbajar() {
    let (blocks, body_len) = blocks();
    let found = find_territories(&Gazetteer::embedded(), &blocks);
    let beside = place_captions(&blocks, body_len, &found);
    let p = beside[2];
    assert!(
        blocks[p].contains("Kalbajar") && blocks[p].contains("Armenia"),
        "c3 beside p{}",
        p + 1
    );
}
