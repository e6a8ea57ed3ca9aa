//! The maps of the reference region, read as claims.

use super::*;
use crate::analysis::Gazetteer;

/// The reference article's territories and gazetteer, through the real pipeline.
fn reference() -> (Vec<Territory>, Gazetteer) {
    let loaded =
        crate::pipeline::load(&crate::cli::Input::default()).expect("the embedded article");
    (loaded.analysis.territories, loaded.gazetteer)
}

fn find<'t>(territories: &'t [Territory], slug: &str) -> &'t Territory {
    territories
        .iter()
        .find(|t| t.slug == slug)
        .unwrap_or_else(|| panic!("the reference article names {slug}"))
}

/// The territories of an article naming each of `places` (`name, kind, lat, lon`) once, with a
/// gazetteer of just those places: the real analysis, so the model is built the one way.
fn analysed(places: &[(&str, &str, f64, f64)]) -> (Vec<Territory>, Gazetteer) {
    let mut toml = String::new();
    for (name, kind, lat, lon) in places {
        toml.push_str(&format!(
            "[[place]]\nname = \"{name}\"\nslug = \"{}\"\nkind = \"{kind}\"\ncoordinates = [{lat}, {lon}]\n\n",
            name.to_lowercase()
        ));
    }
    let gazetteer = Gazetteer::parse(&toml).expect("the test places parse");
    let names: Vec<&str> = places.iter().map(|p| p.0).collect();
    let text = format!(
        "date 2024-01-02 Ferries ran between {}.\n",
        names.join(" and ")
    );
    let analysis = crate::analysis::analyze(&text, &gazetteer).expect("the test article parses");
    (analysis.territories, gazetteer)
}

fn label_boxes(map: &Map) -> Vec<(String, Rect)> {
    map.dots
        .iter()
        .map(|d| {
            let font = if d.current { CURRENT_FONT } else { PLACE_FONT };
            let (x, y): (f64, f64) = (
                d.label_x.parse().unwrap_or(0.0),
                d.label_y.parse().unwrap_or(0.0),
            );
            let w = font.width(&d.label);
            let left = match d.anchor {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            (
                d.label.clone(),
                Rect::new(left, y - font.ascent(), w, font.ascent() + font.descent()),
            )
        })
        .collect()
}

#[test]
fn the_overview_marks_every_place_and_draws_countries_as_shapes() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.overview();
    let labels: Vec<&str> = map.dots.iter().map(|d| d.label.as_str()).collect();
    for name in [
        "Kalbajar",
        "Nagorno-Karabakh",
        "Aghdam",
        "Fizuli",
        "Jabrayil",
        "Charektar",
        "Baku",
    ] {
        assert!(labels.contains(&name), "{name} is marked: {labels:?}");
    }
    for country in ["Armenia", "Azerbaijan", "Russia"] {
        assert!(
            !labels.contains(&country),
            "{country} is a shape, not a dot"
        );
    }
    assert!(map.countries.iter().any(|c| c.class.contains("named")));
    assert!(!map.borders.is_empty() && !map.coast.is_empty());
    assert!(map.dots.iter().all(|d| d.href.is_some()));
}

#[test]
fn no_two_labels_overlap_and_none_covers_a_dot() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let mut all = vec![maps.overview()];
    all.extend(article.iter().map(|t| maps.around(t)));
    for map in &all {
        let boxes = label_boxes(map);
        for (i, (a, ra)) in boxes.iter().enumerate() {
            for (b, rb) in &boxes[i + 1..] {
                assert_eq!(ra.overlap(rb), 0.0, "{}: {a} and {b} overlap", map.title);
            }
            for d in &map.dots {
                let (x, y): (f64, f64) = (d.x.parse().unwrap_or(0.0), d.y.parse().unwrap_or(0.0));
                let dot = Rect::new(x - 4.0, y - 4.0, 8.0, 8.0);
                assert_eq!(
                    ra.overlap(&dot),
                    0.0,
                    "{}: {a} covers {}",
                    map.title,
                    d.label
                );
            }
        }
    }
}

#[test]
fn armenia_borders_kalbajar_so_it_is_in_the_frame_not_too_far() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.around(find(&article, "kalbajar"));
    assert!(map.description.contains("Armenia"), "{}", map.description);
    assert!(!map.caption.contains("Armenia lies"), "{}", map.caption);
}

#[test]
fn russia_is_named_with_its_direction_or_drawn_at_the_edge() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.overview();
    let drawn = map
        .description
        .contains("Shaded, as the article names them: ")
        && map.description.contains("Russia");
    assert!(drawn, "{}", map.description);
    let zoom = maps.around(find(&article, "charektar"));
    assert!(
        zoom.caption.contains("Russia lies to the north"),
        "{}",
        zoom.caption
    );
}

#[test]
fn places_know_their_country_from_the_shapes() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    assert_eq!(maps.home("kalbajar", 46.04, 40.10), Some("Azerbaijan"));
    assert_eq!(maps.home("yerevan", 44.51, 40.18), Some("Armenia"));
    assert_eq!(maps.home("tbilisi", 44.79, 41.72), Some("Georgia"));
}

