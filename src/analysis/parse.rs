//! Splits article text into header, body paragraphs and photo captions with their credits.
//!
//! The format, as this module reads it:
//!
//! - Paragraphs are separated by one or more blank lines (lines of only white space count as
//!   blank; `\r\n` is fine). White space around the file and around each paragraph is dropped;
//!   nothing inside a paragraph is changed.
//! - The file opens with optional `title …` and `source …` lines, then `date YYYY-MM-DD `
//!   followed on the same line by the first paragraph's text (or, leniently, by nothing, the
//!   first paragraph then starting on the next non-blank line).
//! - Any other line before the `date` header is an error rather than body text: the body starts
//!   after the date, so a stray `author …` line is far more likely a typo in a header than prose.
//!   After the date header nothing is a header any more, whatever it looks like.
//! - The first paragraph is always body text. Every other paragraph that ends with a
//!   parenthesised photo credit (optionally followed by `Credit: Name` tails) is a caption.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// The article as written: header fields, body paragraphs and captions.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: time::Date,
    /// The wire dateline opening the first paragraph, e.g. `YEREVAN, Armenia (AP) —`.
    pub dateline: Option<String>,
    /// Body paragraph texts (the first one without the header, the dateline kept in it).
    pub paragraphs: Vec<String>,
    pub captions: Vec<RawCaption>,
}

/// A photo caption with its credit separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCaption {
    /// The caption text without the credit.
    pub text: String,
    /// The credit without parentheses; repeated `Credit:` tails folded in.
    pub credit: String,
}

/// Why a text is not an article; `line` is 1-based where it helps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ParseError {
    pub line: Option<usize>,
    pub problem: String,
}

impl ParseError {
    fn at(line: usize, problem: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            problem: problem.into(),
        }
    }

    fn whole(problem: impl Into<String>) -> Self {
        Self {
            line: None,
            problem: problem.into(),
        }
    }
}

const BOM: char = '\u{feff}';

/// Checks raw bytes are UTF-8 text (not binary) and returns them as a string, without a
/// leading byte-order mark.
///
/// # Errors
/// Not UTF-8, binary data (control bytes other than tab and line breaks), or nothing but
/// white space.
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Control bytes never occur inside a multi-byte UTF-8 sequence, so checking bytes is exact;
    // doing it first names a binary file as such rather than as "not UTF-8".
    if let Some(at) = bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Err(ParseError::whole(format!(
            "binary data, not an article (control byte {:#04x} at byte offset {at})",
            bytes[at]
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = line_of(bytes, at);
        ParseError::whole(format!(
            "not UTF-8 text: invalid byte at line {line} (byte offset {at})"
        ))
    })?;
    if text.trim().is_empty() {
        return Err(ParseError::whole("the file is empty"));
    }
    Ok(text.to_owned())
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// One line of the text: byte range without the line break, 1-based number.
struct Line {
    start: usize,
    end: usize,
    number: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push(Line {
            start,
            end: start + content.len(),
            number: i + 1,
        });
        start += raw.len();
    }
    out
}

/// Parses article text.
///
/// # Errors
/// Empty text, a line before the `date` header that is not a header, no `date` header, a
/// malformed or impossible date, a repeated header, or no text after the header.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ParseError::whole("the file is empty"));
    }
    let lines = lines(text);
    let mut title = None;
    let mut source = None;
    let mut dated = None;
    for (index, line) in lines.iter().enumerate() {
        let content = &text[line.start..line.end];
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let keyword = trimmed
            .split(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let rest = trimmed[keyword.len()..].trim_start();
        match keyword {
            "title" => set_once(&mut title, rest, line.number, keyword)?,
            "source" => set_once(&mut source, rest, line.number, keyword)?,
            "date" => {
                let date = parse_date(rest, line.number)?;
                // The body starts after the date token, on the same line; `rest` and
                // everything after it are suffixes of the line, so lengths give offsets.
                let after_date =
                    rest[rest.find(char::is_whitespace).unwrap_or(rest.len())..].trim_start();
                let line_rest = content.trim_end();
                let body_start = line.start + line_rest.len() - after_date.len();
                dated = Some((date, index, body_start));
                break;
            }
            _ => {
                return Err(ParseError::at(
                    line.number,
                    format!(
                        "expected a `date YYYY-MM-DD` header before the first paragraph, found `{}`",
                        preview(trimmed)
                    ),
                ));
            }
        }
    }
    let Some((date, date_index, body_start)) = dated else {
        return Err(ParseError::at(
            lines.len() + 1,
            "expected a `date YYYY-MM-DD` header before the first paragraph",
        ));
    };
    let date_line = lines[date_index].number;

    let mut blocks = paragraphs(text, &lines[date_index..], body_start).into_iter();
    let Some(first) = blocks.next() else {
        return Err(ParseError::at(
            date_line,
            "the `date` header is not followed by any article text",
        ));
    };
    let dateline = dateline(first).map(str::to_owned);
    let mut paragraphs = vec![first.to_owned()];
    let mut captions = Vec::new();
    for block in blocks {
        match split_caption(block) {
            Some(caption) => captions.push(caption),
            None => paragraphs.push(block.to_owned()),
        }
    }
    Ok(Document {
        title,
        source,
        date,
        dateline,
        paragraphs,
        captions,
    })
}

