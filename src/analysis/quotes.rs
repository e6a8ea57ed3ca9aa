//! Finds direct quotes and who said them.
//!
//! Two passes: a scanner pairs the double quote marks (curly or straight, in any mix) of every
//! block, joining a quote that runs over several body paragraphs; then each quote is attributed
//! from the words right after it (`…,” Aliyev said.`), else the words of its sentence before it
//! (`He wrote that the decision was “…”`), else the quote before it in the same paragraph
//! when no one else is named between them. Surnames and pronouns resolve to the full name of a
//! person the article names. Single quotes and apostrophes are never quote marks, so nested
//! single quotes stay inside their double quote.

use std::collections::HashMap;
use std::ops::Range;

/// A piece of a quote within one block, quote marks included (byte offsets, end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotePart {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// One direct quote; more than one part when it runs over several paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuote {
    pub parts: Vec<QuotePart>,
    /// The quoted words without the marks; parts joined by `\n\n`.
    pub text: String,
    /// The speaker's full name, `None` when the text does not name one.
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<FoundQuote>,
    /// e.g. unbalanced quote marks.
    pub warnings: Vec<String>,
}

/// `blocks` holds the body paragraphs (`0..body_len`) and then the captions.
#[must_use]
pub fn find_quotes(blocks: &[&str], body_len: usize) -> QuoteScan {
    let body_len = body_len.min(blocks.len());
    let (spans, warnings) = pair_marks(blocks, body_len);
    let text = Text::new(blocks, body_len, &spans);
    let people = People::gather(&text, &spans);
    // Built on the first pronoun, once: who was named last up to each body paragraph.
    let mut latest: Option<Vec<Option<usize>>> = None;
    let mut quotes: Vec<FoundQuote> = Vec::with_capacity(spans.len());
    for (n, parts) in spans.iter().enumerate() {
        let own = text.attribution(parts);
        let speaker = match own {
            Who::Named(name) => Some(people.full_name(&name)),
            Who::Pronoun { block, at } => {
                let latest = latest.get_or_insert_with(|| people.latest_by_paragraph(&text));
                people.latest_before(&text, latest, block, at)
            }
            Who::Nobody => n.checked_sub(1).and_then(|p| {
                let previous = quotes.last()?.speaker.clone()?;
                text.carries_over(&spans[p], parts, &previous)
                    .then_some(previous)
            }),
        };
        quotes.push(FoundQuote {
            text: inner_text(blocks, parts),
            parts: parts.clone(),
            speaker,
        });
    }
    QuoteScan { quotes, warnings }
}

const OPEN: char = '“';
const CLOSE: char = '”';
const STRAIGHT: char = '"';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight quote whose neighbours do not tell; the pairing decides.
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: usize,
    role: Role,
}

fn marks(text: &str) -> Vec<Mark> {
    text.char_indices()
        .filter_map(|(at, c)| {
            let role = match c {
                OPEN => Role::Open,
                CLOSE => Role::Close,
                STRAIGHT => straight_role(text, at),
                _ => return None,
            };
            Some(Mark {
                at,
                len: c.len_utf8(),
                role,
            })
        })
        .collect()
}

/// A straight quote opens after the start, a space, an opening bracket or a dash and before a
/// word; it closes after a word and before a space, punctuation or the end.
fn straight_role(text: &str, at: usize) -> Role {
    let before = text[..at].chars().next_back();
    let after = text[at + 1..].chars().next();
    let opening = before.is_none_or(|c| c.is_whitespace() || "([{<—–-/“‘".contains(c))
        && after.is_some_and(|c| !c.is_whitespace());
    let closing = before.is_some_and(|c| !c.is_whitespace())
        && after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}>—–-…’'”".contains(c));
    match (opening, closing) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    }
}

fn block_id(block: usize, body_len: usize) -> String {
    if block < body_len {
        format!("p{}", block + 1)
    } else {
        format!("c{}", block - body_len + 1)
    }
}

