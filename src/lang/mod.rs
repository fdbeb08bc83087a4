//! The rule language: grammar, syntax tree, name resolution and the checks
//! that a rule file agrees with itself.
//!
//! `text ─parser→ ast ─resolve→ RuleSet ─consistency→ diagnostics`

pub mod ast;
mod consistency;
pub mod names;
pub mod parser;
pub mod resolve;
pub mod ruleset;

pub use resolve::{load_files, load_source, Loaded};
pub use ruleset::RuleSet;

/// The candidate most like `word`, if one is alike enough to suggest.
///
/// Similarity is Jaro-Winkler on lowercase text; 0.8 keeps real suggestions
/// ("memebr" → "member", "Belaruss" → "Belarus") while refusing unrelated
/// short names. Jaro-Winkler is harsh on short words, whose letters have
/// little room to move ("SOC" and "SCO" score 0.56): a word of three
/// characters or more is also alike a candidate one edit away (a letter
/// changed, added, dropped, or two side by side swapped).
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    closest(word, candidates.map(|c| (c, c.to_lowercase())))
}

/// The characters of `s`, sorted.
fn sorted_chars(s: &str) -> Vec<char> {
    let mut chars: Vec<char> = s.chars().collect();
    chars.sort_unstable();
    chars
}

/// Whether two lowercase words, given by their sorted characters, can be
/// alike as [`did_you_mean`] measures it, by how many characters they have
/// in common (`c`, counting repeats), a bound that costs a merge rather
/// than a Jaro-Winkler score. Jaro similarity, with `m` characters
/// matched, is `(m/a + m/b + (m - t)/m) / 3` for lengths `a` and `b`, and
/// `m <= c`, so it is at most `(c/a + c/b + 1) / 3`; Jaro-Winkler adds a
/// prefix boost only above 0.7, where 0.8 needs that much. (Words one
/// edit apart pass too: all but one character of the longer one, of three
/// or more, are in common, which bounds Jaro above 0.77.)
fn may_be_alike(word: &[char], candidate: &[char]) -> bool {
    let (a, b) = (word.len(), candidate.len());
    if a == 0 || b == 0 {
        return true;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (word.get(i), candidate.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let c = common as f64;
    // (A margin for rounding: the bound only needs to be no lower than
    // the score.)
    (c / a as f64 + c / b as f64 + 1.0) / 3.0 > 0.7 - 1e-9
}

/// A [`Suggester`] made on first use, shared by threads (a rule set's, for
/// the claims of every article); a clone starts again.
#[derive(Debug, Default)]
pub struct SharedSuggester(std::sync::Mutex<Option<Suggester>>);

impl Clone for SharedSuggester {
    fn clone(&self) -> Self {
        SharedSuggester::default()
    }
}

impl SharedSuggester {
    /// The candidate suggested for `word`, from the suggester `make`
    /// makes the first time.
    pub fn suggest(&self, word: &str, make: impl FnOnce() -> Suggester) -> Option<String> {
        let mut made = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        made.get_or_insert_with(make)
            .suggest(word)
            .map(str::to_string)
    }
}

/// [`did_you_mean`] over candidates given with their lowercase forms.
fn closest<'a, L: AsRef<str>>(
    word: &str,
    candidates: impl Iterator<Item = (&'a str, L)>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let long_enough = lower.chars().count() >= 3;
    let mut best: Option<(f64, &'a str)> = None;
    for (c, candidate) in candidates {
        if c == word {
            continue;
        }
        let candidate = candidate.as_ref();
        let score = strsim::jaro_winkler(&lower, candidate);
        let alike = score >= 0.8 || (long_enough && strsim::osa_distance(&lower, candidate) == 1);
        if alike && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// [`did_you_mean`] asked of one set of candidates again and again (the
/// thousands of entity ids of a rule file, for each unknown name in it):
/// the candidates are lowercased once, and a word asked about again is
/// answered from what was found for it, so that an id renamed while
/// thousands of facts still use it costs one search, not one for each
/// fact.
#[derive(Debug, Default)]
pub struct Suggester {
    /// Each candidate, with its lowercase form and that form's characters
    /// sorted (see [`may_be_alike`]).
    candidates: Vec<(String, String, Vec<char>)>,
    /// What each word asked about was answered.
    answered: std::collections::HashMap<String, Option<String>>,
}

impl Suggester {
    pub fn new<'a>(candidates: impl Iterator<Item = &'a str>) -> Self {
        Suggester {
            candidates: candidates
                .map(|c| {
                    let lower = c.to_lowercase();
                    let sorted = sorted_chars(&lower);
                    (c.to_string(), lower, sorted)
                })
                .collect(),
            answered: std::collections::HashMap::new(),
        }
    }

    /// The candidate [`did_you_mean`] suggests for `word`.
    pub fn suggest(&mut self, word: &str) -> Option<&str> {
        if !self.answered.contains_key(word) {
            let chars = sorted_chars(&word.to_lowercase());
            let found = closest(
                word,
                self.candidates
                    .iter()
                    .filter(|(_, _, sorted)| may_be_alike(&chars, sorted))
                    .map(|(c, lower, _)| (c.as_str(), lower.as_str())),
            )
            .map(str::to_string);
            self.answered.insert(word.to_string(), found);
        }
        self.answered.get(word).and_then(|found| found.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["member", "observer", "founded"];
        assert_eq!(
            did_you_mean("memebr", names.iter().copied()),
            Some("member")
        );
        assert_eq!(
            did_you_mean("founde", names.iter().copied()),
            Some("founded")
        );
        assert_eq!(did_you_mean("capital", names.iter().copied()), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A suggester (candidates lowercased once, most passed over by
        /// the characters they share, answers remembered) suggests what
        /// `did_you_mean` does, for any words, asked twice.
        #[test]
        fn a_suggester_suggests_what_did_you_mean_does(
            words in proptest::collection::vec("[a-dA-DİéÉ ]{0,7}", 1..6),
            candidates in proptest::collection::vec("[a-dA-DİéÉ ]{0,7}", 0..30),
        ) {
            let mut suggester = super::Suggester::new(candidates.iter().map(String::as_str));
            for word in words.iter().chain(&words) {
                let expected = did_you_mean(word, candidates.iter().map(String::as_str));
                proptest::prop_assert_eq!(suggester.suggest(word), expected, "{:?}", word);
            }
        }
    }

    #[test]
    fn short_names_one_edit_away_are_suggested() {
        let ids = ["SCO", "NATO", "KZ", "EU"];
        assert_eq!(did_you_mean("SOC", ids.iter().copied()), Some("SCO"));
        assert_eq!(did_you_mean("SCOO", ids.iter().copied()), Some("SCO"));
        assert_eq!(did_you_mean("NTO", ids.iter().copied()), Some("NATO"));
        // Two characters: one edit makes most words of two anything else.
        assert_eq!(did_you_mean("KX", ids.iter().copied()), None);
        // Two edits away.
        assert_eq!(did_you_mean("OSC", ids.iter().copied()), None);
    }
}
