//! The JSON report (`--format json`), version 1. Documented in docs/json.md.

use serde::Serialize;

use crate::check::{DateSource, Report};
use crate::diagnostic::{Diag, Severity};
use crate::engine::{Decider, Verdict};
use crate::lang::RuleSet;
use crate::source::{SourceMap, Span};

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Location {
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(sources: &SourceMap, span: Span) -> Self {
        let f = sources.get(span.file);
        let (line, column) = f.line_col(span.start);
        Location {
            file: f.name.clone(),
            start: span.start,
            end: span.end,
            line,
            column,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RuleRef {
    #[serde(flatten)]
    pub location: Location,
    pub label: String,
}

fn rule_refs(sources: &SourceMap, deciding: &[Decider]) -> Vec<RuleRef> {
    deciding
        .iter()
        .map(|d| RuleRef {
            location: Location::new(sources, d.span),
            label: d.label.clone(),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct ClaimOut {
    pub index: usize,
    pub relation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub location: Location,
    pub verdict: Verdict,
    pub reason: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub deciding: Vec<RuleRef>,
}

#[derive(Debug, Serialize)]
pub struct ArticleOut {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims_file: Option<String>,
    pub date: String,
    pub date_source: DateSource,
    pub claims: Vec<ClaimOut>,
}

#[derive(Debug, Serialize)]
pub struct FindingOut {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub article: String,
    pub span: crate::claims::ByteSpan,
    pub line: usize,
    pub column: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The first deciding statement in the rule files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_span: Option<Location>,
    pub deciding: Vec<RuleRef>,
}

#[derive(Debug, Serialize)]
pub struct DiagOut {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub related: Vec<RuleRef>,
}

pub fn diag_out(sources: &SourceMap, d: &Diag) -> DiagOut {
    let primary = d.primary_span();
    DiagOut {
        code: d.code.clone(),
        severity: d.severity,
        message: d.message.clone(),
        help: d.help.clone(),
        location: primary.map(|s| Location::new(sources, s)),
        related: d
            .labels
            .iter()
            .filter(|l| Some(l.span) != primary)
            .map(|l| RuleRef {
                location: Location::new(sources, l.span),
                label: l.message.clone().unwrap_or_default(),
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
pub struct CheckOut {
    pub version: u32,
    pub articles: Vec<ArticleOut>,
    pub findings: Vec<FindingOut>,
    pub errors: Vec<DiagOut>,
    pub summary: Summary,
}

pub fn check_report(report: &Report) -> CheckOut {
    let s = &report.sources;
    let articles = report
        .articles
        .iter()
        .map(|a| ArticleOut {
            path: s.get(a.file).name.clone(),
            claims_file: a.claims_file.map(|f| s.get(f).name.clone()),
            date: a.date.to_string(),
            date_source: a.date_source,
            claims: a
                .claims
                .iter()
                .map(|c| ClaimOut {
                    index: c.index,
                    relation: c.record.relation.clone(),
                    claim: c.description.clone(),
                    text: c.record.text.clone(),
                    location: Location::new(s, c.span),
                    verdict: c.judgement.verdict,
                    reason: c.judgement.reason.code(),
                    message: c.judgement.message.clone(),
                    rule: c.judgement.rule.clone(),
                    deciding: rule_refs(s, &c.judgement.deciding),
                })
                .collect(),
        })
        .collect();
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let (line, column) = s.get(f.span.file).line_col(f.span.start);
            FindingOut {
                code: f.code.clone(),
                severity: f.severity,
                message: f.message.clone(),
                help: f.help.clone(),
                article: s.get(f.span.file).name.clone(),
                span: crate::claims::ByteSpan {
                    start: f.span.start,
                    end: f.span.end,
                },
                line,
                column,
                text: f.text.clone(),
                rule: f.rule.clone(),
                rule_span: f.deciding.first().map(|d| Location::new(s, d.span)),
                deciding: rule_refs(s, &f.deciding),
            }
        })
        .collect();
    CheckOut {
        version: VERSION,
        articles,
        findings,
        errors: report.errors.iter().map(|d| diag_out(s, d)).collect(),
        summary: Summary {
            articles: report.articles.len(),
            claims: report.articles.iter().map(|a| a.claims.len()).sum(),
            supported: report.count(Verdict::Supported),
            contradicted: report.count(Verdict::Contradicted),
            unverifiable: report.count(Verdict::Unverifiable),
            errors: report.findings_at(Severity::Error),
            warnings: report.findings_at(Severity::Warning),
            advice: report.findings_at(Severity::Advice),
        },
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
pub struct ValidateOut {
    pub version: u32,
    pub valid: bool,
    pub diagnostics: Vec<DiagOut>,
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

pub fn validate_report(rules: &RuleSet, diags: &[Diag]) -> ValidateOut {
    ValidateOut {
        version: VERSION,
        valid: !diags.iter().any(|d| d.severity == Severity::Error),
        diagnostics: diags.iter().map(|d| diag_out(&rules.sources, d)).collect(),
        summary: rules_summary(rules),
    }
}
