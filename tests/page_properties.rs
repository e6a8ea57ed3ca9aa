//! Properties of the rendered reading page: every character of every block reaches the page,
//! whatever quotes, places and dates the analysis marks inside it.

use std::sync::OnceLock;

use article_viewer::analysis::{Gazetteer, analyze};
use article_viewer::pipeline::build_site;
use article_viewer::site::Lookup;
use proptest::prelude::*;
use scraper::{Html, Selector};

/// Words that make the analysis mark things (quotes, places, dates) and that HTML must escape.
const WORDS: &[&str] = &[
    "Kalbajar",
    "Nagorno-Karabakh’s",
    "Russia-brokered",
    "Aliyev",
    "said.",
    "“We",
    "will,”",
    "\"straight\"",
    "didn't",
    "two weeks ago",
    "last week",
    "Wednesday,",
    "Nov. 15,",
    "early 1990s",
    "<script>alert(1)</script>",
    "&amp;",
    "<b>",
    "a",
    "the",
    "Baku",
    "Ünïcödé",
    "—",
    "(AP)",
];

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::embedded)
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..30).prop_map(|w| w.join(" "))
}

proptest! {
    // Each case renders and compresses a whole site: a few dozen cases keep this to seconds.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_character_of_every_paragraph_reaches_the_page(
        paragraphs in prop::collection::vec(paragraph(), 1..5),
        with_caption in any::<bool>(),
    ) {
        let mut text = format!("date 2020-11-25 {}", paragraphs.join("\n\n"));
        if with_caption {
            text.push_str("\n\nA soldier near Kalbajar, Wednesday, Nov. 25, 2020. (AP Photo/Sergei Grits) Credit: Sergei Grits");
        }
        let analysis = analyze(&text, gazetteer()).expect("a well-formed article");
        let site = build_site(&text, &analysis, gazetteer(), None, false).expect("renders");
        let Lookup::Page(page) = site.lookup("/") else { panic!("no reading page") };
        let html = Html::parse_document(std::str::from_utf8(page.identity()).expect("utf-8"));
        for p in &analysis.paragraphs {
            let sel = Selector::parse(&format!("p#{}", p.id)).expect("selector");
            let shown: String = html.select(&sel).next().expect("paragraph on the page").text().collect();
            prop_assert_eq!(&shown, &p.text);
        }
        for c in &analysis.captions {
            let sel = Selector::parse(&format!("#{} .caption-text", c.id)).expect("selector");
            let shown: String = html.select(&sel).next().expect("caption on the page").text().collect();
            prop_assert_eq!(&shown, &c.text);
        }
        // Escaped, never live markup.
        let script = Selector::parse("article script, article b").expect("selector");
        prop_assert!(html.select(&script).next().is_none());
    }
}
