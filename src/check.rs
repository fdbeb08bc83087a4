//! Checking: claims files in, a [`Report`] out. Reads each claims file and
//! its article, resolves and judges every claim, and turns contradicted
//! claims into findings. A bad claims file or a bad claim is reported and
//! the rest is still checked.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use compact_str::CompactString;

use jiff::civil::Date;

use crate::claims::{self, ClaimRecord};
use crate::diagnostic::{Diag, Label, Severity};
use crate::engine::{self, Decider, Judgement, Verdict};
use crate::lang::RuleSet;
use crate::source::{FileId, SourceMap, Span};

pub use crate::article::DateSource;

#[derive(Debug, Clone)]
pub struct JudgedClaim {
    pub index: usize,
    /// The relation the claim names, as it names it (the rules may not
    /// declare it). Copied, not shared: names are short, and a shared
    /// name's reference count, changed for every claim on every thread,
    /// made the threads wait on each other.
    pub relation: CompactString,
    /// The article's text at `span`, quoted.
    pub text: String,
    pub span: Span,
    /// The claim in rule-file notation, when it could be resolved.
    /// (Shared with the other claims that are the same claim.)
    pub description: Option<Arc<str>>,
    /// The claim with its names resolved, when they could be.
    pub claim: Option<engine::Claim>,
    /// The verdict (shared like the description).
    pub judgement: Arc<Judgement>,
}

#[derive(Debug, Clone)]
pub struct ArticleReport {
    pub file: FileId,
    /// The claims file the claims came from; `None` when factlint extracted them.
    pub claims_file: Option<FileId>,
    pub date: Date,
    pub date_source: DateSource,
    pub claims: Vec<JudgedClaim>,
}

/// A problem in an article that a person should look at.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<Cow<'static, str>>,
    /// The claim's span in the article.
    pub span: Span,
    pub text: String,
    /// The constraint that decided, by name.
    pub rule: Option<String>,
    /// Statements in the rule files that decided.
    pub deciding: Vec<Decider>,
    /// The label under the claim in the article.
    pub label: Cow<'static, str>,
}

impl From<&Finding> for Diag {
    fn from(f: &Finding) -> Diag {
        f.to_diag()
    }
}

impl Finding {
    pub fn to_diag(&self) -> Diag {
        let mut d =
            Diag::error(self.code.clone(), self.message.clone()).with_severity(self.severity);
        d = d.with_label(Label::primary(self.span, self.label.clone()));
        for dec in &self.deciding {
            d = d.with_label(Label::secondary(dec.span, dec.label.clone()));
        }
        if let Some(h) = &self.help {
            d = d.with_help(h.clone());
        }
        d
    }
}

/// Everything one `check` run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Rule files and articles: every span points in here.
    pub sources: SourceMap,
    pub articles: Vec<ArticleReport>,
    /// Sorted by (file, offset, code).
    pub findings: Vec<Finding>,
    /// Files that could not be checked, and claims that are not well-formed.
    pub errors: Vec<Diag>,
    /// Articles larger than this many bytes are not read (reported instead).
    pub max_article_bytes: u64,
    /// Articles that a streaming check ([`check_articles_streaming`]) has
    /// handed out and let go of: what the end of the run needs of them.
    pub retired: Retired,
}

/// What the end of a run needs of articles no longer held: their counts,
/// the articles without a date, their claims in compact form for conflicts
/// across articles, and their `factlint-ignore` comments.
#[derive(Debug, Clone, Default)]
pub struct Retired {
    pub articles: usize,
    pub claims: usize,
    pub supported: usize,
    pub contradicted: usize,
    pub unverifiable: usize,
    /// Articles checked as of today for want of a date: file and date.
    pub undated: Vec<(FileId, Date)>,
    conflicts: crate::conflicts::ConflictIndex,
    /// Suppressions, by the file they are in.
    suppressions: Vec<(FileId, Vec<crate::suppress::Suppression>)>,
}

/// The default limit on an article's size: far above any news article, low
/// enough that a stray dump or archive is refused before it is read.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

impl Report {
    pub fn new(rules: &RuleSet) -> Self {
        Report {
            sources: rules.sources.clone(),
            articles: Vec::new(),
            findings: Vec::new(),
            errors: Vec::new(),
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            retired: Retired::default(),
        }
    }

    /// How many claims got this verdict, in every article checked.
    pub fn count(&self, verdict: Verdict) -> usize {
        let retired = match verdict {
            Verdict::Supported => self.retired.supported,
            Verdict::Contradicted => self.retired.contradicted,
            Verdict::Unverifiable => self.retired.unverifiable,
        };
        retired
            + self
                .articles
                .iter()
                .flat_map(|a| &a.claims)
                .filter(|c| c.judgement.verdict == verdict)
                .count()
    }

    /// How many articles were checked (held or retired).
    pub fn article_count(&self) -> usize {
        self.retired.articles + self.articles.len()
    }

    /// How many claims were judged, in every article checked.
    pub fn claim_count(&self) -> usize {
        self.retired.claims + self.articles.iter().map(|a| a.claims.len()).sum::<usize>()
    }

    /// Articles checked as of today for want of a date, in order: file and date.
    pub fn undated(&self) -> Vec<(FileId, Date)> {
        let held = self
            .articles
            .iter()
            .filter(|a| a.date_source == DateSource::Today)
            .map(|a| (a.file, a.date));
        self.retired.undated.iter().copied().chain(held).collect()
    }

    /// Let go of an article that was handed out: keep its counts, its date
    /// if it had none, its claims in compact form for conflicts and its
    /// suppressions; take in its findings and errors, with the positions
    /// of everything they point at in it; and, with `release`, drop its
    /// text from the source map.
    fn retire(&mut self, rules: &RuleSet, article: ArticleReport, sink: Sink, release: bool) {
        for f in &sink.findings {
            for span in std::iter::once(f.span).chain(f.deciding.iter().map(|d| d.span)) {
                if span.file == article.file {
                    self.sources.remember(span);
                }
            }
        }
        for d in &sink.errors {
            for l in d.labels.iter().filter(|l| l.span.file == article.file) {
                self.sources.remember(l.span);
            }
        }
        self.absorb(sink);
        let r = &mut self.retired;
        r.articles += 1;
        r.claims += article.claims.len();
        for c in &article.claims {
            match c.judgement.verdict {
                Verdict::Supported => r.supported += 1,
                Verdict::Contradicted => r.contradicted += 1,
                Verdict::Unverifiable => r.unverifiable += 1,
            }
        }
        if article.date_source == DateSource::Today {
            r.undated.push((article.file, article.date));
        }
        r.conflicts.add_article(rules, &self.sources, &article);
        let text = self.sources.get(article.file).text.clone();
        let suppressions = crate::suppress::find(article.file, &text);
        for s in &suppressions {
            self.sources.remember(s.span);
        }
        if !suppressions.is_empty() {
            self.retired.suppressions.push((article.file, suppressions));
        }
        if release {
            self.sources.release(article.file);
        }
    }

