//! Finds time expressions and resolves them against the article's date.
//!
//! The text is cut into tokens (runs of letters and digits, and single punctuation marks) and a
//! small set of patterns is tried at each token, longest first, left to right. Matching whole
//! tokens keeps every offset on a char boundary and keeps expressions from overlapping; every
//! date computation is checked, so odd input yields no match rather than a panic.
//!
//! A bare weekday (`Tuesday`, `this Tuesday`) is read in the tense of its clause, as HeidelTime
//! reads it: the verb group nearest before the expression in its sentence decides, or else the
//! first one after it. With no part-of-speech tagger, verb groups are known by their
//! auxiliaries and word forms (`will`, `is to`, `plans to`, `was`, `has … -ed`, `is meeting`);
//! [`Rule`] says what each reading does.

use std::collections::HashMap;

use serde::Serialize;
use time::{Date, Duration, Month, Weekday};

/// Which rule decided an expression's days: `timeline[].rule` in the JSON, by [`Rule::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The text gives the year: `Nov. 25, 2020`, `November 2020`.
    WrittenDate,
    /// `Nov. 15`: the year that puts the day nearest the publication date, leaning back.
    NearestYear,
    /// `two weeks ago`: counted back from the publication date.
    CountBack,
    /// `last week`, `this month`, `next year`: a whole calendar period.
    CalendarPeriod,
    /// `next Friday`: the first Friday after the publication day.
    NextWeekday,
    /// `last Friday`: the last Friday before the publication day.
    LastWeekday,
    /// `yesterday`, `today`, `tonight`, `tomorrow`.
    DeicticDay,
    /// `early 1990s`, `mid-2020`, `late 2019`.
    PartOfPeriod,
    /// `1990s`.
    Decade,
    /// `since 1994`: from that year up to the publication date.
    SinceYear,
    /// `in 1994`.
    InYear,
    /// A weekday in a future or conditional clause (`will`, `would`, `is to`, `plans to`,
    /// `is expected to`): the first such day on or after the publication day.
    WeekdayFuture,
    /// `until Friday` in a clause not in the past: on or after the publication day.
    WeekdayUntil,
    /// `by Friday if …` in a clause not in the past: on or after the publication day.
    WeekdayByIf,
    /// A weekday in a past clause (`said`, `was`, `has … -ed`, `since`): the latest such day
    /// on or before the publication day.
    WeekdayPast,
    /// A weekday with a present progressive (`is meeting`, `are holding`): that day of the
    /// publication's own Monday–Sunday week.
    WeekdayProgressive,
    /// The tense does not decide (present simple, or no verb): the latest such day on or
    /// before the publication day, since news reports mostly look back.
    WeekdayDefault,
}

impl Rule {
    /// The rule's name in the JSON and in `check`: `written-date`, `weekday-future`, ….
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rule::WrittenDate => "written-date",
            Rule::NearestYear => "nearest-year",
            Rule::CountBack => "count-back",
            Rule::CalendarPeriod => "calendar-period",
            Rule::NextWeekday => "next-weekday",
            Rule::LastWeekday => "last-weekday",
            Rule::DeicticDay => "deictic-day",
            Rule::PartOfPeriod => "part-of-period",
            Rule::Decade => "decade",
            Rule::SinceYear => "since-year",
            Rule::InYear => "in-year",
            Rule::WeekdayFuture => "weekday-future",
            Rule::WeekdayUntil => "weekday-until",
            Rule::WeekdayByIf => "weekday-by-if",
            Rule::WeekdayPast => "weekday-past",
            Rule::WeekdayProgressive => "weekday-progressive",
            Rule::WeekdayDefault => "weekday-default",
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A time expression in a block (byte offsets, end exclusive) with the days it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    /// The exact words.
    pub text: String,
    pub first: Date,
    pub last: Date,
    pub rule: Rule,
}

/// Every time expression, in block and text order.
#[must_use]
pub fn find_dates(blocks: &[&str], published: Date) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let mut tokens = Vec::new();
    for (block, text) in blocks.iter().enumerate() {
        tokenize(text, &mut tokens);
        let scan = Scan {
            tokens: &tokens,
            published,
        };
        let mut i = 0;
        while i < tokens.len() {
            if let Some(m) = may_open(&tokens[i]).then(|| scan.match_at(i)).flatten() {
                let (start, end) = (tokens[i].start, tokens[m.last_token].end);
                found.push(FoundDate {
                    block,
                    start,
                    end,
                    text: text[start..end].to_owned(),
                    first: m.first,
                    last: m.last,
                    rule: m.rule,
                });
                i = m.last_token + 1;
            } else {
                i += 1;
            }
        }
    }
    found
}

/// The mentions grouped into events: the same wording (letter case, spacing and apostrophe
/// shapes aside) resolving to the same days is one event, however often the text repeats it.
/// Events come in order of first mention, each with its mentions as indexes into `found`.
#[must_use]
pub fn events(found: &[FoundDate]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(String, Date, Date), usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, d) in found.iter().enumerate() {
        let key = (wording(&d.text), d.first, d.last);
        if let Some(&g) = index.get(&key) {
            groups[g].push(k);
        } else {
            index.insert(key, groups.len());
            groups.push(vec![k]);
        }
    }
    groups
}

/// The words of an expression for comparison: lower case, single spaces, straight apostrophes.
fn wording(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word (letters and digits) or a single punctuation mark, with its byte range.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Letters and digits (known when tokenizing: asked of many tokens many times).
    word: bool,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.word
    }
}

/// Fills `tokens` (cleared first, so one buffer serves every block) with the tokens of `text`.
fn tokenize<'a>(text: &'a str, tokens: &mut Vec<Token<'a>>) {
    tokens.clear();
    let mut word_start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            tokens.push(Token {
                start,
                end: at,
                text: &text[start..at],
                word: true,
            });
        }
        if !c.is_whitespace() {
            let end = at + c.len_utf8();
            tokens.push(Token {
                start: at,
                end,
                text: &text[at..end],
                word: false,
            });
        }
    }
    if let Some(start) = word_start {
        tokens.push(Token {
            start,
            end: text.len(),
            text: &text[start..],
            word: true,
        });
    }
}

/// The words other than digits, weekdays, months, counts, `last`/`this`/`next` and
/// `early`/`mid`/`late` that a pattern of [`Scan::match_at`] can open with (any case).
const OPENERS: &[&str] = &[
    "a", "an", "tonight", "tomorrow", "since", "noon", "midnight",
];

/// Whether some pattern can start at this token: digits (a day, a year, a decade, a count, a
/// clock time), a word ending in `day` in any case (weekdays, typos of them, `today`, `TODAY`), a month
/// or one of the [`OPENERS`]. Most tokens are none of these and skip the dozen pattern tests.
fn may_open(token: &Token<'_>) -> bool {
    let word = token.text;
    word.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || (token.word
            && (word
                .get(word.len().saturating_sub(3)..)
                .is_some_and(|end| end.eq_ignore_ascii_case("day"))
                || month_named(word).is_some()
                || OPENERS
                    .iter()
                    .chain(&COUNT_WORDS)
                    .chain(&PARTS_OF_PERIOD)
                    .chain(RELATIVE_STEPS.iter().map(|(w, _)| w))
                    .any(|o| word.eq_ignore_ascii_case(o))))
}

/// A pattern matched from some token up to `last_token`, covering `first..=last`.
struct Match {
    last_token: usize,
    first: Date,
    last: Date,
    rule: Rule,
}

struct Scan<'a> {
    tokens: &'a [Token<'a>],
    published: Date,
}

