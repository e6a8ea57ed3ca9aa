//! The people an article names: full names by surname, their sex where the text or the
//! first-name list tells, and the description the article gives them.
//!
//! One pass over the narration of every block finds the capitalised runs, cleans titles off
//! them (`Sen. Ann Lee` → `Ann Lee`, the title kept as a description), tells bodies
//! (`the Defense Ministry`) from people, and files each person under their surname. A bare
//! surname later in the text resolves to the full name nearest before it.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::lexicon::{
    self, DETERMINERS, FEMALE_NOUNS, FEMALE_TITLES, MALE_NOUNS, MALE_TITLES, NOT_NAMES, ORG_WORDS,
    TITLES,
};
use super::text::{self, Block, Tok};

/// Common US first names and the sex they are given to (see `scripts/first-names.py`).
const FIRST_NAMES: &str = include_str!("../data/first-names.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sex {
    Male,
    Female,
}

static FIRST_NAME_LIST: LazyLock<Vec<(&'static str, u8)>> = LazyLock::new(|| {
    FIRST_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' ').map(|(n, s)| (n, s.as_bytes()[0])))
        .collect()
});

/// What the first-name list says of `word`: `Some(Some(sex))`, `Some(None)` for a common
/// first name given to both, `None` for a word that is no common first name.
pub(super) fn first_name(word: &str) -> Option<Option<Sex>> {
    if word.len() < 2 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 32];
    let lower = buf.get_mut(..word.len())?;
    for (d, s) in lower.iter_mut().zip(word.as_bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(lower).ok()?;
    let list = &*FIRST_NAME_LIST;
    let i = list.binary_search_by(|(n, _)| (*n).cmp(lower)).ok()?;
    Some(match list[i].1 {
        b'f' => Some(Sex::Female),
        b'm' => Some(Sex::Male),
        _ => None,
    })
}

/// The first token of the name run that ends at `last`, looking no further back than `lo`:
/// capitalised words, initials with their full stop (`Ann B. Lee`), particles between
/// capitals (`Bill de Blasio`), a title's department (`Secretary of State Ann Lee`).
pub(super) fn run_back(toks: &[Tok], last: usize, lo: usize) -> Option<usize> {
    if !toks.get(last)?.is_name_part() {
        return None;
    }
    let mut first = last;
    loop {
        if first > lo && toks[first - 1].is_name_part() {
            first -= 1;
            continue;
        }
        let joined = first >= lo + 2
            && (toks[first - 1].is(".") && toks[first - 2].is_abbreviation()
                || toks[first - 1].is_particle() && toks[first - 2].is_name_part()
                || first < last && toks[first - 1].is("of") && toks[first - 2].is_in(TITLES));
        if !joined {
            return Some(first);
        }
        first -= 2;
    }
}

/// The last token of the name run that starts at `first`, not reaching `hi`; a possessive
/// (`Ann Lee’s`) ends it.
pub(super) fn run_forward(toks: &[Tok], first: usize, hi: usize) -> Option<usize> {
    let hi = hi.min(toks.len());
    if first >= hi || !toks[first].is_name_part() {
        return None;
    }
    let mut last = first;
    loop {
        let next = |k: usize| toks.get(last + k).filter(|_| last + k < hi);
        if next(1).is_some_and(Tok::is_name_part) {
            last += 1;
            continue;
        }
        let joined = next(2).is_some_and(Tok::is_name_part)
            && (next(1).is_some_and(|t| t.is(".")) && toks[last].is_abbreviation()
                || next(1).is_some_and(Tok::is_particle)
                || next(1).is_some_and(|t| t.is("of"))
                    && toks[last].is_in(TITLES)
                    && next(3).is_some_and(Tok::is_name_part));
        if !joined {
            if next(1).is_some_and(|t| t.is_cap() && t.is_possessive()) {
                last += 1;
            }
            return Some(last);
        }
        last += 2;
    }
}

/// A capitalised run read as a name.
#[derive(Debug, Clone)]
pub(super) struct Name {
    /// Tokens of the name itself, titles and sentence openers dropped.
    pub toks: Range<usize>,
    /// The name as written (`Ann B. Lee`).
    pub text: String,
    /// The words of office before it (`Treasury Secretary`), if any.
    pub title: Option<String>,
    /// A body rather than a person: `the Defense Ministry`, `The Associated Press`.
    pub org: bool,
    /// The run says it is a person: a title, a first name, an initial.
    pub personal: bool,
    pub sex: Option<Sex>,
    /// Written `Ann Lee’s`: the name owns what follows.
    pub possessive: bool,
    /// After `the` with no word of a body in it (`the Kentucky Republican`): a description.
    pub definite: bool,
}

