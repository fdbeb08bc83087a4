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
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        let message = super::finding_text(f);
        writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&file.name),
            escape_property(&format!("factlint {}", f.code)),
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(escape_data("50% of\na"), "50%25 of%0Aa");
        assert_eq!(escape_property("a,b: c"), "a%2Cb%3A c");
    }
}