/// Pairs quote marks into quotes (each a list of parts), warning about marks left unpaired.
fn pair_marks(blocks: &[&str], body_len: usize) -> (Vec<Vec<QuotePart>>, Vec<String>) {
    let mut quotes = Vec::new();
    let mut warnings = Vec::new();
    // Parts of a quote still open at the end of the previous paragraph.
    let mut carried: Vec<QuotePart> = Vec::new();
    let mut unbalanced = |block: usize, at: usize, carried: &mut Vec<QuotePart>| {
        let (block, at) = carried.first().map_or((block, at), |p| (p.block, p.start));
        warnings.push(format!(
            "{}: unbalanced quote mark at byte {at}",
            block_id(block, body_len)
        ));
        carried.clear();
    };
    for (b, text) in blocks.iter().enumerate() {
        let found = marks(text);
        let mut marks = found.iter().peekable();
        let mut open: Option<usize> = None;
        if !carried.is_empty() {
            // A quote runs on only into a paragraph that reopens it at its very start.
            if b < body_len
                && marks
                    .peek()
                    .is_some_and(|m| m.at == 0 && m.role != Role::Close)
            {
                open = Some(0);
                marks.next();
            } else {
                unbalanced(b, 0, &mut carried);
            }
        }
        for mark in marks {
            let role = match mark.role {
                Role::Either if open.is_some() => Role::Close,
                Role::Either => Role::Open,
                role => role,
            };
            match (role, open) {
                (Role::Open, Some(earlier)) => {
                    unbalanced(b, earlier, &mut carried);
                    open = Some(mark.at);
                }
                (Role::Open, None) => open = Some(mark.at),
                (_, Some(start)) => {
                    carried.push(QuotePart {
                        block: b,
                        start,
                        end: mark.at + mark.len,
                    });
                    quotes.push(std::mem::take(&mut carried));
                    open = None;
                }
                (_, None) => unbalanced(b, mark.at, &mut carried),
            }
        }
        if let Some(start) = open {
            let runs_on = b + 1 < body_len && blocks[b + 1].starts_with([OPEN, STRAIGHT]);
            if runs_on {
                carried.push(QuotePart {
                    block: b,
                    start,
                    end: text.len(),
                });
            } else {
                unbalanced(b, start, &mut carried);
            }
        }
    }
    (quotes, warnings)
}

/// The quoted words: each part without its opening mark, the last also without its closing one.
fn inner_text(blocks: &[&str], parts: &[QuotePart]) -> String {
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut chars = blocks[p.block][p.start..p.end].chars();
            chars.next();
            if i == last {
                chars.next_back();
            }
            chars.as_str()
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

// ---------------------------------------------------------------------------------------------
// Words

/// A word (letters and digits, joined by inner hyphens and apostrophes) or one punctuation mark.
#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.text.starts_with(char::is_alphanumeric)
    }

    /// `Aliyev` for `Aliyev’s`.
    fn base(&self) -> &str {
        self.text
            .strip_suffix("'s")
            .or_else(|| self.text.strip_suffix("’s"))
            .unwrap_or(self.text)
    }

    fn is_possessive(&self) -> bool {
        self.base().len() != self.text.len()
    }

    /// A capitalised word that may be part of a name.
    fn is_name_word(&self) -> bool {
        self.text.starts_with(char::is_uppercase) && !self.is_possessive()
    }

    fn is_pronoun(&self) -> bool {
        matches!(self.text, "he" | "He" | "she" | "She")
    }

    fn is_speech_verb(&self) -> bool {
        SPEECH_VERBS.contains(&self.text)
    }

    fn is_abbreviation(&self) -> bool {
        ABBREVIATIONS.contains(&self.text)
            || (self.text.chars().count() == 1 && self.text.starts_with(char::is_uppercase))
    }
}

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "asks",
    "explained",
    "explains",
    "continued",
    "recalled",
    "recalls",
    "declared",
    "insisted",
    "stated",
    "noted",
    "replied",
    "shouted",
    "tweeted",
    "announced",
    "warned",
    "argued",
    "urged",
    "acknowledged",
    "admitted",
    "complained",
    "vowed",
    "stressed",
    "claimed",
    "exclaimed",
    "remarked",
    "responded",
    "conceded",
    "cautioned",
    "predicted",
    "according",
];

