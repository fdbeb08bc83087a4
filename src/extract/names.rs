//! Names that are nearly right: a run of capitalised words within a small
//! edit distance of a declared person's accepted name, but equal to none of
//! the names the rule files declare ("Xi Jinging" for "Xi Jinping").
//!
//! The threshold keeps real, different names apart:
//! - only runs with the same number of words and the same first letter as
//!   the accepted name compare;
//! - the distance (Damerau-Levenshtein on the lowercase name, hyphens as
//!   spaces) must be at least 1 and at most one edit per eight characters,
//!   and never more than 2 ("Nawaz Sharif" is 3 edits from "Shehbaz Sharif"
//!   and is not flagged);
//! - names of 6 characters or fewer are never flagged (too many real names
//!   are one letter apart at that length);
//! - any name, alias or adjective declared for any entity is never flagged,
//!   so accepted transliterations ("Sadyr Zhaparov") are declared as aliases.

use serde::{Deserialize, Serialize};

use super::bytes8;
use super::mentions::{Form, Mention};
use super::text::{Token, TokenKind};
use crate::claims::ByteSpan;
use crate::lang::ruleset::RuleSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misspelling {
    pub span: ByteSpan,
    pub text: String,
    /// The accepted name it is nearly.
    pub suggestion: String,
    /// The entity's id.
    pub entity: String,
}

pub struct NameIndex {
    /// (normalised form, word count, entity id, the form as written)
    forms: Vec<(String, usize, String, String)>,
    /// The forms by word count and first character: only those compare.
    by_start: foldhash::HashMap<(usize, char), Vec<usize>>,
    /// The first characters of all forms, lowercase: a run that starts with
    /// another letter is not looked at further.
    initials: Vec<char>,
    /// Per initial (as in `initials`), the word counts of its forms as bits
    /// (bit `n` for `n` words): a run of another length is not compared.
    word_counts: Vec<u32>,
    /// `initials` a to z as bits (bit 0 for a): the test for ASCII text.
    ascii_initials: u32,
    /// Every declared name, normalised: never flagged.
    declared: foldhash::HashSet<String>,
    /// Per form, the set of its characters as bits (see [`char_bits`]).
    masks: Vec<u64>,
}

/// The characters of a string as a set of 64 bits (characters may share a
/// bit). A bit that one string has and the other lacks stands for at least
/// one character only the first has, so the larger of the two counts of
/// such bits is a lower bound of the edit distance, found in a few
/// instructions: with many names it rules out most of them before
/// [`bag_distance`] and Damerau-Levenshtein are computed.
fn char_bits(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | 1u64 << (u32::from(c) % 64))
}

