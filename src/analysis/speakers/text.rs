//! The words of each block with every quote standing as one token, cut into sentences.

use std::ops::Range;

use super::lexicon::{self, List, NAME_PARTICLES, NAME_SUFFIXES, NOT_NAMES, TITLES};
use crate::analysis::parse::ABBREVIATIONS;
use crate::analysis::quotes::QuotePart;

/// A word (letters and digits joined by inner hyphens and apostrophes), one punctuation mark,
/// a dash, or a whole quote part (marks included).
///
/// What attribution asks of a token again and again (is it capitalised, a name part, in which
/// word lists) is worked out once, when it is made ([`Tok::new`]), and kept as bits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'t> {
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
    /// The quote this token stands for (an index into the article's quotes).
    pub quote: Option<usize>,
    /// For a word, the bits of the word lists it is in ([`lexicon::classes`]); else 0.
    lex: u32,
    /// The `IS_*` facts below that hold of it.
    flags: u8,
}

const IS_WORD: u8 = 1 << 0;
const IS_CAP: u8 = 1 << 1;
const IS_LOWER: u8 = 1 << 2;
const IS_POSSESSIVE: u8 = 1 << 3;
const IS_NAME_PART: u8 = 1 << 4;
const IS_ABBREVIATION: u8 = 1 << 5;
const IS_PARTICLE: u8 = 1 << 6;

impl<'t> Tok<'t> {
    /// The token `text` at `start..end`, with its facts worked out.
    fn new(start: usize, end: usize, text: &'t str, quote: Option<usize>) -> Self {
        let word = quote.is_none() && text.starts_with(char::is_alphanumeric);
        let lex = if word { lexicon::classes(text) } else { 0 };
        let base = base_of(text);
        // `Aliyev`, `al-Shabaab`, `U`.
        let cap = word
            && ["al-", "el-", "ad-", "as-"]
                .iter()
                .find_map(|p| text.strip_prefix(p))
                .unwrap_or(text)
                .starts_with(char::is_uppercase);
        let lower = word && text.starts_with(char::is_lowercase);
        let possessive = word
            && base.len() != text.len()
            && !NOT_NAMES.has(base)
            && !lexicon::has(&["here", "let", "what"], base);
        // `It’s`, `I’m`, `There's`: a pronoun or opener with a verb joined on, never a name.
        let contraction = || {
            text.split_once(['\'', '’']).is_some_and(|(head, tail)| {
                matches!(tail, "t" | "m" | "re" | "ve" | "ll" | "d")
                    || head == "I"
                    || NOT_NAMES.has(head)
            })
        };
        let name_part =
            (cap && !possessive && !text.chars().all(|c| c.is_ascii_digit()) && !contraction())
                || lex & NAME_SUFFIXES.bit != 0;
        // Every abbreviation and short title has four letters at most.
        let abbreviation = word
            && text.len() <= 4
            && (ABBREVIATIONS
                .iter()
                .any(|a| a.as_bytes()[0] == text.as_bytes()[0] && *a == text)
                || lex & TITLES.bit != 0
                || (text.chars().count() == 1 && text.starts_with(char::is_uppercase)));
        let particle = lower && lex & NAME_PARTICLES.bit != 0;
        let flags = [
            (word, IS_WORD),
            (cap, IS_CAP),
            (lower, IS_LOWER),
            (possessive, IS_POSSESSIVE),
            (name_part, IS_NAME_PART),
            (abbreviation, IS_ABBREVIATION),
            (particle, IS_PARTICLE),
        ]
        .iter()
        .filter(|(holds, _)| *holds)
        .fold(0, |all, (_, bit)| all | bit);
        Tok {
            start,
            end,
            text,
            quote,
            lex,
            flags,
        }
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn is_word(&self) -> bool {
        self.has(IS_WORD)
    }

    /// `Aliyev` for `Aliyev’s`.
    pub fn base(&self) -> &'t str {
        base_of(self.text)
    }

    /// `Lee’s`, not a contraction (`It’s`, `that's`).
    pub fn is_possessive(&self) -> bool {
        self.has(IS_POSSESSIVE)
    }

    /// Starts with a capital (`Aliyev`, `al-Shabaab`, `U`).
    pub fn is_cap(&self) -> bool {
        self.has(IS_CAP)
    }

    pub fn is_lower(&self) -> bool {
        self.has(IS_LOWER)
    }

    pub fn is(&self, s: &str) -> bool {
        self.quote.is_none() && self.text == s
    }

    /// A word of `list`, in any case.
    pub fn is_in(&self, list: List) -> bool {
        self.lex & list.bit != 0
    }

    /// A word of a list of a few words (`as`; `and`, `but`), in any case.
    pub fn is_any(&self, words: &[&str]) -> bool {
        self.is_word() && lexicon::has(words, self.text)
    }