fn set_once(
    slot: &mut Option<String>,
    value: &str,
    line: usize,
    keyword: &str,
) -> Result<(), ParseError> {
    if value.is_empty() {
        return Err(ParseError::at(
            line,
            format!("the `{keyword}` header is empty"),
        ));
    }
    if slot.is_some() {
        return Err(ParseError::at(line, format!("a second `{keyword}` header")));
    }
    *slot = Some(value.to_owned());
    Ok(())
}

/// The first words of a line, for an error message.
fn preview(line: &str) -> String {
    const MAX: usize = 40;
    if line.chars().count() <= MAX {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Reads the `YYYY-MM-DD` that opens `rest` (the date header after its keyword).
fn parse_date(rest: &str, line: usize) -> Result<time::Date, ParseError> {
    let token = rest.split(char::is_whitespace).next().unwrap_or_default();
    if token.is_empty() {
        return Err(ParseError::at(
            line,
            "the `date` header has no date; expected `date YYYY-MM-DD`",
        ));
    }
    let b = token.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let malformed = || {
        ParseError::at(
            line,
            format!(
                "malformed date `{}`; expected `date YYYY-MM-DD`",
                preview(token)
            ),
        )
    };
    if !shaped {
        return Err(malformed());
    }
    let year: i32 = token[0..4].parse().map_err(|_| malformed())?;
    let month: u8 = token[5..7].parse().map_err(|_| malformed())?;
    let day: u8 = token[8..10].parse().map_err(|_| malformed())?;
    time::Month::try_from(month)
        .and_then(|month| time::Date::from_calendar_date(year, month, day))
        .map_err(|_| ParseError::at(line, format!("impossible date {token}")))
}

/// The trimmed paragraphs of `lines`, the first line read from `body_start` on.
fn paragraphs<'t>(text: &'t str, lines: &[Line], body_start: usize) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for line in lines {
        let start = line.start.max(body_start).min(line.end);
        if text[start..line.end].trim().is_empty() {
            if let Some((s, e)) = current.take() {
                out.push(text[s..e].trim());
            }
        } else {
            current = Some(current.map_or((start, line.end), |(s, _)| (s, line.end)));
        }
    }
    if let Some((s, e)) = current {
        out.push(text[s..e].trim());
    }
    out
}

