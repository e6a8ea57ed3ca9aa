//! The time expressions of the reference article (AP, 2020-11-25), every one and nothing else:
//! 13 mentions, which make 7 timeline entries once the same words for the same day are one.

use article_viewer::analysis::dates::{Rule, find_dates};
use article_viewer::analysis::{EMBEDDED_ARTICLE, Gazetteer, Span, analyze};
use time::macros::date;

/// The article's blocks as the parser will hand them over: split on blank lines, the header
/// (`title`, `source`, ` date 2020-11-25 `) cut from the first. Caption credits are left in;
/// they hold no time expressions, so the list below is the same either way.
fn blocks() -> Vec<&'static str> {
    let (_, body) = EMBEDDED_ARTICLE
        .split_once(" date 2020-11-25 ")
        .expect("the reference article has its date header");
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn reference_article_has_exactly_these_time_expressions() {
    let blocks = blocks();
    assert_eq!(blocks.len(), 13, "9 paragraphs and 4 captions");
    let found: Vec<(usize, String, String, String, Rule)> =
        find_dates(&blocks, date!(2020 - 11 - 25))
            .into_iter()
            .map(|d| {
                (
                    d.block,
                    d.text,
                    d.first.to_string(),
                    d.last.to_string(),
                    d.rule,
                )
            })
            .collect();
    // No verb stands before `Wendesday`, so the first one after it, `denounced`, puts it in the
    // past; `said Wednesday` is past too. Both are the publication day, as before the tense
    // rules.
    let expected = [
        (
            0,
            "two weeks ago",
            "2020-11-11",
            "2020-11-11",
            Rule::CountBack,
        ),
        (
            1,
            "last week",
            "2020-11-16",
            "2020-11-22",
            Rule::CalendarPeriod,
        ),
        (1, "Nov. 15", "2020-11-15", "2020-11-15", Rule::NearestYear),
        (
            2,
            "Wendesday",
            "2020-11-25",
            "2020-11-25",
            Rule::WeekdayPast,
        ),
        (
            5,
            "early 1990s",
            "1990-01-01",
            "1993-12-31",
            Rule::PartOfPeriod,
        ),
        (
            9,
            "Wednesday, Nov. 25, 2020",
            "2020-11-25",
            "2020-11-25",
            Rule::WrittenDate,
        ),
        (
            9,
            "Wednesday",
            "2020-11-25",
            "2020-11-25",
            Rule::WeekdayPast,
        ),
        (
            9,
            "two weeks ago",
            "2020-11-11",
            "2020-11-11",
            Rule::CountBack,
        ),
        (
            10,
            "Wednesday, Nov. 25, 2020",
            "2020-11-25",
            "2020-11-25",
            Rule::WrittenDate,
        ),
        (
            11,
            "Wednesday, Nov. 25, 2020",
            "2020-11-25",
            "2020-11-25",
            Rule::WrittenDate,
        ),
        (
            12,
            "Wednesday, Nov. 25, 2020",
            "2020-11-25",
            "2020-11-25",
            Rule::WrittenDate,
        ),
        (
            12,
            "Wednesday",
            "2020-11-25",
            "2020-11-25",
            Rule::WeekdayPast,
        ),
        (
            12,
            "two weeks ago",
            "2020-11-11",
            "2020-11-11",
            Rule::CountBack,
        ),
    ]
    .map(|(b, t, f, l, r)| (b, t.to_owned(), f.to_owned(), l.to_owned(), r));
    assert_eq!(found, expected);
}

#[test]
fn reference_offsets_point_at_the_words() {
    let blocks = blocks();
    for d in find_dates(&blocks, date!(2020 - 11 - 25)) {
        assert_eq!(blocks[d.block].get(d.start..d.end), Some(d.text.as_str()));
    }
}

/// Until issue 15 the timeline had one entry per mention, 13 of them, with "two weeks ago"
/// three times and "Wednesday, Nov. 25, 2020" four times. Now each is one entry with every
/// mention linked: 7 entries, 13 mentions.
#[test]
fn reference_timeline_has_one_entry_per_event_with_every_mention() {
    let a = analyze(EMBEDDED_ARTICLE, &Gazetteer::default()).expect("the reference parses");
    let entries: Vec<(&str, &str, &str, &str, Vec<&str>)> = a
        .timeline
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.text.as_str(),
                t.start.as_str(),
                t.rule.name(),
                t.mentions.iter().map(|m| m.block.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "t1",
                "two weeks ago",
                "2020-11-11",
                "count-back",
                vec!["p1", "c1", "c4"]
            ),
            (
                "t2",
                "last week",
                "2020-11-16",
                "calendar-period",
                vec!["p2"]
            ),
            ("t3", "Nov. 15", "2020-11-15", "nearest-year", vec!["p2"]),
            ("t4", "Wendesday", "2020-11-25", "weekday-past", vec!["p3"]),
            (
                "t5",
                "early 1990s",
                "1990-01-01",
                "part-of-period",
                vec!["p6"]
            ),
            (
                "t6",
                "Wednesday, Nov. 25, 2020",
                "2020-11-25",
                "written-date",
                vec!["c1", "c2", "c3", "c4"]
            ),
            (
                "t7",
                "Wednesday",
                "2020-11-25",
                "weekday-past",
                vec!["c1", "c4"]
            ),
        ]
    );
    // Every mention is marked in its block and points at its entry.
    let spans = a
        .paragraphs
        .iter()
        .map(|p| (p.id.as_str(), &p.spans))
        .chain(a.captions.iter().map(|c| (c.id.as_str(), &c.spans)));
    let mut marked = 0;
    for (block, spans) in spans {
        for span in spans.iter() {
            if let Span::Date {
                start,
                end,
                timeline,
            } = span
            {
                let entry = a
                    .timeline
                    .iter()
                    .find(|t| &t.id == timeline)
                    .expect("entry");
                assert!(
                    entry
                        .mentions
                        .iter()
                        .any(|m| m.block == block && m.start == *start && m.end == *end),
                    "{block} {start}..{end} is not a mention of {timeline}"
                );
                marked += 1;
            }
        }
    }
    assert_eq!(marked, 13);
}
