//! SARIF 2.1.0 output (`--format sarif`), as GitHub code scanning reads it:
//! one rule per finding code, one result per finding with its physical
//! location (file, line, column, end) and the deciding rule as a related
//! location. Built with the typed structures of `serde-sarif`.

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use std::io::{self, Write};

use crate::check::{Finding, Report};
use crate::codes::FINDING_CODES;
use crate::diagnostic::Severity;
use crate::source::{SourceMap, Span};

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Advice => ResultLevel::Note,
    }
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// A location with a 1-based region; columns count characters, as SARIF's
/// default `columnKind` (utf16CodeUnits) is close enough for text that is
/// mostly in the Basic Multilingual Plane, and GitHub shows lines anyway.
fn location(sources: &SourceMap, span: Span, message: Option<&str>) -> Location {
    let f = sources.get(span.file);
    let (start_line, start_column) = f.line_col(span.start);
    let (end_line, end_column) = f.line_col(span.end);
    // Written as values, not through the crate's builders: these
    // structures are large (a `Location` is nearly 2 KB), and each builder
    // step moved them; the fields left out are the builders' defaults.
    let region = Region {
        start_line: Some(start_line as i64),
        start_column: Some(start_column as i64),
        end_line: Some(end_line as i64),
        end_column: Some(end_column as i64),
        byte_offset: Some(span.start as i64),
        byte_length: Some(span.len() as i64),
        ..Region::default()
    };
    let physical = PhysicalLocation {
        artifact_location: Some(ArtifactLocation {
            uri: Some(f.name.replace('\\', "/")),
            ..ArtifactLocation::default()
        }),
        region: Some(region),
        ..PhysicalLocation::default()
    };
    Location {
        physical_location: Some(physical),
        message: message.map(|m| Message {
            text: Some(m.to_string()),
            ..Message::default()
        }),
        ..Location::default()
    }
}

/// The SARIF result of one finding.
fn result(sources: &SourceMap, f: &Finding) -> SarifResult {
    let text = super::finding_text(f);
    let related: Vec<Location> = f
        .deciding
        .iter()
        .map(|d| location(sources, d.span, Some(&d.label)))
        .collect();
    let rule_index = FINDING_CODES
        .iter()
        .position(|c| c.code == f.code)
        .map(|i| i as i64);
    // Fields set in place rather than by the crate's builder, whose every
    // step moved the result (a large structure, as `location` says); the
    // builder only makes it, around the one field it requires.
    let mut r = SarifResult::builder()
        .message(Message {
            text: Some(text),
            ..Message::default()
        })
        .build();
    r.rule_id = Some(f.code.to_string());
    r.rule_index = rule_index;
    r.level = Some(level(f.severity));
    r.locations = Some(vec![location(sources, f.span, None)]);
    r.related_locations = (!related.is_empty()).then_some(related);
    r
}

