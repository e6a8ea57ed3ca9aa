//! The words attribution reads: speech verbs, titles, pronouns and the small closed classes.
//!
//! Every list is lower case and sorted, so a lookup is a binary search ([`has`]). They are
//! closed classes of English (determiners, prepositions, auxiliaries) or the verbs and titles
//! news writing uses around quotes; nothing here names a person, a place or an outlet.
//!
//! Each list also has a bit of its own: [`classes`] gives a word's bits for every list at
//! once, which the tokens keep (see `text::Tok`), so a token's lookups are a mask test.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// A sorted lower-case word list, and its bit among a word's [`classes`].
#[derive(Debug, Clone, Copy)]
pub(super) struct List {
    pub bit: u32,
    pub words: &'static [&'static str],
}

impl List {
    /// `word` (any case) is in the list.
    pub fn has(self, word: &str) -> bool {
        has(self.words, word)
    }
}

/// Every list with a bit, for [`classes`].
const ALL: [List; 25] = [
    SPEECH_VERBS,
    NOUN_OR_VERB,
    THOUGHT_VERBS,
    SPEECH_PARTICIPLES,
    SPEECH_BARE,
    NAMING_VERBS,
    TITLES,
    MALE_TITLES,
    FEMALE_TITLES,
    MALE_NOUNS,
    FEMALE_NOUNS,
    ROLE_NOUNS,
    ORG_WORDS,
    NOT_NAMES,
    TIME_WORDS,
    BETWEEN_SUBJECT_AND_VERB,
    PREPOSITIONS,
    DETERMINERS,
    INTRODUCERS,
    CLAUSE_WORDS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAMES_A_THING,
    RELATIVES,
    IRREGULAR_PASTS,
];

/// Every listed word (as its [`key`]) and the bits of the lists it is in.
static CLASSES: LazyLock<FxHashMap<u128, u32>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for list in ALL {
        for word in list.words {
            if let Some(key) = key(word) {
                *map.entry(key).or_insert(0) |= list.bit;
            }
        }
    }
    map
});

/// `word` in lower case (ASCII letters only, as [`has`] compares) packed into a number with
/// its length, for a word of at most 15 bytes: hashing and comparing it is a few instructions.
fn key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut packed = [0u8; 16];
    for (d, s) in packed.iter_mut().zip(bytes) {
        *d = s.to_ascii_lowercase();
    }
    packed[15] = u8::try_from(bytes.len()).ok()?;
    Some(u128::from_le_bytes(packed))
}

/// The bits of every list `word` (any case) is in: `has(list.words, word)` for each list at
/// once. No listed word is longer than 15 bytes.
pub(super) fn classes(word: &str) -> u32 {
    key(word)
        .and_then(|k| CLASSES.get(&k).copied())
        .unwrap_or(0)
}

/// `word` (any case) is in the sorted lower-case `list`.
pub(super) fn has(list: &[&str], word: &str) -> bool {
    // This runs many times per token: lower-case into a stack buffer, then a plain search.
    let bytes = word.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        return search(list, bytes);
    }
    let mut buf = [0u8; 32];
    let Some(lower) = buf.get_mut(..bytes.len()) else {
        return false; // longer than any listed word
    };
    for (d, s) in lower.iter_mut().zip(bytes) {
        *d = s.to_ascii_lowercase();
    }
    search(list, lower)
}

/// A binary search comparing bytes in place: the words are short, and a call to `memcmp` per
/// comparison cost more than the comparison (it was a tenth of the analysis).
fn search(list: &[&str], word: &[u8]) -> bool {
    list.binary_search_by(|listed| {
        let listed = listed.as_bytes();
        for (a, b) in listed.iter().zip(word) {
            if a != b {
                return a.cmp(b);
            }
        }
        listed.len().cmp(&word.len())
    })
    .is_ok()
}