/// The wire dateline opening a first paragraph, dash included: `CITY, Country (AP) —`, an
/// upper-case city, then a country and/or an agency in parentheses (one of them at least, so a
/// shouted `BREAKING —` is not a dateline), then a dash (`—`, `–` or `--`).
///
/// It reads what this regular expression matches (kept in the tests as the oracle), by hand:
/// compiling the Unicode classes cost every process 4 ms before its first answer.
///
/// ```text
/// ^ \p{Lu}[\p{Lu}\p{M}.'’-]* (?: [ ]\p{Lu}[\p{Lu}\p{M}.'’-]* )*           city
///   (?P<country> , [ ]\p{Lu}[\p{L}\p{M}.'’-]* (?: [ ]\p{Lu}[\p{L}\p{M}.'’-]* ){0,3} )?
///   (?P<agency> [ ]\( [^()\n]{1,40} \) )?  [ \t]*  (?: — | – | -- )
/// ```
///
/// Every part is greedy, and where a greedy part fails the pattern's backtracking can only
/// succeed by giving back a trailing `--` of the last word as the dash. After the city that
/// leaves neither a country nor an agency (no dateline), so only the country's words need it.
#[must_use]
pub fn dateline(paragraph: &str) -> Option<&str> {
    let text = paragraph;
    let city_end = city(text)?;
    let rest = &text[city_end..];
    if let Some(words) = country(rest) {
        let end = city_end + words.last().map_or(0, |w| w.1);
        if let Some(n) = agency_and_dash(&text[end..], true) {
            return Some(&text[..end + n]);
        }
        // Backtracking: a country word handing back a trailing `--` as the dash, the last
        // word first, each from its longest shorter form.
        for &(start, word_end) in words.iter().rev() {
            let word = &rest[start..word_end];
            let first = word.chars().next().map_or(0, char::len_utf8);
            for (at, _) in word.char_indices().rev().filter(|&(at, _)| at >= first) {
                if word[at..].starts_with("--") {
                    return Some(&text[..city_end + start + at + 2]);
                }
            }
        }
    }
    // No country: a dateline only with an agency.
    agency_and_dash(rest, false).map(|n| &text[..city_end + n])
}

/// A word of the dateline pattern: an upper-case letter, then letters of `more`; its length.
fn pattern_word(text: &str, more: fn(char) -> bool) -> Option<usize> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if first.general_category() != GeneralCategory::UppercaseLetter {
        return None;
    }
    Some(
        chars
            .find(|&(_, c)| !more(c))
            .map_or(text.len(), |(at, _)| at),
    )
}

fn is_mark(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
}

fn city_char(c: char) -> bool {
    c.general_category() == GeneralCategory::UppercaseLetter
        || is_mark(c)
        || matches!(c, '.' | '\'' | '’' | '-')
}

fn country_char(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Letter
        || is_mark(c)
        || matches!(c, '.' | '\'' | '’' | '-')
}

/// The end of the city: upper-case words joined by single spaces.
fn city(text: &str) -> Option<usize> {
    let mut end = pattern_word(text, city_char)?;
    while let Some(n) = text[end..]
        .strip_prefix(' ')
        .and_then(|t| pattern_word(t, city_char))
    {
        end += 1 + n;
    }
    Some(end)
}

/// The country after the city (`, Word` and up to three more words): each word's byte range
/// in `text`.
fn country(text: &str) -> Option<Vec<(usize, usize)>> {
    let start = 2;
    let n = pattern_word(text.strip_prefix(", ")?, country_char)?;
    let mut words = vec![(start, start + n)];
    while words.len() < 4 {
        let end = words.last().map_or(0, |w| w.1);
        let Some(n) = text[end..]
            .strip_prefix(' ')
            .and_then(|t| pattern_word(t, country_char))
        else {
            break;
        };
        words.push((end + 1, end + 1 + n));
    }
    Some(words)
}

/// An optional ` (agency)`, spaces or tabs, then the dash: the length of all that, or `None`
/// when there is no dash. Without a `country`, only with an agency (a city alone is no dateline).
fn agency_and_dash(text: &str, country: bool) -> Option<usize> {
    let agency = text.strip_prefix(" (").and_then(|inner| {
        let (count, at) = inner
            .char_indices()
            .take_while(|&(_, c)| !matches!(c, '(' | ')' | '\n'))
            .take(40)
            .fold((0, 0), |(n, _), (at, c)| (n + 1, at + c.len_utf8()));
        (count >= 1 && inner[at..].starts_with(')')).then_some(2 + at + 1)
    });
    let dash = |from: usize| {
        let t = &text[from..];
        let spaces = t.len() - t.trim_start_matches([' ', '\t']).len();
        let t = &t[spaces..];
        ["—", "–", "--"]
            .iter()
            .find(|d| t.starts_with(*d))
            .map(|d| from + spaces + d.len())
    };
    // The agency is optional after a country only.
    agency
        .and_then(dash)
        .or_else(|| country.then(|| dash(0)).flatten())
}

