//! Which capitalised names of a text stand as places, and which place each one is.
//!
//! Candidates are the text's runs of capitalised words (`New York`, `Port St. Lucie`, `U.S.`),
//! looked up name by name in the editorial gazetteer and the world data. A candidate links only
//! where it stands as a place: not inside a longer name (`Washington Post`, `Jordan Smith`,
//! `Bank of Canada`), not as a person's name used elsewhere in the article (`Hillary Clinton` …
//! `Clinton said`), and, for a small place or a common word (`Reading`, `Mobile`), only where
//! the text uses it as a place: a dateline, `in Reading`, `Field, B.C.`, or another such mention
//! of the same name. One name with several places is resolved by the article's own context
//! (the division or country written next to it, the other places it names), else by prominence.

use std::rc::Rc;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::world::{self, Id, Level, Record};
use super::{Gazetteer, PlaceRef};

/// A mention of a place in a block (byte offsets, end exclusive), and the other places its name
/// may stand for, most prominent first.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub place: PlaceRef,
    pub others: Vec<PlaceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Start,
    Space,
    Hyphen,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// A full stop follows directly (`U.S.`, `Calif.`, or the end of a sentence).
    dot: bool,
    /// `'s` or `’s` follows directly.
    possessive: bool,
    /// What separates this token from the previous one.
    sep: Sep,
    /// The first token of a sentence (or of the block).
    initial: bool,
}

fn is_cap(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
}

fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Splits a text into words with what separates them.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let b = text.as_bytes();
    let mut out: Vec<Tok> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut last_end = 0;
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        // A word: letters and digits, with inner apostrophes (`O'Hare`) and the dots of
        // abbreviations (`U.S`, `D.C`) when a letter follows.
        let start = i;
        let mut end = i + c.len_utf8();
        let mut segment = 1;
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                segment += 1;
                chars.next();
                continue;
            }
            let next = text[j + d.len_utf8()..].chars().next();
            let letter_next = next.is_some_and(char::is_alphabetic);
            let joins = match d {
                '.' => letter_next && segment <= 2,
                '\'' | '\u{2019}' => {
                    letter_next && {
                        // Not a possessive: `'s` followed by a non-letter.
                        let rest = &text[j + d.len_utf8()..];
                        !rest.starts_with('s')
                            || rest[1..].chars().next().is_some_and(char::is_alphanumeric)
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            chars.next();
            segment = 0;
            end = j + d.len_utf8();
        }
        let gap = &text[last_end..start];
        let sep = if out.is_empty() && gap.trim().is_empty() {
            Sep::Start
        } else if gap == " " {
            Sep::Space
        } else if gap == "-" {
            Sep::Hyphen
        } else {
            Sep::Other
        };
        // A single space (most gaps) holds none of the marks below.
        let initial = out.is_empty()
            || out
                .last()
                .is_some_and(|p: &Tok| p.dot && !abbreviation(p.text))
            || sep != Sep::Space
                && (gap.contains(['?', '!', '\n', '—', ':'])
                    || gap.trim_start().starts_with(['.', '?', '!'])
                    || gap.contains(['“', '"']) && gap.trim().len() == gap.trim().chars().count());
        let dot = b.get(end) == Some(&b'.');
        let rest = &text[end..];
        let possessive = (rest.starts_with("'s") || rest.starts_with("\u{2019}s"))
            && !rest[rest.char_indices().nth(2).map_or(rest.len(), |(k, _)| k)..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        out.push(Tok {
            start,
            end,
            text: &text[start..end],
            dot,
            possessive,
            sep,
            initial,
        });
        last_end = end;
    }
    out
}

/// Words before a full stop that do not end a sentence: initials, `St.`, `U.S.`
fn abbreviation(word: &str) -> bool {
    word.contains('.')
        || (word.chars().count() == 1 && is_cap(word))
        || matches!(
            word,
            "St" | "Ste"
                | "Mt"
                | "Ft"
                | "Mr"
                | "Mrs"
                | "Ms"
                | "Dr"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Prof"
                | "Rev"
                | "Hon"
                | "Jr"
                | "Sr"
                | "No"
        )
}

/// Lower-case words that stay inside a name between capitalised ones (`Republic of Korea`,
/// `Rostov-on-Don`, `Trinidad and Tobago`, `Frankfurt am Main`).
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "la", "le", "les", "el",
    "al", "and", "am", "an", "on", "upon", "sur", "en", "y", "the",
];

/// Capitalised words that are never part of a place's name: months and weekdays, with their
/// usual abbreviations (from the `time` crate's names, as the timeline reads them). Built once:
/// every capitalised token asks.
fn breaker(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
        let mut set = FxHashSet::default();
        for n in 1..=12u8 {
            if let Ok(m) = time::Month::try_from(n) {
                let name = m.to_string();
                set.insert(name[..3].to_owned());
                set.insert(name);
            }
        }
        set.insert("Sept".to_owned());
        let mut day = time::Weekday::Monday;
        for _ in 0..7 {
            set.insert(day.to_string());
            day = day.next();
        }
        set
    });
    SET.contains(word.trim_end_matches('.'))
}

/// Capitalised words that open a sentence without being part of a name (`In Canada …`).
const FUNCTION_WORDS: &str = "The A An In At On From To For Of By With And But Or Nor As If When While After \
    Before Since Until Like Unlike Across Inside Outside Near Throughout Both Even Only Then Now So Yet Still \
    Also Meanwhile Here There Where Why How What Who Whom Whose Which This That These Those It Its His Her \
    Their Our My Your We They He She I You Many Most Some All Every Each No Not More Few Such Other Another \
    Several Under Over Between Among Against During Without Within Through Into Upon Around About Despite \
    Although Though Because Once Last Next Back Later Earlier Today Yesterday Tomorrow Tonight Instead \
    Indeed However Thus Hence Whether Whatever Wherever Whenever Just Much Less Least Very Too Already Soon \
    Often Never Always Ever Perhaps Maybe Yes Oh Please Thank Thanks Dear Welcome Hello Read More See Watch \
    Click Related Listen Photo Video Editor Note Update Updated Breaking Exclusive Opinion Analysis Comment \
    Live Top Latest Home Says Said Asked Told Added Noted According Including Following Amid Along Beyond \
    Behind Below Beside Besides Toward Towards Via Per Except Plus Minus Following Regarding";

/// Titles and honorifics: a name after one is a person's (`Mr. Washington`, `Sen. Warren`); a
/// place before one names whose title it is (`Ontario Premier`, `U.S. President`).
const TITLES: &str = "Mr Mrs Ms Miss Dr Sir Dame Lord Lady Gov Governor Sen Senator Rep Representative \
    Congressman Congresswoman President Vice Prime Minister Premier Mayor Secretary Ambassador Attorney \
    General Gen Lt Col Maj Capt Sgt Adm Chief Justice Judge Commissioner Deputy Foreign Defense Defence \
    Interior Finance Health Treasury Trade Energy Speaker Leader Chancellor King Queen Prince Princess \
    Emperor Empress Sheikh Pope Cardinal Bishop Archbishop Rev Father Sister Brother Saint Officer \
    Councillor Councilor Alderman Sheriff Constable Inspector Superintendent Coach Captain Commander \
    Lieutenant Colonel Major Sergeant Admiral Marshal Consul Envoy Delegate Representative Candidate \
    Nominee";

/// Words that, before a place's name, name a part of it (`South Florida`, `Eastern Europe`).
const DIRECTIONS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "Northeastern",
    "Northwestern",
    "Southeastern",
    "Southwestern",
    "Upstate",
    "Downstate",
    "Downtown",
    "Greater",
    "Metro",
    "Coastal",
    "Rural",
    "Upper",
    "Lower",
    "Mid",
];

/// Lower-case words after which a name is a place (`in Reading`, `near Field`). Not `to`,
/// `from` or `at`: they come before people and organisations as often (`according to Scott`,
/// `a letter from Foster`, `at Harvard`).
const LOCATIVES: &[&str] = &[
    "in",
    "near",
    "outside",
    "into",
    "across",
    "throughout",
    "inside",
];

/// Nouns that make `<noun> of Name` a place (`the town of Field`, `the outskirts of Kyiv`).
const PLACE_NOUNS: &[&str] = &[
    "village",
    "villages",
    "town",
    "towns",
    "city",
    "cities",
    "region",
    "regions",
    "district",
    "province",
    "state",
    "county",
    "capital",
    "republic",
    "suburb",
    "suburbs",
    "outskirts",
    "community",
    "municipality",
    "hamlet",
    "island",
    "port",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "area",
    "streets",
    "centre",
    "center",
    "heart",
    "people",
    "residents",
    "citizens",
    "government",
    "governments",
    "parts",
    "part",
    "rest",
    "territory",
    "borders",
    "border",
];

/// Capitalised nouns that, before `of`, keep the place after it a place (`Republic of …`).
const PLACE_HEADS: &[&str] = &[
    "Republic",
    "Province",
    "State",
    "Kingdom",
    "Commonwealth",
    "Islands",
    "Isle",
    "Principality",
    "Emirate",
    "Sultanate",
    "Federation",
];

