//! Numbers, ordinals and hedges in already-split words.
//!
//! The claim extractor reads counts out of prose ("a nine-member panel",
//! "more than 14 nations", "the twenty-first summit"). News copy writes the
//! same number in several ways, so this module turns each spelling into an
//! integer, and reads the hedge words in front of a number ("at least",
//! "nearly", ...) into a [`Hedge`] so a claim can say how exact it is.
//!
//! Everything here is pure and works on single words (`&str`) in their
//! original spelling; comparisons are ASCII case-insensitive, so callers need
//! not lowercase. Nothing here panics or allocates more than one short
//! lowercase copy of a word.

/// Cardinal words zero..nineteen, indexed by value.
const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Cardinal tens twenty..ninety, index `i` is `(i + 2) * 10`.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Ordinal words first..nineteenth, index `i` is `i + 1`.
const ORDINAL_UNITS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// Ordinal tens twentieth..ninetieth, index `i` is `(i + 2) * 10`.
const ORDINAL_TENS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// Parses a run of ASCII digits with optional thousands commas
/// ("14", "1,000", "2,500,000"). Groups after a comma must have exactly
/// three digits and the first group one to three. `None` on overflow.
fn parse_digits(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut groups = s.split(',');
    let first = groups.next()?;
    let has_commas = s.contains(',');
    if first.is_empty()
        || !first.bytes().all(|b| b.is_ascii_digit())
        || (has_commas && first.len() > 3)
    {
        return None;
    }
    let mut value: i64 = first.parse().ok()?;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let g: i64 = group.parse().ok()?;
        value = value.checked_mul(1000)?.checked_add(g)?;
    }
    Some(value)
}

/// Whether `word` can be a number or ordinal word at all: each of them
/// starts with one of these letters (most words are rejected here).
fn may_be_number_word(word: &str) -> bool {
    word.as_bytes().first().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'h'
        )
    })
}

/// Index of `word` in `list`, compared case-insensitively.
fn position(list: &[&str], word: &str) -> Option<usize> {
    list.iter().position(|w| w.eq_ignore_ascii_case(word))
}

/// The value of a cardinal number written as one word, or `None`.
///
/// Accepts digits with optional thousands commas ("14", "1,000"), the words
/// "zero".."nineteen", "twenty".."ninety", "hundred" (100), and compound
/// tens written with a hyphen or as one word ("twenty-one", "twentyone").
/// Case-insensitive. Decimals, signs and multi-word numbers ("one hundred")
/// are not handled here.
/// For example "1,000" -> 1000, "Twenty-One" -> 21, "member" -> `None`.
pub fn number_word(word: &str) -> Option<i64> {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_digits(word);
    }
    lookup(&WORDS.cardinals, word)
}

/// Every spelling of a number or ordinal word, lowercase, with its value:
/// the words of the tables, "hundred(th)", and each tens word joined to a
/// unit 1..=9 with or without a hyphen ("twenty-one", "twentyfirst").
/// Built once; [`lookup`] replaces comparing a word with each of them (a
/// test compares the two on every spelling and many near misses).
struct NumberWords {
    cardinals: foldhash::HashMap<String, i64>,
    ordinals: foldhash::HashMap<String, i64>,
    /// The longest spelling, in bytes: longer words are not looked up.
    longest: usize,
    /// A bit for each three letters that begin some spelling (see
    /// [`prefix_bit`]): a word that begins otherwise is not looked up, as
    /// most words are not ("the", "said", "for").
    prefixes: Vec<u64>,
}

/// The index of the bit for the first three bytes of `word` if they are
/// ASCII letters (either case), else `None`: no spelling begins otherwise,
/// and none is shorter than three letters.
fn prefix_bit(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let letter = |i: usize| {
        b.get(i)
            .map(u8::to_ascii_lowercase)
            .filter(u8::is_ascii_lowercase)
            .map(|c| usize::from(c - b'a'))
    };
    Some((letter(0)? * 26 + letter(1)?) * 26 + letter(2)?)
}

