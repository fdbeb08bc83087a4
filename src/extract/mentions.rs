//! Entity mentions: every name, alias and adjective the rule files declare,
//! found in one pass with a multi-pattern matcher (aho-corasick), on word
//! boundaries, longest match first; and the words declared with `refer`
//! ("the bloc"), resolved to the last entity of their kind named before them.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::lang::ruleset::{EntityId, KindId, RuleSet};

/// How an entity is named at a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// Its canonical name or an alias ("Shanghai Cooperation Organization", "SCO").
    Name,
    /// One of its adjectives ("Kazakh").
    Adjective,
    /// A `refer` phrase ("the bloc"), resolved to the last entity of its kind.
    Reference,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    pub form: Form,
}

/// A match before overlaps are resolved: start, end, rank (names before
/// references), the entity (names) or the kind referred to (references).
type Candidate = (usize, usize, usize, Option<EntityId>, Form, Option<KindId>);

/// Finds mentions; built once per rule set and shared by every article.
pub struct MentionFinder {
    names: Option<AhoCorasick>,
    targets: Vec<(EntityId, Form)>,
    refs: Option<AhoCorasick>,
    ref_kinds: Vec<KindId>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` stands on word boundaries.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    // A boundary is needed only where the name itself starts or ends with a
    // word character ("U.S." may be followed directly by a letter-less dash).
    let left_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left_ok && right_ok
}

impl MentionFinder {
    pub fn new(rules: &RuleSet) -> Self {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (id, e) in rules.entities.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                patterns.push(n.clone());
                targets.push((id, Form::Name));
            }
            for a in &e.adjectives {
                patterns.push(a.clone());
                targets.push((id, Form::Adjective));
            }
        }
        let build = |pats: &[String], case_insensitive: bool| {
            if pats.is_empty() {
                return None;
            }
            // A DFA: the fastest search, and its size stays small for the
            // names of a rule set (a few MB for 10,000 entities); past the
            // builder's size limit it falls back to an NFA.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(case_insensitive)
                .kind(Some(AhoCorasickKind::DFA))
                .build(pats)
                .or_else(|_| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(case_insensitive)
                        .build(pats)
                })
                .ok()
        };
        let names = build(&patterns, false);
        let ref_patterns: Vec<String> = rules.references.iter().map(|r| r.phrase.clone()).collect();
        let refs = build(&ref_patterns, true);
        let ref_kinds = rules.references.iter().map(|r| r.kind).collect();
        MentionFinder {
            names,
            targets,
            refs,
            ref_kinds,
        }
    }

    /// Every mention in `text`, sorted by start, not overlapping; at one
    /// place the longest name wins, and names win over references.
    ///
    /// A reference resolves to the last entity of its kind named earlier in
    /// the same sentence ("Belarusian President Lukashenko ... his country");
    /// failing that, to the first entity of its kind named in the sentence
    /// before (its subject: "The X Union met. The ten-member union ...");
    /// failing that, to the entity of its kind named most often so far (the
    /// article's subject). `sentence_starts` are the sentences' start
    /// offsets, sorted.
    pub fn find(&self, rules: &RuleSet, text: &str, sentence_starts: &[usize]) -> Vec<Mention> {
        let mut found: Vec<Candidate> = Vec::new();
        if let Some(ac) = &self.names {
            for m in ac.find_overlapping_iter(text) {
                let (start, end) = (m.start(), m.end());
                if !on_word_boundaries(text, start, end) {
                    continue;
                }
                let (entity, form) = self.targets[m.pattern().as_usize()];
                found.push((start, end, 0, Some(entity), form, None));
            }
        }
        if let Some(ac) = &self.refs {
            for m in ac.find_overlapping_iter(text) {
                let (start, end) = (m.start(), m.end());
                if !on_word_boundaries(text, start, end) {
                    continue;
                }
                let kind = self.ref_kinds[m.pattern().as_usize()];
                found.push((start, end, 1, None, Form::Reference, Some(kind)));
            }
        }
        // Longest first at each start, names before references; then keep
        // what does not overlap an earlier pick.
        found.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut out: Vec<Mention> = Vec::new();
        let mut last_end = 0;
        // Per kind: the last entity named and where, and how often each was named.
        let mut last_of_kind: Vec<Option<(EntityId, usize)>> = vec![None; rules.kinds.len()];
        let mut named: foldhash::HashMap<EntityId, (usize, usize)> =
            Default::default();
        // The index of the sentence a position is in.
        let sentence_of = |at: usize| -> usize {
            match sentence_starts.binary_search(&at) {
                Ok(i) => i,
                Err(0) => 0,
                Err(i) => i - 1,
            }
        };
        // Per kind: the first entity named in each sentence (its subject, most often).
        let mut first_in_sentence: foldhash::HashMap<(usize, KindId), EntityId> =
            Default::default();
        for (start, end, _, entity, form, ref_kind) in found {
            if start < last_end {
                continue;
            }
            let entity = match (entity, ref_kind) {
                (Some(e), _) => e,
                (None, Some(k)) => {
                    let sentence = sentence_of(start);
                    let recent = last_of_kind
                        .get(k)
                        .copied()
                        .flatten()
                        .filter(|(_, at)| sentence_of(*at) == sentence)
                        .map(|(e, _)| e);
                    // Else the subject of the sentence before ("The X Union met.
                    // The ten-member union agreed ...").
                    let previous = sentence
                        .checked_sub(1)
                        .and_then(|p| first_in_sentence.get(&(p, k)).copied());
                    let salient = named
                        .iter()
                        .filter(|(e, _)| rules.entities.get(**e).is_some_and(|x| x.kind == k))
                        .max_by_key(|(e, (count, last))| (*count, *last, std::cmp::Reverse(**e)))
                        .map(|(e, _)| *e);
                    match recent.or(previous).or(salient) {
                        Some(e) => e,
                        None => continue,
                    }
                }
                (None, None) => continue,
            };
            if form != Form::Reference {
                if let Some(kind) = rules.entities.get(entity).map(|e| e.kind) {
                    if let Some(slot) = last_of_kind.get_mut(kind) {
                        *slot = Some((entity, start));
                    }
                    first_in_sentence
                        .entry((sentence_of(start), kind))
                        .or_insert(entity);
                }
                let n = named.entry(entity).or_insert((0, 0));
                n.0 += 1;
                n.1 = start;
            }
            out.push(Mention {
                start,
                end,
                entity,
                form,
            });
            last_end = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        let loaded = crate::load_source(
            "m.facts",
            r#"
organization SCO "Shanghai Cooperation Organization"
  alias "SCO"
country Iran "Iran"
  adjective "Iranian"
country Russia "Russia"
  adjective "Russian"
refer organization "the bloc", "the organisation"
"#,
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.rules
    }

    #[test]
    fn longest_names_on_word_boundaries() {
        let r = rules();
        let f = MentionFinder::new(&r);
        let text = "The Shanghai Cooperation Organization (SCO) met; Russia's and Iranian envoys, not Irania.";
        let got: Vec<(&str, Form)> = f
            .find(&r, text, &[0])
            .iter()
            .map(|m| (&text[m.start..m.end], m.form))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Shanghai Cooperation Organization", Form::Name),
                ("SCO", Form::Name),
                ("Russia", Form::Name),
                ("Iranian", Form::Adjective),
            ]
        );
    }

    #[test]
    fn references_resolve_to_the_last_entity_of_their_kind() {
        let r = rules();
        let f = MentionFinder::new(&r);
        let text = "The bloc grew. The SCO met. The bloc has members.";
        let got = f.find(&r, text, &[0, 15, 28]);
        // The first "The bloc" has nothing before it to refer to.
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].form, Form::Reference);
        assert_eq!(r.entities[got[1].entity].id, "SCO");
    }
}