/// The SARIF log around `results`.
fn log(results: Vec<SarifResult>) -> Sarif {
    let rules: Vec<ReportingDescriptor> = FINDING_CODES
        .iter()
        .map(|c| {
            ReportingDescriptor::builder()
                .id(c.code)
                .name(c.code)
                .short_description(MultiformatMessageString::builder().text(c.summary).build())
                .help(
                    MultiformatMessageString::builder()
                        .text(format!("{} See docs/findings.md#{}.", c.summary, c.code))
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level_name(c.severity)))
                        .build(),
                )
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("factlint")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://example.invalid/factlint")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The SARIF log of a check.
pub fn sarif(report: &Report) -> Sarif {
    log(report
        .findings
        .iter()
        .map(|f| result(&report.sources, f))
        .collect())
}

/// Write the SARIF log of a check, pretty-printed, one result at a time:
/// the bytes of `serde_json::to_vec_pretty(&sarif(report))`, without
/// holding every result in memory.
pub fn write_sarif(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let skeleton = serde_json::to_string_pretty(&log(Vec::new())).map_err(io::Error::other)?;
    // In pretty JSON a quote inside a string is written `\"`, so this can
    // only be the (empty) results array itself.
    const MARKER: &str = "\"results\": []";
    let Some(at) = skeleton.find(MARKER) else {
        // Not the layout expected: fall back to the log held in memory.
        let whole = serde_json::to_string_pretty(&sarif(report)).map_err(io::Error::other)?;
        return out.write_all(whole.as_bytes());
    };
    let line_start = skeleton[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = " ".repeat(at - line_start);
    let inner = format!("{indent}  ");
    let open = at + MARKER.len() - 1;
    out.write_all(&skeleton.as_bytes()[..open])?;
    // Results are serialised into buffers (the serialiser makes many small
    // writes, cheap into a vector and not through `out`), in parallel.
    let (first, then) = (format!("\n{inner}"), format!(",\n{inner}"));
    super::write_in_pieces(
        out,
        &report.findings,
        (first.as_bytes(), then.as_bytes()),
        |buffer, f| super::write_pretty_nested(buffer, &result(&report.sources, f), &inner),
    )?;
    if !report.findings.is_empty() {
        out.write_all(b"\n")?;
        out.write_all(indent.as_bytes())?;
    }
    out.write_all(&skeleton.as_bytes()[open..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Finding;
    use crate::diagnostic::Severity;
    use crate::source::Span;

    /// A result's locations carry exactly these fields: the file as a URI
    /// with forward slashes, lines and columns counted in characters from
    /// 1, the byte offset and length; a related location also its label,
    /// and nothing else is written.
    #[test]
    fn locations_hold_the_file_lines_columns_and_bytes_and_nothing_else() {
        let mut report = Report::new(&crate::lang::RuleSet::default());
        let article = "First line.\nThe “SCO” met in Astana.\n";
        let file = report.sources.add("news\\a.txt", "news/a.txt", article);
        let rules = report.sources.add(
            "rules\\sco.facts",
            "rules/sco.facts",
            "member(belarus, sco)\n",
        );
        let start = article.find("Astana").expect("in the text");
        report.findings.push(Finding {
            code: "contradicted".into(),
            severity: Severity::Error,
            message: "wrong".into(),
            help: None,
            span: Span::new(file, start, start + "Astana".len()),
            text: "Astana".into(),
            rule: None,
            deciding: vec![crate::engine::Decider {
                span: Span::new(rules, 0, 6),
                label: "decided here".into(),
            }],
            label: "contradicted".into(),
        });
        let result =
            serde_json::to_value(result(&report.sources, &report.findings[0])).expect("json");
        assert_eq!(
            result["locations"],
            serde_json::json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": "news/a.txt" },
                    "region": {
                        "startLine": 2, "startColumn": 18, "endLine": 2, "endColumn": 24,
                        "byteOffset": 33, "byteLength": 6
                    }
                }
            }])
        );
        assert_eq!(
            result["relatedLocations"],
            serde_json::json!([{
                "message": { "text": "decided here" },
                "physicalLocation": {
                    "artifactLocation": { "uri": "rules/sco.facts" },
                    "region": {
                        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 7,
                        "byteOffset": 0, "byteLength": 6
                    }
                }
            }])
        );
    }

    /// Thousands of results, written in pieces in parallel, are the bytes
    /// of the whole log serialised at once (in order, one comma apart).
    #[test]
    fn results_written_in_parallel_pieces_are_the_whole_log() {
        let mut report = Report::new(&crate::lang::RuleSet::default());
        let text = "Belarus joined. ".repeat(600);
        let file = report.sources.add("a.txt", "a.txt", text.as_str());
        for i in 0..9000 {
            let start = (i * 16) % (text.len() - 8);
            report.findings.push(Finding {
                code: ["count", "misspelled-name", "no-such-code"][i % 3].into(),
                severity: [Severity::Error, Severity::Warning][i % 2],
                message: format!("finding {i}"),
                help: (i % 5 == 0).then(|| format!("help {i}").into()),
                span: Span::new(file, start, start + 7),
                text: "Belarus".into(),
                rule: None,
                deciding: Vec::new(),
                label: "here".into(),
            });
        }
        for findings in [0, 1, 63, 64, 65, 4096, 4097, 9000] {
            let mut part = Report::new(&crate::lang::RuleSet::default());
            part.sources = report.sources.clone();
            part.findings = report.findings[..findings].to_vec();
            let mut streamed = Vec::new();
            write_sarif(&part, &mut streamed).expect("written");
            let whole = serde_json::to_string_pretty(&sarif(&part)).expect("serialised");
            assert!(streamed == whole.as_bytes(), "{findings} findings");
        }
    }
}
