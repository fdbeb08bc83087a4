//! SARIF 2.1.0 output (`--format sarif`), as GitHub code scanning reads it:
//! one rule per finding code, one result per finding with its physical
//! location (file, line, column, end) and the deciding rule as a related
//! location. The run's invocation says whether every file was checked, with
//! the diagnostics of those that were not as notifications. Built with the
//! typed structures of `serde-sarif`.

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor,
    ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run, Sarif, Tool,
    ToolComponent,
};

use std::io::{self, Write};

use crate::check::{Finding, Report};
use crate::codes::FINDING_CODES;
use crate::diagnostic::{Diag, Severity};
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
            uri: Some(file_uri(&f.name, &f.path)),
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
    let rule_index = rule_index(f);
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

/// A result as written, borrowing from the finding: the fields of
/// [`result`] (and nothing else), named and ordered as `serde-sarif`
/// serialises its own structures, so the bytes are the same (a test
/// compares them).
///
/// Why not `serde-sarif`'s structures here: they hold every field SARIF
/// has (a result is over 2 KB, a location nearly as large), and each is
/// built on the stack and moved into its place a few times; for the tens
/// of thousands of findings of a large check, copying them was most of the
/// time spent writing the log. The crate's structures still make the log
/// around the results, the rules, and [`sarif`].
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    level: &'static str,
    locations: [LocationOut<'a>; 1],
    message: TextOut<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<LocationOut<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<i64>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<TextOut<'a>>,
    physical_location: PhysicalOut,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalOut {
    artifact_location: ArtifactOut,
    region: RegionOut,
}

#[derive(serde::Serialize)]
struct ArtifactOut {
    uri: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionOut {
    byte_length: i64,
    byte_offset: i64,
    end_column: i64,
    end_line: i64,
    start_column: i64,
    start_line: i64,
}

#[derive(serde::Serialize)]
struct TextOut<'a> {
    text: std::borrow::Cow<'a, str>,
}

/// What a URI path leaves as it is (RFC 3986 `pchar` and `/`): the
/// unreserved characters, the sub-delimiters and `@` (not `:`, which in a
/// relative reference's first folder would read as a scheme). Everything else
/// (space, `%`, `#`, `?`, brackets, non-ASCII bytes) is percent-encoded.
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@')
    .remove(b'/');

/// A file's name as a SARIF artifact location: a URI reference (the name
/// as given, relative or an absolute path), with `/` between folders and
/// every character a URI path cannot hold percent-encoded ("a b#1.txt" is
/// `a%20b%231.txt`).
fn artifact_uri(name: &str) -> String {
    percent_encoding::utf8_percent_encode(&name.replace('\\', "/"), URI_PATH).to_string()
}

/// [`artifact_uri`] of a source file. A path that is not UTF-8 (possible
/// on Unix) is shown with U+FFFD in place of its stray bytes, which would
/// make a URI of another file: its own bytes are percent-encoded instead
/// (`bad\xFF.txt` is `bad%FF.txt`).
fn file_uri(name: &str, path: &std::path::Path) -> String {
    #[cfg(unix)]
    if path.to_str().is_none() && name == path.to_string_lossy() {
        use std::os::unix::ffi::OsStrExt;
        return percent_encoding::percent_encode(path.as_os_str().as_bytes(), URI_PATH).to_string();
    }
    artifact_uri(name)
}

/// [`location`], as written.
fn location_out<'a>(sources: &SourceMap, span: Span, message: Option<&'a str>) -> LocationOut<'a> {
    let f = sources.get(span.file);
    let (start_line, start_column) = f.line_col(span.start);
    let (end_line, end_column) = f.line_col(span.end);
    LocationOut {
        message: message.map(|m| TextOut { text: m.into() }),
        physical_location: PhysicalOut {
            artifact_location: ArtifactOut {
                uri: file_uri(&f.name, &f.path),
            },
            region: RegionOut {
                byte_length: span.len() as i64,
                byte_offset: span.start as i64,
                end_column: end_column as i64,
                end_line: end_line as i64,
                start_column: start_column as i64,
                start_line: start_line as i64,
            },
        },
    }
}

/// [`result`], as written.
fn result_out<'a>(sources: &SourceMap, f: &'a Finding) -> ResultOut<'a> {
    ResultOut {
        level: level_name(f.severity),
        locations: [location_out(sources, f.span, None)],
        message: TextOut {
            text: super::finding_text(f).into(),
        },
        related_locations: f
            .deciding
            .iter()
            .map(|d| location_out(sources, d.span, Some(&d.label)))
            .collect(),
        rule_id: &f.code,
        rule_index: rule_index(f),
    }
}

fn rule_index(f: &Finding) -> Option<i64> {
    FINDING_CODES
        .iter()
        .position(|c| c.code == f.code)
        .map(|i| i as i64)
}

