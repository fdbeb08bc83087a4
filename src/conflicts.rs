//! Claims that cannot all hold, whatever the rules say: within one article
//! (`self-contradiction`) and across the articles checked together
//! (`disagreement`).
//!
//! Every claim with resolved names is kept in a compact [`ConflictIndex`]
//! entry (ids into interned tables rather than strings of its own, and its
//! position in the article), so that a streaming check can let go of an
//! article once it is written out and still find conflicts at the end.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use crate::check::{ArticleReport, Finding};
use crate::diagnostic::Severity;
use crate::engine::{self, Decider};
use crate::lang::ast::TimeMode;
use crate::lang::RuleSet;
use crate::source::{FileId, SourceMap, Span};

/// One claim, as conflicts need it: 24 bytes, as there is one for every
/// claim of every article checked. Entries are added in the order of the
/// articles and, within one, of the claims, so the entry's own index
/// orders the claims of an article as their positions in it do.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index in `ConflictIndex::claims`: the resolved claim, its group and class.
    claim: u32,
    /// The article's position among the articles added, in order.
    article: u32,
    /// Index in `ConflictIndex::texts`: the claim's quoted text.
    text: u32,
    /// Where the claim starts in its article: byte offset (`u32::MAX` for
    /// an offset that does not fit, kept in `ConflictIndex::far_starts`),
    /// line, column.
    start: u32,
    line: u32,
    column: u32,
}

const _: () = assert!(std::mem::size_of::<Entry>() == 24);

/// An entry as the search for conflicts sorts it into groups: where it is,
/// what it states, and that statement's class.
#[derive(Debug, Clone, Copy, Default)]
struct Member {
    entry: u32,
    article: u32,
    /// Index in `ConflictIndex::claims`.
    stated: u32,
    /// Its class (index in `ConflictIndex::classes`).
    class: u32,
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

    /// Intern the strings of `other` in its order: each one's id here, by
    /// its id there.
    fn intern_all(&mut self, other: &Interner) -> Vec<u32> {
        other.strings.iter().map(|s| self.intern(s)).collect()
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
        use std::hash::BuildHasher;
        let hash = foldhash::fast::FixedState::with_seed(0).hash_one(s);
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
    /// The start of each entry whose offset does not fit in 32 bits (an
    /// article of more than 4 GiB), by entry.
    far_starts: HashMap<u32, usize>,
    /// The claim (index in `claims`) of each description met, by the
    /// address of its shared text. Judging hands one shared description to
    /// every claim exactly equal to the first (see `engine::memo`), so a
    /// claim whose description was met is that claim again: its group,
    /// class and index need not be found anew. The description is held, so
    /// that its address cannot be reused by another while it is a key.
    by_description: HashMap<usize, (Arc<str>, u32)>,
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

/// Where a shared text is held: the same for every clone of one `Arc`.
fn address(text: &Arc<str>) -> usize {
    Arc::as_ptr(text).cast::<u8>() as usize
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// [`write_group_key`] as a new string (for the reference in tests).
#[cfg(test)]
fn group_key(rules: &RuleSet, claim: &crate::engine::Claim) -> String {
    let mut key = String::new();
    write_group_key(rules, claim, &mut key);
    key
}

/// Claims about the same thing on the same day share this key: only they
/// can conflict. Written into `out` (cleared first): this runs for every
/// claim of every article, and the key is usually interned already.
fn write_group_key(rules: &RuleSet, claim: &crate::engine::Claim, out: &mut String) {
    // Written piece by piece, not with `write!`: this runs for every claim,
    // and formatting its number and date took more than the rest.
    out.clear();
    out.push_str(itoa::Buffer::new().format(claim.relation));
    out.push('|');
    rules.write_args(out, &claim.args, ",");
    out.push('|');
    write_date(out, claim.date);
    out.push('|');
    out.push_str(match claim.time {
        TimeMode::At => "At",
        TimeMode::Future => "Future",
        TimeMode::Ever => "Ever",
    });
}

/// `date` as its `Display` writes it (`YYYY-MM-DD` for years 0 to 9999).
fn write_date(out: &mut String, date: jiff::civil::Date) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = write!(out, "{date}");
        return;
    }
    let digits = |out: &mut String, n: i64, width: usize| {
        let mut buffer = itoa::Buffer::new();
        let n = buffer.format(n);
        out.extend(std::iter::repeat_n('0', width.saturating_sub(n.len())));
        out.push_str(n);
    };
    digits(out, i64::from(year), 4);
    out.push('-');
    digits(out, i64::from(date.month()), 2);
    out.push('-');
    digits(out, i64::from(date.day()), 2);
}

impl ConflictIndex {
    /// Add an article's claims, after the articles added before it. Its
    /// text must be in `sources` (for lines and columns).
    pub fn add_article(&mut self, rules: &RuleSet, sources: &SourceMap, article: &ArticleReport) {
        let position = to_u32(self.articles.len());
        self.articles.push(article.file);
        let file = sources.get(article.file);
        let mut key = String::new();
        // Claims come mostly in text order: each column is counted on
        // from the one before.
        let mut known = None;
        for c in &article.claims {
            let Some(claim) = &c.claim else {
                continue;
            };
            let id = match c.description.as_ref().and_then(|d| {
                self.by_description
                    .get(&address(d))
                    .filter(|(held, _)| Arc::ptr_eq(held, d))
            }) {
                Some(&(_, id)) => id,
                None => {
                    let id = self.stated_id(rules, claim, c.description.as_deref(), &mut key);
                    if let Some(d) = &c.description {
                        self.by_description.insert(address(d), (Arc::clone(d), id));
                    }
                    id
                }
            };
            let (line, column) = file.line_col_after(c.span.start, &mut known);
            let start = u32::try_from(c.span.start)
                .ok()
                .filter(|&s| s != u32::MAX)
                .unwrap_or_else(|| {
                    self.far_starts
                        .insert(to_u32(self.entries.len()), c.span.start);
                    u32::MAX
                });
            self.entries.push(Entry {
                claim: id,
                article: position,
                text: self.texts.add(&c.text),
                start,
                line: to_u32(line),
                column: to_u32(column),
            });
        }
    }

