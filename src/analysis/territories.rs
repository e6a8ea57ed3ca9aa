//! The gazetteer of the story's region and the matching of its names in the text.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

/// The gazetteer embedded in the binary (`src/gazetteer.toml`).
const EMBEDDED_GAZETTEER: &str = include_str!("../gazetteer.toml");

/// The kinds a place may have.
pub const KINDS: &[&str] = &["country", "region", "district", "city", "town", "village"];

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub slug: String,
    pub name: String,
    pub kind: String,
    /// `[latitude, longitude]` in degrees.
    pub coordinates: [f64; 2],
    /// Every other spelling in use; the canonical `name` is always matched too.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Place {
    /// The canonical name, then the aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The file format: a list of `[[place]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    place: Vec<Place>,
}

/// The places the analysis can recognise, with a name matcher built once for them.
///
/// Cloning is cheap: the matcher and lookup tables are shared.
#[derive(Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    index: Arc<Index>,
}

/// What is built from the places once: the matcher and the lookup tables.
struct Index {
    /// Matches every spelling as written and in capitals (for datelines such as `YEREVAN`).
    /// Overlapping (standard) semantics: the whole-word filter runs first and the longest
    /// surviving match is kept afterwards, so a rejected long match (`Lachin corridors`) cannot
    /// hide a valid shorter one (`Lachin`).
    /// `None` only if the automaton could not be built (past aho-corasick's size limits, far
    /// beyond any gazetteer): then nothing matches, rather than a panic.
    matcher: Option<AhoCorasick>,
    /// Pattern id → index into `places`.
    owner: Vec<usize>,
    /// Unicode-lowercased slug or spelling → index into `places`.
    lower: HashMap<String, usize>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("patterns", &self.index.owner.len())
            .finish_non_exhaustive()
    }
}

impl Default for Gazetteer {
    /// An empty gazetteer: matches nothing.
    fn default() -> Self {
        Self::build(Vec::new(), &[])
    }
}