/// Splits a caption-shaped paragraph into text and credit; `None` for a body paragraph.
///
/// A caption ends with `(credit)` and optionally ` Credit: Name` tails; the credit must look
/// like one (`AP`, `… Photo …`, `… via …`) unless a `Credit:` tail vouches for it, so a body
/// paragraph that happens to end in a parenthesis stays body text. Tails that repeat a name
/// already in the credit, or say `Uncredited`, are dropped; any other name is appended as
/// `; Credit: Name`.
#[must_use]
pub fn split_caption(paragraph: &str) -> Option<RawCaption> {
    let close = paragraph.rfind(')')?;
    let tails = credit_tails(&paragraph[close + 1..])?;
    let open = matching_open(&paragraph[..close])?;
    let inner = paragraph[open + 1..close].trim();
    let text = paragraph[..open].trim_end();
    if text.is_empty() || inner.is_empty() {
        return None;
    }
    if tails.is_empty() && !looks_like_credit(inner) {
        return None;
    }
    let mut credit = inner.to_owned();
    let mut added: Vec<&str> = Vec::new();
    for name in tails {
        // A tail normally repeats the photographer, or says `Uncredited` where there is none;
        // one that names someone else is kept.
        let names_someone = !name.eq_ignore_ascii_case("uncredited");
        if names_someone && !inner.contains(name) && !added.contains(&name) {
            credit.push_str("; Credit: ");
            credit.push_str(name);
            added.push(name);
        }
    }
    Some(RawCaption {
        text: text.to_owned(),
        credit,
    })
}

/// The names of ` Credit: Name` tails after a caption's credit; `None` if `after` is anything
/// else.
fn credit_tails(after: &str) -> Option<Vec<&str>> {
    const TAIL: &str = "Credit:";
    let after = after.trim();
    if after.is_empty() {
        return Some(Vec::new());
    }
    let rest = after.strip_prefix(TAIL)?;
    let names: Vec<&str> = rest.split(TAIL).map(str::trim).collect();
    if names.iter().any(|n| n.is_empty()) {
        return None;
    }
    Some(names)
}

/// The byte offset of the `(` that the `)` just past `before` closes.
fn matching_open(before: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn looks_like_credit(inner: &str) -> bool {
    inner
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "AP" || word == "Photo" || word == "via")
}

/// Abbreviations after which a full stop does not end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Prof",
    "Jr", "Sr", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "vs", "U.S",
    "U.N", "U.K",
];

/// A title for an article without a `title` header: the first sentence of the first paragraph
/// without its dateline, cut at a word boundary to at most 80 characters.
#[must_use]
pub fn derive_title(paragraphs: &[String]) -> String {
    const MAX: usize = 80;
    let Some(first) = paragraphs.first() else {
        return "Untitled article".to_owned();
    };
    let body = match dateline(first) {
        Some(d) if !first[d.len()..].trim().is_empty() => first[d.len()..].trim_start(),
        _ => first.as_str(),
    };
    let sentence = first_sentence(body);
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    // A title is one line: white space inside it is folded, unlike in the body text.
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let title = words.join(" ");
    if title.is_empty() {
        return "Untitled article".to_owned();
    }
    shorten(&title, MAX)
}

fn first_sentence(text: &str) -> &str {
    sentence_ends(text).next().map_or(text, |end| &text[..end])
}

/// Byte offsets just past each sentence's end: a `.`, `!` or `?` (and any closing quote marks)
/// followed by white space and a capital or an opening quote, where the word before a `.` is
/// not an abbreviation (`Nov. 15`, `Gen. Smith`) or an initial.
pub fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        if !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let mut end = i + c.len_utf8();
        let rest = &text[end..];
        let closing = rest
            .find(|ch: char| !matches!(ch, '”' | '"' | '’' | '\'' | ')'))
            .unwrap_or(rest.len());
        end += closing;
        let after = &text[end..];
        if !after.starts_with(char::is_whitespace) {
            return None;
        }
        let next_starts_sentence = after
            .trim_start()
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || matches!(n, '“' | '"' | '‘'));
        let word_before = text[..i]
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or_default();
        let abbreviation = c == '.'
            && (ABBREVIATIONS.contains(&word_before)
                || (word_before.chars().count() == 1
                    && word_before.chars().all(char::is_uppercase)));
        (next_starts_sentence && !abbreviation).then_some(end)
    })
}