/// The lower bound of the edit distance that [`char_bits`] gives.
fn bits_distance(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

fn normalise(s: &str) -> String {
    if s.is_ascii() {
        // The same in one pass, without a string per word.
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for b in s.bytes() {
            if char::from(b).is_whitespace() || b == b'-' {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return out;
    }
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// For ASCII `s` with at least one word: the number of words of
/// [`normalise`]`(s)` and its first character, found without building it.
fn ascii_shape(s: &str) -> Option<(usize, char)> {
    if !s.is_ascii() {
        return None;
    }
    let mut words = 0;
    let mut first = None;
    let mut in_word = false;
    for b in s.bytes() {
        let separator = char::from(b).is_whitespace() || b == b'-';
        if !separator && !in_word {
            words += 1;
            first.get_or_insert(char::from(b.to_ascii_lowercase()));
        }
        in_word = !separator;
    }
    Some((words, first?))
}

const MAX_WORDS: usize = 4;

impl NameIndex {
    pub fn new(rules: &RuleSet) -> Self {
        let person = rules.kind("person");
        let mut forms = Vec::new();
        let mut declared = foldhash::HashSet::default();
        for e in &rules.entities {
            for n in std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(&e.adjectives)
            {
                declared.insert(normalise(n));
                if Some(e.kind) == person {
                    let norm = normalise(n);
                    let words = norm.split(' ').count();
                    if words >= 2 && norm.chars().count() > 6 {
                        forms.push((norm, words, e.id.clone(), n.clone()));
                    }
                }
            }
        }
        let mut by_start: foldhash::HashMap<(usize, char), Vec<usize>> = Default::default();
        let mut initials = Vec::new();
        for (i, (norm, words, _, _)) in forms.iter().enumerate() {
            if let Some(c) = norm.chars().next() {
                by_start.entry((*words, c)).or_default().push(i);
                initials.push(c);
            }
        }
        initials.sort_unstable();
        initials.dedup();
        let mut word_counts = vec![0u32; initials.len()];
        for (norm, words, _, _) in &forms {
            let k = norm
                .chars()
                .next()
                .and_then(|c| initials.binary_search(&c).ok());
            if let Some(bits) = k.and_then(|k| word_counts.get_mut(k)) {
                *bits |= 1u32
                    .checked_shl(u32::try_from(*words).unwrap_or(u32::MAX))
                    .unwrap_or(0);
            }
        }
        let ascii_initials = initials
            .iter()
            .filter(|c| c.is_ascii_lowercase())
            .fold(0, |bits, &c| bits | 1 << (c as u32 - 'a' as u32));
        let masks = forms.iter().map(|(f, _, _, _)| char_bits(f)).collect();
        NameIndex {
            masks,
            forms,
            by_start,
            initials,
            word_counts,
            ascii_initials,
            declared,
        }
    }

    /// Whether a sentence can hold a misspelt name at all: only if it has
    /// two capital letters, one of them the initial of a known name (a
    /// misspelling is two capitalised words or more). A cheap test on the
    /// raw text that [`NameIndex::misspellings`] never contradicts.
    pub fn may_hold_a_misspelling(&self, sentence: &str) -> bool {
        if self.forms.is_empty() {
            return false;
        }
        let mut capitals = 0;
        let mut initial = false;
        if sentence.is_ascii() {
            return ascii_capitals(sentence.as_bytes(), |b| {
                capitals += 1;
                initial |= self.ascii_initials >> (b - b'A') & 1 == 1;
                capitals >= 2 && initial
            });
        }
        for c in sentence.chars().filter(|c| c.is_uppercase()) {
            capitals += 1;
            initial |= c
                .to_lowercase()
                .next()
                .is_some_and(|l| self.initials.binary_search(&l).is_ok());
            if capitals >= 2 && initial {
                return true;
            }
        }
        false
    }

    /// [`NameIndex::may_hold_a_misspelling`] for a sentence split into
    /// tokens already: two capitalised words, one of them with the initial
    /// of a known name (every run [`NameIndex::misspellings`] compares
    /// begins with one, and has two words). Cheaper than reading the text
    /// again.
    pub fn tokens_may_hold_a_misspelling(&self, prose: &str, tokens: &[Token]) -> bool {
        if self.forms.is_empty() {
            return false;
        }
        let mut capitals = 0;
        let mut initial = false;
        for t in tokens.iter().filter(|t| capital(prose, t)) {
            capitals += 1;
            initial |= match prose.as_bytes().get(t.start) {
                Some(&b) if b.is_ascii_uppercase() => self.ascii_initials >> (b - b'A') & 1 == 1,
                _ => prose
                    .get(t.start..)
                    .and_then(|w| w.chars().next())
                    .and_then(|c| c.to_lowercase().next())
                    .is_some_and(|l| self.initials.binary_search(&l).is_ok()),
            };
            if capitals >= 2 && initial {
                return true;
            }
        }
        false
    }

    /// Misspelt names in one sentence.
    pub fn misspellings(
        &self,
        prose: &str,
        tokens: &[Token],
        mentions: &[Mention],
    ) -> Vec<Misspelling> {
        let mut out = Vec::new();
        if self.forms.is_empty() {
            return out;
        }
        for_each_run(prose, tokens, |i, j| {
            for start in i..j {
                let initial = prose[tokens[start].start..]
                    .chars()
                    .next()
                    .and_then(|c| c.to_lowercase().next());
                let Some(counts) = initial
                    .and_then(|c| self.initials.binary_search(&c).ok())
                    .and_then(|k| self.word_counts.get(k))
                else {
                    continue;
                };
                for end in start + 2..=(start + MAX_WORDS).min(j) {
                    if counts >> words_of(tokens, start, end) & 1 == 0 {
                        continue;
                    }
                    if let Some(m) = self.check(prose, &tokens[start..end], mentions) {
                        out.push(m);
                    }
                }
            }
        });
        out
    }

    fn check(&self, prose: &str, run: &[Token], mentions: &[Mention]) -> Option<Misspelling> {
        let (first, last) = (run.first()?, run.last()?);
        let (start, end) = (first.start, last.end);
        // Exactly a mention already (a name of another kind, say): the
        // cheapest test, first.
        if mentions
            .iter()
            .any(|m| m.start == start && m.end == end && m.form == Form::Name)
        {
            return None;
        }
        let text = &prose[start..end];
        // No accepted name of its length and initial: nothing to compare
        // (known from ASCII text without normalising it).
        if ascii_shape(text).is_some_and(|shape| !self.by_start.contains_key(&shape)) {
            return None;
        }
        let norm = normalise(text);
        let words = norm.split(' ').count();
        let candidates = self.by_start.get(&(words, norm.chars().next()?))?;
        if self.declared.contains(&norm) {
            return None;
        }
        let len = norm.chars().count();
        let limit = (len / 8).clamp(1, 2);
        let mask = char_bits(&norm);
        let best = candidates
            .iter()
            .filter(|&&i| {
                self.masks
                    .get(i)
                    .is_some_and(|&m| bits_distance(mask, m) <= limit)
            })
            .filter_map(|&i| self.forms.get(i))
            .filter(|(f, _, _, _)| {
                f.len().abs_diff(norm.len()) <= limit && bag_distance(&norm, f) <= limit
            })
            .map(|(f, _, e, written)| (strsim::damerau_levenshtein(&norm, f), e, written))
            .filter(|(d, _, _)| *d >= 1 && *d <= limit)
            .min_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)))?;
        Some(Misspelling {
            span: ByteSpan { start, end },
            text: text.to_string(),
            suggestion: best.2.clone(),
            entity: best.1.clone(),
        })
    }
}

/// Call `f` with each capital letter of the ASCII `bytes`, in order, until
/// it returns `true`; whether it did. Eight bytes at a time (see
/// [`bytes8`]): most eight-byte words of news hold no capital.
fn ascii_capitals(bytes: &[u8], mut f: impl FnMut(u8) -> bool) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            continue;
        };
        let Some(x) = bytes8::ascii(word) else {
            // Not ASCII (the caller said it is): byte by byte.
            if word
                .iter()
                .filter(|b| b.is_ascii_uppercase())
                .any(|&b| f(b))
            {
                return true;
            }
            continue;
        };
        let mut capitals = bytes8::in_range(x, b'A', b'Z');
        while capitals != 0 {
            let i = (capitals.trailing_zeros() / 8) as usize;
            if word.get(i).is_some_and(|&b| f(b)) {
                return true;
            }
            capitals &= capitals - 1;
        }
    }
    chunks
        .remainder()
        .iter()
        .filter(|b| b.is_ascii_uppercase())
        .any(|&b| f(b))
}

