//! An offline locator map: gazetteer coordinates projected to an inline SVG (no tiles, no network).

use crate::analysis::{Gazetteer, Territory};

/// SVG user-space size.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 420.0;
const PAD: f64 = 40.0;
/// Rough label box for overlap checks, in SVG units.
const CHAR_W: f64 = 7.0;
const LABEL_H: f64 = 14.0;

/// One labelled dot.
#[derive(Debug, Clone)]
pub struct Dot {
    pub x: String,
    pub y: String,
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    /// `start` or `end`: which side of the dot the label sits on.
    pub anchor: &'static str,
    /// Link to the territory page when the article mentions the place.
    pub href: Option<String>,
    pub current: bool,
}

/// A map ready for the `map.html` template.
#[derive(Debug, Clone)]
pub struct Map {
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub dots: Vec<Dot>,
    /// Places too far away to draw in the frame (countries, mostly), listed in words.
    pub off_map: Vec<String>,
}

struct Point<'a> {
    name: &'a str,
    slug: &'a str,
    kind: &'a str,
    lat: f64,
    lon: f64,
    linked: bool,
    current: bool,
}

impl Map {
    /// Every place the article names.
    #[must_use]
    pub fn overview(territories: &[Territory]) -> Self {
        let points = territories
            .iter()
            .map(|t| Point {
                name: &t.name,
                slug: &t.slug,
                kind: &t.kind,
                lat: t.coordinates[0],
                lon: t.coordinates[1],
                linked: true,
                current: false,
            })
            .collect();
        Self::draw("Map of the places the article names".into(), points)
    }

    /// One place highlighted among its nearest neighbours in the gazetteer.
    #[must_use]
    pub fn around(place: &Territory, article: &[Territory], gazetteer: &Gazetteer) -> Self {
        let [lat, lon] = place.coordinates;
        let mut near: Vec<_> = gazetteer
            .places()
            .iter()
            .filter(|p| p.slug != place.slug && p.kind != "country")
            .map(|p| (distance(lat, lon, p.coordinates[0], p.coordinates[1]), p))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut points = vec![Point {
            name: &place.name,
            slug: &place.slug,
            kind: &place.kind,
            lat,
            lon,
            linked: false,
            current: true,
        }];
        points.extend(near.into_iter().take(7).map(|(_, p)| Point {
            name: &p.name,
            slug: &p.slug,
            kind: &p.kind,
            lat: p.coordinates[0],
            lon: p.coordinates[1],
            linked: article.iter().any(|t| t.slug == p.slug),
            current: false,
        }));
        Self::draw(format!("Map of {} and its neighbours", place.name), points)
    }

