//! Claims that cannot all hold, whatever the rules say: within one article
//! (`self-contradiction`) and across the articles checked together
//! (`disagreement`).
//!
//! Every claim with resolved names is kept in a compact [`ConflictIndex`]
//! entry (ids into interned tables rather than strings of its own, and its
//! position in the article), so that a streaming check can let go of an
//! article once it is written out and still find conflicts at the end.

use std::collections::HashMap;

use crate::check::{ArticleReport, Finding};
use crate::diagnostic::Severity;
use crate::engine::{self, Decider};
use crate::lang::RuleSet;
use crate::source::{FileId, SourceMap, Span};

/// One claim, as conflicts need it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index in `ConflictIndex::claims`: the resolved claim, its group and class.
    claim: u32,
    /// The article's position among the articles added, in order.
    article: u32,
    /// The claim's position among the article's judged claims.
    index: u32,
    /// Index in `ConflictIndex::texts`: the claim's quoted text.
    text: u32,
    /// Where the claim starts in its article: byte offset, line, column.
    start: usize,
    line: u32,
    column: u32,
}

/// A resolved claim, shared by every entry that states it.
#[derive(Debug, Clone)]
struct Stated {
    group: u32,
    class: u32,
    /// Whether the class is the claim's description (always, for claims
    /// that `judge_claims` resolved); else the claim is shown by its text.
    described: bool,
    claim: engine::Claim,
}

/// Strings stored once, by id.
#[derive(Debug, Clone, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }
}

/// Quoted texts, all in one buffer; equal texts are stored once.
#[derive(Debug, Clone, Default)]
struct Texts {
    buffer: String,
    /// Start and end of each text in `buffer`.
    ranges: Vec<(usize, usize)>,
    /// The first text with a given hash.
    by_hash: HashMap<u64, u32>,
}

impl Texts {
    fn add(&mut self, s: &str) -> u32 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.hash(&mut h);
        let hash = h.finish();
        if let Some(&id) = self.by_hash.get(&hash) {
            if self.get(id) == s {
                return id;
            }
        }
        let id = self.ranges.len() as u32;
        let start = self.buffer.len();
        self.buffer.push_str(s);
        self.ranges.push((start, self.buffer.len()));
        self.by_hash.entry(hash).or_insert(id);
        id
    }

    fn get(&self, id: u32) -> &str {
        self.ranges
            .get(id as usize)
            .and_then(|&(s, e)| self.buffer.get(s..e))
            .unwrap_or("")
    }
}

/// Every claim with resolved names of the articles checked so far, grouped
/// by what they are about (relation, arguments, date, time) and by what they
/// assert (their description).
#[derive(Debug, Clone, Default)]
pub(crate) struct ConflictIndex {
    groups: Interner,
    classes: Interner,
    claims: Vec<Stated>,
    /// Claims by (group, class, described): those that are not equal.
    claim_ids: HashMap<(u32, u32, bool), Vec<u32>>,
    texts: Texts,
    /// Each article's file, by position.
    articles: Vec<FileId>,
    entries: Vec<Entry>,
}

/// Line and column just after `text`, which starts at `line`, `column`.
pub(crate) fn end_position(line: usize, column: usize, text: &str) -> (usize, usize) {
    match text.rfind('\n') {
        Some(i) => (
            line + text.matches('\n').count(),
            text[i + 1..].chars().count() + 1,
        ),
        None => (line, column + text.chars().count()),
    }
}