impl Scan<'_> {
    fn token(&self, i: usize) -> Option<&Token<'_>> {
        self.tokens.get(i)
    }

    /// The token after `i` when only whitespace separates them (at least one space).
    fn spaced(&self, i: usize) -> Option<&Token<'_>> {
        let (a, b) = (self.token(i)?, self.token(i + 1)?);
        (b.start > a.end).then_some(b)
    }

    /// The token after `i` when it touches `i` with nothing between.
    fn touching(&self, i: usize) -> Option<&Token<'_>> {
        let (a, b) = (self.token(i)?, self.token(i + 1)?);
        (b.start == a.end).then_some(b)
    }

    /// The word before `i`, if only whitespace separates them.
    fn word_before(&self, i: usize) -> Option<&str> {
        let prev = self.token(i.checked_sub(1)?)?;
        let this = self.token(i)?;
        (prev.is_word() && prev.end < this.start).then_some(prev.text)
    }

    /// Whether token `i` is glued to a following `-word` or `,digits` (as in `month-long`,
    /// `15,000` or `1994-95`), which makes it part of a compound rather than a date.
    fn continues(&self, i: usize) -> bool {
        match (self.touching(i), self.touching(i + 1)) {
            (Some(p), Some(next)) => {
                matches!(p.text, "-" | "–" | "," | "." | ":" | "/") && next.is_word()
            }
            _ => false,
        }
    }

    fn match_at(&self, i: usize) -> Option<Match> {
        self.weekday_and_date(i)
            .or_else(|| self.month_date(i))
            .or_else(|| self.month_year(i))
            .or_else(|| self.ago(i))
            .or_else(|| self.relative_period(i))
            .or_else(|| self.relative_weekday(i))
            .or_else(|| self.deictic_day(i))
            .or_else(|| self.part_of_period(i))
            .or_else(|| self.decade(i))
            .or_else(|| self.since_year(i))
            .or_else(|| self.in_year(i))
            .or_else(|| self.weekday(i))
    }

    /// `Wednesday, Nov. 25, 2020`: one expression; the written date wins over the weekday.
    fn weekday_and_date(&self, i: usize) -> Option<Match> {
        let word = self.token(i)?.text;
        weekday_named(word).or_else(|| misspelt_weekday(word))?;
        let next = if self.touching(i).is_some_and(|t| t.text == ",") {
            self.spaced(i + 1)?;
            i + 2
        } else {
            self.spaced(i)?;
            i + 1
        };
        self.month_date(next)
    }

    /// `Nov. 15`, `November 15th`, `Nov. 25, 2020`, `Nov 25 2020`.
    fn month_date(&self, i: usize) -> Option<Match> {
        let month = month_named(self.token(i)?.text)?;
        let mut day_at = i + 1;
        if self.touching(i).is_some_and(|t| t.text == ".") {
            day_at += 1;
        }
        self.spaced(day_at - 1)?;
        let day = day_number(self.token(day_at)?.text)?;
        if self.continues(day_at) {
            return None; // `Nov. 15,000`, `May 2.5`, `Nov. 15-17`
        }
        // An explicit year: `, 2020` or ` 2020`.
        let year_at = if self.touching(day_at).is_some_and(|t| t.text == ",") {
            self.spaced(day_at + 1).map(|_| day_at + 2)
        } else {
            self.spaced(day_at).map(|_| day_at + 1)
        };
        if let Some(year_at) = year_at {
            if let Some(year) = self.token(year_at).and_then(|t| year_number(t.text)) {
                if self.continues(year_at) {
                    return None;
                }
                let date = Date::from_calendar_date(year, month, day).ok()?;
                return Some(day_match(year_at, date, Rule::WrittenDate));
            }
        }
        let date = nearest_year(month, day, self.published)?;
        Some(day_match(day_at, date, Rule::NearestYear))
    }

    /// `November 2020`, `Nov. 2020`: the whole month.
    fn month_year(&self, i: usize) -> Option<Match> {
        let month = month_named(self.token(i)?.text)?;
        let mut year_at = i + 1;
        if self.touching(i).is_some_and(|t| t.text == ".") {
            year_at += 1;
        }
        self.spaced(year_at - 1)?;
        let year = year_number(self.token(year_at)?.text)?;
        if self.continues(year_at) {
            return None;
        }
        let first = Date::from_calendar_date(year, month, 1).ok()?;
        let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
        Some(Match {
            last_token: year_at,
            first,
            last,
            rule: Rule::WrittenDate,
        })
    }

    /// `two weeks ago`, `a month ago`, `3 days ago`: the one day that far back.
    fn ago(&self, i: usize) -> Option<Match> {
        let count = count_word(self.token(i)?.text)?;
        let unit = self.spaced(i)?.text.to_ascii_lowercase();
        if !self.spaced(i + 1)?.text.eq_ignore_ascii_case("ago") {
            return None;
        }
        let singular = count == 1;
        let p = self.published;
        let date = match (unit.as_str(), singular) {
            ("day", true) | ("days", false) => p.checked_sub(Duration::days(count)),
            ("week", true) | ("weeks", false) => p.checked_sub(Duration::weeks(count)),
            ("month", true) | ("months", false) => add_months(p, -count),
            ("year", true) | ("years", false) => add_months(p, count.checked_mul(-12)?),
            _ => None,
        }?;
        Some(day_match(i + 2, date, Rule::CountBack))
    }

    /// `last week`, `this month`, `next year`: whole calendar periods (weeks run Monday–Sunday).
    fn relative_period(&self, i: usize) -> Option<Match> {
        let step = relative_step(self.token(i)?.text)?;
        // `the last week of the war` is not last week.
        if self
            .word_before(i)
            .is_some_and(|w| w.eq_ignore_ascii_case("the"))
        {
            return None;
        }
        let unit = self.spaced(i)?.text.to_ascii_lowercase();
        if self.continues(i + 1) {
            return None; // `this month-long protest`
        }
        let p = self.published;
        let (first, last) = match unit.as_str() {
            "week" => {
                let monday = p.checked_sub(Duration::days(i64::from(
                    p.weekday().number_days_from_monday(),
                )))?;
                let first = monday.checked_add(Duration::weeks(step))?;
                (first, first.checked_add(Duration::days(6))?)
            }
            "month" => {
                let first = add_months(p.replace_day(1).ok()?, step)?;
                let month = first.month();
                let last = first.replace_day(month.length(first.year())).ok()?;
                (first, last)
            }
            "year" => {
                let year = p.year().checked_add(i32::try_from(step).ok()?)?;
                whole_year(year)?
            }
            _ => return None,
        };
        Some(Match {
            last_token: i + 1,
            first,
            last,
            rule: Rule::CalendarPeriod,
        })
    }

    /// `last Tuesday` (strictly before the publication day), `next Friday` (strictly after),
    /// `this Friday` (read in the tense of its clause, like a bare weekday); each may carry a
    /// time of day after it (`next Friday night`).
    fn relative_weekday(&self, i: usize) -> Option<Match> {
        let step = relative_step(self.token(i)?.text)?;
        let weekday = weekday_named(self.spaced(i)?.text)?;
        let last_token = self.time_after(i + 1).unwrap_or(i + 1);
        let p = self.published;
        if step == 0 {
            let rule = self.weekday_rule(i, last_token);
            return Some(day_match(last_token, on_weekday(p, weekday, rule)?, rule));
        }
        let (date, rule) = if step < 0 {
            let back =
                (p.weekday().number_days_from_monday() + 7 - weekday.number_days_from_monday() - 1)
                    % 7
                    + 1;
            (
                p.checked_sub(Duration::days(i64::from(back)))?,
                Rule::LastWeekday,
            )
        } else {
            let ahead =
                (weekday.number_days_from_monday() + 7 - p.weekday().number_days_from_monday() - 1)
                    % 7
                    + 1;
            (
                p.checked_add(Duration::days(i64::from(ahead)))?,
                Rule::NextWeekday,
            )
        };
        Some(day_match(last_token, date, rule))
    }

    /// `yesterday`, `today`, `tonight`, `tomorrow`.
    fn deictic_day(&self, i: usize) -> Option<Match> {
        let word = self.token(i)?.text;
        let is = |name: &str| word.eq_ignore_ascii_case(name);
        let offset = if is("yesterday") {
            -1
        } else if is("today") || is("tonight") {
            0
        } else if is("tomorrow") {
            1
        } else {
            return None;
        };
        let date = self.published.checked_add(Duration::days(offset))?;
        Some(day_match(i, date, Rule::DeicticDay))
    }

    /// `early 1990s`, `mid-1990s`, `late 1990s`, and the same parts of one year
    /// (`early 2020` is January–April, `mid-2020` May–August, `late 2020` September–December).
    fn part_of_period(&self, i: usize) -> Option<Match> {
        let word = self.token(i)?.text;
        let part = PARTS_OF_PERIOD
            .iter()
            .position(|name| word.eq_ignore_ascii_case(name))?;
        let next_at = if part == 1 && self.touching(i).is_some_and(|t| t.text == "-") {
            self.touching(i + 1)?;
            i + 2
        } else {
            self.spaced(i)?;
            i + 1
        };
        let word = self.token(next_at)?.text;
        if self.continues(next_at) {
            return None;
        }
        let (first, last) = if let Some(decade) = decade_number(word) {
            let (from, to) = [(0, 3), (4, 6), (7, 9)][part];
            (
                whole_year(decade.checked_add(from)?)?.0,
                whole_year(decade.checked_add(to)?)?.1,
            )
        } else {
            let year = year_number(word)?;
            let (from, to) = [
                (Month::January, Month::April),
                (Month::May, Month::August),
                (Month::September, Month::December),
            ][part];
            (
                Date::from_calendar_date(year, from, 1).ok()?,
                Date::from_calendar_date(year, to, to.length(year)).ok()?,
            )
        };
        Some(Match {
            last_token: next_at,
            first,
            last,
            rule: Rule::PartOfPeriod,
        })
    }

    /// `1990s`: the whole decade.
    fn decade(&self, i: usize) -> Option<Match> {
        let decade = decade_number(self.token(i)?.text)?;
        let first = whole_year(decade)?.0;
        let last = whole_year(decade.checked_add(9)?)?.1;
        Some(Match {
            last_token: i,
            first,
            last,
            rule: Rule::Decade,
        })
    }

    /// `since 1994`: from the start of that year to the publication date. The word `since` is
    /// part of the expression because it is what stretches the range up to the article.
    fn since_year(&self, i: usize) -> Option<Match> {
        if !self.token(i)?.text.eq_ignore_ascii_case("since") {
            return None;
        }
        let year = self.bare_year(i + 1)?;
        let first = Date::from_calendar_date(year, Month::January, 1).ok()?;
        (first <= self.published).then_some(Match {
            last_token: i + 1,
            first,
            last: self.published,
            rule: Rule::SinceYear,
        })
    }

    /// `in 1994`: the whole year (a bare number is only taken as a year after `in`).
    fn in_year(&self, i: usize) -> Option<Match> {
        if !self
            .word_before(i)
            .is_some_and(|w| w.eq_ignore_ascii_case("in"))
        {
            return None;
        }
        let year = self.bare_year(i)?;
        let (first, last) = whole_year(year)?;
        Some(Match {
            last_token: i,
            first,
            last,
            rule: Rule::InYear,
        })
    }

    /// A plausible year standing alone (1900–2100), spaced from the word before it.
    fn bare_year(&self, i: usize) -> Option<i32> {
        let token = self.token(i)?;
        let year = year_number(token.text).filter(|y| (1900..=2100).contains(y))?;
        let spaced = i
            .checked_sub(1)
            .and_then(|p| self.token(p))
            .is_some_and(|p| p.end < token.start);
        let glued = self
            .touching(i)
            .is_some_and(|t| matches!(t.text, "-" | "–" | "%" | "/") || self.continues(i));
        (spaced && !glued).then_some(year)
    }

    /// `Wednesday`, `on Tuesday`, a one-typo `Wendesday`, with a time of day before or after it
    /// (`noon Thursday`, `Thursday night`, `Friday at 9 a.m.`), which keeps the day: the day is
    /// read in the tense of its clause ([`Rule`]).
    fn weekday(&self, i: usize) -> Option<Match> {
        // `noon Thursday`, `9 a.m. Thursday`: the time comes first.
        let day_at = match self.clock_time(i) {
            Some(t) => {
                self.spaced(t)?;
                t + 1
            }
            None => i,
        };
        let token = self.token(day_at)?;
        let weekday = weekday_named(token.text).or_else(|| misspelt_weekday(token.text))?;
        // Named days and titles are not the day of the week they contain.
        if self
            .word_before(day_at)
            .is_some_and(|w| NAMED_DAY_PREFIXES.contains(&w))
            || self
                .spaced(day_at)
                .is_some_and(|t| NAMED_DAY_SUFFIXES.contains(&t.text))
        {
            return None;
        }
        let last_token = self.time_after(day_at).unwrap_or(day_at);
        let rule = self.weekday_rule(i, last_token);
        Some(day_match(
            last_token,
            on_weekday(self.published, weekday, rule)?,
            rule,
        ))
    }

    /// A clock time starting at token `i`: `noon`, `midnight`, `9 a.m.`, `10:30 p.m.`, `9am`;
    /// the index of its last token.
    fn clock_time(&self, i: usize) -> Option<usize> {
        let word = self.token(i)?.text;
        if matches!(word, "noon" | "midnight") {
            return Some(i);
        }
        let hour = |w: &str| w.parse::<u8>().ok().filter(|h| (1..=12).contains(h));
        // `9am`, `11pm`: one token.
        if let Some(digits) = word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) {
            return hour(digits).map(|_| i);
        }
        hour(word)?;
        let mut at = i;
        // `10:30`
        if self.touching(at).is_some_and(|t| t.text == ":") {
            let minutes = self.touching(at + 1)?.text;
            if minutes.len() != 2 || minutes.parse::<u8>().ok()? > 59 {
                return None;
            }
            at += 2;
        }
        // ` a.m.` / ` p.m.`: the last dot may double as the sentence's full stop.
        let half = self.spaced(at)?.text;
        if !matches!(half, "a" | "p")
            || self.touching(at + 1)?.text != "."
            || self.touching(at + 2)?.text != "m"
        {
            return None;
        }
        Some(if self.touching(at + 3).is_some_and(|t| t.text == ".") {
            at + 4
        } else {
            at + 3
        })
    }

    /// A time of day right after the weekday at token `day`: `night`, `morning`, `at noon`,
    /// `at 9 a.m.`; the index of its last token.
    fn time_after(&self, day: usize) -> Option<usize> {
        let next = self.spaced(day)?;
        if matches!(next.text, "morning" | "afternoon" | "evening" | "night") {
            return Some(day + 1);
        }
        if next.text == "at" {
            self.spaced(day + 1)?;
            return self.clock_time(day + 2);
        }
        None
    }

    /// How the tense of the clause around tokens `first..=last` places a weekday.
    fn weekday_rule(&self, first: usize, last: usize) -> Rule {
        let tense = self.tense(first, last);
        let before = first
            .checked_sub(1)
            .and_then(|k| self.token(k))
            .and_then(|t| Folded::of(t.text));
        match (tense, before.as_ref().map(Folded::as_str)) {
            (Some(Tense::Past), _) => Rule::WeekdayPast,
            (_, Some("until" | "till")) => Rule::WeekdayUntil,
            (_, Some("by")) if self.conditional_after(last) => Rule::WeekdayByIf,
            (Some(Tense::Future), _) => Rule::WeekdayFuture,
            (Some(Tense::Progressive), _) => Rule::WeekdayProgressive,
            (Some(Tense::Present) | None, _) => Rule::WeekdayDefault,
        }
    }

    /// Whether an `if` or `unless` follows token `last` in its sentence (`by Friday if …`).
    fn conditional_after(&self, last: usize) -> bool {
        (last + 1..self.tokens.len())
            .take(WINDOW)
            .take_while(|&k| !self.ends_sentence(k))
            .any(|k| {
                let w = self.tokens[k].text;
                w.eq_ignore_ascii_case("if") || w.eq_ignore_ascii_case("unless")
            })
    }

    /// HeidelTime's reading of tense: the verb group nearest before the expression in its
    /// sentence, or else the first one after it; `since` before the expression means the past.
    fn tense(&self, first: usize, last: usize) -> Option<Tense> {
        let mut k = first;
        for _ in 0..WINDOW {
            let Some(prev) = k.checked_sub(1) else { break };
            if self.ends_sentence(prev) {
                break;
            }
            if self.tokens[prev].text.eq_ignore_ascii_case("since") {
                return Some(Tense::Past);
            }
            match self.verb_group(prev) {
                Group::Tensed(tense) => return Some(tense),
                // An untensed group (`to be handed over`) says nothing itself: read on before it.
                Group::Untensed(start) => k = start,
                Group::None => k = prev,
            }
        }
        let mut k = last + 1;
        for _ in 0..WINDOW {
            if k >= self.tokens.len() || self.ends_sentence(k) {
                break;
            }
            match self.verb_group(k) {
                Group::Tensed(tense) => return Some(tense),
                Group::Untensed(_) | Group::None => k += 1,
            }
        }
        None
    }

    /// The verb group token `k` belongs to, if it belongs to one.
    fn verb_group(&self, k: usize) -> Group {
        if self.form(k).is_some() {
            let to = self.next_word_is(k, "to");
            return self.classify(k, to);
        }
        // `is to`, `plans to`, `expected to`: the `to` belongs to the group before it.
        if self.word_is(k, "to")
            && let Some(prev) = k.checked_sub(1)
            && self.form(prev).is_some()
        {
            return self.classify(prev, true);
        }
        Group::None
    }

    /// Reads the group around the verb-like token `k`: auxiliaries to its left and, to its
    /// right, more auxiliaries and one main verb (adverbs and negations in between are
    /// skipped); `to` says whether `to` follows.
    fn classify(&self, k: usize, to: bool) -> Group {
        let is_aux = |j: usize| {
            matches!(
                self.form(j),
                Some(Form::Modal | Form::Be(_) | Form::Have(_) | Form::Do(_))
            )
        };
        let mut start = k;
        while let Some(prev) = start.checked_sub(1) {
            if k - prev > GROUP
                || self.ends_sentence(prev)
                || !(is_aux(prev) || self.is_filler(prev))
            {
                break;
            }
            start = prev;
        }
        let mut end = k;
        while is_aux(end) && end - k < GROUP {
            let mut next = end + 1;
            while next < self.tokens.len() && next - end < GROUP && self.is_filler(next) {
                next += 1;
            }
            if next >= self.tokens.len() || self.ends_sentence(next) || self.form(next).is_none() {
                break;
            }
            end = next;
        }
        let forms: Vec<Form> = (start..=end).filter_map(|j| self.form(j)).collect();
        let to = to || self.next_word_is(end, "to");
        match tense_of(&forms, to) {
            Some(tense) => Group::Tensed(tense),
            None => Group::Untensed(start),
        }
    }

    /// What kind of verb-like word token `k` is, if any.
    fn form(&self, k: usize) -> Option<Form> {
        let token = self.token(k)?;
        if !token.is_word() {
            return None;
        }
        // Every verb form the reader knows is a short ASCII word.
        let folded = Folded::of(token.text)?;
        let word = folded.as_str();
        // `won’t`, `didn’t`, `isn’t`: the negated auxiliary.
        let negated = self.touching(k).is_some_and(|t| is_apostrophe(t.text))
            && self.touching(k + 1).is_some_and(|t| t.text == "t");
        if negated && let Some(form) = negated_auxiliary(word) {
            return Some(form);
        }
        // `they’ll`
        if word == "ll" && k > 0 && is_apostrophe(self.tokens[k - 1].text) {
            return Some(Form::Modal);
        }
        // A capital inside a sentence makes a name (`Theresa May`, `Will Smith`), not a verb.
        if token.text.bytes().any(|b| b.is_ascii_uppercase()) && k > 0 && !self.ends_sentence(k - 1)
        {
            return None;
        }
        let after_determiner = self
            .word_before(k)
            .and_then(Folded::of)
            .is_some_and(|w| listed(DETERMINERS, w.as_str()));
        if let Some(form) = auxiliary(word) {
            // `the will of the people`
            return (!(after_determiner && form == Form::Modal)).then_some(form);
        }
        let is = |list: &[&str]| listed(list, word);
        if is(SCHEDULED) {
            return Some(Form::Scheduled);
        }
        if is(FUTURE_GOVERNORS) {
            return Some(Form::Governor);
        }
        if is(PRESENT_VERBS) {
            return Some(Form::Present);
        }
        if word.len() > 4 && word.ends_with("ing") && !is(NOT_VERBS_ING) {
            return Some(Form::Ing);
        }
        let past = (is(IRREGULAR_PAST) && !(word == "won" && negated))
            || (word.len() > 4
                && word.ends_with("ed")
                && (!word.ends_with("eed") || is(REGULAR_EED))
                && !is(NOT_VERBS_ED));
        // `the armed forces`, `a disputed vote`: an adjective, not a verb.
        (past && !after_determiner).then_some(Form::Past)
    }

    /// Adverbs, negations and apostrophes that may sit inside a verb group.
    fn is_filler(&self, k: usize) -> bool {
        let Some(token) = self.token(k) else {
            return false;
        };
        if is_apostrophe(token.text) {
            return true;
        }
        (token.text == "t" && k > 0 && is_apostrophe(self.tokens[k - 1].text))
            || Folded::of(token.text).is_some_and(|w| listed(FILLERS, w.as_str()))
    }

    /// Whether token `k` is `word`, letter case aside.
    fn word_is(&self, k: usize, word: &str) -> bool {
        self.token(k)
            .is_some_and(|t| t.text.eq_ignore_ascii_case(word))
    }

    /// Whether the next word after token `k` in its sentence, fillers skipped, is `word`.
    fn next_word_is(&self, k: usize, word: &str) -> bool {
        let mut j = k + 1;
        while j < self.tokens.len() && j - k <= GROUP && !self.ends_sentence(j) {
            if !self.is_filler(j) {
                return self.word_is(j, word);
            }
            j += 1;
        }
        false
    }

    /// Whether token `k` ends a sentence or a clause: `!`, `?`, `;`, or a `.` followed by a
    /// capital or an opening quote that does not close an abbreviation (`Nov.`, `Gen.`), an
    /// initial or `a.m.`.
    fn ends_sentence(&self, k: usize) -> bool {
        let Some(token) = self.token(k) else {
            return true;
        };
        match token.text {
            "!" | "?" | ";" => true,
            "." => {
                let abbreviation = k
                    .checked_sub(1)
                    .and_then(|p| self.token(p))
                    .is_some_and(|p| {
                        p.end == token.start
                            && (crate::analysis::parse::ABBREVIATIONS.contains(&p.text)
                                || p.text == "m"
                                || (p.text.chars().count() == 1
                                    && p.text.chars().all(char::is_uppercase)))
                    });
                let next_starts = match self.token(k + 1) {
                    None => true,
                    // `.”` closes a quoted sentence; `2.5` and `a.m` go on.
                    Some(n) if n.start == token.end => {
                        matches!(n.text, "”" | "\"" | "’" | "'" | ")")
                    }
                    Some(n) => {
                        n.text.starts_with(char::is_uppercase) || matches!(n.text, "“" | "\"" | "‘")
                    }
                };
                !abbreviation && next_starts
            }
            _ => false,
        }
    }
}