static WORDS: std::sync::LazyLock<NumberWords> = std::sync::LazyLock::new(|| {
    let mut cardinals = foldhash::HashMap::default();
    let mut ordinals = foldhash::HashMap::default();
    for (i, w) in UNITS.iter().enumerate() {
        cardinals.insert(w.to_string(), i as i64);
    }
    for (i, w) in ORDINAL_UNITS.iter().enumerate() {
        ordinals.insert(w.to_string(), i as i64 + 1);
    }
    for (i, (tens, tenth)) in TENS.iter().zip(&ORDINAL_TENS).enumerate() {
        let value = (i as i64 + 2) * 10;
        cardinals.insert(tens.to_string(), value);
        ordinals.insert(tenth.to_string(), value);
        for unit in 1..=9usize {
            for joint in ["", "-"] {
                if let Some(u) = UNITS.get(unit) {
                    cardinals.insert(format!("{tens}{joint}{u}"), value + unit as i64);
                }
                if let Some(u) = ORDINAL_UNITS.get(unit - 1) {
                    ordinals.insert(format!("{tens}{joint}{u}"), value + unit as i64);
                }
            }
        }
    }
    cardinals.insert("hundred".to_string(), 100);
    ordinals.insert("hundredth".to_string(), 100);
    let longest = cardinals
        .keys()
        .chain(ordinals.keys())
        .map(String::len)
        .max()
        .unwrap_or(0);
    let mut prefixes = vec![0u64; (26 * 26 * 26usize).div_ceil(64)];
    for bit in cardinals
        .keys()
        .chain(ordinals.keys())
        .filter_map(|w| prefix_bit(w))
    {
        if let Some(word) = prefixes.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }
    NumberWords {
        cardinals,
        ordinals,
        longest,
        prefixes,
    }
});

/// Whether `word` may be one of the spellings of [`WORDS`]: not longer
/// than the longest, and beginning with three letters some spelling
/// begins with (most words do not: "the", "said", "for").
fn may_be_spelled(words: &NumberWords, word: &str) -> bool {
    if word.len() > words.longest || !may_be_number_word(word) {
        return false;
    }
    prefix_bit(word).is_some_and(|bit| {
        words
            .prefixes
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 == 1)
    })
}

/// The value of `word` in `table`, compared case-insensitively (ASCII),
/// once [`may_be_spelled`] holds.
fn get_spelled(table: &foldhash::HashMap<String, i64>, word: &str) -> Option<i64> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        return table.get(word.to_ascii_lowercase().as_str()).copied();
    }
    table.get(word).copied()
}

/// The value of `word` in `table`, compared case-insensitively (ASCII).
fn lookup(table: &foldhash::HashMap<String, i64>, word: &str) -> Option<i64> {
    if !may_be_spelled(&WORDS, word) {
        return None;
    }
    get_spelled(table, word)
}

/// Whether [`readings`] can give anything for `word`: a cheap test (its
/// first byte and, for words, their length and first three letters).
pub fn may_have_readings(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) || may_be_spelled(&WORDS, word)
}

/// `(number_word(word), ordinal_word(word))`, with the tests both share
/// made once: the readings of a token, which number slots ask for.
pub fn readings(word: &str) -> (Option<i64>, Option<i64>) {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return (number_word(word), ordinal_word(word));
    }
    let words = &*WORDS;
    if !may_be_spelled(words, word) {
        return (None, None);
    }
    (
        get_spelled(&words.cardinals, word),
        get_spelled(&words.ordinals, word),
    )
}

/// The English ordinal suffix for `n` ("st", "nd", "rd" or "th").
fn ordinal_suffix(n: i64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// The value of an ordinal written as one word, or `None`.
///
/// Accepts digits with the matching English suffix ("1st", "2nd", "3rd",
/// "10th", "23rd", "111th"; thousands commas allowed; a wrong suffix such as
/// "2th" is rejected), the words "first".."twentieth", "thirtieth"..
/// "ninetieth", "hundredth", and compounds with or without a hyphen
/// ("twenty-first"). Case-insensitive.
pub fn ordinal_word(word: &str) -> Option<i64> {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let split = word.len().checked_sub(2)?;
        let (digits, suffix) = (word.get(..split)?, word.get(split..)?);
        let n = parse_digits(digits)?;
        return suffix.eq_ignore_ascii_case(ordinal_suffix(n)).then_some(n);
    }
    lookup(&WORDS.ordinals, word)
}