/// Finite forms of the verbs that introduce speech (`said`, `told`, `wrote`): the cue of a
/// quote. `according` stands for `according to`.
pub(super) const SPEECH_VERBS: List = List {
    bit: 1 << 0,
    words: &[
        "according",
        "accused",
        "accuses",
        "acknowledged",
        "acknowledges",
        "added",
        "adds",
        "admits",
        "admitted",
        "agreed",
        "agrees",
        "announced",
        "announces",
        "answered",
        "answers",
        "argued",
        "argues",
        "asked",
        "asks",
        "asserted",
        "asserts",
        "blasted",
        "boasted",
        "boasts",
        "bragged",
        "called",
        "calls",
        "cautioned",
        "cautions",
        "chanted",
        "charged",
        "charges",
        "cited",
        "claimed",
        "claims",
        "commented",
        "complained",
        "complains",
        "conceded",
        "concedes",
        "concluded",
        "condemned",
        "confirmed",
        "contended",
        "contends",
        "continued",
        "continues",
        "countered",
        "counters",
        "cried",
        "declared",
        "declares",
        "demanded",
        "denied",
        "described",
        "describes",
        "dubbed",
        "echoed",
        "echoes",
        "emphasised",
        "emphasized",
        "exclaimed",
        "explained",
        "explains",
        "insisted",
        "insists",
        "joked",
        "jokes",
        "labeled",
        "labelled",
        "lamented",
        "laments",
        "laughed",
        "laughs",
        "likened",
        "maintained",
        "maintains",
        "mentioned",
        "mentions",
        "mused",
        "muses",
        "noted",
        "notes",
        "observed",
        "observes",
        "pleaded",
        "pledged",
        "predicted",
        "predicts",
        "proclaimed",
        "promised",
        "quipped",
        "quips",
        "read",
        "reads",
        "recalled",
        "recalls",
        "recounted",
        "recounts",
        "reflected",
        "reflects",
        "remarked",
        "remarks",
        "repeated",
        "replied",
        "replies",
        "reported",
        "reports",
        "responded",
        "responds",
        "retorted",
        "said",
        "sang",
        "says",
        "scolded",
        "screamed",
        "shouted",
        "shouts",
        "sighed",
        "sighs",
        "sings",
        "snapped",
        "stated",
        "states",
        "stressed",
        "stresses",
        "suggested",
        "suggests",
        "tells",
        "testified",
        "thundered",
        "told",
        "tweeted",
        "tweets",
        "urged",
        "urges",
        "vowed",
        "vows",
        "warned",
        "warns",
        "whispered",
        "whispers",
        "wondered",
        "wonders",
        "writes",
        "wrote",
        "yelled",
        "yells",
    ],
};

/// Speech verbs in `-s` that are as often plural nouns (`his tweets`, `the reports`): a cue
/// only right after a name or a pronoun.
pub(super) const NOUN_OR_VERB: List = List {
    bit: 1 << 1,
    words: &[
        "answers", "calls", "charges", "claims", "comments", "notes", "reads", "reports", "states",
        "tweets", "vows", "warns",
    ],
};

/// Verbs that report a view rather than words (`Lee believes`): they tell who a quote right
/// after goes on with, though they are no cue of their own.
pub(super) const THOUGHT_VERBS: List = List {
    bit: 1 << 2,
    words: &[
        "believes", "fears", "feels", "hopes", "reckons", "thinks", "worries",
    ],
};

/// Participles of speech verbs: `…, saying “…”`, `adding: “…”`. Their subject is the subject
/// of the clause they hang from.
pub(super) const SPEECH_PARTICIPLES: List = List {
    bit: 1 << 3,
    words: &[
        "adding",
        "admitting",
        "arguing",
        "asking",
        "asserting",
        "calling",
        "chanting",
        "claiming",
        "declaring",
        "describing",
        "explaining",
        "insisting",
        "noting",
        "promising",
        "recalling",
        "replying",
        "saying",
        "shouting",
        "singing",
        "stating",
        "suggesting",
        "telling",
        "testifying",
        "tweeting",
        "urging",
        "warning",
        "writing",
        "yelling",
    ],
};