    /// A verb of `list` as verbs stand after their subject: in lower case (`States` is no verb).
    pub fn is_verb(&self, list: List) -> bool {
        self.is_lower() && self.is_in(list)
    }

    pub fn is_dash(&self) -> bool {
        self.quote.is_none() && matches!(self.text, "—" | "–" | "―" | "--" | "-" | "‒")
    }

    /// A comma or a dash: what closes an apposition (`Lee, 77, said`, `Lee — a lawyer — said`).
    pub fn is_break(&self) -> bool {
        self.is(",") || self.is_dash()
    }

    /// `Mr.`, `Sen.`, or a single capital (`J.`, `U.`): its full stop ends no sentence.
    pub fn is_abbreviation(&self) -> bool {
        self.has(IS_ABBREVIATION)
    }

    /// A word that can stand inside a person's name: capitalised, a particle (`de`), a suffix.
    pub fn is_name_part(&self) -> bool {
        self.has(IS_NAME_PART)
    }

    pub fn is_particle(&self) -> bool {
        self.has(IS_PARTICLE)
    }

    /// For a quote token: the quoted words end a sentence (`…rebuild these areas.”`).
    pub fn quote_ends_sentence(&self) -> bool {
        let mut inner = self.text.chars();
        inner.next_back();
        inner.as_str().trim_end().ends_with(['.', '!', '?', '…'])
    }
}

/// `Aliyev` for `Aliyev’s`.
fn base_of(text: &str) -> &str {
    text.strip_suffix("'s")
        .or_else(|| text.strip_suffix("’s"))
        .unwrap_or(text)
}

/// `tweets`, `claims`, `states` at token `i` as plural nouns (`Lee’s early-morning tweets`,
/// `one of the states`, `Republican claims as false`): a cue only right after a name or a
/// pronoun, and before what a speech verb takes (`that`, a quote, `the`, a comma).
pub(super) fn is_noun_here(toks: &[Tok], i: usize) -> bool {
    if !toks[i].is_verb(lexicon::NOUN_OR_VERB) {
        return false;
    }
    let after_subject = i.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| {
        p.is_name_part() || matches!(p.text, "he" | "He" | "she" | "She" | "it" | "It")
    });
    let takes = toks.get(i + 1).is_none_or(|n| {
        n.quote.is_some()
            || matches!(n.text, "that" | "," | ":" | "." | "to" | "on" | "in")
            || n.is_in(lexicon::DETERMINERS)
    });
    !(after_subject && takes)
}

/// A speech verb in the narration at token `i`, not a plural noun.
pub(super) fn is_cue_verb(toks: &[Tok], i: usize) -> bool {
    toks[i].is_verb(lexicon::SPEECH_VERBS) && !is_noun_here(toks, i)
}

/// One block: its tokens and sentences.
#[derive(Debug)]
pub(super) struct Block<'t> {
    pub text: &'t str,
    pub toks: Vec<Tok<'t>>,
    /// Token ranges of the sentences, in order, together covering every token.
    pub sentences: Vec<Range<usize>>,
}

impl Block<'_> {
    /// The index of the sentence holding token `t`.
    pub fn sentence_of(&self, t: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= t)
            .min(self.sentences.len().saturating_sub(1))
    }
}

/// Every block cut into tokens and sentences; `quotes[n]` are the parts of quote `n`.
pub(super) fn blocks<'t>(texts: &[&'t str], quotes: &[Vec<QuotePart>]) -> Vec<Block<'t>> {
    let mut parts: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); texts.len()];
    for (n, q) in quotes.iter().enumerate() {
        for p in q {
            if let Some(list) = parts.get_mut(p.block) {
                list.push((p.start, p.end, n));
            }
        }
    }
    texts
        .iter()
        .zip(parts)
        .map(|(text, mut parts)| {
            parts.sort_unstable();
            let toks = tokens(text, &parts);
            let sentences = sentences(&toks);
            Block {
                text,
                toks,
                sentences,
            }
        })
        .collect()
}