/// True when `part` (one hyphen-separated piece) reads as a number of some
/// kind: a cardinal, an ordinal, a plural ordinal ("thirds", a fraction) or
/// a plural tens word ("eighties", a decade).
fn numeric_part(part: &str) -> bool {
    if part.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if number_word(part).is_some() || ordinal_word(part).is_some() {
        return true;
    }
    let lower = part.to_ascii_lowercase();
    if let Some(singular) = lower.strip_suffix('s') {
        if ordinal_word(singular).is_some() {
            return true;
        }
    }
    if let Some(stem) = lower.strip_suffix("ies") {
        // "twenties" .. "nineties": the tens word with "y" for "ies".
        let tens = format!("{stem}y");
        if position(&TENS, &tens).is_some() {
            return true;
        }
    }
    matches!(lower.as_str(), "hundreds" | "thousands")
}

/// Splits a hyphenated compound that starts with a number into the number
/// and the rest: "nine-member" -> `(9, "member")`, "14-nation" ->
/// `(14, "nation")`, "twenty-one-gun" -> `(21, "gun")`, "two-year-old" ->
/// `(2, "year-old")`.
///
/// The number is the longest hyphen-separated prefix that [`number_word`]
/// accepts (so "twenty-one-gun" gives 21, not 20). Returns `None` when no
/// prefix is a number, when the rest is empty or does not start with a
/// letter, and when the rest itself starts with a number-like part: ranges
/// ("14-15"), fractions ("one-third", "two-thirds"), decades
/// ("nineteen-eighties") and plain compound numbers ("twenty-one") are not
/// "number + noun" compounds. Ordinal prefixes ("first-ever") are not
/// numbers here. Only the ASCII hyphen-minus separates.
pub fn split_hyphenated_number(word: &str) -> Option<(i64, &str)> {
    let mut best = None;
    for (i, _) in word.match_indices('-') {
        let (head, rest) = (&word[..i], &word[i + 1..]);
        if let Some(n) = number_word(head) {
            best = Some((n, rest));
        }
    }
    let (n, rest) = best?;
    if !rest.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let first_part = rest.split('-').next().unwrap_or(rest);
    if numeric_part(first_part) {
        return None;
    }
    Some((n, rest))
}

/// How exactly a number in the text is meant, read from the words in front
/// of it (see [`hedge_before`]): the same type the claims schema uses.
pub use crate::claims::Hedge;

/// Hedge phrases, each as its words, with the hedge it expresses.
const HEDGES: &[(&[&str], Hedge)] = &[
    (&["exactly"], Hedge::Exact),
    (&["precisely"], Hedge::Exact),
    (&["about"], Hedge::About),
    (&["around"], Hedge::About),
    (&["roughly"], Hedge::About),
    (&["approximately"], Hedge::About),
    (&["some"], Hedge::About),
    (&["an", "estimated"], Hedge::About),
    (&["nearly"], Hedge::Nearly),
    (&["almost"], Hedge::Nearly),
    (&["close", "to"], Hedge::Nearly),
    (&["just", "under"], Hedge::Nearly),
    (&["more", "than"], Hedge::MoreThan),
    (&["over"], Hedge::MoreThan),
    (&["upwards", "of"], Hedge::MoreThan),
    (&["at", "least"], Hedge::AtLeast),
    (&["no", "fewer", "than"], Hedge::AtLeast),
    (&["no", "less", "than"], Hedge::AtLeast),
    (&["not", "fewer", "than"], Hedge::AtLeast),
    (&["not", "less", "than"], Hedge::AtLeast),
    (&["fewer", "than"], Hedge::FewerThan),
    (&["less", "than"], Hedge::FewerThan),
    (&["under"], Hedge::FewerThan),
    (&["at", "most"], Hedge::AtMost),
    (&["up", "to"], Hedge::AtMost),
    (&["no", "more", "than"], Hedge::AtMost),
    (&["not", "more", "than"], Hedge::AtMost),
];