/// Bare forms after `to`, modals and plural subjects: `students shout`, `Mexicans often say`.
pub(super) const SPEECH_BARE: List = List {
    bit: 1 << 4,
    words: &[
        "add", "argue", "ask", "chant", "claim", "declare", "explain", "insist", "say", "shout",
        "sing", "tell", "tweet", "warn", "write", "yell",
    ],
};

/// Verbs that quote someone's words only with the quote right after them: `called it “…”`,
/// `described as “…”`, `attacked “the rigged system”`.
pub(super) const NAMING_VERBS: List = List {
    bit: 1 << 5,
    words: &[
        "attacked",
        "attacks",
        "blasted",
        "blasts",
        "branded",
        "brands",
        "called",
        "calls",
        "criticised",
        "criticized",
        "decried",
        "decries",
        "deemed",
        "denounced",
        "denounces",
        "described",
        "describes",
        "dismissed",
        "dismisses",
        "dubbed",
        "hailed",
        "hails",
        "labeled",
        "labelled",
        "likened",
        "mocked",
        "mocks",
        "praised",
        "praises",
        "slammed",
        "slams",
        "termed",
        "terms",
        "touted",
        "touts",
    ],
};

/// Words of office or address before a name, never part of it: `Sen. Ann Lee` is Ann Lee.
pub(super) const TITLES: List = List {
    bit: 1 << 6,
    words: &[
        "adm",
        "admiral",
        "ambassador",
        "archbishop",
        "assemblyman",
        "assemblywoman",
        "attorney",
        "bishop",
        "brig",
        "capt",
        "captain",
        "cardinal",
        "chairman",
        "chairwoman",
        "chancellor",
        "chief",
        "cmdr",
        "coach",
        "col",
        "colonel",
        "commander",
        "commissioner",
        "congressman",
        "congresswoman",
        "constable",
        "councillor",
        "councilman",
        "councilwoman",
        "cpl",
        "dame",
        "defence",
        "defense",
        "del",
        "deputy",
        "det",
        "detective",
        "director",
        "dr",
        "emperor",
        "father",
        "foreign",
        "gen",
        "general",
        "gov",
        "governor",
        "imam",
        "judge",
        "justice",
        "king",
        "leader",
        "lt",
        "madam",
        "maj",
        "major",
        "mayor",
        "minister",
        "miss",
        "mp",
        "mpp",
        "mr",
        "mrs",
        "ms",
        "officer",
        "patriarch",
        "pope",
        "premier",
        "president",
        "presidente",
        "prime",
        "prince",
        "princess",
        "prof",
        "professor",
        "queen",
        "rabbi",
        "rep",
        "representative",
        "rev",
        "reverend",
        "secretary",
        "sen",
        "senator",
        "sergeant",
        "sgt",
        "sheikh",
        "sheriff",
        "sir",
        "speaker",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "state",
        "superintendent",
        "supt",
        "treasurer",
        "vice",
    ],
};

/// Titles that say a person is a man or a woman.
pub(super) const MALE_TITLES: List = List {
    bit: 1 << 7,
    words: &[
        "assemblyman",
        "congressman",
        "councilman",
        "father",
        "king",
        "mr",
        "prince",
        "sir",
        "spokesman",
    ],
};
pub(super) const FEMALE_TITLES: List = List {
    bit: 1 << 8,
    words: &[
        "assemblywoman",
        "congresswoman",
        "councilwoman",
        "dame",
        "madam",
        "miss",
        "mrs",
        "ms",
        "princess",
        "queen",
        "spokeswoman",
    ],
};

