//! Properties over generated articles: nothing is lost, nothing panics, quote parts are sound.

use article_viewer::analysis::parse::parse;
use article_viewer::analysis::quotes::find_quotes;
use article_viewer::analysis::{Analysis, Gazetteer, Span, analyze};
use proptest::prelude::*;

/// Words with the hazards of real articles: quotes of both kinds, apostrophes, dashes,
/// parentheses and multi-byte letters.
const WORDS: &[&str] = &[
    "a",
    "truce",
    "Kalbajar",
    "Aliyev",
    "Velyeddin",
    "Ismayilov",
    "said",
    "told",
    "he",
    "she",
    "didn't",
    "country’s",
    "Nagorno-Karabakh’s",
    "’90s",
    "“We",
    "will,”",
    "\"quoted\"",
    "“",
    "”",
    "\"",
    "'single'",
    "‘nested’",
    "—",
    "--",
    "(Armenians)",
    "...",
    "Ünïcödé",
    "日本語",
    "é",
    "Nov.",
    "15,",
    "President",
    "The",
    "Associated",
    "Press.",
    "President",
    "Ilham",
    "wrote",
    "that",
    "(AP)",
    "Photo/",
    "Ms.",
    "Jane",
    "Roe,",
    "according",
    "to",
    "a",
    "spokeswoman",
    "for",
    "the",
    "ministry",
    "said:",
    "(R-Ohio)",
    "“LEE:",
    "I",
    "adding",
    "O’Neill",
    "Ann’s",
];

const CREDITS: &[&str] = &[
    "AP Photo/Sergei Grits",
    "AP/PAN Photo/Anna Lee",
    "Azerbaijan's Defense Ministry via AP",
    "AP",
];

const TAIL_NAMES: &[&str] = &["Sergei Grits", "Anna Lee", "Jane Roe", "Uncredited"];

/// Words joined by a space, sometimes a line break, never a blank line.
fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(WORDS), prop::bool::weighted(0.1)),
        1..25,
    )
    .prop_map(|words| {
        let mut out = String::new();
        for (i, (word, newline)) in words.into_iter().enumerate() {
            if i > 0 {
                out.push_str(if newline { "\n" } else { " " });
            }
            out.push_str(word);
        }
        out
    })
}

#[derive(Debug, Clone)]
enum Block {
    Body(String),
    Caption {
        text: String,
        credit: &'static str,
        tails: Vec<&'static str>,
    },
}

impl Block {
    fn source(&self) -> String {
        match self {
            Block::Body(text) => text.clone(),
            Block::Caption {
                text,
                credit,
                tails,
            } => {
                let mut out = format!("{text}. ({credit})");
                for name in tails {
                    out.push_str(" Credit: ");
                    out.push_str(name);
                }
                out
            }
        }
    }

    /// What the parser must return for this block: text, then the credit with any tail naming
    /// someone new appended.
    fn expected(&self) -> String {
        match self {
            Block::Body(text) => text.clone(),
            Block::Caption {
                text,
                credit,
                tails,
            } => {
                let mut out = format!("{text}.{credit}");
                let mut added: Vec<&str> = Vec::new();
                for name in tails {
                    if *name != "Uncredited" && !credit.contains(name) && !added.contains(name) {
                        out.push_str("; Credit: ");
                        out.push_str(name);
                        added.push(name);
                    }
                }
                out
            }
        }
    }
}

/// Prose that never ends in `)`: a body paragraph ending in `(AP)` is a caption by design, and a
/// generated caption must have exactly one credit.
fn open_ended() -> impl Strategy<Value = String> {
    (prose(), "[a-z]{1,8}").prop_map(|(p, last)| format!("{p} {last}"))
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => open_ended().prop_map(Block::Body),
        1 => (
            open_ended(),
            prop::sample::select(CREDITS),
            prop::collection::vec(prop::sample::select(TAIL_NAMES), 0..3),
        )
            .prop_map(|(text, credit, tails)| Block::Caption { text, credit, tails }),
    ]
}

#[derive(Debug, Clone)]
struct Article {
    title: Option<String>,
    source: Option<String>,
    date: (i32, u8, u8),
    first: String,
    blocks: Vec<Block>,
    separator: &'static str,
}

impl Article {
    fn text(&self) -> String {
        let nl = if self.separator.contains('\r') {
            "\r\n"
        } else {
            "\n"
        };
        let mut out = String::from("  ");
        if let Some(title) = &self.title {
            out.push_str(&format!("title {title}{nl}"));
        }
        if let Some(source) = &self.source {
            out.push_str(&format!("source {source}{nl}"));
        }
        let (y, m, d) = self.date;
        out.push_str(&format!(" date {y:04}-{m:02}-{d:02} {}", self.first));
        for block in &self.blocks {
            out.push_str(self.separator);
            out.push_str(&block.source());
        }
        out.push_str(nl);
        out
    }
}

