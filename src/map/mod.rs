//! The locator maps: Natural Earth land, lakes, coasts and borders around the article's places,
//! drawn once per site build as inline SVG (no tiles, no network).
//!
//! [`Maps`] is made once per site from the analysis and the gazetteer; [`Maps::overview`]
//! frames every place the article names, [`Maps::around`] one place among its neighbours.
//! The rooms: [`atlas`] (the embedded geometry, read in place), [`project`] (the projection),
//! [`frame`] (what a map shows), [`draw`] (geography to path data), [`labels`] (placing
//! names), [`geom`] (clipping and path data).

pub mod atlas;
mod draw;
mod frame;
pub mod geom;
pub mod labels;
pub mod project;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::analysis::{Gazetteer, Territory};
pub use atlas::Atlas;
use atlas::{Detail, Level};
use frame::Frame;
use geom::{Pt, Rect, num};
use labels::{Font, Placer};
use project::{Laea, distance_km};

/// SVG user-space size.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 440.0;

const PLACE_FONT: Font = Font {
    size: 13.0,
    bold: false,
    spacing: 0.0,
};
const CURRENT_FONT: Font = Font {
    size: 14.0,
    bold: true,
    spacing: 0.0,
};
const COUNTRY_FONT: Font = Font {
    size: 11.0,
    bold: false,
    spacing: 0.12,
};
const SCALE_FONT: Font = Font {
    size: 11.0,
    bold: false,
    spacing: 0.0,
};
/// How many neighbours a place's own map tries to show besides the place.
const NEIGHBOURS: usize = 8;

static REGIONS: &str = include_str!("../../data/map-regions.toml");

/// A point on the map with its label.
#[derive(Debug, Clone)]
pub struct Dot {
    pub x: String,
    pub y: String,
    pub r: &'static str,
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// The place's page, when the article names the place.
    pub href: Option<String>,
    pub current: bool,
    /// Path data of a line from the point to a label that had to stand off.
    pub leader: Option<String>,
}

/// A filled shape: a country, or an outlined region.
#[derive(Debug, Clone)]
pub struct Shape {
    pub class: &'static str,
    pub d: String,
}

/// A name drawn on the map that is not a link (countries, the scale).
#[derive(Debug, Clone)]
pub struct Text {
    pub class: &'static str,
    pub x: String,
    pub y: String,
    pub text: String,
}

/// The small world-or-continent box that shows where the frame lies.
#[derive(Debug, Clone)]
pub struct Inset {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub land: String,
    /// The main frame, outlined.
    pub frame: String,
}

/// A map ready for the `map.html` template.
#[derive(Debug, Clone)]
pub struct Map {
    pub title: String,
    /// What the picture shows, for `<desc>`: the places and their countries.
    pub description: String,
    pub caption: String,
    pub width: u32,
    pub height: u32,
    pub countries: Vec<Shape>,
    pub lakes: String,
    pub borders: String,
    pub coast: String,
    pub outlines: Vec<Shape>,
    pub names: Vec<Text>,
    pub dots: Vec<Dot>,
    /// Path data of the scale bar, and its label.
    pub scale: String,
    pub scale_label: Text,
    pub inset: Option<Inset>,
}

impl Map {
    /// The dots with a link, drawn in the link layer.
    pub fn links(&self) -> impl Iterator<Item = &Dot> {
        self.dots.iter().filter(|d| d.href.is_some())
    }
}

#[derive(Deserialize)]
struct RegionsFile {
    region: Vec<RegionEntry>,
}

#[derive(Deserialize)]
struct RegionEntry {
    slug: String,
    towns: Vec<String>,
    margin_km: f64,
}

/// A region outlined from its towns' coordinates.
struct Region {
    slug: String,
    /// `[lon, lat]` of each town.
    towns: Vec<[f64; 2]>,
    margin_km: f64,
}

/// A country the article names, with its shape in each level when the atlas has one.
struct Named<'a> {
    t: &'a Territory,
    fine: Option<usize>,
    coarse: Option<usize>,
}

/// A place to mark.
#[derive(Debug, Clone)]
struct Mark<'a> {
    slug: &'a str,
    name: &'a str,
    lon: f64,
    lat: f64,
    linked: bool,
    current: bool,
}

