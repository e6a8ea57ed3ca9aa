//! Finds direct quotes: pairs the quote marks of every block, then has each attributed.
//!
//! A scanner pairs the double quote marks (curly or straight, in any mix) of every block,
//! joining a quote that runs over several body paragraphs. Single quotes and apostrophes are
//! never quote marks, so nested single quotes stay inside their double quote. Who said each
//! quote is [`super::speakers`]' concern.

use super::speakers::{self, Attribution};

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
    /// How the speaker was found.
    pub attribution: Attribution,
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
    let attributions = speakers::attribute(blocks, body_len, &spans);
    let quotes = spans
        .into_iter()
        .zip(attributions)
        .map(|(parts, attribution)| FoundQuote {
            text: inner_text(blocks, &parts),
            parts,
            speaker: attribution.speaker.clone(),
            attribution,
        })
        .collect();
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
            // A quote runs on only into a paragraph that reopens it at its very start; in a
            // transcript, a paragraph reopening with a speaker's label (`“LEE: …`) is the next
            // turn, and the quote before it ends with its paragraph.
            if b < body_len
                && marks
                    .peek()
                    .is_some_and(|m| m.at == 0 && m.role != Role::Close)
            {
                if opens_with_label(text) {
                    quotes.push(std::mem::take(&mut carried));
                }
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

/// `“LEE: …` or `"MR. LEE: …`: a transcript's speaker label right after the opening mark.
pub(crate) fn opens_with_label(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(|c| c == OPEN || c == STRAIGHT) {
        return false;
    }
    let rest = chars.as_str();
    let Some((label, _)) = rest.split_once(':') else {
        return false;
    };
    label.len() >= 2
        && label.len() <= 40
        && label.chars().filter(char::is_ascii_uppercase).count() >= 2
        && label
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
}

/// The quoted words: each part without its opening mark, the last also without its closing one
/// (a transcript turn that ends with its paragraph has none).
fn inner_text(blocks: &[&str], parts: &[QuotePart]) -> String {
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut chars = blocks[p.block][p.start..p.end].chars();
            chars.next();
            if i == last && chars.as_str().ends_with([CLOSE, STRAIGHT, OPEN]) {
                chars.next_back();
            }
            chars.as_str()
        })
        .collect::<Vec<_>>()
        .join("\n\n")
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
    fn each_turn_of_a_transcript_is_its_own_quote() {
        let s = scan(&[
            "“LEE: We will not raise taxes. We have said so for a year.",
            "“HOST: But the deficit is growing, Governor.",
            "“LEE: It is shrinking.”",
        ]);
        let texts: Vec<&str> = s.quotes.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "LEE: We will not raise taxes. We have said so for a year.",
                "HOST: But the deficit is growing, Governor.",
                "LEE: It is shrinking."
            ]
        );
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
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
    fn bodies_and_descriptions_speak_as_written() {
        let s = scan(&[
            "“The region is ours,” Azerbaijan's Defense Ministry said.",
            "“It is over,” the president said.",
            "“It is over,” The Associated Press reported.",
        ]);
        assert_eq!(
            speakers(&s),
            [
                Some("Azerbaijan's Defense Ministry"),
                Some("the president"),
                Some("The Associated Press")
            ]
        );
    }

    #[test]
    fn a_quote_nobody_is_named_for_is_unattributed() {
        let s = scan(&["The word “betrayal” was on every wall."]);
        assert_eq!(speakers(&s), [None]);
        let s = scan(&["“It is over,” he said."]);
        assert_eq!(speakers(&s), [None]);
    }
}