impl Name {
    pub fn words(&self) -> usize {
        self.text.split(' ').count()
    }

    pub fn surname(&self) -> &str {
        surname(&self.text)
    }
}

/// A surname as filed: lower case, one kind of apostrophe (`O’Neill` is `O'Neill`).
fn surname_key(surname: &str) -> String {
    surname.to_lowercase().replace('’', "'")
}

/// The last word of a name, without a suffix: `Newkirk` for `Vann R. Newkirk II`.
pub(super) fn surname(name: &str) -> &str {
    let mut words = name.rsplit(' ');
    let last = words.next().unwrap_or(name);
    if lexicon::NAME_SUFFIXES.has(last.trim_end_matches('.')) {
        words.next().unwrap_or(last)
    } else {
        last
    }
}

/// The run `first..=last` as a name, or `None` when nothing is left of it.
pub(super) fn read_name(block: &Block, first: usize, last: usize) -> Option<Name> {
    let toks = &block.toks;
    let run = toks.get(first..=last)?;
    let the = run[0].is("The") || first > 0 && toks[first - 1].is("the");
    if run.len() == 1 && run[0].is("I") {
        return None;
    }
    // A single word in capitals (`FBI`, `CNN`) is an acronym, not a person.
    let acronym = |t: &Tok| t.text.len() > 1 && t.text.chars().all(|c| c.is_ascii_uppercase());
    // The name starts after the last title (`Azerbaijani President Ilham Aliyev`) and after
    // sentence openers (`Still Aliyev`).
    let mut start = 0;
    let mut title = None;
    let mut sex = None;
    for (i, t) in run.iter().enumerate() {
        if t.is_in(TITLES) && run[i + 1..].iter().any(|n| n.is_cap() && !n.is_in(TITLES)) {
            start = i + 1;
            title = Some(i);
            if t.is_in(MALE_TITLES) {
                sex = Some(Sex::Male);
            } else if t.is_in(FEMALE_TITLES) {
                sex = Some(Sex::Female);
            }
        }
    }
    // A body keeps its whole run (`Defense Ministry`, `Azerbaijan's Defense Ministry`); words of
    // a body before a title only describe the person (`Acme Party Chairman Ann Lee`).
    let mut org = run[start..].iter().any(|t| t.is_in(ORG_WORDS));
    // `the Kentucky Republican`: a description in capitals, not a name.
    let definite = the && !org;
    org |= the;
    if org {
        start = 0;
        title = None;
        sex = None;
    }
    while run
        .get(start)
        .is_some_and(|t| t.is(".") || t.is_in(NOT_NAMES) && !(org && t.is("The")))
    {
        start += 1;
    }
    let name = run.get(start..)?;
    let (a, b) = (name.first()?, name.last()?);
    if !b.is_cap() && !b.is_in(lexicon::NAME_SUFFIXES) {
        return None;
    }
    let possessive = b.is_possessive();
    // `Jr.`, `Sr.`: the suffix keeps its full stop (which may end the sentence as well).
    let dotted = b.is_in(lexicon::NAME_SUFFIXES)
        && b.text.len() == 2
        && toks
            .get(last + 1)
            .is_some_and(|t| t.is(".") && t.start == b.end);
    let end = if dotted {
        b.end + 1
    } else {
        b.start + b.base().len()
    };
    let owner = (org && start == 0 && first > 0)
        .then(|| &toks[first - 1])
        .filter(|t| t.is_possessive() && t.is_cap());
    let text = block
        .text
        .get(owner.map_or(a.start, |o| o.start)..end)?
        .to_owned();
    let title_text = title
        .and_then(|i| block.text.get(run[0].start..run[i].end))
        .map(str::to_owned);
    let words = || name.iter().filter(|t| t.is_word());
    let count = words().count();
    if count == 1 && words().next().is_some_and(acronym) {
        org = true;
    }
    let initial = count >= 3
        && words()
            .skip(1)
            .take(count - 2)
            .any(|t| t.text.chars().count() == 1);
    let given = if count >= 2 {
        words().next().and_then(|t| first_name(t.text))
    } else {
        None
    };
    if sex.is_none() {
        sex = given.flatten();
    }
    Some(Name {
        toks: first + start..last + 1,
        text,
        title: title_text,
        org,
        personal: !org && (title.is_some() || given.is_some() || initial),
        sex,
        possessive,
        definite,
    })
}