/// How far, in tokens, the tense of a clause is looked for on either side of an expression:
/// enough for a long clause, and it keeps the work per expression bounded.
const WINDOW: usize = 30;

/// The most tokens a verb group spans (`would not have been expected`), for the same reason.
const GROUP: usize = 8;

/// The tense a verb group gives its clause, as far as the weekday rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Future,
    Past,
    Progressive,
    Present,
}

/// What a token is to the tense reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `will`, `would`, `shall`, `’ll`, `should`, `must`, `may`, `might`.
    Modal,
    /// `is`, `are`, `am` (present), `was`, `were` (past), `be`, `been`, `being` (untensed).
    Be(Time),
    /// `has`, `have` (present), `had` (past), `having` (untensed).
    Have(Time),
    /// `do`, `does` (present), `did` (past).
    Do(Time),
    /// `scheduled`, `expected`, `set`, `due`: what is planned ahead.
    Scheduled,
    /// `plans`, `intends`, `hopes`: pointing ahead when `to` follows.
    Governor,
    /// `says`, `tells`: present simple.
    Present,
    /// A past tense or past participle: `said`, `fled`, `denounced`.
    Past,
    /// `meeting`, `holding`.
    Ing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Time {
    Present,
    Past,
    Untensed,
}

/// A verb group found at a token.
enum Group {
    Tensed(Tense),
    /// A group without tense (`be handed`, a lone `-ing`) that starts at this token.
    Untensed(usize),
    None,
}