/// The SARIF log around `results`.
/// A diagnostic of the run (a file that could not be read, a broken rule
/// file) as a SARIF notification: its code, level, message with help, and
/// where it points, if anywhere.
fn notification(sources: &SourceMap, d: &Diag) -> Notification {
    let mut n = Notification::builder()
        .descriptor(ReportingDescriptorReference {
            id: Some(d.code.clone()),
            ..ReportingDescriptorReference::default()
        })
        .level(serde_json::json!(level_name(d.severity)))
        .message(Message {
            text: Some(super::message_and_help(&d.message, d.help.as_deref())),
            ..Message::default()
        })
        .build();
    n.locations = match (d.primary_span(), &d.file) {
        (Some(span), _) => Some(vec![location(sources, span, None)]),
        // A file that could not be read: the file, with no region in it.
        (None, Some(file)) => Some(vec![Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(ArtifactLocation {
                    uri: Some(file_uri(&file.name, &file.path)),
                    ..ArtifactLocation::default()
                }),
                ..PhysicalLocation::default()
            }),
            ..Location::default()
        }]),
        (None, None) => None,
    };
    n
}

/// The run's invocation: successful unless an error kept a file from being
/// checked (SARIF's `executionSuccessful`), with those diagnostics as
/// notifications: of the configuration (rule files) or of the execution
/// (articles and claims files).
fn invocation(sources: &SourceMap, diags: &[Diag], of_configuration: bool) -> Invocation {
    let notifications: Vec<Notification> = diags.iter().map(|d| notification(sources, d)).collect();
    let mut invocation = Invocation::builder()
        .execution_successful(!diags.iter().any(|d| d.severity == Severity::Error))
        .build();
    if !notifications.is_empty() {
        if of_configuration {
            invocation.tool_configuration_notifications = Some(notifications);
        } else {
            invocation.tool_execution_notifications = Some(notifications);
        }
    }
    invocation
}

fn log(results: Vec<SarifResult>, invocation: Invocation) -> Sarif {
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
        // No `informationUri`: the project has no public address yet, and
        // a placeholder would be a dead link in every code-scanning alert.
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
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
    log(
        report
            .findings
            .iter()
            .map(|f| result(&report.sources, f))
            .collect(),
        invocation(&report.sources, &report.errors, false),
    )
}

/// The SARIF log of a check that did not run because its rule files have
/// errors: no results, an unsuccessful invocation, and the errors as
/// configuration notifications pointing into the rule files.
pub fn write_sarif_of_rule_errors(
    diags: &[Diag],
    sources: &SourceMap,
    out: &mut dyn Write,
) -> io::Result<()> {
    let log = log(Vec::new(), invocation(sources, diags, true));
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Write the SARIF log of a check, pretty-printed, one result at a time:
/// the bytes of `serde_json::to_vec_pretty(&sarif(report))`, without
/// holding every result in memory.
pub fn write_sarif(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
    let skeleton = serde_json::to_string_pretty(&log(
        Vec::new(),
        invocation(&report.sources, &report.errors, false),
    ))
    .map_err(io::Error::other)?;
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
        |buffer, f| super::write_pretty_nested(buffer, &result_out(&report.sources, f), &inner),
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

    #[test]
    fn artifact_uris_are_uri_references() {
        for (name, uri) in [
            ("news/a.txt", "news/a.txt"),
            ("/abs/x-y_z~1.md", "/abs/x-y_z~1.md"),
            ("news\\b.txt", "news/b.txt"),
            ("a b#1%?.txt", "a%20b%231%25%3F.txt"),
            ("é[1]:2.md", "%C3%A9%5B1%5D%3A2.md"),
            ("it's (1)+@x;y=z&w,v$!*.txt", "it's%20(1)+@x;y=z&w,v$!*.txt"),
        ] {
            assert_eq!(artifact_uri(name), uri, "{name}");
        }
    }

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

    /// Thousands of results, written in pieces in parallel (by
    /// `result_out`), are the bytes of the whole log serialised at once
    /// with `serde-sarif`'s structures (in order, one comma apart): with
    /// and without related locations, rule index and help, at every
    /// severity, in files on lines past the first and named with
    /// backslashes.
    #[test]
    fn results_written_in_parallel_pieces_are_the_whole_log() {
        let mut report = Report::new(&crate::lang::RuleSet::default());
        let text = "Belarus joined.\n \u{c9}t\u{e9} \"quoted\" ".repeat(300);
        let file = report
            .sources
            .add("news\\a.txt", "news/a.txt", text.as_str());
        let rules = report
            .sources
            .add("r.facts", "r.facts", "member(sco, belarus)\n".repeat(9));
        for i in 0..9000 {
            let start = (i * 30) % (text.len() - 8);
            report.findings.push(Finding {
                code: ["count", "misspelled-name", "no-such-code"][i % 3].into(),
                severity: [Severity::Error, Severity::Warning, Severity::Advice][i % 4 % 3],
                message: format!("finding {i}{}", [".", "", "?"][i % 3]),
                help: (i % 5 == 0).then(|| format!("help {i}").into()),
                span: Span::new(file, start, start + 7),
                text: "Belarus".into(),
                rule: None,
                deciding: (0..i % 3)
                    .map(|k| crate::engine::Decider {
                        span: Span::new(rules, 21 * k, 21 * k + 20),
                        label: format!("decided \"{k}\"").into(),
                    })
                    .collect(),
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