    /// Whether a file could not be checked (warnings, such as a skipped
    /// binary file, do not count).
    pub fn has_errors(&self) -> bool {
        self.errors.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn findings_at(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Complete the report once every article is in: findings across
    /// articles, suppressions, sorting. Call it once.
    pub fn finish(&mut self, rules: &RuleSet) {
        self.add_conflicts(rules);
        self.apply_suppressions();
        self.sort();
    }

    /// Hide the findings that `factlint-ignore` comments cover, and report
    /// the comments that lack a reason, name unknown codes or hide nothing.
    fn apply_suppressions(&mut self) {
        let mut files: Vec<FileId> = self.articles.iter().map(|a| a.file).collect();
        files.sort();
        files.dedup();
        let mut all: Vec<(FileId, Vec<crate::suppress::Suppression>)> = files
            .into_iter()
            .map(|file| {
                let text = self.sources.get(file).text.clone();
                (file, crate::suppress::find(file, &text))
            })
            .chain(self.retired.suppressions.iter().cloned())
            .collect();
        all.sort_by_key(|(file, _)| *file);
        all.dedup_by_key(|(file, _)| *file);
        let used = hide_suppressed(&mut self.findings, &all);
        let mut added = Vec::new();
        for ((_, suppressions), used) in all.into_iter().zip(used) {
            for (s, used) in suppressions.into_iter().zip(used) {
                let known = s.codes.iter().any(|c| crate::codes::lookup(c).is_some());
                let finding = |code: &'static str,
                               severity: Severity,
                               message: String,
                               help: Cow<'static, str>| Finding {
                    code: code.into(),
                    severity,
                    message,
                    help: Some(help),
                    span: s.span,
                    text: s.text.clone(),
                    rule: None,
                    deciding: Vec::new(),
                    label: "this comment".into(),
                };
                for c in s.codes.iter().filter(|c| crate::codes::lookup(c).is_none()) {
                    let codes = crate::codes::FINDING_CODES.iter().map(|c| c.code);
                    let hint = crate::lang::did_you_mean(c, codes)
                        .map_or(String::new(), |m| format!(" Did you mean `{m}`?"));
                    added.push(finding(
                        "invalid-suppression",
                        Severity::Warning,
                        format!("`{c}` is not a finding code"),
                        format!("The codes are listed in docs/findings.md.{hint}").into(),
                    ));
                }
                if s.codes.is_empty() {
                    added.push(finding(
                        "invalid-suppression",
                        Severity::Warning,
                        "this factlint-ignore names no finding code".into(),
                        "Write `<!-- factlint-ignore CODE: reason -->`, e.g. `<!-- factlint-ignore stale: quoted from 2023 -->`.".into(),
                    ));
                }
                if s.reason.is_none() {
                    added.push(finding(
                        "suppression-without-reason",
                        Severity::Warning,
                        "this factlint-ignore gives no reason".into(),
                        "Say why after a colon: `<!-- factlint-ignore stale: quoted from a 2023 speech -->`.".into(),
                    ));
                }
                if !used && known {
                    added.push(finding(
                        "unused-suppression",
                        Severity::Advice,
                        format!(
                            "this factlint-ignore hides nothing ({})",
                            s.codes.join(", ")
                        ),
                        "Remove it: no finding with these codes is in the paragraph after it."
                            .into(),
                    ));
                }
            }
        }
        self.findings.extend(added);
    }

    /// Findings about claims that cannot all hold, whatever the rules say:
    /// within one article (`self-contradiction`) and across the articles
    /// checked together (`disagreement`).
    pub fn add_conflicts(&mut self, rules: &RuleSet) {
        // Computed afresh over every article so far.
        self.findings
            .retain(|f| f.code != "self-contradiction" && f.code != "disagreement");
        // Retired articles first, then those held, in order.
        let held = (!self.articles.is_empty()).then(|| {
            let mut index = self.retired.conflicts.clone();
            for a in &self.articles {
                index.add_article(rules, &self.sources, a);
            }
            index
        });
        let index = held.as_ref().unwrap_or(&self.retired.conflicts);
        let positions = index.findings(rules, &self.sources, &mut self.findings);
        for (file, offset, line_col) in positions {
            if self.sources.get(file).is_released() {
                self.sources.remember_position(file, offset, line_col);
            }
        }
    }

    pub fn sort(&mut self) {
        let sources = &self.sources;
        // A stable sort by (file name, start, end, code, message), comparing
        // in place: no copy of the keys of every finding. File names are
        // compared by their rank among the names (equal names, equal rank).
        let rank = sources.name_ranks();
        let key = |f: &'_ Finding| {
            (
                rank.get(f.span.file.0 as usize).copied(),
                f.span.start,
                f.span.end,
            )
        };
        let order = |a: &Finding, b: &Finding| {
            key(a)
                .cmp(&key(b))
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.message.cmp(&b.message))
        };
        // Both sorts are stable: the same order with any number of threads.
        if rayon::current_num_threads() > 1 {
            use rayon::slice::ParallelSliceMut;
            self.findings.par_sort_by(order);
        } else {
            self.findings.sort_by(order);
        }
        self.errors.sort_by_cached_key(|d| d.sort_key(sources));
        self.articles
            .sort_by_cached_key(|a| sources.get(a.file).name.clone());
    }
}

/// Remove from `findings` those a suppression of their file covers: it
/// names their code (a known one) and its paragraph holds where they
/// start. `all` is each file's suppressions, sorted by file. Returns, for
/// each suppression of `all`, whether it hid a finding; a finding that more
/// than one would hide is hidden by the first of its file.
///
/// One pass over the findings, each looking among its own file's
/// suppressions by where their paragraphs start: a pass per suppression
/// over every finding took seconds for an archive whose articles each
/// carry a comment.
fn hide_suppressed(
    findings: &mut Vec<Finding>,
    all: &[(FileId, Vec<crate::suppress::Suppression>)],
) -> Vec<Vec<bool>> {
    let mut used: Vec<Vec<bool>> = all.iter().map(|(_, s)| vec![false; s.len()]).collect();
    if all.iter().all(|(_, s)| s.is_empty()) {
        return used;
    }
    // For each file: its suppressions by where their paragraphs start, with
    // the furthest any of them up to there reaches, and the known codes of
    // each.
    struct Covers<'a> {
        by_start: Vec<usize>,
        reach: Vec<usize>,
        known: Vec<Vec<&'a str>>,
    }
    let covers: Vec<Covers> = all
        .iter()
        .map(|(_, suppressions)| {
            let mut by_start: Vec<usize> = (0..suppressions.len()).collect();
            by_start.sort_by_key(|&i| suppressions.get(i).map(|s| s.covers.0));
            let mut furthest = 0;
            let reach = by_start
                .iter()
                .map(|&i| {
                    furthest = furthest.max(suppressions.get(i).map_or(0, |s| s.covers.1));
                    furthest
                })
                .collect();
            let known = suppressions
                .iter()
                .map(|s| {
                    s.codes
                        .iter()
                        .map(String::as_str)
                        .filter(|c| crate::codes::lookup(c).is_some())
                        .collect()
                })
                .collect();
            Covers {
                by_start,
                reach,
                known,
            }
        })
        .collect();
    findings.retain(|f| {
        let Ok(k) = all.binary_search_by_key(&f.span.file, |(file, _)| *file) else {
            return true;
        };
        let (Some((_, suppressions)), Some(c)) = (all.get(k), covers.get(k)) else {
            return true;
        };
        let at = f.span.start;
        // Those whose paragraphs start at or before the finding, nearest
        // first, until none before reaches it.
        let before = c
            .by_start
            .partition_point(|&i| suppressions.get(i).is_some_and(|s| s.covers.0 <= at));
        let mut first: Option<usize> = None;
        for j in (0..before).rev() {
            if c.reach.get(j).is_none_or(|&r| r <= at) {
                break;
            }
            let Some(&i) = c.by_start.get(j) else { break };
            let hides = suppressions.get(i).is_some_and(|s| at < s.covers.1)
                && c.known.get(i).is_some_and(|k| k.contains(&&*f.code));
            if hides {
                first = Some(first.map_or(i, |x| x.min(i)));
            }
        }
        match first.and_then(|i| used.get_mut(k).and_then(|u| u.get_mut(i))) {
            Some(u) => {
                *u = true;
                false
            }
            None => true,
        }
    });
    used
}

/// Check claims files against a rule set. `default_date` is the date for
/// articles whose claims file gives none; without it they are checked as of
/// `today`.
pub fn check_claims_files<P: AsRef<Path>>(
    rules: &RuleSet,
    paths: &[P],
    default_date: Option<Date>,
    today: Date,
) -> Report {
    let mut report = Report::new(rules);
    check_claims_files_into(&mut report, rules, paths, default_date, today);
    report.finish(rules);
    report
}

