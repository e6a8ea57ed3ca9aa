//! Who said each quote, and how the text tells: named rules tried in order, then a pass over
//! the story that follows who it is about.
//!
//! The words around each quote are read first: the cue (`said`, `told`, `according to`, a
//! colon) and the phrase that names the speaker beside it (a name, without its titles; a
//! pronoun; a description such as `the veteran goalkeeper`; a body such as `the ministry`).
//! The rules, in the order they are tried (see [`Rule`]):
//!
//! 1. `transcript-label` — `“LEE: …”`, the speaker's label opening an interview transcript.
//! 2. `quote-then-subject-verb` — `“…,” Lee said`, `“…,” Ann Lee, the party's leader, said`.
//! 3. `quote-then-verb-subject` — `“…,” said Treasury Secretary Ann Lee`.
//! 4. `quote-then-according-to` — `“…,” according to Ann Lee`.
//! 5. `quote-then-dash-name` — `“…” — Ann Lee`, a signed opinion.
//! 6. `name-then-dash-quote` — `…, including Ann Lee -- “…” --`: a quote set off by dashes
//!    right after a person's name is theirs.
//! 7. `subject-verb-then-quote` — `Lee said: “…”`, `Lee told reporters, “…”`, `Lee said the
//!    deal was a “historic step”`, `according to Lee, “…”`, `As Lee put it, “…”`.
//! 8. `participle-then-quote` — `…, saying “…”`: the subject of the clause it hangs from.
//! 9. `colon-before-paragraph` — a paragraph ending `Lee told the crowd:` before the quote's.
//! 10. `same-paragraph` — a later quote of the paragraph with no cue of its own, nobody else
//!     the subject since the earlier one: the same speaker.
//! 11. `after-subject` — a quote standing as a sentence of its own after a sentence about
//!     someone (`Lee calls herself a centrist. “Why would I pander?”`): theirs.
//! 12. `floating` — a paragraph that opens with a quote and gives no cue continues the last
//!     voice (a quote's speaker or someone's reported speech) of the two paragraphs before,
//!     unless someone else has become the subject since.
//!
//! A pronoun resolves to the last person who was the subject of a sentence or spoke, whose
//! sex fits (from `Mr.`/`Ms.`, a role such as `spokeswoman`, `he`/`she` beside the name or a
//! first-name list); a person named only as an object is not a candidate, and nor is anyone
//! three paragraphs back. A surname becomes the full name nearest before it. A description
//! names the person the article introduced with it (`veteran goalkeeper Ann Lee`), else it
//! stands as written. Whatever the text does not settle stays unattributed.

mod lexicon;
mod people;
mod text;

use std::ops::Range;

use lexicon::{
    BETWEEN_SUBJECT_AND_VERB, CLAUSE_WORDS, DETERMINERS, INTRODUCERS, IRREGULAR_PASTS,
    NAMES_A_THING, NAMING_VERBS, NOT_NAMES, PREPOSITIONS, RELATIVES, SPEECH_BARE,
    SPEECH_PARTICIPLES, SPEECH_VERBS, TIME_WORDS,
};
use people::{People, Sex, description_sex, read_name, run_back, run_forward};
use text::{Block, Tok};

pub use super::model::How;
use super::quotes::QuotePart;

/// A stretch of a block's text: byte offsets, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// The rule that found a quote's speaker; its name is what `attribution.rule` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `“LEE: Well, …”`: a transcript's speaker label opening the quote.
    TranscriptLabel,
    /// `“…,” Lee said.`, `“…,” Ann Lee, the leader of the party, said on Monday.`, `“…,” he said.`
    QuoteThenSubjectVerb,
    /// `“…,” said Ann Lee.`, `“…,” said Ann Lee, a lawyer for the family.`
    QuoteThenVerbSubject,
    /// `“…,” according to Ann Lee.`
    QuoteThenAccordingTo,
    /// `“…” — Ann Lee`: a signature after the quote at the end of the paragraph.
    QuoteThenDashName,
    /// `…, including Ann Lee -- “…” --`: the quote set off right after a person's name.
    NameThenDashQuote,
    /// `Lee said: “…”`, `Lee told reporters, “…”`, `Lee said the deal was a “historic step”`.
    SubjectVerbThenQuote,
    /// `…, saying “…”`, `adding: “…”`: the subject of the clause the participle hangs from.
    ParticipleThenQuote,
    /// `Lee had a warning for them:` closing the paragraph before the quote's.
    ColonBeforeParagraph,
    /// A later quote in the paragraph, nobody else named since the earlier one.
    SameParagraph,
    /// A quote standing as a sentence after a sentence about someone: theirs.
    AfterSubject,
    /// A paragraph opening with a quote and no cue: the last voice goes on.
    Floating,
}

impl Rule {
    /// The rule's name, as tests and `attribution.rule` call it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rule::TranscriptLabel => "transcript-label",
            Rule::QuoteThenSubjectVerb => "quote-then-subject-verb",
            Rule::QuoteThenVerbSubject => "quote-then-verb-subject",
            Rule::QuoteThenAccordingTo => "quote-then-according-to",
            Rule::QuoteThenDashName => "quote-then-dash-name",
            Rule::NameThenDashQuote => "name-then-dash-quote",
            Rule::SubjectVerbThenQuote => "subject-verb-then-quote",
            Rule::ParticipleThenQuote => "participle-then-quote",
            Rule::ColonBeforeParagraph => "colon-before-paragraph",
            Rule::SameParagraph => "same-paragraph",
            Rule::AfterSubject => "after-subject",
            Rule::Floating => "floating",
        }
    }
}

/// Who said one quote, and how the text tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker's full name, or a description or body as written; `None` when the text
    /// does not settle it.
    pub speaker: Option<String>,
    /// What the article says the speaker is (`Treasury Secretary`, `77, a refugee`).
    pub description: Option<String>,
    pub how: How,
    pub rule: Option<Rule>,
    /// The cue's words (`said`, `according to`, `:`), when there is one.
    pub cue: Option<Place>,
    /// The words that name the speaker at the cue (`Lee`, `he`, `the ministry`).
    pub mention: Option<Place>,
    /// For a pronoun or a continued quote: where the speaker was named before.
    pub antecedent: Option<Place>,
    /// Something an editor should check (a surname two people share, a pronoun left open).
    pub warning: Option<String>,
    /// Who that is, for following the story.
    who: Option<Who>,
}

/// The entity behind a speaker, for pronouns and continued quotes after it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Who {
    entity: Entity,
    sex: Option<Sex>,
    /// A person a pronoun may stand for (not a body or a report).
    personal: bool,
}

impl Attribution {
    fn none() -> Self {
        Attribution {
            speaker: None,
            description: None,
            how: How::Unattributed,
            rule: None,
            cue: None,
            mention: None,
            antecedent: None,
            warning: None,
            who: None,
        }
    }
}

/// Attributes every quote. `texts` holds the body paragraphs (`0..body_len`) and then the
/// captions; `quotes[n]` are the parts of quote `n`, in text order.
#[must_use]
pub fn attribute(texts: &[&str], body_len: usize, quotes: &[Vec<QuotePart>]) -> Vec<Attribution> {
    let blocks = text::blocks(texts, quotes);
    let people = People::gather(&blocks);
    let mut at: Vec<Option<(usize, usize)>> = vec![None; quotes.len()];
    let mut last_at: Vec<Option<(usize, usize)>> = vec![None; quotes.len()];
    for (b, block) in blocks.iter().enumerate() {
        for (i, t) in block.toks.iter().enumerate() {
            if let Some(n) = t.quote {
                at[n].get_or_insert((b, i));
                last_at[n] = Some((b, i));
            }
        }
    }
    let doc = Doc {
        blocks: &blocks,
        people: &people,
        body_len: body_len.min(blocks.len()),
        at,
        last_at,
    };
    let mut out = vec![Attribution::none(); quotes.len()];
    let mut focus = Focus::default();
    for (b, block) in blocks.iter().enumerate() {
        if b >= doc.body_len {
            // A caption stands alone: its pronouns resolve within it.
            focus = Focus::default();
        }
        // A photo's caption set among the paragraphs (`Ann Lee at the mill. (File photo)`)
        // is no part of the story: who it shows is not who the story goes on about.
        let photo = b < doc.body_len && is_photo_caption(block);
        for range in &block.sentences {
            for (k, t) in block.toks[range.clone()].iter().enumerate() {
                let k = range.start + k;
                let Some(n) = t.quote else {
                    continue;
                };
                if doc.at[n] == Some((b, k)) {
                    out[n] = doc.attribute(n, &focus, &out);
                    focus.heard(&out[n], b);
                }
            }
            if !photo {
                doc.observe(b, range.clone(), &mut focus);
            }
        }
    }
    out
}

/// The article's blocks and people, and where each quote stands.
struct Doc<'d, 't> {
    blocks: &'d [Block<'t>],
    people: &'d People,
    body_len: usize,
    /// Per quote, (block, token) of its first part and of its last.
    at: Vec<Option<(usize, usize)>>,
    last_at: Vec<Option<(usize, usize)>>,
}

/// A phrase that names a speaker, beside a cue.
#[derive(Debug, Clone)]
enum Phrase {
    /// A name: a person the article names, a body, or a name-like word.
    Name {
        toks: Range<usize>,
        person: Option<usize>,
        org: bool,
        text: String,
        description: Option<String>,
    },
    /// `he` or `she`.
    Pronoun { tok: usize, sex: Sex },
    /// `I` or `we` in the narration: the writer, who is nobody the article quotes.
    Narrator { tok: usize },
    /// `the veteran goalkeeper`, `a spokeswoman for the chain`.
    Description { toks: Range<usize>, text: String },
}

/// A cue found beside a quote.
#[derive(Debug, Clone)]
enum Found {
    /// The phrase at the cue names the speaker.
    Phrase {
        rule: Rule,
        cue: Place,
        phrase: Phrase,
    },
    /// The cue goes back to an earlier quote's speaker (`“…,” Lee said, adding: “…”`).
    AsQuote {
        rule: Rule,
        cue: Place,
        quote: usize,
        /// The sentence's subject, for when that quote has no speaker (`Lee dismissed it --
        /// “…” -- and later, asserting, “…”`).
        or: Option<Phrase>,
    },
}

/// Who a phrase turned out to name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entity {
    Person(usize),
    /// A body or a description, as written.
    Other(String),
}

/// Someone the story has just been about.
#[derive(Debug, Clone)]
struct Salient {
    entity: Entity,
    speaker: String,
    block: usize,
    mention: Place,
    /// The subject of a sentence or a speaker, not a name in passing.
    subject: bool,
    /// A person a pronoun may stand for (a description of a body may not).
    personal: bool,
    sex: Option<Sex>,
}

/// Who spoke last, and whether someone else has become the subject since.
#[derive(Debug, Clone)]
struct Voice {
    speaker: String,
    description: Option<String>,
    who: Who,
    block: usize,
    mention: Option<Place>,
    interrupted: bool,
}

#[derive(Debug, Default)]
struct Focus {
    /// Newest last; only the last few matter.
    recent: Vec<Salient>,
    voice: Option<Voice>,
    /// The last sentence subject that is a person: (block, first token of the sentence, who).
    last_subject: Option<(usize, usize, Salient)>,
    /// The last sentence with reported speech: (block, first token of the sentence, who spoke).
    last_said: Option<(usize, usize, Salient)>,
}

impl Focus {
    const KEEP: usize = 24;

    fn push(&mut self, s: Salient) {
        if self.recent.len() >= Self::KEEP {
            self.recent.remove(0);
        }
        self.recent.push(s);
    }

    /// A quote was attributed: its speaker is the voice and the newest subject.
    fn heard(&mut self, a: &Attribution, block: usize) {
        let (Some(speaker), Some(who)) = (&a.speaker, &a.who) else {
            return;
        };
        let mention = a.antecedent.or(a.mention);
        if let Some(mention) = mention {
            self.push(Salient {
                entity: who.entity.clone(),
                speaker: speaker.clone(),
                block,
                mention,
                subject: true,
                personal: who.personal,
                sex: who.sex,
            });
        }
        self.voice = Some(Voice {
            speaker: speaker.clone(),
            description: a.description.clone(),
            who: who.clone(),
            block,
            mention,
            interrupted: false,
        });
    }
}

impl Doc<'_, '_> {
    fn toks(&self, b: usize) -> &[Tok<'_>] {
        &self.blocks[b].toks
    }