/// Role nouns that say a person is a man or a woman, in a description (`his wife`, `a mother
/// of three`, `the spokeswoman`).
pub(super) const MALE_NOUNS: List = List {
    bit: 1 << 9,
    words: &[
        "actor",
        "boy",
        "boyfriend",
        "brother",
        "businessman",
        "chairman",
        "congressman",
        "dad",
        "father",
        "grandfather",
        "grandson",
        "husband",
        "king",
        "man",
        "nephew",
        "son",
        "spokesman",
        "uncle",
        "widower",
    ],
};
pub(super) const FEMALE_NOUNS: List = List {
    bit: 1 << 10,
    words: &[
        "actress",
        "aunt",
        "businesswoman",
        "chairwoman",
        "congresswoman",
        "daughter",
        "girl",
        "girlfriend",
        "granddaughter",
        "grandmother",
        "mom",
        "mother",
        "niece",
        "queen",
        "sister",
        "spokeswoman",
        "widow",
        "wife",
        "woman",
    ],
};

/// Jobs and roles a person is named after (`pollster Ann Lee`, `coach Ann Lee`): what makes a
/// lone capitalised word after one a person.
pub(super) const ROLE_NOUNS: List = List {
    bit: 1 << 11,
    words: &[
        "adviser",
        "advisor",
        "aide",
        "analyst",
        "architect",
        "artist",
        "attorney",
        "author",
        "candidate",
        "ceo",
        "chair",
        "chairman",
        "chairwoman",
        "champion",
        "chef",
        "coach",
        "columnist",
        "commentator",
        "commissioner",
        "consultant",
        "correspondent",
        "councillor",
        "critic",
        "defenceman",
        "defender",
        "delegate",
        "deputy",
        "designer",
        "director",
        "doctor",
        "economist",
        "editor",
        "executive",
        "expert",
        "farmer",
        "forward",
        "founder",
        "goalie",
        "goalkeeper",
        "governor",
        "historian",
        "host",
        "inspector",
        "journalist",
        "judge",
        "lawmaker",
        "lawyer",
        "leader",
        "manager",
        "mayor",
        "member",
        "minister",
        "musician",
        "negotiator",
        "nominee",
        "novelist",
        "nurse",
        "officer",
        "official",
        "organizer",
        "owner",
        "partner",
        "physician",
        "pitcher",
        "player",
        "pollster",
        "president",
        "principal",
        "producer",
        "professor",
        "prosecutor",
        "psychologist",
        "publisher",
        "quarterback",
        "rapper",
        "representative",
        "researcher",
        "resident",
        "scholar",
        "scientist",
        "secretary",
        "senator",
        "singer",
        "sociologist",
        "spokesperson",
        "star",
        "strategist",
        "student",
        "superintendent",
        "teacher",
        "trainer",
        "treasurer",
        "trustee",
        "veteran",
        "volunteer",
        "voter",
        "winger",
        "writer",
    ],
};

/// Words that make a capitalised run a body rather than a person: `the Defense Ministry`.
pub(super) const ORG_WORDS: List = List {
    bit: 1 << 12,
    words: &[
        "administration",
        "agency",
        "airlines",
        "alliance",
        "assembly",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "campaign",
        "center",
        "centre",
        "church",
        "club",
        "coalition",
        "college",
        "commission",
        "committee",
        "company",
        "congress",
        "corp",
        "corporation",
        "council",
        "court",
        "department",
        "diocese",
        "embassy",
        "federation",
        "forces",
        "foundation",
        "fund",
        "government",
        "group",
        "inc",
        "institute",
        "kremlin",
        "league",
        "ltd",
        "magazine",
        "ministry",
        "movement",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "parliament",
        "partners",
        "party",
        "police",
        "post",
        "press",
        "railway",
        "school",
        "senate",
        "service",
        "society",
        "studio",
        "team",
        "times",
        "tribune",
        "union",
        "university",
    ],
};