// Words after which a full stop ends no sentence and may sit inside a name (`Gen. Ali Smith`)
// are the parser's: one list for the whole analysis.
use super::parse::ABBREVIATIONS;

/// Words of office that precede a name and are not part of it.
const TITLES: &[&str] = &[
    "President",
    "Prime",
    "Minister",
    "Foreign",
    "Defense",
    "Defence",
    "Deputy",
    "Vice",
    "Senator",
    "Sen",
    "Governor",
    "Gov",
    "Rep",
    "Representative",
    "Mayor",
    "Ambassador",
    "Secretary",
    "Chancellor",
    "King",
    "Queen",
    "Prince",
    "Pope",
    "Patriarch",
    "Archbishop",
    "Bishop",
    "Father",
    "Judge",
    "Justice",
    "General",
    "Gen",
    "Colonel",
    "Col",
    "Lt",
    "Capt",
    "Captain",
    "Sgt",
    "Sergeant",
    "Major",
    "Commander",
    "Chief",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Chairman",
    "Chairwoman",
    "Speaker",
    "Leader",
];

/// Capitalised words that open sentences or name times; never the start of a person's name.
const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "And",
    "But",
    "Or",
    "So",
    "If",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "Of",
    "To",
    "With",
    "As",
    "After",
    "Before",
    "During",
    "When",
    "While",
    "Then",
    "Now",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Meanwhile",
    "Still",
    "Also",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "I",
    "We",
    "They",
    "He",
    "She",
    "You",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that make a capitalised run an organisation or a place rather than a person.
const NOT_PEOPLE: &[&str] = &[
    "Press",
    "Ministry",
    "Office",
    "Department",
    "Agency",
    "Council",
    "Committee",
    "Government",
    "Army",
    "Police",
    "Service",
    "Union",
    "Party",
    "Institute",
    "University",
    "Times",
    "News",
    "Post",
    "Reuters",
    "AP",
    "Kremlin",
    "Parliament",
    "Assembly",
    "Nations",
    "Republic",
    "Court",
    "Forces",
    "Organization",
    "Bank",
    "Company",
    "Group",
    "Church",
    "Region",
    "District",
    "City",
    "Street",
    "River",
    "Mountains",
];

fn tokens(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = chars.peek() {
                let joins = matches!(d, '-' | '\'' | '’')
                    && slice[j + d.len_utf8()..].starts_with(char::is_alphanumeric);
                if !(d.is_alphanumeric() || joins) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
        }
        out.push(Token {
            start: range.start + i,
            end: range.start + end,
            text: &slice[i..end],
        });
    }
    out
}

fn is_sentence_end(tokens: &[Token], i: usize) -> bool {
    match tokens[i].text {
        "!" | "?" => true,
        "." => !(i > 0 && tokens[i - 1].is_abbreviation()),
        _ => false,
    }
}

/// The index of the first token of the name run that ends at `last`, stopping at `lo`.
fn run_back(tokens: &[Token], last: usize, lo: usize) -> Option<usize> {
    if !tokens.get(last)?.is_name_word() {
        return None;
    }
    let mut first = last;
    loop {
        if first > lo && tokens[first - 1].is_name_word() {
            first -= 1;
        } else if first >= lo + 2
            && tokens[first - 1].text == "."
            && tokens[first - 2].is_abbreviation()
        {
            first -= 2;
        } else {
            return Some(first);
        }
    }
}

/// The index of the last token of the name run that starts at `first`.
fn run_forward(tokens: &[Token], first: usize) -> Option<usize> {
    if !tokens.get(first)?.is_name_word() {
        return None;
    }
    let mut last = first;
    loop {
        if tokens.get(last + 1).is_some_and(Token::is_name_word) {
            last += 1;
        } else if tokens.get(last + 1).is_some_and(|t| t.text == ".")
            && tokens[last].is_abbreviation()
            && tokens.get(last + 2).is_some_and(Token::is_name_word)
        {
            last += 2;
        } else {
            return Some(last);
        }
    }
}

