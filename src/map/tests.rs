//! The maps of the reference region, read as claims.

use super::*;
use crate::analysis::Gazetteer;

fn territory(slug: &str, name: &str, kind: &str, lat: f64, lon: f64) -> Territory {
    Territory {
        slug: slug.into(),
        name: name.into(),
        kind: kind.into(),
        aliases: vec![],
        coordinates: [lat, lon],
        mentions: vec![],
    }
}

fn reference() -> Vec<Territory> {
    vec![
        territory("kalbajar", "Kalbajar", "district", 40.10, 46.04),
        territory("azerbaijan", "Azerbaijan", "country", 40.14, 47.58),
        territory(
            "nagorno-karabakh",
            "Nagorno-Karabakh",
            "region",
            39.82,
            46.76,
        ),
        territory("armenia", "Armenia", "country", 40.07, 45.04),
        territory("russia", "Russia", "country", 61.52, 105.32),
        territory("aghdam", "Aghdam", "district", 39.99, 46.93),
        territory("fizuli", "Fizuli", "town", 39.60, 47.15),
        territory("jabrayil", "Jabrayil", "district", 39.40, 47.03),
        territory("charektar", "Charektar", "village", 40.17, 46.26),
        territory("baku", "Baku", "city", 40.41, 49.87),
    ]
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
    let article = reference();
    let gazetteer = Gazetteer::embedded();
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
    let article = reference();
    let gazetteer = Gazetteer::embedded();
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
    let article = reference();
    let gazetteer = Gazetteer::embedded();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.around(&article[0]);
    assert!(map.description.contains("Armenia"), "{}", map.description);
    assert!(!map.caption.contains("Armenia lies"), "{}", map.caption);
}

#[test]
fn russia_is_named_with_its_direction_or_drawn_at_the_edge() {
    let article = reference();
    let gazetteer = Gazetteer::embedded();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.overview();
    let drawn = map
        .description
        .contains("Shaded, as the article names them: ")
        && map.description.contains("Russia");
    assert!(drawn, "{}", map.description);
    let zoom = maps.around(&article[8]);
    assert!(
        zoom.caption.contains("Russia lies to the north"),
        "{}",
        zoom.caption
    );
}

#[test]
fn places_know_their_country_from_the_shapes() {
    let article = reference();
    let gazetteer = Gazetteer::embedded();
    let maps = Maps::new(&article, &gazetteer);
    assert_eq!(maps.home("kalbajar", 46.04, 40.10), Some("Azerbaijan"));
    assert_eq!(maps.home("yerevan", 44.51, 40.18), Some("Armenia"));
    assert_eq!(maps.home("tbilisi", 44.79, 41.72), Some("Georgia"));
}

#[test]
fn the_map_of_a_country_shows_the_whole_country() {
    let article = reference();
    let gazetteer = Gazetteer::embedded();
    let maps = Maps::new(&article, &gazetteer);
    let map = maps.around(&article[3]);
    assert!(map.countries.iter().any(|c| c.class.contains("current")));
    assert!(
        map.names.iter().any(|n| n.text == "ARMENIA"),
        "{:?}",
        map.names
    );
}

#[test]
fn nagorno_karabakh_is_outlined_and_the_caption_says_how() {
    let article = reference();
    let gazetteer = Gazetteer::embedded();
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
            let article: Vec<Territory> = offsets
                .iter()
                .enumerate()
                .map(|(i, (dlat, dlon))| {
                    let lon = (lon + dlon + 540.0).rem_euclid(360.0) - 180.0;
                    territory(&format!("p{i}"), &format!("Place {i}"), "town", (lat + dlat).clamp(-89.0, 89.0), lon)
                })
                .collect();
            // Places closer than a label's height on any frame are a crowd no placer can keep apart.
            for (i, a) in article.iter().enumerate() {
                for b in &article[i + 1..] {
                    let d = distance_km(a.coordinates[0], a.coordinates[1], b.coordinates[0], b.coordinates[1]);
                    prop_assume!(d > 15.0);
                }
            }
            let gazetteer = Gazetteer::default();
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
