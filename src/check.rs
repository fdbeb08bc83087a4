//! Checking: claims files in, a [`Report`] out. Reads each claims file and
//! its article, resolves and judges every claim, and turns contradicted
//! claims into findings. A bad claims file or a bad claim is reported and
//! the rest is still checked.

use std::path::{Path, PathBuf};

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
    pub record: ClaimRecord,
    pub span: Span,
    /// The claim in rule-file notation, when it could be resolved.
    pub description: Option<String>,
    /// The claim with its names resolved, when they could be.
    pub claim: Option<engine::Claim>,
    pub judgement: Judgement,
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
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The claim's span in the article.
    pub span: Span,
    pub text: String,
    /// The constraint that decided, by name.
    pub rule: Option<String>,
    /// Statements in the rule files that decided.
    pub deciding: Vec<Decider>,
    /// The label under the claim in the article.
    pub label: String,
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
        }
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.articles
            .iter()
            .flat_map(|a| &a.claims)
            .filter(|c| c.judgement.verdict == verdict)
            .count()
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
        let mut added = Vec::new();
        for file in files {
            let text = self.sources.get(file).text.clone();
            for s in crate::suppress::find(file, &text) {
                let mut used = false;
                let known: Vec<&String> = s
                    .codes
                    .iter()
                    .filter(|c| crate::codes::lookup(c).is_some())
                    .collect();
                self.findings.retain(|f| {
                    let hidden = f.span.file == file
                        && f.span.start >= s.covers.0
                        && f.span.start < s.covers.1
                        && known.iter().any(|c| **c == f.code);
                    used |= hidden;
                    !hidden
                });
                let finding =
                    |code: &str, severity: Severity, message: String, help: &str| Finding {
                        code: code.into(),
                        severity,
                        message,
                        help: Some(help.into()),
                        span: s.span,
                        text: text.get(s.span.start..s.span.end).unwrap_or("").to_string(),
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
                        &format!("The codes are listed in docs/findings.md.{hint}"),
                    ));
                }
                if s.codes.is_empty() {
                    added.push(finding(
                        "invalid-suppression",
                        Severity::Warning,
                        "this factlint-ignore names no finding code".into(),
                        "Write `<!-- factlint-ignore CODE: reason -->`, e.g. `<!-- factlint-ignore stale: quoted from 2023 -->`.",
                    ));
                }
                if s.reason.is_none() {
                    added.push(finding(
                        "suppression-without-reason",
                        Severity::Warning,
                        "this factlint-ignore gives no reason".into(),
                        "Say why after a colon: `<!-- factlint-ignore stale: quoted from a 2023 speech -->`.",
                    ));
                }
                if !used && !known.is_empty() {
                    added.push(finding(
                        "unused-suppression",
                        Severity::Advice,
                        format!(
                            "this factlint-ignore hides nothing ({})",
                            s.codes.join(", ")
                        ),
                        "Remove it: no finding with these codes is in the paragraph after it.",
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
        // Claims about the same thing on the same day, in article order.
        let mut groups: std::collections::BTreeMap<String, Vec<(usize, usize)>> =
            Default::default();
        for (ai, a) in self.articles.iter().enumerate() {
            for (ci, c) in a.claims.iter().enumerate() {
                if let Some(claim) = &c.claim {
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
                    groups.entry(key).or_default().push((ai, ci));
                }
            }
        }
        let mut found = Vec::new();
        for members in groups.values() {
            self.conflicts_in_group(rules, members, &mut found);
        }
        self.findings.extend(found);
    }

    /// Conflicts among claims about one thing, reported against the view
    /// most articles (or, within an article, most claims) hold, so that one
    /// odd claim gives one finding, not one per claim it disagrees with.
    fn conflicts_in_group(
        &self,
        rules: &RuleSet,
        members: &[(usize, usize)],
        found: &mut Vec<Finding>,
    ) {
        let claim = |&(a, c): &(usize, usize)| &self.articles[a].claims[c];
        // Claims asserting the same thing form a class.
        let class_of = |m: &(usize, usize)| {
            let c = claim(m);
            c.description.clone().unwrap_or_default()
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
        let what = |c: &JudgedClaim| {
            c.description
                .clone()
                .unwrap_or_else(|| c.record.text.clone())
        };
        let mut push =
            |code: &str, at: &JudgedClaim, other: &JudgedClaim, message: String, label: &str| {
                found.push(Finding {
                    code: code.into(),
                    severity: Severity::Warning,
                    message,
                    help: Some(
                        "At most one of these claims can be true; check both against a source."
                            .into(),
                    ),
                    span: at.span,
                    text: at.record.text.clone(),
                    rule: None,
                    deciding: vec![Decider {
                        span: other.span,
                        label: label.into(),
                    }],
                    label: "cannot hold together with the other".into(),
                });
            };
        // Within each article: against the class it states most often.
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
        // Across articles: each article's view against the view most
        // articles hold, once per article and view.
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
        for (k, v) in classes.iter().filter(|(k, _)| k != main_key) {
            let _ = k;
            let mut seen_articles = Vec::new();
            for m in v {
                if seen_articles.contains(&m.0) {
                    continue;
                }
                seen_articles.push(m.0);
                let Some(r) = main.iter().find(|r| r.0 != m.0 && conflict(m, r)) else {
                    continue;
                };
                let other_name = self.sources.get(claim(r).span.file).name.clone();
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

    pub fn sort(&mut self) {
        let sources = &self.sources;
        self.findings.sort_by_cached_key(|f| {
            (
                sources.get(f.span.file).name.clone(),
                f.span.start,
                f.span.end,
                f.code.clone(),
                f.message.clone(),
            )
        });
        self.errors.sort_by_cached_key(|d| d.sort_key(sources));
        self.articles
            .sort_by_cached_key(|a| sources.get(a.file).name.clone());
    }
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
                Diag::error("unreadable-claims", m).with_help("Check the path given to --claims."),
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
    let article_text = match read_text(&article_path, "article") {
        Ok(t) => t,
        Err(m) => {
            report.errors.push(
                Diag::error("unreadable-article", format!("{m} (named in `{name}`)"))
                    .with_help("`article.path` is relative to the folder of the claims file."),
            );
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
    let article_name = article_path.display().to_string();
    let article = report
        .sources
        .add(article_name, &article_path, article_text.clone());
    let mut sink = Sink::default();
    let judged = judge_claims(
        rules,
        &mut sink,
        article,
        &article_text,
        parsed.claims,
        date,
        name,
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

/// Judge claims about one article: check their spans, resolve and judge
/// them, and add a finding for each contradicted or unusable one.
/// Findings and errors produced while checking one article, merged into
/// the report afterwards (articles are checked in parallel).
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub findings: Vec<Finding>,
    pub errors: Vec<Diag>,
}

impl Report {
    fn absorb(&mut self, sink: Sink) {
        self.findings.extend(sink.findings);
        self.errors.extend(sink.errors);
    }
}

pub(crate) fn judge_claims(
    rules: &RuleSet,
    sink: &mut Sink,
    article: FileId,
    article_text: &str,
    claims: Vec<ClaimRecord>,
    date: Date,
    source_name: &str,
) -> Vec<JudgedClaim> {
    let mut judged = Vec::new();
    for (index, record) in claims.into_iter().enumerate() {
        if let Err(why) = claims::check_span(article_text, &record) {
            sink.errors.push(
                Diag::error("claim-span", format!("claim {} in `{source_name}` does not fit its article: {why}", index + 1))
                    .with_help("Spans are byte offsets into the article file, end excluded, and `text` is exactly the bytes they cover."),
            );
            continue;
        }
        let span = Span::new(article, record.span.start, record.span.end);
        let (description, judgement, claim) = match claims::resolve(rules, &record, date) {
            Ok(claim) => (
                Some(engine::describe_claim(rules, &claim)),
                engine::judge(rules, &claim),
                Some(claim),
            ),
            Err(j) => (None, j, None),
        };
        if judgement.verdict == Verdict::Contradicted {
            sink.findings.push(Finding {
                code: judgement.reason.code().to_string(),
                severity: judgement.severity,
                message: judgement.message.clone(),
                help: judgement.expected.clone(),
                span,
                text: record.text.clone(),
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
                text: record.text.clone(),
                rule: None,
                deciding: Vec::new(),
                label: "cannot be checked".into(),
            });
        }
        judged.push(JudgedClaim {
            index,
            record,
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
            help: Some(format!(
                "The accepted names of `{}` are declared in the rule files; if `{}` is a correct spelling, add it as an `alias`.",
                m.entity, m.text
            )),
            span: Span::new(article, m.span.start, m.span.end),
            text: m.text.clone(),
            rule: None,
            deciding: Vec::new(),
            label: format!("did you mean `{}`?", m.suggestion),
        });
    }
}

/// The article files under `paths`, sorted: files as given; folders walked
/// (respecting `.gitignore`) for `.txt`, `.md` and `.markdown` files other
/// than a README.
pub fn article_files(paths: &[PathBuf], report: &mut Report) -> Vec<PathBuf> {
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
                        let is_article = path.is_file()
                            && !is_readme
                            && matches!(
                                path.extension().and_then(|x| x.to_str()),
                                Some("txt" | "md" | "markdown")
                            );
                        if is_article {
                            files.push(path.to_path_buf());
                        }
                    }
                    Err(err) => report.errors.push(
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
    files.sort();
    files.dedup();
    files
}

/// Read one article; errors go to the report.
fn read_article(
    report: &mut Report,
    path: &Path,
    default_date: Option<Date>,
    today: Date,
) -> Option<(FileId, crate::article::Article)> {
    let name = path.display().to_string();
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > report.max_article_bytes {
            report.errors.push(
                Diag::error(
                    "article-too-large",
                    format!("`{name}` is {} bytes, more than the limit of {} bytes; not checked", meta.len(), report.max_article_bytes),
                )
                .with_help("Raise the limit with --max-size BYTES (or `max_size` in factlint.toml) if this really is an article."),
            );
            return None;
        }
    }
    let text = match crate::article::read_text(path, &name) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(e.to_diag());
            return None;
        }
    };
    // A NUL byte in valid UTF-8: a binary file with a text extension.
    if let Some(offset) = text.find('\0') {
        report.errors.push(
            Diag::error("binary-article", format!("`{name}` looks like a binary file (a NUL byte at offset {offset}); skipped"))
                .with_severity(Severity::Warning)
                .with_help("Articles are text; leave binary files out of the paths, or exclude them in factlint.toml."),
        );
        return None;
    }
    let file = report.sources.add(name.clone(), path, text);
    let text = report.sources.get(file).text.clone();
    match crate::article::from_text(file, &name, path, text, default_date, today) {
        Ok(a) => Some((file, a)),
        Err(d) => {
            report.errors.push(d);
            None
        }
    }
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
    let mut articles = Vec::new();
    for path in article_files(paths, report) {
        if exclude(&path) {
            continue;
        }
        if let Some(a) = read_article(report, &path, default_date, today) {
            articles.push(a);
        }
    }
    let results: Vec<(ArticleReport, Sink)> = articles
        .par_iter()
        .map(|(file, article)| {
            let mut sink = Sink::default();
            let extraction = extractor.extract(article);
            let judged = judge_claims(
                rules,
                &mut sink,
                *file,
                &article.text,
                extraction.claims,
                article.date,
                &article.name,
            );
            add_misspellings(
                &mut sink,
                *file,
                article.text.len(),
                &extraction.misspellings,
            );
            let report = ArticleReport {
                file: *file,
                claims_file: None,
                date: article.date,
                date_source: article.date_source,
                claims: judged,
            };
            (report, sink)
        })
        .collect();
    for (article, sink) in results {
        report.articles.push(article);
        report.absorb(sink);
    }
    report.sort();
}

/// Extract the claims of articles for review: one claims file per article,
/// and the errors of articles that could not be read.
pub fn extract_articles(
    rules: &RuleSet,
    paths: &[PathBuf],
    default_date: Option<Date>,
    today: Date,
) -> (Vec<claims::ClaimsFile>, Report) {
    let mut report = Report::new(rules);
    let extractor = crate::extract::Extractor::new(rules);
    let mut out = Vec::new();
    for path in article_files(paths, &mut report) {
        if let Some((_, article)) = read_article(&mut report, &path, default_date, today) {
            out.push(extractor.extract(&article).to_claims_file(&article));
        }
    }
    (out, report)
}