/// [`check_claims_files`], adding to an existing report; call
/// [`Report::finish`] when every file is in.
pub fn check_claims_files_into<P: AsRef<Path>>(
    report: &mut Report,
    rules: &RuleSet,
    paths: &[P],
    default_date: Option<Date>,
    today: Date,
) {
    for p in paths {
        check_claims_file(rules, p.as_ref(), default_date, today, report);
    }
}

fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {what} `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} `{}` is not UTF-8 text: invalid byte at offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn check_claims_file(
    rules: &RuleSet,
    path: &Path,
    default_date: Option<Date>,
    today: Date,
    report: &mut Report,
) {
    let name = path.display().to_string();
    let text = match read_text(path, "claims file") {
        Ok(t) => t,
        Err(m) => {
            report.errors.push(
                Diag::error("unreadable-claims", m)
                    .with_help("Check the path given to --claims.")
                    .about_file(name, path),
            );
            return;
        }
    };
    let claims_file = report.sources.add(name.clone(), path, text.clone());
    let files = match claims::parse(claims_file, &text) {
        Ok(p) => p,
        Err(d) => {
            report.errors.push(d);
            return;
        }
    };
    for parsed in files {
        check_one_claims_file(
            rules,
            path,
            &name,
            claims_file,
            parsed,
            default_date,
            today,
            report,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_one_claims_file(
    rules: &RuleSet,
    path: &Path,
    name: &str,
    claims_file: FileId,
    parsed: claims::ClaimsFile,
    default_date: Option<Date>,
    today: Date,
    report: &mut Report,
) {
    // Relative to the claims file's folder; failing that, to the current
    // folder (where `factlint extract` was run and wrote the path).
    let beside: PathBuf = path.parent().map_or_else(
        || PathBuf::from(&parsed.article.path),
        |d| d.join(&parsed.article.path),
    );
    let as_given = PathBuf::from(&parsed.article.path);
    let article_path = if !beside.exists() && as_given.exists() {
        as_given
    } else {
        beside
    };
    let article_name = article_path.display().to_string();
    let article_text =
        match read_article_text(&article_path, &article_name, report.max_article_bytes) {
            // Articles of claims files are kept whole: never released.
            Ok((text, _)) => text,
            Err(e) => {
                let mut d = e.to_diag().about_file(article_name, &article_path);
                d.message = format!("{} (named in `{name}`)", d.message);
                if let crate::article::ReadError::Io { .. } = e {
                    d.help = Some(
                        "`article.path` is relative to the folder of the claims file.".to_string(),
                    );
                }
                report.errors.push(d);
                return;
            }
        };
    let (date, date_source) = match &parsed.article.date {
        Some(s) => {
            match claims::parse_date(s) {
                Some(d) => (d, DateSource::Claims),
                None => {
                    report.errors.push(
                    Diag::error("claims-json", format!("`article.date` in `{name}` is {s:?}, not a date like \"2024-07-04\""))
                        .with_help("Give the date the article speaks as of, year-month-day."),
                );
                    return;
                }
            }
        }
        None => match default_date {
            Some(d) => (d, DateSource::Option),
            None => (today, DateSource::Today),
        },
    };
    let article = report
        .sources
        .add(article_name, &article_path, article_text.clone());
    let mut sink = Sink::default();
    let judged = judge_claims(
        rules,
        &mut sink,
        article,
        &article_text,
        parsed.claims.into_iter().map(ToJudge::record),
        date,
        name,
        &engine::Memo::default(),
    );
    add_misspellings(&mut sink, article, article_text.len(), &parsed.misspellings);
    report.absorb(sink);
    report.articles.push(ArticleReport {
        file: article,
        claims_file: Some(claims_file),
        date,
        date_source,
        claims: judged,
    });
}

/// Findings and errors produced while checking one article, merged into
/// the report afterwards (articles are checked in parallel).
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub findings: Vec<Finding>,
    pub errors: Vec<Diag>,
}

impl Report {
    /// A report for a part of a check run apart (see
    /// [`check_articles_streaming`]): this one's files, rules and limit,
    /// nothing found yet. [`Report::append`] takes it back in.
    fn part(&self) -> Report {
        Report {
            sources: self.sources.clone(),
            articles: Vec::new(),
            findings: Vec::new(),
            errors: Vec::new(),
            max_article_bytes: self.max_article_bytes,
            retired: Retired::default(),
        }
    }

    /// Take in a [`Report::part`] made when this report held `base`
    /// files, as if its articles had been checked here after this
    /// report's: its files, findings, errors, articles and what was kept
    /// of its retired ones, with their file ids renumbered.
    fn append(&mut self, part: Report, base: usize) {
        let renumber = self.sources.append_from(part.sources, base);
        let span = |s: Span| renumber.span(s);
        self.findings.extend(part.findings.into_iter().map(|mut f| {
            f.span = span(f.span);
            for d in &mut f.deciding {
                d.span = span(d.span);
            }
            f
        }));
        self.errors.extend(part.errors.into_iter().map(|mut d| {
            for l in &mut d.labels {
                l.span = span(l.span);
            }
            d
        }));
        self.articles.extend(part.articles.into_iter().map(|mut a| {
            a.file = renumber.file(a.file);
            a.claims_file = a.claims_file.map(|f| renumber.file(f));
            for c in &mut a.claims {
                c.span = span(c.span);
            }
            a
        }));
        let (r, p) = (&mut self.retired, part.retired);
        r.articles += p.articles;
        r.claims += p.claims;
        r.supported += p.supported;
        r.contradicted += p.contradicted;
        r.unverifiable += p.unverifiable;
        r.undated
            .extend(p.undated.into_iter().map(|(f, d)| (renumber.file(f), d)));
        r.conflicts.append(p.conflicts, renumber);
        r.suppressions
            .extend(p.suppressions.into_iter().map(|(f, mut list)| {
                for s in &mut list {
                    s.span = span(s.span);
                }
                (renumber.file(f), list)
            }));
    }

    fn absorb(&mut self, sink: Sink) {
        self.findings.extend(sink.findings);
        self.errors.extend(sink.errors);
    }
}

/// A claim to judge: read from a claims file, or by the extractor.
pub(crate) struct ToJudge {
    pub relation: CompactString,
    pub text: String,
    pub span: claims::ByteSpan,
    pub claim: Given,
}

/// A claim as it came: a record, resolved by name when judged, or as the
/// extractor read it, with its values typed already.
pub(crate) enum Given {
    Record(ClaimRecord),
    Extracted(claims::ExtractedClaim),
}

impl ToJudge {
    /// The text moves here: resolving does not read it.
    pub fn record(mut record: ClaimRecord) -> Self {
        ToJudge {
            relation: CompactString::from(&*record.relation),
            text: std::mem::take(&mut record.text),
            span: record.span,
            claim: Given::Record(record),
        }
    }

    pub fn extracted(rules: &RuleSet, mut claim: claims::ExtractedClaim) -> Self {
        ToJudge {
            relation: claim.relation_name(rules).into(),
            text: std::mem::take(&mut claim.text),
            span: claim.span,
            claim: Given::Extracted(claim),
        }
    }
}

/// Judge claims about one article: check their spans, resolve (records,
/// by name) and judge them (verdicts remembered in `memo`), and add a
/// finding for each contradicted or unusable one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge_claims(
    rules: &RuleSet,
    sink: &mut Sink,
    article: FileId,
    article_text: &str,
    claims: impl IntoIterator<Item = ToJudge>,
    date: Date,
    source_name: &str,
    memo: &engine::Memo,
) -> Vec<JudgedClaim> {
    let claims = claims.into_iter();
    let mut judged = Vec::with_capacity(claims.size_hint().0);
    for (index, given) in claims.into_iter().enumerate() {
        if let Err(why) = claims::check_span(article_text, given.span, &given.text) {
            sink.errors.push(
                Diag::error("claim-span", format!("claim {} in `{source_name}` does not fit its article: {why}", index + 1))
                    .with_help("Spans are byte offsets into the article file, end excluded, and `text` is exactly the bytes they cover."),
            );
            continue;
        }
        let span = Span::new(article, given.span.start, given.span.end);
        let resolved = match given.claim {
            Given::Record(r) => claims::resolve(rules, &r, date),
            Given::Extracted(c) => c.into_claim(date),
        };
        let (description, judgement, claim) = match resolved {
            Ok(claim) => {
                let (what, judgement) = memo.judge(rules, &claim);
                (Some(what), judgement, Some(claim))
            }
            Err(j) => (None, Arc::new(j), None),
        };
        if judgement.verdict == Verdict::Contradicted {
            sink.findings.push(Finding {
                code: judgement.reason.code().into(),
                severity: judgement.severity,
                message: judgement.message.clone(),
                help: judgement.expected.clone().map(Cow::Owned),
                span,
                text: given.text.clone(),
                rule: judgement.rule.clone(),
                deciding: judgement.deciding.clone(),
                label: "contradicted".into(),
            });
        } else if judgement.reason == engine::Reason::InvalidClaim {
            sink.findings.push(Finding {
                code: "invalid-claim".into(),
                severity: Severity::Warning,
                message: format!(
                    "claim {} cannot be checked: {}",
                    index + 1,
                    judgement.message
                ),
                help: Some("Correct the claim in the claims file; see docs/claims.md.".into()),
                span,
                text: given.text.clone(),
                rule: None,
                deciding: Vec::new(),
                label: "cannot be checked".into(),
            });
        }
        judged.push(JudgedClaim {
            index,
            relation: given.relation,
            text: given.text,
            span,
            description,
            claim,
            judgement,
        });
    }
    judged
}

/// A `misspelled-name` finding for each name that is nearly a declared one.
pub(crate) fn add_misspellings(
    sink: &mut Sink,
    article: FileId,
    len: usize,
    misspellings: &[crate::extract::names::Misspelling],
) {
    for m in misspellings {
        if m.span.start > m.span.end || m.span.end > len {
            continue;
        }
        sink.findings.push(Finding {
            code: "misspelled-name".into(),
            severity: Severity::Warning,
            message: format!("`{}` is not a name the rules know; did you mean `{}`?", m.text, m.suggestion),
            help: Some(Cow::Owned(format!(
                "The accepted names of `{}` are declared in the rule files; if `{}` is a correct spelling, add it as an `alias`.",
                m.entity, m.text
            ))),
            span: Span::new(article, m.span.start, m.span.end),
            text: m.text.clone(),
            rule: None,
            deciding: Vec::new(),
            label: format!("did you mean `{}`?", m.suggestion).into(),
        });
    }
}

/// The article files under `paths`, sorted: files as given; folders walked
/// (respecting `.gitignore`) for `.txt`, `.md` and `.markdown` files other
/// than a README. The errors met on the way go to the report.
pub fn article_files(paths: &[PathBuf], report: &mut Report) -> Vec<PathBuf> {
    let found = ArticleFiles::find(paths);
    report.errors.extend(found.errors);
    found.files
}

/// The article files under some paths ([`article_files`]), and the errors
/// met walking their folders: found apart from a report, so that the walk
/// can run while the rules load.
#[derive(Debug, Default)]
pub struct ArticleFiles {
    files: Vec<PathBuf>,
    errors: Vec<Diag>,
}

impl ArticleFiles {
    pub fn find(paths: &[PathBuf]) -> Self {
        let mut errors = Vec::new();
        let files = find_article_files(paths, &mut errors);
        ArticleFiles { files, errors }
    }
}

fn find_article_files(paths: &[PathBuf], errors: &mut Vec<Diag>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in ignore::WalkBuilder::new(p).build() {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        // A folder's README describes the folder; it is not an article.
                        let is_readme = path
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .is_some_and(|s| s.eq_ignore_ascii_case("readme"));
                        let named_as_article = !is_readme
                            && matches!(
                                path.extension().and_then(|x| x.to_str()),
                                Some("txt" | "md" | "markdown")
                            );
                        let is_link = e.path_is_symlink();
                        if !named_as_article && !is_link {
                            continue;
                        }
                        // What the entry is, where a link leads. The walk
                        // knows each entry's type: only links need asking.
                        let kind = if is_link {
                            std::fs::metadata(path).ok().map(|m| m.file_type())
                        } else {
                            e.file_type()
                        };
                        match kind {
                            // Folders are walked; links to folders, whatever
                            // their name, are not followed, and a warning
                            // says so (the articles in them are not checked).
                            Some(t) if t.is_dir() => {
                                if is_link {
                                    errors.push(special_file(path, t));
                                }
                            }
                            _ if !named_as_article => {}
                            Some(t) if t.is_file() => files.push(path.to_path_buf()),
                            // A FIFO, socket or device: reading it could wait
                            // for ever (a FIFO with no writer), so it is not
                            // opened, and a warning says so.
                            Some(t) => errors.push(special_file(path, t)),
                            // A link that leads to no file (dangling, or a
                            // loop) is kept, so that reading it reports why;
                            // it is never skipped in silence.
                            None => files.push(path.to_path_buf()),
                        }
                    }
                    Err(err) => errors.push(
                        Diag::error(
                            "unreadable-article",
                            format!("cannot read a folder entry: {err}"),
                        )
                        .with_help("Check the folder's permissions."),
                    ),
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    // Sorted and deduplicated as paths compare (component by component),
    // on keys made once whose bytes compare as the components do:
    // comparing two paths splits both again at each step. Ties keep their
    // order, as the stable sort did. A leading `./` names no other file
    // (`./a.txt` is `a.txt`, and so are the articles of `./folder` and
    // `folder`), so it is not part of the key: the file is checked once,
    // by the name it was first given.
    let mut keyed: Vec<(Vec<u8>, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (path_key(p.strip_prefix(".").unwrap_or(p)), i))
        .collect();
    keyed.sort_unstable();
    keyed.dedup_by(|a, b| a.0 == b.0);
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut files: Vec<Option<PathBuf>> = files.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| files.get_mut(i).and_then(Option::take))
        .collect()
}

/// The warning for a folder entry that is not read: a link to a folder, or
/// a FIFO, socket or device (or a link to one) named like an article;
/// `kind` is what the entry is, where a link leads.
fn special_file(path: &Path, kind: std::fs::FileType) -> Diag {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_dir() {
            "a link to a folder (links to folders are not followed)"
        } else if kind.is_fifo() {
            "a FIFO, not an article"
        } else if kind.is_socket() {
            "a socket, not an article"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device, not an article"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = if kind.is_dir() {
        "a link to a folder (links to folders are not followed)"
    } else {
        "not a regular file"
    };
    Diag::error(
        "special-file",
        format!("`{}` is {what}; skipped", path.display()),
    )
    .about_file(path.display().to_string(), path)
    .with_severity(Severity::Warning)
    .with_help("Only regular files and folders in a folder are read: a FIFO could wait for ever for a writer, and links to folders are not followed. Give such a file or folder by its path to read it.")
}

/// Bytes that compare as `path`'s components do (`Path`'s own order and
/// equality): each component is a tag that orders the kinds as
/// `Component` does, then its bytes for a name, then a 0. A name holds no
/// 0 byte and no separator, so where one name is the start of another the
/// 0 ends it first, as the shorter name sorts first; a path whose
/// components begin another's ends first, as it sorts first. (A Windows
/// prefix, `C:` or `\\?\C:`, compares by its text here, where `Path`
/// compares the parsed prefix: only the order of paths spelt with
/// different kinds of prefix could differ.)
fn path_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                key.push(1);
                key.extend_from_slice(p.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

/// The text of an article, read only if it is at most `max_bytes` long,
/// is text (no NUL byte) and is UTF-8, and whether it is a regular file
/// (which can be read again). Articles found in folders or given as paths
/// and articles named in claims files are all read through here.
fn read_article_text(
    path: &Path,
    name: &str,
    max_bytes: u64,
) -> Result<(String, bool), crate::article::ReadError> {
    let opened = crate::article::open(path, name);
    // The size of the open file; of the path if it cannot be opened (a
    // file too large is reported as such even when it is unreadable too).
    let size = match &opened {
        Ok(o) => Some(o.size),
        Err(_) => std::fs::metadata(path).ok().map(|m| m.len()),
    };
    if let Some(size) = size.filter(|&size| size > max_bytes) {
        return Err(crate::article::ReadError::TooLarge {
            name: name.to_string(),
            size,
            limit: max_bytes,
        });
    }
    let opened = opened?;
    let regular = opened.regular;
    crate::article::read_open(opened.file, opened.size, name).map(|text| (text, regular))
}

/// Read one article; errors go to the report.
/// With `release`, an article that cannot be checked (a bad date in its
/// front matter) does not keep its text in the source map.
fn read_article(
    report: &mut Report,
    path: &Path,
    default_date: Option<Date>,
    today: Date,
    release: bool,
) -> Option<(FileId, crate::article::Article)> {
    let name = path.display().to_string();
    let (text, regular) = match read_article_text(path, &name, report.max_article_bytes) {
        Ok(read) => read,
        Err(e) => {
            report.errors.push(e.to_diag().about_file(name, path));
            return None;
        }
    };
    let file = report.sources.add(name.clone(), path, text);
    if !regular {
        report.sources.read_once(file);
    }
    let text = report.sources.get(file).text.clone();
    match crate::article::from_text(file, &name, path, text, default_date, today) {
        Ok(a) => Some((file, a)),
        Err(d) => {
            if release {
                for l in d.labels.iter().filter(|l| l.span.file == file) {
                    report.sources.remember(l.span);
                }
                report.sources.release(file);
            }
            report.errors.push(d);
            None
        }
    }
}

/// Extract the claims of one article and judge them.
fn check_article(
    rules: &RuleSet,
    extractor: &crate::extract::Extractor,
    memo: &engine::Memo,
    file: FileId,
    article: &crate::article::Article,
) -> (ArticleReport, Sink) {
    let mut sink = Sink::default();
    let extraction = extractor.extract(article);
    let judged = judge_claims(
        rules,
        &mut sink,
        file,
        &article.text,
        // Each claim is moved once, into the judged claim: not into a
        // vector of claims to judge first.
        extraction
            .claims
            .into_iter()
            .map(|c| ToJudge::extracted(rules, c)),
        article.date,
        &article.name,
        memo,
    );
    add_misspellings(
        &mut sink,
        file,
        article.text.len(),
        &extraction.misspellings,
    );
    let report = ArticleReport {
        file,
        claims_file: None,
        date: article.date,
        date_source: article.date_source,
        claims: judged,
    };
    (report, sink)
}

/// Extract the claims of articles (files, or folders walked) and judge them.
pub fn check_articles(
    rules: &RuleSet,
    paths: &[PathBuf],
    default_date: Option<Date>,
    today: Date,
) -> Report {
    let mut report = Report::new(rules);
    check_articles_into(&mut report, rules, paths, default_date, today, &|_| false);
    report.finish(rules);
    report
}

/// [`check_articles`], adding to an existing report; call
/// [`Report::finish`] when every article is in. Articles for which
/// `exclude` is true are left out. Articles are read in order, then
/// extracted and judged in parallel (rayon), then added in order, so the
/// report is the same whatever the number of threads.
pub fn check_articles_into(
    report: &mut Report,
    rules: &RuleSet,
    paths: &[PathBuf],
    default_date: Option<Date>,
    today: Date,
    exclude: &(dyn Fn(&Path) -> bool + Sync),
) {
    use rayon::prelude::*;
    let extractor = crate::extract::Extractor::new(rules);
    let memo = engine::Memo::default();
    let mut articles = Vec::new();
    for path in article_files(paths, report) {
        if exclude(&path) {
            continue;
        }
        if let Some(a) = read_article(report, &path, default_date, today, false) {
            articles.push(a);
        }
    }
    let results: Vec<(ArticleReport, Sink)> = articles
        .par_iter()
        .map(|(file, article)| check_article(rules, &extractor, &memo, *file, article))
        .collect();
    for (article, sink) in results {
        report.articles.push(article);
        report.absorb(sink);
    }
    report.sort();
}

/// What takes the articles of a streaming check one by one, in order.
pub type ArticleOut<'a> = dyn FnMut(&SourceMap, &ArticleReport) -> std::io::Result<()> + Send + 'a;

/// How many articles the command line reads and checks at once when the
/// threads check batches together (JSON, claims files): enough to keep
/// every core busy, few enough that memory stays small.
pub const BATCH_SIZE: usize = 256;

/// At most this many at once on one thread (or on each thread, when each
/// checks its own run of articles): nothing runs alongside, so a
/// batch only bounds what is read ahead, and a small one keeps what its
/// checking allocates in the processor's caches (on the 100 MB benchmark
/// corpus, 64 ran 8% faster than 256, and 4 to 64 alike: BENCHMARKS.md).
pub const SERIAL_BATCH_SIZE: usize = 64;

/// [`check_articles_into`] for large corpora: the article files `found`
/// ([`ArticleFiles::find`]; the errors met finding them go to the report
/// first, and the command line walks the folders while the rules load)
/// are read and checked with `extractor` (made for `rules`) `batch_size`
/// at a time (in parallel within a batch), in the order of
/// their names. After each batch, each article is handed to `out` in that
/// order (with the source map, which still has its text), then let go: the
/// report keeps its findings, counts, suppressions and a compact form of
/// its claims for conflicts across articles ([`Report::retired`]), and the
/// source map keeps only the positions that findings and errors point at.
///
/// Articles already in the report (from claims files) are handed out and
/// retired too, merged in by name, but keep their text. When this returns,
/// `report.articles` is empty; call [`Report::finish`] next. The result is
/// the same whatever `batch_size` and the number of threads. An error from
/// `out` stops the check and is returned.
///
/// With no `out` (nothing wants the articles one by one, in order), no
/// articles in the report and several threads, the files are cut into
/// runs of consecutive names ([`Runs`]: one per thread, and a thread done
/// with its run takes half of what is left of another), each checked apart
/// from the others, from reading to retiring, into a report of its own,
/// and the reports are then taken into this one in order
/// ([`Report::append`]), as if checked here one after the other. A thread
/// then reads, checks and retires its own articles: handing them from
/// thread to thread (the pipeline the other case runs) moved every
/// article's text, claims and memory between the cores and cost about a
/// seventh of the time on two threads (BENCHMARKS.md).
#[allow(clippy::too_many_arguments)]
pub fn check_articles_streaming(
    report: &mut Report,
    rules: &RuleSet,
    extractor: &crate::extract::Extractor,
    found: ArticleFiles,
    default_date: Option<Date>,
    today: Date,
    exclude: &(dyn Fn(&Path) -> bool + Sync),
    batch_size: usize,
    out: Option<&mut ArticleOut<'_>>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut nothing = |_: &SourceMap, _: &ArticleReport| Ok(());
    let run_apart = out.is_none() && report.articles.is_empty();
    let out = out.unwrap_or(&mut nothing);
    report.errors.extend(found.errors);
    let memo = engine::Memo::default();
    // The order the report lists articles in: by name, those from claims
    // files first among equal names (a stable sort, as `Report::sort`).
    let mut held = std::mem::take(&mut report.articles);
    held.sort_by_cached_key(|a| report.sources.get(a.file).name.clone());
    let mut held = held.into_iter().peekable();
    let mut files: Vec<(String, PathBuf)> = found
        .files
        .into_iter()
        .filter(|p| !exclude(p))
        .map(|p| (p.display().to_string(), p))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // Hand the results of a batch to `out` and fold them into the report,
    // in order.
    let mut retire_batch =
        |report: &mut Report, results: Vec<(ArticleReport, Sink)>| -> std::io::Result<()> {
            for (article, sink) in results {
                let name = report.sources.get(article.file).name.clone();
                while let Some(h) = held.next_if(|h| report.sources.get(h.file).name <= name) {
                    out(&report.sources, &h)?;
                    report.retire(rules, h, Sink::default(), false);
                }
                out(&report.sources, &article)?;
                report.retire(rules, article, sink, true);
            }
            Ok(())
        };
    let read_batch = |report: &mut Report, batch: &[(String, PathBuf)]| {
        let mut articles = Vec::with_capacity(batch.len());
        for (_, path) in batch {
            if let Some(a) = read_article(report, path, default_date, today, true) {
                articles.push(a);
            }
        }
        articles
    };
    let one = |(file, article): &(FileId, crate::article::Article)| {
        check_article(rules, extractor, &memo, *file, article)
    };
    let mut previous: Option<Vec<(ArticleReport, Sink)>> = None;
    let threads = rayon::current_num_threads();
    if run_apart && threads > 1 {
        // Each run from reading to retiring on one thread, in batches as
        // the serial case below.
        let check_batch = |report: &mut Report, batch: &[(String, PathBuf)]| {
            let articles = read_batch(report, batch);
            for (article, sink) in articles.iter().map(one) {
                report.retire(rules, article, sink, true);
            }
        };
        let runs = Runs::new(files.len(), threads);
        return check_apart(
            report,
            &files,
            &runs,
            batch_size.clamp(1, SERIAL_BATCH_SIZE),
            &check_batch,
        );
    }
    if rayon::current_num_threads() > 1 {
        // A pipeline: while the pool checks a batch, one of its threads
        // writes and folds in the results of the batch before and reads
        // the next (that work is serial, and was a third of the time), then
        // helps with the checking. Both run inside the pool (`join`), so
        // no more threads are busy than it has: a thread of its own for
        // the serial work left the cores idle a tenth of the time, as the
        // kernel placed three busy threads on two cores (BENCHMARKS.md).
        let mut batches = files.chunks(batch_size.max(1));
        let mut next = batches.next().map(|b| read_batch(report, b));
        while let Some(articles) = next.take() {
            let (checked, serial) = rayon::join(
                || {
                    // A panic (a bug) is caught so that it ends the check
                    // with an error naming what failed.
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        articles.par_iter().map(one).collect::<Vec<_>>()
                    }))
                },
                || -> std::io::Result<_> {
                    if let Some(done) = previous.take() {
                        retire_batch(report, done)?;
                    }
                    Ok(batches.next().map(|b| read_batch(report, b)))
                },
            );
            next = serial?;
            previous = Some(
                checked.map_err(|_| std::io::Error::other("a thread checking articles failed"))?,
            );
        }
    } else {
        // On this thread: what checking allocates is freed here too when
        // the batch is retired, not sent back to the thread of a pool of
        // one (freeing across threads cost mimalloc about 4% of the time).
        for batch in files.chunks(batch_size.clamp(1, SERIAL_BATCH_SIZE)) {
            if let Some(done) = previous.take() {
                retire_batch(report, done)?;
            }
            let articles = read_batch(report, batch);
            previous = Some(articles.iter().map(one).collect());
        }
    }
    if let Some(done) = previous.take() {
        retire_batch(report, done)?;
    }
    for h in held {
        out(&report.sources, &h)?;
        report.retire(rules, h, Sink::default(), false);
    }
    Ok(())
}

/// The files of a check run apart ([`check_apart`]), cut into runs of
/// consecutive files, one per thread to begin with. A thread takes the
/// files of its run a batch at a time; one whose run is done takes the
/// second half of what is left of the run with the most left, as a run of
/// its own. (Cut once by count, a thread could be left with the larger
/// files, or a thread the pool starts late with all of its run.) Runs stay
/// ranges of consecutive files, so their reports, taken in by where the
/// runs start, make the report of all the files checked in order.
///
/// rayon splits a range the same way when it is stolen (a `fold` over
/// `par_chunks`, one report per piece), but it cuts the files into more
/// pieces up front (16 on two threads for the benchmark corpus), each a
/// report to merge, the first one too: 1.00 -> 1.04 s on two threads,
/// seven pairs of seven. Here the first run is checked into the report
/// itself and a run is split only when a thread has nothing left.
struct Runs {
    /// Each run's first file, the next file to take and its end.
    runs: std::sync::Mutex<Vec<(usize, usize, usize)>>,
    /// How many threads take files from the runs.
    threads: usize,
}

impl Runs {
    /// `files` files cut into `threads` runs of (nearly) equal counts.
    fn new(files: usize, threads: usize) -> Runs {
        let threads = threads.max(1);
        Runs::cut(
            (0..threads)
                .map(|i| (files * i / threads, files * (i + 1) / threads))
                .collect(),
            threads,
        )
    }

    /// Runs as given (start and end of each), taken by `threads` threads.
    fn cut(runs: Vec<(usize, usize)>, threads: usize) -> Runs {
        Runs {
            runs: std::sync::Mutex::new(runs.into_iter().map(|(s, e)| (s, s, e)).collect()),
            threads: threads.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(usize, usize, usize)>> {
        // Nothing can panic while the lock is held: a poisoned lock holds
        // consistent runs.
        self.runs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The first file of run `run`.
    fn start(&self, run: usize) -> usize {
        self.lock().get(run).map_or(0, |&(start, _, _)| start)
    }

    /// The next files of run `run`, at most `most` of them; fewer once
    /// little is left in all runs, so that the threads end together.
    fn take(&self, run: usize, most: usize) -> Option<std::ops::Range<usize>> {
        let mut runs = self.lock();
        let left: usize = runs.iter().map(|&(_, next, end)| end - next).sum();
        let share = (left / (2 * self.threads)).clamp(1, most.max(1));
        let (_, next, end) = runs.get_mut(run)?;
        if *next >= *end {
            return None;
        }
        let taken = *next..(*next + share).min(*end);
        *next = taken.end;
        Some(taken)
    }

    /// Split off the second half of what is left of the run with the most
    /// left (the first such run), as a new run: its number and first file.
    /// `None` when no run has two files left.
    fn split(&self) -> Option<(usize, usize)> {
        let mut runs = self.lock();
        let (most, &(_, next, end)) = runs
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, &(_, next, end))| end - next)?;
        if end - next < 2 {
            return None;
        }
        let middle = next + (end - next) / 2;
        if let Some(run) = runs.get_mut(most) {
            run.2 = middle;
        }
        runs.push((middle, middle, end));
        Some((runs.len() - 1, middle))
    }
}

/// Check `files` apart: each pool thread checks a run of them ([`Runs`],
/// one per thread to begin with) with `check_batch`, `most` at a time,
/// the first run into `report` and each other into a report of its own
/// ([`Report::part`]); those are then taken into `report` in the order
/// their runs start ([`Report::append`]), as if checked here one after the
/// other. A panic (a bug) ends the check with an error naming what failed.
fn check_apart<C>(
    report: &mut Report,
    files: &[(String, PathBuf)],
    runs: &Runs,
    most: usize,
    check_batch: &C,
) -> std::io::Result<()>
where
    C: Fn(&mut Report, &[(String, PathBuf)]) + Sync,
{
    use rayon::prelude::*;
    let base = report.sources.len();
    let template = report.part();
    let count = runs.lock().len();
    // Run `run` into `into`, then the runs split off others, each into a
    // part of its own: those parts, with where their runs start.
    let work = |into: &mut Report, run: usize| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let check_run = |into: &mut Report, run: usize| {
                while let Some(taken) = runs.take(run, most) {
                    check_batch(into, files.get(taken).unwrap_or_default());
                }
            };
            check_run(into, run);
            let mut parts = Vec::new();
            while let Some((run, start)) = runs.split() {
                let mut part = template.part();
                check_run(&mut part, run);
                parts.push((start, run, part));
            }
            parts
        }))
        .map_err(|_| std::io::Error::other("a thread checking articles failed"))
    };
    let (first, others) = rayon::join(
        || work(report, 0),
        || {
            (1..count)
                .into_par_iter()
                .map(|run| {
                    let mut part = template.part();
                    let mut parts = work(&mut part, run)?;
                    parts.push((runs.start(run), run, part));
                    Ok(parts)
                })
                .collect::<std::io::Result<Vec<_>>>()
        },
    );
    let mut parts = first?;
    parts.extend(others?.into_iter().flatten());
    // Of runs that begin at the same file, all but the last are empty.
    parts.sort_by_key(|&(start, run, _)| (start, run));
    // Room for the parts' findings and as many again, for those found at
    // the end (conflicts across articles): capacity never written takes
    // no memory, and growing the vector then copied every finding (on the
    // benchmark corpus 14 MB, into pages the system had to supply: 12 ms).
    let findings: usize = parts.iter().map(|(_, _, p)| p.findings.len()).sum();
    let total = report.findings.len().saturating_add(findings);
    report.findings.reserve(
        total
            .saturating_mul(2)
            .saturating_sub(report.findings.len()),
    );
    for (_, _, part) in parts {
        report.append(part, base);
    }
    Ok(())
}

/// Extract the claims of articles for review: one claims file per article,
/// and the errors of articles that could not be read. Articles larger than
/// `max_article_bytes` (default [`DEFAULT_MAX_ARTICLE_BYTES`]) are not read.
pub fn extract_articles(
    rules: &RuleSet,
    paths: &[PathBuf],
    default_date: Option<Date>,
    today: Date,
    max_article_bytes: Option<u64>,
) -> (Vec<claims::ClaimsFile>, Report) {
    let mut report = Report::new(rules);
    if let Some(max) = max_article_bytes {
        report.max_article_bytes = max;
    }
    let extractor = crate::extract::Extractor::new(rules);
    let mut out = Vec::new();
    for path in article_files(paths, &mut report) {
        if let Some((_, article)) = read_article(&mut report, &path, default_date, today, false) {
            out.push(extractor.extract(&article).to_claims_file(rules, &article));
        }
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Path keys compare as the paths do, and are equal when the paths
        /// are, however the paths are spelt (`.`, `..`, doubled or
        /// trailing separators, names that begin others).
        #[test]
        fn path_keys_compare_as_paths_do(
            a in r"/?(\./)?((a|b|ab|a\x01|a\.b|A|-|\.|\.\.|\u{e9}|)/){0,4}(a|ab|b\.txt|\.\.)?",
            b in r"/?(\./)?((a|b|ab|a\x01|a\.b|A|-|\.|\.\.|\u{e9}|)/){0,4}(a|ab|b\.txt|\.\.)?",
        ) {
            let (a, b) = (Path::new(&a), Path::new(&b));
            proptest::prop_assert_eq!(path_key(a).cmp(&path_key(b)), a.cmp(b), "{:?} {:?}", a, b);
            proptest::prop_assert_eq!(path_key(a) == path_key(b), a == b);
        }
    }

    proptest::proptest! {
        /// Suppressions hide what a pass per suppression over every
        /// finding hides (in order, so that a finding two would hide is
        /// hidden by the first), and are used as it finds them used: on
        /// overlapping and nested paragraphs, unknown codes, ends and
        /// several files.
        #[test]
        fn suppressions_hide_what_a_pass_per_suppression_hides(
            paragraphs in proptest::collection::vec(
                (0u32..3, 0usize..40, 0usize..25, proptest::collection::vec(0usize..3, 0..3)),
                0..12,
            ),
            at in proptest::collection::vec((0u32..3, 0usize..70, 0usize..3), 0..40),
        ) {
            let codes = ["stale", "count", "no-such-code"];
            let code = |c: usize| codes.get(c).copied().unwrap_or("stale");
            let mut all: Vec<(FileId, Vec<crate::suppress::Suppression>)> = (0..3)
                .map(|file| {
                    let of_file = paragraphs.iter().filter(|p| p.0 == file);
                    let suppressions = of_file
                        .map(|(_, start, len, names)| crate::suppress::Suppression {
                            span: Span::new(FileId(file), 0, 1),
                            text: String::new(),
                            codes: names.iter().map(|&c| code(c).to_string()).collect(),
                            reason: None,
                            covers: (*start, start + len),
                        })
                        .collect();
                    (FileId(file), suppressions)
                })
                .collect();
            all.retain(|(file, _)| file.0 != 2 || paragraphs.len() % 2 == 0);
            let findings: Vec<Finding> = at
                .iter()
                .map(|&(file, start, c)| Finding {
                    code: code(c).into(),
                    severity: Severity::Warning,
                    message: String::new(),
                    help: None,
                    span: Span::new(FileId(file), start, start + 1),
                    text: format!("{file} {start} {c}"),
                    rule: None,
                    deciding: Vec::new(),
                    label: "here".into(),
                })
                .collect();
            let mut expected = findings.clone();
            let mut expected_used = Vec::new();
            for (file, suppressions) in &all {
                let mut used_here = Vec::new();
                for s in suppressions {
                    let mut used = false;
                    expected.retain(|f| {
                        let hidden = f.span.file == *file
                            && f.span.start >= s.covers.0
                            && f.span.start < s.covers.1
                            && s.codes.iter().any(|c| crate::codes::lookup(c).is_some() && **c == f.code);
                        used |= hidden;
                        !hidden
                    });
                    used_here.push(used);
                }
                expected_used.push(used_here);
            }
            let mut kept = findings;
            let used = hide_suppressed(&mut kept, &all);
            let texts = |f: &[Finding]| f.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(texts(&kept), texts(&expected));
            proptest::prop_assert_eq!(used, expected_used);
        }
    }

    /// Runs are cut by count, handed out a batch at a time (smaller ones
    /// once little is left), and split in two where the most is left.
    #[test]
    fn runs_are_taken_in_batches_and_split_where_most_is_left() {
        let runs = Runs::new(10, 3);
        let starts: Vec<usize> = (0..3).map(|r| runs.start(r)).collect();
        assert_eq!(starts, [0, 3, 6]);
        assert_eq!(*runs.lock(), [(0, 0, 3), (3, 3, 6), (6, 6, 10)]);
        let runs = Runs::new(1000, 2);
        assert_eq!(runs.take(0, 64), Some(0..64), "a full batch");
        assert_eq!(runs.take(1, 64), Some(500..564));
        let runs = Runs::cut(vec![(0, 8), (8, 8)], 2);
        // 8 left among 2 threads: a batch of 2, not 64.
        assert_eq!(runs.take(0, 64), Some(0..2));
        assert_eq!(runs.take(1, 64), None, "an empty run");
        // Run 0 has 6 left (2..8): the second half is split off.
        assert_eq!(runs.split(), Some((2, 5)));
        assert_eq!(*runs.lock(), [(0, 2, 5), (8, 8, 8), (5, 5, 8)]);
        assert_eq!(runs.start(2), 5);
        // 3 left in each of runs 0 and 2: the first is split.
        assert_eq!(runs.split(), Some((3, 3)));
        assert_eq!(runs.take(0, 64), Some(2..3));
        assert_eq!(runs.take(0, 64), None);
        assert_eq!(runs.split(), Some((4, 6)), "run 2, with 3 left");
        assert_eq!(runs.take(3, 64), Some(3..4));
        assert_eq!(runs.take(3, 64), Some(4..5));
        assert_eq!(runs.take(2, 64), Some(5..6));
        assert_eq!(runs.take(4, 1), Some(6..7));
        assert_eq!(runs.split(), None, "one file left at most");
        assert_eq!(runs.take(4, 1), Some(7..8));
        assert_eq!(runs.take(4, 1), None);
    }

    /// However the runs are split among the threads, every file is checked
    /// once and the report takes them in in order: here the first run
    /// holds every file, and the other threads can only split it.
    #[test]
    fn runs_split_among_threads_make_one_report_in_order() {
        let files: Vec<(String, PathBuf)> = (0..120)
            .map(|i| {
                (
                    format!("a{i:03}.txt"),
                    PathBuf::from(format!("a{i:03}.txt")),
                )
            })
            .collect();
        let threads = std::sync::Mutex::new(std::collections::HashSet::new());
        let check_batch = |report: &mut Report, batch: &[(String, PathBuf)]| {
            for (name, _) in batch {
                let file = report.sources.add(name, name, "text");
                report.retired.articles += 1;
                report.findings.push(Finding {
                    code: "count".into(),
                    severity: Severity::Error,
                    message: name.clone(),
                    help: None,
                    span: Span::new(file, 0, 4),
                    text: "text".into(),
                    rule: None,
                    deciding: Vec::new(),
                    label: "here".into(),
                });
                if let Ok(mut seen) = threads.lock() {
                    seen.insert(std::thread::current().id());
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool");
        let mut report = Report::new(&RuleSet::default());
        let rules_file = report.sources.add("r.facts", "r.facts", "rule");
        let runs = Runs::cut(vec![(0, 120), (120, 120), (120, 120), (120, 120)], 4);
        pool.install(|| check_apart(&mut report, &files, &runs, 8, &check_batch))
            .expect("no thread fails");
        assert!(
            threads.lock().map(|t| t.len()).unwrap_or(0) > 1,
            "the first run was split among threads"
        );
        assert!(runs.lock().len() > 4, "runs were split off");
        assert_eq!(report.sources.get(rules_file).name, "r.facts");
        let names: Vec<&str> = (1..report.sources.len())
            .map(|i| report.sources.get(FileId(i as u32)).name.as_str())
            .collect();
        let expected: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, expected);
        let findings: Vec<(&str, &str)> = report
            .findings
            .iter()
            .map(|f| {
                (
                    report.sources.get(f.span.file).name.as_str(),
                    f.message.as_str(),
                )
            })
            .collect();
        let expected: Vec<(&str, &str)> = expected.iter().map(|n| (*n, *n)).collect();
        assert_eq!(findings, expected);
        assert_eq!(report.retired.articles, 120);
    }

    /// A part checked apart is taken in after the report: its files after
    /// the report's (ids renumbered everywhere: findings, what decided
    /// them, errors, undated articles; a rule file's id is kept), its
    /// counts added.
    #[test]
    fn a_part_is_taken_in_after_the_report() {
        let mut report = Report::new(&RuleSet::default());
        let rules_file = report.sources.add("r.facts", "r.facts", "rule");
        let base = report.sources.len();
        let mut part = report.part();
        let here = report.sources.add("a.txt", "a.txt", "text a");
        let there = part.sources.add("b.txt", "b.txt", "text b");
        assert_eq!(here, there, "the same id in each before the merge");
        let date = jiff::civil::date(2024, 7, 3);
        part.retired.articles = 1;
        part.retired.claims = 6;
        part.retired.supported = 3;
        part.retired.contradicted = 2;
        part.retired.unverifiable = 1;
        part.retired.undated.push((there, date));
        part.findings.push(Finding {
            code: "count".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            span: Span::new(there, 0, 4),
            text: "text".into(),
            rule: None,
            deciding: vec![
                Decider {
                    span: Span::new(rules_file, 0, 4),
                    label: "stated here".into(),
                },
                Decider {
                    span: Span::new(there, 5, 6),
                    label: "and here".into(),
                },
            ],
            label: "here".into(),
        });
        part.errors.push(
            Diag::error("claim-span", "e").with_label(Label::primary(Span::new(there, 1, 2), "x")),
        );
        report.retired.articles = 2;
        report.retired.unverifiable = 1;
        report.append(part, base);
        let moved = FileId(2);
        assert_eq!(report.sources.len(), 3);
        assert_eq!(report.sources.get(here).name, "a.txt");
        assert_eq!(report.sources.get(moved).name, "b.txt");
        let f = &report.findings[0];
        assert_eq!(f.span, Span::new(moved, 0, 4));
        let decided: Vec<Span> = f.deciding.iter().map(|d| d.span).collect();
        assert_eq!(
            decided,
            [Span::new(rules_file, 0, 4), Span::new(moved, 5, 6)]
        );
        assert_eq!(
            report.errors[0].primary_span(),
            Some(Span::new(moved, 1, 2))
        );
        assert_eq!(report.retired.undated, [(moved, date)]);
        let r = &report.retired;
        assert_eq!(
            (
                r.articles,
                r.claims,
                r.supported,
                r.contradicted,
                r.unverifiable
            ),
            (3, 6, 3, 2, 2)
        );
    }

    /// Findings are sorted stably (equal keys keep the order they came
    /// in) and the same way on one thread and on four, where the sort is
    /// parallel: many findings, most with a key another has too, told
    /// apart only by their text.
    #[test]
    fn findings_sort_stably_on_any_number_of_threads() {
        let mut report = Report::new(&RuleSet::default());
        let files: Vec<FileId> = ["b.txt", "a.txt", "c.txt", "a.txt"]
            .iter()
            .map(|n| report.sources.add(*n, *n, "text"))
            .collect();
        let finding = |i: usize| Finding {
            code: ["count", "member"][i % 2].into(),
            severity: Severity::Warning,
            message: ["m", "n", "m"][i % 3].to_string(),
            help: None,
            span: Span::new(files[i % 4], i % 5, i % 5 + i % 2),
            text: i.to_string(),
            rule: None,
            deciding: Vec::new(),
            label: "here".into(),
        };
        report.findings = (0..20_000).map(finding).collect();
        // What a stable sort gives: by the key, then the order they came in.
        let rank = report.sources.name_ranks();
        let mut expected: Vec<usize> = (0..20_000).collect();
        expected.sort_by_key(|&i| {
            let f = finding(i);
            let key = (rank[f.span.file.0 as usize], f.span.start, f.span.end);
            (key, f.code, f.message, i)
        });
        let expected: Vec<String> = expected.iter().map(|i| i.to_string()).collect();
        for threads in [1, 4] {
            let mut sorted = report.clone();
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool of threads")
                .install(|| sorted.sort());
            let got: Vec<String> = sorted.findings.into_iter().map(|f| f.text).collect();
            assert!(got == expected, "{threads} thread(s)");
        }
    }

    /// The cases that mutants of `path_key` failed on (the kinds of
    /// component out of order; a name that begins another, with a byte
    /// below every tag after it).
    #[test]
    fn path_keys_order_kinds_of_component_and_names_that_begin_others() {
        for (a, b) in [("../", "./"), ("/", "a"), ("a/a", "a\u{1}/"), ("a/b", "ab")] {
            let (a, b) = (Path::new(a), Path::new(b));
            assert_eq!(path_key(a).cmp(&path_key(b)), a.cmp(b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn article_files_sort_and_dedup_as_paths_do() {
        // Paths that are not there are kept as given, so no folder is walked.
        let given: Vec<PathBuf> = [
            "zz/a.txt",
            "a.b/c.txt",
            "a/b.txt",
            "a//b.txt",
            "./a/b.txt",
            "a/b.txt/",
            "/x/y.md",
            "a-b.txt",
            "a/./b.txt",
            "A/b.txt",
            "a/b",
            "../a.txt",
            "a.txt",
            "a/b.txt",
        ]
        .iter()
        .map(|s| PathBuf::from(format!("/nonexistent-factlint-test/{s}")))
        .chain(
            [
                "rel.txt",
                "./rel.txt",
                "rel.txt",
                "./b/c.md",
                "b/c.md",
                "./.a",
                ".a",
                "./a",
            ]
            .iter()
            .map(PathBuf::from),
        )
        .collect();
        // As paths compare, a leading `./` aside; the first given of equal
        // ones is kept.
        let bare = |p: &PathBuf| p.strip_prefix(".").unwrap_or(p).to_path_buf();
        let mut expected = given.clone();
        expected.sort_by_key(bare);
        expected.dedup_by_key(|p| bare(p));
        let mut report = Report::new(&RuleSet::default());
        let got = article_files(&given, &mut report);
        // Equal paths spelt differently: the same one (the first given) is
        // kept.
        assert_eq!(
            got.iter().map(|p| p.as_os_str()).collect::<Vec<_>>(),
            expected.iter().map(|p| p.as_os_str()).collect::<Vec<_>>()
        );
        assert!(report.errors.is_empty());
    }
}
