//! The JSON report (`--format json`), version 1. Documented in docs/json.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{ArticleReport, DateSource, Finding, Report};
use crate::diagnostic::{Diag, Severity};
use crate::engine::{Decider, Verdict};
use crate::lang::RuleSet;
use crate::source::{SourceMap, Span};

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Location<'a> {
    pub file: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl<'a> Location<'a> {
    pub fn new(sources: &'a SourceMap, span: Span) -> Self {
        Self::after(sources, span, &mut None)
    }

    /// [`Location::new`], counting the column on from `known` (see
    /// [`crate::source::SourceFile::line_col_after`]): for spans in order.
    pub fn after(
        sources: &'a SourceMap,
        span: Span,
        known: &mut Option<(usize, (usize, usize))>,
    ) -> Self {
        let f = sources.get(span.file);
        let (line, column) = f.line_col_after(span.start, known);
        Location {
            file: &f.name,
            start: span.start,
            end: span.end,
            line,
            column,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RuleRef<'a> {
    #[serde(flatten)]
    pub location: Location<'a>,
    pub label: &'a str,
}

fn rule_refs<'a>(sources: &'a SourceMap, deciding: &'a [Decider]) -> Vec<RuleRef<'a>> {
    deciding
        .iter()
        .map(|d| RuleRef {
            location: Location::new(sources, d.span),
            label: &d.label,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct ClaimOut<'a> {
    pub index: usize,
    pub relation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<&'a str>,
    pub text: &'a str,
    #[serde(flatten)]
    pub location: Location<'a>,
    pub verdict: Verdict,
    pub reason: &'static str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
    pub deciding: Vec<RuleRef<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ArticleOut<'a> {
    pub path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims_file: Option<&'a str>,
    pub date: String,
    pub date_source: DateSource,
    pub claims: Vec<ClaimOut<'a>>,
}

#[derive(Debug, Serialize)]
pub struct FindingOut<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    pub article: &'a str,
    pub span: crate::claims::ByteSpan,
    pub line: usize,
    pub column: usize,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
    /// The first deciding statement in the rule files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_span: Option<Location<'a>>,
    pub deciding: Vec<RuleRef<'a>>,
}

#[derive(Debug, Serialize)]
pub struct DiagOut<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location<'a>>,
    /// The file it is about, when there is no `location` in it (a file
    /// that could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    pub related: Vec<RuleRef<'a>>,
}

pub fn diag_out<'a>(sources: &'a SourceMap, d: &'a Diag) -> DiagOut<'a> {
    let primary = d.primary_span();
    DiagOut {
        code: &d.code,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        location: primary.map(|s| Location::new(sources, s)),
        file: d
            .file
            .as_ref()
            .filter(|_| primary.is_none())
            .map(|f| f.name.as_str()),
        related: d
            .labels
            .iter()
            .filter(|l| Some(l.span) != primary)
            .map(|l| RuleRef {
                location: Location::new(sources, l.span),
                label: l.message.as_deref().unwrap_or(""),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub claims: usize,
    pub supported: usize,
    pub contradicted: usize,
    pub unverifiable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

#[derive(Debug, Serialize)]
pub struct CheckOut<'a> {
    pub version: u32,
    pub articles: Vec<ArticleOut<'a>>,
    pub findings: Vec<FindingOut<'a>>,
    pub errors: Vec<DiagOut<'a>>,
    pub summary: Summary,
}

/// An article's entry in the JSON report.
pub fn article_out<'a>(s: &'a SourceMap, a: &'a ArticleReport) -> ArticleOut<'a> {
    // Claims come mostly in text order: each column is counted on from
    // the one before.
    let mut known = None;
    ArticleOut {
        path: &s.get(a.file).name,
        claims_file: a.claims_file.map(|f| s.get(f).name.as_str()),
        date: a.date.to_string(),
        date_source: a.date_source,
        claims: a
            .claims
            .iter()
            .map(|c| ClaimOut {
                index: c.index,
                relation: &c.relation,
                claim: c.description.as_deref(),
                text: &c.text,
                // (Counted afresh for a span in another file.)
                location: if c.span.file == a.file {
                    Location::after(s, c.span, &mut known)
                } else {
                    Location::new(s, c.span)
                },
                verdict: c.judgement.verdict,
                reason: c.judgement.reason.code(),
                message: &c.judgement.message,
                rule: c.judgement.rule.as_deref(),
                deciding: rule_refs(s, &c.judgement.deciding),
            })
            .collect(),
    }
}

/// A finding's entry in the JSON report.
pub fn finding_out<'a>(s: &'a SourceMap, f: &'a Finding) -> FindingOut<'a> {
    let (line, column) = s.get(f.span.file).line_col(f.span.start);
    FindingOut {
        code: &f.code,
        severity: f.severity,
        message: &f.message,
        help: f.help.as_deref(),
        article: &s.get(f.span.file).name,
        span: crate::claims::ByteSpan {
            start: f.span.start,
            end: f.span.end,
        },
        line,
        column,
        text: &f.text,
        rule: f.rule.as_deref(),
        rule_span: f.deciding.first().map(|d| Location::new(s, d.span)),
        deciding: rule_refs(s, &f.deciding),
    }
}

/// The counts at the end of the JSON report.
pub fn summary(report: &Report) -> Summary {
    Summary {
        articles: report.article_count(),
        claims: report.claim_count(),
        supported: report.count(Verdict::Supported),
        contradicted: report.count(Verdict::Contradicted),
        unverifiable: report.count(Verdict::Unverifiable),
        errors: report.findings_at(Severity::Error),
        warnings: report.findings_at(Severity::Warning),
        advice: report.findings_at(Severity::Advice),
    }
}

/// The JSON report of a check, built in memory. Articles already retired
/// by a streaming check are not in it: [`JsonWriter`] writes those as they
/// come.
pub fn check_report(report: &Report) -> CheckOut<'_> {
    let s = &report.sources;
    CheckOut {
        version: VERSION,
        articles: report.articles.iter().map(|a| article_out(s, a)).collect(),
        findings: report.findings.iter().map(|f| finding_out(s, f)).collect(),
        errors: report.errors.iter().map(|d| diag_out(s, d)).collect(),
        summary: summary(report),
    }
}

/// Writes the JSON report as a check goes: the header, then each article as
/// it is handed out, then (in [`JsonWriter::finish`]) the findings, errors
/// and summary. The bytes are those of `serde_json::to_vec_pretty` on
/// [`check_report`] of the same check held in memory (without the final
/// line break).
pub struct JsonWriter<W: Write> {
    out: W,
    articles: usize,
}

/// How much of an article's JSON is gathered before it is written: an
/// article is not held whole (the JSON of one 10 MB article is 66 MB).
const CHUNK: usize = 1 << 16;

/// Write the elements of an array nested one level in the top object,
/// as `to_vec_pretty` writes them; returns how many there were.
fn write_array<W: Write, T: Serialize>(
    out: &mut W,
    items: impl IntoIterator<Item = T>,
) -> io::Result<usize> {
    let mut n = 0;
    out.write_all(b"[")?;
    for item in items {
        out.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
        super::write_pretty_nested(out, &item, "    ")?;
        n += 1;
    }
    out.write_all(if n == 0 { b"]" } else { b"\n  ]" })?;
    Ok(n)
}

impl<W: Write + Send> JsonWriter<W> {
    /// Write the header: the version and the opening of `articles`.
    pub fn begin(mut out: W) -> io::Result<Self> {
        write!(out, "{{\n  \"version\": {VERSION},\n  \"articles\": [")?;
        Ok(JsonWriter { out, articles: 0 })
    }

    /// Write one article.
    pub fn article(&mut self, article: &ArticleOut) -> io::Result<()> {
        // The serialiser makes many small writes: gathered, and written a
        // chunk at a time.
        let mut out = io::BufWriter::with_capacity(CHUNK, &mut self.out);
        let separator: &[u8] = if self.articles == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        let written = out
            .write_all(separator)
            .and_then(|()| super::write_pretty_nested(&mut out, article, "    "))
            .and_then(|()| out.flush());
        // After an error, what is gathered is dropped, not tried again.
        let _ = out.into_parts();
        written?;
        self.articles += 1;
        Ok(())
    }

    /// Write the articles still held in `report`, then the findings, errors
    /// and summary, and close the document. Returns the writer.
    pub fn finish(mut self, report: &Report) -> io::Result<W> {
        let s = &report.sources;
        for a in &report.articles {
            self.article(&article_out(s, a))?;
        }
        let out = &mut self.out;
        out.write_all(if self.articles == 0 { b"]" } else { b"\n  ]" })?;
        out.write_all(b",\n  \"findings\": ")?;
        out.write_all(b"[")?;
        super::write_in_pieces(
            out,
            &report.findings,
            (b"\n    ", b",\n    "),
            |buffer, f| super::write_pretty_nested(buffer, &finding_out(s, f), "    "),
        )?;
        out.write_all(if report.findings.is_empty() {
            b"]"
        } else {
            b"\n  ]"
        })?;
        out.write_all(b",\n  \"errors\": ")?;
        write_array(out, report.errors.iter().map(|d| diag_out(s, d)))?;
        out.write_all(b",\n  \"summary\": ")?;
        super::write_pretty_nested(out, &summary(report), "  ")?;
        out.write_all(b"\n}")?;
        Ok(self.out)
    }
}

#[derive(Debug, Serialize)]
pub struct RulesSummary {
    pub files: Vec<String>,
    pub kinds: usize,
    pub entities: usize,
    pub relations: usize,
    pub facts: usize,
    pub completes: usize,
    pub constraints: usize,
    pub examples: usize,
}

#[derive(Debug, Serialize)]
pub struct ValidateOut<'a> {
    pub version: u32,
    pub valid: bool,
    pub diagnostics: Vec<DiagOut<'a>>,
    pub summary: RulesSummary,
}

pub fn rules_summary(rules: &RuleSet) -> RulesSummary {
    RulesSummary {
        files: rules.sources.iter().map(|(_, f)| f.name.clone()).collect(),
        kinds: rules.kinds.len(),
        entities: rules.entities.len(),
        relations: rules.relations.len(),
        facts: rules.facts.len(),
        completes: rules.completes.len(),
        constraints: rules.constraints.len(),
        examples: rules.examples.len(),
    }
}

pub fn validate_report<'a>(rules: &'a RuleSet, diags: &'a [Diag]) -> ValidateOut<'a> {
    ValidateOut {
        version: VERSION,
        valid: !diags.iter().any(|d| d.severity == Severity::Error),
        diagnostics: diags.iter().map(|d| diag_out(&rules.sources, d)).collect(),
        summary: rules_summary(rules),
    }
}