    fn place(&self, b: usize, toks: Range<usize>) -> Option<Place> {
        let t = self.toks(b);
        let (first, last) = (t.get(toks.start)?, t.get(toks.end.checked_sub(1)?)?);
        Some(Place {
            block: b,
            start: first.start,
            end: last.end,
        })
    }

    /// The quote's own cue, then what the story around it says.
    fn attribute(&self, n: usize, focus: &Focus, done: &[Attribution]) -> Attribution {
        let (Some((b, k)), Some((lb, lk))) = (self.at[n], self.last_at[n]) else {
            return Attribution::none();
        };
        if let Some(a) = self.label(b, k) {
            return a;
        }
        if self.names_a_thing(b, k) {
            return Attribution::none();
        }
        let found = self
            .after(lb, lk)
            .or_else(|| self.before(b, k))
            .or_else(|| self.colon_before(b, k));
        match found {
            Some(f) => self.found(f, focus, done),
            None => self
                .continued(b, k, focus, done)
                .unwrap_or_else(Attribution::none),
        }
    }

    fn found(&self, f: Found, focus: &Focus, done: &[Attribution]) -> Attribution {
        match f {
            Found::Phrase { rule, cue, phrase } => self.resolve(&phrase, rule, cue, focus),
            Found::AsQuote {
                rule,
                cue,
                quote,
                or,
            } => match done.get(quote).filter(|a| a.speaker.is_some()) {
                Some(prev) => Attribution {
                    rule: Some(rule),
                    cue: Some(cue),
                    ..continuing(prev, rule)
                },
                None => or.map_or_else(Attribution::none, |phrase| {
                    self.resolve(&phrase, rule, cue, focus)
                }),
            },
        }
    }

    /// `an app called “Screen Meter”`, `a box labeled “urgent”`: the quote is the name of a
    /// thing, and nobody's words; but `a deal that Lee called “a disaster”` quotes Lee.
    fn names_a_thing(&self, b: usize, k: usize) -> bool {
        let toks = self.toks(b);
        let Some(v) = k.checked_sub(1) else {
            return false;
        };
        if !toks[v].is_lower() || !toks[v].is_in(NAMES_A_THING) {
            return false;
        }
        let slot = self.before_slot(b, k);
        !self
            .subject_before(b, slot.start, v)
            .is_some_and(|(_, s)| s > 0 && toks[s - 1].is_in(RELATIVES))
    }

    // -----------------------------------------------------------------------------------------
    // Rule 1: a transcript label

    /// `“LEE: Well, …”`: a word in capitals and a colon opening the quote.
    fn label(&self, b: usize, k: usize) -> Option<Attribution> {
        let tok = &self.toks(b)[k];
        let inner = tok.text.get(tok.text.chars().next()?.len_utf8()..)?;
        let (label, _) = inner.split_once(':')?;
        let caps = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
        if label.is_empty() || label.len() > 40 || !label.split(' ').all(caps) {
            return None;
        }
        let start = tok.start + tok.text.len() - inner.len();
        let mention = Place {
            block: b,
            start,
            end: start + label.len(),
        };
        let surname = label.rsplit(' ').next().unwrap_or(label);
        let person = self.people.resolve(surname, b, k).map(|(p, _)| p);
        let speaker = person.map_or_else(|| label.to_owned(), |p| self.people.list[p].name.clone());
        Some(Attribution {
            speaker: Some(speaker.clone()),
            description: person.and_then(|p| self.people.list[p].description.clone()),
            how: How::Named,
            rule: Some(Rule::TranscriptLabel),
            mention: Some(mention),
            who: Some(match person {
                Some(p) => self.person_who(p),
                None => Who {
                    entity: Entity::Other(speaker),
                    sex: None,
                    personal: true,
                },
            }),
            ..Attribution::none()
        })
    }

    // -----------------------------------------------------------------------------------------
    // Rules 2-5: the words after the quote

    /// The narration after the quote token `k`, up to the next quote or the sentence end. A
    /// quote that is its own sentence (`“…?” Lee asked.`) reaches into the next sentence when
    /// that one opens with its cue; a partial quote closing reported speech (`Bonn said it
    /// had “grave doubts.” The ministry said…`) is its own sentence's, never the next one's.
    fn after_slot(&self, b: usize, k: usize) -> Range<usize> {
        const CUE_WITHIN: usize = 40;
        let block = &self.blocks[b];
        let at = block.sentence_of(k);
        let mut s = block.sentences[at].clone();
        // A label before a colon (`MARKET VIEW: “…?” Lee wrote.`) is no narration.
        let lead = &block.toks[s.start..k];
        let labelled = lead.last().is_some_and(|t| t.is(":"))
            && !lead
                .iter()
                .any(|t| t.is_verb(SPEECH_VERBS) || t.is_verb(SPEECH_BARE));
        let whole = labelled || lead.iter().all(|t| !t.is_word());
        if s.end == k + 1 && whole {
            if let Some(next) = block.sentences.get(at + 1) {
                let toks = &block.toks[next.start..next.end.min(next.start + CUE_WITHIN)];
                let cue = toks
                    .iter()
                    .take_while(|t| t.quote.is_none())
                    .any(|t| t.is_verb(SPEECH_VERBS) && !t.is_verb(NAMING_VERBS));
                if cue {
                    s = next.clone();
                }
            }
        }
        let end = (k + 1..s.end)
            .find(|&i| block.toks[i].quote.is_some())
            .unwrap_or(s.end);
        k + 1..end
    }