fn article() -> impl Strategy<Value = Article> {
    (
        prop::option::of("[A-Z][a-z]{1,10}( [a-z’]{1,8}){0,6}"),
        prop::option::of("[A-Z][a-z]{1,10}( [A-Z][a-z]{1,8}){0,2}"),
        (1900i32..2100, 1u8..13, 1u8..29),
        prose(),
        prop::collection::vec(block(), 0..8),
        prop::sample::select(&["\n\n", "\n \n", "\r\n\r\n", "\n\n\n\t\n"][..]),
    )
        .prop_map(|(title, source, date, first, blocks, separator)| Article {
            title,
            source,
            date,
            first,
            blocks,
            separator,
        })
}

/// Words that make time expressions and tenses, with a few hazards around them.
const DATE_WORDS: &[&str] = &[
    "Tuesday",
    "Wednesday,",
    "Wendesday",
    "Nov.",
    "25,",
    "2020",
    "two",
    "weeks",
    "ago",
    "last",
    "next",
    "this",
    "week",
    "will",
    "won’t",
    "said",
    "is",
    "meeting",
    "until",
    "by",
    "if",
    "noon",
    "Friday’s",
    "9",
    "a.m.",
    "11:45",
    "p.m.",
    "night",
    "early",
    "1990s",
    "since",
    "1994",
    "“Tuesday”",
    "é",
    "Kalbajar",
    "The",
    ".",
];

/// An article whose paragraphs and captions are full of dates.
fn dated_article() -> impl Strategy<Value = String> {
    let words =
        || prop::collection::vec(prop::sample::select(DATE_WORDS), 1..30).prop_map(|w| w.join(" "));
    (
        prop::collection::vec(words(), 1..5),
        prop::collection::vec(words(), 0..3),
    )
        .prop_map(|(paragraphs, captions)| {
            let captions = captions
                .into_iter()
                .map(|c| format!("{c} (AP Photo/Jane Roe)"));
            let blocks: Vec<String> = paragraphs.into_iter().chain(captions).collect();
            format!("date 2020-11-25 {}", blocks.join("\n\n"))
        })
}

/// Every entry has mentions; each mention is the words at its offsets in its block, in the
/// entry's wording, marked there by a date span that points at the entry; and no date span
/// is left without its mention.
fn check_timeline(a: &Analysis) -> Result<(), TestCaseError> {
    let blocks: Vec<(&str, &str, &[Span])> = a
        .paragraphs
        .iter()
        .map(|p| (p.id.as_str(), p.text.as_str(), p.spans.as_slice()))
        .chain(
            a.captions
                .iter()
                .map(|c| (c.id.as_str(), c.text.as_str(), c.spans.as_slice())),
        )
        .collect();
    let wording = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut mentions = 0;
    for t in &a.timeline {
        let first = t.mentions.first();
        prop_assert!(first.is_some(), "{} has no mention", t.id);
        prop_assert_eq!(first.map(|m| m.block.as_str()), Some(t.block.as_str()));
        prop_assert!(t.start <= t.end);
        for m in &t.mentions {
            let found = blocks.iter().find(|(id, _, _)| *id == m.block);
            prop_assert!(found.is_some(), "{} names no block: {}", t.id, m.block);
            let Some((_, text, spans)) = found else {
                continue;
            };
            prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
            prop_assert_eq!(wording(&m.text), wording(&t.text));
            prop_assert!(
                spans
                    .iter()
                    .any(|s| matches!(s, Span::Date { start, end, timeline }
                    if *start == m.start && *end == m.end && *timeline == t.id)),
                "{} {}..{} is not marked",
                m.block,
                m.start,
                m.end
            );
            mentions += 1;
        }
    }
    let date_spans = blocks
        .iter()
        .flat_map(|(_, _, spans)| spans.iter())
        .filter(|s| matches!(s, Span::Date { .. }))
        .count();
    prop_assert_eq!(date_spans, mentions);
    Ok(())
}

fn non_white(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"')
}

/// Every part is a char-boundary range of its block opening with a quote mark; the last part
/// closes with one, the others run to the end of their paragraph.
fn check_parts(blocks: &[&str], scan: &article_viewer::analysis::quotes::QuoteScan) {
    for quote in &scan.quotes {
        assert!(!quote.parts.is_empty());
        for (i, part) in quote.parts.iter().enumerate() {
            let text = blocks[part.block];
            let Some(quoted) = text.get(part.start..part.end) else {
                panic!("part {part:?} is not a char range of {text:?}");
            };
            assert!(quoted.starts_with(is_mark), "{quoted:?}");
            if i + 1 == quote.parts.len() {
                // A transcript turn (`“LEE: …`) may end with its paragraph instead.
                assert!(
                    quoted.chars().count() >= 2 && quoted.ends_with(is_mark)
                        || part.end == text.len(),
                    "{quoted:?}"
                );
            } else {
                assert_eq!(part.end, text.len());
            }
        }
    }
}