/// Whether `word` in lower case is one of `list` (lower-case ASCII words), with no lower-case
/// copy made of an ASCII word.
fn is_lower_of(list: &[&str], word: &str) -> bool {
    if word.is_ascii() {
        list.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

fn function_word(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| FUNCTION_WORDS.split_ascii_whitespace().collect());
    SET.contains(word)
}

fn title(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| TITLES.split_ascii_whitespace().collect());
    SET.contains(word.trim_end_matches('.'))
}

/// What the lookup of one name found.
#[derive(Debug, Clone, Default)]
struct Found {
    editorial: Option<usize>,
    world: Option<world::Entry>,
    /// A place no gazetteer lists, that the text places in a division or country
    /// (`Elrose, Sask.`): its name as written and where it lies.
    unlisted: Option<(String, Id)>,
}

impl Found {
    fn flags(&self) -> u8 {
        self.world.as_ref().map_or(0, |e| e.flags)
    }
}

/// One article's matching: the lookup cache and the decisions taken so far.
struct Matcher<'g> {
    gazetteer: &'g Gazetteer,
    unlisted: FxHashMap<String, (String, Id)>,
    /// Shared, not cloned, per use: a long article looks the same names up many times.
    cache: FxHashMap<String, Option<Rc<Found>>>,
    records: FxHashMap<Id, Option<Rc<Record>>>,
    /// Per-article answers to questions asked once per mention or more: the editorial twin of
    /// a record, a place's context, a name's places, whether a word is a demonym or a given
    /// name, whether a name stands alone.
    twins: FxHashMap<Id, Option<usize>>,
    contexts: FxHashMap<PlaceRef, Rc<Context>>,
    options: FxHashMap<String, (Rc<Found>, Rc<Vec<PlaceRef>>)>,
    demonyms: FxHashMap<String, bool>,
    given: FxHashMap<String, bool>,
    strong: FxHashMap<String, (Rc<Found>, bool)>,
    /// A buffer for the keys of spans looked up: most lookups are of names seen before, and
    /// need no key of their own.
    scratch: String,
}

impl<'g> Matcher<'g> {
    fn lookup(&mut self, key: &str) -> Option<Rc<Found>> {
        if let Some(f) = self.cache.get(key) {
            return f.clone();
        }
        let editorial = self.gazetteer.editorial_key(key);
        let world = if self.gazetteer.world {
            world::lookup(key)
        } else {
            None
        };
        let unlisted = if editorial.is_none() && world.is_none() {
            self.unlisted.get(key).cloned()
        } else {
            None
        };
        let found = (editorial.is_some() || world.is_some() || unlisted.is_some()).then(|| {
            Rc::new(Found {
                editorial,
                world,
                unlisted,
            })
        });
        self.cache.insert(key.to_owned(), found.clone());
        found
    }

    fn twin(&mut self, id: Id) -> Option<usize> {
        if let Some(&t) = self.twins.get(&id) {
            return t;
        }
        let t = self.record(id).and_then(|r| self.gazetteer.twin(&r));
        self.twins.insert(id, t);
        t
    }

    fn is_given_name(&mut self, word: &str) -> bool {
        if let Some(&g) = self.given.get(word) {
            return g;
        }
        let g = world::is_given_name(word);
        self.given.insert(word.to_owned(), g);
        g
    }

    fn record(&mut self, id: Id) -> Option<Rc<Record>> {
        self.records
            .entry(id)
            .or_insert_with(|| world::record(id).map(Rc::new))
            .clone()
    }

    /// The looked-up name of `text[start..end]`, with a following full stop tried first
    /// (`U.S.`, `Calif.`).
    fn lookup_span(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        dot: bool,
    ) -> Option<(usize, Rc<Found>)> {
        let mut k = std::mem::take(&mut self.scratch);
        world::key_into(&text[start..end], &mut k);
        let found = self.lookup_key(&mut k, end, dot);
        self.scratch = k;
        found
    }

    /// [`Self::lookup_span`] given the span's key.
    fn lookup_key(&mut self, k: &mut String, end: usize, dot: bool) -> Option<(usize, Rc<Found>)> {
        if dot {
            k.push('.');
            if let Some(f) = self.lookup(k) {
                return Some((end + 1, f));
            }
            k.pop();
        }
        if let Some(f) = self.lookup(k) {
            return Some((end, f));
        }
        let v = transliteration(k)?;
        self.lookup(&v).map(|f| (end, f))
    }

    /// Whether `name`'s key is `key`, with no key of its own built.
    fn key_is(&mut self, name: &str, key: &str) -> bool {
        let mut k = std::mem::take(&mut self.scratch);
        world::key_into(name, &mut k);
        let same = k == key;
        self.scratch = k;
        same
    }
}

/// The GeoNames spelling of an Arabic name written the usual English way, where it differs:
/// the article joined by a space, not a hyphen, and `Dayr` for `Deir` (`Deir al-Balah` →
/// `dayr al balah`, `Deir ez-Zor` → `dayr ez zor`).
fn transliteration(key: &str) -> Option<String> {
    // Neither a hyphen nor `deir` first: nothing to change (most keys).
    if !key.contains('-') && !key.starts_with("deir") {
        return None;
    }
    let mut out = String::with_capacity(key.len());
    for (n, word) in key.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let word = if n == 0 && word == "deir" {
            "dayr"
        } else {
            word
        };
        match word.split_once('-') {
            Some((article, rest))
                if matches!(
                    article,
                    "al" | "el" | "ad" | "ar" | "as" | "az" | "ash" | "an" | "at" | "ez" | "es"
                ) && !rest.is_empty() =>
            {
                out.push_str(article);
                out.push(' ');
                out.push_str(rest);
            }
            _ => out.push_str(word),
        }
    }
    (out != key).then_some(out)
}

/// A unit of a run: one word, or words joined by hyphens (`Nagorno-Karabakh`, `Smith-Greenfield`).
#[derive(Debug, Clone, Copy)]
struct Unit {
    first: usize,
    last: usize,
}

#[derive(Debug, Clone)]
enum Item {
    Word(usize),
    Place(Cand),
}

/// A name found in the text that may be a place.
#[derive(Debug, Clone)]
struct Cand {
    block: usize,
    start: usize,
    end: usize,
    /// First token of the name.
    first: usize,
    key: String,
    found: Rc<Found>,
}

/// Why a candidate counts as a place here.
#[derive(Debug, Clone, Default)]
struct Evidence {
    dateline: bool,
    /// The places written after it (`Paris, Texas`): countries and divisions it may lie in.
    qualifier: Vec<PlaceRef>,
    locative: bool,
    /// Stands as the division or country of the place before it.
    is_qualifier: bool,
    /// `the Donetsk region`, `Washington state`: the first-level division of that name.
    division_noun: bool,
    /// `a militia known as Fano`, `a group called Union`: a name given, not a place.
    named_as: bool,
}

struct Occurrence {
    cand: Cand,
    evidence: Evidence,
    initial: bool,
    /// Written in capitals.
    caps: bool,
}