/// The person's name in a capitalised run: titles and sentence openers dropped; `None` for an
/// organisation, a place word or a bare title.
fn clean_run(text: &str, tokens: &[Token], first: usize, last: usize) -> Option<String> {
    let run = tokens.get(first..=last)?;
    if run.first().is_some_and(|t| t.text == "The") {
        return None;
    }
    if run.iter().any(|t| NOT_PEOPLE.contains(&t.text)) {
        return None;
    }
    let after_title = run
        .iter()
        .rposition(|t| TITLES.contains(&t.text))
        .map_or(0, |i| i + 1);
    let name = run[after_title..]
        .iter()
        .skip_while(|t| t.text == "." || NOT_NAMES.contains(&t.text))
        .collect::<Vec<_>>();
    let (start, end) = (name.first()?.start, name.last()?.end);
    text.get(start..end).map(str::to_owned)
}

fn surname(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

// ---------------------------------------------------------------------------------------------
// Attribution

#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    Named(String),
    /// `he`/`she` at byte `at` of `block`.
    Pronoun {
        block: usize,
        at: usize,
    },
    Nobody,
}

/// The blocks with the quoted stretches known, so narration can be read apart from quotes.
struct Text<'a> {
    blocks: &'a [&'a str],
    body_len: usize,
    /// Per block, the byte ranges inside quotes.
    quoted: Vec<Vec<Range<usize>>>,
    /// Per block, the tokens outside quotes: cut once, read by every pass over the people.
    narration: Vec<Vec<Token<'a>>>,
}

impl<'a> Text<'a> {
    fn new(blocks: &'a [&'a str], body_len: usize, quotes: &[Vec<QuotePart>]) -> Self {
        let mut quoted = vec![Vec::new(); blocks.len()];
        for part in quotes.iter().flatten() {
            quoted[part.block].push(part.start..part.end);
        }
        let narration = blocks
            .iter()
            .zip(&quoted)
            .map(|(text, quoted)| {
                let mut out = Vec::new();
                let mut from = 0;
                for range in quoted {
                    out.extend(tokens(text, from..range.start));
                    from = range.end;
                }
                out.extend(tokens(text, from..text.len()));
                out
            })
            .collect();
        Self {
            blocks,
            body_len,
            quoted,
            narration,
        }
    }

    /// The tokens of a block outside its quotes.
    fn narration(&self, block: usize) -> &[Token<'a>] {
        &self.narration[block]
    }

    /// Who the words around a quote say spoke it.
    fn attribution(&self, parts: &[QuotePart]) -> Who {
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            return Who::Nobody;
        };
        match self.after(last) {
            Who::Nobody => self.before(first),
            who => who,
        }
    }

    /// `…,” Aliyev said.`, `…,” said Name`, `…,” Name, the leader of X, said`, `…,” he said`:
    /// the words right after the quote, up to the end of the sentence or the next quote.
    fn after(&self, part: &QuotePart) -> Who {
        let text = self.blocks[part.block];
        // The ranges of a block are in text order and do not overlap: a binary search finds
        // the next quote, rather than a scan per quote of a paragraph full of them.
        let quoted = &self.quoted[part.block];
        let until = quoted
            .get(quoted.partition_point(|r| r.start < part.end))
            .map_or(text.len(), |r| r.start);
        let all = tokens(text, part.end..until);
        let sentence_end = (0..all.len())
            .find(|&i| is_sentence_end(&all, i))
            .unwrap_or(all.len());
        let tail = &all[..sentence_end];
        let Some(first_word) = tail.iter().position(Token::is_word) else {
            return Who::Nobody;
        };
        let Some(verb) = tail.iter().position(Token::is_speech_verb) else {
            return Who::Nobody;
        };
        if verb == first_word {
            return self.object(part.block, text, tail, verb);
        }
        match subject(text, tail, verb, first_word) {
            Some((who, start)) if start == first_word => who.into_who(part.block),
            _ => Who::Nobody,
        }
    }

    /// `Name said: “…”`, `He wrote that the decision was “…”`: the quote's sentence before it.
    fn before(&self, part: &QuotePart) -> Who {
        let text = self.blocks[part.block];
        let quoted = &self.quoted[part.block];
        let from = quoted
            .partition_point(|r| r.end <= part.start)
            .checked_sub(1)
            .map_or(0, |i| quoted[i].end);
        let all = tokens(text, from..part.start);
        let sentence_start = (0..all.len())
            .rev()
            .find(|&i| is_sentence_end(&all, i))
            .map_or(0, |i| i + 1);
        let lead = &all[sentence_start..];
        for verb in (0..lead.len()).filter(|&i| lead[i].is_speech_verb()) {
            if let Some((who, _)) = subject(text, lead, verb, 0) {
                return who.into_who(part.block);
            }
        }
        Who::Nobody
    }

    /// `said Name`, `according to Name`.
    fn object(&self, block: usize, text: &str, tail: &[Token], verb: usize) -> Who {
        let mut next = verb + 1;
        if tail[verb].text == "according" {
            if tail.get(next).is_none_or(|t| t.text != "to") {
                return Who::Nobody;
            }
            next += 1;
        }
        match tail.get(next) {
            Some(t) if t.is_pronoun() => Who::Pronoun { block, at: t.start },
            Some(_) => run_forward(tail, next)
                .and_then(|last| clean_run(text, tail, next, last))
                .map_or(Who::Nobody, Who::Named),
            None => Who::Nobody,
        }
    }

    /// The speaker of the previous quote carries over to this one when both sit in one
    /// paragraph and no one else is named between them (`…,” Aliyev said. “We will revive…”`).
    fn carries_over(&self, previous: &[QuotePart], parts: &[QuotePart], speaker: &str) -> bool {
        let (Some(prev), Some(this)) = (previous.last(), parts.first()) else {
            return false;
        };
        if prev.block != this.block {
            return false;
        }
        let text = self.blocks[this.block];
        let between = tokens(text, prev.end..this.start);
        let own = surname(speaker);
        let mut i = 0;
        while i < between.len() {
            let Some(last) = run_forward(&between, i) else {
                i += 1;
                continue;
            };
            if clean_run(text, &between, i, last).is_some_and(|name| surname(&name) != own) {
                return false;
            }
            i = last + 1;
        }
        true
    }
}

