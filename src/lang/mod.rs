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
/// short names.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
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
}