    fn draw(title: String, points: Vec<Point<'_>>) -> Self {
        // Countries' coordinates are centroids far from the story; frame the towns and regions
        // and draw a country only when it falls inside that frame.
        let framing: Vec<&Point> = {
            let local: Vec<&Point> = points.iter().filter(|p| p.kind != "country").collect();
            if local.is_empty() {
                points.iter().collect()
            } else {
                local
            }
        };
        let (mut s, mut n, mut w, mut e) = (90.0_f64, -90.0_f64, 180.0_f64, -180.0_f64);
        for p in &framing {
            s = s.min(p.lat);
            n = n.max(p.lat);
            w = w.min(p.lon);
            e = e.max(p.lon);
        }
        if framing.is_empty() {
            (s, n, w, e) = (39.0, 41.0, 45.0, 48.0);
        }
        // At least a degree of margin so a single place still has a frame.
        let (mid_lat, mid_lon) = (f64::midpoint(s, n), f64::midpoint(w, e));
        let half_lat = ((n - s) / 2.0).max(0.5) * 1.15;
        let coslat = mid_lat.to_radians().cos().max(0.2);
        let half_lon = ((e - w) / 2.0).max(0.5 / coslat) * 1.15;
        // Keep the aspect ratio true: scale both axes by the same km-per-unit.
        let sx = (WIDTH - 2.0 * PAD) / (2.0 * half_lon * coslat);
        let sy = (HEIGHT - 2.0 * PAD) / (2.0 * half_lat);
        let scale = sx.min(sy);
        let project = |lat: f64, lon: f64| {
            (
                WIDTH / 2.0 + (lon - mid_lon) * coslat * scale,
                HEIGHT / 2.0 - (lat - mid_lat) * scale,
            )
        };

        let mut dots = Vec::new();
        let mut off_map = Vec::new();
        let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut order: Vec<&Point> = points.iter().collect();
        // Place the highlighted dot's label first so it never has to dodge.
        order.sort_by_key(|p| !p.current);
        for p in order {
            let (x, y) = project(p.lat, p.lon);
            if !(0.0..=WIDTH).contains(&x) || !(0.0..=HEIGHT).contains(&y) {
                off_map.push(p.name.to_owned());
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            let w = p.name.chars().count() as f64 * CHAR_W;
            let candidates = [
                (x + 8.0, y + 4.0, "start", (x + 8.0, y - 9.0)),
                (x - 8.0, y + 4.0, "end", (x - 8.0 - w, y - 9.0)),
                (x + 8.0, y - 10.0, "start", (x + 8.0, y - 23.0)),
                (x + 8.0, y + 18.0, "start", (x + 8.0, y + 5.0)),
                (x - 8.0, y - 10.0, "end", (x - 8.0 - w, y - 23.0)),
                (x - 8.0, y + 18.0, "end", (x - 8.0 - w, y + 5.0)),
            ];
            let overlap = |bx: f64, by: f64| -> f64 {
                let mut total = 0.0;
                for &(ox, oy, ow, oh) in &boxes {
                    let dx = (bx + w).min(ox + ow) - bx.max(ox);
                    let dy = (by + LABEL_H).min(oy + oh) - by.max(oy);
                    if dx > 0.0 && dy > 0.0 {
                        total += dx * dy;
                    }
                }
                // Labels running off the frame count as overlap too.
                if bx < 0.0 || bx + w > WIDTH || by < 0.0 || by + LABEL_H > HEIGHT {
                    total += w * LABEL_H;
                }
                total
            };
            let best = candidates
                .iter()
                .min_by(|a, b| overlap(a.3.0, a.3.1).total_cmp(&overlap(b.3.0, b.3.1)))
                .unwrap_or(&candidates[0]);
            boxes.push((best.3.0, best.3.1, w, LABEL_H));
            boxes.push((x - 5.0, y - 5.0, 10.0, 10.0));
            dots.push(Dot {
                x: format!("{x:.1}"),
                y: format!("{y:.1}"),
                label: p.name.to_owned(),
                label_x: format!("{:.1}", best.0),
                label_y: format!("{:.1}", best.1),
                anchor: best.2,
                href: p.linked.then(|| format!("/territories/{}", p.slug)),
                current: p.current,
            });
        }
        Self {
            title,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            width: WIDTH as u32,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            height: HEIGHT as u32,
            dots,
            off_map,
        }
    }
}

/// Great-circle distance in km.
fn distance(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn territory(slug: &str, kind: &str, lat: f64, lon: f64) -> Territory {
        Territory {
            slug: slug.into(),
            name: slug.into(),
            kind: kind.into(),
            aliases: vec![],
            coordinates: [lat, lon],
            country: None,
            division: None,
            population: None,
            source: "editorial".into(),
            not: vec![],
            mentions: vec![],
        }
    }

    #[test]
    fn far_away_countries_are_listed_not_drawn() {
        let map = Map::overview(&[
            territory("kalbajar", "district", 40.10, 46.04),
            territory("aghdam", "district", 39.99, 46.93),
            territory("russia", "country", 61.5, 105.3),
        ]);
        assert_eq!(map.dots.len(), 2);
        assert_eq!(map.off_map, vec!["russia"]);
    }

    #[test]
    fn every_dot_lies_inside_the_frame() {
        let map = Map::overview(&[
            territory("kalbajar", "district", 40.10, 46.04),
            territory("baku", "city", 40.41, 49.87),
            territory("fizuli", "town", 39.60, 47.14),
        ]);
        for d in &map.dots {
            let (x, y): (f64, f64) = (d.x.parse().unwrap_or(-1.0), d.y.parse().unwrap_or(-1.0));
            assert!(
                (0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y),
                "{d:?}"
            );
        }
    }

    #[test]
    fn baku_is_east_of_kalbajar() {
        let map = Map::overview(&[
            territory("kalbajar", "district", 40.10, 46.04),
            territory("baku", "city", 40.41, 49.87),
        ]);
        let x = |name: &str| -> f64 {
            map.dots
                .iter()
                .find(|d| d.label == name)
                .and_then(|d| d.x.parse().ok())
                .unwrap_or(f64::NAN)
        };
        assert!(x("baku") > x("kalbajar"));
    }
}