/// The sentence of `text` that holds `start..end` (trimmed), for showing a mention in context.
#[must_use]
pub fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    let (mut from, mut to) = (0, text.len());
    for stop in sentence_ends(text) {
        if stop <= start {
            from = stop;
        } else if stop >= end {
            to = stop;
            break;
        }
    }
    text.get(from..to).unwrap_or(text).trim()
}

/// Cuts `text` at a word boundary so that it, with an ellipsis, is at most `max` characters.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let room = max.saturating_sub(1);
    let cut = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    // Cut at the last space only when the next character starts a word, i.e. the cut would
    // otherwise split one.
    let whole_words = if text[cut..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let whole_words = whole_words.trim_end_matches([',', ';', ':', ' ']);
    format!("{whole_words}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = include_str!("../../articles/kalbajar.txt");

    fn doc(text: &str) -> Document {
        match parse(text) {
            Ok(d) => d,
            Err(e) => panic!("should parse: {e}"),
        }
    }

    fn error(text: &str) -> String {
        match parse(text) {
            Ok(d) => panic!("should not parse, got {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reference_has_nine_paragraphs_and_four_captions() {
        let d = doc(REFERENCE);
        assert_eq!(d.paragraphs.len(), 9);
        assert_eq!(d.captions.len(), 4);
        assert_eq!(
            d.title.as_deref(),
            Some("Azerbaijani leader vows to revive region ceded by Armenia")
        );
        assert_eq!(d.source.as_deref(), Some("The Associated Press"));
        assert_eq!(d.date, time::macros::date!(2020 - 11 - 25));
        assert_eq!(d.dateline, None);
    }

    #[test]
    fn header_is_removed_from_the_first_paragraph_and_nothing_else() {
        let d = doc(REFERENCE);
        assert!(d.paragraphs[0].starts_with("A truce brokered by Russia two weeks ago"));
        assert!(d.paragraphs[0].ends_with("outside Nagorno-Karabakh’s borders."));
    }

    #[test]
    fn typography_is_kept() {
        let d = doc(REFERENCE);
        assert_eq!(
            d.paragraphs[3],
            "“We will hold the enemy accountable... When I visited the city of Aghdam, I didn't find a single standing building, and neither in Fizuli or Jabrayil. They destroyed everything,\" Aliyev said. “We will revive these cities and regions again. We have big plans to rebuild these areas.”"
        );
    }

    #[test]
    fn captions_keep_their_credit() {
        let d = doc(REFERENCE);
        let credits: Vec<&str> = d.captions.iter().map(|c| c.credit.as_str()).collect();
        assert_eq!(
            credits,
            [
                "AP Photo/Sergei Grits",
                "AP Photo/Aziz Karimov",
                "Azerbaijan's Defense Ministry via AP",
                "AP Photo/Sergei Grits"
            ]
        );
        assert!(d.captions[1].text.ends_with(
            "\"With my grown-up children, grandchildren we will build an even better house,\" he said."
        ));
    }

    #[test]
    fn repeated_credit_tails_fold_into_the_credit() {
        let c = split_caption(
            "Soldiers at a checkpoint. (AP Photo/Sergei Grits) Credit: Sergei Grits Credit: Sergei Grits",
        );
        assert_eq!(
            c,
            Some(RawCaption {
                text: "Soldiers at a checkpoint.".into(),
                credit: "AP Photo/Sergei Grits".into()
            })
        );
    }

    #[test]
    fn a_credit_tail_naming_someone_else_is_kept() {
        let c = split_caption("A road. (AP Photo/X) Credit: Y Credit: Y");
        assert_eq!(c.map(|c| c.credit), Some("AP Photo/X; Credit: Y".into()));
    }

    #[test]
    fn credit_shapes_are_recognised() {
        for (paragraph, credit) in [
            ("A road. (AP Photo/Name)", "AP Photo/Name"),
            ("A road. (AP/PAN Photo/Name)", "AP/PAN Photo/Name"),
            ("A road. (Some Ministry via AP)", "Some Ministry via AP"),
            ("A road. (AP)", "AP"),
            ("A road. (Uncredited) Credit: Uncredited", "Uncredited"),
        ] {
            assert_eq!(
                split_caption(paragraph).map(|c| c.credit),
                Some(credit.to_owned()),
                "{paragraph}"
            );
        }
    }

    #[test]
    fn a_body_paragraph_ending_in_a_parenthesis_is_not_a_caption() {
        assert_eq!(
            split_caption("Schools are being burned that (Armenians) did not build (they said)"),
            None
        );
        assert_eq!(split_caption("(AP Photo/Name)"), None);
    }

    #[test]
    fn caption_shaped_paragraphs_are_captions_wherever_they_are() {
        let d = doc("date 2020-11-25 One.\n\nA road. (AP Photo/X)\n\nTwo.\n");
        assert_eq!(d.paragraphs, ["One.", "Two."]);
        assert_eq!(d.captions.len(), 1);
    }

    #[test]
    fn datelines_are_found_and_kept_in_the_text() {
        for (text, line) in [
            (
                "STEPANAKERT, Azerbaijan (AP) — Shelling",
                "STEPANAKERT, Azerbaijan (AP) —",
            ),
            ("YEREVAN, Armenia (AP) — A", "YEREVAN, Armenia (AP) —"),
            ("BAKU, Azerbaijan — A", "BAKU, Azerbaijan —"),
            ("NEW YORK, United States -- A", "NEW YORK, United States --"),
            ("WASHINGTON (AP) — A", "WASHINGTON (AP) —"),
        ] {
            let d = doc(&format!("date 2020-11-25 {text} truce.\n"));
            assert_eq!(d.dateline.as_deref(), Some(line));
            assert!(d.paragraphs[0].starts_with(line));
        }
    }

    #[test]
    fn a_dateline_agency_does_not_make_a_caption() {
        let d =
            doc("date 2020-11-25 YEREVAN, Armenia (AP) — One.\n\nBAKU, Azerbaijan (AP) — Two.\n");
        assert_eq!(d.paragraphs.len(), 2);
        assert!(d.captions.is_empty());
    }

    /// The pattern [`dateline`] reads, as the regular expression it was first written as.
    fn dateline_by_regex(text: &str) -> Option<&str> {
        static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"^\p{Lu}[\p{Lu}\p{M}.'’\-]*(?: \p{Lu}[\p{Lu}\p{M}.'’\-]*)*(?P<country>, \p{Lu}[\p{L}\p{M}.'’\-]*(?: \p{Lu}[\p{L}\p{M}.'’\-]*){0,3})?(?P<agency> \([^()\n]{1,40}\))?[ \t]*(?:—|–|--)",
            )
            .expect("a valid pattern")
        });
        let found = PATTERN.captures(text)?;
        if found.name("country").is_none() && found.name("agency").is_none() {
            return None;
        }
        found.get(0).map(|m| m.as_str())
    }

    #[test]
    fn datelines_with_hyphens_marks_and_long_agencies_read_as_the_pattern_does() {
        for text in [
            "BAKU, Azerbaijan--A",
            "BAKU, Azer-baijan---A",
            "WASHINGTON--A",
            "WASHINGTON (AP)--A",
            "SÃO PAULO, Brazil (Reuters) — A",
            "ŞUŞA, Azerbaijan — A",
            "BAKU, Azerbaijan (an agency name that runs on for more than forty letters) — A",
            "BAKU, Azerbaijan (an agency name that runs on for more than forty letters) -- A",
            "BAKU, Azerbaijan (AP) —",
            "BAKU, One Two Three Four Five — A",
            "BAKU, One Two Three Four — A",
            "BAKU, Azerbaijan (AP) x — A",
            "BAKU, Azerbaijan \t — A",
            "BAKU , Azerbaijan — A",
            "E\u{301}VIAN, France — A",
        ] {
            assert_eq!(dateline(text), dateline_by_regex(text), "{text:?}");
        }
        assert_eq!(
            dateline("BAKU, Azer-baijan---A"),
            Some("BAKU, Azer-baijan---")
        );
        assert_eq!(dateline("WASHINGTON--A"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// The hand-written reader and the regular expression agree on every text built from
        /// the characters the pattern cares about (and a few it does not).
        #[test]
        fn dateline_reads_as_the_pattern(
            text in r"[ABÉŞΣaéß\u{301}.'’\- ,()\n\t—–x1]{0,40}",
            shape in r"(BAKU|NEW YORK|SÃO-PAULO)(, (Azerbaijan|United States|Ko-rea--))?( \((AP|Reuters|x{41})\))?[ \t]{0,2}(—|–|--|-)?",
        ) {
            proptest::prop_assert_eq!(dateline(&text), dateline_by_regex(&text));
            let joined = format!("{shape}{text}");
            proptest::prop_assert_eq!(dateline(&joined), dateline_by_regex(&joined));
        }
    }

    #[test]
    fn sentences_are_not_datelines() {
        assert_eq!(dateline("A truce brokered by Russia — two weeks ago"), None);
        assert_eq!(dateline("BREAKING — news"), None);
    }

    #[test]
    fn crlf_and_blank_lines_of_spaces_separate_paragraphs() {
        let d =
            doc("\u{feff}title T\r\ndate 2020-11-25 One\r\nstill one.\r\n \t \r\n\r\n  Two.  \r\n");
        assert_eq!(d.paragraphs, ["One\r\nstill one.", "Two."]);
    }

    #[test]
    fn the_first_paragraph_may_start_on_the_line_after_the_date() {
        let d = doc("date 2020-11-25\nOne.\n");
        assert_eq!(d.paragraphs, ["One."]);
    }

    #[test]
    fn impossible_dates_are_refused_with_their_line() {
        assert_eq!(
            error("title T\ndate 2020-02-30 Text."),
            "line 2: impossible date 2020-02-30"
        );
        assert_eq!(
            error("date 2020-13-01 Text."),
            "line 1: impossible date 2020-13-01"
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        assert!(error("date 20-11-25 Text.").contains("malformed date `20-11-25`"));
        assert!(error("date").contains("has no date"));
    }

    #[test]
    fn text_before_the_date_header_is_an_error() {
        assert_eq!(
            error("A truce.\n\ndate 2020-11-25 Text."),
            "line 1: expected a `date YYYY-MM-DD` header before the first paragraph, found `A truce.`"
        );
        assert!(error("title T\nsource S\n").starts_with("line 3: expected a `date"));
    }

    #[test]
    fn a_header_without_text_is_an_error() {
        assert_eq!(
            error("date 2020-11-25   \n\n"),
            "line 1: the `date` header is not followed by any article text"
        );
        assert!(error("title \ndate 2020-11-25 A").contains("`title` header is empty"));
    }

    #[test]
    fn decode_names_the_line_of_a_bad_byte() {
        let e = decode(b"date 2020-11-25 A\n\nB\xff").map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("not UTF-8 text: invalid byte at line 3 (byte offset 20)".into())
        );
    }

    #[test]
    fn decode_refuses_binary_and_empty_input_and_strips_a_bom() {
        assert!(decode(b"PK\x03\x04").is_err_and(|e| e.problem.starts_with("binary data")));
        assert!(decode(b" \n\t ").is_err_and(|e| e.problem == "the file is empty"));
        assert_eq!(
            decode("\u{feff}date 2020-11-25 A".as_bytes()),
            Ok("date 2020-11-25 A".into())
        );
    }

    #[test]
    fn derived_title_is_the_first_sentence_cut_at_a_word() {
        let d = doc(REFERENCE);
        let title = derive_title(&d.paragraphs);
        assert_eq!(
            title,
            "A truce brokered by Russia two weeks ago halted the violence after several…"
        );
        assert!(title.chars().count() <= 80);
    }

    #[test]
    fn derived_title_skips_the_dateline_and_abbreviations() {
        let title = derive_title(&[
            "YEREVAN, Armenia (AP) — Kalbajar fell on Nov. 15 to troops. Then more.".into(),
        ]);
        assert_eq!(title, "Kalbajar fell on Nov. 15 to troops");
        assert_eq!(derive_title(&[]), "Untitled article");
    }
}