/// A subject found before a speech verb: a name, or a pronoun at a byte offset.
enum Subject {
    Named(String),
    Pronoun(usize),
}

impl Subject {
    fn into_who(self, block: usize) -> Who {
        match self {
            Subject::Named(name) => Who::Named(name),
            Subject::Pronoun(at) => Who::Pronoun { block, at },
        }
    }
}

/// The subject of the speech verb at `verb`, looking no further back than `lo`, and the index
/// where it starts: `Aliyev said`, `he said`, `Name, the leader of X, said`, `he later said`.
fn subject(text: &str, tokens: &[Token], verb: usize, lo: usize) -> Option<(Subject, usize)> {
    let mut j = verb.checked_sub(1).filter(|&j| j >= lo)?;
    let adverb = |t: &Token| {
        t.text.ends_with("ly") && t.text.len() > 3 && t.text.starts_with(char::is_lowercase)
    };
    if adverb(&tokens[j]) && j > lo {
        j -= 1;
    }
    if tokens[j].is_pronoun() {
        return Some((Subject::Pronoun(tokens[j].start), j));
    }
    if tokens[j].text == "," {
        // An apposition between commas: `Name, 77, said`, `Name, the leader of X, said`.
        const LONGEST: usize = 16;
        let open = (lo..j)
            .rev()
            .take(LONGEST)
            .take_while(|&i| !is_sentence_end(tokens, i))
            .find(|&i| tokens[i].text == ",")?;
        j = open.checked_sub(1).filter(|&j| j >= lo)?;
    }
    let first = run_back(tokens, j, lo)?;
    let name = clean_run(text, tokens, first, j)?;
    Some((Subject::Named(name), first))
}

// ---------------------------------------------------------------------------------------------
// People

/// The people the article names, by surname, with the full name of their first full mention.
struct People {
    /// (surname, full name), in order of first mention.
    known: Vec<(String, String)>,
    /// Surname → index into `known`.
    index: HashMap<String, usize>,
}

