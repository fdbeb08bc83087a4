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
    let lower = word.to_lowercase();
    let long_enough = lower.chars().count() >= 3;
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let candidate = c.to_lowercase();
        let score = strsim::jaro_winkler(&lower, &candidate);
        let alike = score >= 0.8 || (long_enough && strsim::osa_distance(&lower, &candidate) == 1);
        if alike && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
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
