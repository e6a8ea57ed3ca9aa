//! Warnings for capitalised names in a place-like position that no gazetteer knows.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{FoundMention, Gazetteer, find_territories};

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
    let found = find_territories(gazetteer, blocks);
    find_unknown_places_beside(gazetteer, blocks, &found)
}

/// As [`find_unknown_places`], given the mentions already found in the same blocks.
#[must_use]
pub fn find_unknown_places_beside(
    gazetteer: &Gazetteer,
    blocks: &[&str],
    found: &[FoundMention],
) -> Vec<UnknownPlace> {
    let mut out: Vec<UnknownPlace> = Vec::new();
    // Names already reported: a set, not a scan of `out` per candidate.
    let mut reported: FxHashSet<&str> = FxHashSet::default();
    // Whether a word is no place's name and whether a name is known, once per article: a long
    // article asks about the same names again and again.
    let mut not_name: FxHashMap<&str, bool> = FxHashMap::default();
    let mut knows: FxHashMap<&str, bool> = FxHashMap::default();
    let mut words = Vec::new();
    for (block, text) in blocks.iter().enumerate() {
        // `found` is in block order: this block's mentions are one slice of it.
        let from = found.partition_point(|m| m.block < block);
        let to = found.partition_point(|m| m.block <= block);
        let known: Vec<(usize, usize)> = found[from..to].iter().map(|m| (m.start, m.end)).collect();
        words_into(text, &mut words);
        for (i, &(_, _, word)) in words.iter().enumerate() {
            let leads =
                LEADS.contains(&word) || (word == "of" && i > 0 && is_place_noun(words[i - 1].2));
            let Some(&(name_start, mut name_end, first)) = words.get(i + 1) else {
                continue;
            };
            // The next word must follow directly (a space or two), not across punctuation.
            let gap = text.get(words[i].1..name_start).unwrap_or("");
            if !leads || !gap.chars().all(char::is_whitespace) {
                continue;
            }
            if !looks_like_name(first)
                || *not_name
                    .entry(first)
                    .or_insert_with(|| is_not_place(first) || is_demonym(gazetteer, first))
            {
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
            if *knows.entry(name).or_insert_with(|| gazetteer.knows(name)) {
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
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| NOT_PLACES.split_whitespace().collect());
    SET.contains(word)
}

/// Whether `word` in lower case is in [`PLACE_NOUNS`], with no lower-case copy made of an
/// ASCII word.
fn is_place_noun(word: &str) -> bool {
    if word.is_ascii() {
        PLACE_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(word))
    } else {
        PLACE_NOUNS.contains(&word.to_lowercase().as_str())
    }
}

/// Fills `out` (cleared first: one buffer serves every block) with the words of a text as
/// (start, end, word): runs of letters, digits and inner hyphens.
fn words_into<'a>(text: &'a str, out: &mut Vec<(usize, usize, &'a str)>) {
    out.clear();
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
}

fn looks_like_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && word.chars().any(char::is_lowercase)
}

/// `Armenians`, `Azerbaijani`, `Russian`: a known spelling followed by a demonym ending.
fn is_demonym(gazetteer: &Gazetteer, word: &str) -> bool {
    const ENDINGS: &[&str] = &["n", "ns", "an", "ans", "i", "is", "ian", "ians", "ese"];
    word.char_indices()
        .skip(3)
        .any(|(i, _)| ENDINGS.contains(&&word[i..]) && gazetteer.knows(&word[..i]))
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
    let found = find_territories(gazetteer, blocks);
    unknown_places_by_id_beside(gazetteer, blocks, body_len, &found)
}

/// As [`unknown_places_by_id`], given the mentions already found in the same blocks.
#[must_use]
pub fn unknown_places_by_id_beside(
    gazetteer: &Gazetteer,
    blocks: &[&str],
    body_len: usize,
    found: &[FoundMention],
) -> Vec<String> {
    find_unknown_places_beside(gazetteer, blocks, found)
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
