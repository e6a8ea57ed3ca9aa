//! Decides which body paragraph each photo caption stands beside.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::territories::FoundMention;

/// How much a shared feature counts, before weighting by rarity.
const PLACE_WEIGHT: f64 = 3.0;
const NAME_WEIGHT: f64 = 2.0;
const WORD_WEIGHT: f64 = 1.0;

/// A paragraph's score is divided by `1 + SPREAD × captions already beside it`.
const SPREAD: f64 = 1.0;

/// Words that say nothing about what a paragraph is about (one string: a list of a hundred
/// short words is unreadable one per line).
const STOP_WORDS: &str = "a about after again ago all also an and any are around as at be been \
    being but by can could did do does even every for from had has have he her here him his how \
    i if in into is it its just may me more most my neither no nor not now of on one or other \
    our out over own said says she should so some such than that the their them then there \
    these they this those through to too two under up us very was we were what when where \
    which while who will with would you your told wednesday tuesday monday thursday friday \
    saturday sunday nov november";

fn is_stop_word(word: &str) -> bool {
    // Built once: scanning the list for every word of a long article was most of the analysis.
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOP_WORDS.split_whitespace().collect());
    SET.contains(word)
}

/// The byte ranges of a block's place mentions, answering "does this word touch one?" in
/// O(log mentions) instead of a scan of them all per word.
struct Covered {
    /// `(start, end)` sorted by start.
    ranges: Vec<(usize, usize)>,
    /// `reach[k]`: the largest end among `ranges[..=k]`.
    reach: Vec<usize>,
}

impl Covered {
    fn new(mentions: &[&FoundMention]) -> Self {
        let mut ranges: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
        ranges.sort_unstable();
        let reach = ranges
            .iter()
            .scan(0, |max, &(_, end)| {
                *max = end.max(*max);
                Some(*max)
            })
            .collect();
        Self { ranges, reach }
    }

    /// Whether some mention overlaps `start..end` (`m.start < end && start < m.end`).
    fn touches(&self, start: usize, end: usize) -> bool {
        let before_end = self.ranges.partition_point(|&(s, _)| s < end);
        before_end > 0 && self.reach[before_end - 1] > start
    }
}

/// Calls `each(word, name)` for the words of a text outside place mentions: each word folded
/// to lower case and singular (see [`stem`]), without stop-words and words under three
/// letters; `name` when it is capitalised mid-sentence. `buf` is reused across calls, so a
/// word costs no allocation (this runs on every word of the article).
fn each_word(text: &str, covered: &Covered, buf: &mut String, mut each: impl FnMut(&str, bool)) {
    let mut sentence_start = true;
    let mut start = None;
    // A trailing space closes the last word without a special case.
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let word = &text[s..i];
            let name = !sentence_start && word.chars().next().is_some_and(char::is_uppercase);
            if !covered.touches(s, i) && fold(word, buf) {
                each(buf, name);
            }
            sentence_start = false;
        }
        if matches!(c, '.' | '!' | '?') {
            sentence_start = true;
        }
    }
}

/// Folds `word` into `buf` (lower case, then [`stem`]); false when the word says nothing (a
/// stop-word, or under three letters).
fn fold(word: &str, buf: &mut String) -> bool {
    buf.clear();
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        // Full Unicode folding (a final sigma, a dotted capital I) only where it is needed.
        buf.push_str(&word.to_lowercase());
    }
    if buf.chars().count() < 3 || is_stop_word(buf) {
        return false;
    }
    stem(buf);
    true
}

/// A crude plural fold (`houses` → `house`, `towns` → `town`), enough to match captions that
/// rephrase the body.
fn stem(word: &mut String) {
    if let Some(rest) = word.strip_suffix('s') {
        if rest.len() > 2 && !rest.ends_with('s') {
            word.pop();
        }
    }
}

/// For each caption (blocks `body_len..`), the index of the body paragraph it belongs beside.
///
/// Each block is reduced to a set of features: the places it mentions (weight 3), and its other
/// words that are not stop-words, folded to lower case and singular: weight 2 for a name (a
/// word the article capitalises mid-sentence somewhere, such as `Ismayilov`), 1 otherwise. A
/// feature shared by a caption and a paragraph adds its weight times its rarity in the body,
/// `ln(1 + paragraphs / paragraphs having it)`, so `Ismayilov` says more than `Kalbajar`, which
/// is everywhere.
///
/// Captions are placed in order. A paragraph's score is divided by `1 + captions already beside
/// it`, so near-identical captions spread over two paragraphs when the second fits at least half
/// as well, instead of piling up on one. (In the reference article c1 and c4 fit p1 far better
/// than anything else, and both stay there.) Ties go to the earlier paragraph; a caption sharing
/// nothing with any paragraph goes beside the first.
#[must_use]
pub fn place_captions(blocks: &[&str], body_len: usize, mentions: &[FoundMention]) -> Vec<usize> {
    let body_len = body_len.min(blocks.len());
    let mut held = vec![0usize; body_len];
    let mut out = Vec::new();
    for row in overlaps(blocks, body_len, mentions) {
        let mut best = (0, 0.0);
        for (p, (&overlap, &h)) in row.iter().zip(&held).enumerate() {
            #[allow(clippy::cast_precision_loss)] // a handful of captions
            let score = overlap / (1.0 + SPREAD * h as f64);
            if score > best.1 {
                best = (p, score);
            }
        }
        if let Some(h) = held.get_mut(best.0) {
            *h += 1;
        }
        out.push(best.0);
    }
    out
}