/// A gazetteer file that cannot be used; the message says where and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct GazetteerError(pub String);

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    #[must_use]
    pub fn embedded() -> Self {
        // The embedded file is checked by a unit test; an empty gazetteer is the safe fallback
        // rather than a panic at start-up.
        Self::parse(EMBEDDED_GAZETTEER).unwrap_or_default()
    }

    /// Parses a gazetteer file (`[[place]]` tables with `name`, `slug`, `kind`, `coordinates`
    /// and optional `aliases`).
    ///
    /// # Errors
    /// Not valid TOML (the message names the line), an unknown field, an empty name or
    /// spelling, a slug not in `[a-z0-9-]+`, a duplicate slug or a spelling given to two places,
    /// an unknown kind, or coordinates out of range.
    pub fn parse(text: &str) -> Result<Self, GazetteerError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| format!("line {}: ", line_of(text, s.start)))
                .unwrap_or_default();
            GazetteerError(format!("{at}{}", e.message().trim()))
        })?;
        let mut slugs = HashSet::new();
        let mut spellings: HashMap<&str, &str> = HashMap::new();
        for (n, p) in file.place.iter().enumerate() {
            let which = if p.name.trim().is_empty() {
                format!("place {} (slug {:?})", n + 1, p.slug)
            } else {
                format!("place {} ({:?})", n + 1, p.name)
            };
            let fail = |problem: String| Err(GazetteerError(format!("{which}: {problem}")));
            if p.name.trim().is_empty() {
                return fail("the name is empty".into());
            }
            if p.slug.is_empty()
                || !p
                    .slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return fail(format!(
                    "slug {:?} must be lower-case letters, digits and hyphens ([a-z0-9-]+)",
                    p.slug
                ));
            }
            if !slugs.insert(p.slug.as_str()) {
                return fail(format!("duplicate slug {:?}", p.slug));
            }
            if !KINDS.contains(&p.kind.as_str()) {
                return fail(format!(
                    "kind {:?} is not one of {}",
                    p.kind,
                    KINDS.join(", ")
                ));
            }
            let [lat, lon] = p.coordinates;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return fail(format!(
                    "coordinates [{lat}, {lon}] out of range (latitude -90..90, longitude -180..180)"
                ));
            }
            for s in p.spellings() {
                if s.trim().is_empty() {
                    return fail("an alias is empty".into());
                }
                // The same spelling twice for one place is harmless; for two places it makes
                // every mention ambiguous.
                match spellings.insert(s, &p.slug) {
                    Some(other) if other != p.slug => {
                        return fail(format!("spelling {s:?} is also given to {other:?}"));
                    }
                    _ => {}
                }
            }
        }
        Ok(Self::build(file.place, &[]))
    }

    /// Adds the places of `other`, replacing those with the same slug (in place, keeping the
    /// order). Where a spelling of `other` is also a spelling of a place kept from `self`, the
    /// place from `other` wins: an override is how a user corrects a name.
    #[must_use]
    pub fn with_overrides(self, other: Gazetteer) -> Self {
        let mut places = self.places;
        let mut preferred = Vec::new();
        for p in other.places {
            if let Some(i) = places.iter().position(|q| q.slug == p.slug) {
                places[i] = p;
                preferred.push(i);
            } else {
                preferred.push(places.len());
                places.push(p);
            }
        }
        Self::build(places, &preferred)
    }

    /// Builds the matcher and tables. Spellings of the `preferred` places are entered last so
    /// that they win a spelling shared with another place; otherwise the first place wins.
    fn build(places: Vec<Place>, preferred: &[usize]) -> Self {
        let order = (0..places.len())
            .filter(|i| !preferred.contains(i))
            .chain(preferred.iter().copied());
        let mut by_spelling: HashMap<String, usize> = HashMap::new();
        let mut lower: HashMap<String, usize> = HashMap::new();
        for i in order {
            let win = preferred.contains(&i);
            let enter = |map: &mut HashMap<String, usize>, key: String| {
                if win {
                    map.insert(key, i);
                } else {
                    map.entry(key).or_insert(i);
                }
            };
            for s in places[i].spellings() {
                let upper = s.to_uppercase();
                // Lower-casing the capital form too: `Cəbrayıl` → `CƏBRAYIL` → `cəbrayil`, not
                // `cəbrayıl`, and a matched dateline must still resolve.
                enter(&mut lower, s.to_lowercase());
                enter(&mut lower, upper.to_lowercase());
                enter(&mut by_spelling, s.to_owned());
                enter(&mut by_spelling, upper);
            }
        }
        // Slugs resolve first, whatever spellings say.
        for (i, p) in places.iter().enumerate() {
            lower.insert(p.slug.to_lowercase(), i);
        }
        let (patterns, owner): (Vec<String>, Vec<usize>) = by_spelling.into_iter().unzip();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        Self {
            places,
            index: Arc::new(Index {
                matcher,
                owner,
                lower,
            }),
        }
    }

    /// The place with this slug.
    #[must_use]
    pub fn get(&self, slug: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.slug == slug)
    }

    /// The place known by this name, slug or spelling, in any letter case (`Kelbajar`,
    /// `KALBAJAR`, `kəlbəcər` → Kalbajar).
    #[must_use]
    pub fn resolve(&self, name: &str) -> Option<&Place> {
        let name = name.trim();
        self.get(name).or_else(|| {
            self.index
                .lower
                .get(&name.to_lowercase())
                .and_then(|&i| self.places.get(i))
        })
    }

    /// Every place, in file order (overrides replace in place, additions come last).
    #[must_use]
    pub fn places(&self) -> &[Place] {
        &self.places
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A mention of a gazetteer place in a block (byte offsets, end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMention {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub slug: String,
}

/// Whether `start..end` of `text` stands as a whole word: no letter or digit touches it.
///
/// Apostrophes and hyphens are not alphanumeric, so `Nagorno-Karabakh’s` and `Russia-brokered`
/// link their place names, while `Armenians` and `Azerbaijani` do not link `Armenia` and
/// `Azerbaijan`.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The mentions in one text: whole words only, the leftmost then the longest where they overlap.
fn find_in(gazetteer: &Gazetteer, block: usize, text: &str) -> Vec<FoundMention> {
    let index = &gazetteer.index;
    let Some(matcher) = &index.matcher else {
        return Vec::new();
    };
    let mut candidates: Vec<(usize, usize, usize)> = matcher
        .find_overlapping_iter(text)
        .filter(|m| whole_word(text, m.start(), m.end()))
        .filter_map(|m| {
            let place = *index.owner.get(m.pattern().as_usize())?;
            Some((m.start(), m.end(), place))
        })
        .collect();
    candidates.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out = Vec::new();
    let mut taken = 0;
    for (start, end, place) in candidates {
        if start < taken {
            continue;
        }
        taken = end;
        if let Some(p) = gazetteer.places.get(place) {
            out.push(FoundMention {
                block,
                start,
                end,
                slug: p.slug.clone(),
            });
        }
    }
    out
}

/// Every mention of a gazetteer place, in block and text order.
#[must_use]
pub fn find_territories(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<FoundMention> {
    blocks
        .iter()
        .enumerate()
        .flat_map(|(block, text)| find_in(gazetteer, block, text))
        .collect()
}

/// A capitalised name in a place-like position that the gazetteer does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlace {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub name: String,
}

/// Words that introduce a place: `in Qubadly`, `near Qubadly`, `the village of Qubadly`.
///
/// Deliberately short. `to`, `from` and `of` alone are left out: they precede people and
/// organisations as often as places (`according to Aliyev`, `a request from Pashinyan`).
const LEADS: &[&str] = &["in", "near", "outside"];
/// Nouns that make `<noun> of Name` a place.
const PLACE_NOUNS: &[&str] = &[
    "village", "villages", "town", "towns", "city", "cities", "region", "district", "province",
    "capital", "republic",
];
/// Capitalised words that follow `in` without being places (one string, split on whitespace).
const NOT_PLACES: &str = "January February March April May June July August September October \
    November December Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec Monday Tuesday Wednesday \
    Thursday Friday Saturday Sunday The A An This That These Those His Her Their Our My Its It \
    He She They We I You Parliament Congress English Russian Armenian Azerbaijani Azeri Azeris Turkish Persian \
    Christian Christians Muslim Muslims Islam Soviet Soviets";

/// Places-looking names the gazetteer does not know; see [`unknown_places`] for the rules.
#[must_use]
pub fn find_unknown_places(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<UnknownPlace> {
    let mut out: Vec<UnknownPlace> = Vec::new();
    // Names already reported: a set, not a scan of `out` per candidate.
    let mut reported: HashSet<&str> = HashSet::new();
    for (block, text) in blocks.iter().enumerate() {
        let known: Vec<(usize, usize)> = find_in(gazetteer, block, text)
            .into_iter()
            .map(|m| (m.start, m.end))
            .collect();
        let words = words(text);
        for (i, &(_, _, word)) in words.iter().enumerate() {
            let leads = LEADS.contains(&word)
                || (word == "of"
                    && i > 0
                    && PLACE_NOUNS.contains(&words[i - 1].2.to_lowercase().as_str()));
            let Some(&(name_start, mut name_end, first)) = words.get(i + 1) else {
                continue;
            };
            // The next word must follow directly (a space or two), not across punctuation.
            let gap = text.get(words[i].1..name_start).unwrap_or("");
            if !leads || !gap.chars().all(char::is_whitespace) {
                continue;
            }
            if !looks_like_name(first) || is_not_place(first) || is_demonym(gazetteer, first) {
                continue;
            }
            // A name may run over several capitalised words (`New York`), joined by spaces.
            for w in &words[i + 2..] {
                let between = text.get(name_end..w.0).unwrap_or("");
                if between == " " && looks_like_name(w.2) && !is_not_place(w.2) {
                    name_end = w.1;
                } else {
                    break;
                }
            }
            // `known` is in text order without overlaps, so the only mention that can overlap
            // the name is the first one ending after its start.
            let next = known.partition_point(|&(_, e)| e <= name_start);
            if known.get(next).is_some_and(|&(s, _)| s < name_end) {
                continue;
            }
            let name = &text[name_start..name_end];
            if gazetteer.resolve(name).is_some() {
                continue;
            }
            if reported.insert(name) {
                out.push(UnknownPlace {
                    block,
                    start: name_start,
                    end: name_end,
                    name: name.to_owned(),
                });
            }
        }
    }
    out
}

/// Whether `word` is in [`NOT_PLACES`]; the list is split into a set once.
fn is_not_place(word: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| NOT_PLACES.split_whitespace().collect());
    SET.contains(word)
}

/// The words of a text as (start, end, word): runs of letters, digits and inner hyphens.
fn words(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let inner_hyphen =
            c == '-' && start.is_some() && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_hyphen {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), &text[s..]));
    }
    out
}