/// Capitalised words that open sentences or name times: never a name or its first word.
pub(super) const NOT_NAMES: List = List {
    bit: 1 << 13,
    words: &[
        "a",
        "about",
        "according",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "among",
        "an",
        "and",
        "another",
        "any",
        "april",
        "are",
        "as",
        "asked",
        "at",
        "august",
        "before",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "december",
        "despite",
        "did",
        "do",
        "does",
        "during",
        "each",
        "earlier",
        "either",
        "even",
        "every",
        "february",
        "for",
        "friday",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "indeed",
        "instead",
        "into",
        "is",
        "it",
        "its",
        "january",
        "july",
        "june",
        "last",
        "later",
        "like",
        "many",
        "march",
        "maybe",
        "meanwhile",
        "monday",
        "more",
        "most",
        "much",
        "must",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "november",
        "now",
        "october",
        "of",
        "on",
        "once",
        "one",
        "onto",
        "or",
        "our",
        "over",
        "perhaps",
        "please",
        "saturday",
        "september",
        "shall",
        "she",
        "should",
        "since",
        "so",
        "some",
        "speaking",
        "still",
        "such",
        "sunday",
        "thanks",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "throughout",
        "thursday",
        "to",
        "today",
        "tomorrow",
        "tuesday",
        "under",
        "unlike",
        "until",
        "upon",
        "via",
        "was",
        "we",
        "wednesday",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whose",
        "why",
        "with",
        "without",
        "would",
        "yes",
        "yesterday",
        "yet",
        "you",
    ],
};

/// Days, months and times of day: `Aliyev on Wednesday said`, `said Tuesday`.
pub(super) const TIME_WORDS: List = List {
    bit: 1 << 14,
    words: &[
        "afternoon",
        "april",
        "aug",
        "august",
        "dec",
        "december",
        "evening",
        "feb",
        "february",
        "friday",
        "jan",
        "january",
        "july",
        "june",
        "last",
        "march",
        "monday",
        "morning",
        "night",
        "nov",
        "november",
        "oct",
        "october",
        "saturday",
        "sept",
        "september",
        "sunday",
        "this",
        "thursday",
        "today",
        "tonight",
        "tuesday",
        "wednesday",
        "week",
        "yesterday",
    ],
};

/// Words between a subject and its verb that do not change who speaks: `he later said`,
/// `Lee has also said`, `she would not say`.
pub(super) const BETWEEN_SUBJECT_AND_VERB: List = List {
    bit: 1 << 15,
    words: &[
        "again",
        "already",
        "also",
        "always",
        "first",
        "further",
        "had",
        "has",
        "have",
        "just",
        "later",
        "often",
        "once",
        "previously",
        "still",
        "then",
        "too",
    ],
};

/// Prepositions: a name right after one is not the subject (`a spokeswoman for Acme said`).
pub(super) const PREPOSITIONS: List = List {
    bit: 1 << 16,
    words: &[
        "about", "across", "after", "against", "among", "at", "before", "behind", "between", "by",
        "during", "for", "from", "in", "inside", "into", "near", "of", "on", "outside", "over",
        "since", "through", "to", "toward", "towards", "under", "with", "within", "without",
    ],
};

/// Words that open a description: `the veteran goalkeeper`, `a spokeswoman for…`.
pub(super) const DETERMINERS: List = List {
    bit: 1 << 17,
    words: &[
        "a", "an", "another", "her", "his", "its", "my", "one", "our", "the", "their", "this",
        "your",
    ],
};

/// Words that open an introductory phrase before the subject: `On Monday, …`, `Asked about…,`.
pub(super) const INTRODUCERS: List = List {
    bit: 1 << 18,
    words: &[
        "according",
        "across",
        "after",
        "again",
        "ahead",
        "along",
        "alongside",
        "also",
        "although",
        "amid",
        "among",
        "and",
        "apart",
        "as",
        "aside",
        "asked",
        "at",
        "back",
        "because",
        "before",
        "besides",
        "beyond",
        "but",
        "by",
        "despite",
        "during",
        "earlier",
        "even",
        "finally",
        "following",
        "for",
        "from",
        "given",
        "here",
        "however",
        "if",
        "in",
        "indeed",
        "instead",
        "last",
        "later",
        "like",
        "meanwhile",
        "moreover",
        "now",
        "on",
        "once",
        "over",
        "regardless",
        "since",
        "so",
        "speaking",
        "still",
        "then",
        "there",
        "though",
        "through",
        "throughout",
        "thus",
        "to",
        "today",
        "under",
        "unlike",
        "until",
        "when",
        "while",
        "with",
        "within",
        "without",
        "yesterday",
        "yet",
    ],
};

