//! Every output format of `check`, on the five articles: SARIF validated
//! against the SARIF 2.1.0 JSON schema, GitHub annotations, plain text,
//! `--min-severity` and `--deny warnings`.
//!
//! `tests/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema with one
//! known erratum fixed: the `run.language` pattern had a stray `]`
//! (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which is not a valid regular
//! expression; it reads `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$` here.

use std::process::{Command, Output};

fn factlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("factlint runs")
}

/// An empty folder of this test run's own, named with `tag`.
fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("factlint-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The SARIF 2.1.0 schema, as a validator.
fn sarif_validator() -> jsonschema::Validator {
    let schema_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sarif-schema-2.1.0.json"
    ))
    .expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    jsonschema::validator_for(&schema).expect("a valid schema")
}

/// `check --format sarif`'s log, checked against the schema.
fn valid_sarif(o: &Output) -> serde_json::Value {
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    sarif
}

/// The run's invocation says whether every file was checked (see
/// `sarif_is_valid_sarif_2_1_0` for a run that checked every one): files that
/// could not be are its notifications (code, level, message); a broken
/// rule file makes a log with no results whose configuration notifications
/// point at the rule file's lines.
#[test]
fn sarif_invocations_say_what_could_not_be_checked() {
    let dir = temp_dir("sarif-notes");
    let binary = dir.join("image.txt");
    std::fs::write(&binary, b"GIF89a\x00\x01").expect("write");
    let missing = dir.join("missing.txt");
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles/2024-07-03-press-tv.txt",
        &binary.display().to_string(),
        &missing.display().to_string(),
        "--format",
        "sarif",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let invocation = &valid_sarif(&o)["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "{invocation}");
    // Each on its file, with no region in it.
    let notes: Vec<(&str, &str, &str)> = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .map(|n| {
            let place = &n["locations"][0]["physicalLocation"];
            assert!(place.get("region").is_none(), "{n}");
            (
                n["descriptor"]["id"].as_str().unwrap_or(""),
                n["level"].as_str().unwrap_or(""),
                place["artifactLocation"]["uri"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let (binary_name, missing_name) = (binary.display().to_string(), missing.display().to_string());
    assert_eq!(
        notes,
        [
            ("binary-article", "warning", binary_name.as_str()),
            ("unreadable-article", "error", missing_name.as_str())
        ]
    );
    let text = invocation["toolExecutionNotifications"][1]["message"]["text"]
        .as_str()
        .unwrap_or("");
    assert!(
        text.contains("missing.txt") && text.contains("Check the path"),
        "{text}"
    );

    let broken = factlint(&[
        "check",
        "-r",
        "fixtures/rules/broken/unknown-names.facts",
        "fixtures/articles",
        "--format",
        "sarif",
    ]);
    assert_eq!(broken.status.code(), Some(2));
    let sarif = valid_sarif(&broken);
    let run = &sarif["runs"][0];
    assert_eq!(run["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let first = &run["invocations"][0]["toolConfigurationNotifications"][0];
    assert_eq!(first["descriptor"]["id"], "unknown-kind", "{first}");
    let place = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "fixtures/rules/broken/unknown-names.facts"
    );
    assert_eq!(place["region"]["startLine"], 4, "{place}");
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "sarif",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let sarif = valid_sarif(&o);
    // No placeholder address for the tool (a dead link in every alert).
    assert!(!String::from_utf8_lossy(&o.stdout).contains("example.invalid"));
    // What GitHub code scanning needs: rules with ids and help, results with
    // a rule id, a message and a physical location with a region.
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert!(run["tool"]["driver"]["rules"].as_array().is_some_and(|r| r
        .iter()
        .all(|r| r["id"].is_string() && r["help"]["text"].is_string())));
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 6);
    for r in results {
        assert!(r["ruleId"].is_string() && r["message"]["text"].is_string());
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_i64().is_some_and(|l| l >= 1));
        assert!(region["endColumn"].as_i64().is_some_and(|c| c >= 1));
    }
    // A check that finds nothing is valid SARIF too.
    let clean = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles/2024-07-03-press-tv.txt",
        "--format",
        "sarif",
    ]);
    assert_eq!(clean.status.code(), Some(0));
    // Every file was checked: a successful invocation, no notifications.
    let invocation = &valid_sarif(&clean)["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true, "{invocation}");
    assert!(
        invocation.get("toolExecutionNotifications").is_none(),
        "{invocation}"
    );
}

/// Check a folder holding one article named `name` (with a false claim in
/// it) to SARIF: the article's path and the parsed report.
fn sarif_of_article_named(
    tag: &str,
    name: &std::ffi::OsStr,
) -> (std::path::PathBuf, serde_json::Value) {
    let dir = temp_dir(tag);
    let article = dir.join(name);
    std::fs::write(
        &article,
        "---\ndate: 2024-07-05\n---\nThe SCO met. The nine-member bloc is growing.\n",
    )
    .expect("write");
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        &dir.display().to_string(),
        "--format",
        "sarif",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (article, serde_json::from_slice(&o.stdout).expect("json"))
}

/// A file name that a URI cannot hold as it is (a space, `#`, `%`, a
/// non-ASCII letter) is percent-encoded in every SARIF location, and
/// decodes back to the name.
#[test]
fn sarif_locations_are_uri_references_for_any_file_name() {
    let (article, sarif) = sarif_of_article_named("uri", "Astana 100% #2 é.md".as_ref());
    let mut uris = Vec::new();
    for r in sarif["runs"][0]["results"].as_array().expect("results") {
        for l in r["locations"]
            .as_array()
            .into_iter()
            .chain(r["relatedLocations"].as_array())
            .flatten()
        {
            uris.push(
                l["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .expect("a uri")
                    .to_string(),
            );
        }
    }
    let name = article.display().to_string();
    assert!(
        uris.iter()
            .any(|u| u.ends_with("/Astana%20100%25%20%232%20%C3%A9.md")),
        "{uris:?}"
    );
    for uri in &uris {
        // Only characters a URI path holds as they are, and escapes.
        assert!(
            uri.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/%".contains(&b)),
            "{uri}"
        );
        let decoded = percent_encoding::percent_decode_str(uri)
            .decode_utf8()
            .expect("utf-8");
        assert!(decoded == name || decoded == "rules/sco.facts", "{decoded}");
    }
}

/// On Unix a file name need not be UTF-8: its SARIF location is its own
/// bytes, percent-encoded, not the U+FFFD the name is shown with.
#[cfg(unix)]
#[test]
fn sarif_locations_of_names_that_are_not_utf8_are_their_bytes() {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = std::ffi::OsString::from_vec(b"bad\xff 1.md".to_vec());
    let (article, sarif) = sarif_of_article_named("uri-bytes", &name);
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .expect("a uri");
    assert!(uri.ends_with("/bad%FF%201.md"), "{uri}");
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(uri).collect();
    assert_eq!(decoded, article.as_os_str().as_bytes(), "{uri}");
}

#[test]
fn github_annotations_name_file_line_and_column() {
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles/2024-07-02-associated-press-preview.txt",
        "--format",
        "github",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with(
        "::error file=fixtures/articles/2024-07-02-associated-press-preview.txt,line=19,col=348,endLine=19,endColumn=389,title=factlint incomplete-list::member(NATO%2C"
    ) || lines[0].starts_with(
        "::error file=fixtures/articles/2024-07-02-associated-press-preview.txt,line=19,col=348,endLine=19,endColumn=389,title=factlint incomplete-list::member(NATO, Belarus)"
    ), "{}", lines[0]);
    assert!(lines[1].starts_with("::warning file="), "{}", lines[1]);
}

#[test]
fn plain_output_is_identical_across_runs_and_has_no_colour() {
    let args = [
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "plain",
        "--color",
        "always",
    ];
    let a = factlint(&args);
    let b = factlint(&args);
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.contains(&0x1b), "plain is never coloured");
    let text = String::from_utf8_lossy(&a.stdout);
    assert!(text.ends_with("5 articles, 94 claims: 92 supported, 2 contradicted, 0 unverifiable; findings: 2 errors, 4 warnings, 0 advice\n"));
}

#[test]
fn min_severity_filters_and_deny_warnings_fails() {
    let only_errors = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "json",
        "--min-severity",
        "error",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&only_errors.stdout).expect("json");
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(v["summary"]["errors"], 2);
    // Only warnings in this article: exit 0, unless warnings are denied.
    let article = "fixtures/articles/2024-07-03-translated-report.txt";
    assert_eq!(
        factlint(&["check", "-r", "rules/sco.facts", article])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        factlint(&[
            "check",
            "-r",
            "rules/sco.facts",
            article,
            "--deny",
            "warnings"
        ])
        .status
        .code(),
        Some(1)
    );
    // Filtered away, they no longer fail the run.
    assert_eq!(
        factlint(&[
            "check",
            "-r",
            "rules/sco.facts",
            article,
            "--deny",
            "warnings",
            "--min-severity",
            "error"
        ])
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn the_report_is_identical_for_one_and_two_threads() {
    let one = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    let two = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "json",
        "--threads",
        "2",
    ]);
    assert_eq!(one.stdout, two.stdout);
    let sarif1 = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "sarif",
        "--threads",
        "1",
    ]);
    let sarif2 = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
        "--format",
        "sarif",
        "--threads",
        "2",
    ]);
    assert_eq!(sarif1.stdout, sarif2.stdout);
}