    /// The index in `claims` of `claim` with this description, added if new.
    fn stated_id(
        &mut self,
        rules: &RuleSet,
        claim: &crate::engine::Claim,
        description: Option<&str>,
        key: &mut String,
    ) -> u32 {
        write_group_key(rules, claim, key);
        let group = self.groups.intern(key);
        let class = self.classes.intern(description.unwrap_or_default());
        self.stated(group, class, description.is_some(), claim)
    }

    /// The index in `claims` of `claim` in this group and class, added if new.
    fn stated(
        &mut self,
        group: u32,
        class: u32,
        described: bool,
        claim: &crate::engine::Claim,
    ) -> u32 {
        let candidates = self.claim_ids.entry((group, class, described)).or_default();
        match candidates.iter().find(|&&id| {
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
        }
    }

    /// Add the articles of `other` after this index's, as if they had been
    /// added here one by one: each table (groups, classes, claims, texts)
    /// takes the items new to it in the order `other` met them, so ids
    /// come out as they would have. `renumber` gives the ids here of the
    /// files `other` knows (see [`SourceMap::append_from`]).
    pub fn append(&mut self, other: ConflictIndex, renumber: crate::source::Renumber) {
        let at = |ids: &[u32], id: u32| ids.get(id as usize).copied().unwrap_or(u32::MAX);
        let groups = self.groups.intern_all(&other.groups);
        let classes = self.classes.intern_all(&other.classes);
        let claims: Vec<u32> = other
            .claims
            .iter()
            .map(|s| {
                let (group, class) = (at(&groups, s.group), at(&classes, s.class));
                self.stated(group, class, s.described, &s.claim)
            })
            .collect();
        let texts: Vec<u32> = (0..to_u32(other.texts.ranges.len()))
            .map(|t| self.texts.add(other.texts.get(t)))
            .collect();
        let (first_article, first_entry) =
            (to_u32(self.articles.len()), to_u32(self.entries.len()));
        self.articles
            .extend(other.articles.iter().map(|&f| renumber.file(f)));
        self.entries.extend(other.entries.iter().map(|e| Entry {
            claim: at(&claims, e.claim),
            article: first_article.saturating_add(e.article),
            text: at(&texts, e.text),
            ..*e
        }));
        for (entry, start) in other.far_starts {
            self.far_starts
                .insert(first_entry.saturating_add(entry), start);
        }
        for (address, (description, claim)) in other.by_description {
            self.by_description
                .entry(address)
                .or_insert((description, at(&claims, claim)));
        }
    }

    /// The conflict findings, added to `found` (the report's own list: no
    /// second list of them is made), and the positions of the spans they
    /// point at (file, offset, line and column) for the source map to
    /// remember.
    pub fn findings(
        &self,
        rules: &RuleSet,
        sources: &SourceMap,
        found: &mut Vec<Finding>,
    ) -> Vec<Position> {
        self.findings_in_runs(rules, sources, found, 8)
    }

    /// [`Self::findings`], with groups shared out among threads in runs of
    /// at least `run` groups.
    fn findings_in_runs(
        &self,
        rules: &RuleSet,
        sources: &SourceMap,
        found: &mut Vec<Finding>,
        run: usize,
    ) -> Vec<Position> {
        // Entries by group, groups in the order of their keys, entries in
        // article order (a counting sort: no copy of the entries).
        let mut rank: Vec<u32> = (0..to_u32(self.groups.strings.len())).collect();
        rank.sort_by(|&a, &b| self.groups.get(a).cmp(self.groups.get(b)));
        let mut order_of_group = vec![0u32; rank.len()];
        for (order, &g) in rank.iter().enumerate() {
            order_of_group[g as usize] = to_u32(order);
        }
        // Per resolved claim, its group's order and its class: small
        // enough to stay in the caches while the entries are read through.
        let keys: Vec<(u32, u32)> = self
            .claims
            .iter()
            .map(|s| {
                let order = order_of_group.get(s.group as usize).copied();
                (order.unwrap_or(0), s.class)
            })
            .collect();
        let key = |e: &Entry| keys.get(e.claim as usize).copied().unwrap_or((0, 0));
        let mut starts = vec![0usize; rank.len() + 1];
        for e in &self.entries {
            starts[key(e).0 as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        // Each member carries what the groups are sorted out by, so that
        // a group is read side by side in memory, not entry by entry from
        // all over the index (which missed the caches at every member).
        let mut members = vec![Member::default(); self.entries.len()];
        for (i, e) in self.entries.iter().enumerate() {
            let (g, class) = key(e);
            members[next[g as usize]] = Member {
                entry: to_u32(i),
                article: e.article,
                stated: e.claim,
                class,
            };
            next[g as usize] += 1;
        }
        let group = |g: usize| &members[starts[g]..starts[g + 1]];
        let mut positions = Vec::new();
        if rayon::current_num_threads() <= 1 {
            for g in 0..rank.len() {
                self.conflicts_in_group(rules, sources, group(g), found, &mut positions);
            }
            return positions;
        }
        // Groups are independent: looked at in parallel, in runs of
        // consecutive groups whose results are joined in group order, so
        // the findings are the same, in the same order, for any number of
        // threads. (This runs at the end of a check, when nothing else is
        // left to run.)
        use rayon::prelude::*;
        let pieces: Vec<(Vec<Finding>, Vec<Position>)> = (0..rank.len())
            .into_par_iter()
            .with_min_len(run)
            .fold(
                || (Vec::new(), Vec::new()),
                |(mut found, mut positions), g| {
                    self.conflicts_in_group(rules, sources, group(g), &mut found, &mut positions);
                    (found, positions)
                },
            )
            .collect();
        // Grown once each, not piece by piece.
        found.reserve(pieces.iter().map(|(more, _)| more.len()).sum());
        positions.reserve(pieces.iter().map(|(_, at)| at.len()).sum());
        for (more, at) in pieces {
            found.extend(more);
            positions.extend(at);
        }
        positions
    }

    /// Conflicts among claims about one thing, reported against the view
    /// most articles (or, within an article, most claims) hold, so that one
    /// odd claim gives one finding, not one per claim it disagrees with.
    ///
    /// `members` are in article order. Every step is linear in the group's
    /// size (up to a sort), not quadratic: groups can hold a claim of most
    /// articles of a corpus.
    fn conflicts_in_group(
        &self,
        rules: &RuleSet,
        sources: &SourceMap,
        members: &[Member],
        found: &mut Vec<Finding>,
        positions: &mut Vec<Position>,
    ) {
        /// A member, copied out of the entries: the loops below read
        /// these, side by side in memory.
        #[derive(Clone, Copy)]
        struct M {
            article: u32,
            /// Its entry: in the order of the claims within an article.
            entry: u32,
            stated: u32,
            /// Position of its class in `classes`.
            class: usize,
        }
        // A group whose claims all assert the same thing (a group of one
        // claim, or of an agreed fact that many articles repeat) holds no
        // conflict: told before anything is built for it.
        if members
            .iter()
            .all(|m| members.first().map(|f| f.class) == Some(m.class))
        {
            return;
        }
        // Claims asserting the same thing form a class, in order of first
        // appearance; each class lists its members (indices into `ms`).
        let mut classes: Vec<(u32, Vec<usize>)> = Vec::new();
        let mut class_at: HashMap<u32, usize> = HashMap::new();
        let mut ms: Vec<M> = Vec::with_capacity(members.len());
        for member in members {
            let key = member.class;
            let class = *class_at.entry(key).or_insert_with(|| {
                classes.push((key, Vec::new()));
                classes.len() - 1
            });
            classes[class].1.push(ms.len());
            ms.push(M {
                article: member.article,
                entry: member.entry,
                stated: member.stated,
                class,
            });
        }
        if classes.len() < 2 {
            return;
        }
        let stated = |m: &M| &self.claims[m.stated as usize];
        let entry = |m: &M| self.entries[m.entry as usize];
        let text = |m: &M| self.texts.get(entry(m).text);
        let file = |m: &M| {
            self.articles
                .get(m.article as usize)
                .copied()
                .unwrap_or(FileId(0))
        };
        let start = |m: &M| match entry(m).start {
            u32::MAX => self.far_starts.get(&m.entry).copied().unwrap_or(0),
            s => s as usize,
        };
        let span = |m: &M| Span::new(file(m), start(m), start(m) + text(m).len());
        // Whether two claims cannot both hold depends only on the claims.
        let mut known: HashMap<(u32, u32), bool> = HashMap::new();
        let mut conflict = |x: &M, y: &M| {
            *known
                .entry((x.stated, y.stated))
                .or_insert_with(|| engine::incompatible(rules, &stated(x).claim, &stated(y).claim))
        };
        let what = |m: &M| {
            if stated(m).described {
                self.classes.get(stated(m).class)
            } else {
                text(m)
            }
        };
        let mut push =
            |code: &'static str, at: &M, other: &M, message: String, label: &'static str| {
                for m in [at, other] {
                    let e = entry(m);
                    let (line, column) = (e.line as usize, e.column as usize);
                    positions.push((file(m), start(m), (line, column)));
                    positions.push((file(m), span(m).end, end_position(line, column, text(m))));
                }
                found.push(Finding {
                    code: code.into(),
                    severity: Severity::Warning,
                    message,
                    help: Some(
                        "At most one of these claims can be true; check both against a source."
                            .into(),
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
        let mut run_start = 0;
        while run_start < ms.len() {
            let a = ms[run_start].article;
            let run_end = ms[run_start..]
                .iter()
                .position(|m| m.article != a)
                .map_or(ms.len(), |n| run_start + n);
            let run = &ms[run_start..run_end];
            if run
                .iter()
                .all(|m| run.first().map(|f| f.class) == Some(m.class))
            {
                // Most articles state a thing one way only: nothing to
                // look at (and nothing allocated for it).
                run_start = run_end;
                continue;
            }
            // The article's claims by class, classes in their order.
            let mut in_article: Vec<usize> = (run_start..run_end).collect();
            in_article.sort_by_key(|&i| ms[i].class);
            let local: Vec<&[usize]> = in_article
                .chunk_by(|&x, &y| ms[x].class == ms[y].class)
                .collect();
            run_start = run_end;
            let Some(main) = local
                .iter()
                .max_by_key(|v| (v.len(), std::cmp::Reverse(ms[v[0]].entry)))
            else {
                continue;
            };
            let main_class = ms[main[0]].class;
            for v in local.iter().filter(|v| ms[v[0]].class != main_class) {
                for &m in v.iter() {
                    let m = ms[m];
                    let Some(r) = main.iter().map(|&r| ms[r]).find(|r| conflict(&m, r)) else {
                        continue;
                    };
                    let (first, second) = if r.entry < m.entry { (r, m) } else { (m, r) };
                    push(
                        "self-contradiction",
                        &m,
                        &r,
                        format!(
                            "the article says both {} and {}",
                            what(&first),
                            what(&second)
                        ),
                        "the article also says this",
                    );
                }
            }
        }
        // Across articles: each article's view against the view most
        // articles hold, once per article and view.
        let article_count = |v: &[usize]| {
            let mut a: Vec<u32> = v.iter().map(|&m| ms[m].article).collect();
            a.dedup();
            a.len()
        };
        let Some((main_key, main)) = classes.iter().max_by_key(|(_, v)| {
            (
                article_count(v),
                std::cmp::Reverse((ms[v[0]].article, ms[v[0]].entry)),
            )
        }) else {
            return;
        };
        // For each claim of the main view: where it first appears, and
        // where it first appears in another article than that.
        let mut firsts: Vec<(u32, usize, Option<usize>)> = Vec::new();
        for (p, &r) in main.iter().enumerate() {
            let r = ms[r];
            match firsts.iter_mut().find(|(s, _, _)| *s == r.stated) {
                None => firsts.push((r.stated, p, None)),
                Some((_, p1, p2)) => {
                    if p2.is_none() && ms[main[*p1]].article != r.article {
                        *p2 = Some(p);
                    }
                }
            }
        }
        for (_, v) in classes.iter().filter(|(k, _)| k != main_key) {
            let mut last_article = None;
            for &m in v {
                let m = ms[m];
                // Members are in article order: one finding per article.
                if last_article == Some(m.article) {
                    continue;
                }
                last_article = Some(m.article);
                // The first claim of the main view in another article that
                // cannot hold together with this one.
                let mut best: Option<usize> = None;
                for &(_, p1, p2) in &firsts {
                    let candidate = if ms[main[p1]].article != m.article {
                        Some(p1)
                    } else {
                        p2
                    };
                    let Some(p) = candidate else {
                        continue;
                    };
                    if best.is_some_and(|b| b < p) || !conflict(&m, &ms[main[p]]) {
                        continue;
                    }
                    best = Some(p);
                }
                let Some(r) = best.map(|p| ms[main[p]]) else {
                    continue;
                };
                let other_name = &sources.get(file(&r)).name;
                push(
                    "disagreement",
                    &m,
                    &r,
                    format!(
                        "articles disagree: {} here, {} in {other_name}",
                        what(&m),
                        what(&r)
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
    fn group_keys_are_written_as_formatting_writes_them() {
        use jiff::civil::date;
        let rules = RuleSet::default();
        for (relation, day, time) in [
            (0, date(2024, 7, 3), TimeMode::At),
            (17, date(5, 1, 9), TimeMode::Future),
            (123_456, date(9999, 12, 31), TimeMode::Ever),
            (3, date(0, 2, 29), TimeMode::At),
            (4, date(-1, 1, 1), TimeMode::At),
            (5, date(-9999, 1, 1), TimeMode::Ever),
        ] {
            let claim = engine::Claim {
                relation,
                args: vec![None, None],
                assertion: engine::Assertion::Holds {
                    negated: false,
                    value: None,
                },
                date: day,
                time,
            };
            let mut key = String::from("left over");
            write_group_key(&rules, &claim, &mut key);
            assert_eq!(key, format!("{relation}|_,_|{day}|{time:?}"));
        }
    }

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

/// The conflicts as first written (quadratic in a group's size, over the
/// articles held in memory), to check the linear version against.
#[cfg(test)]
mod reference {
    use super::*;
    use crate::check::{JudgedClaim, Report};

    pub fn conflicts(report: &Report, rules: &RuleSet) -> Vec<Finding> {
        let mut groups: std::collections::BTreeMap<String, Vec<(usize, usize)>> =
            Default::default();
        for (ai, a) in report.articles.iter().enumerate() {
            for (ci, c) in a.claims.iter().enumerate() {
                if let Some(claim) = &c.claim {
                    groups
                        .entry(group_key(rules, claim))
                        .or_default()
                        .push((ai, ci));
                }
            }
        }
        let mut found = Vec::new();
        for members in groups.values() {
            in_group(report, rules, members, &mut found);
        }
        found
    }

    fn in_group(
        report: &Report,
        rules: &RuleSet,
        members: &[(usize, usize)],
        found: &mut Vec<Finding>,
    ) {
        let claim = |&(a, c): &(usize, usize)| &report.articles[a].claims[c];
        let class_of = |m: &(usize, usize)| {
            claim(m)
                .description
                .as_deref()
                .unwrap_or_default()
                .to_string()
        };
        let mut classes: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
        for m in members {
            let k = class_of(m);
            match classes.iter_mut().find(|(key, _)| *key == k) {
                Some((_, v)) => v.push(*m),
                None => classes.push((k, vec![*m])),
            }
        }
        if classes.len() < 2 {
            return;
        }
        let conflict =
            |x: &(usize, usize), y: &(usize, usize)| match (&claim(x).claim, &claim(y).claim) {
                (Some(cx), Some(cy)) => engine::incompatible(rules, cx, cy),
                _ => false,
            };
        let what = |c: &JudgedClaim| c.description.as_deref().unwrap_or(&c.text).to_string();
        let mut push = |code: &'static str,
                        at: &JudgedClaim,
                        other: &JudgedClaim,
                        message: String,
                        label: &'static str| {
            found.push(Finding {
                code: code.into(),
                severity: Severity::Warning,
                message,
                help: Some(
                    "At most one of these claims can be true; check both against a source.".into(),
                ),
                span: at.span,
                text: at.text.clone(),
                rule: None,
                deciding: vec![Decider {
                    span: other.span,
                    label: label.into(),
                }],
                label: "cannot hold together with the other".into(),
            });
        };
        let mut articles: Vec<usize> = members.iter().map(|m| m.0).collect();
        articles.dedup();
        for &a in &articles {
            let local: Vec<(&String, Vec<(usize, usize)>)> = classes
                .iter()
                .map(|(k, v)| {
                    (
                        k,
                        v.iter().filter(|m| m.0 == a).copied().collect::<Vec<_>>(),
                    )
                })
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let Some(main) = local
                .iter()
                .max_by_key(|(_, v)| (v.len(), std::cmp::Reverse(v[0].1)))
            else {
                continue;
            };
            for (_, v) in local.iter().filter(|(k, _)| *k != main.0) {
                for m in v {
                    if let Some(r) = main.1.iter().find(|r| conflict(m, r)) {
                        let (first, second) = if r.1 < m.1 {
                            (claim(r), claim(m))
                        } else {
                            (claim(m), claim(r))
                        };
                        push(
                            "self-contradiction",
                            claim(m),
                            claim(r),
                            format!("the article says both {} and {}", what(first), what(second)),
                            "the article also says this",
                        );
                    }
                }
            }
        }
        let article_count = |v: &[(usize, usize)]| {
            let mut a: Vec<usize> = v.iter().map(|m| m.0).collect();
            a.dedup();
            a.len()
        };
        let Some((main_key, main)) = classes
            .iter()
            .max_by_key(|(_, v)| (article_count(v), std::cmp::Reverse(v[0])))
        else {
            return;
        };
        for (_, v) in classes.iter().filter(|(k, _)| k != main_key) {
            let mut seen_articles = Vec::new();
            for m in v {
                if seen_articles.contains(&m.0) {
                    continue;
                }
                seen_articles.push(m.0);
                let Some(r) = main.iter().find(|r| r.0 != m.0 && conflict(m, r)) else {
                    continue;
                };
                let other_name = report.sources.get(claim(r).span.file).name.clone();
                push(
                    "disagreement",
                    claim(m),
                    claim(r),
                    format!(
                        "articles disagree: {} here, {} in {other_name}",
                        what(claim(m)),
                        what(claim(r))
                    ),
                    "another article says this",
                );
            }
        }
    }

    /// Articles made of sentences that agree and disagree in many ways,
    /// checked with both versions.
    #[test]
    fn the_linear_conflicts_are_those_of_the_first_version() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load_files(&[root.join("rules/sco.facts")]);
        assert!(!loaded.has_errors());
        let rules = &loaded.rules;
        let sentences = [
            "The nine-member SCO met.",
            "The ten-member SCO met.",
            "The eight-member SCO met.",
            "Belarus is a member of the SCO.",
            "Belarus is not a member of the SCO.",
            "The SCO was founded in 1996.",
            "The SCO was founded in 2001.",
            "The SCO was founded in 1999.",
            "India is a member of the SCO.",
            "India is not a member of the SCO.",
            "Iran is a member of the SCO.",
            "Iran is not a member of the SCO.",
            "Pakistan is not a member of the SCO.",
            "Pakistan is a member of the SCO.",
        ];
        let dir = std::env::temp_dir().join(format!("factlint-conflicts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        // A fixed pseudo-random sequence (a linear congruential generator).
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for i in 0..60 {
            let date = if next(3) == 0 {
                "2024-07-03"
            } else {
                "2024-07-05"
            };
            let mut text = format!("---\ndate: {date}\n---\n");
            for _ in 0..1 + next(6) {
                text.push_str(sentences[next(sentences.len() as u64) as usize]);
                text.push_str(if next(2) == 0 { " " } else { "\n\n" });
            }
            std::fs::write(dir.join(format!("a{i:02}.txt")), text).expect("write");
        }
        let today = jiff::civil::date(2024, 7, 10);
        let report = crate::check::check_articles(rules, std::slice::from_ref(&dir), None, today);
        let _ = std::fs::remove_dir_all(&dir);
        // The findings of the index, and of the first version. The index's
        // are the same on one thread and when its groups are shared out
        // among four threads, one group at a time.
        let pool = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool of threads")
        };
        let (one, four) = (pool(1), pool(4));
        let both = |report: &Report| {
            let mut index = ConflictIndex::default();
            for a in &report.articles {
                index.add_article(rules, &report.sources, a);
            }
            let mut linear = Vec::new();
            let at = one.install(|| index.findings(rules, &report.sources, &mut linear));
            let mut shared = Vec::new();
            let at_shared =
                four.install(|| index.findings_in_runs(rules, &report.sources, &mut shared, 1));
            assert_eq!(at, at_shared);
            assert_eq!(format!("{linear:#?}"), format!("{shared:#?}"));
            (linear, conflicts(report, rules))
        };
        let (linear, first) = both(&report);
        assert!(first.len() > 20, "{}", first.len());
        assert!(first.iter().any(|f| f.code == "self-contradiction"));
        assert!(first.iter().any(|f| f.code == "disagreement"));
        assert_eq!(format!("{linear:#?}"), format!("{first:#?}"));

        // Claims past 4 GiB into their article (offsets kept apart from
        // the entries' 32 bits) are found at their own offsets too: every
        // other claim is moved there, and one to exactly `u32::MAX`.
        let mut far = report.clone();
        let mut moved = 0;
        for a in &mut far.articles {
            for c in a.claims.iter_mut().filter(|c| c.index % 2 == 0) {
                let by = if moved == 0 {
                    u32::MAX as usize - c.span.start
                } else {
                    (1 << 32) + 7
                };
                c.span.start += by;
                c.span.end += by;
                moved += 1;
            }
        }
        let (linear, first) = both(&far);
        assert!(first.iter().any(|f| f.span.start > u32::MAX as usize));
        assert_eq!(format!("{linear:#?}"), format!("{first:#?}"));
    }
}