/// Words that cannot be inside a description or between a role and a name: verbs, auxiliaries
/// and conjunctions that start a new clause. (Past forms in `-ed` and the speech verbs are
/// recognised apart.)
pub(super) const CLAUSE_WORDS: List = List {
    bit: 1 << 19,
    words: &[
        "am", "and", "are", "arrives", "attends", "became", "becomes", "began", "begins", "but",
        "came", "can", "comes", "could", "did", "does", "fled", "gave", "gets", "gives", "goes",
        "got", "had", "has", "have", "held", "holds", "is", "kept", "knew", "knows", "leads",
        "led", "left", "looks", "made", "makes", "may", "meets", "met", "might", "must", "poses",
        "puts", "ran", "runs", "sat", "saw", "sees", "sent", "should", "shows", "sits", "speaks",
        "spoke", "stands", "stood", "takes", "that", "thinks", "thought", "took", "waits", "walks",
        "was", "went", "were", "when", "where", "which", "while", "who", "whom", "whose", "will",
        "won", "would",
    ],
};

/// Particles inside names: `Bill de Blasio`, `Ursula von der Leyen`.
pub(super) const NAME_PARTICLES: List = List {
    bit: 1 << 20,
    words: &[
        "al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn", "la", "le",
        "van", "von",
    ],
};

/// Name suffixes: `Vann R. Newkirk II`.
pub(super) const NAME_SUFFIXES: List = List {
    bit: 1 << 21,
    words: &["ii", "iii", "iv", "jr", "sr"],
};

/// Naming verbs that, right before a quote, name a thing (`an app called “…”`).
pub(super) const NAMES_A_THING: List = List {
    bit: 1 << 22,
    words: &[
        "branded",
        "called",
        "dubbed",
        "entitled",
        "labeled",
        "labelled",
        "named",
        "nicknamed",
        "termed",
        "titled",
    ],
};

/// Words opening a relative clause whose subject quotes: `a deal that Lee called “…”`.
pub(super) const RELATIVES: List = List {
    bit: 1 << 23,
    words: &["that", "what", "which", "whom"],
};

/// Irregular past forms a person's act before `and said` may take (`stood and said`).
pub(super) const IRREGULAR_PASTS: List = List {
    bit: 1 << 24,
    words: &[
        "broke", "came", "fell", "gave", "got", "grew", "held", "kept", "left", "made", "ran",
        "rose", "sat", "shook", "spoke", "stood", "took", "went", "wept", "won", "wrote",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_lower_case_and_unique() {
        for list in ALL {
            let list = list.words;
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "not sorted or repeated: {list:?}"
            );
            assert!(list.iter().all(|w| w.to_lowercase() == *w), "{list:?}");
        }
    }

    #[test]
    fn lookups_ignore_letter_case() {
        assert!(TITLES.has("Sen"));
        assert!(TITLES.has("PRESIDENT"));
        assert!(!TITLES.has("Aliyev"));
    }

    #[test]
    fn every_list_has_a_bit_of_its_own_and_classes_agree_with_lookups() {
        let mut seen = 0;
        for list in ALL {
            assert_eq!(list.bit.count_ones(), 1);
            assert_eq!(seen & list.bit, 0, "{:?}", list.words);
            seen |= list.bit;
        }
        let listed = ALL.iter().flat_map(|l| l.words.iter().copied());
        assert!(listed.clone().all(|w| w.len() < 16), "too long for a key");
        let others = [
            "Said",
            "SAID",
            "The",
            "Sen",
            "Aliyev",
            "",
            "Lee’s",
            "SUPERINTENDENTS",
        ];
        for word in listed.chain(others) {
            for list in ALL {
                assert_eq!(classes(word) & list.bit != 0, list.has(word), "{word}");
            }
        }
    }
}