#[test]
fn human_output_is_coloured_only_when_asked_or_on_a_terminal() {
    let args = [
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles/2024-07-02-associated-press-preview.txt",
    ];
    // Not a terminal here, and NO_COLOR is set by `factlint()`: no colour.
    let plain = factlint(&args);
    assert!(!plain.stdout.contains(&0x1b));
    let mut coloured_args = args.to_vec();
    coloured_args.extend(["--color", "always"]);
    let coloured = factlint(&coloured_args);
    assert!(coloured.stdout.contains(&0x1b), "--color always colours");
    assert_eq!(plain.status.code(), coloured.status.code());
}

/// A byte-order mark that begins an article is no column: the claim at the
/// start of line 1 is at column 1 in every format, as editors count it.
#[test]
fn a_byte_order_mark_is_not_a_column() {
    let dir = temp_dir("bom");
    let article = dir.join("bom.txt");
    std::fs::write(&article, "\u{feff}Turkmenistan is a member of the SCO.\n").expect("write");
    let path = article.display().to_string();
    let run = |format: &str| {
        let o = factlint(&[
            "check",
            "-r",
            "rules/sco.facts",
            "--date",
            "2024-07-03",
            &path,
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(run("plain").contains(&format!("╭─[{path}:1:1]")));
    assert!(run("github").contains(",line=1,col=1,endLine=1,endColumn=36,"));
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("json");
    assert_eq!(json["findings"][0]["column"], 1);
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("sarif");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].as_i64(), region["endColumn"].as_i64()),
        (Some(1), Some(36))
    );
    // Offsets are still bytes of the file: the claim starts after the mark.
    assert_eq!(region["byteOffset"], 3);
}