/// The number of words of the run `tokens[start..end]` once normalised:
/// tokens hold no white space or hyphen, so a word ends wherever something
/// stands between two tokens ("Xi Jinping", "Kassym-Jomart"), and tokens
/// with nothing between them are one word ("ISN'T" is "IS" and "N'T").
fn words_of(tokens: &[Token], start: usize, end: usize) -> usize {
    1 + tokens
        .get(start..end)
        .unwrap_or_default()
        .windows(2)
        .filter(|w| w[0].end < w[1].start)
        .count()
}

/// Whether a token is a capitalised word.
fn capital(prose: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && match prose.as_bytes().get(t.start) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => prose
                .get(t.start..t.end)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase),
        }
}

/// Call `f(i, j)` for each run `tokens[i..j]` of capitalised words next
/// to each other (with only spaces or a hyphen between them).
fn for_each_run(prose: &str, tokens: &[Token], mut f: impl FnMut(usize, usize)) {
    let capital = |t: &Token| capital(prose, t);
    let mut i = 0;
    while i < tokens.len() {
        if !capital(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && capital(&tokens[j]) && adjacent(prose, &tokens[j - 1], &tokens[j])
        {
            j += 1;
        }
        f(i, j);
        i = j;
    }
}

/// A lower bound of the edit distance that costs one pass over each
/// string: how many characters one has that the other lacks (each edit
/// changes that by at most one). Names too far apart by it need no
/// Damerau-Levenshtein. 0 (no bound) unless both are ASCII.
fn bag_distance(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    for c in a.bytes() {
        counts[usize::from(c & 0x7f)] += 1;
    }
    for c in b.bytes() {
        counts[usize::from(c & 0x7f)] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0, 0), |(m, f), &c| {
        (m + c.max(0) as usize, f + (-c).max(0) as usize)
    });
    more.max(fewer)
}