impl People {
    /// Everyone named as a speaker, as the subject of a speech verb, after a title
    /// (`President Ilham Aliyev`) or before an age (`Velyeddin Ismayilov, 77,`).
    fn gather(text: &Text, quotes: &[Vec<QuotePart>]) -> Self {
        let mut names: Vec<String> = Vec::new();
        for parts in quotes {
            if let Who::Named(name) = text.attribution(parts) {
                names.push(name);
            }
        }
        // Surname → the first multi-word run ending in it.
        let mut full_runs: HashMap<String, String> = HashMap::new();
        for block in 0..text.blocks.len() {
            let src = text.blocks[block];
            let toks = text.narration(block);
            let mut i = 0;
            while i < toks.len() {
                if toks[i].is_speech_verb() {
                    if let Some((Subject::Named(name), _)) = subject(src, toks, i, 0) {
                        names.push(name);
                    }
                }
                let Some(last) = run_forward(toks, i) else {
                    i += 1;
                    continue;
                };
                let titled = toks[i..=last].iter().any(|t| TITLES.contains(&t.text));
                let aged = toks.get(last + 1).is_some_and(|t| t.text == ",")
                    && toks
                        .get(last + 2)
                        .is_some_and(|t| t.text.chars().all(|c| c.is_ascii_digit()))
                    && toks.get(last + 3).is_some_and(|t| t.text == ",");
                if let Some(name) = clean_run(src, toks, i, last) {
                    if titled || aged {
                        names.push(name.clone());
                    }
                    if name.contains(' ') && !full_runs.contains_key(surname(&name)) {
                        full_runs.insert(surname(&name).to_owned(), name);
                    }
                }
                i = last + 1;
            }
        }
        let mut known: Vec<(String, String)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for name in names {
            let key = surname(&name);
            if index.contains_key(key) {
                continue;
            }
            let key = key.to_owned();
            // The full name is the first multi-word mention ending in the surname.
            let full = full_runs.get(&key).cloned().unwrap_or(name);
            index.insert(key.clone(), known.len());
            known.push((key, full));
        }
        Self { known, index }
    }

    /// A multi-word name stands as written; a surname becomes the known full name.
    fn full_name(&self, name: &str) -> String {
        if name.contains(' ') {
            return name.to_owned();
        }
        self.index
            .get(name)
            .map_or_else(|| name.to_owned(), |&i| self.known[i].1.clone())
    }

    /// The person (index into `known`) named last in the narration of `block` before byte `at`
    /// (everywhere in it with `at == usize::MAX`).
    fn latest_in(&self, text: &Text, block: usize, at: usize) -> Option<usize> {
        text.narration(block)
            .iter()
            .rev()
            .filter(|t| t.start < at)
            .find_map(|t| self.index.get(t.base()).copied())
    }

    /// For each body paragraph, the person named last in it or in any paragraph before it:
    /// one pass over the body instead of a walk back over earlier paragraphs per pronoun.
    fn latest_by_paragraph(&self, text: &Text) -> Vec<Option<usize>> {
        let mut latest = None;
        (0..text.body_len)
            .map(|b| {
                latest = self.latest_in(text, b, usize::MAX).or(latest);
                latest
            })
            .collect()
    }