/// The tense of a verb group from its verb-like words in order; `to` says whether `to`
/// follows it (`is to`, `plans to`).
fn tense_of(forms: &[Form], to: bool) -> Option<Tense> {
    let (&first, rest) = forms.split_first()?;
    match first {
        // `would have left`: the perfect looks back.
        Form::Modal if matches!(rest.first(), Some(Form::Have(_))) => Some(Tense::Past),
        Form::Modal => Some(Tense::Future),
        // `is to vote`, `is expected to`, `is going to`, `is planning to`, `is scheduled for`
        Form::Be(Time::Present)
            if (to && rest.is_empty())
                || rest.contains(&Form::Scheduled)
                || (to && rest.contains(&Form::Governor)) =>
        {
            Some(Tense::Future)
        }
        // `is meeting`, `is being held`
        Form::Be(Time::Present)
            if rest.contains(&Form::Ing) || rest.contains(&Form::Be(Time::Untensed)) =>
        {
            Some(Tense::Progressive)
        }
        Form::Be(Time::Present) | Form::Do(Time::Present) | Form::Present => Some(Tense::Present),
        Form::Be(Time::Past) | Form::Have(Time::Past) | Form::Do(Time::Past) | Form::Past => {
            Some(Tense::Past)
        }
        // `has to leave` looks ahead; `has left` looks back.
        Form::Have(Time::Present) if to && rest.is_empty() => Some(Tense::Future),
        Form::Have(Time::Present) => Some(Tense::Past),
        Form::Governor | Form::Scheduled if to => Some(Tense::Future),
        Form::Be(Time::Untensed)
        | Form::Have(Time::Untensed)
        | Form::Do(Time::Untensed)
        | Form::Governor
        | Form::Scheduled
        | Form::Ing => None,
    }
}

fn auxiliary(word: &str) -> Option<Form> {
    Some(match word {
        "will" | "would" | "shall" | "should" | "must" | "may" | "might" => Form::Modal,
        "is" | "are" | "am" => Form::Be(Time::Present),
        "was" | "were" => Form::Be(Time::Past),
        "be" | "been" | "being" => Form::Be(Time::Untensed),
        "has" | "have" => Form::Have(Time::Present),
        "had" => Form::Have(Time::Past),
        "having" => Form::Have(Time::Untensed),
        "do" | "does" => Form::Do(Time::Present),
        "did" => Form::Do(Time::Past),
        _ => return None,
    })
}

/// The auxiliary in a contraction with `n’t`: `won` is `will`, `didn` is `did`.
fn negated_auxiliary(word: &str) -> Option<Form> {
    Some(match word {
        "won" | "wouldn" | "shan" | "shouldn" | "mustn" => Form::Modal,
        "isn" | "aren" => Form::Be(Time::Present),
        "wasn" | "weren" => Form::Be(Time::Past),
        "hasn" | "haven" => Form::Have(Time::Present),
        "hadn" => Form::Have(Time::Past),
        "don" | "doesn" => Form::Do(Time::Present),
        "didn" => Form::Do(Time::Past),
        _ => return None,
    })
}

/// A short ASCII word folded to lower case on the stack: the tense reader looks at every word
/// around each weekday, and allocating for each would cost more than the rest of the reading.
struct Folded {
    bytes: [u8; 16],
    len: usize,
}