/// Everything the maps of one site share: the atlas, the article's countries resolved to
/// shapes once, and which country each place lies in (looked up once per place).
pub struct Maps<'a> {
    atlas: &'static Atlas,
    article: &'a [Territory],
    gazetteer: &'a Gazetteer,
    named: Vec<Named<'a>>,
    regions: Vec<Region>,
    homes: RefCell<HashMap<String, Option<&'static str>>>,
}

impl<'a> Maps<'a> {
    #[must_use]
    pub fn new(article: &'a [Territory], gazetteer: &'a Gazetteer) -> Self {
        let atlas = Atlas::embedded();
        let named = article
            .iter()
            .filter(|t| t.kind == "country")
            .map(|t| {
                let fine = atlas.level(Detail::Fine).and_then(|l| country_named(l, t));
                let coarse = atlas.level(Detail::Coarse).and_then(|l| {
                    let fine_name =
                        fine.and_then(|i| atlas.level(Detail::Fine).map(|f| f.country(i).name));
                    fine_name
                        .and_then(|n| l.countries().find(|c| c.name == n).map(|c| c.index))
                        .or_else(|| country_named(l, t))
                });
                Named { t, fine, coarse }
            })
            .collect();
        let regions = toml::from_str::<RegionsFile>(REGIONS)
            .map(|f| f.region)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| {
                let towns: Vec<[f64; 2]> = r
                    .towns
                    .iter()
                    .filter_map(|slug| gazetteer.places().iter().find(|p| &p.slug == slug))
                    .map(|p| [p.coordinates[1], p.coordinates[0]])
                    .collect();
                (towns.len() >= 3).then_some(Region {
                    slug: r.slug,
                    towns,
                    margin_km: r.margin_km,
                })
            })
            .collect();
        Self {
            atlas,
            article,
            gazetteer,
            named,
            regions,
            homes: RefCell::new(HashMap::new()),
        }
    }

    /// Every place the article names; its countries as shapes. Places far from where the
    /// story is (a capital across an ocean named once) are named in the caption with their
    /// direction instead of stretching the frame until the rest crowd into a corner.
    #[must_use]
    pub fn overview(&self) -> Map {
        let all: Vec<(Mark, usize)> = self
            .article
            .iter()
            .filter(|t| t.kind != "country" || !self.has_shape(&t.slug))
            .filter(|t| !is_world_region(t))
            .map(|t| {
                let m = mark(&t.slug, &t.name, t.coordinates, true, false);
                (m, t.mentions.len())
            })
            .collect();
        let (marks, far) = split_far(all);
        let mut points: Vec<[f64; 2]> = marks.iter().map(|m| [m.lon, m.lat]).collect();
        for r in self.regions_of(marks.iter().map(|m| m.slug)) {
            points.extend(r.towns.iter().copied());
        }
        if points.is_empty() {
            // Only countries: frame their shapes.
            for n in &self.named {
                points.extend(self.country_extent_points(n));
            }
        }
        let frame = if points.is_empty() {
            Frame::around_point(40.0, 47.0, 150.0)
        } else {
            let mut frame = Frame::fit_points(&points, 60.0);
            self.widen_for_countries(&mut frame, &points);
            frame
        };
        let far: Vec<(String, &'static str)> = far
            .iter()
            .map(|m| (m.name.to_owned(), compass(&frame, [m.lon, m.lat])))
            .collect();
        self.render(
            "Map of the places the article names".into(),
            &frame,
            &marks,
            None,
            true,
            far,
        )
    }

    /// One place centred among its neighbours (a country: its whole shape).
    #[must_use]
    pub fn around(&self, place: &Territory) -> Map {
        let title = format!("Map of {} and its neighbours", place.name);
        let [lat, lon] = place.coordinates;
        if place.kind == "country" {
            if let Some(n) = self.named.iter().find(|n| n.t.slug == place.slug) {
                let points = self.country_extent_points(n);
                if !points.is_empty() {
                    let frame = Frame::fit_points(&points, 100.0);
                    let marks = self.neighbours(&frame, None);
                    return self.render(title, &frame, &marks, Some(&place.slug), false, vec![]);
                }
            }
        }
        // Nearest places first: the frame takes in the first few, up to a limit, so a
        // village's map stays local and a capital's still shows its region.
        let mut near: Vec<(f64, [f64; 2])> = self
            .gazetteer
            .places()
            .iter()
            .filter(|p| p.slug != place.slug && p.kind != "country")
            .map(|p| {
                let [plat, plon] = p.coordinates;
                (distance_km(lat, lon, plat, plon), [plon, plat])
            })
            .filter(|(d, _)| *d <= 300.0)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        let reach = near.get(3).or(near.last()).map_or(0.0, |n| n.0);
        let radius = (reach * 1.15).clamp(90.0, 400.0);
        let mut extra: Vec<[f64; 2]> = Vec::new();
        for r in self.regions_of(std::iter::once(place.slug.as_str())) {
            extra.extend(r.towns.iter().copied());
        }
        let frame = Frame::centred(lat, lon, radius, &extra);
        let me = mark(&place.slug, &place.name, place.coordinates, true, true);
        let marks = self.neighbours(&frame, Some(me));
        self.render(title, &frame, &marks, Some(&place.slug), false, vec![])
    }

    /// The current place first, then the article's places in the frame, then the
    /// gazetteer's, nearest first (drawn as long as their labels find room).
    fn neighbours(&self, frame: &Frame, me: Option<Mark<'a>>) -> Vec<Mark<'a>> {
        let view = Rect::new(0.0, 0.0, WIDTH, HEIGHT).grow(-12.0);
        let (clat, clon) = me
            .as_ref()
            .map_or_else(|| frame.centre(), |m| (m.lat, m.lon));
        let in_view = |c: [f64; 2]| view.contains(frame.px(c[1], c[0]));
        let mut marks: Vec<Mark> = me.iter().cloned().collect();
        let mut others: Vec<(bool, f64, Mark)> = Vec::new();
        for t in self.article {
            if marks.iter().any(|m| m.slug == t.slug)
                || (t.kind == "country" && self.has_shape(&t.slug))
                || !in_view(t.coordinates)
            {
                continue;
            }
            let d = distance_km(clat, clon, t.coordinates[0], t.coordinates[1]);
            others.push((false, d, mark(&t.slug, &t.name, t.coordinates, true, false)));
        }
        for p in self.gazetteer.places() {
            if p.kind == "country"
                || marks.iter().any(|m| m.slug == p.slug)
                || self.article.iter().any(|t| t.slug == p.slug)
                || !in_view(p.coordinates)
            {
                continue;
            }
            let d = distance_km(clat, clon, p.coordinates[0], p.coordinates[1]);
            others.push((true, d, mark(&p.slug, &p.name, p.coordinates, false, false)));
        }
        others.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        marks.extend(others.into_iter().take(NEIGHBOURS).map(|(_, _, m)| m));
        marks
    }

    fn has_shape(&self, slug: &str) -> bool {
        self.named
            .iter()
            .any(|n| n.t.slug == slug && (n.fine.is_some() || n.coarse.is_some()))
    }

    fn regions_of<'s>(&'s self, slugs: impl Iterator<Item = &'s str>) -> Vec<&'s Region> {
        let slugs: Vec<&str> = slugs.collect();
        self.regions
            .iter()
            .filter(|r| slugs.contains(&r.slug.as_str()))
            .collect()
    }

    /// Points that frame a country: its larger rings (not every far islet), coarse detail.
    fn country_extent_points(&self, n: &Named) -> Vec<[f64; 2]> {
        let Some((level, i)) = n
            .coarse
            .zip(self.atlas.level(Detail::Coarse))
            .map(|(i, l)| (l, i))
            .or_else(|| {
                n.fine
                    .zip(self.atlas.level(Detail::Fine))
                    .map(|(i, l)| (l, i))
            })
        else {
            return Vec::new();
        };
        let (mut pts, mut scratch) = (Vec::new(), Vec::new());
        let mut rings: Vec<(f64, Vec<[f64; 2]>)> = Vec::new();
        for r in level.country(i).rings {
            let ring = level.ring(r);
            if ring.hole {
                continue;
            }
            level.ring_points(&ring, &mut pts, &mut scratch);
            let b = ring.bbox;
            let size = (b.east - b.west) * (b.north - b.south);
            rings.push((size, pts.clone()));
        }
        let largest = rings.iter().map(|r| r.0).fold(0.0, f64::max);
        rings
            .into_iter()
            .filter(|r| r.0 >= largest * 0.05)
            .flat_map(|r| r.1)
            .collect()
    }

    /// Widens the frame to take in a named country lying just beyond it, so it is seen as a
    /// shape; a country further away is named in the caption with its direction instead.
    fn widen_for_countries(&self, frame: &mut Frame, points: &[[f64; 2]]) {
        let Some(level) = self.atlas.level(Detail::Coarse) else {
            return;
        };
        let mut extra: Vec<[f64; 2]> = Vec::new();
        for n in &self.named {
            let Some(i) = n.coarse else { continue };
            let Some(near) = nearest_point(level, i, frame) else {
                continue;
            };
            let (x, y) = frame.px(near[0], near[1]);
            let inner = Rect::new(0.0, 0.0, WIDTH, HEIGHT).grow(-40.0);
            if inner.contains((x, y)) {
                continue;
            }
            let reach = Rect::new(-WIDTH * 0.3, -HEIGHT * 0.3, WIDTH * 1.6, HEIGHT * 1.6);
            if reach.contains((x, y)) {
                // The frame's own margin then shows a band of it, enough for its name.
                extra.push(near);
            }
        }
        if !extra.is_empty() {
            let all: Vec<[f64; 2]> = points.iter().chain(&extra).copied().collect();
            *frame = Frame::fit_points_with(frame.projection(), &all, 60.0);
        }
    }

    /// Which country a place lies in, by its coordinates against the country shapes.
    fn home(&self, slug: &str, lon: f64, lat: f64) -> Option<&'static str> {
        if let Some(found) = self.homes.borrow().get(slug) {
            return *found;
        }
        let level = self.atlas.level(Detail::Fine)?;
        let found = country_at(level, lon, lat).map(|i| level.country(i).name);
        self.homes.borrow_mut().insert(slug.to_owned(), found);
        found
    }

    fn render(
        &self,
        title: String,
        frame: &Frame,
        marks: &[Mark],
        current: Option<&str>,
        all_marks: bool,
        far: Vec<(String, &'static str)>,
    ) -> Map {
        let detail = if frame.km_per_px() > 3.0 {
            Detail::Coarse
        } else {
            Detail::Fine
        };
        let view = Rect::new(0.0, 0.0, WIDTH, HEIGHT);
        let level = self.atlas.level(detail);
        let named_index = |n: &Named| match detail {
            Detail::Fine => n.fine,
            Detail::Coarse => n.coarse,
        };
        let shaded: Vec<(usize, &Named)> = self
            .named
            .iter()
            .filter_map(|n| named_index(n).map(|i| (i, n)))
            .collect();
        let geo = level.map(|l| draw::geography(l, frame, &shaded, current));

        // Marks: the dots first, so no label covers any of them.
        let mut placer = Placer::new(view.grow(-2.0));
        let corners = draw::corners(frame, marks.iter().map(|m| (m.lon, m.lat)));
        let inset_box = corners.inset;
        placer.block(inset_box.grow(3.0));
        placer.block(corners.scale.grow(2.0));
        let mut dots = Vec::new();
        let mut drawn: Vec<&str> = Vec::new();
        let radius = |m: &Mark| {
            if m.current {
                6.5
            } else if m.linked {
                4.5
            } else {
                3.5
            }
        };
        let projected: Vec<Pt> = marks.iter().map(|m| frame.px(m.lon, m.lat)).collect();
        let dot_box =
            |p: Pt, r: f64| Rect::new(p.0 - r - 1.0, p.1 - r - 1.0, 2.0 * r + 2.0, 2.0 * r + 2.0);
        if all_marks {
            for (m, &p) in marks.iter().zip(&projected) {
                placer.block(dot_box(p, radius(m)));
            }
        }
        for (m, &p) in marks.iter().zip(&projected) {
            let r = radius(m);
            let font = if m.current { CURRENT_FONT } else { PLACE_FONT };
            let mut trial = placer.clone();
            if !all_marks {
                // A neighbour is drawn only where its dot and label both find room.
                if !m.current && !trial.is_free(&dot_box(p, r)) {
                    continue;
                }
                trial.block(dot_box(p, r));
            }
            let placed = match trial.beside(p, r, m.name, font) {
                Some(placed) => placed,
                None if m.current || all_marks => forced(p, r, m.name, font),
                None => continue,
            };
            placer = trial;
            drawn.push(m.slug);
            dots.push(Dot {
                x: num(p.0),
                y: num(p.1),
                r: if m.current {
                    "6.5"
                } else if m.linked {
                    "4.5"
                } else {
                    "3.5"
                },
                label: m.name.to_owned(),
                label_x: num(placed.x),
                label_y: num(placed.y),
                anchor: placed.anchor,
                href: m.linked.then(|| format!("/territories/{}", m.slug)),
                current: m.current,
                leader: placed.leader.map(|(a, b)| {
                    let mut d = geom::PathData::new();
                    d.add(&[a, b], false);
                    d.finish()
                }),
            });
        }

        // Country names where they fit: the article's countries first.
        let mut names = Vec::new();
        let mut unnamed = Vec::new();
        if let Some(g) = &geo {
            for c in &g.labels {
                let text = c.name.to_uppercase();
                match placer.centred(&c.spots, &text, COUNTRY_FONT) {
                    Some(p) => names.push(Text {
                        class: if c.named { "country named" } else { "country" },
                        x: num(p.x),
                        y: num(p.y),
                        text,
                    }),
                    None if c.named => unnamed.push(c.name.clone()),
                    None => {}
                }
            }
        }

        let mut outlines = Vec::new();
        let mut outlined = Vec::new();
        for r in &self.regions {
            let shown = drawn.contains(&r.slug.as_str());
            if let Some(d) = shown
                .then(|| draw::outline(frame, &r.towns, r.margin_km))
                .flatten()
            {
                outlines.push(Shape {
                    class: "outline",
                    d,
                });
                if let Some(m) = marks.iter().find(|m| m.slug == r.slug) {
                    outlined.push(m.name);
                }
            }
        }

        let (scale, scale_label) = draw::scale_bar(frame, corners.scale, SCALE_FONT);
        let inset = self
            .atlas
            .level(Detail::Coarse)
            .map(|l| draw::inset(l, frame, inset_box));

        let mut beyond = far;
        beyond.extend(self.beyond(frame, geo.as_ref()));
        let description = self.describe(marks, &dots, geo.as_ref(), &beyond);
        let caption = self.caption(&title, frame, geo.as_ref(), &beyond, &outlined, &unnamed);
        let (countries, lakes, borders, coast) = match geo {
            Some(g) => (g.countries, g.lakes, g.borders, g.coast),
            None => Default::default(),
        };
        Map {
            title,
            description,
            caption,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            width: WIDTH as u32,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            height: HEIGHT as u32,
            countries,
            lakes,
            borders,
            coast,
            outlines,
            names,
            dots,
            scale,
            scale_label,
            inset,
        }
    }

    fn describe(
        &self,
        marks: &[Mark],
        dots: &[Dot],
        geo: Option<&draw::Geography>,
        beyond: &[(String, &'static str)],
    ) -> String {
        let mut s = String::new();
        let drawn: Vec<&Mark> = marks
            .iter()
            .filter(|m| dots.iter().any(|d| d.label == m.name))
            .collect();
        if !drawn.is_empty() {
            s.push_str("Places marked: ");
            for (i, m) in drawn.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                s.push_str(m.name);
                if m.current {
                    s.push_str(" (this page's place");
                    if let Some(home) = self.home(m.slug, m.lon, m.lat) {
                        let _ = write!(s, ", in {home}");
                    }
                    s.push(')');
                } else if let Some(home) = self.home(m.slug, m.lon, m.lat) {
                    let _ = write!(s, " (in {home})");
                }
            }
            s.push_str(". ");
        }
        if let Some(g) = geo {
            let shaded = self.shaded(g);
            if !shaded.is_empty() {
                let _ = write!(
                    s,
                    "Shaded, as the article names them: {}. ",
                    shaded.join(", ")
                );
            }
            let others: Vec<&str> = g
                .shown
                .iter()
                .filter(|c| !c.1)
                .map(|c| c.0.as_str())
                .collect();
            if !others.is_empty() {
                let _ = write!(s, "Also in view: {}. ", others.join(", "));
            }
        }
        for (name, direction) in beyond {
            let _ = write!(s, "{name} lies beyond the frame, to the {direction}. ");
        }
        s.trim_end().to_owned()
    }

    fn caption(
        &self,
        title: &str,
        frame: &Frame,
        geo: Option<&draw::Geography>,
        beyond: &[(String, &'static str)],
        outlined: &[&str],
        unnamed: &[String],
    ) -> String {
        let mut s = format!("{title}.");
        if let Some(g) = geo {
            let shaded = self.shaded(g);
            if !shaded.is_empty() {
                let _ = write!(
                    s,
                    " Shaded: {}, as the article names them.",
                    shaded.join(", ")
                );
            }
        }
        if !beyond.is_empty() {
            let parts: Vec<String> = beyond
                .iter()
                .map(|(n, d)| format!("{n} lies to the {d}"))
                .collect();
            let _ = write!(s, " Beyond the frame: {}.", parts.join("; "));
        }
        if !unnamed.is_empty() {
            let _ = write!(s, " Too small here to name: {}.", unnamed.join(", "));
        }
        for name in outlined {
            let _ = write!(
                s,
                " {name} is outlined roughly, around its towns in the gazetteer: Natural Earth draws no boundary for it."
            );
        }
        let (lat, lon) = frame.centre();
        let _ = write!(
            s,
            " Natural Earth geography (public domain); equal-area projection centred on {}.",
            crate::site::coordinates([lat, lon])
        );
        s
    }

    /// The article's countries in view, in the article's order.
    fn shaded(&self, g: &draw::Geography) -> Vec<&str> {
        self.named
            .iter()
            .map(|n| n.t.name.as_str())
            .filter(|name| g.shown.iter().any(|c| c.1 && c.0 == *name))
            .collect()
    }

    /// The article's countries that have a shape but none of it in the frame, with the
    /// direction they lie in from its centre.
    fn beyond(&self, frame: &Frame, geo: Option<&draw::Geography>) -> Vec<(String, &'static str)> {
        let Some(level) = self.atlas.level(Detail::Coarse) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for n in &self.named {
            let seen = geo.is_some_and(|g| g.shown.iter().any(|c| c.0 == n.t.name));
            if seen {
                continue;
            }
            let Some(i) = n.coarse else { continue };
            if let Some(p) = nearest_point(level, i, frame) {
                out.push((n.t.name.clone(), compass(frame, p)));
            }
        }
        out
    }
}

/// A continent or a world region of the world data (`Europe`, `the Middle East`): no point
/// stands for it, so it gets no mark (its page still has a map centred on it). The editorial
/// gazetteer's regions (Nagorno-Karabakh) are places with a centre and keep theirs.
fn is_world_region(t: &Territory) -> bool {
    t.kind == "continent" || (t.kind == "region" && t.source != "editorial")
}

/// How far from the heart of the story a place may lie and still be in the overview's frame.
const STORY_REACH_KM: f64 = 2500.0;

/// Splits the overview's marks into those framed and those too far from the rest: the heart
/// of the story is the place with the most mentions within [`STORY_REACH_KM`] (its own
/// included), and a place further than that from it is left out of the frame, as long as
/// what stays holds most of the mentions (a story spread over the world is framed whole).
fn split_far(all: Vec<(Mark<'_>, usize)>) -> (Vec<Mark<'_>>, Vec<Mark<'_>>) {
    let near = |a: &Mark, b: &Mark| distance_km(a.lat, a.lon, b.lat, b.lon) <= STORY_REACH_KM;
    let weight = |m: &Mark| -> usize {
        all.iter()
            .filter(|(o, _)| near(m, o))
            .map(|(_, n)| (*n).max(1))
            .sum()
    };
    let total: usize = all.iter().map(|(_, n)| (*n).max(1)).sum();
    let heart = all
        .iter()
        .map(|(m, _)| (weight(m), m))
        .max_by_key(|(w, _)| *w);
    match heart {
        Some((w, heart)) if w * 3 >= total * 2 => {
            let heart = heart.clone();
            all.into_iter()
                .map(|(m, _)| m)
                .partition(|m| near(&heart, m))
        }
        _ => (all.into_iter().map(|(m, _)| m).collect(), Vec::new()),
    }
}

fn mark<'a>(
    slug: &'a str,
    name: &'a str,
    [lat, lon]: [f64; 2],
    linked: bool,
    current: bool,
) -> Mark<'a> {
    Mark {
        slug,
        name,
        lon,
        lat,
        linked,
        current,
    }
}

/// A label put down at its first position even though something is in the way: only for a
/// place that must be named and for which nothing was free (a very crowded map).
fn forced(p: Pt, r: f64, text: &str, font: Font) -> labels::Placed {
    let w = font.width(text);
    let x = p.0 + r + 2.0;
    let y = p.1 + (font.ascent() - font.descent()) / 2.0;
    labels::Placed {
        x,
        y,
        anchor: "start",
        rect: Rect::new(x, y - font.ascent(), w, font.ascent() + font.descent()),
        leader: None,
    }
}

/// The atlas country a territory names: by its name or a spelling of it, else the one its
/// coordinates fall in.
fn country_named(level: &Level, t: &Territory) -> Option<usize> {
    let fold = |s: &str| s.to_lowercase().replace('.', "");
    let spellings: Vec<String> = std::iter::once(&t.name)
        .chain(&t.aliases)
        .map(|s| fold(s))
        .collect();
    level
        .countries()
        .find(|c| spellings.contains(&fold(c.name)))
        .map(|c| c.index)
        .or_else(|| country_at(level, t.coordinates[1], t.coordinates[0]))
}

/// The country whose shape holds `[lon, lat]`.
fn country_at(level: &Level, lon: f64, lat: f64) -> Option<usize> {
    let (mut pts, mut scratch) = (Vec::new(), Vec::new());
    level
        .countries()
        .find(|c| {
            let mut inside = false;
            for r in c.rings.clone() {
                let ring = level.ring(r);
                if ring.bbox.contains(lon, lat) {
                    level.ring_points(&ring, &mut pts, &mut scratch);
                    inside ^= atlas::ring_contains(&pts, lon, lat);
                }
            }
            inside
        })
        .map(|c| c.index)
}

/// The point of a country's outline nearest the frame's centre, `[lon, lat]`; `None` when the
/// centre lies inside the country.
fn nearest_point(level: &Level, country: usize, frame: &Frame) -> Option<[f64; 2]> {
    let (lat, lon) = frame.centre();
    if country_at(level, lon, lat) == Some(country) {
        return None;
    }
    let proj = frame.projection();
    let (cx, cy) = proj.forward(lon, lat);
    let (mut pts, mut scratch) = (Vec::new(), Vec::new());
    let mut best: Option<(f64, [f64; 2])> = None;
    for r in level.country(country).rings {
        level.ring_points(&level.ring(r), &mut pts, &mut scratch);
        for w in pts.windows(2) {
            let a = proj.forward(w[0][0], w[0][1]);
            let b = proj.forward(w[1][0], w[1][1]);
            let d2 = geom::segment_distance2((cx, cy), a, b);
            if best.is_none_or(|(bd, _)| d2 < bd) {
                // The segment's nearer end stands for it: 1:110m segments are short beside
                // the distances this decides.
                let end = if geom::segment_distance2((cx, cy), a, a)
                    <= geom::segment_distance2((cx, cy), b, b)
                {
                    w[0]
                } else {
                    w[1]
                };
                best = Some((d2, end));
            }
        }
    }
    best.map(|b| b.1)
}

/// Eight-point compass direction of `[lon, lat]` from the frame's centre.
fn compass(frame: &Frame, [lon, lat]: [f64; 2]) -> &'static str {
    let (lat0, lon0) = frame.centre();
    let proj = Laea::new(lat0, lon0);
    let (x, y) = proj.forward(lon, lat);
    let bearing = x.atan2(y).to_degrees().rem_euclid(360.0);
    const NAMES: [&str; 8] = [
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ];
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = ((bearing + 22.5) / 45.0) as usize % 8;
    NAMES[i]
}

#[cfg(test)]
mod tests;