/// A position to remember: file, byte offset, line and column.
pub(crate) type Position = (FileId, usize, (usize, usize));

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ConflictIndex {
    /// Add an article's claims, after the articles added before it. Its
    /// text must be in `sources` (for lines and columns).
    pub fn add_article(&mut self, rules: &RuleSet, sources: &SourceMap, article: &ArticleReport) {
        let position = to_u32(self.articles.len());
        self.articles.push(article.file);
        let file = sources.get(article.file);
        for (index, c) in article.claims.iter().enumerate() {
            let Some(claim) = &c.claim else {
                continue;
            };
            let args: Vec<String> = claim
                .args
                .iter()
                .map(|v| v.as_ref().map_or("_".into(), |v| rules.write_value(v)))
                .collect();
            let key = format!(
                "{}|{}|{}|{:?}",
                claim.relation,
                args.join(","),
                claim.date,
                claim.time
            );
            let group = self.groups.intern(&key);
            let class = self
                .classes
                .intern(c.description.as_deref().unwrap_or_default());
            let described = c.description.is_some();
            let candidates = self.claim_ids.entry((group, class, described)).or_default();
            let id = match candidates.iter().find(|&&id| {
                self.claims
                    .get(id as usize)
                    .is_some_and(|s| s.claim == *claim)
            }) {
                Some(&id) => id,
                None => {
                    let id = to_u32(self.claims.len());
                    self.claims.push(Stated {
                        group,
                        class,
                        described,
                        claim: claim.clone(),
                    });
                    candidates.push(id);
                    id
                }
            };
            let (line, column) = file.line_col(c.span.start);
            self.entries.push(Entry {
                claim: id,
                article: position,
                index: to_u32(index),
                text: self.texts.add(&c.record.text),
                start: c.span.start,
                line: to_u32(line),
                column: to_u32(column),
            });
        }
    }

    /// The conflict findings, and the positions of the spans they point at
    /// (file, offset, line and column) for the source map to remember.
    pub fn findings(&self, rules: &RuleSet, sources: &SourceMap) -> (Vec<Finding>, Vec<Position>) {
        // Entries by group, groups in the order of their keys, entries in
        // article order (a counting sort: no copy of the entries).
        let mut rank: Vec<u32> = (0..to_u32(self.groups.strings.len())).collect();
        rank.sort_by(|&a, &b| self.groups.get(a).cmp(self.groups.get(b)));
        let mut order_of_group = vec![0u32; rank.len()];
        for (order, &g) in rank.iter().enumerate() {
            order_of_group[g as usize] = to_u32(order);
        }
        let mut starts = vec![0usize; rank.len() + 1];
        for e in &self.entries {
            starts[self.group_order(e, &order_of_group) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut members = vec![0u32; self.entries.len()];
        for (i, e) in self.entries.iter().enumerate() {
            let g = self.group_order(e, &order_of_group);
            members[next[g]] = to_u32(i);
            next[g] += 1;
        }
        let mut found = Vec::new();
        let mut positions = Vec::new();
        for g in 0..rank.len() {
            let group = &members[starts[g]..starts[g + 1]];
            self.conflicts_in_group(rules, sources, group, &mut found, &mut positions);
        }
        (found, positions)
    }

    fn group_order(&self, e: &Entry, order_of_group: &[u32]) -> usize {
        let group = self.claims.get(e.claim as usize).map_or(0, |s| s.group);
        order_of_group
            .get(group as usize)
            .map_or(0, |&o| o as usize)
    }

    /// Conflicts among claims about one thing, reported against the view
    /// most articles (or, within an article, most claims) hold, so that one
    /// odd claim gives one finding, not one per claim it disagrees with.
    fn conflicts_in_group(
        &self,
        rules: &RuleSet,
        sources: &SourceMap,
        members: &[u32],
        found: &mut Vec<Finding>,
        positions: &mut Vec<Position>,
    ) {
        let entry = |m: &u32| self.entries[*m as usize];
        let stated = |m: &u32| &self.claims[entry(m).claim as usize];
        let article = |m: &u32| entry(m).article;
        let index = |m: &u32| entry(m).index;
        let text = |m: &u32| self.texts.get(entry(m).text);
        let file = |m: &u32| {
            self.articles
                .get(entry(m).article as usize)
                .copied()
                .unwrap_or(FileId(0))
        };
        let span = |m: &u32| {
            let e = entry(m);
            Span::new(file(m), e.start, e.start + text(m).len())
        };
        // Claims asserting the same thing form a class.
        let mut classes: Vec<(u32, Vec<u32>)> = Vec::new();
        for m in members {
            let k = stated(m).class;
            match classes.iter_mut().find(|(key, _)| *key == k) {
                Some((_, v)) => v.push(*m),
                None => classes.push((k, vec![*m])),
            }
        }
        if classes.len() < 2 {
            return;
        }
        let conflict =
            |x: &u32, y: &u32| engine::incompatible(rules, &stated(x).claim, &stated(y).claim);
        let what = |m: &u32| {
            if stated(m).described {
                self.classes.get(stated(m).class)
            } else {
                text(m)
            }
        };
        let mut push = |code: &str, at: &u32, other: &u32, message: String, label: &str| {
            for m in [at, other] {
                let e = entry(m);
                let (line, column) = (e.line as usize, e.column as usize);
                positions.push((file(m), e.start, (line, column)));
                positions.push((file(m), span(m).end, end_position(line, column, text(m))));
            }
            found.push(Finding {
                code: code.into(),
                severity: Severity::Warning,
                message,
                help: Some(
                    "At most one of these claims can be true; check both against a source.".into(),
                ),
                span: span(at),
                text: text(at).to_string(),
                rule: None,
                deciding: vec![Decider {
                    span: span(other),
                    label: label.into(),
                }],
                label: "cannot hold together with the other".into(),
            });
        };
        // Within each article: against the class it states most often.
        let mut articles: Vec<u32> = members.iter().map(article).collect();
        articles.dedup();
        for &a in &articles {
            let local: Vec<(u32, Vec<u32>)> = classes
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        v.iter()
                            .filter(|m| article(m) == a)
                            .copied()
                            .collect::<Vec<_>>(),
                    )
                })
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let Some(main) = local
                .iter()
                .max_by_key(|(_, v)| (v.len(), std::cmp::Reverse(index(&v[0]))))
            else {
                continue;
            };
            for (_, v) in local.iter().filter(|(k, _)| *k != main.0) {
                for m in v {
                    if let Some(r) = main.1.iter().find(|r| conflict(m, r)) {
                        let (first, second) = if index(r) < index(m) { (r, m) } else { (m, r) };
                        push(
                            "self-contradiction",
                            m,
                            r,
                            format!("the article says both {} and {}", what(first), what(second)),
                            "the article also says this",
                        );
                    }
                }
            }
        }
        // Across articles: each article's view against the view most
        // articles hold, once per article and view.
        let article_count = |v: &[u32]| {
            let mut a: Vec<u32> = v.iter().map(article).collect();
            a.dedup();
            a.len()
        };
        let Some((main_key, main)) = classes.iter().max_by_key(|(_, v)| {
            (
                article_count(v),
                std::cmp::Reverse((article(&v[0]), index(&v[0]))),
            )
        }) else {
            return;
        };
        for (_, v) in classes.iter().filter(|(k, _)| k != main_key) {
            let mut seen_articles = Vec::new();
            for m in v {
                if seen_articles.contains(&article(m)) {
                    continue;
                }
                seen_articles.push(article(m));
                let Some(r) = main
                    .iter()
                    .find(|r| article(r) != article(m) && conflict(m, r))
                else {
                    continue;
                };
                let other_name = &sources.get(file(r)).name;
                push(
                    "disagreement",
                    m,
                    r,
                    format!(
                        "articles disagree: {} here, {} in {other_name}",
                        what(m),
                        what(r)
                    ),
                    "another article says this",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_positions_agree_with_line_col() {
        let text = "ab\nçd e\n\nxé y\nz";
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let Some(quoted) = text.get(start..end) else {
                    continue;
                };
                let (line, column) = crate::source::line_col(text, start);
                assert_eq!(
                    end_position(line, column, quoted),
                    crate::source::line_col(text, end),
                    "{start}..{end}"
                );
            }
        }
    }
}