/// One person the article names.
#[derive(Debug, Clone)]
pub(super) struct Person {
    /// The fullest name the article gives (a bare surname until a full name is seen).
    pub name: String,
    /// Sex by weight of evidence: titles and role nouns count most, pronouns least.
    pub male: u32,
    pub female: u32,
    /// The text says this is a person (a title, a first name, a role, an age, speech).
    pub personal: bool,
    /// The description the article gives (`Treasury Secretary`, `77, a refugee`).
    pub description: Option<String>,
    /// The first-name list has had its say on a name used alone (once, however often it is).
    first_named: bool,
}

impl Person {
    pub fn sex(&self) -> Option<Sex> {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Some(Sex::Male),
            std::cmp::Ordering::Less => Some(Sex::Female),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// A name found in the narration, with whom it names.
#[derive(Debug, Clone)]
pub(super) struct NameAt {
    pub name: Name,
    /// The person it names; `None` for a body or a word that is only a name-like capital.
    pub person: Option<usize>,
}

#[derive(Debug, Default)]
pub(super) struct People {
    pub list: Vec<Person>,
    /// Lower-case surname → the people with it, in order of first mention.
    by_surname: FxHashMap<String, Vec<usize>>,
    /// Per block, the names in its narration in token order.
    pub names: Vec<Vec<NameAt>>,
    /// Per person, where a full name of theirs stands: (block, token), in text order.
    full_at: Vec<Vec<(usize, usize)>>,
}

impl People {
    /// Reads every name in the narration of `blocks`.
    pub fn gather(blocks: &[Block]) -> Self {
        let mut people = People {
            names: Vec::with_capacity(blocks.len()),
            ..People::default()
        };
        for (b, block) in blocks.iter().enumerate() {
            let mut here = Vec::new();
            let toks = &block.toks;
            let mut i = 0;
            while i < toks.len() {
                let Some(last) = (toks[i].quote.is_none())
                    .then(|| run_forward(toks, i, toks.len()))
                    .flatten()
                else {
                    i += 1;
                    continue;
                };
                if let Some(name) = read_name(block, i, last) {
                    let spoke = speaks_here(toks, &name);
                    let person = (!name.org)
                        .then(|| people.file(&name, spoke, b, block))
                        .flatten();
                    here.push(NameAt { name, person });
                }
                i = last + 1;
            }
            people.names.push(here);
            people.pronoun_evidence(b, block);
        }
        people
    }

    /// Files a name under its surname: a full name joins the person with that first name or
    /// founds one; a bare surname joins the person nearest before, or founds a bare one.
    fn file(&mut self, name: &Name, spoke: bool, b: usize, block: &Block) -> Option<usize> {
        let full = name.words() >= 2;
        let toks = &block.toks;
        let age = toks.get(name.toks.end).is_some_and(|t| t.is(","))
            && toks
                .get(name.toks.end + 1)
                .is_some_and(|t| t.text.chars().all(|c| c.is_ascii_digit()))
            && toks
                .get(name.toks.end + 2)
                .is_some_and(|t| t.is(",") || t.is_lower());
        let role = role_before(block, name.toks.start);
        let description = description_of(block, name);
        let ids = self.ids(name.surname()).cloned().unwrap_or_default();
        let first_word = name.text.split(' ').next().unwrap_or_default();
        let found = if full {
            ids.iter().copied().find(|&p| {
                let known = &self.list[p].name;
                known.split(' ').count() == 1
                    || known.split(' ').next() == Some(first_word)
                    || *known == name.text
            })
        } else {
            self.nearest_full(&ids, b, name.toks.start)
                .or_else(|| ids.first().copied())
        };
        if !full && found.is_none() && !name.personal && !age && !spoke && role.is_none() {
            // A lone capitalised word: a person only once a full name or a title says so.
            return None;
        }
        let id = found.unwrap_or_else(|| {
            self.list.push(Person {
                name: name.text.clone(),
                male: 0,
                female: 0,
                personal: false,
                description: None,
                first_named: false,
            });
            self.full_at.push(Vec::new());
            self.by_surname
                .entry(surname_key(name.surname()))
                .or_default()
                .push(self.list.len() - 1);
            self.list.len() - 1
        });
        let person = &mut self.list[id];
        if full && person.name.split(' ').count() == 1 {
            person.name = name.text.clone();
        }
        // A lone first name (`Melanie said`) tells the sex as a first name does, but not a
        // surname of someone named in full (`Clinton` is no man's first name here).
        if !full && !person.name.contains(' ') && name.title.is_none() && !person.first_named {
            person.first_named = true;
            // Weakly: the text's own pronouns outweigh it.
            match first_name(&name.text).flatten() {
                Some(Sex::Male) => person.male += 1,
                Some(Sex::Female) => person.female += 1,
                None => {}
            }
        }
        if full {
            self.full_at[id].push((b, name.toks.start));
        }
        person.personal |= name.personal || age || spoke || role.is_some();
        let weight = if name.title.is_some() { 3 } else { 2 };
        match name.sex.or(role.flatten()) {
            Some(Sex::Male) => person.male += weight,
            Some(Sex::Female) => person.female += weight,
            None => {}
        }
        match description.as_deref().and_then(description_sex) {
            Some(Sex::Male) => person.male += 3,
            Some(Sex::Female) => person.female += 3,
            None => {}
        }
        if person.description.is_none() {
            person.description = description;
        }
        Some(id)
    }

    /// Of `ids`, the person whose full name stands nearest before token `tok` of block `b`.
    fn nearest_full(&self, ids: &[usize], b: usize, tok: usize) -> Option<usize> {
        ids.iter()
            .filter_map(|&p| {
                let at = &self.full_at[p];
                let n = at.partition_point(|&pos| pos < (b, tok));
                n.checked_sub(1).map(|i| (at[i], p))
            })
            .max()
            .map(|(_, p)| p)
    }

    /// The people filed under `surname` (any case).
    fn ids(&self, surname: &str) -> Option<&Vec<usize>> {
        // Most surnames are short and ASCII: their key is made on the stack.
        let mut buf = [0u8; 32];
        match buf.get_mut(..surname.len()).filter(|_| surname.is_ascii()) {
            Some(lower) => {
                for (d, s) in lower.iter_mut().zip(surname.as_bytes()) {
                    *d = s.to_ascii_lowercase();
                }
                self.by_surname.get(std::str::from_utf8(lower).ok()?)
            }
            None => self.by_surname.get(&surname_key(surname)),
        }
    }

    /// The person a surname (or full name) at block `b`, token `tok` names, by the rule of the
    /// full name nearest before; `ambiguous` when several people share the surname.
    pub fn resolve(&self, surname: &str, b: usize, tok: usize) -> Option<(usize, bool)> {
        let ids = self.ids(surname)?;
        let id = self
            .nearest_full(ids, b, tok)
            .or_else(|| ids.first().copied())?;
        let full_people = ids
            .iter()
            .filter(|&&p| self.list[p].name.contains(' '))
            .count();
        Some((id, full_people > 1))
    }

    /// Token `tok` of block `b` is where person `p` is first named in full.
    pub fn is_first_full(&self, p: usize, b: usize, tok: usize) -> bool {
        self.full_at.get(p).and_then(|at| at.first()) == Some(&(b, tok))
    }

    /// The name at token `tok` of block `b`, if a name ends there.
    pub fn name_ending_at(&self, b: usize, tok: usize) -> Option<&NameAt> {
        let names = self.names.get(b)?;
        let i = names.partition_point(|n| n.name.toks.end <= tok);
        names.get(i).filter(|n| n.name.toks.end == tok + 1)
    }

    /// The names whose tokens lie within `range` of block `b`.
    pub fn names_in(&self, b: usize, range: Range<usize>) -> &[NameAt] {
        let Some(names) = self.names.get(b) else {
            return &[];
        };
        let from = names.partition_point(|n| n.name.toks.start < range.start);
        let to = names.partition_point(|n| n.name.toks.start < range.end);
        names.get(from..to.max(from)).unwrap_or(&[])
    }

    /// `he`/`his` or `she`/`her` after a person's name, in a sentence where no other person is
    /// named before the pronoun: weak evidence of their sex.
    fn pronoun_evidence(&mut self, b: usize, block: &Block) {
        // The first person named in the sentences before, for a `She` opening the next one.
        let mut before: Option<usize> = None;
        for s in &block.sentences {
            let opener = block.toks.get(s.start).map(|t| t.text);
            let opens = match opener {
                Some("He") => Some(Sex::Male),
                Some("She") => Some(Sex::Female),
                _ => None,
            };
            if let (Some(sex), Some(id)) = (opens, before) {
                // `Lee took the stage, facing Ruiz. She began…`: she is most often the subject
                // before; weak evidence, once per sentence.
                let person = &mut self.list[id];
                match sex {
                    Sex::Male => person.male += 1,
                    Sex::Female => person.female += 1,
                }
            }
            let names = self.names_in(b, s.clone());
            let first_person = names.iter().find_map(|n| n.person);
            // `He told Ruiz…` is still about the one before, not about Ruiz.
            before = if opens.is_some() {
                before
            } else {
                first_person
            };
            let Some(first) = names.iter().find(|n| n.person.is_some()) else {
                continue;
            };
            let (Some(id), from) = (first.person, first.name.toks.end) else {
                continue;
            };
            let until = names
                .iter()
                .filter(|n| n.name.toks.start >= from)
                .find(|n| n.person.is_some_and(|p| p != id))
                .map_or(s.end, |n| n.name.toks.start);
            let mut male = 0;
            let mut female = 0;
            for t in block.toks.get(from..until).unwrap_or(&[]) {
                match t.text {
                    "he" | "He" | "his" | "His" | "him" | "himself" => male += 1,
                    "she" | "She" | "her" | "Her" | "herself" => female += 1,
                    // `Lee spoke to the nominee, who began his speech`: from here the pronouns
                    // are someone else's.
                    "who" | "whose" | "whom" | "which" => break,
                    _ => {}
                }
            }
            let person = &mut self.list[id];
            if male > 0 && female == 0 {
                person.male += 1;
                person.personal = true;
            } else if female > 0 && male == 0 {
                person.female += 1;
                person.personal = true;
            }
        }
    }
}

/// The sex a description tells, from a role noun in it (`a spokeswoman for the firm`).
pub(super) fn description_sex(text: &str) -> Option<Sex> {
    text.split(|c: char| !c.is_alphanumeric()).find_map(|w| {
        if MALE_NOUNS.has(w) {
            Some(Sex::Male)
        } else if FEMALE_NOUNS.has(w) {
            Some(Sex::Female)
        } else {
            None
        }
    })
}

/// The name is the subject of a speech verb (`Lee said`, `Lee later told`, `said Lee.`): a
/// person, or a body that speaks like one.
fn speaks_here(toks: &[Tok], name: &Name) -> bool {
    if name.org || name.possessive {
        return false;
    }
    let mut k = name.toks.end;
    while toks
        .get(k)
        .is_some_and(|t| t.is_in(lexicon::BETWEEN_SUBJECT_AND_VERB))
        && k < name.toks.end + 2
    {
        k += 1;
    }
    let before = name
        .toks
        .start
        .checked_sub(1)
        .is_some_and(|p| text::is_cue_verb(toks, p) && !toks[p].is("according"));
    let closes = toks.get(name.toks.end).is_none_or(|t| !t.is_word());
    k < toks.len() && text::is_cue_verb(toks, k) || before && closes
}

/// A role noun right before a name (`his wife Ann Lee`, `spokeswoman Ann Lee`, `pollster Ann
/// Lee`): `Some(sex)` when it tells one, `Some(None)` for a role that tells none.
fn role_before(block: &Block, first: usize) -> Option<Option<Sex>> {
    let t = block.toks.get(first.checked_sub(1)?)?;
    if !t.is_lower() || t.is_in(lexicon::CLAUSE_WORDS) || t.is_in(lexicon::PREPOSITIONS) {
        return None;
    }
    if t.is_in(MALE_NOUNS) {
        Some(Some(Sex::Male))
    } else if t.is_in(FEMALE_NOUNS) {
        Some(Some(Sex::Female))
    } else if t.is_in(lexicon::ROLE_NOUNS) {
        Some(None)
    } else {
        None
    }
}

/// The description the text gives with a name: the words of office before it (`Treasury
/// Secretary`), lowercase roles before it (`Republican pollster`), or what follows it between
/// commas (`77, an Azerbaijani refugee from Kalbajar region`).
pub(super) fn description_of(block: &Block, name: &Name) -> Option<String> {
    let toks = &block.toks;
    // Before: the title, with lowercase roles and capitals before it back to a determiner.
    let mut from = name.toks.start;
    // Never back into the sentence before (`…the ambassador. Foreign Secretary Ann Lee`).
    let lo = block
        .sentences
        .get(block.sentence_of(from))
        .map_or(0, |s| s.start);
    let title_len = name.title.as_ref().map_or(0, |_| {
        let mut k = from;
        while k > lo && (toks[k - 1].is_cap() || toks[k - 1].is(".")) {
            k -= 1;
        }
        from - k
    });
    from -= title_len;
    let mut k = from;
    while k > lo
        && from - k < 4
        && (toks[k - 1].is_lower() || toks[k - 1].is_cap() || toks[k - 1].is_possessive())
        && !toks[k - 1].is_in(DETERMINERS)
        && !toks[k - 1].is_in(lexicon::CLAUSE_WORDS)
        && !toks[k - 1].is_in(lexicon::PREPOSITIONS)
        && !toks[k - 1].is_verb(lexicon::SPEECH_VERBS)
        && !toks[k - 1].is_verb(lexicon::SPEECH_PARTICIPLES)
        && !toks[k - 1].is_in(NOT_NAMES)
        && !(toks[k - 1].is_lower() && toks[k - 1].text.ends_with("ed"))
    {
        k -= 1;
    }
    // Lowercase words only count as a role when they touch the name or its title.
    let before = (k < name.toks.start && toks[k..name.toks.start].iter().any(Tok::is_lower)
        || title_len > 0)
        .then(|| block.text.get(toks[k].start..toks[name.toks.start - 1].end))
        .flatten()
        .filter(|s| !s.is_empty());
    // After: appositions between commas, up to a verb, the sentence end or a quote.
    let after = apposition_after(block, name.toks.end);
    match (before, after) {
        (Some(before), Some(after)) => Some(format!("{}, {after}", before.trim_end_matches('.'))),
        (None, Some(after)) => Some(after),
        (Some(before), None) => Some(before.trim_end_matches('.').to_owned()),
        (None, None) => apposition_before(block, name),
    }
}

/// `a spokeswoman for the hotel chain, Jane Roe, said`: the description set before a name
/// that stands between commas, from a determiner at the start of its clause (the sentence's
/// start, or just after a quote) to the comma before the name.
fn apposition_before(block: &Block, name: &Name) -> Option<String> {
    const LONGEST: usize = 12;
    let toks = &block.toks;
    let start = name.toks.start;
    if start < 2 || !toks[start - 1].is(",") || !toks.get(name.toks.end)?.is(",") {
        return None;
    }
    let lo = block
        .sentences
        .get(block.sentence_of(start))
        .map_or(0, |s| s.start);
    let mut k = start - 1;
    while k > lo && start - 1 - k < LONGEST {
        let t = &toks[k - 1];
        if t.quote.is_some() || t.is(",") || t.is_dash() || t.is(":") || t.is(";") {
            break;
        }
        k -= 1;
    }
    let first = toks.get(k)?;
    let opens = (k == lo || toks[k - 1].quote.is_some()) && first.is_in(DETERMINERS);
    let has_noun = toks[k..start - 1].iter().any(Tok::is_lower);
    if !opens || !has_noun || k + 1 >= start - 1 {
        return None;
    }
    let text = block.text.get(first.start..toks[start - 2].end)?;
    (!text.is_empty()).then(|| text.to_owned())
}

/// `, 77, an Azerbaijani refugee from Kalbajar region` after a name ending before token `end`:
/// the words up to the comma or verb that closes them.
pub(super) fn apposition_after(block: &Block, end: usize) -> Option<String> {
    const LONGEST: usize = 16;
    let toks = &block.toks;
    if !toks.get(end)?.is(",") {
        return None;
    }
    let first = toks.get(end + 1)?;
    let age = first.text.chars().all(|c| c.is_ascii_digit());
    if !(age || first.is_in(DETERMINERS) || first.is_lower() && !first.is_in(NOT_NAMES)) {
        return None;
    }
    let mut last = None;
    let mut k = end + 1;
    while k < toks.len() && k - end <= LONGEST {
        let t = &toks[k];
        let closes = t.quote.is_some()
            || matches!(t.text, "." | ";" | ":" | "(" | ")" | "!" | "?")
            || t.is_in(lexicon::CLAUSE_WORDS) && k > end + 1
            || t.is_verb(lexicon::SPEECH_VERBS)
            || t.is_verb(lexicon::SPEECH_PARTICIPLES)
            || t.is_lower()
                && t.text.ends_with("ed")
                && k > end + 2
                && !toks[k - 1].is_in(DETERMINERS)
                && toks
                    .get(k + 1)
                    .is_none_or(|n| !n.is_lower() || n.is_in(DETERMINERS));
        if closes {
            break;
        }
        if t.is(",") {
            // Another apposition follows only after an age (`Lee, 77, a refugee`).
            let next = toks.get(k + 1);
            let more = k == end + 2 && age && next.is_some_and(|n| n.is_in(DETERMINERS));
            if !more {
                break;
            }
        } else {
            last = Some(k);
        }
        k += 1;
    }
    // Closed at once (`Lee, said …`, `Lee, adding …`): no apposition.
    let last = last?;
    if age && last == end + 1 && toks.get(end + 2).is_none_or(|t| !t.is(",")) {
        return None;
    }
    let text = block.text.get(toks[end + 1].start..toks[last].end)?;
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::text::blocks;
    use super::*;

    fn people(texts: &[&str]) -> People {
        People::gather(&blocks(texts, &[]))
    }

    #[test]
    fn the_first_name_list_knows_common_names_and_their_sex() {
        assert_eq!(first_name("Mary"), Some(Some(Sex::Female)));
        assert_eq!(first_name("donald"), Some(Some(Sex::Male)));
        assert_eq!(first_name("Jody"), Some(None));
        assert_eq!(first_name("Kalbajar"), None);
    }

    #[test]
    fn titles_come_off_names_and_stay_as_their_description() {
        let p = people(&["Treasury Secretary John Doe spoke on Monday."]);
        assert_eq!(p.list.len(), 1);
        assert_eq!(p.list[0].name, "John Doe");
        assert_eq!(p.list[0].description.as_deref(), Some("Treasury Secretary"));
        assert_eq!(p.list[0].sex(), Some(Sex::Male));
    }

    #[test]
    fn an_age_and_an_apposition_make_the_description() {
        let p = people(&[
            "Velyeddin Ismayilov, 77, an Azerbaijani refugee from Kalbajar region puts on a hat.",
        ]);
        assert_eq!(p.list[0].name, "Velyeddin Ismayilov");
        assert_eq!(
            p.list[0].description.as_deref(),
            Some("77, an Azerbaijani refugee from Kalbajar region")
        );
    }

    #[test]
    fn a_description_before_a_name_between_commas_is_its_description() {
        let p = people(&["A spokeswoman for the hotel chain, Jane Roe, said the talks went well."]);
        assert_eq!(p.list[0].name, "Jane Roe");
        assert_eq!(
            p.list[0].description.as_deref(),
            Some("A spokeswoman for the hotel chain")
        );
    }

    #[test]
    fn a_speech_verb_after_the_comma_is_no_description() {
        let p = people(&[
            "“It is a historic step,” said Tom Baker, adding that more would follow.",
            "“Nobody expected it,” Rosa Imbert, said the lawyer.",
        ]);
        assert_eq!(p.list[0].name, "Tom Baker");
        assert_eq!(p.list[0].description, None);
    }

    #[test]
    fn a_role_before_and_an_apposition_after_make_one_description() {
        let p = people(&[
            "Republican pollster John Doe, part of the team that ran the survey, said so.",
        ]);
        assert_eq!(p.list[0].name, "John Doe");
        assert_eq!(
            p.list[0].description.as_deref(),
            Some("Republican pollster, part of the team")
        );
    }

    #[test]
    fn a_bare_surname_joins_the_full_name_nearest_before() {
        let p = people(&[
            "Bill Clinton spoke first. Hillary Clinton followed.",
            "Clinton then left.",
        ]);
        let (id, ambiguous) = p.resolve("Clinton", 1, 0).expect("known");
        assert_eq!(p.list[id].name, "Hillary Clinton");
        assert!(ambiguous);
    }

    #[test]
    fn bodies_are_not_people() {
        let p = people(&["Azerbaijan's Defense Ministry and The Associated Press and the FBI."]);
        assert!(p.list.is_empty());
        assert!(p.names[0].iter().all(|n| n.name.org));
    }

    #[test]
    fn pronouns_after_a_name_tell_the_sex() {
        let p = people(&["Megda Belkacemi waited, and she was ready when her day came."]);
        assert_eq!(p.list[0].sex(), Some(Sex::Female));
        assert!(p.list[0].personal);
    }
}