/// Every place mention in the blocks, in block and text order.
pub fn find(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<Linked> {
    let mut m = Matcher {
        gazetteer,
        unlisted: FxHashMap::default(),
        cache: FxHashMap::default(),
        records: FxHashMap::default(),
        twins: FxHashMap::default(),
        contexts: FxHashMap::default(),
        options: FxHashMap::default(),
        demonyms: FxHashMap::default(),
        given: FxHashMap::default(),
        strong: FxHashMap::default(),
        scratch: String::new(),
    };
    let tokenised: Vec<Vec<Tok>> = blocks.iter().map(|t| tokens(t)).collect();
    if gazetteer.world {
        for (text, toks) in blocks.iter().zip(&tokenised) {
            unlisted(&mut m, text, toks);
        }
        // Names looked up (and not found) before they were known as unlisted places; every
        // other lookup stands.
        let keys: Vec<String> = m.unlisted.keys().cloned().collect();
        for k in keys {
            m.cache.remove(&k);
        }
    }
    let mut persons: FxHashSet<String> = FxHashSet::default();
    let mut occurrences: Vec<Occurrence> = Vec::new();
    for (block, (text, toks)) in blocks.iter().zip(&tokenised).enumerate() {
        let toks = toks.as_slice();
        let cands = candidates(&mut m, block, text, toks, &mut persons);
        for c in cands {
            let evidence = evidence(&mut m, block, text, toks, &c);
            let initial = toks[c.first].initial;
            let caps = is_all_caps(&text[c.start..c.end]);
            occurrences.push(Occurrence {
                cand: c,
                evidence,
                initial,
                caps,
            });
        }
    }
    decide(&mut m, occurrences, &persons)
}

/// Finds `Name, Division` where no gazetteer knows `Name` but the division is one
/// (`Elrose, Sask.`, `near Field, B.C.`): a small place the text itself locates.
fn unlisted(m: &mut Matcher, text: &str, toks: &[Tok]) {
    for (q, t) in toks.iter().enumerate() {
        // `t` opens the qualifier: the name before it is 1 to 3 capitalised words.
        if q == 0 || !is_cap(t.text) || text.get(..t.start).is_none_or(|b| !b.ends_with(", ")) {
            continue;
        }
        let last = q - 1;
        let mut first = last;
        while first > 0
            && last - first < 2
            && toks[first].sep == Sep::Space
            && is_cap(toks[first - 1].text)
            && !toks[first - 1].dot
        {
            first -= 1;
        }
        // The name must open its run: a capitalised word before it would make it a part of a
        // longer name, a title or a given name a person's.
        if first > 0
            && matches!(toks[first].sep, Sep::Space | Sep::Hyphen)
            && is_cap(toks[first - 1].text)
        {
            continue;
        }
        let words = &toks[first..=last];
        if words.iter().any(|w| {
            !is_cap(w.text)
                || w.possessive
                || function_word(w.text)
                || title(w.text)
                || breaker(w.text)
                || w.text.chars().any(|c| c.is_ascii_digit())
        }) || m.is_given_name(words[0].text)
            || toks[last].dot
        {
            continue;
        }
        let name_text = &text[toks[first].start..toks[last].end];
        let key = world::key(name_text);
        if m.lookup(&key).is_some() {
            continue;
        }
        // The qualifier: a division or country, not a possessive (`Smith, Ontario's premier`).
        let mut within = None;
        for len in (1..=3).rev() {
            let end = q + len - 1;
            if end >= toks.len() || (q + 1..=end).any(|x| toks[x].sep != Sep::Space) {
                continue;
            }
            if toks[end].possessive {
                break;
            }
            if let Some((_, found)) = m.lookup_span(text, t.start, toks[end].end, toks[end].dot) {
                // A division only: after a country, a name is as often a list's next item
                // (`Kenyans, British, U.S. citizens`) as a town.
                within = qualifiers(m, &found).into_iter().find_map(|p| match p {
                    PlaceRef::World(id) => m
                        .record(id)
                        .filter(|r| r.level == Level::Admin1)
                        .map(|r| r.id),
                    PlaceRef::Editorial(_) | PlaceRef::Unlisted { .. } => None,
                });
                if within.is_some() {
                    break;
                }
            }
        }
        if let Some(within) = within {
            let name = if is_all_caps(name_text) {
                title_case(name_text)
            } else {
                name_text.to_owned()
            };
            m.unlisted.entry(key).or_insert((name, within));
        }
    }
}

/// `ELROSE` → `Elrose`, `PARK HILLS` → `Park Hills`.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// The place candidates of one block, after the rules about the words around them.
fn candidates(
    m: &mut Matcher,
    block: usize,
    text: &str,
    toks: &[Tok],
    persons: &mut FxHashSet<String>,
) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_cap(toks[i].text) || breaker(toks[i].text) {
            // Editorial spellings in scripts or forms the run rules do not reach
            // (`Lachin corridor` starts capitalised, so is reached below).
            i += 1;
            continue;
        }
        // The run: capitalised words joined by single spaces or hyphens, with connectors
        // between them, across the dot of an abbreviation.
        let mut j = i + 1;
        while j < toks.len() {
            let prev = &toks[j - 1];
            let t = &toks[j];
            if !matches!(t.sep, Sep::Space | Sep::Hyphen) || prev.possessive {
                break;
            }
            if prev.dot && (!abbreviation(prev.text) || function_word(t.text)) {
                break;
            }
            if breaker(t.text) {
                break;
            }
            if is_cap(t.text) {
                j += 1;
                continue;
            }
            // A connector, or a lower-case word inside a hyphenated name (`Rostov-on-Don`).
            let inner = CONNECTORS.contains(&t.text)
                || (t.sep == Sep::Hyphen && toks.get(j + 1).is_some_and(|n| n.sep == Sep::Hyphen));
            let next_cap = toks.get(j + 1).is_some_and(|n| {
                is_cap(n.text)
                    && matches!(n.sep, Sep::Space | Sep::Hyphen)
                    && !t.dot
                    && !t.possessive
            });
            if inner && next_cap {
                j += 2;
                continue;
            }
            break;
        }
        out.extend(run(m, block, text, toks, i, j, persons));
        i = j;
    }
    out
}

/// Splits the run `toks[from..to]` into places and other words, and keeps the places that
/// stand as places.
fn run(
    m: &mut Matcher,
    block: usize,
    text: &str,
    toks: &[Tok],
    from: usize,
    to: usize,
    persons: &mut FxHashSet<String>,
) -> Vec<Cand> {
    let mut units: Vec<Unit> = Vec::new();
    for (k, t) in toks.iter().enumerate().take(to).skip(from) {
        if t.sep == Sep::Hyphen && k > from {
            if let Some(u) = units.last_mut() {
                u.last = k;
                continue;
            }
        }
        units.push(Unit { first: k, last: k });
    }
    // Greedy longest names from the left, over whole units; a unit no name covers is tried
    // part by part (`U.S.-Mexico`, `Russia-Ukraine`).
    let mut items: Vec<(Item, usize)> = Vec::new(); // (item, unit index)
    let mut u = 0;
    while u < units.len() {
        let mut hit = None;
        for v in (u + 1..=units.len().min(u + 7)).rev() {
            let (first, last) = (units[u].first, units[v - 1].last);
            if CONNECTORS.contains(&toks[first].text) || CONNECTORS.contains(&toks[last].text) {
                continue;
            }
            // `In`, `The` alone are the words, not villages of that name (`The Hague` is).
            if v == u + 1 && first == last && function_word(toks[first].text) {
                continue;
            }
            let last_tok = &toks[last];
            if let Some((end, found)) =
                m.lookup_span(text, toks[first].start, last_tok.end, last_tok.dot)
            {
                hit = Some((v, first, last, end, found));
                break;
            }
        }
        // An editorial spelling may go on in lower case (`Lachin corridor`).
        if let Some((v, first, last, _, _)) = &hit {
            let (v, first, last) = (*v, *first, *last);
            if v == units.len() {
                for extra in [2, 1] {
                    let end_tok = last + extra;
                    if end_tok < toks.len()
                        && (last + 1..=end_tok).all(|k| toks[k].sep == Sep::Space)
                    {
                        // As the gazetteer writes it, letter case included: `Syunik
                        // Province` is a spelling, `Syunik province` the name and a word.
                        let span = &text[toks[first].start..toks[end_tok].end];
                        let k = world::key(span);
                        if let Some(e) = m
                            .gazetteer
                            .editorial_key(&k)
                            .filter(|&e| m.gazetteer.places[e].spellings().any(|s| s == span))
                        {
                            hit = Some((
                                v,
                                first,
                                end_tok,
                                toks[end_tok].end,
                                Rc::new(Found {
                                    editorial: Some(e),
                                    world: None,
                                    unlisted: None,
                                }),
                            ));
                            break;
                        }
                    }
                }
            }
        }
        match hit {
            Some((v, first, _, end, found)) => {
                let key = world::key(&text[toks[first].start..end]);
                items.push((
                    Item::Place(Cand {
                        block,
                        start: toks[first].start,
                        end,
                        first,
                        key,
                        found,
                    }),
                    u,
                ));
                u = v;
            }
            None => {
                let unit = units[u];
                if unit.first == unit.last {
                    items.push((Item::Word(unit.first), u));
                } else {
                    // Parts of a hyphenated unit: each name on its own; the other parts do not
                    // count against it (`Israel-Hamas war`, `U.S.-led`).
                    let mut parts = Vec::new();
                    for (k, t) in toks.iter().enumerate().take(unit.last + 1).skip(unit.first) {
                        if !is_cap(t.text) {
                            continue;
                        }
                        if let Some((end, found)) =
                            m.lookup_span(text, t.start, t.end, t.dot && k == unit.last)
                        {
                            parts.push(Cand {
                                block,
                                start: t.start,
                                end,
                                first: k,
                                key: world::key(&text[t.start..end]),
                                found,
                            });
                        }
                    }
                    if parts.is_empty() {
                        items.push((Item::Word(unit.first), u));
                    } else {
                        for p in parts {
                            items.push((Item::Place(p), u));
                        }
                    }
                }
                u += 1;
            }
        }
    }

    // Leading words that only open the sentence do not count (`In Canada`, `But Ottawa`).
    let mut lead = 0;
    while let Some((Item::Word(k), _)) = items.get(lead) {
        if function_word(toks[*k].text) {
            lead += 1;
        } else {
            break;
        }
    }
    let caps_run = to - from > 1 && toks[from..to].iter().all(|t| is_all_caps(t.text));
    // In a heading in capitals (`JAPAN ECONOMY:`) every word is capitalised: a weak name
    // there is a word.
    if caps_run {
        for (it, _) in &mut items {
            if let Item::Place(c) = it {
                if !strong(m, c) {
                    *it = Item::Word(c.first);
                }
            }
        }
    }
    let items = &items[lead..];
    // Names side by side with no word between (`Wells Fargo`, `Kaneohe Bay`) are one name of
    // something else unless each stands as a place on its own (`Kansas City Missouri`).
    let side_by_side = items.windows(2).any(|w| {
        matches!((&w[0], &w[1]), ((Item::Place(a), ua), (Item::Place(b), ub))
            if ua != ub && (!strong(m, a) || !strong(m, b)))
    });
    // A title or a given name before a name, with only capitalised words between, makes it a
    // person's name, here and wherever the article uses it alone (`Mr. Washington`, `Hillary
    // Clinton`, `President Barack Obama`, `Alicia Machado`).
    let personal_word: Vec<bool> = items
        .iter()
        .map(|(it, _)| {
            let first = match it {
                Item::Word(k) => *k,
                Item::Place(c) => c.first,
            };
            let w = toks[first].text;
            title(w) || m.is_given_name(w)
        })
        .collect();
    let personal = |upto: usize| {
        items[..upto]
            .iter()
            .zip(&personal_word)
            .rev()
            .take_while(|((it, _), _)| {
                !matches!(it, Item::Word(k)
                    if CONNECTORS.contains(&toks[*k].text) || function_word(toks[*k].text))
            })
            .any(|(_, &p)| p)
    };
    // Not for a country, a division or a large city: `Miss America` or `Denzel Washington`
    // say nothing about the next `America` or `Washington`.
    for (n, (item, _)) in items.iter().enumerate() {
        if let Item::Place(c) = item {
            if n > 0 && personal(n) && !prominent(m, c) {
                persons.insert(c.key.clone());
            }
        }
    }
    if side_by_side {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, (item, unit)) in items.iter().enumerate() {
        let Item::Place(c) = item else {
            continue;
        };
        let mut c = c.clone();
        // Party tags (`D-Del.`, `R-Ky.`) are not places.
        let u = &units[*unit];
        if u.first != u.last && toks[u.first].text.chars().count() == 1 && c.first != u.first {
            continue;
        }
        // The item before, from another unit; a connector other than `of` stands between
        // two names as a comma would (`Jabrayil and Fizuli`).
        let separates = |it: &(Item, usize)| matches!(it.0, Item::Word(k) if CONNECTORS.contains(&toks[k].text) && toks[k].text != "of");
        let before = items[..n]
            .iter()
            .rev()
            .find(|(_, u2)| u2 != unit)
            .filter(|it| !separates(it));
        let after = items[n + 1..]
            .iter()
            .find(|(_, u2)| u2 != unit)
            .filter(|it| !separates(it))
            .filter(|it| !matches!(it.0, Item::Word(k) if function_word(toks[k].text)));
        let mut ok = true;
        if let Some((Item::Word(k), _)) = before {
            let w = toks[*k].text;
            if DIRECTIONS.contains(&w) {
                // `South Florida`: the part names the place too.
                c.start = toks[*k].start;
            } else if personal(n) {
                ok = false;
            } else if w == "of" {
                let head = items[..n]
                    .iter()
                    .rev()
                    .filter(|(_, u2)| u2 != unit)
                    .nth(1)
                    .and_then(|(it, _)| match it {
                        Item::Word(k) => Some(toks[*k].text),
                        Item::Place(_) => None,
                    });
                ok = head.is_some_and(|h| PLACE_HEADS.contains(&h) || title(h));
            } else if !demonym(m, w) || c.found.flags() & world::COMMON != 0 {
                // `Armenian Karabakh` is the place; `European Union`, `Soviet Union` are not.
                ok = false;
            }
        }
        if let Some((Item::Word(k), _)) = after {
            let w = toks[*k].text;
            // `Ontario Premier Doug Ford`, `Karabakh Armenians`: the place qualifies them.
            // In a heading in capitals (`JAPAN ECONOMY:`) every word is capitalised.
            if !((title(w) || demonym(m, w)) && strong(m, &c)) && !(caps_run && strong(m, &c)) {
                ok = false;
            }
        }
        if ok {
            out.push(c);
        }
    }
    out
}

