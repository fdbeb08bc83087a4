//! GitHub Actions workflow commands (`--format github`): one
//! `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`
//! line per finding, which GitHub shows as an annotation on the file.

use crate::check::Report;
use crate::diagnostic::Severity;

/// Escape a command's message (GitHub's rules: `%`, CR and LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: the message rules plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "notice",
    }
}

/// One annotation per diagnostic (of rule files, a configuration file):
/// at its primary label, with its help after its message. A diagnostic
/// with no place is annotated without a file.
pub fn write_diags(
    diags: &[crate::diagnostic::Diag],
    sources: &crate::source::SourceMap,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for d in diags {
        let place = match d.primary_span() {
            Some(span) => {
                let file = sources.get(span.file);
                let (line, col) = file.line_col(span.start);
                let (end_line, end_col) = file.line_col(span.end);
                format!(
                    "file={},line={line},col={col},endLine={end_line},endColumn={end_col},",
                    escape_property(&file.name)
                )
            }
            // A file that could not be read: the annotation is on the file.
            None => d.file.as_ref().map_or_else(String::new, |f| {
                format!("file={},", escape_property(&f.name))
            }),
        };
        writeln!(
            out,
            "::{} {place}title={}::{}",
            command(d.severity),
            escape_property(&format!("factlint {}", d.code)),
            escape_data(&super::message_and_help(&d.message, d.help.as_deref()))
        )?;
    }
    Ok(())
}

pub fn github(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_github(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`github`], written one annotation at a time.
pub fn write_github(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for f in &report.findings {
        let file = report.sources.get(f.span.file);
        let (line, col) = file.line_col(f.span.start);
        let (end_line, end_col) = file.line_col(f.span.end);
        let message = super::finding_text(f);
        writeln!(
            out,
            "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            command(f.severity),
            escape_property(&file.name),
            escape_property(&format!("factlint {}", f.code)),
            escape_data(&message)
        )?;
    }
    // Then what could not be checked: files that could not be read (on
    // the file), and claims that do not fit their article (their message
    // names the claims file).
    write_diags(&report.errors, &report.sources, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Diagnostics are annotated at their primary label with their own
    /// severity, help after the message, names and texts escaped.
    #[test]
    fn diagnostics_are_annotated_with_their_severity_and_place() {
        use crate::diagnostic::{Diag, Label};
        use crate::source::{SourceMap, Span};
        let mut sources = SourceMap::default();
        let file = sources.add("a,b.facts", "a,b.facts", "x\nmembr(SCO, KZ)\n");
        let diags = [
            Diag::error("unknown-relation", "unknown relation `membr`")
                .with_label(Label::primary(Span::new(file, 2, 7), "here"))
                .with_help("Did you mean `member`?"),
            Diag::error("unused", "50% unused\nthing")
                .with_severity(Severity::Warning)
                .with_label(Label::primary(Span::new(file, 8, 11), "here")),
            Diag::error("config", "no place").with_severity(Severity::Advice),
        ];
        let mut out = Vec::new();
        write_diags(&diags, &sources, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=a%2Cb.facts,line=2,col=1,endLine=2,endColumn=6,title=factlint unknown-relation::unknown relation `membr`. Did you mean `member`?\n\
             ::warning file=a%2Cb.facts,line=2,col=7,endLine=2,endColumn=10,title=factlint unused::50%25 unused%0Athing\n\
             ::notice title=factlint config::no place\n"
        );
    }

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(escape_data("50% of\na"), "50%25 of%0Aa");
        assert_eq!(escape_property("a,b: c"), "a%2Cb%3A c");
    }
}