impl Folded {
    fn of(text: &str) -> Option<Self> {
        if text.len() > 16 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0; 16];
        for (to, from) in bytes.iter_mut().zip(text.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        Some(Self {
            bytes,
            len: text.len(),
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// Whether `word` is in `list`, which is sorted (a test holds every list to it).
fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

fn is_apostrophe(text: &str) -> bool {
    matches!(text, "’" | "'")
}

/// The day a weekday stands for under `rule`.
fn on_weekday(published: Date, weekday: Weekday, rule: Rule) -> Option<Date> {
    let p = published.weekday().number_days_from_monday();
    let w = weekday.number_days_from_monday();
    match rule {
        Rule::WeekdayFuture | Rule::WeekdayUntil | Rule::WeekdayByIf => {
            published.checked_add(Duration::days(i64::from((w + 7 - p) % 7)))
        }
        Rule::WeekdayProgressive => {
            published.checked_add(Duration::days(i64::from(w) - i64::from(p)))
        }
        _ => published.checked_sub(Duration::days(i64::from((p + 7 - w) % 7))),
    }
}

/// Words that may sit inside a verb group without changing its tense.
const FILLERS: &[&str] = &[
    "again",
    "allegedly",
    "already",
    "also",
    "apparently",
    "certainly",
    "currently",
    "even",
    "ever",
    "finally",
    "formally",
    "initially",
    "just",
    "never",
    "not",
    "now",
    "officially",
    "only",
    "probably",
    "really",
    "reportedly",
    "soon",
    "still",
    "then",
];

/// Words after which a verb-looking word is an adjective or a noun: `the armed forces`,
/// `the will of the people`.
const DETERMINERS: &[&str] = &[
    "a", "an", "another", "any", "both", "each", "every", "few", "her", "his", "its", "many", "my",
    "no", "other", "our", "several", "some", "such", "that", "the", "their", "these", "this",
    "those", "your",
];

/// Participles and adjectives of what is planned ahead: `is scheduled for`, `is due`,
/// `is expected to`. Alone (`a vote scheduled for Friday`) they carry no tense.
const SCHEDULED: &[&str] = &[
    "about",
    "due",
    "expected",
    "going",
    "likely",
    "planned",
    "poised",
    "ready",
    "scheduled",
    "set",
    "slated",
    "supposed",
    "unlikely",
];

/// Verbs that point ahead when `to` follows: `plans to`, `intends to`.
const FUTURE_GOVERNORS: &[&str] = &[
    "aim",
    "aiming",
    "aims",
    "expect",
    "expecting",
    "expects",
    "hope",
    "hopes",
    "hoping",
    "intend",
    "intending",
    "intends",
    "plan",
    "planning",
    "plans",
    "prepares",
    "preparing",
    "promise",
    "promises",
    "seek",
    "seeks",
    "threaten",
    "threatens",
    "vow",
    "vows",
    "want",
    "wanting",
    "wants",
];

/// Present simple verbs common in reporting: enough to end the search for a tense.
const PRESENT_VERBS: &[&str] = &[
    "adds", "argues", "believes", "claims", "explains", "insists", "notes", "reports", "say",
    "says", "tells", "thinks", "warns", "writes",
];

/// Common irregular past forms (past tense or participle).
const IRREGULAR_PAST: &[&str] = &[
    "arose",
    "ate",
    "became",
    "began",
    "begun",
    "bought",
    "broke",
    "broken",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "chosen",
    "done",
    "drawn",
    "drew",
    "driven",
    "drove",
    "eaten",
    "fallen",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "flown",
    "forgot",
    "forgotten",
    "fought",
    "found",
    "froze",
    "frozen",
    "gave",
    "given",
    "gone",
    "got",
    "gotten",
    "grew",
    "grown",
    "heard",
    "held",
    "hid",
    "hidden",
    "hung",
    "kept",
    "knew",
    "known",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "overtook",
    "paid",
    "ran",
    "risen",
    "rode",
    "rose",
    "said",
    "sang",
    "sank",
    "sat",
    "saw",
    "seen",
    "sent",
    "shaken",
    "shook",
    "shot",
    "slept",
    "slid",
    "sold",
    "sought",
    "spent",
    "spoke",
    "spoken",
    "stole",
    "stolen",
    "stood",
    "struck",
    "swam",
    "swore",
    "sworn",
    "swung",
    "taken",
    "taught",
    "thought",
    "threw",
    "thrown",
    "told",
    "took",
    "tore",
    "torn",
    "understood",
    "undertook",
    "upheld",
    "went",
    "wept",
    "withdrawn",
    "withdrew",
    "woke",
    "woken",
    "won",
    "written",
    "wrote",
];

/// `-ed` words that are not verb forms, or not ones that say the clause is past.
const NOT_VERBS_ED: &[&str] = &[
    "aged",
    "alleged",
    "armed",
    "based",
    "beloved",
    "concerned",
    "crooked",
    "detailed",
    "hundred",
    "infrared",
    "interested",
    "jagged",
    "kindred",
    "learned",
    "limited",
    "naked",
    "ragged",
    "related",
    "rugged",
    "sacred",
    "skilled",
    "talented",
    "unarmed",
    "united",
    "wicked",
];

/// `-eed` words that are past forms (most `-eed` words are not: `need`, `proceed`).
const REGULAR_EED: &[&str] = &["agreed", "decreed", "disagreed", "freed", "guaranteed"];

/// `-ing` words that are not verb forms.
const NOT_VERBS_ING: &[&str] = &[
    "according",
    "anything",
    "building",
    "buildings",
    "ceiling",
    "concerning",
    "during",
    "evening",
    "everything",
    "feeling",
    "following",
    "including",
    "meaning",
    "morning",
    "nothing",
    "notwithstanding",
    "pending",
    "regarding",
    "sibling",
    "something",
    "spring",
    "string",
    "thing",
    "things",
    "wedding",
];

/// Words that make a weekday part of a name: `Good Friday`, `Bloody Sunday`, `Super Tuesday`.
const NAMED_DAY_PREFIXES: &[&str] = &[
    "Ash", "Black", "Bloody", "Cyber", "Easter", "Fat", "Good", "Holy", "Maundy", "Palm", "Shrove",
    "Super", "Whit",
];

/// Words that make a weekday part of a title: `Sunday Times`, `Sunday School`.
const NAMED_DAY_SUFFIXES: &[&str] = &[
    "Express",
    "Herald",
    "Independent",
    "Mirror",
    "Observer",
    "Post",
    "School",
    "Telegraph",
    "Times",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// An exact weekday name, capitalised or all lower case.
fn weekday_named(word: &str) -> Option<Weekday> {
    // Every name ends in `day`: a cheap test that spares almost every token the folding below.
    if !word.ends_with("day") || !(is_capitalised(word) || word.chars().all(char::is_lowercase)) {
        return None;
    }
    let lower = word.to_lowercase();
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, day)| day)
}

/// A capitalised word one edit (or one swap of neighbours) from exactly one weekday name, with
/// the same first letter and still ending in `day`. The `day` ending keeps out plurals
/// (`Wednesdays`, habitual) and lookalikes (`Sundry`); the first letter and the uniqueness
/// keep out names such as `Munday`… mostly.
fn misspelt_weekday(word: &str) -> Option<Weekday> {
    // The cheap tests first: this runs on every token.
    if !word.ends_with("day") || word.len() > 12 || !is_capitalised(word) {
        return None;
    }
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut close = WEEKDAYS.iter().filter(|(name, _)| {
        let name: Vec<char> = name.chars().collect();
        name.first() == lower.first() && edit_distance(&name, &lower) == 1
    });
    match (close.next(), close.next()) {
        (Some(&(_, day)), None) => Some(day),
        _ => None,
    }
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbouring letters each cost one (so `Wendesday` is one from `Wednesday`).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// A month by its full name or its abbreviation (the dot, if any, is a token of its own).
/// Case matters: `may` and `march` are verbs.
fn month_named(word: &str) -> Option<Month> {
    use Month::{
        April, August, December, February, January, July, June, March, May, November, October,
        September,
    };
    Some(match word {
        "Jan" | "January" => January,
        "Feb" | "February" => February,
        "Mar" | "March" => March,
        "Apr" | "April" => April,
        "May" => May,
        "Jun" | "June" => June,
        "Jul" | "July" => July,
        "Aug" | "August" => August,
        "Sep" | "Sept" | "September" => September,
        "Oct" | "October" => October,
        "Nov" | "November" => November,
        "Dec" | "December" => December,
        _ => return None,
    })
}

/// `15`, `15th`, `1st`: a day of the month (1–31; the calendar checks the rest).
fn day_number(word: &str) -> Option<u8> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = word.split_at(digits);
    if !(1..=2).contains(&digits) || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    number.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Four ASCII digits.
fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|&y| y >= 1)
}

/// `1990s` → 1990.
fn decade_number(word: &str) -> Option<i32> {
    let year = year_number(word.strip_suffix('s')?)?;
    (year % 10 == 0).then_some(year)
}

/// The counts written as words.
const COUNT_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// The words of [`relative_step`], with their steps.
const RELATIVE_STEPS: [(&str, i64); 3] = [("last", -1), ("this", 0), ("next", 1)];

/// The parts of a period ([`Scan::part_of_period`]), in order.
const PARTS_OF_PERIOD: [&str; 3] = ["early", "mid", "late"];

/// `a`, `an`, `one` … `twelve`, or digits.
fn count_word(word: &str) -> Option<i64> {
    // Compared without folding into a new string: this runs on every token.
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    if let Some(n) = COUNT_WORDS
        .iter()
        .position(|w| word.eq_ignore_ascii_case(w))
    {
        return i64::try_from(n + 1).ok();
    }
    if (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok().filter(|&n| n > 0);
    }
    None
}

/// `last` → -1, `this` → 0, `next` → 1.
fn relative_step(word: &str) -> Option<i64> {
    RELATIVE_STEPS
        .into_iter()
        .find_map(|(name, step)| word.eq_ignore_ascii_case(name).then_some(step))
}

fn day_match(last_token: usize, date: Date, rule: Rule) -> Match {
    Match {
        last_token,
        first: date,
        last: date,
        rule,
    }
}

fn whole_year(year: i32) -> Option<(Date, Date)> {
    Some((
        Date::from_calendar_date(year, Month::January, 1).ok()?,
        Date::from_calendar_date(year, Month::December, 31).ok()?,
    ))
}

/// Moves by whole months, keeping the day where the month has it (Mar. 31 − 1 month = Feb. 29).
fn add_months(date: Date, months: i64) -> Option<Date> {
    let index = i64::from(date.year())
        .checked_mul(12)?
        .checked_add(i64::from(u8::from(date.month())) - 1)?
        .checked_add(months)?;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// The year for a date written without one: the candidate nearest the publication date,
/// counting days after it double because reports mostly look back (`Dec. 28` in an article of
/// 2021-01-03 is 2020-12-28). Years where the day does not exist (Feb. 29) are skipped.
fn nearest_year(month: Month, day: u8, published: Date) -> Option<Date> {
    let year = published.year();
    [year.checked_sub(1), Some(year), year.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|y| Date::from_calendar_date(y, month, day).ok())
        .min_by_key(|d| {
            let days = (*d - published).whole_days();
            if days > 0 { days * 2 } else { -days }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const PUBLISHED: Date = date!(2020 - 11 - 25);

    /// `(text, first, last)` of every expression in one block.
    fn found(text: &str, published: Date) -> Vec<(String, Date, Date)> {
        find_dates(&[text], published)
            .into_iter()
            .map(|d| (d.text, d.first, d.last))
            .collect()
    }

    fn one_day(text: &str, day: Date) -> (String, Date, Date) {
        (text.to_owned(), day, day)
    }

    #[test]
    fn two_weeks_ago_is_the_day_fourteen_days_before() {
        assert_eq!(
            found(
                "A truce brokered by Russia two weeks ago halted the violence after several \
                 failed attempts to establish a lasting cease-fire.",
                PUBLISHED
            ),
            [one_day("two weeks ago", date!(2020 - 11 - 11))]
        );
    }

    #[test]
    fn other_ago_expressions_are_one_day() {
        let text = "It began a week ago, three days ago, a month ago, 2 years ago and a day ago.";
        assert_eq!(
            found(text, PUBLISHED),
            [
                one_day("a week ago", date!(2020 - 11 - 18)),
                one_day("three days ago", date!(2020 - 11 - 22)),
                one_day("a month ago", date!(2020 - 10 - 25)),
                one_day("2 years ago", date!(2018 - 11 - 25)),
                one_day("a day ago", date!(2020 - 11 - 24)),
            ]
        );
    }

    #[test]
    fn singular_and_plural_units_must_agree_with_the_count() {
        assert!(found("two week ago, a weeks ago", PUBLISHED).is_empty());
    }

    #[test]
    fn last_week_is_the_previous_monday_to_sunday() {
        assert_eq!(
            found(
                "The first one, Aghdam, was turned over last week.",
                PUBLISHED
            ),
            [(
                "last week".to_owned(),
                date!(2020 - 11 - 16),
                date!(2020 - 11 - 22)
            )]
        );
    }

    #[test]
    fn last_week_from_a_monday_or_a_sunday_is_the_same_previous_week() {
        for published in [date!(2020 - 11 - 23), date!(2020 - 11 - 29)] {
            assert_eq!(
                found("Last week", published),
                [(
                    "Last week".to_owned(),
                    date!(2020 - 11 - 16),
                    date!(2020 - 11 - 22)
                )],
                "published {published}"
            );
        }
    }

    #[test]
    fn this_and_next_week_month_and_year_are_whole_periods() {
        let text = "this week, next week, last month, this month, next month, last year, next year";
        let got = found(text, PUBLISHED);
        let ranges: Vec<(Date, Date)> = got.iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(
            ranges,
            [
                (date!(2020 - 11 - 23), date!(2020 - 11 - 29)),
                (date!(2020 - 11 - 30), date!(2020 - 12 - 06)),
                (date!(2020 - 10 - 01), date!(2020 - 10 - 31)),
                (date!(2020 - 11 - 01), date!(2020 - 11 - 30)),
                (date!(2020 - 12 - 01), date!(2020 - 12 - 31)),
                (date!(2019 - 01 - 01), date!(2019 - 12 - 31)),
                (date!(2021 - 01 - 01), date!(2021 - 12 - 31)),
            ]
        );
    }

    #[test]
    fn the_last_week_of_something_is_not_last_week() {
        assert!(found("in the last week of the war", PUBLISHED).is_empty());
        assert!(found("a this month-long protest", PUBLISHED).is_empty());
        assert!(found("last weekend", PUBLISHED).is_empty());
    }

    #[test]
    fn yesterday_today_and_tomorrow_are_days_around_publication() {
        assert_eq!(
            found("Yesterday, today and tomorrow.", PUBLISHED),
            [
                one_day("Yesterday", date!(2020 - 11 - 24)),
                one_day("today", PUBLISHED),
                one_day("tomorrow", date!(2020 - 11 - 26)),
            ]
        );
    }

    #[test]
    fn month_abbreviation_and_day_resolve_in_the_publication_year() {
        assert_eq!(
            found(
                "Kalbajar was expected to be handed over on Nov. 15, but Azerbaijan agreed to \
                 delay the takeover after a request from Armenia.",
                PUBLISHED
            ),
            [one_day("Nov. 15", date!(2020 - 11 - 15))]
        );
    }

    #[test]
    fn month_forms_with_and_without_dot_or_full_name() {
        assert_eq!(
            found(
                "Nov 15 and November 16th and Oct. 28, 2020 and Sept. 1 2019.",
                PUBLISHED
            ),
            [
                one_day("Nov 15", date!(2020 - 11 - 15)),
                one_day("November 16th", date!(2020 - 11 - 16)),
                one_day("Oct. 28, 2020", date!(2020 - 10 - 28)),
                one_day("Sept. 1 2019", date!(2019 - 09 - 01)),
            ]
        );
    }

    #[test]
    fn a_date_without_a_year_rolls_back_over_new_year() {
        assert_eq!(
            found("on Dec. 28", date!(2021 - 01 - 03)),
            [one_day("Dec. 28", date!(2020 - 12 - 28))]
        );
        assert_eq!(
            found("due on Jan. 5", date!(2020 - 12 - 28)),
            [one_day("Jan. 5", date!(2021 - 01 - 05))]
        );
    }

    #[test]
    fn a_date_without_a_year_leans_to_the_past_when_both_are_far() {
        // 2020-05-01 is 208 days back, 2021-05-01 157 days ahead: a report looks back.
        assert_eq!(
            found("since May 1", PUBLISHED),
            [one_day("May 1", date!(2020 - 05 - 01))]
        );
        assert_eq!(
            found("by Dec. 1", PUBLISHED),
            [one_day("Dec. 1", date!(2020 - 12 - 01))]
        );
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(
            found("Feb. 29, 2020", PUBLISHED),
            [one_day("Feb. 29, 2020", date!(2020 - 02 - 29))]
        );
        assert!(found("Feb. 29, 2021", PUBLISHED).is_empty());
        assert_eq!(
            found("on Feb. 29", date!(2021 - 03 - 01)),
            [one_day("Feb. 29", date!(2020 - 02 - 29))]
        );
        assert_eq!(
            found("a month ago", date!(2020 - 03 - 31)),
            [one_day("a month ago", date!(2020 - 02 - 29))]
        );
        assert_eq!(
            found("a year ago", date!(2020 - 02 - 29)),
            [one_day("a year ago", date!(2019 - 02 - 28))]
        );
    }

    #[test]
    fn impossible_dates_are_not_matched() {
        assert!(found("Feb. 30 and Nov. 31, 2020 and Apr. 0", PUBLISHED).is_empty());
    }

    #[test]
    fn numbers_after_a_month_that_are_not_days_are_not_dates() {
        assert!(found("Nov. 15,000 people; May 2.5", PUBLISHED).is_empty());
        assert!(found("may 5", PUBLISHED).is_empty());
    }

    #[test]
    fn month_and_year_is_the_whole_month() {
        assert_eq!(
            found("In November 2020 and Feb. 2020", PUBLISHED),
            [
                (
                    "November 2020".to_owned(),
                    date!(2020 - 11 - 01),
                    date!(2020 - 11 - 30)
                ),
                (
                    "Feb. 2020".to_owned(),
                    date!(2020 - 02 - 01),
                    date!(2020 - 02 - 29)
                ),
            ]
        );
    }

    #[test]
    fn weekday_with_a_full_date_is_one_expression() {
        assert_eq!(
            found(
                "This photo taken from a video released by Azerbaijan's Defense Ministry on \
                 Wednesday, Nov. 25, 2020, shows an Azerbaijan's army soldiers",
                PUBLISHED
            ),
            [one_day("Wednesday, Nov. 25, 2020", PUBLISHED)]
        );
    }

    #[test]
    fn misspelt_weekday_with_a_full_date_is_still_one_expression() {
        assert_eq!(
            found("in Baku, Azerbaijan, Wendesday, Nov. 25, 2020.", PUBLISHED),
            [one_day("Wendesday, Nov. 25, 2020", PUBLISHED)]
        );
    }

    #[test]
    fn weekday_alone_is_the_publication_day_when_it_matches() {
        assert_eq!(
            found(
                "one more territory ceded by Armenian forces in a truce that ended deadly \
                 fighting over the separatist territory of Nagorno-Karabakh, Azerbaijan's \
                 Defense Ministry said Wednesday.",
                PUBLISHED
            ),
            [one_day("Wednesday", PUBLISHED)]
        );
    }

    #[test]
    fn weekday_alone_is_the_latest_such_day_before_publication() {
        // 2020-11-23 is a Monday, 2020-11-29 a Sunday.
        assert_eq!(
            found("on Tuesday", date!(2020 - 11 - 23)),
            [one_day("Tuesday", date!(2020 - 11 - 17))]
        );
        assert_eq!(
            found("on Monday", date!(2020 - 11 - 23)),
            [one_day("Monday", date!(2020 - 11 - 23))]
        );
        assert_eq!(
            found("on Sunday and Monday", date!(2020 - 11 - 29)),
            [
                one_day("Sunday", date!(2020 - 11 - 29)),
                one_day("Monday", date!(2020 - 11 - 23)),
            ]
        );
    }

    #[test]
    fn last_and_next_weekday_skip_the_publication_day() {
        assert_eq!(
            found(
                "last Wednesday and next Wednesday and last Monday",
                PUBLISHED
            ),
            [
                one_day("last Wednesday", date!(2020 - 11 - 18)),
                one_day("next Wednesday", date!(2020 - 12 - 02)),
                one_day("last Monday", date!(2020 - 11 - 23)),
            ]
        );
    }

    #[test]
    fn misspelt_weekday_resolves_to_publication_day() {
        assert_eq!(
            found(
                "Aliyev on Wendesday denounced Armenians for destroying those towns and \
                 promised to rebuild them.",
                PUBLISHED
            ),
            [one_day("Wendesday", PUBLISHED)]
        );
        assert_eq!(
            found("on Tuseday and Thrusday", PUBLISHED),
            [
                one_day("Tuseday", date!(2020 - 11 - 24)),
                one_day("Thrusday", date!(2020 - 11 - 19)),
            ]
        );
    }

    #[test]
    fn plurals_lookalikes_and_lower_case_typos_are_not_weekdays() {
        assert!(found("on Wednesdays, a Sundry item, Funday, wendesday", PUBLISHED).is_empty());
    }

    #[test]
    fn named_days_are_not_weekdays() {
        assert!(found("Good Friday, Bloody Sunday, the Sunday Times", PUBLISHED).is_empty());
    }

    #[test]
    fn decades_and_their_parts() {
        assert_eq!(
            found(
                "who used to live in Kalbajar and fled as it fell under Armenian control in \
                 early 1990s.",
                PUBLISHED
            ),
            [(
                "early 1990s".to_owned(),
                date!(1990 - 01 - 01),
                date!(1993 - 12 - 31)
            )]
        );
        assert_eq!(
            found("the mid-1990s, late 1990s, the 1990s war", PUBLISHED),
            [
                (
                    "mid-1990s".to_owned(),
                    date!(1994 - 01 - 01),
                    date!(1996 - 12 - 31)
                ),
                (
                    "late 1990s".to_owned(),
                    date!(1997 - 01 - 01),
                    date!(1999 - 12 - 31)
                ),
                (
                    "1990s".to_owned(),
                    date!(1990 - 01 - 01),
                    date!(1999 - 12 - 31)
                ),
            ]
        );
    }

    #[test]
    fn parts_of_a_year_are_thirds() {
        assert_eq!(
            found("in early 2020 and mid-2019", PUBLISHED),
            [
                (
                    "early 2020".to_owned(),
                    date!(2020 - 01 - 01),
                    date!(2020 - 04 - 30)
                ),
                (
                    "mid-2019".to_owned(),
                    date!(2019 - 05 - 01),
                    date!(2019 - 08 - 31)
                ),
            ]
        );
    }

    #[test]
    fn bare_years_only_after_in_or_since() {
        assert_eq!(
            found("In 1994 it ended; in force since 1994.", PUBLISHED),
            [
                (
                    "1994".to_owned(),
                    date!(1994 - 01 - 01),
                    date!(1994 - 12 - 31)
                ),
                ("since 1994".to_owned(), date!(1994 - 01 - 01), PUBLISHED),
            ]
        );
        assert!(
            found(
                "about 2000 people, in 1994-95, in 3000, since 2030",
                PUBLISHED
            )
            .is_empty()
        );
    }

    #[test]
    fn counts_and_ages_are_not_dates() {
        let text = "The 77-year-old says he fled Kalbajar with his wife and three young \
                    children when the Armenians arrived, and his big house is now ruined. I \
                    and my entire family are ready to head there right now. The first one.";
        assert!(found(text, PUBLISHED).is_empty());
    }

    #[test]
    fn offsets_are_bytes_into_the_block() {
        let text = "«Ö» on Wednesday, Nov. 25, 2020.";
        let got = find_dates(&["none", text], PUBLISHED);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].block, 1);
        assert_eq!(&text[got[0].start..got[0].end], "Wednesday, Nov. 25, 2020");
    }

    /// `(text, day, rule)` of every one-day expression in one block.
    fn read(text: &str, published: Date) -> Vec<(String, Date, Rule)> {
        find_dates(&[text], published)
            .into_iter()
            .map(|d| (d.text, d.first, d.rule))
            .collect()
    }

    fn day(text: &str, day: Date, rule: Rule) -> (String, Date, Rule) {
        (text.to_owned(), day, rule)
    }

    /// A Sunday: the Tuesday before is 2020-11-24, the one after 2020-12-01.
    const SUNDAY: Date = date!(2020 - 11 - 29);

    #[test]
    fn in_a_story_dated_sunday_will_vote_on_tuesday_is_the_tuesday_after() {
        assert_eq!(
            read("The council will vote on Tuesday.", SUNDAY),
            [day("Tuesday", date!(2020 - 12 - 01), Rule::WeekdayFuture)]
        );
    }

    #[test]
    fn would_is_to_plans_to_and_is_expected_to_look_ahead() {
        for sentence in [
            "The mayor said the council would vote on Tuesday.",
            "The council is to vote on Tuesday.",
            "The ministry plans to reopen the road on Tuesday.",
            "The verdict is expected to come on Tuesday.",
            "Negotiators are going to meet again Tuesday.",
            "The council won’t vote before Tuesday.",
            "They’ll be back on Tuesday.",
            "The final hearing is scheduled for Tuesday.",
        ] {
            assert_eq!(
                read(sentence, SUNDAY),
                [day("Tuesday", date!(2020 - 12 - 01), Rule::WeekdayFuture)],
                "{sentence}"
            );
        }
    }

    #[test]
    fn by_a_weekday_if_something_happens_is_ahead() {
        assert_eq!(
            read(
                "Aid reaches the valley by Tuesday if the pass is open.",
                SUNDAY
            ),
            [day("Tuesday", date!(2020 - 12 - 01), Rule::WeekdayByIf)]
        );
        // Without the condition `by` says nothing.
        assert_eq!(
            read("Aid reaches the valley by Tuesday.", SUNDAY),
            [day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayDefault)]
        );
    }

    #[test]
    fn until_a_weekday_is_ahead_unless_the_clause_is_past() {
        assert_eq!(
            read("The border crossing is closed until Tuesday.", SUNDAY),
            [day("Tuesday", date!(2020 - 12 - 01), Rule::WeekdayUntil)]
        );
        assert_eq!(
            read("The border crossing was closed until Tuesday.", SUNDAY),
            [day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayPast)]
        );
    }

    #[test]
    fn past_tense_perfect_and_since_look_back() {
        for sentence in [
            "The council voted on Tuesday.",
            "The council has approved the plan on Tuesday.",
            "Refugees fled the town on Tuesday.",
            "Talks have stalled since Tuesday.",
            "The minister was not in the capital on Tuesday.",
            "Theresa May spoke to reporters on Tuesday.",
            "The council would have voted on Tuesday.",
        ] {
            assert_eq!(
                read(sentence, SUNDAY),
                [day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayPast)],
                "{sentence}"
            );
        }
    }

