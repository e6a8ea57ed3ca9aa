//! Shared fixtures: the reference article split by hand, and the site built from it.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use article_viewer::analysis::{Analysis, EMBEDDED_ARTICLE, Gazetteer};
use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::site::Site;

/// The reference article's paragraphs as written, header removed, split on blank lines:
/// nine body paragraphs, then four captions with their credits still attached.
pub fn source_paragraphs() -> Vec<String> {
    let start = EMBEDDED_ARTICLE
        .find("date 2020-11-25 ")
        .map(|i| i + "date 2020-11-25 ".len())
        .unwrap_or(0);
    EMBEDDED_ARTICLE[start..]
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn load() -> (String, Analysis, Gazetteer) {
    let pipeline::Loaded {
        text,
        analysis,
        gazetteer,
    } = pipeline::load(&Input::default()).expect("the embedded article analyses");
    (text, analysis, gazetteer)
}

/// The reference site, built once per test binary (building compresses every page).
pub fn site() -> Arc<Site> {
    static SITE: OnceLock<Arc<Site>> = OnceLock::new();
    SITE.get_or_init(|| {
        let (text, analysis, gazetteer) = load();
        Arc::new(
            pipeline::build_site(&text, &analysis, &gazetteer, None, false)
                .expect("the site builds"),
        )
    })
    .clone()
}

/// How often the reference article names each territory (body and captions, credits excluded).
pub const REFERENCE_COUNTS: [(&str, usize); 10] = [
    ("nagorno-karabakh", 10),
    ("kalbajar", 14),
    ("azerbaijan", 14),
    ("armenia", 7),
    ("russia", 4),
    ("aghdam", 2),
    ("fizuli", 2),
    ("jabrayil", 2),
    ("charektar", 2),
    ("baku", 1),
];
