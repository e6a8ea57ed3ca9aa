//! Geography to path data for one frame: countries, lakes, borders and coasts cut to the
//! frame and simplified to what a pixel shows; country label spots; the inset and scale bar.

use super::atlas::{ArcKind, Level};
use super::frame::Frame;
use super::geom::{self, PathData, Pt, Rect, area, clip_line, clip_ring, num, simplify};
use super::labels::Font;
use super::{HEIGHT, Inset, Named, Shape, Text, WIDTH};

/// Points closer than this to the simplified line are dropped (SVG units).
const TOLERANCE: f64 = 0.35;

/// A country that showed: where its name could go.
pub struct CountryLabel {
    pub name: String,
    pub named: bool,
    /// Candidate centres, the roomiest first.
    pub spots: Vec<Pt>,
}

#[derive(Default)]
pub struct Geography {
    pub countries: Vec<Shape>,
    pub lakes: String,
    pub borders: String,
    pub coast: String,
    pub labels: Vec<CountryLabel>,
    /// Every country with some area in view: its name and whether the article names it.
    pub shown: Vec<(String, bool)>,
}

/// The geography of `level` seen through `frame`.
pub fn geography(
    level: &Level,
    frame: &Frame,
    shaded: &[(usize, &Named)],
    current: Option<&str>,
) -> Geography {
    let view = Rect::new(0.0, 0.0, WIDTH, HEIGHT);
    // Cut a little outside the view so no cut edge is ever seen.
    let cut = view.grow(4.0);
    let geo = frame.bbox_of(&cut);
    let mut g = Geography::default();
    let (mut pts, mut scratch, mut px) = (Vec::new(), Vec::new(), Vec::new());
    let mut candidates: Vec<(f64, CountryLabel)> = Vec::new();
    let near = PreCut::new(&geo, frame);
    let project = |pts: &[[f64; 2]], px: &mut Vec<Pt>| {
        px.clear();
        px.extend(pts.iter().map(|p| frame.px(p[0], p[1])));
    };
    let mut local = Vec::new();
    // A ring of the atlas as the frame shows it: cut near the frame in degrees (so a
    // continent's outline is not projected point by point for a corner of it), projected,
    // simplified, cut to the frame.
    let mut visible_ring = |i: usize| -> Option<(Vec<Pt>, bool)> {
        let ring = level.ring(i);
        if !geo.intersects(&ring.bbox) {
            return None;
        }
        level.ring_points(&ring, &mut pts, &mut scratch);
        let source = if near.ring(&pts, &mut local) {
            &local
        } else {
            &pts
        };
        project(source, &mut px);
        let cut_ring = clip_ring(&simplify(&px, TOLERANCE), &cut);
        (cut_ring.len() >= 3).then_some((cut_ring, ring.hole))
    };
    for c in level.countries() {
        let mut d = PathData::halves();
        let mut rings: Vec<Vec<Pt>> = Vec::new();
        let mut visible = 0.0;
        for r in c.rings.clone() {
            let Some((cut_ring, hole)) = visible_ring(r) else {
                continue;
            };
            let a = area(&clip_ring(&cut_ring, &view)).abs();
            if a < 0.3 {
                continue;
            }
            visible += if hole { -a } else { a };
            d.add(&cut_ring, true);
            rings.push(cut_ring);
        }
        if d.is_empty() {
            continue;
        }
        let named = shaded.iter().find(|(i, _)| *i == c.index).map(|(_, n)| *n);
        let class = match named {
            Some(n) if Some(n.t.slug.as_str()) == current => "land named current",
            Some(_) => "land named",
            None => "land",
        };
        g.countries.push(Shape {
            class,
            d: d.finish(),
        });
        if visible < 20.0 {
            continue;
        }
        let name = named.map_or_else(|| c.name.to_owned(), |n| n.t.name.clone());
        g.shown.push((name.clone(), named.is_some()));
        let big_enough = visible >= view.width() * view.height() * 0.02;
        if named.is_some() || big_enough {
            // Label room needs no finer outline than a couple of units.
            let coarse: Vec<Vec<Pt>> = rings.iter().map(|r| simplify(r, 2.0)).collect();
            let spots = label_spots(&coarse, &view.grow(-6.0));
            if !spots.is_empty() {
                let priority = if named.is_some() { 1e12 } else { 0.0 } + visible;
                candidates.push((
                    priority,
                    CountryLabel {
                        name,
                        named: named.is_some(),
                        spots,
                    },
                ));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    g.labels = candidates.into_iter().map(|c| c.1).collect();
    // Shaded countries drawn last, so their edges are not painted over by a neighbour's fill.
    g.countries.sort_by_key(|s| s.class.len());

    let mut lakes = PathData::halves();
    for r in level.lakes() {
        if let Some((cut_ring, _)) = visible_ring(r) {
            if area(&cut_ring).abs() >= 1.0 {
                lakes.add(&cut_ring, true);
            }
        }
    }
    g.lakes = lakes.finish();

    let (mut borders, mut coast) = (PathData::halves(), PathData::halves());
    for i in 0..level.arc_count() {
        let arc = level.arc(i);
        if matches!(arc.kind, ArcKind::Lake | ArcKind::Cut) || !geo.intersects(&arc.bbox) {
            continue;
        }
        pts.clear();
        level.arc_points(&arc, &mut pts);
        let target = if arc.kind == ArcKind::Border {
            &mut borders
        } else {
            &mut coast
        };
        for stretch in near.line(&pts) {
            project(&pts[stretch], &mut px);
            for run in clip_line(&simplify(&px, TOLERANCE), &cut) {
                target.add(&run, false);
            }
        }
    }
    g.borders = borders.finish();
    g.coast = coast.finish();
    g
}

/// A cut in degrees around the frame, before projecting: a box well outside the frame's own
/// (its cut edges never show), longitudes taken around the frame's centre.
struct PreCut {
    box_: Rect,
    lon0: f64,
    /// The frame holds a pole or spans most of the globe: nothing is cut.
    off: bool,
}

impl PreCut {
    fn new(geo: &super::atlas::Bbox, frame: &Frame) -> Self {
        let (lat0, lon0) = frame.centre();
        let (w, h) = (geo.east - geo.west, geo.north - geo.south);
        let box_ = Rect {
            x0: geo.west - w * 0.25 - 1.0,
            y0: geo.south - h * 0.25 - 1.0,
            x1: geo.east + w * 0.25 + 1.0,
            y1: geo.north + h * 0.25 + 1.0,
        };
        let off = box_.width() > 200.0 || box_.y1 > 88.0 || box_.y0 < -88.0 || lat0.abs() > 80.0;
        Self { box_, lon0, off }
    }

    /// Longitude taken within half a turn of the frame's centre.
    fn unwrap(&self, lon: f64) -> f64 {
        self.lon0 + (lon - self.lon0 + 540.0).rem_euclid(360.0) - 180.0
    }

    /// Cuts a ring to the box into `out`; `false` when it must be drawn whole (it runs across
    /// the far side of the globe from the frame, or nothing is cut).
    fn ring(&self, pts: &[[f64; 2]], out: &mut Vec<[f64; 2]>) -> bool {
        if self.off {
            return false;
        }
        let mut plane: Vec<Pt> = Vec::with_capacity(pts.len());
        for p in pts {
            let lon = self.unwrap(p[0]);
            if plane.last().is_some_and(|q: &Pt| (q.0 - lon).abs() > 180.0) {
                return false;
            }
            plane.push((lon, p[1]));
        }
        let cut = clip_ring(&plane, &self.box_);
        out.clear();
        // The cut's own edges run along the box; split them so they bend as the box's
        // edges do when projected.
        let mut prev = cut.last().copied();
        for &p in &cut {
            if let Some(q) = prev {
                let steps = ((p.0 - q.0).abs().max((p.1 - q.1).abs()) / 0.5).ceil();
                if steps > 1.0 {
                    for k in 1..steps as usize {
                        #[allow(clippy::cast_precision_loss)]
                        let t = k as f64 / steps;
                        out.push([q.0 + (p.0 - q.0) * t, q.1 + (p.1 - q.1) * t]);
                    }
                }
            }
            out.push([p.0, p.1]);
            prev = Some(p);
        }
        true
    }

    /// The stretches of a line that come near the box, each with one point past either end
    /// (so it still crosses the frame's edge), as index ranges.
    fn line(&self, pts: &[[f64; 2]]) -> Vec<std::ops::Range<usize>> {
        if self.off {
            return std::iter::once(0..pts.len()).collect();
        }
        let near = |a: [f64; 2], b: [f64; 2]| {
            let (la, lb) = (self.unwrap(a[0]), self.unwrap(b[0]));
            (la - lb).abs() > 180.0
                || (la.min(lb) <= self.box_.x1
                    && la.max(lb) >= self.box_.x0
                    && a[1].min(b[1]) <= self.box_.y1
                    && a[1].max(b[1]) >= self.box_.y0)
        };
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        for i in 1..pts.len() {
            if near(pts[i - 1], pts[i]) {
                match runs.last_mut() {
                    Some(r) if r.end == i => r.end = i + 1,
                    _ => runs.push(i - 1..i + 1),
                }
            }
        }
        runs
    }
}

/// Points inside a country's visible rings, the furthest from any edge first.
fn label_spots(rings: &[Vec<Pt>], within: &Rect) -> Vec<Pt> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in rings.iter().flatten() {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    let (x0, y0) = (x0.max(within.x0), y0.max(within.y0));
    let (x1, y1) = (x1.min(within.x1), y1.min(within.y1));
    if x1 <= x0 || y1 <= y0 {
        return Vec::new();
    }
    let step = ((x1 - x0) * (y1 - y0) / 160.0).sqrt().max(5.0);
    let mut spots: Vec<(f64, Pt)> = Vec::new();
    let mut y = y0 + step / 2.0;
    while y < y1 {
        let mut x = x0 + step / 2.0;
        while x < x1 {
            let inside = rings
                .iter()
                .filter(|r| geom::ring_contains(r, (x, y)))
                .count()
                % 2
                == 1;
            if inside {
                let mut d2 = f64::MAX;
                for r in rings {
                    let mut prev = r[r.len() - 1];
                    for &p in r {
                        d2 = d2.min(geom::segment_distance2((x, y), prev, p));
                        prev = p;
                    }
                }
                // Edges of the view count as edges too.
                let edge = (x - within.x0)
                    .min(within.x1 - x)
                    .min(y - within.y0)
                    .min(within.y1 - y);
                spots.push((d2.sqrt().min(edge), (x, y)));
            }
            x += step;
        }
        y += step;
    }
    spots.sort_by(|a, b| b.0.total_cmp(&a.0));
    spots.into_iter().take(40).map(|s| s.1).collect()
}

/// Where the inset and the scale bar go.
pub struct Corners {
    pub inset: Rect,
    pub scale: Rect,
}

const INSET_W: f64 = 150.0;
const INSET_H: f64 = 104.0;
const SCALE_W: f64 = 112.0;
const SCALE_H: f64 = 26.0;
const EDGE: f64 = 8.0;

/// The inset in the corner with the fewest places near it; the scale bar in a bottom corner
/// the inset leaves free.
pub fn corners(frame: &Frame, points: impl Iterator<Item = (f64, f64)>) -> Corners {
    let pts: Vec<Pt> = points.map(|(lon, lat)| frame.px(lon, lat)).collect();
    let busy = |r: &Rect| pts.iter().filter(|p| r.grow(18.0).contains(**p)).count();
    let at = |right: bool, bottom: bool, w: f64, h: f64| {
        Rect::new(
            if right { WIDTH - EDGE - w } else { EDGE },
            if bottom { HEIGHT - EDGE - h } else { EDGE },
            w,
            h,
        )
    };
    let options = [(true, true), (false, true), (true, false), (false, false)];
    let (right, bottom) = options
        .iter()
        .copied()
        .min_by_key(|&(r, b)| busy(&at(r, b, INSET_W, INSET_H)))
        .unwrap_or((true, true));
    let inset = at(right, bottom, INSET_W, INSET_H);
    let scale = if bottom {
        at(!right, true, SCALE_W, SCALE_H)
    } else {
        let (l, r) = (
            at(false, true, SCALE_W, SCALE_H),
            at(true, true, SCALE_W, SCALE_H),
        );
        if busy(&r) < busy(&l) { r } else { l }
    };
    Corners { inset, scale }
}

/// A scale bar of a round length, about 100 units long, at the bottom of `r`.
pub fn scale_bar(frame: &Frame, r: Rect, font: Font) -> (String, Text) {
    let target = 100.0 * frame.km_per_px();
    let magnitude = 10_f64.powf(target.log10().floor());
    let km = [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&v| v <= target)
        .unwrap_or(magnitude);
    let len = km / frame.km_per_px();
    let (x, y) = (r.x0 + 4.0, r.y1 - 5.0);
    let mut d = PathData::new();
    d.add(
        &[(x, y - 5.0), (x, y), (x + len, y), (x + len, y - 5.0)],
        false,
    );
    let label = Text {
        class: "scale",
        x: num(x),
        y: num(y - 8.0 - font.descent()),
        text: format!("{} km", format_km(km)),
    };
    (d.finish(), label)
}

fn format_km(km: f64) -> String {
    if km >= 1.0 {
        format!("{km:.0}")
    } else {
        format!("{km}")
    }
}

/// The inset: the continent around the frame (the world for a wide frame), land only, with
/// the frame outlined.
pub fn inset(level: &Level, frame: &Frame, r: Rect) -> Inset {
    let (lat, lon) = frame.centre();
    let half_diagonal = WIDTH.hypot(HEIGHT) / 2.0 * frame.km_per_px();
    let radius = (half_diagonal * 6.0).clamp(1800.0, 9000.0);
    let small = Frame::around_point(lat, lon, radius);
    // `small` maps onto the whole SVG; scale it down into the inset.
    let scale = (INSET_H / HEIGHT).min(INSET_W / WIDTH);
    let to_inset = |(x, y): Pt| {
        (
            (r.x0 + r.x1) / 2.0 + (x - WIDTH / 2.0) * scale,
            (r.y0 + r.y1) / 2.0 + (y - HEIGHT / 2.0) * scale,
        )
    };
    let full = Rect::new(0.0, 0.0, WIDTH, HEIGHT);
    let geo = small.bbox_of(&full);
    let (mut pts, mut scratch) = (Vec::new(), Vec::new());
    let mut land = PathData::halves();
    for c in level.countries() {
        for i in c.rings.clone() {
            let ring = level.ring(i);
            if ring.hole || !geo.intersects(&ring.bbox) {
                continue;
            }
            level.ring_points(&ring, &mut pts, &mut scratch);
            let px: Vec<Pt> = pts.iter().map(|p| to_inset(small.px(p[0], p[1]))).collect();
            // A box this small shows no more than a point per unit and no islet below a few.
            let cut = clip_ring(&simplify(&px, 0.9), &r);
            if cut.len() >= 3 && area(&cut).abs() >= 3.0 {
                land.add(&cut, true);
            }
        }
    }
    // The main frame's edge, sampled, as seen in the inset.
    let mut edge = Vec::new();
    for (a, b) in [
        ((0.0, 0.0), (WIDTH, 0.0)),
        ((WIDTH, 0.0), (WIDTH, HEIGHT)),
        ((WIDTH, HEIGHT), (0.0, HEIGHT)),
        ((0.0, HEIGHT), (0.0, 0.0)),
    ] {
        for i in 0..8 {
            let t = f64::from(i) / 8.0;
            let [lon, lat] = frame.lonlat((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
            edge.push(to_inset(small.px(lon, lat)));
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &edge {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    // Too small to see as an outline: a small square where it is.
    if x1 - x0 < 6.0 && y1 - y0 < 6.0 {
        let (cx, cy) = (f64::midpoint(x0, x1), f64::midpoint(y0, y1));
        edge = vec![
            (cx - 3.0, cy - 3.0),
            (cx + 3.0, cy - 3.0),
            (cx + 3.0, cy + 3.0),
            (cx - 3.0, cy + 3.0),
        ];
    }
    let mut outline = PathData::new();
    outline.add(&clip_ring(&edge, &r), true);
    Inset {
        x: num(r.x0),
        y: num(r.y0),
        width: num(r.width()),
        height: num(r.height()),
        land: land.finish(),
        frame: outline.finish(),
    }
}

/// A region's outline: the convex hull of its towns, widened by `margin_km`.
pub fn outline(frame: &Frame, towns: &[[f64; 2]], margin_km: f64) -> Option<String> {
    let proj = frame.projection();
    let mut pts: Vec<Pt> = Vec::new();
    for t in towns {
        let (x, y) = proj.forward(t[0], t[1]);
        for i in 0..16 {
            let a = f64::from(i) * std::f64::consts::PI / 8.0;
            pts.push((x + margin_km * a.cos(), y + margin_km * a.sin()));
        }
    }
    let hull = convex_hull(pts);
    let px: Vec<Pt> = hull.iter().map(|&(x, y)| frame.plane_to_px(x, y)).collect();
    let cut = clip_ring(&px, &Rect::new(0.0, 0.0, WIDTH, HEIGHT).grow(4.0));
    (cut.len() >= 3).then(|| {
        let mut d = PathData::halves();
        d.add(&cut, true);
        d.finish()
    })
}

/// Andrew's monotone chain.
fn convex_hull(mut pts: Vec<Pt>) -> Vec<Pt> {
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: Pt, a: Pt, b: Pt| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<Pt> = Vec::new();
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Pt>> = if pass == 0 {
            Box::new(pts.iter())
        } else {
            Box::new(pts.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}