    #[test]
    fn present_progressive_is_the_same_monday_to_sunday_week() {
        let sentence = "The foreign ministers are meeting on Tuesday.";
        // Published on the Monday, the Wednesday and the Sunday of that week: always its Tuesday.
        for published in [date!(2020 - 11 - 23), PUBLISHED, SUNDAY] {
            assert_eq!(
                read(sentence, published),
                [day(
                    "Tuesday",
                    date!(2020 - 11 - 24),
                    Rule::WeekdayProgressive
                )],
                "published {published}"
            );
        }
        assert_eq!(
            read("A second convoy is being loaded on Friday.", PUBLISHED),
            [day(
                "Friday",
                date!(2020 - 11 - 27),
                Rule::WeekdayProgressive
            )]
        );
    }

    #[test]
    fn where_the_tense_does_not_decide_a_weekday_looks_back() {
        assert_eq!(
            read("The deadline is Tuesday.", SUNDAY),
            [day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayDefault)]
        );
        assert_eq!(
            read("Tuesday, in the capital.", SUNDAY),
            [day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayDefault)]
        );
    }

    #[test]
    fn the_nearest_verb_before_decides_and_else_the_first_after() {
        assert_eq!(
            read(
                "Officials said Tuesday that the council will vote on Friday.",
                PUBLISHED
            ),
            [
                day("Tuesday", date!(2020 - 11 - 24), Rule::WeekdayPast),
                day("Friday", date!(2020 - 11 - 27), Rule::WeekdayFuture),
            ]
        );
        assert_eq!(
            read("On Friday, the council will vote.", PUBLISHED),
            [day("Friday", date!(2020 - 11 - 27), Rule::WeekdayFuture)]
        );
        assert_eq!(
            read("On Friday, the council voted.", PUBLISHED),
            [day("Friday", date!(2020 - 11 - 20), Rule::WeekdayPast)]
        );
    }

    #[test]
    fn a_tense_in_another_sentence_does_not_count() {
        assert_eq!(
            read("The council will vote. Friday, in the capital.", PUBLISHED),
            [day("Friday", date!(2020 - 11 - 20), Rule::WeekdayDefault)]
        );
        // `Nov.` does not end the sentence.
        assert_eq!(
            read("The council will vote on Nov. 30 or on Friday.", PUBLISHED),
            [
                day("Nov. 30", date!(2020 - 11 - 30), Rule::NearestYear),
                day("Friday", date!(2020 - 11 - 27), Rule::WeekdayFuture),
            ]
        );
    }

    #[test]
    fn times_of_day_keep_their_day() {
        assert_eq!(
            read(
                "The ceasefire will take effect at noon Thursday.",
                PUBLISHED
            ),
            [day(
                "noon Thursday",
                date!(2020 - 11 - 26),
                Rule::WeekdayFuture
            )]
        );
        assert_eq!(
            read(
                "Police said the blast was at 11:45 p.m. Tuesday.",
                PUBLISHED
            ),
            [day(
                "11:45 p.m. Tuesday",
                date!(2020 - 11 - 24),
                Rule::WeekdayPast
            )]
        );
        // Midnight does not move the day on.
        assert_eq!(
            read("The curfew ended at midnight Sunday.", PUBLISHED),
            [day(
                "midnight Sunday",
                date!(2020 - 11 - 22),
                Rule::WeekdayPast
            )]
        );
        assert_eq!(
            read("Lawyers will argue at Friday's 9 a.m. hearing.", PUBLISHED),
            [day("Friday", date!(2020 - 11 - 27), Rule::WeekdayFuture)]
        );
        assert_eq!(
            read(
                "Voters will queue Thursday night. The court sat on Friday at 9 a.m.",
                PUBLISHED
            ),
            [
                day("Thursday night", date!(2020 - 11 - 26), Rule::WeekdayFuture),
                day("Friday at 9 a.m.", date!(2020 - 11 - 20), Rule::WeekdayPast),
            ]
        );
    }

    #[test]
    fn this_weekday_reads_its_tense_and_next_or_last_say_it_themselves() {
        assert_eq!(
            read("The council will vote this Friday.", PUBLISHED),
            [day(
                "this Friday",
                date!(2020 - 11 - 27),
                Rule::WeekdayFuture
            )]
        );
        assert_eq!(
            read("The council met this Monday.", PUBLISHED),
            [day("this Monday", date!(2020 - 11 - 23), Rule::WeekdayPast)]
        );
        // `next` stays ahead and `last` behind whatever the verb.
        assert_eq!(
            read(
                "They said they met last Friday and meet next Friday night.",
                PUBLISHED
            ),
            [
                day("last Friday", date!(2020 - 11 - 20), Rule::LastWeekday),
                day(
                    "next Friday night",
                    date!(2020 - 11 - 27),
                    Rule::NextWeekday
                ),
            ]
        );
    }

    #[test]
    fn adjectives_and_names_are_not_verbs() {
        // `armed` after `the` is an adjective; the clause has no tense of its own.
        assert_eq!(
            read("A parade of the armed forces on Friday.", PUBLISHED),
            [day("Friday", date!(2020 - 11 - 20), Rule::WeekdayDefault)]
        );
        // `the will of` is a noun; `Will` inside a sentence is a name.
        assert_eq!(
            read(
                "The will of the voters on Friday, Will Jones wrote.",
                PUBLISHED
            ),
            [day("Friday", date!(2020 - 11 - 20), Rule::WeekdayPast)]
        );
    }

    #[test]
    fn every_kind_of_expression_names_its_rule() {
        let text = "Nov. 25, 2020, Nov. 15, November 2020, two weeks ago, last week, next Friday, \
                    last Friday, yesterday, early 1990s, 1990s, since 1994, in 1994.";
        let rules: Vec<Rule> = find_dates(&[text], PUBLISHED)
            .into_iter()
            .map(|d| d.rule)
            .collect();
        assert_eq!(
            rules,
            [
                Rule::WrittenDate,
                Rule::NearestYear,
                Rule::WrittenDate,
                Rule::CountBack,
                Rule::CalendarPeriod,
                Rule::NextWeekday,
                Rule::LastWeekday,
                Rule::DeicticDay,
                Rule::PartOfPeriod,
                Rule::Decade,
                Rule::SinceYear,
                Rule::InYear,
            ]
        );
        assert_eq!(
            serde_json::to_string(&Rule::WeekdayByIf).ok().as_deref(),
            Some("\"weekday-by-if\"")
        );
    }

    #[test]
    fn the_same_words_for_the_same_days_are_one_event() {
        let blocks = [
            "A truce brokered two weeks ago held. Two  weeks ago, on Wednesday, it began.",
            "The truce of two weeks ago. A week ago, Wednesday, nothing.",
        ];
        let found = find_dates(&blocks, PUBLISHED);
        let groups: Vec<Vec<&str>> = events(&found)
            .into_iter()
            .map(|g| g.into_iter().map(|k| found[k].text.as_str()).collect())
            .collect();
        assert_eq!(
            groups,
            [
                vec!["two weeks ago", "Two  weeks ago", "two weeks ago"],
                vec!["Wednesday", "Wednesday"],
                vec!["A week ago"],
            ]
        );
        // The same words for other days are other events.
        let found = find_dates(
            &["He met them Friday.", "He will meet them Friday."],
            PUBLISHED,
        );
        assert_eq!(events(&found), [vec![0], vec![1]]);
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [
            FILLERS,
            DETERMINERS,
            SCHEDULED,
            FUTURE_GOVERNORS,
            PRESENT_VERBS,
            IRREGULAR_PAST,
            NOT_VERBS_ED,
            REGULAR_EED,
            NOT_VERBS_ING,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("wednesday"), &chars("wendesday")), 1);
        assert_eq!(edit_distance(&chars("monday"), &chars("sunday")), 2);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn published() -> impl Strategy<Value = Date> {
            (1900i32..=2100, 1u16..=366).prop_map(|(y, d)| {
                Date::from_ordinal_date(y, d)
                    .or_else(|_| Date::from_ordinal_date(y, 365))
                    .unwrap_or(Date::MIN)
            })
        }

        /// A word the patterns look for (or one near them).
        fn pattern_word() -> impl Strategy<Value = &'static str> {
            proptest::sample::select(vec![
                "Nov",
                ".",
                ",",
                "-",
                "15",
                "29",
                "31",
                "2020",
                "9999",
                "0001",
                "Feb",
                "Wednesday",
                "Wendesday",
                "two",
                "a",
                "9999",
                "weeks",
                "years",
                "month",
                "ago",
                "last",
                "next",
                "week",
                "year",
                "mid",
                "early",
                "1990s",
                "9990s",
                "since",
                "in",
                "1994",
                "é",
                "’",
                "today",
                "Tuesday",
                "this",
                "will",
                "won",
                "t",
                "ll",
                "said",
                "is",
                "meeting",
                "to",
                "expected",
                "since",
                "until",
                "by",
                "if",
                "noon",
                "11",
                ":",
                "45",
                "p",
                "m",
                "at",
                "night",
                "!",
                "Today",
                "A",
                "Twelve",
                "Late",
                "Midnight",
                "9am",
                "12pm",
                "Since",
                "Sept",
                "December",
                "tomorrow",
                "Yesterday",
                "Thrusday",
                "an",
                "hour",
                "day",
                "days",
            ])
        }

        /// Arbitrary text, and text built from the words the patterns look for.
        fn block() -> impl Strategy<Value = String> {
            let word = pattern_word();
            prop_oneof![
                any::<String>(),
                proptest::collection::vec((word, prop_oneof![Just(""), Just(" ")]), 0..12)
                    .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect()),
            ]
        }

        proptest! {
            #[test]
            fn find_dates_is_well_formed(
                blocks in proptest::collection::vec(block(), 0..4),
                published in published(),
            ) {
                let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
                let found = find_dates(&refs, published);
                let mut previous: Option<(usize, usize)> = None;
                for d in &found {
                    let text = refs[d.block];
                    prop_assert!(d.start < d.end && d.end <= text.len());
                    prop_assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
                    prop_assert_eq!(&text[d.start..d.end], d.text.as_str());
                    prop_assert!(d.first <= d.last);
                    if let Some((block, end)) = previous {
                        prop_assert!(block < d.block || (block == d.block && end <= d.start));
                    }
                    previous = Some((d.block, d.end));
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20_000))]

            /// The prefilter never hides a date: where [`may_open`] says no, no pattern matches
            /// (on a few of the patterns' words at a time, in any letter case).
            #[test]
            fn may_open_passes_every_token_a_pattern_opens_at(
                parts in proptest::collection::vec(
                    (pattern_word(), 0..3u8, prop_oneof![Just(""), Just(" ")]),
                    1..5,
                ),
                published in published(),
            ) {
                let text: String = parts
                    .iter()
                    .map(|(w, case, space)| match case {
                        0 => format!("{w}{space}"),
                        1 => format!("{}{space}", w.to_uppercase()),
                        _ => format!("{}{space}", w.to_lowercase()),
                    })
                    .collect();
                let mut tokens = Vec::new();
                tokenize(&text, &mut tokens);
                let scan = Scan { tokens: &tokens, published };
                for (i, token) in tokens.iter().enumerate() {
                    if !may_open(token) {
                        prop_assert!(scan.match_at(i).is_none(), "{:?} at {}", text, i);
                    }
                }
            }
        }
    }
}