/// Every attribution's cue, mention and antecedent names its block and holds exactly the
/// block's text at those offsets.
fn check_attributions(a: &article_viewer::analysis::Analysis) {
    let text_of = |id: &str| {
        a.paragraphs
            .iter()
            .map(|p| (&p.id, &p.text))
            .chain(a.captions.iter().map(|c| (&c.id, &c.text)))
            .find(|(i, _)| i.as_str() == id)
            .map(|(_, t)| t.as_str())
    };
    for q in &a.quotes {
        let at = &q.attribution;
        for m in at.mention.iter().chain(&at.antecedent) {
            let Some(text) = text_of(&m.block) else {
                panic!("{} names no block: {m:?}", q.id);
            };
            assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()), "{}", q.id);
            assert!(!m.text.is_empty(), "{}: empty mention", q.id);
        }
        if at.how == article_viewer::analysis::How::Unattributed {
            assert_eq!(q.speaker, None, "{}", q.id);
        }
        if q.speaker.is_none() {
            assert!(
                a.warnings
                    .iter()
                    .any(|w| w.starts_with(&format!("{} in ", q.id))),
                "{} unattributed without a warning",
                q.id
            );
        }
    }
}

/// The generator above does make timelines, so the property is not met by empty ones.
#[test]
fn dated_articles_have_timelines_with_repeated_mentions() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut entries, mut repeated) = (0, 0);
    for _ in 0..50 {
        let text = dated_article()
            .new_tree(&mut runner)
            .map(|t| t.current())
            .unwrap_or_default();
        if let Ok(a) = analyze(&text, &Gazetteer::default()) {
            entries += a.timeline.len();
            repeated += a.timeline.iter().filter(|t| t.mentions.len() > 1).count();
        }
    }
    assert!(entries > 50, "{entries} entries in 50 articles");
    assert!(repeated > 5, "{repeated} entries with several mentions");
}

proptest! {
    #[test]
    fn attributions_point_at_their_own_words(article in article()) {
        let a = analyze(&article.text(), &Gazetteer::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_attributions(&a);
    }

    #[test]
    fn attribution_never_panics_and_stays_in_its_block(text in "[“”\"'’ A-Za-z,.()\n—:-]{0,400}") {
        if let Ok(a) = analyze(&format!("date 2020-11-25 {text}"), &Gazetteer::default()) {
            check_attributions(&a);
        }
    }

    #[test]
    fn nothing_is_lost(article in article()) {
        let doc = parse(&article.text()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(doc.title.as_deref(), article.title.as_deref());
        prop_assert_eq!(doc.source.as_deref(), article.source.as_deref());

        let mut body = article.first.clone();
        let mut captions = String::new();
        for block in &article.blocks {
            match block {
                Block::Body(_) => body.push_str(&block.expected()),
                Block::Caption { .. } => captions.push_str(&block.expected()),
            }
        }
        let got_body: String = doc.paragraphs.concat();
        let got_captions: String = doc
            .captions
            .iter()
            .map(|c| format!("{}{}", c.text, c.credit))
            .collect();
        prop_assert_eq!(non_white(&got_body), non_white(&body));
        prop_assert_eq!(non_white(&got_captions), non_white(&captions));
        for paragraph in &doc.paragraphs {
            prop_assert_eq!(paragraph.trim(), paragraph.as_str());
            prop_assert!(!paragraph.is_empty());
        }
    }

    #[test]
    fn quote_parts_are_sound_in_generated_articles(article in article()) {
        let doc = parse(&article.text()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let blocks: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(String::as_str)
            .chain(doc.captions.iter().map(|c| c.text.as_str()))
            .collect();
        check_parts(&blocks, &find_quotes(&blocks, doc.paragraphs.len()));
    }

    #[test]
    fn quote_parts_are_sound_in_any_text(
        blocks in prop::collection::vec("[“”\"'’‘ a-zA-Z,.():—\n]{0,60}", 0..6),
        body_len in 0usize..8,
    ) {
        let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
        check_parts(&blocks, &find_quotes(&blocks, body_len));
    }

    #[test]
    fn every_timeline_mention_points_at_its_words_inside_its_block(text in dated_article()) {
        let a = analyze(&text, &Gazetteer::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_timeline(&a)?;
    }

    #[test]
    fn timeline_mentions_are_sound_in_generated_articles(article in article()) {
        let a = analyze(&article.text(), &Gazetteer::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_timeline(&a)?;
    }

    #[test]
    fn nothing_panics_on_any_string(text in "\\PC*") {
        let gazetteer = Gazetteer::default();
        let _ = parse(&text);
        let _ = analyze(&text, &gazetteer);
        let _ = analyze(&format!("date 2020-11-25 {text}"), &gazetteer);
        let _ = find_quotes(&[text.as_str()], 1);
    }

    #[test]
    fn nothing_panics_on_quote_heavy_text(text in "[“”\"'’ A-Za-z,.()\n—:-]{0,300}") {
        let _ = analyze(&format!("date 2020-11-25 {text}"), &Gazetteer::default());
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = article_viewer::analysis::parse::decode(&bytes);
    }
}