/// `Armenians`, `Azerbaijani`, `Canadian`: a known place's name with a demonym ending.
fn demonym(m: &mut Matcher, word: &str) -> bool {
    const ENDINGS: &[(&str, &[&str])] = &[
        ("ians", &["ia", "", "y", "a"]),
        ("ian", &["ia", "", "y", "a"]),
        ("ans", &["a", "", "o"]),
        ("an", &["a", "", "o"]),
        ("ns", &["", "a"]),
        ("n", &["", "a"]),
        ("ese", &["", "a"]),
        ("is", &["", "a"]),
        ("i", &["", "a"]),
        ("ish", &["", "y"]),
        ("ers", &[""]),
        ("er", &[""]),
    ];
    if word.chars().count() < 5 || !is_cap(word) {
        return false;
    }
    if let Some(&d) = m.demonyms.get(word) {
        return d;
    }
    let d = demonym_uncached(m, word, ENDINGS);
    m.demonyms.insert(word.to_owned(), d);
    d
}

fn demonym_uncached(m: &mut Matcher, word: &str, endings: &[(&str, &[&str])]) -> bool {
    let mut k = String::new();
    for (ending, restores) in endings {
        if let Some(stem) = word.strip_suffix(ending) {
            for r in *restores {
                k.clear();
                k.push_str(&world::key(stem));
                k.push_str(r);
                if k.chars().count() >= 3 && m.lookup(&k).is_some() {
                    return true;
                }
            }
        }
    }
    false
}

/// What the words around a candidate say about it.
fn evidence(m: &mut Matcher, block: usize, text: &str, toks: &[Tok], c: &Cand) -> Evidence {
    let mut e = Evidence::default();
    // A dateline: the block opens with the name in capitals, then `,` or `(` or a dash.
    if block == 0 && toks[c.first].sep == Sep::Start && is_all_caps(&text[c.start..c.end]) {
        let rest = text[c.end..].trim_start();
        e.dateline = rest.starts_with([',', '(', '—', '–', '-']);
    }
    // `Paris, Texas`: a country or division right after a comma.
    let rest = &text[c.end..];
    if rest.starts_with(", ") {
        let at = c.end + 2;
        if let Ok(k) = toks.binary_search_by_key(&at, |t| t.start) {
            for len in (1..=4).rev() {
                let last = k + len - 1;
                if last >= toks.len()
                    || (k + 1..=last).any(|x| !matches!(toks[x].sep, Sep::Space | Sep::Hyphen))
                {
                    continue;
                }
                if let Some((_, found)) =
                    m.lookup_span(text, toks[k].start, toks[last].end, toks[last].dot)
                {
                    e.qualifier = qualifiers(m, &found);
                    if !e.qualifier.is_empty() {
                        break;
                    }
                }
            }
        }
    }
    // The division or country of the place before it: `…, Calif.`.
    if let Some(before) = text[..c.start].strip_suffix(", ") {
        let prev = toks[..c.first].last();
        if prev.is_some_and(|p| p.end == before.len() && is_cap(p.text)) {
            let q = qualifiers(m, &c.found);
            e.is_qualifier = !q.is_empty();
        }
    }
    // `in Reading`, `the town of Field`, `in northern Tigray`; `in the Moncton area` but not
    // `in the Westgate shopping centre`: a town takes no article.
    let next_word = toks
        .get(toks.partition_point(|t| t.start < c.end))
        .filter(|t| t.sep == Sep::Space)
        .map(|t| t.text);
    let area = next_word.is_some_and(|w| {
        matches!(
            w,
            "area" | "region" | "district" | "valley" | "suburbs" | "vicinity" | "county" | "city"
        )
    });
    let region = is_region(m, c);
    let possessive = toks
        .get(toks.partition_point(|t| t.end < c.end))
        .is_some_and(|t| t.end == c.end && t.possessive);
    e.division_noun = !possessive
        && next_word.is_some_and(|w| {
            matches!(
                w,
                "region" | "province" | "oblast" | "governorate" | "prefecture" | "state"
            )
        });
    // A noun after the name that only a place takes: `the Jenin refugee camp`, `the Moncton
    // area`, `the Donetsk region`.
    if !possessive
        && next_word.is_some_and(|w| {
            matches!(
                w,
                "area"
                    | "region"
                    | "province"
                    | "oblast"
                    | "governorate"
                    | "prefecture"
                    | "refugee"
                    | "countryside"
                    | "outskirts"
                    | "suburbs"
                    | "vicinity"
            )
        })
    {
        e.locative = true;
    }
    if c.first >= 1 {
        let w = toks[c.first - 1].text;
        let w2 = c.first.checked_sub(2).map(|k| toks[k].text);
        e.named_as = toks[c.first].sep == Sep::Space
            && (matches!(w, "called" | "named" | "dubbed" | "nicknamed")
                || (w == "as" && matches!(w2, Some("known" | "referred"))));
    }
    let mut k = c.first;
    while k > 0 {
        let p = &toks[k - 1];
        if toks[k].sep != Sep::Space {
            break;
        }
        let w = p.text;
        if w == "the" && !area && !region {
            break;
        }
        if matches!(
            w,
            "the" | "northern" | "southern" | "eastern" | "western" | "central"
        ) || w.ends_with("ern")
        {
            k -= 1;
            continue;
        }
        // `In Savannah, …` opening a sentence is `in` too.
        let opens_sentence = k == 1 || matches!(toks[k - 2].text, "." | "!" | "?" | "”" | "\"");
        let locative = LOCATIVES.contains(&w)
            || opens_sentence && LOCATIVES.iter().any(|l| l.eq_ignore_ascii_case(w));
        // `in Gillette's new ad`: a possessive after `in` is rarely a small town's.
        if locative {
            e.locative = region || !possessive || strong(m, c);
        } else if w == "of" && k >= 2 && is_lower_of(PLACE_NOUNS, toks[k - 2].text) {
            e.locative = true;
        }
        break;
    }
    e
}