#[test]
fn the_map_of_a_country_shows_the_whole_country() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.around(find(&article, "armenia"));
    assert!(map.countries.iter().any(|c| c.class.contains("current")));
    assert!(
        map.names.iter().any(|n| n.text == "ARMENIA"),
        "{:?}",
        map.names
    );
}

#[test]
fn nagorno_karabakh_is_outlined_and_the_caption_says_how() {
    let (article, gazetteer) = reference();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.overview();
    assert_eq!(map.outlines.len(), 1);
    assert!(map.caption.contains("outlined roughly"), "{}", map.caption);
}

mod anywhere {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

        /// Any handful of places anywhere on Earth (within a few hundred km of each other, as a
        /// story's are): each is drawn inside the frame, labelled without overlap, and its map
        /// renders without a panic, at the poles and across the antimeridian too.
        #[test]
        fn places_anywhere_get_a_framed_labelled_map(
            lat in -80.0_f64..80.0,
            lon in -180.0_f64..180.0,
            offsets in proptest::collection::vec((-2.5_f64..2.5, -3.0_f64..3.0), 1..6),
        ) {
            const NAMES: [&str; 6] = ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
            let places: Vec<(&str, &str, f64, f64)> = offsets
                .iter()
                .zip(NAMES)
                .map(|((dlat, dlon), name)| {
                    let lon = (lon + dlon + 540.0).rem_euclid(360.0) - 180.0;
                    (name, "town", (lat + dlat).clamp(-89.0, 89.0), lon)
                })
                .collect();
            // Places closer than a label's height on any frame are a crowd no placer can keep apart.
            for (i, a) in places.iter().enumerate() {
                for b in &places[i + 1..] {
                    prop_assume!(distance_km(a.2, a.3, b.2, b.3) > 15.0);
                }
            }
            let (article, gazetteer) = analysed(&places);
            prop_assert_eq!(article.len(), places.len());
            let maps = Maps::new(&article, &gazetteer);
            let map = maps.overview();
            prop_assert_eq!(map.dots.len(), article.len());
            for d in &map.dots {
                let (x, y): (f64, f64) = (d.x.parse().unwrap_or(-1.0), d.y.parse().unwrap_or(-1.0));
                prop_assert!((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y), "{:?}", d);
            }
            let boxes = label_boxes(&map);
            for (i, (a, ra)) in boxes.iter().enumerate() {
                prop_assert!(ra.inside(&Rect::new(0.0, 0.0, WIDTH, HEIGHT)), "{} leaves the frame", a);
                for (b, rb) in &boxes[i + 1..] {
                    prop_assert_eq!(ra.overlap(rb), 0.0, "{} and {} overlap", a, b);
                }
            }
            for t in &article {
                let _ = maps.around(t);
            }
        }
    }
}

#[test]
fn a_place_far_from_the_story_is_named_with_its_direction_instead_of_stretching_the_frame() {
    let (article, gazetteer) = analysed(&[
        ("Lutsk", "city", 50.75, 25.34),
        ("Rivne", "city", 50.62, 26.25),
        ("Lublin", "city", 51.25, 22.57),
        ("Zhytomyr", "city", 50.25, 28.66),
        ("Anchorage", "city", 61.22, -149.90),
    ]);
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.overview();
    let labels: Vec<&str> = map.dots.iter().map(|d| d.label.as_str()).collect();
    for name in ["Lutsk", "Rivne", "Lublin", "Zhytomyr"] {
        assert!(labels.contains(&name), "{name} is marked: {labels:?}");
    }
    assert!(!labels.contains(&"Anchorage"), "{labels:?}");
    assert!(
        map.caption.contains("Anchorage lies to the"),
        "{}",
        map.caption
    );
    assert!(map.description.contains("Anchorage lies beyond the frame"));
    // The frame is the story's region: a few hundred kilometres, not half the globe.
    let label = &map.scale_label.text;
    let km: f64 = label
        .trim_end_matches(" km")
        .replace(' ', "")
        .parse()
        .unwrap_or(f64::MAX);
    assert!(km <= 200.0, "scale bar of {label}");
}

#[test]
fn a_story_spread_over_the_world_is_framed_whole() {
    let (article, gazetteer) = analysed(&[
        ("Lutsk", "city", 50.75, 25.34),
        ("Anchorage", "city", 61.22, -149.90),
        ("Perth", "city", -31.95, 115.86),
    ]);
    let maps = Maps::new(&article, &gazetteer);
    let labels: Vec<String> = maps
        .overview()
        .dots
        .iter()
        .map(|d| d.label.clone())
        .collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
}

#[test]
fn a_continent_gets_no_mark_of_its_own() {
    let (mut article, gazetteer) = analysed(&[
        ("Lutsk", "city", 50.75, 25.34),
        ("Rivne", "city", 50.62, 26.25),
    ]);
    let mut europe = article[0].clone();
    europe.slug = "europe".into();
    europe.name = "Europe".into();
    europe.kind = "continent".into();
    europe.coordinates = [48.69, 9.14];
    article.push(europe);
    let maps = Maps::new(&article, &gazetteer);
    let labels: Vec<String> = maps
        .overview()
        .dots
        .iter()
        .map(|d| d.label.clone())
        .collect();
    assert_eq!(labels, ["Lutsk", "Rivne"]);
}