/// Tokens of `text`, each quote part (sorted, not overlapping) standing as one token.
fn tokens<'t>(text: &'t str, parts: &[(usize, usize, usize)]) -> Vec<Tok<'t>> {
    // About one token per five bytes of English prose.
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let mut parts = parts.iter().peekable();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if let Some(&&(start, end, n)) = parts.peek() {
            if i >= start {
                parts.next();
                if let Some(quoted) = text.get(start..end) {
                    out.push(Tok::new(start, end, quoted, Some(n)));
                }
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
            }
        }
        chars.next();
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = chars.peek() {
                if parts.peek().is_some_and(|p| j >= p.0) {
                    break;
                }
                let joins = matches!(d, '-' | '\'' | '’' | '.' | '/')
                    && text[j + d.len_utf8()..].starts_with(char::is_alphanumeric)
                    // `U.S.` stays three tokens so abbreviations read alike everywhere; a dot
                    // joins only digits (`15.7`), a slash only digits (`9/11`).
                    && (!matches!(d, '.' | '/')
                        || (c.is_ascii_digit()
                            && text[j + 1..].starts_with(|x: char| x.is_ascii_digit())));
                if !(d.is_alphanumeric() || joins) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
        } else if c == '-' && chars.peek().is_some_and(|&(_, d)| d == '-') {
            chars.next();
            end += 1;
        }
        out.push(Tok::new(i, end, &text[i..end], None));
    }
    out
}

/// Sentence ends: `.`, `!`, `?` before a capital, a quote or the end (not after `Mr` or an
/// initial); a quote whose words end a sentence, before a capital or another quote.
fn sentences(toks: &[Tok]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for i in 0..toks.len() {
        let next = toks.get(i + 1);
        let opens = |n: &Tok| n.quote.is_some() || n.is_cap() || n.is("(");
        let next_opens = next.is_none_or(opens);
        let t = &toks[i];
        // `…tattoos.) “The craze…`: a sentence closing inside parentheses ends at the `)`.
        if t.is(")") && i > 0 && matches!(toks[i - 1].text, "." | "!" | "?") && next_opens {
            out.push(from..i + 1);
            from = i + 1;
            continue;
        }
        let ends = if t.quote.is_some() {
            t.quote_ends_sentence() && next_opens
        } else {
            match t.text {
                "!" | "?" => next_opens,
                "." if next.is_some_and(|n| n.is(")")) => false,
                "." => {
                    next_opens
                        && !(i > 0
                            && toks[i - 1].is_abbreviation()
                            && next.is_some_and(|n| !NOT_NAMES.has(n.text)))
                }
                _ => false,
            }
        };
        if ends {
            out.push(from..i + 1);
            from = i + 1;
        }
    }
    if from < toks.len() || out.is_empty() {
        out.push(from..toks.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(b: &'a Block<'a>) -> Vec<&'a str> {
        b.sentences
            .iter()
            .map(|s| &b.text[b.toks[s.start].start..b.toks[s.end - 1].end])
            .collect()
    }

    #[test]
    fn abbreviations_are_four_bytes_at_most_as_tok_new_takes_them() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 4));
    }

    #[test]
    fn a_quote_is_one_token() {
        let text = "“We will stay,” Ann Lee said.";
        let b = &blocks(
            &[text],
            &[vec![QuotePart {
                block: 0,
                start: 0,
                end: 19,
            }]],
        )[0];
        let words: Vec<&str> = b.toks.iter().map(|t| t.text).collect();
        assert_eq!(words, ["“We will stay,”", "Ann", "Lee", "said", "."]);
        assert_eq!(b.toks[0].quote, Some(0));
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_after_titles_or_initials() {
        let b = &blocks(
            &["Sen. Ann B. Lee spoke at 5 p.m. on Monday. She left. The U.S. Army stayed."],
            &[],
        )[0];
        assert_eq!(
            texts(b),
            [
                "Sen. Ann B. Lee spoke at 5 p.m. on Monday.",
                "She left.",
                "The U.S. Army stayed."
            ]
        );
    }

    #[test]
    fn a_quote_ending_in_a_full_stop_ends_its_sentence_before_a_capital_only() {
        let text = "“We are done.” Lee left. “Why?” he asked.";
        let quotes = [
            vec![QuotePart {
                block: 0,
                start: 0,
                end: 18,
            }],
            vec![QuotePart {
                block: 0,
                start: 29,
                end: 39,
            }],
        ];
        assert_eq!(&text[29..39], "“Why?”");
        let b = &blocks(&[text], &quotes)[0];
        assert_eq!(
            texts(b),
            ["“We are done.”", "Lee left.", "“Why?” he asked."]
        );
    }

    #[test]
    fn names_keep_their_hyphens_apostrophes_and_digits_their_points() {
        let b = &blocks(
            &["Brind'Amour, Wilson-Raybould and al-Shabaab: 15.7 on 9/11 -- Lee’s."],
            &[],
        )[0];
        let words: Vec<&str> = b.toks.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "Brind'Amour",
                ",",
                "Wilson-Raybould",
                "and",
                "al-Shabaab",
                ":",
                "15.7",
                "on",
                "9/11",
                "--",
                "Lee’s",
                "."
            ]
        );
        assert!(b.toks[4].is_cap());
        assert!(b.toks[10].is_possessive());
        assert_eq!(b.toks[10].base(), "Lee");
    }
}