    /// The person most recently named before byte `at` of `block`, outside quotes: in the
    /// block, then (for body paragraphs) the paragraphs before it. Captions stand alone.
    /// `latest` is [`People::latest_by_paragraph`].
    fn latest_before(
        &self,
        text: &Text,
        latest: &[Option<usize>],
        block: usize,
        at: usize,
    ) -> Option<String> {
        let earlier = || {
            if block < text.body_len {
                block
                    .checked_sub(1)
                    .and_then(|b| latest.get(b).copied().flatten())
            } else {
                None
            }
        };
        self.latest_in(text, block, at)
            .or_else(earlier)
            .map(|i| self.known[i].1.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(blocks: &[&str]) -> QuoteScan {
        find_quotes(blocks, blocks.len())
    }

    fn speakers(scan: &QuoteScan) -> Vec<Option<&str>> {
        scan.quotes.iter().map(|q| q.speaker.as_deref()).collect()
    }

    const P4: &str = "“We will hold the enemy accountable... When I visited the city of Aghdam, I didn't find a single standing building, and neither in Fizuli or Jabrayil. They destroyed everything,\" Aliyev said. “We will revive these cities and regions again. We have big plans to rebuild these areas.”";
    const P7: &str = "“What is happening in Kalbajar is vandalism. Not just our houses, but schools, culture centers, other civilian objects are being burned that (Armenians) did not build, forests, even the cattle,” Velyeddin Ismayilov told The Associated Press.";
    const P8: &str = "The 77-year-old says he fled Kalbajar with his wife and three young children when the Armenians arrived, and his big house is now ruined. But he is prepared to return and restore the town and build a new house for his family.";
    const P9: &str = "“There is no greater happiness than to live in your hometown. I and my entire family are ready to head there right now, to live in a tent there, while slowly restoring my native Kalbajar. With my grown-up children, grandchildren we will build an even better house,” Ismayilov said.";
    const C2: &str = "Velyeddin Ismayilov, 77, an Azerbaijani refugee from Kalbajar region puts on a national hat prior to his interview with the Associated Press in Baku, Azerbaijan, Wednesday, Nov. 25, 2020. Ismayilov says he fled Kalbajar with his wife and three young children, and his big house is now ruined. But he is prepared to return and restore his home town, and build a new house for his family. \"With my grown-up children, grandchildren we will build an even better house,\" he said.";

    #[test]
    fn a_curly_quote_closed_by_a_straight_one_is_one_quote() {
        let s = scan(&[P4]);
        assert_eq!(s.quotes.len(), 2);
        let first = &s.quotes[0];
        assert_eq!(
            first.text,
            "We will hold the enemy accountable... When I visited the city of Aghdam, I didn't find a single standing building, and neither in Fizuli or Jabrayil. They destroyed everything,"
        );
        let part = &first.parts[0];
        assert!(P4[part.start..part.end].starts_with('“'));
        assert!(P4[part.start..part.end].ends_with("everything,\""));
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn narration_between_quotes_is_not_quoted() {
        let s = scan(&[P4]);
        let second = &s.quotes[1].parts[0];
        let between = &P4[s.quotes[0].parts[0].end..second.start];
        assert_eq!(between, " Aliyev said. ");
        assert_eq!(
            s.quotes[1].text,
            "We will revive these cities and regions again. We have big plans to rebuild these areas."
        );
    }

    #[test]
    fn a_second_quote_in_a_paragraph_keeps_its_speaker() {
        assert_eq!(speakers(&scan(&[P4])), [Some("Aliyev"), Some("Aliyev")]);
    }

    #[test]
    fn name_told_the_associated_press_is_the_speaker_not_the_agency() {
        assert_eq!(speakers(&scan(&[P7])), [Some("Velyeddin Ismayilov")]);
    }

    #[test]
    fn a_surname_resolves_to_the_full_name_used_earlier() {
        let s = scan(&[P7, P8, P9]);
        assert_eq!(
            speakers(&s),
            [Some("Velyeddin Ismayilov"), Some("Velyeddin Ismayilov")]
        );
    }

    #[test]
    fn a_caption_pronoun_resolves_within_the_caption() {
        let s = find_quotes(&[P4, C2], 1);
        assert_eq!(s.quotes.len(), 3);
        assert_eq!(s.quotes[2].parts[0].block, 1);
        assert_eq!(s.quotes[2].speaker.as_deref(), Some("Velyeddin Ismayilov"));
        assert_eq!(
            s.quotes[2].text,
            "With my grown-up children, grandchildren we will build an even better house,"
        );
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let s = scan(&[
            "Nagorno-Karabakh’s borders, the country’s prime minister, the ’90s, didn't, it's.",
        ]);
        assert!(s.quotes.is_empty());
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn single_quotes_nested_inside_a_double_quote_stay_inside() {
        let s = scan(&["“They said ‘never’ and 'no,'” Ann Lee said."]);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(s.quotes[0].text, "They said ‘never’ and 'no,'");
        assert_eq!(s.quotes[0].speaker.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn a_quote_over_several_paragraphs_is_one_quote() {
        let blocks = [
            "“We came back.",
            "“We will stay,” said Ruben Vardanyan.",
            "Later.",
        ];
        let s = scan(&blocks);
        assert_eq!(s.quotes.len(), 1);
        let q = &s.quotes[0];
        assert_eq!(q.parts.len(), 2);
        assert_eq!(
            q.parts[0],
            QuotePart {
                block: 0,
                start: 0,
                end: blocks[0].len()
            }
        );
        assert_eq!(q.text, "We came back.\n\nWe will stay,");
        assert_eq!(q.speaker.as_deref(), Some("Ruben Vardanyan"));
    }

    #[test]
    fn a_quote_does_not_run_on_into_a_caption() {
        let s = find_quotes(&["“We came back.", "“A caption.” (AP Photo/X)"], 1);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(s.warnings, ["p1: unbalanced quote mark at byte 0"]);
    }

    #[test]
    fn unbalanced_marks_are_warned_about_and_never_panic() {
        let s = scan(&["One.", "He said “never. And then ” again"]);
        assert_eq!(s.quotes.len(), 1);
        let s = scan(&["One.", "He said “never."]);
        assert!(s.quotes.is_empty());
        assert_eq!(s.warnings, ["p2: unbalanced quote mark at byte 8"]);
        let s = scan(&["a ” b"]);
        assert_eq!(s.warnings, ["p1: unbalanced quote mark at byte 2"]);
    }

    #[test]
    fn straight_quotes_pair_by_context() {
        let s = scan(&["He called it \"a disgrace\" and \"a shame,\" Ann Lee said."]);
        let texts: Vec<&str> = s.quotes.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["a disgrace", "a shame,"]);
    }

    #[test]
    fn said_name_after_the_quote_names_the_speaker() {
        let s = scan(&["“We will return,” said Azerbaijani President Ilham Aliyev."]);
        assert_eq!(speakers(&s), [Some("Ilham Aliyev")]);
    }

    #[test]
    fn a_speaker_with_an_apposition_is_found() {
        let s = scan(&[
            "“We will stay,” Ruben Vardanyan, the leader of the group, said on Monday.",
            "Ruben Vardanyan, the leader of the group, said: “We will not leave.”",
        ]);
        assert_eq!(
            speakers(&s),
            [Some("Ruben Vardanyan"), Some("Ruben Vardanyan")]
        );
    }

    #[test]
    fn a_pronoun_before_the_quote_resolves_to_the_last_person_named() {
        let s = scan(&[
            "Prime Minister Nikol Pashinyan posted on Facebook on Monday.",
            "He wrote that the decision was “painful for me and for our people.”",
        ]);
        assert_eq!(speakers(&s), [Some("Nikol Pashinyan")]);
    }

    #[test]
    fn surnames_resolve_to_the_first_full_mention() {
        let s = scan(&[
            "Azerbaijani President Ilham Aliyev spoke on television.",
            "“We will revive these cities,” Aliyev said.",
        ]);
        assert_eq!(speakers(&s), [Some("Ilham Aliyev")]);
    }

    #[test]
    fn organisations_and_titles_are_not_speakers() {
        let s = scan(&[
            "“The region is ours,” Azerbaijan's Defense Ministry said.",
            "“It is over,” the president said.",
            "“It is over,” The Associated Press reported.",
        ]);
        assert_eq!(speakers(&s), [None, None, None]);
    }

    #[test]
    fn a_quote_nobody_is_named_for_is_unattributed() {
        let s = scan(&["Residents called it a “betrayal” and left."]);
        assert_eq!(speakers(&s), [None]);
        let s = scan(&["“It is over,” he said."]);
        assert_eq!(speakers(&s), [None]);
    }

    #[test]
    fn another_person_named_between_two_quotes_breaks_the_carry_over() {
        let s = scan(&["“Yes,” Ann Lee said. Bob Marsh disagreed, as Marsh often does. “No.”"]);
        assert_eq!(speakers(&s), [Some("Ann Lee"), None]);
    }
}