/// Whether a name's most prominent place is no city (a region, division or country, which may
/// take an article: `the Donbas`, `the Arctic`).
fn is_region(m: &mut Matcher, c: &Cand) -> bool {
    c.found.editorial.is_some_and(|i| {
        !matches!(
            m.gazetteer.places[i].kind.as_str(),
            "village" | "town" | "city"
        )
    }) || c
        .found
        .world
        .as_ref()
        .and_then(|e| e.candidates.first())
        .and_then(|x| m.record(x.id))
        .is_some_and(|r| r.level != Level::City)
}

/// The countries and divisions a name may stand for, as qualifiers of the place before it.
fn qualifiers(m: &mut Matcher, found: &Found) -> Vec<PlaceRef> {
    let mut out = Vec::new();
    if let Some(i) = found.editorial {
        if m.gazetteer.places[i].kind == "country" || m.gazetteer.places[i].kind == "region" {
            out.push(PlaceRef::Editorial(i));
        }
    }
    if let Some(e) = &found.world {
        for c in &e.candidates {
            if let Some(r) = m.record(c.id) {
                if matches!(r.level, Level::Country | Level::Admin1 | Level::Territory) {
                    out.push(PlaceRef::World(c.id));
                }
            }
        }
    }
    out
}

/// The population from which a place's alternate name (`Kiev`, `Mekele`) stands alone.
const ALTERNATE_ALONE: u32 = 50_000;

/// How much a place may stand on its name alone, with no word around it saying it is one.
fn strong(m: &mut Matcher, c: &Cand) -> bool {
    if let Some((f, s)) = m.strong.get(&c.key) {
        if Rc::ptr_eq(f, &c.found) {
            return *s;
        }
    }
    let s = strong_uncached(m, c);
    m.strong.insert(c.key.clone(), (c.found.clone(), s));
    s
}

fn strong_uncached(m: &mut Matcher, c: &Cand) -> bool {
    if c.found.editorial.is_some() {
        return true;
    }
    let Some(e) = &c.found.world else {
        return false;
    };
    let flags = e.flags;
    if flags & world::QUALIFIER != 0 {
        return false;
    }
    let common = flags & world::COMMON != 0;
    let multiword = c.key.contains(' ');
    let Some((best, alternate)) = standing(m, e) else {
        return false;
    };
    if alternate && best.level == Level::City && best.population < ALTERNATE_ALONE {
        return false;
    }
    match best.level {
        Level::Continent | Level::Region | Level::Territory | Level::Country | Level::Admin2 => {
            true
        }
        Level::Admin1 => !common || multiword,
        Level::City => {
            let pop = best.population;
            if common {
                multiword && pop >= 100_000
            } else if flags & (world::GIVEN | world::SURNAME) != 0 {
                pop >= 500_000 || (best.capital && pop >= 50_000)
            } else {
                pop >= 50_000 || best.capital
            }
        }
    }
}

/// The place a name stands for on its own, and whether the name is an alternate one of it: the
/// most prominent place with this as its own name, unless an alternate name is of a place a
/// hundred times larger and the primary one a hamlet (`Zaporizhzhia` the city, not a village of
/// that spelling). An alternate
/// name (`Kiev`, `Bombay`) stands alone only for a large place; one of a country or division
/// is an editorial alias (`America`).
fn standing(m: &mut Matcher, e: &world::Entry) -> Option<(Rc<Record>, bool)> {
    let mut primary = None;
    for x in &e.candidates {
        let r = m.record(x.id);
        if !x.alternate || r.as_ref().is_some_and(|r| r.level != Level::City) {
            primary = r;
            break;
        }
    }
    let first = e.candidates.first().and_then(|x| m.record(x.id));
    match (primary, first) {
        (Some(p), Some(f))
            if f.level == Level::City
                && p.level == Level::City
                && f.id != p.id
                && f.population >= ALTERNATE_ALONE
                && p.population < 5_000
                && u64::from(p.population) * 100 < u64::from(f.population) =>
        {
            Some((f, true))
        }
        (Some(p), _) => Some((p, false)),
        (None, f) => f.map(|f| (f, true)),
    }
}

/// Below this population a city standing on its name alone needs the article to name its
/// country (or a place in it): `Fano` in a story about Ethiopia is a militia, not the Italian
/// town.
const ALONE_ANYWHERE: u32 = 200_000;
/// An alternate name (`Hamas` for Hamm) needs that support below this population.
const ALTERNATE_ANYWHERE: u32 = 1_000_000;

/// The countries the article names or places a mention in for sure: countries, divisions and
/// regions named, editorial places, and places the text itself shows (datelines, `in …`,
/// `Paris, Texas`).
fn context_countries(m: &mut Matcher, occurrences: &[Occurrence]) -> FxHashSet<Id> {
    let mut out = FxHashSet::default();
    for o in occurrences {
        let e = &o.evidence;
        let shown = e.dateline || !e.qualifier.is_empty() || e.is_qualifier || e.locative;
        for q in &e.qualifier {
            if let PlaceRef::World(id) = q {
                if let Some(r) = m.record(*id) {
                    out.insert(if r.level == Level::Country {
                        r.id
                    } else {
                        r.country.unwrap_or(r.id)
                    });
                }
            }
        }
        if let Some(i) = o.cand.found.editorial {
            let id = m.gazetteer.world_twin(i).and_then(|id| m.record(id));
            match id {
                Some(r) if r.level == Level::Country => {
                    out.insert(r.id);
                }
                Some(r) => {
                    out.extend(r.country);
                }
                None => {
                    if let Some(c) = m.gazetteer.places[i]
                        .country
                        .clone()
                        .and_then(|c| m.gazetteer.country_id(&c))
                    {
                        out.insert(c);
                    }
                }
            }
        }
        let Some(entry) = &o.cand.found.world else {
            continue;
        };
        let Some((r, alternate)) = standing(m, entry) else {
            continue;
        };
        let sure = match r.level {
            Level::Country | Level::Admin1 | Level::Territory | Level::Admin2 => {
                !alternate && entry.flags & world::COMMON == 0
            }
            Level::City => shown || (!alternate && r.population >= ALONE_ANYWHERE),
            Level::Continent | Level::Region => false,
        };
        if sure {
            out.insert(if r.level == Level::Country {
                r.id
            } else {
                r.country.unwrap_or(r.id)
            });
        }
    }
    out
}

/// Whether a name standing alone is supported by the article's context: always, but for a
/// small city (or a mid-sized one by an alternate name) whose country the article never names.
fn supported(m: &mut Matcher, c: &Cand, countries: &FxHashSet<Id>) -> bool {
    if c.found.editorial.is_some() {
        return true;
    }
    let Some(entry) = &c.found.world else {
        return true;
    };
    let Some((r, alternate)) = standing(m, entry) else {
        return true;
    };
    if r.level != Level::City {
        return true;
    }
    let needs = if alternate {
        ALTERNATE_ANYWHERE
    } else {
        ALONE_ANYWHERE
    };
    r.population >= needs || r.country.is_none_or(|k| countries.contains(&k))
}

/// A name that is a country, division, region or city of half a million or more.
fn prominent(m: &mut Matcher, c: &Cand) -> bool {
    if c.found.editorial.is_some() {
        return true;
    }
    let best = c
        .found
        .world
        .as_ref()
        .and_then(|e| e.candidates.first())
        .and_then(|x| m.record(x.id));
    best.is_some_and(|r| r.level != Level::City || r.population >= 500_000)
}

/// The population of the most prominent place a candidate may be (0 when it is no city).
fn population(m: &mut Matcher, c: &Cand) -> u32 {
    c.found
        .world
        .as_ref()
        .and_then(|e| e.candidates.first())
        .and_then(|x| m.record(x.id))
        .map_or(0, |r| r.population)
}