/// Files that could not be checked are on the file in the GitHub and JSON
/// formats too: an annotation with `file=` and no line, and `file` in the
/// JSON report's errors. The article beside them is still checked.
#[test]
fn files_that_could_not_be_checked_are_on_the_file_in_github_and_json() {
    let dir = temp_dir("on-file");
    let binary = dir.join("image,1.txt");
    std::fs::write(&binary, b"GIF89a\x00\x01").expect("write");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 au lait.").expect("write");
    let (binary, latin1) = (binary.display().to_string(), latin1.display().to_string());
    let run = |format: &str| {
        factlint(&[
            "check",
            "-r",
            "rules/sco.facts",
            "fixtures/articles/2024-07-03-press-tv.txt",
            &binary,
            &latin1,
            "--format",
            format,
        ])
    };
    let github = run("github");
    assert_eq!(github.status.code(), Some(2));
    let out = String::from_utf8_lossy(&github.stdout);
    let on_file: Vec<&str> = out
        .lines()
        .filter(|l| !l.contains("press-tv"))
        .map(|l| l.split("::").nth(1).unwrap_or(""))
        .collect();
    // (`,` in a property is escaped as `%2C`.)
    assert_eq!(
        on_file,
        [
            format!(
                "warning file={},title=factlint binary-article",
                binary.replace(',', "%2C")
            ),
            format!("error file={latin1},title=factlint unreadable-article"),
        ],
        "{out}"
    );

    let json = run("json");
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    let errors: Vec<(&str, &str)> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            assert!(e.get("location").is_none(), "{e}");
            (
                e["code"].as_str().unwrap_or(""),
                e["file"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("binary-article", binary.as_str()),
            ("unreadable-article", latin1.as_str())
        ]
    );
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(1));
}
