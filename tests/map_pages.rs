//! The locator map on the built pages, without a browser: its weight, its accessible names and
//! its links, on the reference article and on an article of another region.

mod common;

use article_viewer::cli::Input;
use article_viewer::site::{Lookup, Site};
use scraper::{Html, Selector};

const BUDGET: usize = 60 * 1024;

fn page(site: &Site, path: &str) -> String {
    match site.lookup(path) {
        Lookup::Page(p) => String::from_utf8(p.identity().to_vec()).expect("UTF-8 page"),
        other => panic!("{path}: {other:?}"),
    }
}

/// The map's figure, as served.
fn figure(html: &str) -> &str {
    let start = html.find("<figure class=\"map\"").expect("a map");
    let end = html[start..].find("</figure>").expect("the map's end") + start;
    &html[start..end + "</figure>".len()]
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn check_site(site: &Site, territories: &[article_viewer::analysis::Territory]) {
    let paths: Vec<String> = std::iter::once("/territories".to_owned())
        .chain(
            territories
                .iter()
                .map(|t| format!("/territories/{}", t.slug)),
        )
        .collect();
    for path in &paths {
        let html = page(site, path);
        let map = figure(&html);
        assert!(
            map.len() <= BUDGET,
            "{path}: the map is {} bytes",
            map.len()
        );
        let doc = Html::parse_fragment(map);
        let art = doc.select(&sel("svg.map-art")).next().expect("the picture");
        assert_eq!(art.value().attr("role"), Some("img"), "{path}");
        assert!(
            doc.select(&sel("svg.map-art > title")).next().is_some(),
            "{path}"
        );
        let desc: String = doc
            .select(&sel("svg.map-art > desc"))
            .flat_map(|d| d.text())
            .collect();
        assert!(desc.starts_with("Places marked: "), "{path}: {desc}");
        assert!(doc.select(&sel("path.land")).count() > 0, "{path}: no land");
        assert!(
            doc.select(&sel("path.border")).count() > 0,
            "{path}: no borders"
        );
    }
    let overview = page(site, "/territories");
    let doc = Html::parse_fragment(figure(&overview));
    let links: Vec<(String, String)> = doc
        .select(&sel("svg.map-links a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_owned(),
                a.text().collect(),
            )
        })
        .collect();
    for t in territories.iter().filter(|t| t.kind != "country") {
        let href = format!("/territories/{}", t.slug);
        assert!(
            links.iter().any(|(h, text)| *h == href && *text == t.name),
            "{} is not a linked label on the overview: {links:?}",
            t.name
        );
    }
}

#[test]
fn every_reference_map_stays_under_60_kb_and_names_and_links_its_places() {
    let (_, analysis, _) = common::load();
    check_site(&common::site(), &analysis.territories);
}

#[test]
fn an_article_elsewhere_gets_a_map_of_its_own_region() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let loaded = article_viewer::pipeline::load(&Input {
        file: Some(fixtures.join("parana.txt")),
        places: Some(fixtures.join("parana-places.toml")),
    })
    .expect("the fixture loads");
    let site = loaded.site(None, false).expect("the fixture renders");
    check_site(&site, &loaded.analysis.territories);
    let overview = page(&site, "/territories");
    for country in ["PARAGUAY", "ARGENTINA", "BRAZIL"] {
        assert!(
            overview.contains(country),
            "{country} is not named on the map"
        );
    }
    // Asunción is in Paraguay and Posadas across the river in Argentina, by the shapes alone:
    // the places file says nothing about countries.
    assert!(overview.contains("Asuncion (in Paraguay)"));
    assert!(overview.contains("Posadas (in Argentina)"));
}