/// Keeps the candidates that stand as places and resolves each to one place.
fn decide(
    m: &mut Matcher,
    occurrences: Vec<Occurrence>,
    persons: &FxHashSet<String>,
) -> Vec<Linked> {
    // A name is a place in this article where some mention of it shows it is one.
    let mut shown: FxHashSet<String> = FxHashSet::default();
    let mut shown_hard: FxHashSet<String> = FxHashSet::default();
    let mut keep = vec![false; occurrences.len()];
    let countries = context_countries(m, &occurrences);
    for (n, o) in occurrences.iter().enumerate() {
        let e = &o.evidence;
        let hard = e.dateline || !e.qualifier.is_empty() || e.is_qualifier;
        if e.named_as && !hard && !is_region(m, &o.cand) {
            continue;
        }
        if o.cand.found.flags() & world::QUALIFIER != 0 && !e.is_qualifier && !e.dateline {
            continue;
        }
        if persons.contains(&o.cand.key) && !hard {
            continue;
        }
        // Short words in capitals are acronyms (`NATO`, `SUV`) unless the gazetteer writes
        // the place so (`US`, `UAE`).
        let letters = o.cand.key.chars().filter(|c| c.is_alphabetic()).count();
        if o.caps
            && letters <= 5
            && !e.dateline
            && o.cand.found.editorial.is_none()
            && o.cand.found.flags() & world::ACRONYM == 0
            && !(letters >= 4 && strong(m, &o.cand))
        {
            continue;
        }
        // `in Reading` shows a place; `in Congress`, `in Parliament` do not: a common word
        // needs a place of some size behind it.
        let common = o.cand.found.flags() & world::COMMON != 0;
        let multiword = o.cand.key.contains(' ');
        let locative = e.locative
            && (!common || population(m, &o.cand) >= if multiword { 5_000 } else { 50_000 });
        if hard || locative || (strong(m, &o.cand) && supported(m, &o.cand, &countries)) {
            keep[n] = true;
            if hard || locative {
                shown.insert(o.cand.key.clone());
            }
            if hard {
                shown_hard.insert(o.cand.key.clone());
            }
        }
    }
    for (n, o) in occurrences.iter().enumerate() {
        if keep[n] || !shown.contains(&o.cand.key) || persons.contains(&o.cand.key) {
            continue;
        }
        if o.cand.found.flags() & world::QUALIFIER != 0 {
            continue;
        }
        // A common word opening a sentence is the word (`Reading the report…`).
        // An unlisted name may be any word (`Field workers said`): never at a sentence's start.
        if o.initial
            && (o.cand.found.unlisted.is_some()
                || (o.cand.found.flags() & world::COMMON != 0 && !shown_hard.contains(&o.cand.key)))
        {
            continue;
        }
        keep[n] = true;
    }

    let kept: Vec<&Occurrence> = occurrences
        .iter()
        .zip(&keep)
        .filter_map(|(o, &k)| k.then_some(o))
        .collect();

    // Each mention's places, narrowed by the division or country written after it
    // (`Paris, Texas`) ...
    let mut opts: Vec<Vec<PlaceRef>> = Vec::with_capacity(kept.len());
    for o in &kept {
        let mut options: Vec<PlaceRef> = options(m, &o.cand.key, &o.cand.found).to_vec();
        if !o.evidence.qualifier.is_empty() {
            let fits: Vec<PlaceRef> = options
                .iter()
                .filter(|p| {
                    let ctx = context_of(m, p);
                    o.evidence
                        .qualifier
                        .iter()
                        .any(|q| ctx.division.contains(q) || ctx.country.contains(q))
                })
                .cloned()
                .collect();
            if !fits.is_empty() {
                options = fits;
            }
        }
        if o.evidence.division_noun {
            let divisions = divisions_named(m, &o.cand.key, &options);
            if !divisions.is_empty() {
                options = divisions;
            }
        }
        opts.push(options);
    }
    // ... and a qualifier by the place before it: `Savannah, Georgia` is the state.
    for n in 1..kept.len() {
        let (prev, o) = (kept[n - 1], kept[n]);
        if !o.evidence.is_qualifier
            || prev.cand.block != o.cand.block
            || prev.cand.end + 2 != o.cand.start
        {
            continue;
        }
        let holders: Vec<PlaceRef> = opts[n - 1]
            .clone()
            .iter()
            .flat_map(|q| {
                let ctx = context_of(m, q);
                ctx.division
                    .iter()
                    .chain(&ctx.country)
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        let fits: Vec<PlaceRef> = opts[n]
            .iter()
            .filter(|p| holders.contains(p))
            .cloned()
            .collect();
        if !fits.is_empty() {
            opts[n] = fits;
        }
    }

    // Context, in two rounds: first the places not in doubt (one option; an editorial place
    // with namesakes is in doubt, or `Georgia` named twice in an Atlanta story would vote for
    // the country it is not), then every mention as first resolved, each leaving its own vote
    // out.
    let weight = |o: &Occurrence| if o.evidence.dateline { 2.0 } else { 1.0 };
    let mut play: FxHashMap<PlaceRef, f64> = FxHashMap::default();
    for (o, options) in kept.iter().zip(&opts) {
        if options.len() == 1 {
            for r in context_of(m, &options[0]).all() {
                *play.entry(r.clone()).or_default() += weight(o);
            }
        }
        for q in &o.evidence.qualifier {
            *play.entry(q.clone()).or_default() += 1.0;
        }
    }
    let none = FxHashMap::default();
    // Mentions alike (the same name with the same places, as a dateline or not) are resolved
    // alike: each such group is scored once, not once per mention.
    type Alike<'k> = (&'k str, &'k [PlaceRef], *const Found, bool);
    let mut first_of: FxHashMap<Alike, (usize, Rc<FxHashMap<PlaceRef, f64>>)> =
        FxHashMap::default();
    let mut votes: Vec<Rc<FxHashMap<PlaceRef, f64>>> = Vec::with_capacity(kept.len());
    for (o, options) in kept.iter().zip(&opts) {
        let k: Alike = (
            o.cand.key.as_str(),
            options.as_slice(),
            Rc::as_ptr(&o.cand.found),
            o.evidence.dateline,
        );
        if let Some((_, mine)) = first_of.get(&k) {
            votes.push(mine.clone());
            continue;
        }
        let n = pick(m, o, options, &play, &none);
        let mut mine: FxHashMap<PlaceRef, f64> = FxHashMap::default();
        if let Some(p) = options.get(n) {
            for r in context_of(m, p).all() {
                *mine.entry(r.clone()).or_default() += weight(o);
            }
        }
        let mine = Rc::new(mine);
        first_of.insert(k, (n, mine.clone()));
        votes.push(mine);
    }
    let mut round: FxHashMap<PlaceRef, f64> = FxHashMap::default();
    for mine in &votes {
        for (r, w) in mine.iter() {
            *round.entry(r.clone()).or_default() += w;
        }
    }

    let mut out = Vec::new();
    let mut best_of: FxHashMap<Alike, usize> = FxHashMap::default();
    for ((o, options), mine) in kept.iter().zip(&opts).zip(&votes) {
        if options.is_empty() {
            continue;
        }
        let k: Alike = (
            o.cand.key.as_str(),
            options.as_slice(),
            Rc::as_ptr(&o.cand.found),
            o.evidence.dateline,
        );
        let best = match best_of.get(&k) {
            Some(&b) => b,
            None => {
                let b = pick(m, o, options, &round, mine);
                best_of.insert(k, b);
                b
            }
        };
        let place = options[best].clone();
        let mut others: Vec<PlaceRef> = self_others(m, &o.cand.key, &o.cand.found);
        others.retain(|p| *p != place);
        out.push(Linked {
            block: o.cand.block,
            start: o.cand.start,
            end: o.cand.end,
            place,
            others,
        });
    }
    out
}

/// `the Donetsk region`: the first-level divisions among a name's places, or else those of its
/// cities named after them (Donetsk Oblast for the city of Donetsk).
fn divisions_named(m: &mut Matcher, key: &str, options: &[PlaceRef]) -> Vec<PlaceRef> {
    let mut direct = Vec::new();
    let mut via = Vec::new();
    for p in options {
        let PlaceRef::World(id) = p else { continue };
        let Some(r) = m.record(*id) else { continue };
        match r.level {
            Level::Admin1 => direct.push(p.clone()),
            Level::City => {
                if let Some(a) = r.admin1.and_then(|a| m.record(a)) {
                    let k = world::key(a.name);
                    let named = k == key || k.strip_prefix(key).is_some_and(|t| t.starts_with(' '));
                    let p = match m.twin(a.id) {
                        Some(i) => PlaceRef::Editorial(i),
                        None => PlaceRef::World(a.id),
                    };
                    if named && !via.contains(&p) {
                        via.push(p);
                    }
                }
            }
            _ => {}
        }
    }
    if direct.is_empty() { via } else { direct }
}

/// The index of the best of a mention's places, given the context less its own votes.
fn pick(
    m: &mut Matcher,
    o: &Occurrence,
    options: &[PlaceRef],
    play: &FxHashMap<PlaceRef, f64>,
    own: &FxHashMap<PlaceRef, f64>,
) -> usize {
    let alternate = |p: &PlaceRef| {
        o.cand.found.world.as_ref().is_some_and(|e| {
            e.candidates
                .iter()
                .any(|c| c.alternate && *p == PlaceRef::World(c.id))
        })
    };
    options
        .iter()
        .enumerate()
        .map(|(n, p)| (score(m, p, play, own, &o.cand.key, alternate(p)), n))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map_or(0, |(_, n)| n)
}

/// Every place a name may stand for, the editorial place in place of its world twin.
fn options(m: &mut Matcher, key: &str, found: &Rc<Found>) -> Rc<Vec<PlaceRef>> {
    if let Some((f, o)) = m.options.get(key) {
        if Rc::ptr_eq(f, found) {
            return o.clone();
        }
    }
    let o = Rc::new(options_uncached(m, found));
    m.options.insert(key.to_owned(), (found.clone(), o.clone()));
    o
}

fn options_uncached(m: &mut Matcher, found: &Found) -> Vec<PlaceRef> {
    let mut out = Vec::new();
    if let Some(i) = found.editorial {
        out.push(PlaceRef::Editorial(i));
    }
    if let Some((name, within)) = &found.unlisted {
        out.push(PlaceRef::Unlisted {
            name: name.clone(),
            within: *within,
        });
    }
    if let Some(e) = &found.world {
        for c in &e.candidates {
            let Some(r) = m.record(c.id) else {
                continue;
            };
            let p = match m.twin(r.id) {
                Some(i) => PlaceRef::Editorial(i),
                None => PlaceRef::World(c.id),
            };
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

fn self_others(m: &mut Matcher, key: &str, found: &Rc<Found>) -> Vec<PlaceRef> {
    options(m, key, found).iter().take(8).cloned().collect()
}

/// A place as context for other names: itself, its division and its country, each as the
/// editorial place and as the world record where both exist.
#[derive(Default)]
struct Context {
    itself: Vec<PlaceRef>,
    division: Vec<PlaceRef>,
    country: Vec<PlaceRef>,
}

impl Context {
    fn all(&self) -> impl Iterator<Item = &PlaceRef> {
        self.itself
            .iter()
            .chain(&self.division)
            .chain(&self.country)
    }
}

fn both(m: &mut Matcher, id: Id) -> Vec<PlaceRef> {
    let mut out = vec![PlaceRef::World(id)];
    if let Some(i) = m.twin(id) {
        out.push(PlaceRef::Editorial(i));
    }
    out
}

fn context_of(m: &mut Matcher, p: &PlaceRef) -> Rc<Context> {
    if let Some(c) = m.contexts.get(p) {
        return c.clone();
    }
    let c = Rc::new(context_uncached(m, p));
    m.contexts.insert(p.clone(), c.clone());
    c
}

fn context_uncached(m: &mut Matcher, p: &PlaceRef) -> Context {
    let mut ctx = Context {
        itself: vec![p.clone()],
        ..Context::default()
    };
    let world_id = match p {
        PlaceRef::World(id) => Some(*id),
        PlaceRef::Editorial(i) => m.gazetteer.world_twin(*i),
        PlaceRef::Unlisted { within, .. } => {
            if let Some(r) = m.record(*within) {
                if r.level == Level::Country {
                    ctx.country = both(m, r.id);
                } else {
                    ctx.division = both(m, r.id);
                    if let Some(c) = r.country {
                        ctx.country = both(m, c);
                    }
                }
            }
            None
        }
    };
    if let Some(r) = world_id.and_then(|id| m.record(id)) {
        ctx.itself.extend(both(m, r.id));
        if let Some(a) = r.admin1 {
            ctx.division = both(m, a);
        }
        if let Some(c) = r.country {
            ctx.country = both(m, c);
        }
    }
    if let PlaceRef::Editorial(i) = p {
        if ctx.country.is_empty() {
            if let Some(id) = m.gazetteer.places[*i]
                .country
                .clone()
                .and_then(|c| m.gazetteer.country_id(&c))
            {
                ctx.country = both(m, id);
            }
        }
    }
    ctx
}

/// Prominence plus context: the score that picks one of a name's places.
fn score(
    m: &mut Matcher,
    p: &PlaceRef,
    play: &FxHashMap<PlaceRef, f64>,
    own: &FxHashMap<PlaceRef, f64>,
    key: &str,
    alternate: bool,
) -> f64 {
    let (record, editorial) = match p {
        PlaceRef::World(id) => (m.record(*id), false),
        PlaceRef::Editorial(i) => (m.gazetteer.world_twin(*i).and_then(|id| m.record(id)), true),
        PlaceRef::Unlisted { .. } => (None, false),
    };
    let log = |pop: u32| f64::from(pop.max(1)).log10();
    let mut s = match &record {
        Some(r) => match r.level {
            Level::Country => 1.5 * log(r.population) + 4.0,
            Level::Continent | Level::Region | Level::Territory => 12.0,
            Level::Admin1 => 1.5 * log(r.population) + 1.0,
            Level::Admin2 => 1.5 * log(r.population),
            Level::City => {
                let mut s = 1.5 * log(r.population) + if r.capital { 4.0 } else { 0.0 };
                // A city that dominates its own division takes the name (`New York`), one
                // that does not leaves it to the division (`Quebec`).
                let dominates = r.admin1.and_then(|a| m.record(a)).is_some_and(|a| {
                    m.key_is(a.name, key)
                        && f64::from(r.population) >= 0.2 * f64::from(a.population)
                });
                if dominates {
                    s += 3.0;
                } else if alternate {
                    // An alternate name (`Petersburg` for Saint Petersburg) counts for less
                    // than a place's own (Petersburg, Virginia).
                    s -= 3.0;
                }
                s
            }
        },
        None => 10.0,
    };
    if editorial {
        s += 1.0;
    }
    let ctx = context_of(m, p);
    // Named by some other mention: the context less this mention's own votes.
    let named = |list: &[PlaceRef]| {
        list.iter()
            .any(|q| play.get(q).copied().unwrap_or(0.0) - own.get(q).copied().unwrap_or(0.0) > 0.0)
    };
    let admin1 = record.as_ref().is_some_and(|r| r.level == Level::Admin1);
    if named(&ctx.itself) {
        s += 2.0;
    }
    if named(&ctx.division) {
        s += 2.5;
    }
    if named(&ctx.country) {
        s += if admin1 { 3.0 } else { 2.0 };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::{Gazetteer, find_territories};

    /// Every linked mention of one article as (text, slug).
    fn linked(blocks: &[&str]) -> Vec<(String, String)> {
        let g = Gazetteer::embedded();
        find_territories(&g, blocks)
            .into_iter()
            .map(|m| (blocks[m.block][m.start..m.end].to_owned(), m.slug))
            .collect()
    }

    fn texts(blocks: &[&str]) -> Vec<String> {
        linked(blocks).into_iter().map(|(t, _)| t).collect()
    }

    fn slug_of(blocks: &[&str], text: &str) -> Option<String> {
        linked(blocks)
            .into_iter()
            .find(|(t, _)| t == text)
            .map(|(_, s)| s)
    }

    #[test]
    fn countries_link_by_their_usual_names_and_abbreviations() {
        let text = "The U.S. and the U.K. signed; America, Britain and the United States of America agreed, and so did the USA.";
        let found = linked(&[text]);
        let slugs: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "united-states",
                "united-kingdom",
                "united-states",
                "united-kingdom",
                "united-states",
                "united-states"
            ],
            "{found:?}"
        );
    }

    #[test]
    fn divisions_link_by_name_and_by_abbreviation_after_a_town() {
        let text = "Fires spread from California into Ontario and Tigray; a rally in Selma, Ala. drew crowds, and so did one in Eau Claire, Wis.";
        assert_eq!(
            texts(&[text]),
            [
                "California",
                "Ontario",
                "Tigray",
                "Selma",
                "Ala.",
                "Eau Claire",
                "Wis."
            ]
        );
    }

    #[test]
    fn postal_codes_link_only_after_a_town() {
        assert_eq!(
            texts(&["She moved to Austin, TX last year."]),
            ["Austin", "TX"]
        );
        assert_eq!(
            texts(&["The CA ruling and the IN group stood."]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn territories_and_world_regions_link() {
        let text = "Aid reached the Gaza Strip and the West Bank, then Europe, the Middle East, the Caucasus and Latin America.";
        assert_eq!(
            texts(&[text]),
            [
                "Gaza Strip",
                "West Bank",
                "Europe",
                "Middle East",
                "Caucasus",
                "Latin America"
            ]
        );
    }

    #[test]
    fn a_part_of_a_place_links_as_the_place() {
        let found = linked(&["Storms hit South Florida and Eastern Ukraine."]);
        assert_eq!(
            found,
            [
                ("South Florida".to_owned(), "florida".to_owned()),
                ("Eastern Ukraine".to_owned(), "ukraine".to_owned())
            ]
        );
    }

    #[test]
    fn names_of_people_are_not_places() {
        let text = "Anna Smith-Greenfield met Jordan Smith and Paris Hilton at the gala.";
        assert_eq!(texts(&[text]), Vec::<String>::new());
        // A small place's name used for a person once is the person's throughout.
        let blocks = [
            "Sen. Tim Kaine praised Hillary Clinton at the rally.",
            "Clinton said the race was close, and Kaine agreed.",
        ];
        assert_eq!(texts(&blocks), Vec::<String>::new());
    }

    #[test]
    fn names_of_organisations_buildings_and_streets_are_not_places() {
        let text = "The Washington Post said Toronto Police, the University of Ottawa and the Bank of Canada met at the White House on Main Street.";
        assert_eq!(texts(&[text]), Vec::<String>::new());
        let text = "Wells Fargo and Air Canada reported earnings; Canada Post did not.";
        assert_eq!(texts(&[text]), Vec::<String>::new());
    }

    #[test]
    fn a_title_after_a_place_keeps_the_place() {
        let text = "Ontario Premier Doug Ford and U.S. President Joe Biden spoke.";
        assert_eq!(texts(&[text]), ["Ontario", "U.S."]);
    }

    #[test]
    fn common_words_are_places_only_where_the_text_uses_them_as_places() {
        let text = "Reading the report, he thought it Nice. Mobile phones Split the vote in March.";
        assert_eq!(texts(&[text]), Vec::<String>::new());
        let text = "She moved to a flat in Reading, and later in Nice, where Mobile came up.";
        assert_eq!(texts(&[text]), ["Reading", "Nice"]);
        assert_eq!(
            texts(&["A debate in Congress, then one in Parliament."]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_capital_standing_for_its_government_is_a_place() {
        let found =
            linked(&["Washington said the talks would go on. Ottawa announced new sanctions."]);
        assert_eq!(
            found,
            [
                (
                    "Washington".to_owned(),
                    "washington-district-of-columbia".to_owned()
                ),
                ("Ottawa".to_owned(), "ottawa".to_owned())
            ]
        );
    }

    #[test]
    fn wire_datelines_link() {
        assert_eq!(
            texts(&["TORONTO — The mayor spoke on Tuesday."]),
            ["TORONTO"]
        );
        assert_eq!(
            texts(&["MIRAMICHI, N.B. (CP) — A mill closed."]),
            ["MIRAMICHI", "N.B."]
        );
        assert_eq!(
            texts(&["KYIV, Ukraine (AP) — Sirens sounded."]),
            ["KYIV", "Ukraine"]
        );
    }

    #[test]
    fn acronyms_in_capitals_are_not_places() {
        assert_eq!(
            texts(&["NATO and the SUV maker met; MAGA hats were sold."]),
            Vec::<String>::new()
        );
        assert_eq!(
            texts(&["JAPAN ECONOMY: Japan said orders fell."]),
            ["JAPAN", "Japan"]
        );
    }

    #[test]
    fn a_division_or_country_written_next_to_a_name_picks_the_place() {
        let blocks = ["He grew up in Paris, Texas, far from Paris. She moved to London, Ontario."];
        assert_eq!(slug_of(&blocks, "Paris").as_deref(), Some("paris-texas"));
        let found = linked(&blocks);
        let slugs: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            slugs,
            ["paris-texas", "texas", "paris", "london-ontario", "ontario"]
        );
    }

    #[test]
    fn a_locative_opening_a_sentence_locates_the_name_after_it() {
        let blocks = [
            "ATLANTA (AP) — Officials in Georgia defended the count.",
            "In Savannah, voters waited two hours. Reading the returns took all night.",
        ];
        assert_eq!(slug_of(&blocks, "Savannah").as_deref(), Some("savannah"));
        assert_eq!(slug_of(&blocks, "Reading"), None);
    }

    #[test]
    fn georgia_is_the_country_in_a_caucasus_story_and_the_state_in_an_atlanta_story() {
        let caucasus =
            ["Armenia and Azerbaijan traded fire; Georgia called for calm from Tbilisi."];
        assert_eq!(slug_of(&caucasus, "Georgia").as_deref(), Some("georgia"));
        let atlanta = [
            "ATLANTA (AP) — Voters in Atlanta and Savannah lined up early.",
            "Georgia has two Senate seats on the ballot.",
        ];
        assert_eq!(
            slug_of(&atlanta, "Georgia").as_deref(),
            Some("georgia-united-states")
        );
        // Named twice, the editorial country does not vote for itself: the dateline and the
        // story's other places decide.
        let twice = [
            "ATLANTA (AP) — Officials in Georgia defended the count in Cobb County.",
            "A lawsuit filed in Macon asks Georgia to set aside 3,000 ballots.",
        ];
        let found = linked(&twice);
        let georgia: Vec<&str> = found
            .iter()
            .filter(|(t, _)| t == "Georgia")
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(georgia, ["georgia-united-states", "georgia-united-states"]);
    }

    #[test]
    fn a_city_that_dominates_its_state_takes_the_name_and_one_that_does_not_leaves_it() {
        assert_eq!(
            slug_of(&["He lives in New York."], "New York").as_deref(),
            Some("new-york-city")
        );
        assert_eq!(
            slug_of(&["The Quebec government said so."], "Quebec").as_deref(),
            Some("quebec")
        );
    }

    #[test]
    fn a_small_place_the_text_locates_links_to_a_place_of_its_own() {
        let blocks = [
            "A train derailed near Field, B.C. on Monday.",
            "Crews worked through the night at Field. Field workers said the line reopened.",
        ];
        let found = linked(&blocks);
        let field: Vec<&(String, String)> = found.iter().filter(|(t, _)| t == "Field").collect();
        // The sentence-initial `Field` is the word.
        assert_eq!(field.len(), 2, "{found:?}");
        assert!(field.iter().all(|(_, s)| s == "field-british-columbia"));
    }

    #[test]
    fn editorial_spellings_win_over_world_data() {
        let found = linked(&[
            "Karvachar fell; Khankendi and Stepanakert are one city, Shushi and Shusha another.",
        ]);
        let slugs: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            slugs,
            ["kalbajar", "stepanakert", "stepanakert", "shusha", "shusha"]
        );
    }

    #[test]
    fn us_counties_link_by_their_full_names() {
        let found = linked(&["Sheriffs in Niagara County and Kenton County said so."]);
        assert_eq!(
            found,
            [
                ("Niagara County".to_owned(), "niagara-county".to_owned()),
                ("Kenton County".to_owned(), "kenton-county".to_owned())
            ]
        );
    }

    #[test]
    fn without_the_world_data_only_editorial_places_link() {
        let g = Gazetteer::embedded().without_world();
        let text = "From Baku to Toronto and Kyiv.";
        let found = find_territories(&g, &[text]);
        let slugs: Vec<&str> = found.iter().map(|m| m.slug.as_str()).collect();
        assert_eq!(slugs, ["baku"]);
    }

    #[test]
    fn an_alternate_name_of_a_mid_sized_city_needs_its_country_in_the_article() {
        // `Hamas` is also an alternate name of Hamm, Germany.
        let text = "Negotiators from Israel and Hamas met again in Cairo on Monday.";
        assert_eq!(texts(&[text]), ["Israel", "Cairo"]);
    }

    #[test]
    fn a_small_foreign_city_named_alone_needs_its_country_in_the_article() {
        let blocks = [
            "ADDIS ABABA, Ethiopia (AP) — Fighting spread to the Amhara region, where a militia known as Fano clashed with the army.",
            "Fano fighters later withdrew from two towns, officials in Tigray said.",
        ];
        let found = texts(&blocks);
        assert!(!found.iter().any(|t| t == "Fano"), "{found:?}");
        // With its country named, the town stands alone.
        let text = "Italy reopened its ports; in the Marche region, Fano welcomed the first ferry.";
        assert_eq!(slug_of(&[text], "Fano").as_deref(), Some("fano"));
    }

    #[test]
    fn the_european_union_is_no_town_called_union() {
        let text = "The European Union, the United States and Russia urged calm; so did the African Union.";
        assert_eq!(texts(&[text]), ["United States", "Russia"]);
    }

    #[test]
    fn a_name_before_region_or_province_is_the_first_level_division() {
        let blocks = [
            "Troops took a village near Pokrovsk, in the eastern Donetsk region, and shelled the city of Donetsk.",
        ];
        let found = linked(&blocks);
        let donetsk: Vec<&str> = found
            .iter()
            .filter(|(t, _)| t == "Donetsk")
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(donetsk, ["donetsk-oblast", "donetsk"], "{found:?}");
    }

    #[test]
    fn an_alternate_spelling_of_a_large_city_wins_over_a_hamlet_of_that_spelling() {
        let text = "The Zaporizhzhia nuclear plant in Ukraine lost its power line again.";
        assert_eq!(
            slug_of(&[text], "Zaporizhzhia").as_deref(),
            Some("zaporizhzhya")
        );
    }

    #[test]
    fn a_place_noun_after_a_name_shows_a_place() {
        let text = "Soldiers raided the Jenin refugee camp in the West Bank overnight.";
        assert_eq!(slug_of(&[text], "Jenin").as_deref(), Some("janin"));
    }

    #[test]
    fn an_arabic_name_links_in_its_usual_english_spelling() {
        let text = "Families fled to the central town of Deir al-Balah in the Gaza Strip.";
        assert_eq!(texts(&[text]), ["Deir al-Balah", "Gaza Strip"]);
        assert_eq!(
            super::transliteration("deir al-balah").as_deref(),
            Some("dayr al balah")
        );
        assert_eq!(super::transliteration("kyiv"), None);
    }

    #[test]
    fn slugs_of_names_with_apostrophes_are_whole_words() {
        let text = "MEKELE, Ethiopia (AP) — Aid trucks reached Mekele on Friday.";
        let found = linked(&[text]);
        assert_eq!(
            found[0],
            ("MEKELE".to_owned(), "mekele".to_owned()),
            "{found:?}"
        );
        assert_eq!(
            found[2],
            ("Mekele".to_owned(), "mekele".to_owned()),
            "{found:?}"
        );
    }

    mod props {
        use super::super::super::{Gazetteer, find_territories};
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn demonyms_are_never_linked(
                words in prop::collection::vec(prop::sample::select(vec![
                    "Canadian", "Americans", "Texan", "Floridians", "British", "Ukrainian",
                    "Armenians", "Mexican", "Albertans", "Ethiopians", "Israeli", "Palestinians",
                    "said", "the", "in", "Toronto", "Ottawa", "Gaza", ",", ".", "and",
                ]), 0..16)
            ) {
                static G: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(Gazetteer::embedded);
                let text = words.join(" ");
                for m in find_territories(&G, &[&text]) {
                    let t = &text[m.start..m.end];
                    prop_assert!(
                        matches!(t, "Toronto" | "Ottawa" | "Gaza"),
                        "linked {t:?} in {text:?}"
                    );
                }
            }
        }
    }
}