/// The hedge expressed by the words immediately before a number, and how
/// many of the trailing words it uses.
///
/// `words` are the words in text order up to, not including, the number.
/// Phrases (matched case-insensitively against the last words):
///
/// | Hedge | Phrases |
/// |---|---|
/// | [`Hedge::Exact`] | exactly, precisely |
/// | [`Hedge::About`] | about, around, roughly, approximately, some, an estimated |
/// | [`Hedge::Nearly`] | nearly, almost, close to, just under |
/// | [`Hedge::MoreThan`] | more than, over, upwards of |
/// | [`Hedge::AtLeast`] | at least, no fewer than, no less than, not fewer than, not less than |
/// | [`Hedge::FewerThan`] | fewer than, less than, under |
/// | [`Hedge::AtMost`] | at most, up to, no more than, not more than |
///
/// The longest matching phrase wins, so "no more than" is `AtMost` rather
/// than `MoreThan` and "just under" is `Nearly` rather than `FewerThan`.
/// `None` when no phrase ends the words (the number is then plain, which
/// callers usually treat as exact). Words must be bare: punctuation glued to
/// a word ("about,") prevents a match.
///
/// For example `["said", "no", "more", "than"]` -> `Some((Hedge::AtMost, 3))`.
pub fn hedge_before(words: &[&str]) -> Option<(Hedge, usize)> {
    let mut best: Option<(Hedge, usize)> = None;
    for (phrase, hedge) in HEDGES {
        let n = phrase.len();
        if n > words.len() || best.is_some_and(|(_, len)| len >= n) {
            continue;
        }
        let tail = &words[words.len() - n..];
        if tail
            .iter()
            .zip(phrase.iter())
            .all(|(w, p)| w.eq_ignore_ascii_case(p))
        {
            best = Some((*hedge, n));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tens word followed by a unit 1..=9, joined by an optional hyphen,
    /// read by comparing with each word (what the table replaced).
    fn compound(word: &str, tens: &[&str], unit: impl Fn(&str) -> Option<i64>) -> Option<i64> {
        for (i, t) in tens.iter().enumerate() {
            let Some(head) = word.get(..t.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(t) {
                continue;
            }
            let rest = &word[t.len()..];
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            if let Some(u) = unit(rest).filter(|u| (1..=9).contains(u)) {
                return Some((i as i64 + 2) * 10 + u);
            }
        }
        None
    }

    /// [`number_word`] for words, by comparing with each spelling.
    fn cardinal_by_comparison(word: &str) -> Option<i64> {
        if let Some(i) = position(&UNITS, word) {
            return Some(i as i64);
        }
        if let Some(i) = position(&TENS, word) {
            return Some((i as i64 + 2) * 10);
        }
        if word.eq_ignore_ascii_case("hundred") {
            return Some(100);
        }
        compound(word, &TENS, |u| position(&UNITS, u).map(|i| i as i64))
    }

    /// [`ordinal_word`] for words, by comparing with each spelling.
    fn ordinal_by_comparison(word: &str) -> Option<i64> {
        if let Some(i) = position(&ORDINAL_UNITS, word) {
            return Some(i as i64 + 1);
        }
        if let Some(i) = position(&ORDINAL_TENS, word) {
            return Some((i as i64 + 2) * 10);
        }
        if word.eq_ignore_ascii_case("hundredth") {
            return Some(100);
        }
        compound(word, &TENS, |u| {
            position(&ORDINAL_UNITS, u).map(|i| i as i64 + 1)
        })
    }

    #[test]
    fn the_number_tables_read_what_comparing_each_spelling_reads() {
        // Every spelling, in three cases, and near misses of each: cut,
        // extended, with a doubled or a missing hyphen, glued to another.
        let mut words: Vec<String> = Vec::new();
        let all: Vec<&str> = UNITS
            .iter()
            .chain(&TENS)
            .chain(&ORDINAL_UNITS)
            .chain(&ORDINAL_TENS)
            .chain(&["hundred", "hundredth", "the", "member", "", "-"])
            .copied()
            .collect();
        for a in &all {
            for b in &all {
                for joint in ["", "-", "--", " "] {
                    words.push(format!("{a}{joint}{b}"));
                }
            }
        }
        let mut variants = Vec::new();
        for w in &words {
            variants.push(w.to_uppercase());
            let mut title = w.clone();
            if let Some(first) = title.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            variants.push(title);
            for cut in 1..w.len() {
                if let Some(head) = w.get(..cut) {
                    variants.push(head.to_string());
                }
            }
            variants.push(format!("{w}s"));
        }
        words.extend(variants);
        let mut checked = 0;
        for w in &words {
            assert_eq!(number_word(w), cardinal_by_comparison(w), "{w:?}");
            assert_eq!(ordinal_word(w), ordinal_by_comparison(w), "{w:?}");
            assert_eq!(
                readings(w),
                (cardinal_by_comparison(w), ordinal_by_comparison(w)),
                "{w:?}"
            );
            // The cheap test never rules out a word that has a reading.
            assert!(may_have_readings(w) || readings(w) == (None, None), "{w:?}");
            checked += usize::from(number_word(w).is_some() || ordinal_word(w).is_some());
        }
        // 0..=100 and first..hundredth, each hyphenated and glued where
        // compound, in three cases.
        assert!(checked > 600, "{checked}");
    }

    #[test]
    fn readings_of_digits_are_the_number_and_the_ordinal() {
        for w in ["14", "1,000", "21st", "3rd", "2nd", "11th", "12x", "7"] {
            assert_eq!(readings(w), (number_word(w), ordinal_word(w)), "{w:?}");
        }
        assert_eq!(readings("21st"), (None, Some(21)));
        assert_eq!(readings("1,000"), (Some(1000), None));
    }

    #[test]
    fn every_number_word_passes_the_first_letter_test() {
        for w in UNITS
            .iter()
            .chain(&TENS)
            .chain(&ORDINAL_UNITS)
            .chain(&ORDINAL_TENS)
        {
            assert!(may_be_number_word(w), "{w}");
            assert!(may_be_number_word(&w.to_uppercase()), "{w}");
        }
        assert!(may_be_number_word("hundred") && may_be_number_word("hundredth"));
        assert!(!may_be_number_word("member"));
    }

    #[test]
    fn digits() {
        assert_eq!(number_word("14"), Some(14));
        assert_eq!(number_word("0"), Some(0));
        assert_eq!(number_word("007"), Some(7));
        assert_eq!(number_word("1,000"), Some(1000));
        assert_eq!(number_word("2,500,000"), Some(2_500_000));
        assert_eq!(number_word("1000"), Some(1000));
    }

    #[test]
    fn malformed_digits() {
        assert_eq!(number_word("1,00"), None);
        assert_eq!(number_word("1,0000"), None);
        assert_eq!(number_word("1000,000"), None);
        assert_eq!(number_word(",100"), None);
        assert_eq!(number_word("1,"), None);
        assert_eq!(number_word("1.5"), None);
        assert_eq!(number_word("14th"), None);
        assert_eq!(number_word("14-nation"), None);
        assert_eq!(number_word("99999999999999999999"), None);
        assert_eq!(number_word("9,999,999,999,999,999,999"), None);
    }

    #[test]
    fn unit_and_teen_words() {
        for (i, w) in UNITS.iter().enumerate() {
            assert_eq!(number_word(w), Some(i as i64), "{w}");
        }
        assert_eq!(number_word("Nine"), Some(9));
        assert_eq!(number_word("TWELVE"), Some(12));
    }

    #[test]
    fn tens_and_compounds() {
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("Ninety"), Some(90));
        assert_eq!(number_word("forty"), Some(40));
        assert_eq!(number_word("hundred"), Some(100));
        assert_eq!(number_word("twenty-one"), Some(21));
        assert_eq!(number_word("Twenty-One"), Some(21));
        assert_eq!(number_word("twentyone"), Some(21));
        assert_eq!(number_word("ninety-nine"), Some(99));
        assert_eq!(number_word("forty-five"), Some(45));
    }

    #[test]
    fn not_numbers() {
        for w in [
            "",
            "member",
            "a",
            "fourty",
            "twenty-",
            "twenty-zero",
            "twenty-ten",
            "twenty-twenty",
            "-one",
            "one-",
            "twenty-first",
            "first",
            "ones",
            "tenfold",
            "Türkiye",
            "é",
        ] {
            assert_eq!(number_word(w), None, "{w:?}");
        }
    }

    #[test]
    fn digit_ordinals() {
        assert_eq!(ordinal_word("1st"), Some(1));
        assert_eq!(ordinal_word("2nd"), Some(2));
        assert_eq!(ordinal_word("3rd"), Some(3));
        assert_eq!(ordinal_word("10th"), Some(10));
        assert_eq!(ordinal_word("11th"), Some(11));
        assert_eq!(ordinal_word("12th"), Some(12));
        assert_eq!(ordinal_word("13th"), Some(13));
        assert_eq!(ordinal_word("21st"), Some(21));
        assert_eq!(ordinal_word("23rd"), Some(23));
        assert_eq!(ordinal_word("111th"), Some(111));
        assert_eq!(ordinal_word("102nd"), Some(102));
        assert_eq!(ordinal_word("10TH"), Some(10));
        assert_eq!(ordinal_word("1,000th"), Some(1000));
    }

    #[test]
    fn bad_digit_ordinals() {
        for w in [
            "2th", "11st", "12nd", "13rd", "1th", "th", "1", "1s", "10", "st", "1st!", "1é",
        ] {
            assert_eq!(ordinal_word(w), None, "{w:?}");
        }
    }

    #[test]
    fn word_ordinals() {
        for (i, w) in ORDINAL_UNITS.iter().enumerate() {
            assert_eq!(ordinal_word(w), Some(i as i64 + 1), "{w}");
        }
        assert_eq!(ordinal_word("twentieth"), Some(20));
        assert_eq!(ordinal_word("Thirtieth"), Some(30));
        assert_eq!(ordinal_word("ninetieth"), Some(90));
        assert_eq!(ordinal_word("hundredth"), Some(100));
        assert_eq!(ordinal_word("twenty-first"), Some(21));
        assert_eq!(ordinal_word("Twenty-First"), Some(21));
        assert_eq!(ordinal_word("thirty-third"), Some(33));
        assert_eq!(ordinal_word("twentysecond"), Some(22));
    }

    #[test]
    fn not_ordinals() {
        for w in [
            "",
            "one",
            "twenty",
            "twenty-one",
            "firsts",
            "twenty-tenth",
            "fist",
        ] {
            assert_eq!(ordinal_word(w), None, "{w:?}");
        }
    }

    #[test]
    fn splits_number_and_noun() {
        assert_eq!(split_hyphenated_number("nine-member"), Some((9, "member")));
        assert_eq!(split_hyphenated_number("two-day"), Some((2, "day")));
        assert_eq!(split_hyphenated_number("Two-Day"), Some((2, "Day")));
        assert_eq!(split_hyphenated_number("14-nation"), Some((14, "nation")));
        assert_eq!(
            split_hyphenated_number("1,000-strong"),
            Some((1000, "strong"))
        );
        assert_eq!(split_hyphenated_number("twenty-one-gun"), Some((21, "gun")));
        assert_eq!(split_hyphenated_number("one-sided"), Some((1, "sided")));
        assert_eq!(
            split_hyphenated_number("two-year-old"),
            Some((2, "year-old"))
        );
        assert_eq!(
            split_hyphenated_number("twentyone-member"),
            Some((21, "member"))
        );
        // "quarters" is a noun here, not an ordinal plural.
        assert_eq!(
            split_hyphenated_number("three-quarters-full"),
            Some((3, "quarters-full"))
        );
    }

    #[test]
    fn split_negatives() {
        for w in [
            "",
            "member",
            "nine",
            "twenty-one",
            "nineteen-eighties",
            "nineteen-twenties",
            "one-third",
            "two-thirds",
            "14-15",
            "14-",
            "-member",
            "first-ever",
            "well-known",
            "nine--member",
            "twenty-one-",
            "two-hundred",
            "five-thousands",
            "Türkiye-led",
        ] {
            assert_eq!(split_hyphenated_number(w), None, "{w:?}");
        }
    }

    #[test]
    fn hedges_single_words() {
        let cases = [
            ("exactly", Hedge::Exact),
            ("precisely", Hedge::Exact),
            ("about", Hedge::About),
            ("around", Hedge::About),
            ("roughly", Hedge::About),
            ("approximately", Hedge::About),
            ("some", Hedge::About),
            ("nearly", Hedge::Nearly),
            ("almost", Hedge::Nearly),
            ("over", Hedge::MoreThan),
            ("under", Hedge::FewerThan),
        ];
        for (w, h) in cases {
            assert_eq!(hedge_before(&["said", w]), Some((h, 1)), "{w}");
        }
    }

    #[test]
    fn hedges_phrases() {
        let cases: [(&[&str], Hedge, usize); 17] = [
            (&["an", "estimated"], Hedge::About, 2),
            (&["close", "to"], Hedge::Nearly, 2),
            (&["just", "under"], Hedge::Nearly, 2),
            (&["more", "than"], Hedge::MoreThan, 2),
            (&["upwards", "of"], Hedge::MoreThan, 2),
            (&["at", "least"], Hedge::AtLeast, 2),
            (&["no", "fewer", "than"], Hedge::AtLeast, 3),
            (&["no", "less", "than"], Hedge::AtLeast, 3),
            (&["not", "less", "than"], Hedge::AtLeast, 3),
            (&["not", "fewer", "than"], Hedge::AtLeast, 3),
            (&["fewer", "than"], Hedge::FewerThan, 2),
            (&["less", "than"], Hedge::FewerThan, 2),
            (&["at", "most"], Hedge::AtMost, 2),
            (&["up", "to"], Hedge::AtMost, 2),
            (&["no", "more", "than"], Hedge::AtMost, 3),
            (&["not", "more", "than"], Hedge::AtMost, 3),
            (&["the", "count", "was", "more", "than"], Hedge::MoreThan, 2),
        ];
        for (words, h, n) in cases {
            assert_eq!(hedge_before(words), Some((h, n)), "{words:?}");
        }
    }

    #[test]
    fn hedges_case_insensitive() {
        assert_eq!(
            hedge_before(&["No", "More", "THAN"]),
            Some((Hedge::AtMost, 3))
        );
        assert_eq!(hedge_before(&["About"]), Some((Hedge::About, 1)));
        assert_eq!(hedge_before(&["An", "Estimated"]), Some((Hedge::About, 2)));
    }

    #[test]
    fn hedges_longest_wins() {
        assert_eq!(
            hedge_before(&["no", "more", "than"]),
            Some((Hedge::AtMost, 3))
        );
        assert_eq!(hedge_before(&["just", "under"]), Some((Hedge::Nearly, 2)));
        // Only the trailing words count: "no" earlier does not join.
        assert_eq!(
            hedge_before(&["no", "one", "knew", "more", "than"]),
            Some((Hedge::MoreThan, 2))
        );
    }

    #[test]
    fn no_hedge() {
        assert_eq!(hedge_before(&[]), None);
        assert_eq!(hedge_before(&["the"]), None);
        assert_eq!(hedge_before(&["than"]), None);
        assert_eq!(hedge_before(&["least"]), None);
        assert_eq!(hedge_before(&["about", "the"]), None);
        assert_eq!(hedge_before(&["estimated"]), None);
        assert_eq!(hedge_before(&["about,"]), None);
        assert_eq!(hedge_before(&["to"]), None);
    }
}
