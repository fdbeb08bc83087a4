//! Reports: the same findings as miette diagnostics for people, or as JSON
//! for programs. Nothing here decides a verdict.

pub mod github;
pub mod json;
pub mod sarif;

use crate::check::Report;
use crate::diagnostic::{Diag, Severity};
use crate::engine::Verdict;
use crate::source::SourceMap;

/// Diagnostics of a check, in output order: findings first (sorted by file,
/// offset, code), then files and claims that could not be checked.
pub fn report_diags(report: &Report) -> Vec<Diag> {
    report.findings.iter().map(|f| f.to_diag()).collect()
}

/// A finding's message and help as one text, for formats with one message.
pub fn finding_text(f: &crate::check::Finding) -> String {
    match &f.help {
        Some(h) if f.message.ends_with(['.', '?', '!']) => format!("{} {h}", f.message),
        Some(h) => format!("{}. {h}", f.message),
        None => f.message.clone(),
    }
}

/// One line that sums a check up.
pub fn summary_line(report: &Report) -> String {
    let claims: usize = report.articles.iter().map(|a| a.claims.len()).sum();
    format!(
        "{} {}, {} {}: {} supported, {} contradicted, {} unverifiable; findings: {} {}, {} {}, {} advice",
        report.articles.len(),
        plural(report.articles.len(), "article", "articles"),
        claims,
        plural(claims, "claim", "claims"),
        report.count(Verdict::Supported),
        report.count(Verdict::Contradicted),
        report.count(Verdict::Unverifiable),
        report.findings_at(Severity::Error),
        plural(report.findings_at(Severity::Error), "error", "errors"),
        report.findings_at(Severity::Warning),
        plural(report.findings_at(Severity::Warning), "warning", "warnings"),
        report.findings_at(Severity::Advice),
    )
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Articles whose date was not given, for a note in the report.
pub fn undated_articles(report: &Report) -> Vec<String> {
    report
        .articles
        .iter()
        .filter(|a| a.date_source == crate::check::DateSource::Today)
        .map(|a| {
            format!(
                "{} has no date; it was checked as of today, {}",
                report.sources.get(a.file).name,
                a.date
            )
        })
        .collect()
}

/// Plain-text rendering of a check: every finding, every error, the notes
/// and the summary, with no colour and a fixed width of 80 columns;
/// byte-identical from run to run.
#[cfg(feature = "render")]
pub fn render_plain(report: &Report) -> String {
    let mut out = crate::diagnostic::render_plain(&report_diags(report), &report.sources);
    out.push_str(&crate::diagnostic::render_plain(
        &report.errors,
        &report.sources,
    ));
    for note in undated_articles(report) {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Plain-text rendering of rule-file diagnostics.
#[cfg(feature = "render")]
pub fn render_rule_diagnostics(diags: &[Diag], sources: &SourceMap) -> String {
    crate::diagnostic::render_plain(diags, sources)
}