/// For each caption, its weighted overlap with each body paragraph (before the spreading
/// penalty); see [`place_captions`].
///
/// Linear in the article (times the number of captions): only the captions' features are
/// interned (a paragraph's other words cannot score), the paragraphs are read once to find
/// which have each of them, each feature's `weight × rarity` is computed once, and each
/// caption walks the paragraphs that share one of its features (an inverted index) instead of
/// intersecting feature sets pair by pair. A caption's shared features are summed in a fixed
/// order (first appearance in the body), so identical paragraphs get identical scores.
#[must_use]
pub fn overlaps(blocks: &[&str], body_len: usize, mentions: &[FoundMention]) -> Vec<Vec<f64>> {
    let body_len = body_len.min(blocks.len());
    let mut by_block: Vec<Vec<&FoundMention>> = vec![Vec::new(); blocks.len()];
    for m in mentions {
        if let Some(list) = by_block.get_mut(m.block) {
            list.push(m);
        }
    }
    let mut buf = String::new();
    // The captions' features, interned: places by slug, words folded.
    let mut places: FxHashMap<&str, usize> = FxHashMap::default();
    let mut words_seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut features = Features::default();
    let mut captions: Vec<Vec<usize>> = Vec::with_capacity(blocks.len() - body_len);
    for (text, here) in blocks.iter().zip(&by_block).skip(body_len) {
        let mut f: Vec<usize> = Vec::new();
        for m in here {
            let id = *places
                .entry(m.slug.as_str())
                .or_insert_with(|| features.add(true));
            f.push(id);
        }
        each_word(text, &Covered::new(here), &mut buf, |word, name| {
            let id = match words_seen.get(word) {
                Some(&id) => id,
                None => {
                    let id = features.add(false);
                    words_seen.insert(word.to_owned(), id);
                    id
                }
            };
            // A word the article capitalises mid-sentence anywhere (`Ismayilov`, `Press`) is
            // a name.
            features.is_name[id] |= name;
            f.push(id);
        });
        f.sort_unstable();
        f.dedup();
        captions.push(f);
    }
    // The paragraphs having each caption feature, in paragraph order, and the order in which
    // the body first has them (places of a paragraph before its words, as they come).
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); features.is_place.len()];
    let mut first_seen: Vec<usize> = vec![usize::MAX; features.is_place.len()];
    let mut seen = 0;
    for (p, (text, here)) in blocks.iter().zip(&by_block).take(body_len).enumerate() {
        let mut has = |id: usize| {
            if postings[id].last() != Some(&p) {
                postings[id].push(p);
            }
            if first_seen[id] == usize::MAX {
                first_seen[id] = seen;
                seen += 1;
            }
        };
        for m in here {
            if let Some(&id) = places.get(m.slug.as_str()) {
                has(id);
            }
        }
        each_word(text, &Covered::new(here), &mut buf, |word, name| {
            if let Some(&id) = words_seen.get(word) {
                features.is_name[id] |= name;
                has(id);
            }
        });
    }
    #[allow(clippy::cast_precision_loss)] // paragraph counts are far below 2^52
    let value: Vec<f64> = (0..features.is_place.len())
        .map(|id| {
            let weight = if features.is_place[id] {
                PLACE_WEIGHT
            } else if features.is_name[id] {
                NAME_WEIGHT
            } else {
                WORD_WEIGHT
            };
            let df = postings[id].len();
            let rarity = if df == 0 {
                0.0
            } else {
                (1.0 + body_len as f64 / df as f64).ln()
            };
            weight * rarity
        })
        .collect();
    captions
        .into_iter()
        .map(|mut caption| {
            caption.sort_unstable_by_key(|&id| first_seen[id]);
            let mut row = vec![0.0; body_len];
            for id in caption {
                for &p in &postings[id] {
                    row[p] += value[id];
                }
            }
            row
        })
        .collect()
}

/// What is known of each interned feature, by id.
#[derive(Default)]
struct Features {
    is_place: Vec<bool>,
    is_name: Vec<bool>,
}

