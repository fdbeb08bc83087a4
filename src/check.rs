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

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// `article.date` in the claims file.
    Claims,
    /// `--date` on the command line.
    Option,
    /// No date was given: checked as of today.
    Today,
}

#[derive(Debug, Clone)]
pub struct JudgedClaim {
    pub index: usize,
    pub record: ClaimRecord,
    pub span: Span,
    /// The claim in rule-file notation, when it could be resolved.
    pub description: Option<String>,
    pub judgement: Judgement,
}

#[derive(Debug, Clone)]
pub struct ArticleReport {
    pub file: FileId,
    pub claims_file: FileId,
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
}

impl Report {
    pub fn new(rules: &RuleSet) -> Self {
        Report {
            sources: rules.sources.clone(),
            articles: Vec::new(),
            findings: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.articles
            .iter()
            .flat_map(|a| &a.claims)
            .filter(|c| c.judgement.verdict == verdict)
            .count()
    }

    pub fn findings_at(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    fn sort(&mut self) {
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
    for p in paths {
        check_claims_file(rules, p.as_ref(), default_date, today, &mut report);
    }
    report.sort();
    report
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
    let parsed = match claims::parse(claims_file, &text) {
        Ok(p) => p,
        Err(d) => {
            report.errors.push(d);
            return;
        }
    };
    let article_path: PathBuf = path.parent().map_or_else(
        || PathBuf::from(&parsed.article.path),
        |d| d.join(&parsed.article.path),
    );
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
    let mut judged = Vec::new();
    for (index, record) in parsed.claims.into_iter().enumerate() {
        if let Err(why) = claims::check_span(&article_text, &record) {
            report.errors.push(
                Diag::error("claim-span", format!("claim {} in `{name}` does not fit its article: {why}", index + 1))
                    .with_help("Spans are byte offsets into the article file, end excluded, and `text` is exactly the bytes they cover."),
            );
            continue;
        }
        let span = Span::new(article, record.span.start, record.span.end);
        let (description, judgement) = match claims::resolve(rules, &record, date) {
            Ok(claim) => (
                Some(engine::describe_claim(rules, &claim)),
                engine::judge(rules, &claim),
            ),
            Err(j) => (None, j),
        };
        if judgement.verdict == Verdict::Contradicted {
            report.findings.push(Finding {
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
            report.findings.push(Finding {
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
            judgement,
        });
    }
    report.articles.push(ArticleReport {
        file: article,
        claims_file,
        date,
        date_source,
        claims: judged,
    });
}