/// Capitalised, not all capitals (acronyms such as `NATO` are organisations more often than
/// places), at least two letters.
fn looks_like_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && word.chars().any(char::is_lowercase)
}

/// `Armenians`, `Azerbaijani`, `Russian`: a known spelling followed by a demonym ending.
fn is_demonym(gazetteer: &Gazetteer, word: &str) -> bool {
    const ENDINGS: &[&str] = &["n", "ns", "an", "ans", "i", "is", "ian", "ians", "ese"];
    word.char_indices().skip(3).any(|(i, _)| {
        ENDINGS.contains(&&word[i..])
            && gazetteer
                .index
                .lower
                .contains_key(&word[..i].to_lowercase())
    })
}

/// Warnings for capitalised names that look like places but are not in the gazetteer.
///
/// Conservative on purpose, so an article produces few warnings and each is worth reading:
/// only a capitalised word (or run of them) right after `in`, `near`, `outside` or
/// `<village|town|city|region|district|province|…> of`, that is no known place, no month or
/// weekday, no demonym (`Armenians`) and no acronym. The block is named by its index
/// (`block 3`, counting from 0); [`unknown_places_by_id`] names it `p4`/`c1` instead.
#[must_use]
pub fn unknown_places(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<String> {
    find_unknown_places(gazetteer, blocks)
        .into_iter()
        .map(|u| {
            format!(
                "{:?} looks like a place but is not in the gazetteer (block {})",
                u.name, u.block
            )
        })
        .collect()
}

/// As [`unknown_places`], naming blocks by id: `p1`… for the first `body_len`, `c1`… after.
#[must_use]
pub fn unknown_places_by_id(
    gazetteer: &Gazetteer,
    blocks: &[&str],
    body_len: usize,
) -> Vec<String> {
    find_unknown_places(gazetteer, blocks)
        .into_iter()
        .map(|u| {
            let id = if u.block < body_len {
                format!("p{}", u.block + 1)
            } else {
                format!("c{}", u.block - body_len + 1)
            };
            format!(
                "{:?} looks like a place but is not in the gazetteer ({id})",
                u.name
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked(text: &str) -> Vec<(&str, String)> {
        let g = Gazetteer::embedded();
        find_territories(&g, &[text])
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.slug))
            .collect()
    }

    fn pairs(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter().map(|&(t, s)| (t, s.to_owned())).collect()
    }

    #[test]
    fn embedded_gazetteer_parses_and_is_of_the_region() {
        let g = Gazetteer::parse(EMBEDDED_GAZETTEER).expect("embedded gazetteer");
        assert!(
            (45..=70).contains(&g.places().len()),
            "{}",
            g.places().len()
        );
        for slug in [
            "kalbajar",
            "fizuli",
            "jabrayil",
            "aghdam",
            "nagorno-karabakh",
            "charektar",
            "baku",
            "armenia",
            "azerbaijan",
            "russia",
            "lachin",
            "qubadli",
            "zangilan",
            "stepanakert",
        ] {
            assert!(g.get(slug).is_some(), "{slug} missing");
        }
        assert_eq!(g.get("kalbajar").map(|p| p.kind.as_str()), Some("district"));
        assert_eq!(g.get("aghdam").map(|p| p.kind.as_str()), Some("district"));
        assert_eq!(g.get("fizuli").map(|p| p.kind.as_str()), Some("town"));
        assert_eq!(g.get("jabrayil").map(|p| p.kind.as_str()), Some("town"));
    }

    #[test]
    fn possessive_with_curly_apostrophe_links_the_name_only() {
        let text = "The agreement stipulated that Armenia hand over control to Azerbaijan of some areas it holds outside Nagorno-Karabakh’s borders.";
        assert_eq!(
            linked(text),
            pairs(&[
                ("Armenia", "armenia"),
                ("Azerbaijan", "azerbaijan"),
                ("Nagorno-Karabakh", "nagorno-karabakh"),
            ])
        );
    }

    #[test]
    fn possessive_with_straight_apostrophe_links_the_name_only() {
        let text = "An ethnic Armenian soldier walks with Nagorno-Karabakh's flag towards a checkpoint near village of Charektar";
        assert_eq!(
            linked(text),
            pairs(&[
                ("Nagorno-Karabakh", "nagorno-karabakh"),
                ("Charektar", "charektar"),
            ])
        );
        let text = "Azerbaijan's Defense Ministry said Wednesday.";
        assert_eq!(linked(text), pairs(&[("Azerbaijan", "azerbaijan")]));
    }

    #[test]
    fn hyphenated_compound_links_the_place() {
        let text = "is due to be handed over to Azerbaijan according to a Russia-brokered cease-fire agreement between two countries";
        assert_eq!(
            linked(text),
            pairs(&[("Azerbaijan", "azerbaijan"), ("Russia", "russia")])
        );
    }

    #[test]
    fn demonyms_are_people_not_places() {
        let text = "Aliyev on Wendesday denounced Armenians for destroying those towns and promised to rebuild them.";
        assert_eq!(linked(text), vec![]);
        let text = "has strategic significance for Armenians and Azeris, is due to be handed over";
        assert_eq!(linked(text), vec![]);
        let text = "Azerbaijani officials said worsening weather conditions made the withdrawal of Armenian forces and civilians difficult";
        assert_eq!(linked(text), vec![]);
        let text = "The gesture insulted Azerbaijanis, who used to live in Kalbajar";
        assert_eq!(linked(text), pairs(&[("Kalbajar", "kalbajar")]));
    }

    #[test]
    fn capital_dateline_links_city_and_country() {
        let text =
            "YEREVAN, Armenia (AP) — A truce brokered by Russia two weeks ago halted the violence";
        assert_eq!(
            linked(text),
            pairs(&[
                ("YEREVAN", "yerevan"),
                ("Armenia", "armenia"),
                ("Russia", "russia")
            ])
        );
        let text = "STEPANAKERT, Nagorno-Karabakh (AP) —";
        assert_eq!(
            linked(text),
            pairs(&[
                ("STEPANAKERT", "stepanakert"),
                ("Nagorno-Karabakh", "nagorno-karabakh")
            ])
        );
    }

    #[test]
    fn other_spellings_link_to_the_articles_slug() {
        let text =
            "Kelbajar was expected to be handed over on Nov. 15; Kəlbəcər, Karvachar to Armenians.";
        assert_eq!(
            linked(text),
            pairs(&[
                ("Kelbajar", "kalbajar"),
                ("Kəlbəcər", "kalbajar"),
                ("Karvachar", "kalbajar")
            ])
        );
        let text = "the towns of Cəbrayıl and Füzuli, and Ağdam, KƏLBƏCƏR";
        assert_eq!(
            linked(text),
            pairs(&[
                ("Cəbrayıl", "jabrayil"),
                ("Füzuli", "fizuli"),
                ("Ağdam", "aghdam"),
                ("KƏLBƏCƏR", "kalbajar")
            ])
        );
    }

    #[test]
    fn longest_name_wins_and_bare_karabakh_is_nagorno_karabakh() {
        let text = "the separatist region of Nagorno-Karabakh, known in Armenia as Artsakh; Karabakh Armenians";
        assert_eq!(
            linked(text),
            pairs(&[
                ("Nagorno-Karabakh", "nagorno-karabakh"),
                ("Armenia", "armenia"),
                ("Artsakh", "nagorno-karabakh"),
                ("Karabakh", "nagorno-karabakh"),
            ])
        );
        // A longer spelling that fails the whole-word test must not hide a shorter one.
        let text = "the Lachin corridors and the Lachin corridor";
        assert_eq!(
            linked(text),
            pairs(&[("Lachin", "lachin"), ("Lachin corridor", "lachin-corridor")])
        );
    }

    #[test]
    fn resolve_ignores_letter_case() {
        let g = Gazetteer::embedded();
        for name in [
            "Kelbajar",
            "kelbajar",
            "KALBAJAR",
            "kalbajar",
            "Kəlbəcər",
            "KƏLBƏCƏR",
            "kəlbəcər",
            "karvachar",
        ] {
            assert_eq!(
                g.resolve(name).map(|p| p.slug.as_str()),
                Some("kalbajar"),
                "{name}"
            );
        }
        assert_eq!(
            g.resolve("NAGORNO-KARABAKH").map(|p| p.slug.as_str()),
            Some("nagorno-karabakh")
        );
        assert_eq!(
            g.resolve("cəbrayıl").map(|p| p.slug.as_str()),
            Some("jabrayil")
        );
        assert_eq!(
            g.resolve("CƏBRAYIL").map(|p| p.slug.as_str()),
            Some("jabrayil")
        );
        assert!(g.resolve("Armenians").is_none());
        assert!(g.resolve("").is_none());
    }

    const EXTRA: &str = r#"
[[place]]
name = "Kalbajar town"
slug = "kalbajar"
kind = "town"
coordinates = [40.10, 46.04]
aliases = ["Kalbajar"]

[[place]]
name = "Qubadly"
slug = "qubadly-village"
kind = "village"
coordinates = [39.3, 46.6]
aliases = ["Qubadli"]
"#;

    #[test]
    fn overrides_replace_by_slug_and_add_new_places() {
        let base = Gazetteer::embedded();
        let count = base.places().len();
        let g = base.with_overrides(Gazetteer::parse(EXTRA).expect("extra"));
        assert_eq!(g.places().len(), count + 1);
        let kalbajar = g.get("kalbajar").expect("kalbajar");
        assert_eq!(
            (kalbajar.name.as_str(), kalbajar.kind.as_str()),
            ("Kalbajar town", "town")
        );
        // The replaced place's old aliases are gone with it.
        assert!(g.resolve("Kelbajar").is_none());
        // An added place takes over a spelling it shares with a kept place.
        let found = find_territories(&g, &["fled Kalbajar for Qubadli"]);
        let slugs: Vec<&str> = found.iter().map(|m| m.slug.as_str()).collect();
        assert_eq!(slugs, ["kalbajar", "qubadly-village"]);
        assert_eq!(
            g.resolve("qubadli").map(|p| p.slug.as_str()),
            Some("qubadli")
        );
        assert_eq!(
            g.resolve("Qubadly").map(|p| p.slug.as_str()),
            Some("qubadly-village")
        );
    }

    fn parse_error(text: &str) -> String {
        match Gazetteer::parse(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_gazetteers_are_refused_with_a_reason() {
        let place = |name: &str, slug: &str, coords: &str| {
            format!(
                "[[place]]\nname = \"{name}\"\nslug = \"{slug}\"\nkind = \"town\"\ncoordinates = {coords}\n"
            )
        };
        let e = parse_error("[[place]]\nname = \"A\"\nslug = \"a\nkind = \"town\"\n");
        assert!(e.starts_with("line 3:"), "{e}");
        let two = format!("{}{}", place("A", "a", "[1, 2]"), place("B", "a", "[1, 2]"));
        assert!(parse_error(&two).contains("duplicate slug \"a\""));
        assert!(parse_error(&place(" ", "a", "[1, 2]")).contains("name is empty"));
        assert!(parse_error(&place("A", "Kalbajar", "[1, 2]")).contains("[a-z0-9-]+"));
        assert!(parse_error(&place("A", "a b", "[1, 2]")).contains("[a-z0-9-]+"));
        assert!(parse_error(&place("A", "", "[1, 2]")).contains("[a-z0-9-]+"));
        assert!(parse_error(&place("A", "a", "[91, 2]")).contains("out of range"));
        assert!(parse_error(&place("A", "a", "[1, -181]")).contains("out of range"));
        assert!(parse_error(&place("A", "a", "[1, nan]")).contains("out of range"));
        let e = parse_error(&place("A", "a", "[1]"));
        assert!(e.starts_with("line 5:"), "{e}");
        let e = parse_error(
            "[[place]]\nname = \"A\"\nslug = \"a\"\nkind = \"hamlet\"\ncoordinates = [1, 2]\n",
        );
        assert!(e.contains("kind \"hamlet\""), "{e}");
        let e = parse_error(
            "[[place]]\nname = \"A\"\nslug = \"a\"\nkind = \"town\"\ncoordinates = [1, 2]\nalias = [\"B\"]\n",
        );
        assert!(e.contains("alias"), "{e}");
        let e = parse_error(&format!("{}aliases = [\"\"]\n", place("A", "a", "[1, 2]")));
        assert!(e.contains("alias is empty"), "{e}");
        let shared = format!(
            "{}aliases = [\"X\"]\n{}aliases = [\"X\"]\n",
            place("A", "a", "[1, 2]"),
            place("B", "b", "[1, 2]")
        );
        assert!(parse_error(&shared).contains("\"X\" is also given to \"a\""));
        assert_eq!(Gazetteer::parse("").map(|g| g.places().len()).ok(), Some(0));
    }

    #[test]
    fn unknown_place_after_in_is_reported() {
        let g = Gazetteer::embedded();
        let blocks = [
            "Shelling hit homes in Qubadly and near the village of Talish, officials in Baku said.",
            "He spoke in November in Armenian to The Associated Press in New York.",
        ];
        assert_eq!(
            unknown_places(&g, &blocks),
            [
                "\"Qubadly\" looks like a place but is not in the gazetteer (block 0)",
                "\"Talish\" looks like a place but is not in the gazetteer (block 0)",
                "\"New York\" looks like a place but is not in the gazetteer (block 1)",
            ]
        );
        assert_eq!(
            unknown_places_by_id(&g, &blocks, 1)[2],
            "\"New York\" looks like a place but is not in the gazetteer (c1)"
        );
    }

    #[test]
    fn no_unknown_places_for_known_names_and_people() {
        let g = Gazetteer::embedded();
        let blocks = [
            "“We will hold the enemy accountable... When I visited the city of Aghdam, I didn't find a single standing building, and neither in Fizuli or Jabrayil.",
            "The gesture insulted Azerbaijanis, who used to live in Kalbajar and fled as it fell under Armenian control in early 1990s.",
            "Ethnic Armenian militants stand at a checkpoint near village of Charektar in the separatist region of Nagorno-Karabakh",
            "which houses one of the two roads linking Nagorno-Karabakh and the neighbouring country and has strategic significance for Armenians and Azeris",
        ];
        assert_eq!(unknown_places(&g, &blocks), Vec::<String>::new());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn names() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "Kalbajar",
                "Kəlbəcər",
                "KƏLBƏCƏR",
                "Nagorno-Karabakh",
                "Karabakh",
                "Armenia",
                "Armenians",
                "Cəbrayıl",
                "CƏBRAYIL",
                "Lachin corridor",
                "’s",
                "'s",
                "-",
                " ",
                "İ",
                "ß",
                "é",
                "\u{301}",
                "Azerbaijan",
                "Bakı",
            ])
            .prop_map(str::to_owned)
        }

        proptest! {
            #[test]
            fn mentions_are_whole_char_ranges_that_resolve_to_their_slug(
                parts in prop::collection::vec(prop_oneof![names(), any::<String>()], 0..12)
            ) {
                // Built once: parsing and building the matcher per case would dominate the run.
                static G: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(Gazetteer::embedded);
                let g = &*G;
                let text = parts.concat();
                let found = find_territories(g, &[&text, ""]);
                let mut last = 0;
                for m in &found {
                    prop_assert_eq!(m.block, 0);
                    prop_assert!(m.start < m.end && m.start >= last);
                    last = m.end;
                    let s = text.get(m.start..m.end);
                    prop_assert!(s.is_some(), "not char boundaries: {:?}", m);
                    let slug = s.and_then(|s| g.resolve(s)).map(|p| p.slug.as_str());
                    prop_assert_eq!(slug, Some(m.slug.as_str()));
                }
                let _ = unknown_places(g, &[&text]);
            }
        }
    }
}