/// Two tokens with only spaces or a hyphen between them.
fn adjacent(prose: &str, a: &Token, b: &Token) -> bool {
    prose
        .get(a.end..b.start)
        .is_some_and(|between| between.chars().all(|c| c == ' ' || c == '-' || c == '‐'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`normalise`] word by word (what its ASCII path must equal).
    fn normalise_by_words(s: &str) -> String {
        s.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest! {
        #[test]
        fn normalising_in_one_pass_is_normalising_by_words(s in "[ A-Za-z\\-\t\n\x0b\x0c\r.'‐é]{0,30}") {
            prop_assert_eq!(normalise(&s), normalise_by_words(&s));
        }

        /// The shape read from ASCII text is the normal form's.
        #[test]
        fn the_shape_of_ascii_text_is_its_normal_forms(s in "[ A-Za-z\\-\t\n\x0b\x0c\r.']{0,30}") {
            let norm = normalise(&s);
            let expected = norm.chars().next().map(|c| (norm.split(' ').count(), c));
            prop_assert_eq!(ascii_shape(&s), expected);
        }
    }

    #[test]
    fn bag_distance_examples() {
        assert_eq!(bag_distance("xi jinping", "xi jinging"), 1);
        assert_eq!(bag_distance("xi jinping", "ix jinpnig"), 0);
        assert_eq!(bag_distance("abcd", "abxy"), 2);
        assert_eq!(bag_distance("abc", ""), 3);
        assert_eq!(bag_distance("é", "e"), 0);
    }

    fn index_of(rules: &str) -> NameIndex {
        let loaded = crate::load_source("n.facts", rules);
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        NameIndex::new(&loaded.rules)
    }

    /// The texts of the misspellings found in `text`, one sentence.
    fn misspelt(index: &NameIndex, text: &str) -> Vec<String> {
        index
            .misspellings(text, &tokens_of(text), &[])
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    fn index() -> NameIndex {
        index_of(
            r#"
person Xi "Xi Jinping"
person Tokayev "Kassym-Jomart Tokayev"
country Kazakhstan "Kazakhstan"
"#,
        )
    }

    #[test]
    fn misspelt_names_are_found() {
        let index = index();
        let text = "Yesterday Xi Jinging met Kassym-Jomart Tokaev in Astana.";
        assert_eq!(
            misspelt(&index, text),
            vec!["Xi Jinging", "Kassym-Jomart Tokaev"]
        );
        assert!(index.may_hold_a_misspelling(text));
        assert!(!index.may_hold_a_misspelling("Nothing here names anyone."));
    }

    /// Name-like words and others, glued by spaces, hyphens or nothing.
    fn glued_words() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(
                prop_oneof![
                    Just("Xi"),
                    Just("Jinging"),
                    Just("Jinping"),
                    Just("xi"),
                    Just("Kassym-Jomart"),
                    Just("Kassym"),
                    Just("Jomart"),
                    Just("Tokaev"),
                    Just("met"),
                    Just("the"),
                    Just("-"),
                    Just("\u{2010}"),
                    Just("'s"),
                    Just("X"),
                    Just("K"),
                    Just("N'T"),
                    Just("'S"),
                    Just("Jinpingn't"),
                    Just("XIN'T"),
                    Just("É"),
                    Just("ΣΣ"),
                    Just(","),
                    Just("(")
                ],
                0..12,
            ),
            prop::collection::vec(prop_oneof![Just(" "), Just(""), Just("-")], 12),
        )
            .prop_map(|(words, glue)| {
                words
                    .iter()
                    .zip(&glue)
                    .flat_map(|(w, g)| [*w, *g])
                    .collect()
            })
    }

    fn tokens_of(text: &str) -> Vec<Token<'_>> {
        let sentence = super::super::text::Sentence {
            start: 0,
            end: text.len(),
        };
        super::super::text::tokens(text, sentence)
    }

    #[test]
    fn both_sentence_filters_pass_a_lone_two_word_misspelling() {
        // Two capitals in all, both of the misspelt name.
        let index = index_of("person Grant \"Ann Grant\"\n");
        for text in [
            "the visit of Ann Grent was short",
            "then ann Grent left, and Ann Grent came",
        ] {
            let tokens = tokens_of(text);
            let found = index.misspellings(text, &tokens, &[]);
            assert!(!found.is_empty(), "{text}");
            assert!(index.may_hold_a_misspelling(text), "{text}");
            assert!(index.tokens_may_hold_a_misspelling(text, &tokens), "{text}");
        }
        let quiet = "nobody named anyone";
        assert!(!index.tokens_may_hold_a_misspelling(quiet, &tokens_of(quiet)));
    }

    #[test]
    fn a_capitalised_contraction_is_part_of_its_word() {
        // "GRAN'T" is two tokens ("GRA", "N'T") but one word: the run is
        // two words long, as "Ann Grant" is, and is compared with it.
        let index = index_of("person Grant \"Ann Grant\"\n");
        assert_eq!(
            misspelt(&index, "Yesterday Ann GRAN'T spoke."),
            vec!["Ann GRAN'T"]
        );
    }

    proptest! {
        /// The cheap test on raw text never skips a sentence that holds a
        /// misspelt name.
        #[test]
        fn the_sentence_filter_keeps_every_misspelling(text in glued_words()) {
            let index = index();
            let tokens = tokens_of(&text);
            if !index.misspellings(&text, &tokens, &[]).is_empty() {
                prop_assert!(index.may_hold_a_misspelling(&text), "{}", text);
                prop_assert!(index.tokens_may_hold_a_misspelling(&text, &tokens), "{}", text);
            }
        }

        /// Capitals are found eight bytes at a time as one by one.
        #[test]
        fn capitals_by_words_are_capitals_by_bytes(text in "[\\x00-\\x7f]{0,40}", stop in 0usize..6) {
            let mut by_words = Vec::new();
            let stopped = ascii_capitals(text.as_bytes(), |b| {
                by_words.push(b);
                by_words.len() == stop
            });
            let by_bytes: Vec<u8> = text.bytes().filter(u8::is_ascii_uppercase).collect();
            let expected = if stop > 0 && by_bytes.len() >= stop { &by_bytes[..stop] } else { &by_bytes[..] };
            prop_assert_eq!(&by_words[..], expected);
            prop_assert_eq!(stopped, stop > 0 && by_bytes.len() >= stop);
        }

        /// A run the word-count test skips is one `check` finds nothing in
        /// (within the runs of capitalised words misspellings are read in).
        #[test]
        fn runs_of_other_lengths_hold_no_misspelling(text in glued_words()) {
            let index = index();
            let tokens = tokens_of(&text);
            let mut runs = Vec::new();
            for_each_run(&text, &tokens, |i, j| runs.push((i, j)));
            for (i, j) in runs {
                for start in i..j {
                    let counts = text[tokens[start].start..]
                        .chars()
                        .next()
                        .and_then(|c| c.to_lowercase().next())
                        .and_then(|c| index.initials.binary_search(&c).ok())
                        .and_then(|k| index.word_counts.get(k).copied())
                        .unwrap_or(0);
                    for end in start + 2..=j {
                        if counts >> words_of(&tokens, start, end) & 1 == 0 {
                            prop_assert!(
                                index.check(&text, &tokens[start..end], &[]).is_none(),
                                "{:?}", &text[tokens[start].start..tokens[end - 1].end]
                            );
                        }
                    }
                }
            }
        }

        /// The ASCII path of the sentence filter answers as the path for
        /// any text does (a lowercase non-ASCII letter at the end sends the
        /// same sentence down that path and changes nothing else).
        #[test]
        fn the_sentence_filter_reads_ascii_as_any_text(text in "[A-Za-z .,'-]{0,24}") {
            let index = index();
            prop_assert_eq!(
                index.may_hold_a_misspelling(&text),
                index.may_hold_a_misspelling(&format!("{text} \u{e9}")),
                "{}", text
            );
        }

        /// The filters never drop a name the edit distance would keep.
        #[test]
        fn bag_distance_is_a_lower_bound(a in "[a-e -]{0,12}", b in "[a-e -]{0,12}") {
            let d = strsim::damerau_levenshtein(&a, &b);
            prop_assert!(bag_distance(&a, &b) <= d);
            prop_assert!(bits_distance(char_bits(&a), char_bits(&b)) <= d);
        }

        #[test]
        fn bits_distance_is_a_lower_bound(a in "\\PC{0,10}", b in "\\PC{0,10}") {
            let d = strsim::damerau_levenshtein(&a, &b);
            prop_assert!(bits_distance(char_bits(&a), char_bits(&b)) <= d);
        }
    }
}