    fn after(&self, b: usize, k: usize) -> Option<Found> {
        const FURTHEST: usize = 40;
        let toks = self.toks(b);
        let slot = self.after_slot(b, k);
        let first = (slot.start..slot.end).find(|&i| toks[i].is_word())?;
        // Rule 5: `“…” — Ann Lee` closing the paragraph.
        if first > slot.start && toks[first - 1].is_dash() && slot.end == toks.len() {
            if let Some(last) = run_forward(toks, first, slot.end) {
                if toks[last + 1..].iter().all(|t| t.is(".")) {
                    return Some(Found::Phrase {
                        rule: Rule::QuoteThenDashName,
                        cue: self.place(b, first - 1..first)?,
                        phrase: self.name_phrase(b, first, last)?,
                    });
                }
            }
        }
        let verb = (first..slot.end.min(first + FURTHEST)).find(|&i| {
            let t = &toks[i];
            (t.is_verb(SPEECH_VERBS) && !t.is_verb(NAMING_VERBS) || t.is_verb(SPEECH_BARE))
                && !is_noun_here(toks, i)
        })?;
        if verb == first {
            // Rules 3 and 4: `said Ann Lee`, `according to Ann Lee`.
            if toks[verb].is_verb(SPEECH_BARE) {
                return None;
            }
            let (rule, cue_end) = if toks[verb].is("according") {
                if !toks.get(verb + 1).is_some_and(|t| t.is("to")) {
                    return None;
                }
                (Rule::QuoteThenAccordingTo, verb + 2)
            } else {
                (Rule::QuoteThenVerbSubject, verb + 1)
            };
            let from = skip_time(toks, cue_end, slot.end);
            let (phrase, _) = self.np_forward(b, from, slot.end)?;
            return Some(Found::Phrase {
                rule,
                cue: self.place(b, verb..cue_end)?,
                phrase,
            });
        }
        // Rule 2: `Lee said`, `Ann Lee, the leader of the group, said`; also after a few
        // words that finish the quoted thought (`“…” of the plan, Lee said`).
        let (phrase, start) = self.subject_before(b, first, verb)?;
        let opens = start == first
            || toks[start - 1].is(",")
                && start - first <= 8
                && toks[first].is_lower()
                && !toks[first..start].iter().any(|t| t.is_verb(SPEECH_VERBS));
        opens.then_some(())?;
        Some(Found::Phrase {
            rule: Rule::QuoteThenSubjectVerb,
            cue: self.place(b, verb..verb + 1)?,
            phrase,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Rules 6-8: the words before the quote

    /// The narration before quote token `k`: from the previous quote or the sentence start.
    fn before_slot(&self, b: usize, k: usize) -> Range<usize> {
        let block = &self.blocks[b];
        let s = &block.sentences[block.sentence_of(k)];
        let start = (s.start..k)
            .rev()
            .find(|&i| block.toks[i].quote.is_some())
            .map_or(s.start, |i| i + 1);
        start..k
    }

    fn before(&self, b: usize, k: usize) -> Option<Found> {
        const NEAREST: usize = 30;
        let toks = self.toks(b);
        let slot = self.before_slot(b, k);
        // `…, including Ann Lee -- “…” --`: a person's words set off right after the name.
        if k >= slot.start + 2 && toks[k - 1].is_dash() && toks[k - 2].is_name_part() {
            if let Some(first) = run_back(toks, k - 2, slot.start) {
                if let Some(
                    phrase @ Phrase::Name {
                        org: false,
                        person: Some(_),
                        ..
                    },
                ) = self.name_phrase(b, first, k - 2)
                {
                    return Some(Found::Phrase {
                        rule: Rule::NameThenDashQuote,
                        cue: self.place(b, k - 1..k)?,
                        phrase,
                    });
                }
            }
        }
        let lo = slot.start.max(k.saturating_sub(NEAREST));
        for v in (lo..k).rev() {
            let t = &toks[v];
            if is_according(t) && toks.get(v + 1).is_some_and(|n| n.is("to")) {
                let (phrase, _) = self.np_forward(b, v + 2, k)?;
                return Some(Found::Phrase {
                    rule: Rule::SubjectVerbThenQuote,
                    cue: self.place(b, v..v + 2)?,
                    phrase,
                });
            }
            if t.is_verb(SPEECH_PARTICIPLES) {
                let cue = self.place(b, v..v + 1)?;
                return self.clause_subject(b, v, Rule::ParticipleThenQuote, cue);
            }
            if is_noun_here(toks, v) {
                continue;
            }
            let naming_too_far = t.is_verb(NAMING_VERBS) && k - v > 6;
            let infinitive = t.is_verb(SPEECH_BARE) && v > 0 && toks[v - 1].is("to");
            // `As Lee put it, “…”`: the writer takes up someone's words.
            let put_it = t.is("put") && toks.get(v + 1).is_some_and(|n| n.is("it"));
            let speech = t.is_verb(SPEECH_VERBS)
                || t.is_verb(SPEECH_BARE)
                || t.is_verb(NAMING_VERBS)
                || put_it;
            if speech && !naming_too_far && !infinitive {
                // `Lee said`, `Lee laughed and said`, `asks editor Ann Lee, “…”`; not `outlined
                // his plan and vowed` (the word before `and` is a noun, not a verb of Lee's).
                let coordinated = (v >= slot.start + 2
                    && toks[v - 1].is("and")
                    && toks[v - 2].is_lower()
                    && looks_finite(&toks[v - 2], t))
                .then(|| self.subject_before(b, slot.start, v - 2))
                .flatten();
                let inverted = || {
                    let (phrase, next) = self.np_forward(b, skip_time(toks, v + 1, k), k)?;
                    let closes = toks[next..k].iter().all(|t| t.is(",") || t.is(":"));
                    (closes && !matches!(phrase, Phrase::Narrator { .. })).then_some((phrase, next))
                };
                if let Some((phrase, _)) = self
                    .subject_before(b, slot.start, v)
                    .or(coordinated)
                    .or_else(inverted)
                {
                    return Some(Found::Phrase {
                        rule: Rule::SubjectVerbThenQuote,
                        cue: self.place(b, v..v + 1)?,
                        phrase,
                    });
                }
            }
        }
        None
    }

    /// Who the participle at `v` hangs from: the subject of a speech verb before it in the
    /// sentence, else the speaker of a quote before it, else the sentence's subject.
    fn clause_subject(&self, b: usize, v: usize, rule: Rule, cue: Place) -> Option<Found> {
        let block = &self.blocks[b];
        let s = block.sentences[block.sentence_of(v)].clone();
        // `footage of Lee saying “…”`: the name right before the participle.
        if v > s.start && block.toks[v - 1].is_name_part() {
            if let Some(first) = run_back(&block.toks, v - 1, s.start) {
                if let Some(phrase @ Phrase::Name { org: false, .. }) =
                    self.name_phrase(b, first, v - 1)
                {
                    return Some(Found::Phrase { rule, cue, phrase });
                }
            }
        }
        for w in (s.start..v).rev() {
            if let Some(quote) = block.toks[w].quote {
                let or = self
                    .sentence_subject(b, s.start..v)
                    .map(|(phrase, _)| phrase)
                    .filter(|phrase| {
                        matches!(phrase, Phrase::Name { .. } | Phrase::Pronoun { .. })
                    });
                return Some(Found::AsQuote {
                    rule,
                    cue,
                    quote,
                    or,
                });
            }
            if block.toks[w].is_verb(SPEECH_VERBS) {
                if let Some((phrase, _)) = self.subject_before(b, s.start, w) {
                    return Some(Found::Phrase { rule, cue, phrase });
                }
            }
        }
        let (phrase, _) = self.sentence_subject(b, s.start..v)?;
        Some(Found::Phrase { rule, cue, phrase })
    }

    // -----------------------------------------------------------------------------------------
    // Rule 9: a colon closing the paragraph before

    fn colon_before(&self, b: usize, k: usize) -> Option<Found> {
        if k != 0 || b == 0 || b >= self.body_len {
            return None;
        }
        let prev = &self.blocks[b - 1];
        let last = prev.toks.len().checked_sub(1)?;
        if !prev.toks[last].is(":") {
            return None;
        }
        let s = prev.sentences.last()?.clone();
        let rule = Rule::ColonBeforeParagraph;
        for v in (s.start..last).rev() {
            let t = &prev.toks[v];
            if t.quote.is_some() {
                return None;
            }
            if is_according(t) && prev.toks.get(v + 1).is_some_and(|n| n.is("to")) {
                let (phrase, _) = self.np_forward(b - 1, v + 2, last)?;
                let cue = self.place(b - 1, v..v + 2)?;
                return Some(Found::Phrase { rule, cue, phrase });
            }
            if t.is_verb(SPEECH_VERBS) || t.is_verb(SPEECH_BARE) {
                let (phrase, _) = self.subject_before(b - 1, s.start, v)?;
                let cue = self.place(b - 1, v..v + 1)?;
                return Some(Found::Phrase { rule, cue, phrase });
            }
        }
        None
    }

    // -----------------------------------------------------------------------------------------
    // Rules 10-12: the story goes on

    fn continued(
        &self,
        b: usize,
        k: usize,
        focus: &Focus,
        done: &[Attribution],
    ) -> Option<Attribution> {
        let toks = self.toks(b);
        // Rule 10: an earlier quote of this paragraph, nobody else named in between.
        if let Some(p) = (0..k).rev().find(|&i| toks[i].quote.is_some()) {
            let prev = done.get(toks[p].quote?)?;
            prev.speaker.as_ref()?;
            // Someone else became the subject in between (`“…,” Lee said. Ruiz disagreed. “…”`);
            // names in the cue's description do not count (`said Lee, an aide to Ruiz. “…”`).
            let others = focus.last_subject.as_ref().is_some_and(|(sb, st, s)| {
                *sb == b
                    && *st > p
                    && prev.who.as_ref().is_some_and(|w| w.entity != s.entity)
                    && !matches!(s.entity, Entity::Person(id) if self.same_person(prev, id))
            });
            if !others {
                return Some(continuing(prev, Rule::SameParagraph));
            }
        }
        // Rule 11: a quote standing as a sentence of its own, right after a sentence about
        // someone (`Lee calls herself a centrist. “Why would I pander?”`).
        let block = &self.blocks[b];
        let at = block.sentence_of(k);
        let alone =
            block.sentences[at].start == k && !toks[self.after_slot(b, k)].iter().any(Tok::is_word);
        let before = |(sb, st, s): &(usize, usize, Salient)| {
            (*sb == b && block.sentence_of(*st) + 1 == at).then(|| s.clone())
        };
        let last = focus
            .last_said
            .as_ref()
            .and_then(before)
            .or_else(|| focus.last_subject.as_ref().and_then(before))
            .filter(|s| s.personal);
        if let (true, Some(s)) = (alone && k > 0, last) {
            return Some(Attribution {
                speaker: Some(s.speaker.clone()),
                how: How::Continued,
                rule: Some(Rule::AfterSubject),
                antecedent: Some(s.mention),
                description: match s.entity {
                    Entity::Person(p) => self.people.list[p].description.clone(),
                    Entity::Other(_) => None,
                },
                who: Some(Who {
                    entity: s.entity.clone(),
                    sex: s.sex,
                    personal: true,
                }),
                ..Attribution::none()
            });
        }
        if k > 0 {
            return None;
        }
        // Rule 12: a paragraph opening with the quote continues the last voice, when the quote
        // stands as its own sentence (not `“Title” was written by…`).
        if k != 0 || b >= self.body_len {
            return None;
        }
        let slot = self.after_slot(b, k);
        if toks[slot].iter().any(Tok::is_word) {
            return None;
        }
        let voice = focus.voice.as_ref()?;
        if voice.interrupted || b > voice.block + 2 {
            return None;
        }
        Some(Attribution {
            speaker: Some(voice.speaker.clone()),
            description: voice.description.clone(),
            how: How::Continued,
            rule: Some(Rule::Floating),
            antecedent: voice.mention,
            who: Some(voice.who.clone()),
            ..Attribution::none()
        })
    }

    fn same_person(&self, a: &Attribution, person: usize) -> bool {
        match a.who.as_ref().map(|w| &w.entity) {
            Some(Entity::Person(p)) => *p == person,
            _ => a.speaker.as_deref().is_some_and(|s| {
                people::surname(s) == people::surname(&self.people.list[person].name)
            }),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Phrases

    /// The subject of the verb at `verb`, not before `lo`, and where its phrase starts:
    /// `Lee said`, `he later said`, `Ann Lee (D-Ore.) said`, `Ann Lee, the leader of the
    /// group, said`, `a spokeswoman for the chain, Ann Lee, said`, `the ministry said`.
    fn subject_before(&self, b: usize, lo: usize, verb: usize) -> Option<(Phrase, usize)> {
        let toks = self.toks(b);
        let mut j = verb;
        let mut skipped = 0;
        while j > lo && skipped < 4 {
            let t = &toks[j - 1];
            let adverb = t.is_lower() && t.text.ends_with("ly") && t.text.len() > 4;
            let day = t.is_cap() && t.is_in(TIME_WORDS);
            if t.is_in(BETWEEN_SUBJECT_AND_VERB) || adverb || day || t.is("not") {
                j -= 1;
                skipped += 1;
                if day && j > lo && toks[j - 1].is("on") {
                    j -= 1;
                }
            } else {
                break;
            }
        }
        if j > lo && toks[j - 1].is(")") {
            let open = (lo..j - 1).rev().take(12).find(|&i| toks[i].is("("))?;
            j = open;
        }
        if j <= lo {
            return None;
        }
        // `…, Ann Lee, who joked, “…”`: the person the relative clause hangs from.
        if toks[j - 1].is("who") && j >= lo + 3 && toks[j - 2].is(",") {
            return match self.np_ending_at(b, lo, j - 3)? {
                (phrase @ Phrase::Name { org: false, .. }, start) => Some((phrase, start)),
                _ => None,
            };
        }
        if toks[j - 1].is_break() {
            return self.apposed_subject(b, lo, j - 1);
        }
        // `a statement on the country's latest test said`: a description after a preposition
        // is its object, not the subject; the subject lies further back, out of reach: none.
        // A name stays: `In an interview Lee declared` is Lee.
        self.np_ending_at(b, lo, j - 1).filter(|(phrase, start)| {
            matches!(phrase, Phrase::Name { .. })
                || *start == 0
                || !toks[start - 1].is_in(PREPOSITIONS)
        })
    }

    /// The subject when a comma or dash stands before the verb: the phrase is split at its
    /// commas and dashes; introductory phrases are dropped; the first phrase left is the
    /// subject and the others describe it.
    fn apposed_subject(&self, b: usize, lo: usize, close: usize) -> Option<(Phrase, usize)> {
        const LONGEST: usize = 48;
        let toks = self.toks(b);
        let lo = lo.max(close.saturating_sub(LONGEST));
        let mut cuts = Vec::new();
        let mut depth = 0usize;
        for (i, t) in toks.iter().enumerate().take(close).skip(lo) {
            if t.quote.is_some() {
                return None;
            }
            match t.text {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ if depth == 0 && t.is_break() => cuts.push(i),
                _ => {}
            }
        }
        let mut segments = Vec::with_capacity(cuts.len() + 1);
        let mut from = lo;
        for &c in &cuts {
            segments.push(from..c);
            from = c + 1;
        }
        segments.push(from..close);
        // `As Ann Lee, a tax lawyer, put it,`: `as` opens the clause whose subject is the name.
        let seg0 = segments[0].clone();
        if seg0.len() > 1 && toks[seg0.start].is_any(&["as"]) && toks[seg0.start + 1].is_name_part()
        {
            segments[0] = seg0.start + 1..seg0.end;
        }
        let mut first = 0;
        while first + 1 < segments.len() && self.opens_aside(toks, segments[first].start) {
            first += 1;
        }
        let seg = segments[first].clone();
        if seg.is_empty() {
            return None;
        }
        // `Rep. Ann Lee (R-Ohio), a member of the panel, said`: the tag is no part of the name.
        let mut head_end = seg.end - 1;
        if toks[head_end].is(")") {
            head_end = (seg.start..head_end)
                .rev()
                .find(|&i| toks[i].is("("))?
                .checked_sub(1)?;
            if head_end < seg.start {
                return None;
            }
        }
        let (head, start) = self.np_ending_at(b, seg.start, head_end)?;
        let conjunction = toks[seg.start].is_any(&["and", "but", "so", "still", "yet"]);
        if start != seg.start && !(conjunction && start == seg.start + 1) {
            return None;
        }
        let rest = segments.get(first + 1).map(|r| r.start).unwrap_or(close);
        let described = self.blocks[b]
            .text
            .get(toks.get(rest)?.start..toks.get(close.checked_sub(1)?)?.end)
            .filter(|_| rest < close)
            .map(str::to_owned);
        match head {
            Phrase::Description { text, .. } => {
                // `a spokeswoman for the chain, Ann Lee, said`: the name, described.
                let next = segments.get(first + 1)?;
                if next.is_empty() {
                    return None;
                }
                let (name, s2) = self.np_ending_at(b, next.start, next.end - 1)?;
                match name {
                    Phrase::Name {
                        toks: t,
                        person,
                        org,
                        text: n,
                        ..
                    } if s2 == next.start && !org => Some((
                        Phrase::Name {
                            toks: t,
                            person,
                            org,
                            text: n,
                            description: Some(text),
                        },
                        start,
                    )),
                    _ => Some((
                        Phrase::Description {
                            toks: start..seg.end,
                            text,
                        },
                        start,
                    )),
                }
            }
            Phrase::Name {
                toks: t,
                person,
                org,
                text,
                description,
            } => Some((
                Phrase::Name {
                    toks: t,
                    person,
                    org,
                    text,
                    description: described.or(description),
                },
                start,
            )),
            other @ (Phrase::Pronoun { .. } | Phrase::Narrator { .. }) => Some((other, start)),
        }
    }

    /// The phrase whose last token is `e` (not starting before `lo`), and its first token.
    fn np_ending_at(&self, b: usize, lo: usize, e: usize) -> Option<(Phrase, usize)> {
        let toks = self.toks(b);
        let t = toks.get(e)?;
        if t.quote.is_some() {
            return None;
        }
        if let Some(sex) = pronoun(t) {
            return Some((Phrase::Pronoun { tok: e, sex }, e));
        }
        if narrator(t) {
            return Some((Phrase::Narrator { tok: e }, e));
        }
        if t.is_name_part() {
            let first = run_back(toks, e, lo)?;
            // A name after a preposition is no subject (`a spokeswoman for Acme said`): the
            // head stands before the preposition (`Ann Lee of Acme said`).
            if first > lo && toks[first - 1].is_in(PREPOSITIONS) {
                if first < lo + 2 {
                    return None;
                }
                let (head, start) = self.np_ending_at(b, lo, first - 2)?;
                return match head {
                    Phrase::Name { org: false, .. } => Some((head, start)),
                    Phrase::Description { .. } => {
                        let text = self.text_of(b, start..e + 1)?;
                        Some((
                            Phrase::Description {
                                toks: start..e + 1,
                                text,
                            },
                            start,
                        ))
                    }
                    _ => None,
                };
            }
            let phrase = self.name_phrase(b, first, e)?;
            // Roles before the name belong to the phrase (`Republican pollster Ann Lee`).
            let mut k = first;
            while k > lo && first - k < 4 && is_role_word(&toks[k - 1]) {
                k -= 1;
            }
            if k > lo && toks[k - 1].is_in(DETERMINERS) {
                k -= 1;
            }
            return Some((phrase, k.min(first)));
        }
        let noun = !t.is_in(CLAUSE_WORDS)
            && !t.is_verb(SPEECH_VERBS)
            && !t.is_in(NOT_NAMES)
            && !t.is_in(PREPOSITIONS);
        if t.is_lower() && noun {
            // A description: back to its determiner (`the ad’s narrator`, `Acme’s chief`).
            const LONGEST: usize = 10;
            let mut k = e;
            while k > lo && e - k < LONGEST {
                let p = &toks[k - 1];
                if p.is_in(DETERMINERS) || p.is_possessive() {
                    k -= 1;
                    if p.is_possessive() && k > lo && toks[k - 1].is_in(DETERMINERS) {
                        k -= 1;
                    }
                    // `a spokeswoman for the chain`: the phrase goes on before a preposition.
                    if k > lo + 1 && toks[k - 1].is_in(PREPOSITIONS) && toks[k - 2].is_lower() {
                        k -= 1;
                        continue;
                    }
                    let text = self.text_of(b, k..e + 1)?;
                    return Some((
                        Phrase::Description {
                            toks: k..e + 1,
                            text,
                        },
                        k,
                    ));
                }
                let inside = p.is_word()
                    && !p.is_in(CLAUSE_WORDS)
                    && !p.is_verb(SPEECH_VERBS)
                    && !p.is_verb(SPEECH_PARTICIPLES)
                    && !p.is_in(NOT_NAMES)
                    || p.is_any(&["at", "for", "from", "in", "of", "on", "with"]);
                if !inside {
                    break;
                }
                k -= 1;
            }
            // A bare plural: `students shout`.
            let plural = t.text.ends_with('s') && !t.text.ends_with("ss") && t.text.len() > 3;
            if plural {
                let text = self.text_of(b, e..e + 1)?;
                return Some((
                    Phrase::Description {
                        toks: e..e + 1,
                        text,
                    },
                    e,
                ));
            }
        }
        None
    }

    /// The phrase that starts at token `i`, not reaching `hi`, and the token after it: a
    /// pronoun, a description, or roles and a name (`Treasury Secretary Ann Lee`, `Acme
    /// spokeswoman Ann Lee (D-Ore.)`, `a spokeswoman for the chain, Ann Lee`).
    fn np_forward(&self, b: usize, i: usize, hi: usize) -> Option<(Phrase, usize)> {
        let toks = self.toks(b);
        let hi = hi.min(toks.len());
        let t = toks.get(i).filter(|_| i < hi)?;
        if let Some(sex) = pronoun(t) {
            return Some((Phrase::Pronoun { tok: i, sex }, i + 1));
        }
        if narrator(t) {
            return Some((Phrase::Narrator { tok: i }, i + 1));
        }
        if t.is_in(DETERMINERS) || t.is_possessive() && toks.get(i + 1).is_some_and(Tok::is_lower) {
            // A description, up to a verb or a break.
            const LONGEST: usize = 10;
            let mut k = i + 1;
            while k < hi && k - i < LONGEST {
                let w = &toks[k];
                let stop = !w.is_word()
                    || w.is_in(CLAUSE_WORDS)
                    || w.is_verb(SPEECH_VERBS)
                    || w.is_verb(SPEECH_PARTICIPLES)
                    || w.is_in(BETWEEN_SUBJECT_AND_VERB)
                    || w.is_lower() && w.text.ends_with("ed") && k > i + 1
                    || w.is_in(TIME_WORDS) && w.is_cap();
                if stop {
                    break;
                }
                k += 1;
            }
            while k > i + 1 && toks[k - 1].is_in(PREPOSITIONS) {
                k -= 1;
            }
            if k == i + 1 && !t.is_possessive() {
                return None;
            }
            let text = self.text_of(b, i..k)?;
            // `the company's chief, Ann Lee`.
            if toks.get(k).is_some_and(|c| c.is(",")) {
                if let Some(last) = run_forward(toks, k + 1, hi) {
                    let closes = toks
                        .get(last + 1)
                        .is_none_or(|n| !n.is_word() || n.is_verb(SPEECH_VERBS));
                    if let Some(Phrase::Name {
                        toks: nt,
                        person,
                        org: false,
                        text: name,
                        ..
                    }) = closes.then(|| self.name_phrase(b, k + 1, last)).flatten()
                    {
                        return Some((
                            Phrase::Name {
                                toks: nt,
                                person,
                                org: false,
                                text: name,
                                description: Some(text),
                            },
                            last + 1,
                        ));
                    }
                }
            }
            return Some((Phrase::Description { toks: i..k, text }, k));
        }
        // Roles and names: the head is the last name, when the phrase ends with it.
        let mut k = i;
        let mut head: Option<(usize, usize)> = None;
        while k < hi {
            let w = &toks[k];
            if w.is_name_part() {
                let last = run_forward(toks, k, hi)?;
                head = Some((k, last));
                k = last + 1;
                continue;
            }
            let role = is_role_word(w) && !w.is_in(PREPOSITIONS);
            let more = toks[k + 1..hi.min(k + 4)]
                .iter()
                .take_while(|n| n.is_word())
                .any(Tok::is_name_part);
            if role && more {
                k += 1;
                continue;
            }
            break;
        }
        let (first, last) = head?;
        if toks[last].is_possessive() {
            // `Ann Lee’s lawyer`: a description that a name opens.
            let mut k = last + 1;
            while k < hi && k - last < 6 && is_role_word(&toks[k]) && toks[k].is_lower() {
                k += 1;
            }
            if k == last + 1 {
                return None;
            }
            let text = self.text_of(b, i..k)?;
            return Some((Phrase::Description { toks: i..k, text }, k));
        }
        let phrase = self.name_phrase(b, first, last)?;
        let mut next = last + 1;
        if toks.get(next).is_some_and(|t| t.is("(")) {
            next = (next..hi.min(next + 12))
                .find(|&j| toks[j].is(")"))
                .map_or(next, |j| j + 1);
        }
        let phrase = match phrase {
            Phrase::Name {
                toks: nt,
                person,
                org,
                text,
                description,
            } => {
                let before = (first > i).then(|| self.text_of(b, i..first)).flatten();
                let after = people::apposition_after(&self.blocks[b], next);
                Phrase::Name {
                    toks: nt,
                    person,
                    org,
                    text,
                    description: after.or(before).or(description),
                }
            }
            other => other,
        };
        Some((phrase, next))
    }

    /// The name `first..=last` (titles dropped) as a phrase, with the person it names.
    fn name_phrase(&self, b: usize, first: usize, last: usize) -> Option<Phrase> {
        let known = self
            .people
            .name_ending_at(b, last)
            .filter(|n| n.name.toks.start >= first);
        let (name, person) = match known {
            Some(n) => (n.name.clone(), n.person),
            None => {
                let name = read_name(&self.blocks[b], first, last)?;
                let person = (!name.org)
                    .then(|| self.people.resolve(name.surname(), b, first))
                    .flatten()
                    .map(|(p, _)| p);
                (name, person)
            }
        };
        if name.definite {
            // `the Kentucky Republican said`: a description as written, `the` included.
            let toks = &self.blocks[b].toks;
            let from = if name.toks.start > 0 && toks[name.toks.start - 1].is("the") {
                name.toks.start - 1
            } else {
                name.toks.start
            };
            let text = self.text_of(b, from..name.toks.end)?;
            return Some(Phrase::Description {
                toks: from..name.toks.end,
                text,
            });
        }
        let description = person.and_then(|p| self.people.list[p].description.clone());
        Some(Phrase::Name {
            toks: name.toks,
            person,
            org: name.org,
            text: name.text,
            description: description.or(name.title),
        })
    }

    fn text_of(&self, b: usize, toks: Range<usize>) -> Option<String> {
        let p = self.place(b, toks)?;
        self.blocks[b].text.get(p.start..p.end).map(str::to_owned)
    }

    /// The subject of the main clause of `range` (a sentence, or its start), and the token
    /// after its phrase: introductory phrases and conjunctions skipped.
    fn sentence_subject(&self, b: usize, range: Range<usize>) -> Option<(Phrase, usize)> {
        let toks = self.toks(b);
        let mut i = range.start;
        let end = range.end.min(toks.len());
        for _ in 0..2 {
            if i < end
                && toks[i].is_any(&["also", "and", "but", "now", "so", "still", "then", "yet"])
                && toks.get(i + 1).is_some_and(|t| !t.is(","))
            {
                i += 1;
            }
        }
        let t = toks.get(i).filter(|_| i < end)?;
        if t.quote.is_some() {
            return None;
        }
        if !self.opens_aside(toks, i) {
            let found = self.np_forward(b, i, end)?;
            // `The country's top prosecutor, Lee rose…`: a description put before the subject.
            if let (Phrase::Description { .. }, next) = &found {
                if toks.get(*next).is_some_and(|c| c.is(",")) {
                    if let Some(named @ (Phrase::Name { org: false, .. }, after)) =
                        self.np_forward(b, next + 1, end)
                    {
                        if toks.get(after).is_some_and(|n| n.is_lower()) {
                            return Some(named);
                        }
                    }
                }
            }
            return Some(found);
        }
        // `Speaking in Vaughan, Ont., on Thursday, Lee denied…`: the subject is the phrase after
        // a comma that a verb follows.
        for c in i + 1..end.min(i + 30) {
            let t = &toks[c];
            if t.quote.is_some() {
                return None;
            }
            if !t.is(",") || c + 1 >= toks.len() || self.opens_aside(toks, c + 1) {
                continue;
            }
            if let Some((phrase, next)) = self.np_forward(b, c + 1, end) {
                // Its verb, or the apposition before it (`…, Ann Lee, 76, recalls`).
                let named = matches!(phrase, Phrase::Name { org: false, .. });
                if toks
                    .get(next)
                    .is_some_and(|n| n.is_lower() || n.is(",") && named)
                {
                    return Some((phrase, next));
                }
            }
        }
        None
    }

    // -----------------------------------------------------------------------------------------
    // Resolution

    /// The speaker a phrase names.
    fn resolve(&self, phrase: &Phrase, rule: Rule, cue: Place, focus: &Focus) -> Attribution {
        let b = cue.block;
        let mut a = Attribution {
            rule: Some(rule),
            cue: Some(cue),
            ..Attribution::none()
        };
        match phrase {
            Phrase::Name {
                toks,
                person,
                org,
                text,
                description,
            } => {
                a.mention = self.place(b, toks.clone());
                a.how = if *org { How::Organization } else { How::Named };
                if let Some(p) = *person {
                    let who = &self.people.list[p];
                    a.speaker = Some(who.name.clone());
                    a.description = who.description.clone().or_else(|| description.clone());
                    a.who = Some(self.person_who(p));
                    let ambiguous = self
                        .people
                        .resolve(people::surname(text), b, toks.start)
                        .is_some_and(|(_, many)| many);
                    if ambiguous && !text.contains(' ') {
                        a.warning = Some(format!(
                            "“{text}” may be any of several people of that name; took {}, named nearest before",
                            who.name
                        ));
                    }
                } else {
                    a.speaker = Some(text.clone());
                    a.description.clone_from(description);
                    let given = if *org {
                        None
                    } else {
                        people::first_name(text).flatten()
                    };
                    a.who = Some(Who {
                        entity: Entity::Other(text.clone()),
                        sex: given,
                        personal: !org,
                    });
                }
            }
            Phrase::Pronoun { tok, sex } => {
                a.mention = self.place(b, *tok..*tok + 1);
                a.how = How::Pronoun;
                if let Some(s) = self.pronoun_antecedent(focus, *sex, b, *tok) {
                    a.speaker = Some(s.speaker.clone());
                    a.antecedent = Some(s.mention);
                    if let Entity::Person(p) = s.entity {
                        a.description.clone_from(&self.people.list[p].description);
                    }
                    a.who = Some(Who {
                        entity: s.entity.clone(),
                        sex: Some(*sex),
                        personal: true,
                    });
                } else {
                    a.warning = Some(format!(
                        "“{}” has no one the text settles it stands for",
                        self.text_of(b, *tok..*tok + 1).unwrap_or_default()
                    ));
                }
            }
            Phrase::Narrator { tok } => {
                a.mention = self.place(b, *tok..*tok + 1);
                a.warning =
                    Some("the writer speaks (“I”), and the article does not name them".to_owned());
            }
            Phrase::Description { toks, text } if owned_words(text).is_some() => {
                // `her statement said`: she said it, in a statement.
                let sex = owned_words(text).unwrap_or(Sex::Male);
                let pronoun = Phrase::Pronoun {
                    tok: toks.start,
                    sex,
                };
                let mut owned = self.resolve(&pronoun, rule, cue, focus);
                owned.mention = self.place(b, toks.clone());
                return owned;
            }
            Phrase::Description { toks, text } if is_some_writing(text) => {
                // `says a document on the firm's website`: some writing, and nobody the words
                // name as its author.
                a.mention = self.place(b, toks.clone());
                a.warning = Some(format!(
                    "“{text}” is some writing, and the text names no author"
                ));
            }
            Phrase::Description { toks, text } => {
                a.mention = self.place(b, toks.clone());
                a.how = How::Description;
                if let Some(p) = self.described_person(text) {
                    a.speaker = Some(self.people.list[p].name.clone());
                    a.description.clone_from(&self.people.list[p].description);
                    a.who = Some(self.person_who(p));
                } else if let Some(s) = self.described_before(focus, text, b) {
                    // `the official said`, after `a justice official told reporters`.
                    a.speaker = Some(s.speaker.clone());
                    a.antecedent = Some(s.mention);
                    a.who = Some(Who {
                        entity: s.entity.clone(),
                        sex: s.sex,
                        personal: s.personal,
                    });
                } else {
                    a.speaker = Some(text.clone());
                    a.who = Some(Who {
                        entity: Entity::Other(text.clone()),
                        sex: description_sex(text),
                        personal: is_personal_description(text),
                    });
                }
            }
        }
        a
    }

    /// The one person the article introduced with the words of a definite description:
    /// `the veteran goalkeeper` after `veteran goalkeeper Ann Lee` or `Ann Lee, a veteran
    /// goalkeeper`. Titles alone (`President Ann Lee`) introduce no one: `the president` stays.
    fn described_person(&self, text: &str) -> Option<usize> {
        let words = definite_words(text)?;
        let head = head_noun(&words)?;
        let mut found = None;
        for (p, person) in self.people.list.iter().enumerate() {
            let Some(d) = &person.description else {
                continue;
            };
            if !d.split(' ').any(|w| w.starts_with(char::is_lowercase)) {
                continue;
            }
            // Their head noun is one of their words: a description without the head's letters
            // anywhere is none (told cheaply for ASCII, where lower case is ASCII's).
            let unlike = d.is_ascii()
                && !d
                    .as_bytes()
                    .windows(head.len())
                    .any(|w| w.eq_ignore_ascii_case(head.as_bytes()));
            if unlike {
                continue;
            }
            let theirs: Vec<String> = d
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            // Their description's words before any preposition, without a determiner or age.
            let phrase: Vec<&String> = theirs
                .iter()
                .skip_while(|w| DETERMINERS.has(w) || w.chars().all(|c| c.is_ascii_digit()))
                .take_while(|w| !PREPOSITIONS.has(w))
                .collect();
            let exact =
                phrase.len() == words.len() && phrase.iter().zip(&words).all(|(a, b)| *a == b);
            let fits = head_noun(&theirs).as_deref() == Some(head.as_str())
                && (exact || words.len() >= 2 && words.iter().all(|w| theirs.contains(w)));
            if fits {
                if found.is_some() {
                    return None;
                }
                found = Some(p);
            }
        }
        found
    }

    /// A description before in the story with the same head noun: `a justice official … the
    /// official said`.
    fn described_before<'f>(&self, focus: &'f Focus, text: &str, b: usize) -> Option<&'f Salient> {
        const REACH: usize = 4;
        // Only `the official` itself: `the ad’s narrator` says more, and stands as written.
        let words = definite_words(text)?;
        if words.len() != 1 {
            return None;
        }
        let head = head_noun(&words)?;
        focus
            .recent
            .iter()
            .rev()
            .take_while(|s| s.block + REACH > b)
            .find(|s| match &s.entity {
                Entity::Other(t) => {
                    opens_indefinite(t)
                        && description_words(t).and_then(|w| head_noun(&w)).as_deref()
                            == Some(head.as_str())
                }
                Entity::Person(_) => false,
            })
    }

    /// Token `i` opens a phrase before the subject: a preposition, a time, a participle
    /// (`On Monday, …`, `Speaking at a rally, …`) — but not a person's name (`Durning did…`).
    fn opens_aside(&self, toks: &[Tok], i: usize) -> bool {
        let Some(t) = toks.get(i) else {
            return false;
        };
        let participle = t.text.len() > 4
            && t.text.ends_with("ing")
            && people::first_name(t.text).is_none()
            && self.people.resolve(t.text, 0, 0).is_none()
            && toks.get(i + 1).is_some_and(|n| n.is_lower());
        t.is_in(INTRODUCERS)
            || t.is_in(PREPOSITIONS)
            || t.is_in(TIME_WORDS)
            || t.text.starts_with(|c: char| c.is_ascii_digit())
            || participle
    }

    fn person_who(&self, p: usize) -> Who {
        Who {
            entity: Entity::Person(p),
            sex: self.people.list[p].sex(),
            personal: true,
        }
    }

    /// The person a `he`/`she` in block `b` stands for: the last subject or speaker whose sex
    /// fits, not three paragraphs back.
    fn pronoun_antecedent(&self, focus: &Focus, sex: Sex, b: usize, tok: usize) -> Option<Salient> {
        const REACH: usize = 3;
        let near = |s: &&Salient| s.block + REACH > b;
        // `he` and `she` are one person: never `the trucks`, `officials` or a city.
        // An indefinite description (`one questioner`) is someone in passing: a pronoun takes
        // it up within its paragraph only.
        let fits = |s: &Salient| {
            s.sex.is_none_or(|x| x == sex)
                && is_one_person(&s.entity)
                && (s.block == b || !is_indefinite(&s.entity))
        };
        if let Some(own) = self.subject_of_own_sentence(b, tok).filter(|s| fits(s)) {
            return Some(own);
        }
        let recent = || focus.recent.iter().rev().take_while(near);
        recent()
            .find(|s| s.subject && s.personal && fits(s))
            // Nobody who fits was the subject: a person named in the last two paragraphs whose
            // sex the text gives, else the last one named whose sex it does not contradict.
            .or_else(|| {
                recent()
                    .take_while(|s| s.block + 2 > b)
                    .find(|s| s.personal && s.sex == Some(sex))
            })
            .or_else(|| {
                recent()
                    .take_while(|s| s.block + 2 > b)
                    .find(|s| s.personal && matches!(s.entity, Entity::Person(_)) && fits(s))
            })
            .cloned()
    }

    /// `Lee said she felt … “…,” she said`: the subject of the pronoun's own sentence, when it
    /// is a person named before the pronoun.
    fn subject_of_own_sentence(&self, b: usize, tok: usize) -> Option<Salient> {
        let block = &self.blocks[b];
        let s = block.sentences.get(block.sentence_of(tok))?.clone();
        let (phrase, next) = self.sentence_subject(b, s.start..tok)?;
        if let Phrase::Narrator { .. } = phrase {
            // `I asked Ann Lee, a barber, … “…,” he explains`: the person the writer asked.
            let name = self
                .people
                .names_in(b, next..tok)
                .iter()
                .rev()
                .find(|n| n.person.is_some_and(|p| self.people.list[p].personal))?;
            let p = name.person?;
            return Some(Salient {
                entity: Entity::Person(p),
                speaker: self.people.list[p].name.clone(),
                block: b,
                mention: self.place(b, name.name.toks.clone())?,
                subject: true,
                personal: true,
                sex: self.people.list[p].sex(),
            });
        }
        // A subject with its verb (`Lee said she…`), not a topic (`Lee, she said, …`).
        if next >= tok || !block.toks[next].is_lower() {
            return None;
        }
        let (entity, speaker, sex, toks) = match phrase {
            Phrase::Name {
                person: Some(p),
                toks,
                ..
            } if self.people.list[p].personal => (
                Entity::Person(p),
                self.people.list[p].name.clone(),
                self.people.list[p].sex(),
                toks,
            ),
            _ => return None,
        };
        Some(Salient {
            entity,
            speaker,
            block: b,
            mention: self.place(b, toks)?,
            subject: true,
            personal: true,
            sex,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Following the story

    /// Reads a sentence for the focus: its subject, the people it names, its reported speech.
    fn observe(&self, b: usize, range: Range<usize>, focus: &mut Focus) {
        // Names in passing: candidates for a pronoun only when nothing better is near.
        for name in self.people.names_in(b, range.clone()) {
            if let (Some(p), Some(mention)) = (name.person, self.place(b, name.name.toks.clone())) {
                let who = &self.people.list[p];
                focus.push(Salient {
                    entity: Entity::Person(p),
                    speaker: who.name.clone(),
                    block: b,
                    mention,
                    subject: false,
                    personal: who.personal,
                    sex: who.sex(),
                });
            }
        }
        self.observe_subject(b, range.clone(), focus);
        let had_subject = focus
            .last_subject
            .as_ref()
            .is_some_and(|(sb, st, _)| *sb == b && *st == range.start);
        if !had_subject {
            // `…, which concerns Ann Lee, president of the caucus.`: with no person as the
            // subject, someone the sentence introduces (first named in full, with an
            // apposition) is who the story turns to.
            for name in self.people.names_in(b, range.clone()) {
                let Some(p) = name.person else {
                    continue;
                };
                let introduced = self.people.is_first_full(p, b, name.name.toks.start)
                    && people::apposition_after(&self.blocks[b], name.name.toks.end).is_some();
                if let (true, Some(mention)) = (introduced, self.place(b, name.name.toks.clone())) {
                    let who = &self.people.list[p];
                    focus.push(Salient {
                        entity: Entity::Person(p),
                        speaker: who.name.clone(),
                        block: b,
                        mention,
                        subject: true,
                        personal: who.personal,
                        sex: who.sex(),
                    });
                }
            }
        }
        self.observe_speech(b, range, focus);
    }

    /// `…, Schiff said.`, `Lee told reporters the plan had failed.`: the last speech verb of a
    /// sentence without quotes, and who it says spoke — the voice a quote after it continues.
    fn observe_speech(&self, b: usize, range: Range<usize>, focus: &mut Focus) {
        let toks = self.toks(b);
        if toks[range.clone()].iter().any(|t| t.quote.is_some()) {
            return;
        }
        let Some(v) = range.clone().rev().find(|&v| {
            (toks[v].is_verb(SPEECH_VERBS) || toks[v].is_verb(lexicon::THOUGHT_VERBS))
                && !is_noun_here(toks, v)
                && !toks[v].is("according")
        }) else {
            return;
        };
        // Only a cue that closes the sentence (`…, Lee said.`, `…, said Lee.`); a speech verb
        // inside it may belong to anyone (`an experience Lee described in his memoir`).
        let inverted = || self.inverted_subject(b, v, range.end);
        let closes = skip_time(toks, v + 1, range.end);
        let trailing = toks[closes..range.end].iter().all(|t| !t.is_word())
            && v > range.start
            && toks[..v].iter().rev().take(6).any(|t| t.is(","));
        let found = if trailing {
            self.subject_before(b, range.start, v)
        } else {
            inverted().or_else(|| {
                // Inside the sentence only a plain cue right after a pronoun or a person
                // (`…, and she said the board…`), not a naming verb (`an episode Lee described`).
                if toks[v].is_verb(NAMING_VERBS) {
                    return None;
                }
                let (phrase, start) = self.subject_before(b, range.start, v)?;
                let close = matches!(&phrase, Phrase::Pronoun { .. })
                    || matches!(&phrase, Phrase::Name { person: Some(p), .. } if self.people.list[*p].personal);
                (close && start + 4 >= v).then_some((phrase, start))
            })
        };
        let Some((phrase, _)) = found else {
            return;
        };
        let Some(cue) = self.place(b, v..v + 1) else {
            return;
        };
        let a = self.resolve(&phrase, Rule::SubjectVerbThenQuote, cue, focus);
        let (Some(speaker), Some(who)) = (a.speaker.clone(), a.who.clone()) else {
            return;
        };
        let Some(mention) = a.antecedent.or(a.mention) else {
            return;
        };
        // A report or a statement does not go on speaking in the paragraphs after it; `the
        // former president said…` goes on about the person in focus.
        if let Phrase::Description { text, .. } = &phrase {
            let definite = text.starts_with(['t', 'T']);
            if !who.personal || definite && focus.recent.last().is_some_and(|s| s.subject) {
                return;
            }
        }
        let said = Salient {
            entity: who.entity.clone(),
            speaker: speaker.clone(),
            block: b,
            mention,
            subject: true,
            personal: who.personal,
            sex: who.sex,
        };
        if matches!(said.entity, Entity::Person(_)) || matches!(phrase, Phrase::Description { .. })
        {
            focus.push(said.clone());
        }
        focus.last_said = Some((b, range.start, said));
        focus.voice = Some(Voice {
            speaker,
            description: a.description,
            who,
            block: b,
            mention: Some(mention),
            interrupted: false,
        });
    }

    /// `…, said Ann Lee.`, `…, said Ann Lee, a spokeswoman for the port.`: the subject after
    /// the speech verb at `v`, when it closes the sentence ending before `end`.
    fn inverted_subject(&self, b: usize, v: usize, end: usize) -> Option<(Phrase, usize)> {
        let toks = self.toks(b);
        let (phrase, next) = self.np_forward(b, skip_time(toks, v + 1, end), end)?;
        let rest = &toks[next..end];
        let closes = rest.iter().all(|t| !t.is_word());
        let described = matches!(phrase, Phrase::Name { org: false, .. })
            && rest.first().is_some_and(|t| t.is(","))
            && people::apposition_after(&self.blocks[b], next).is_some()
            && !rest
                .iter()
                .any(|t| t.quote.is_some() || t.is_verb(SPEECH_VERBS));
        (closes || described).then_some((phrase, next))
    }

    /// The sentence's subject: the newest candidate for a pronoun; someone new as subject
    /// interrupts the voice.
    fn observe_subject(&self, b: usize, range: Range<usize>, focus: &mut Focus) {
        let toks = self.toks(b);
        let has_quote = toks[range.clone()].iter().any(|t| t.quote.is_some());
        let subj = self.sentence_subject(b, range.clone());
        let Some((phrase, after)) = subj else {
            return;
        };
        if let Phrase::Narrator { .. } = phrase {
            // `I asked Ann Lee, a barber, …`: with the writer as subject, the people the sentence
            // names are who it is about.
            for name in self.people.names_in(b, range.clone()) {
                let (Some(p), Some(mention)) = (name.person, self.place(b, name.name.toks.clone()))
                else {
                    continue;
                };
                let who = &self.people.list[p];
                focus.push(Salient {
                    entity: Entity::Person(p),
                    speaker: who.name.clone(),
                    block: b,
                    mention,
                    subject: who.personal,
                    personal: who.personal,
                    sex: who.sex(),
                });
            }
            return;
        }
        // Reported speech: a speech verb whose subject is this sentence's (`Lee, a mechanic,
        // said cold weather…`).
        let speaks = (after..range.end.min(after + 40)).any(|v| {
            toks[v].is_verb(SPEECH_VERBS)
                && !is_noun_here(toks, v)
                && !(toks[v - 1].is(",") && self.inverted_subject(b, v, range.end).is_some())
                && self
                    .subject_before(b, range.start, v)
                    .is_some_and(|(_, start)| start <= after && start + 8 > range.start)
        });
        if let Phrase::Description { text, .. } = &phrase {
            // `The former president said…` most often goes on about the person in focus;
            // an indefinite one (`a reader`) is someone new.
            if text.starts_with(['t', 'T']) && focus.recent.last().is_some_and(|s| s.subject) {
                return;
            }
        }
        let Some(cue) = self.place(b, range.clone()) else {
            return;
        };
        let a = self.resolve(&phrase, Rule::SubjectVerbThenQuote, cue, focus);
        let (Some(speaker), Some(mut who)) = (a.speaker.clone(), a.who.clone()) else {
            return;
        };
        // Someone a later pronoun may stand for: a person the text says is one, or whoever
        // speaks here; a capitalised word or a description that does neither is not.
        who.personal = match &phrase {
            Phrase::Name {
                person: Some(p), ..
            } => self.people.list[*p].personal || speaks,
            Phrase::Name { .. } | Phrase::Description { .. } => speaks && who.personal,
            Phrase::Pronoun { .. } | Phrase::Narrator { .. } => who.personal,
        };
        let mention = a.antecedent.or(a.mention).unwrap_or(cue);
        if let Some(voice) = &mut focus.voice {
            if voice.who.entity != who.entity && who.personal {
                voice.interrupted = true;
            }
        }
        focus.push(Salient {
            entity: who.entity.clone(),
            speaker: speaker.clone(),
            block: b,
            mention,
            subject: true,
            personal: who.personal,
            sex: who.sex,
        });
        if who.personal {
            let last = focus.recent.last().cloned();
            focus.last_subject = last.map(|s| (b, range.start, s));
        }
        if speaks && !has_quote {
            focus.voice = Some(Voice {
                speaker,
                description: a.description,
                who,
                block: b,
                mention: Some(mention),
                interrupted: false,
            });
        }
    }
}

/// A quote continuing an earlier one's speaker.
fn continuing(prev: &Attribution, rule: Rule) -> Attribution {
    Attribution {
        speaker: prev.speaker.clone(),
        description: prev.description.clone(),
        how: How::Continued,
        rule: Some(rule),
        antecedent: prev.antecedent.or(prev.mention),
        who: prev.who.clone(),
        ..Attribution::none()
    }
}

/// The lower-case words of a description after its determiner, `None` for one that does not
/// open with `the`.
fn definite_words(text: &str) -> Option<Vec<String>> {
    let rest = text
        .strip_prefix("the ")
        .or_else(|| text.strip_prefix("The "))?;
    Some(rest.split(' ').map(str::to_lowercase).collect())
}

/// The lower-case words of an indefinite or definite description after its determiner.
fn description_words(text: &str) -> Option<Vec<String>> {
    let (det, rest) = text.split_once(' ')?;
    DETERMINERS
        .has(det)
        .then(|| rest.split(' ').map(str::to_lowercase).collect())
}

/// A description's head noun: its last word before a preposition (`spokeswoman` in
/// `spokeswoman for the chain`).
fn head_noun(words: &[String]) -> Option<String> {
    words
        .iter()
        .take_while(|w| !PREPOSITIONS.has(w))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .last()
        .map(|w| w.trim_end_matches(['’', '\'']).to_owned())
}

/// `his statement`, `her letter`: words someone wrote, owned by a pronoun — the owner's sex.
fn owned_words(text: &str) -> Option<Sex> {
    const WORDS: &[&str] = &[
        "blog",
        "email",
        "letter",
        "memo",
        "message",
        "note",
        "post",
        "posts",
        "statement",
        "tweet",
        "tweets",
    ];
    let (owner, head) = text.split_once(' ')?;
    if !lexicon::has(WORDS, head) {
        return None;
    }
    match owner {
        "his" | "His" => Some(Sex::Male),
        "her" | "Her" => Some(Sex::Female),
        _ => None,
    }
}

/// A paragraph closing with a photo credit in parentheses: `( Daily Star file photo )`.
fn is_photo_caption(block: &Block) -> bool {
    const CREDIT: usize = 8;
    let toks = &block.toks;
    let n = toks.len();
    if n < 3 || !toks[n - 1].is(")") {
        return false;
    }
    let from = n.saturating_sub(CREDIT + 2);
    let Some(open) = (from..n - 1).rev().find(|&i| toks[i].is("(")) else {
        return false;
    };
    toks[open + 1..n - 1]
        .iter()
        .any(|t| t.is_any(&["photo", "photograph", "photos"]))
}

/// `a reader`, `one questioner`: someone the story does not name or come back to.
fn is_indefinite(entity: &Entity) -> bool {
    matches!(entity, Entity::Other(t) if opens_indefinite(t))
}

/// The phrase opens with an indefinite determiner: `a`, `an`, `another`, `one`, `some`.
fn opens_indefinite(text: &str) -> bool {
    text.split(' ')
        .next()
        .is_some_and(|d| lexicon::has(&["a", "an", "another", "one", "some"], d))
}

/// What `he` or `she` may stand for: a person the article names, a singular description of a
/// person (`a senior official`, `the goalkeeper`), or a name with a common first name — not a
/// plural (`the trucks`, `officials`), a body or a place.
fn is_one_person(entity: &Entity) -> bool {
    let text = match entity {
        Entity::Person(_) => return true,
        Entity::Other(text) => text,
    };
    let possessed = text.split_once(' ').and_then(|(owner, rest)| {
        (owner.ends_with("'s") || owner.ends_with("’s"))
            .then(|| rest.split(' ').map(str::to_lowercase).collect())
    });
    if let Some(words) = description_words(text).or(possessed) {
        let Some(head) = head_noun(&words) else {
            return false;
        };
        let plural = head.ends_with('s')
            && !head.ends_with("ss")
            && !lexicon::ROLE_NOUNS.has(&head)
            && !lexicon::MALE_NOUNS.has(&head)
            && !lexicon::FEMALE_NOUNS.has(&head);
        return !plural && is_personal_description(text);
    }
    text.split(' ')
        .next()
        .and_then(people::first_name)
        .is_some()
}

/// `a document`, `a report titled …`: an indefinite description of writing, which says what
/// was written but not who wrote it.
fn is_some_writing(text: &str) -> bool {
    let Some(words) = description_words(text) else {
        return false;
    };
    opens_indefinite(text) && head_noun(&words).is_some_and(|h| lexicon::has(THINGS, &h))
}

/// Writings and records, which speak for whoever wrote them.
const THINGS: &[&str] = &[
    "ad",
    "article",
    "book",
    "document",
    "letter",
    "paper",
    "piece",
    "poll",
    "report",
    "ruling",
    "statement",
    "study",
    "survey",
    "website",
];

/// A description a pronoun may stand for: not a body, a report or a website.
fn is_personal_description(text: &str) -> bool {
    let head = text.rsplit(' ').next().unwrap_or(text);
    !lexicon::ORG_WORDS.has(head) && !lexicon::has(THINGS, head)
}

fn is_according(t: &Tok) -> bool {
    t.is("according") || t.is("According")
}

/// Whether `word`, before `and` and the speech verb `cue`, reads as a finite verb of the same
/// subject: a past form (`laughed`, `stood`) before a past cue, a third-person form (`laughs`)
/// before a present one.
fn looks_finite(word: &Tok, cue: &Tok) -> bool {
    let w = word.text;
    if cue.text.ends_with('s') {
        w.ends_with('s')
    } else {
        w.ends_with("ed") || word.is_in(IRREGULAR_PASTS)
    }
}

fn is_noun_here(toks: &[Tok], i: usize) -> bool {
    text::is_noun_here(toks, i)
}

fn narrator(t: &Tok) -> bool {
    t.quote.is_none() && matches!(t.text, "I" | "we" | "We")
}

fn pronoun(t: &Tok) -> Option<Sex> {
    match t.text {
        "he" | "He" => Some(Sex::Male),
        "she" | "She" => Some(Sex::Female),
        _ => None,
    }
    .filter(|_| t.quote.is_none())
}

/// A word that can stand before a name as part of its phrase: a lowercase role (`pollster`,
/// `campaign`), a capital (`Republican`), a possessive (`Vancouver’s`).
fn is_role_word(t: &Tok) -> bool {
    t.is_word()
        && !t.is_in(CLAUSE_WORDS)
        && !t.is_verb(SPEECH_VERBS)
        && !t.is_verb(SPEECH_PARTICIPLES)
        && !t.is_in(DETERMINERS)
        && !t.is_in(PREPOSITIONS)
        && !t.is_in(BETWEEN_SUBJECT_AND_VERB)
        && !(t.is_lower() && (t.text.ends_with("ed") || t.text.ends_with("ly")))
        && !(t.is_lower() && t.is_in(NOT_NAMES))
}

/// Skips `on Monday`, `Tuesday`, `last week` at `i`.
fn skip_time(toks: &[Tok], mut i: usize, hi: usize) -> usize {
    for _ in 0..3 {
        match toks.get(i).filter(|_| i < hi) {
            Some(t)
                if t.is_in(TIME_WORDS)
                    || t.is("on") && toks.get(i + 1).is_some_and(|n| n.is_in(TIME_WORDS)) =>
            {
                i += 1
            }
            _ => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::find_quotes;

    /// Speaker and rule of every quote in `blocks` (all body paragraphs).
    fn found(blocks: &[&str]) -> Vec<(Option<String>, Option<&'static str>)> {
        find_quotes(blocks, blocks.len())
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.attribution.rule.map(Rule::name)))
            .collect()
    }

    fn speakers(blocks: &[&str]) -> Vec<Option<String>> {
        found(blocks).into_iter().map(|(s, _)| s).collect()
    }

    fn one(blocks: &[&str]) -> (Option<String>, Option<&'static str>) {
        let all = found(blocks);
        assert_eq!(all.len(), 1, "one quote in {blocks:?}: {all:?}");
        all.into_iter().next().unwrap_or_default()
    }

    fn named(name: &str, rule: &'static str) -> (Option<String>, Option<&'static str>) {
        (Some(name.to_owned()), Some(rule))
    }

    #[test]
    fn rule_names_are_the_documented_ones() {
        let names = [
            Rule::TranscriptLabel,
            Rule::QuoteThenSubjectVerb,
            Rule::QuoteThenVerbSubject,
            Rule::QuoteThenAccordingTo,
            Rule::QuoteThenDashName,
            Rule::NameThenDashQuote,
            Rule::SubjectVerbThenQuote,
            Rule::ParticipleThenQuote,
            Rule::ColonBeforeParagraph,
            Rule::SameParagraph,
            Rule::AfterSubject,
            Rule::Floating,
        ]
        .map(Rule::name);
        let doc = include_str!("speakers.rs");
        for name in names {
            assert!(
                doc.contains(&format!("`{name}`")),
                "{name} is not in the module doc"
            );
        }
    }

    // Rule 1

    #[test]
    fn a_transcript_label_names_the_speaker() {
        let blocks = [
            "Governor Dana Whitfield spoke to the host on Sunday.",
            "“WHITFIELD: We are not going to raise taxes this year.”",
        ];
        assert_eq!(one(&blocks), named("Dana Whitfield", "transcript-label"));
    }

    // Rule 2

    #[test]
    fn a_thing_named_with_a_quote_has_no_speaker() {
        // Rule 4 would take the noun before the verb, and rule 11 the person before.
        for text in [
            "Rhea Moss said the firm withdrew an app called “Screen Meter” last week.",
            "On the form, in a box labeled “medical problem,” a nurse had typed a note.",
        ] {
            assert_eq!(one(&[text]).0, None, "{text}");
        }
        assert_eq!(
            one(&["It was a deal that Rhea Moss called “a disaster for farmers.”"]).0,
            Some("Rhea Moss".to_owned())
        );
    }

    #[test]
    fn a_noun_before_and_is_not_a_verb_of_the_speaker() {
        assert_eq!(
            one(&["The nominee outlined his housing plan and vowed to jail “those who cheat.”"]).0,
            None
        );
        assert_eq!(
            one(&["Rhea Moss laughed and said, “We are not done yet.”"]).0,
            Some("Rhea Moss".to_owned())
        );
    }

    #[test]
    fn a_description_after_a_preposition_is_no_subject() {
        // The phrase before `it called` ends inside `of the country's latest missile test`:
        // not the subject, and the subject is out of reach, so no speaker rather than a wrong one.
        assert_eq!(
            one(&[
                "The council issued a condemnation of the country's latest missile test and \
                 pledged to punish what it called “a threat to peace.”"
            ])
            .0,
            None
        );
        assert_eq!(
            one(&["In a radio interview Rhea Moss declared “The plan is dead.”"]).0,
            Some("Rhea Moss".to_owned())
        );
    }

    #[test]
    fn a_generational_suffix_keeps_its_full_stop_at_a_sentence_end() {
        assert_eq!(
            one(&["“Tell that to the night shift,” said Walter P. Grange Jr. He left."]),
            named("Walter P. Grange Jr.", "quote-then-verb-subject")
        );
        assert_eq!(
            one(&["“We expect a fix soon,” said Ada Brill Sr., the owner."]),
            named("Ada Brill Sr.", "quote-then-verb-subject")
        );
    }

    #[test]
    fn a_name_and_verb_after_the_quote_name_the_speaker() {
        assert_eq!(
            one(&["“We will rebuild the bridge,” Marta Quint said."]),
            named("Marta Quint", "quote-then-subject-verb")
        );
    }

    #[test]
    fn an_apposition_between_name_and_verb_is_skipped() {
        let blocks = [
            "“The vote was rigged,” Jane Roe, the leader of the opposition party and the former head of the security service, said at the rally.",
        ];
        assert_eq!(one(&blocks), named("Jane Roe", "quote-then-subject-verb"));
    }

    #[test]
    fn a_role_before_the_name_is_not_part_of_it() {
        let blocks = [
            "“Turnout will decide it,” Republican pollster John Doe, part of the team that ran the survey, said.",
        ];
        assert_eq!(one(&blocks), named("John Doe", "quote-then-subject-verb"));
    }

    #[test]
    fn a_party_tag_in_parentheses_is_skipped() {
        let blocks = ["“Subpoenas are not a suggestion,” Rep. Tom Varga (R-Ohio) said Tuesday."];
        assert_eq!(one(&blocks), named("Tom Varga", "quote-then-subject-verb"));
    }

    #[test]
    fn a_question_closing_its_sentence_still_takes_the_cue_after_it() {
        let blocks = ["“Why is this bank still standing?” Senator Lena Park demanded."];
        assert_eq!(one(&blocks), named("Lena Park", "quote-then-subject-verb"));
    }

    #[test]
    fn a_spokeswoman_named_after_her_role_is_the_speaker() {
        let blocks =
            ["“The hotel will reopen in May,” a spokeswoman for the hotel chain, Jane Roe, said."];
        assert_eq!(one(&blocks), named("Jane Roe", "quote-then-subject-verb"));
    }

    #[test]
    fn a_plural_noun_is_not_mistaken_for_a_speech_verb() {
        // `states` here is a noun; the cue is `said`.
        let blocks = [
            "“It is a land grab,” Ada Flores, the attorney general of Utah, one of the states in the suit, said.",
        ];
        assert_eq!(one(&blocks), named("Ada Flores", "quote-then-subject-verb"));
    }

    // Rule 3

    #[test]
    fn an_inverted_cue_names_the_speaker_without_titles() {
        let a = find_quotes(&["“Rates will hold,” said Treasury Secretary John Doe."], 1);
        let q = &a.quotes[0];
        assert_eq!(q.speaker.as_deref(), Some("John Doe"));
        assert_eq!(q.attribution.rule, Some(Rule::QuoteThenVerbSubject));
        assert_eq!(
            q.attribution.description.as_deref(),
            Some("Treasury Secretary")
        );
    }

    #[test]
    fn an_inverted_cue_keeps_the_description_after_the_name() {
        let a = find_quotes(
            &["“The numbers are bad,” said Chris Ode, a lawyer for the union, on Friday."],
            1,
        );
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Chris Ode"));
        assert_eq!(
            a.quotes[0].attribution.description.as_deref(),
            Some("a lawyer for the union")
        );
    }

    // Rule 4

    #[test]
    fn according_to_after_the_quote_names_the_speaker() {
        assert_eq!(
            one(&["“The dam is safe,” according to engineer Paulo Reis."]),
            named("Paulo Reis", "quote-then-according-to")
        );
    }

    // Rule 5

    #[test]
    fn a_signature_after_a_dash_names_the_speaker() {
        assert_eq!(
            one(&["“I have never been so proud of this town.” ― Rosa Imbert"]),
            named("Rosa Imbert", "quote-then-dash-name")
        );
    }

    // Rule 7

    #[test]
    fn the_speaker_before_a_colon_is_the_speaker() {
        assert_eq!(
            one(&["Nell Ortiz wrote: “We owe the families an answer.”"]),
            named("Nell Ortiz", "subject-verb-then-quote")
        );
    }

    #[test]
    fn told_reporters_with_a_comma_names_the_speaker() {
        assert_eq!(
            one(&["Nell Ortiz told reporters, “We owe the families an answer.”"]),
            named("Nell Ortiz", "subject-verb-then-quote")
        );
    }

    #[test]
    fn according_to_before_the_quote_names_the_speaker() {
        assert_eq!(
            one(&["According to Nell Ortiz, “the families are owed an answer.”"]),
            named("Nell Ortiz", "subject-verb-then-quote")
        );
    }

    #[test]
    fn a_statement_that_quotes_names_the_speaker() {
        assert_eq!(
            one(&["Nell Ortiz said in a statement that “the families are owed an answer.”"]),
            named("Nell Ortiz", "subject-verb-then-quote")
        );
    }

    #[test]
    fn a_partial_quote_in_reported_speech_is_the_reporters_subject() {
        assert_eq!(
            one(&["Jane Roe said the agreement was a “historic step” for the region."]),
            named("Jane Roe", "subject-verb-then-quote")
        );
    }

    #[test]
    fn the_nearest_speaker_of_nested_reported_speech_wins() {
        let blocks = ["Ivo Brandt said he heard protesters shout, “Go home!” at the gate."];
        assert_eq!(
            one(&blocks),
            (
                Some("protesters".to_owned()),
                Some("subject-verb-then-quote")
            )
        );
    }

    // Rule 8

    #[test]
    fn adding_after_a_quote_goes_on_with_its_speaker() {
        let blocks = ["“It is done,” said Omar Diaz, adding: “Now we rest.”"];
        assert_eq!(
            found(&blocks),
            [
                named("Omar Diaz", "quote-then-verb-subject"),
                named("Omar Diaz", "participle-then-quote")
            ]
        );
    }

    #[test]
    fn a_participle_hangs_from_the_sentence_subject() {
        let blocks = ["Kira Solberg took to social media on Monday, writing “this is not over.”"];
        assert_eq!(one(&blocks), named("Kira Solberg", "participle-then-quote"));
    }

    // Rule 9

    #[test]
    fn a_colon_ending_the_paragraph_before_names_the_speaker() {
        let blocks = [
            "The Daily Ledger reported:",
            "“The council met in secret three times this spring.”",
        ];
        assert_eq!(
            one(&blocks),
            named("The Daily Ledger", "colon-before-paragraph")
        );
    }

    // Rule 10

    #[test]
    fn a_second_quote_in_the_paragraph_keeps_its_speaker() {
        let blocks = ["“We are ready,” Marta Quint said. “The crews start Monday.”"];
        assert_eq!(
            found(&blocks),
            [
                named("Marta Quint", "quote-then-subject-verb"),
                named("Marta Quint", "same-paragraph")
            ]
        );
    }

    #[test]
    fn another_subject_between_two_quotes_breaks_the_carry_over() {
        let blocks =
            ["“Yes,” Ann Lee said. Bob Marsh disagreed with her plan. The vote was close. “No.”"];
        assert_eq!(speakers(&blocks), [Some("Ann Lee".to_owned()), None]);
    }

    // Rule 11

    #[test]
    fn a_quote_after_a_sentence_about_someone_is_theirs() {
        let blocks = ["“Yes,” Ann Lee said. Bob Marsh disagreed with her plan. “No.”"];
        assert_eq!(
            found(&blocks),
            [
                named("Ann Lee", "quote-then-subject-verb"),
                named("Bob Marsh", "after-subject")
            ]
        );
    }

    // Rule 12

    #[test]
    fn a_floating_quote_continues_the_reported_speech_before_it() {
        let blocks = [
            "Harold Finch said he was relieved to be home after the long trial.",
            "“It is nice to be back.”",
        ];
        assert_eq!(one(&blocks), named("Harold Finch", "floating"));
    }

    #[test]
    fn a_floating_quote_continues_the_quote_before_it() {
        let blocks = [
            "“We played well,” Mikel Arce said after the game.",
            "“The second half was our best this year.”",
        ];
        assert_eq!(
            found(&blocks),
            [
                named("Mikel Arce", "quote-then-subject-verb"),
                named("Mikel Arce", "floating")
            ]
        );
    }

    #[test]
    fn a_floating_quote_after_someone_new_is_left_unattributed() {
        let blocks = [
            "“We played well,” Mikel Arce said after the game.",
            "Jonas Whitby scored twice in the third period for the visitors.",
            "“The second half was our best this year.”",
        ];
        assert_eq!(speakers(&blocks), [Some("Mikel Arce".to_owned()), None]);
    }

    #[test]
    fn a_title_quoted_at_the_start_of_a_paragraph_is_not_a_floating_quote() {
        let blocks = [
            "“We played well,” Mikel Arce said after the game.",
            "“Night Shift” was written by his brother.",
        ];
        assert_eq!(speakers(&blocks), [Some("Mikel Arce".to_owned()), None]);
    }

    // Pronouns

    #[test]
    fn a_pronoun_is_the_last_subject_whose_sex_fits() {
        let blocks = [
            "Ms. Corinne Bale met Victor Lund on Friday. She later spoke to the board.",
            "“We have the votes,” she said.",
        ];
        assert_eq!(
            one(&blocks),
            named("Corinne Bale", "quote-then-subject-verb")
        );
    }

    #[test]
    fn a_pronoun_skips_a_person_named_only_as_an_object() {
        let blocks = [
            "Gregor Abt is demanding that Mayor Paul Lintz resign.",
            "“He should go today,” he said.",
        ];
        assert_eq!(one(&blocks), named("Gregor Abt", "quote-then-subject-verb"));
    }

    #[test]
    fn a_pronoun_follows_a_change_of_subject() {
        let blocks = [
            "“The plan is sound,” Mayor Paul Lintz said.",
            "Council member Rita Vance, a longtime critic, voted against the budget.",
            "“It is a giveaway,” she said.",
        ];
        assert_eq!(
            speakers(&blocks),
            [Some("Paul Lintz".to_owned()), Some("Rita Vance".to_owned())]
        );
    }

    #[test]
    fn a_gendered_role_tells_the_sex_of_the_person() {
        let blocks = [
            "Alex Moran, a spokeswoman for the airline, answered questions after Sam Hale left.",
            "“The flights will resume,” she said.",
        ];
        assert_eq!(one(&blocks), named("Alex Moran", "quote-then-subject-verb"));
    }

    #[test]
    fn a_pronoun_with_no_one_to_stand_for_is_unattributed_with_a_warning() {
        let a = find_quotes(&["“It is over,” he said."], 1);
        assert_eq!(a.quotes[0].speaker, None);
        assert_eq!(a.quotes[0].attribution.how, How::Pronoun);
        assert!(a.quotes[0].attribution.warning.is_some());
    }

    // Names

    #[test]
    fn a_surname_resolves_to_the_full_name_used_before() {
        let blocks = [
            "Azerbaijani President Ilham Aliyev spoke on television.",
            "“We will revive these cities,” Aliyev said.",
        ];
        assert_eq!(
            one(&blocks),
            named("Ilham Aliyev", "quote-then-subject-verb")
        );
    }

    #[test]
    fn two_people_with_one_surname_take_the_nearest_full_name_and_a_warning() {
        let blocks = [
            "Former Governor Bill Carver campaigned for his wife, Helen Carver, on Monday.",
            "“Helen Carver will win this state,” Carver said.",
        ];
        let a = find_quotes(&blocks, 2);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Helen Carver"));
        let warning = a.quotes[0]
            .attribution
            .warning
            .as_deref()
            .unwrap_or_default();
        assert!(warning.contains("several people"), "{warning}");
    }

    #[test]
    fn apostrophes_of_either_kind_are_one_surname() {
        let blocks = [
            "Police Commissioner Sean O’Rourke arrived at noon.",
            "“Nobody was hurt,” O'Rourke said.",
        ];
        assert_eq!(
            one(&blocks),
            named("Sean O’Rourke", "quote-then-subject-verb")
        );
    }

    // Descriptions and bodies

    #[test]
    fn a_description_names_the_person_it_introduced() {
        let blocks = [
            "Veteran goalkeeper Ines Loft kept the team in the game.",
            "“We never gave up,” the veteran goalkeeper said.",
        ];
        let a = find_quotes(&blocks, 2);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Ines Loft"));
        assert_eq!(a.quotes[0].attribution.how, How::Description);
    }

    #[test]
    fn a_description_introducing_no_one_stands_as_written() {
        assert_eq!(
            one(&["“The mayor knew,” the newspaper said in an editorial."]),
            (
                Some("the newspaper".to_owned()),
                Some("quote-then-subject-verb")
            )
        );
    }

    #[test]
    fn a_title_alone_introduces_no_one() {
        let blocks = [
            "President Vera Holm opened the museum.",
            "“This is your house,” the president said.",
        ];
        assert_eq!(
            one(&blocks),
            (
                Some("the president".to_owned()),
                Some("quote-then-subject-verb")
            )
        );
    }

    #[test]
    fn a_definite_description_takes_up_an_indefinite_one() {
        let blocks = [
            "A ministry official told reporters the talks had stalled.",
            "“They will resume in March,” the official said.",
        ];
        assert_eq!(
            one(&blocks),
            (
                Some("A ministry official".to_owned()),
                Some("quote-then-subject-verb")
            )
        );
    }

    #[test]
    fn bodies_are_speakers_as_written() {
        let blocks = [
            "“The border is closed,” the ministry said in a statement.",
            "“There was no attack,” the Kremlin said.",
            "“Cases are rising,” the World Health Organization wrote.",
        ];
        let a = find_quotes(&blocks, 3);
        let got: Vec<(Option<&str>, How)> = a
            .quotes
            .iter()
            .map(|q| (q.speaker.as_deref(), q.attribution.how))
            .collect();
        assert_eq!(
            got,
            [
                (Some("the ministry"), How::Description),
                (Some("Kremlin"), How::Organization),
                (Some("World Health Organization"), How::Organization),
            ]
        );
    }

    #[test]
    fn an_age_and_an_apposition_are_the_speakers_description() {
        let blocks =
            ["“We will go home,” Rustam Gafarov, 81, a retired teacher from the valley, said."];
        let a = find_quotes(&blocks, 1);
        assert_eq!(
            a.quotes[0].attribution.description.as_deref(),
            Some("81, a retired teacher from the valley")
        );
    }

    #[test]
    fn a_title_before_the_name_stops_at_the_sentence_before() {
        let blocks = [
            "The government summoned Ostland’s ambassador. Foreign Secretary Ann Lee said the talks were “a waste of time.”",
        ];
        let a = find_quotes(&blocks, 1);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Ann Lee"));
        assert_eq!(
            a.quotes[0].attribution.description.as_deref(),
            Some("Foreign Secretary")
        );
    }

    #[test]
    fn mentions_point_at_the_words_that_name_the_speaker() {
        let text = "“We are ready,” Governor Marta Quint told the crowd.";
        let a = find_quotes(&[text], 1);
        let m = a.quotes[0].attribution.mention.expect("a mention");
        assert_eq!(&text[m.start..m.end], "Marta Quint");
        let c = a.quotes[0].attribution.cue.expect("a cue");
        assert_eq!(&text[c.start..c.end], "told");
    }

    // Held-out patterns

    #[test]
    fn he_never_stands_for_a_plural_or_a_thing() {
        let blocks = [
            "The buses carried flour, blankets and fuel through the Tarn crossing and the Vell Marra crossing in northern Ostland, said Omar Haddad, a spokesman for the regional transport authority. “It is far too little. Families are burning furniture for heat,” he said.",
        ];
        assert_eq!(
            one(&blocks),
            named("Omar Haddad", "quote-then-subject-verb")
        );
    }

    #[test]
    fn he_after_a_plural_subject_and_no_person_is_unattributed() {
        let blocks =
            ["The drivers said the road was closed at dawn. “It is far too little,” he said."];
        assert_eq!(one(&blocks).0, None);
        let blocks =
            ["Local officials said the road was closed at dawn. “It is far too little,” he said."];
        assert_eq!(one(&blocks).0, None);
    }

    #[test]
    fn an_inverted_cue_with_an_apposition_sets_the_voice_for_a_floating_quote() {
        let blocks = [
            "The buses carried flour, blankets and fuel across the bridge at dawn, said Omar Haddad, a spokesman for the regional transport authority.",
            "“It is far too little. Families are burning furniture for heat.”",
        ];
        assert_eq!(one(&blocks), named("Omar Haddad", "floating"));
    }

    #[test]
    fn a_photo_caption_among_the_paragraphs_is_no_change_of_subject() {
        let blocks = [
            "The strike lasted three weeks, Dana Whitfield writes in her new history of the union.",
            "Tom Varga, a retired welder, stands outside the old gates in 2004. ( Daily Courier file photo )",
            "The strike changed the city. “They won because they never gave up,” she says.",
        ];
        assert_eq!(one(&blocks).0.as_deref(), Some("Dana Whitfield"));
        let blocks = [
            "The strike lasted three weeks, Dana Whitfield writes in her new history of the union.",
            "Tom Varga, a retired welder, stands outside the old gates in 2004. ( Daily Courier file photo )",
            "The strike changed the city. “They won because they never gave up,” he says.",
        ];
        assert_eq!(one(&blocks).0, None);
    }

    #[test]
    fn some_writing_with_no_author_named_is_unattributed() {
        let blocks = [
            "“Snow is the hardest part of the job,” says a document titled Winter Rules on the Northbank Ferry website.",
        ];
        let a = find_quotes(&blocks, 1);
        assert_eq!(a.quotes[0].speaker, None);
        assert!(a.quotes[0].attribution.warning.is_some());
    }

    #[test]
    fn as_someone_put_it_names_the_speaker() {
        let blocks = [
            "The audit would settle the matter. As Dana Whitfield, a tax lawyer at Northbank, recently put it, “Was it avoidance or evasion?”",
        ];
        assert_eq!(
            one(&blocks),
            named("Dana Whitfield", "subject-verb-then-quote")
        );
        let blocks = ["As Dana Whitfield put it, “Was it avoidance or evasion?”"];
        assert_eq!(
            one(&blocks),
            named("Dana Whitfield", "subject-verb-then-quote")
        );
    }

    #[test]
    fn a_she_opening_the_next_sentence_tells_the_sex_of_the_subject_before() {
        // `Kelly` is also a first name; the text says this Kelly is a woman.
        let blocks = [
            "“We will win this state,” Kelly said.",
            "On Monday night, Kelly went after Varga again, calling him a fraud. She then listed his failed businesses.",
            "“He has never paid his workers on time,” she said.",
        ];
        assert_eq!(speakers(&blocks)[1].as_deref(), Some("Kelly"));
    }

    #[test]
    fn a_participle_after_an_unattributed_quote_hangs_from_the_sentence_subject() {
        let blocks = [
            "Ms. Whitfield brushed the question aside -- “That is old news” -- and, when pressed after the hearing, asserting, “Of course I paid every bill.”",
        ];
        assert_eq!(
            speakers(&blocks).last().cloned().flatten().as_deref(),
            Some("Whitfield")
        );
    }

    #[test]
    fn a_relative_clause_cue_names_the_person_it_hangs_from() {
        let blocks = [
            "The opening drew a crowd of writers, among them Tom Varga and Dana Whitfield, who joked of the building, “I still can’t find the front door.”",
        ];
        assert_eq!(
            one(&blocks),
            named("Dana Whitfield", "subject-verb-then-quote")
        );
    }

    #[test]
    fn a_quote_set_off_by_dashes_after_a_name_is_theirs() {
        let blocks = [
            "Many prominent Democrats have said as much, including the former governor Dana Whitfield -- “No one should run and hide their records” -- and Tom Varga, a former auditor.",
        ];
        assert_eq!(
            one(&blocks),
            named("Dana Whitfield", "name-then-dash-quote")
        );
    }

    #[test]
    fn a_pronoun_takes_up_an_indefinite_description_only_in_its_paragraph() {
        let blocks = [
            "Senator Tom Varga took questions at a town hall in Dayton on Monday.",
            "At the forum, one questioner complained that the steel plant had closed.",
            "“You’re right, and it was a disgrace,” he said.",
        ];
        assert_eq!(one(&blocks).0.as_deref(), Some("Tom Varga"));
        let blocks = [
            "At the forum, one questioner complained that the steel plant had closed. “It was a disgrace,” he said.",
        ];
        assert_eq!(one(&blocks).0.as_deref(), Some("one questioner"));
    }

    #[test]
    fn a_partial_quote_closing_reported_speech_is_not_the_next_sentences() {
        let blocks = [
            "Berlin said its diplomats had raised “serious concerns about the vote.” The Foreign Office said the ambassador had been summoned.",
        ];
        assert_eq!(one(&blocks), named("Berlin", "subject-verb-then-quote"));
    }

    #[test]
    fn a_label_before_a_quote_still_lets_the_cue_after_it_name_the_speaker() {
        let blocks = [
            "MARKET VIEW: “Will the bank blink first? Nobody knows.” Dana Whitfield, an economist at Northbank, wrote in a note.",
        ];
        assert_eq!(
            one(&blocks),
            named("Dana Whitfield", "quote-then-subject-verb")
        );
    }

    #[test]
    fn a_relative_clause_between_subject_and_verb_keeps_the_subject() {
        let blocks = [
            "Governor Maria Estevez, who won a second term in 2022 by a wide margin, told reporters in Sacramento on Monday that the state was “ready for the storm.” Estevez said the National Guard would be deployed.",
        ];
        assert_eq!(
            one(&blocks),
            named("Maria Estevez", "subject-verb-then-quote")
        );
    }
}