impl Features {
    fn add(&mut self, place: bool) -> usize {
        self.is_place.push(place);
        self.is_name.push(false);
        self.is_place.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(blocks: &[&str], body_len: usize) -> Vec<usize> {
        place_captions(blocks, body_len, &[])
    }

    #[test]
    fn caption_goes_beside_the_paragraph_sharing_most() {
        let blocks = [
            "Aliyev promised to rebuild the towns.",
            "Velyeddin Ismayilov fled with his wife and three young children.",
            "Ismayilov, 77, fled with his wife and children.",
        ];
        assert_eq!(place(&blocks, 2), [1]);
    }

    #[test]
    fn ties_and_captions_sharing_nothing_go_to_the_earlier_paragraph() {
        let blocks = [
            "Tanks crossed the river.",
            "Soldiers crossed the river.",
            "Bridges over the river.",
            "Nothing in common here.",
        ];
        assert_eq!(place(&blocks, 2), [0, 0]);
    }

    #[test]
    fn near_identical_captions_spread_when_another_paragraph_fits_nearly_as_well() {
        let blocks = [
            "Militants stand at a checkpoint near the new border.",
            "Militants guard the checkpoint at the border crossing.",
            "Militants stand at a checkpoint near the new border crossing.",
            "Militants stand at a checkpoint near the new border crossing.",
        ];
        assert_eq!(place(&blocks, 2), [0, 1]);
        // …but not to a paragraph that fits far worse.
        let blocks = [
            "Militants stand at a checkpoint near the new border.",
            "Rain fell on the checkpoint.",
            "Militants stand at a checkpoint near the new border.",
            "Militants stand at a checkpoint near the new border.",
        ];
        assert_eq!(place(&blocks, 2), [0, 0]);
    }

    #[test]
    fn a_place_counts_more_than_a_word() {
        let g = crate::analysis::territories::Gazetteer::embedded();
        let blocks = [
            "Roads were closed.",
            "The takeover of Kalbajar was delayed.",
            "Roads in Kalbajar.",
        ];
        let found = crate::analysis::territories::find_territories(&g, &blocks);
        assert_eq!(place_captions(&blocks, 2, &found), [1]);
    }

    #[test]
    fn a_name_counts_more_than_a_word_even_opening_a_sentence() {
        // `Ismayilov` opens the caption's sentence, but the article capitalises it mid-sentence
        // elsewhere, so it is a name; `pass` is a word.
        let blocks = [
            "Rain closed the pass.",
            "Then Ismayilov spoke.",
            "Ismayilov saw the pass.",
        ];
        assert_eq!(place(&blocks, 2), [1]);
        let blocks = ["Rain closed the pass.", "Then Ismayilov spoke.", "Pass."];
        assert_eq!(place(&blocks, 2), [0]);
    }

    #[test]
    fn identical_paragraphs_tie_exactly_and_the_first_wins() {
        // A long article repeating itself: every copy of a paragraph scores the same to the
        // last bit, so ties go to the first copy, every run. (Scores once summed in hash order
        // differed by an ulp from copy to copy, and a caption went beside a random copy.)
        let doc = crate::analysis::parse::parse(crate::analysis::EMBEDDED_ARTICLE).unwrap();
        let g = crate::analysis::territories::Gazetteer::embedded();
        let copies = 20;
        let n = doc.paragraphs.len();
        let mut blocks: Vec<&str> = Vec::new();
        for _ in 0..copies {
            blocks.extend(doc.paragraphs.iter().map(String::as_str));
        }
        blocks.extend(doc.captions.iter().map(|c| c.text.as_str()));
        let body_len = n * copies;
        let found = crate::analysis::territories::find_territories(&g, &blocks);
        for row in overlaps(&blocks, body_len, &found) {
            for (p, score) in row.iter().enumerate().skip(n) {
                assert_eq!(score.to_bits(), row[p % n].to_bits(), "p{}", p + 1);
            }
        }
        // Alone, the article puts c1 and c4 beside p1, c2 beside p8 and c3 beside p2. Repeated,
        // c3 and c4 each find an unheld copy of p1 fitting better than anything else, and take
        // the earliest one.
        let once: Vec<&str> = blocks[..n]
            .iter()
            .chain(&blocks[body_len..])
            .copied()
            .collect();
        let alone = crate::analysis::territories::find_territories(&g, &once);
        assert_eq!(place_captions(&once, n, &alone), [0, 7, 1, 0]);
        assert_eq!(place_captions(&blocks, body_len, &found), [0, 7, n, 2 * n]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(place(&[], 0), Vec::<usize>::new());
        assert_eq!(place(&["only a caption"], 0), [0]);
        assert_eq!(place(&["a paragraph"], 5), Vec::<usize>::new());
        assert_eq!(place(&["", ""], 1), [0]);
    }
}
