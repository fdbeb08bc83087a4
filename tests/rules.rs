//! Rule-file diagnostics: every broken fixture is snapshotted as rendered
//! plain text, and the valid files (including the shipped knowledge base)
//! load without a diagnostic.

use std::path::{Path, PathBuf};

use factlint::diagnostic::render_plain;
use factlint::{load_files, load_source};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .expect("fixture folder exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "facts"))
            .collect();
    files.sort();
    files
}

fn relative(p: &Path) -> PathBuf {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .to_path_buf()
}

/// Load with paths relative to the crate root, so snapshots show stable names.
fn load_relative(path: &Path) -> factlint::Loaded {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate root exists");
    load_files(&[relative(path)])
}

#[test]
fn broken_rule_files_render_every_error() {
    let files = fixtures("fixtures/rules/broken");
    assert!(files.len() >= 10, "one broken fixture per kind of error");
    for path in files {
        let loaded = load_relative(&path);
        assert!(
            loaded.has_errors(),
            "{} should not load cleanly",
            path.display()
        );
        for d in &loaded.diagnostics {
            assert!(
                d.help.is_some(),
                "every diagnostic has a help sentence: {d:?}"
            );
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("unnamed")
            .to_string();
        insta::assert_snapshot!(
            name,
            render_plain(&loaded.diagnostics, &loaded.rules.sources)
        );
    }
}

#[test]
fn valid_rule_files_have_no_diagnostics() {
    let mut files = fixtures("fixtures/rules/valid");
    files.extend(fixtures("rules"));
    assert!(!files.is_empty());
    for path in files {
        let loaded = load_relative(&path);
        assert!(
            loaded.diagnostics.is_empty(),
            "{}:\n{}",
            path.display(),
            render_plain(&loaded.diagnostics, &loaded.rules.sources)
        );
    }
}

#[test]
fn all_syntax_errors_of_a_file_are_reported_together() {
    let text = "relation member(organization, country)\n\
                organization SCO \"SCO\"\n\
                country A \"A\"\n\
                member(SCO A)\n\
                member(SCO, A) until 2024-13-01\n\
                member(SCO, A) from 24-07-04\n\
                country B \"B\"\n";
    let loaded = load_source("inline.facts", text);
    let lines: Vec<usize> = loaded
        .diagnostics
        .iter()
        .filter_map(|d| d.primary_span())
        .map(|s| factlint::source::line_col(text, s.start).0)
        .collect();
    assert_eq!(lines, vec![4, 5, 6], "{:#?}", loaded.diagnostics);
    // The statement after the errors still loaded.
    assert!(loaded.rules.lookup_entity("B").is_some());
}

#[test]
fn syntax_errors_use_words_not_rule_names() {
    let loaded = load_source(
        "inline.facts",
        "relation member(organization, country)\nmember(SCO, A) from tomorrow\n",
    );
    let d = &loaded.diagnostics[0];
    assert_eq!(
        d.message,
        "expected a date like 2024-07-04, found `tomorrow`"
    );
    let all = render_plain(&loaded.diagnostics, &loaded.rules.sources);
    for internal in ["kw_", "ident", "rule_clause", "EOI", "Rule::"] {
        assert!(!all.contains(internal), "{internal} leaked into: {all}");
    }
}

#[test]
fn examples_are_kept_with_their_statement() {
    let loaded = load_files(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sco.facts")]);
    assert!(!loaded.has_errors());
    let rules = &loaded.rules;
    assert!(rules.examples.len() >= 5);
    let stale = rules
        .examples
        .iter()
        .find(|e| e.expect == factlint::lang::ast::Expectation::Finding("stale".into()))
        .expect("the stale example of sco-nine-members");
    assert_eq!(stale.on, Some(jiff::civil::date(2024, 7, 5)));
    assert!(rules
        .sources
        .text(stale.owner)
        .starts_with("constraint sco-nine-members"));
}

#[test]
fn includes_are_relative_and_cycles_are_reported() {
    let dir = std::env::temp_dir().join(format!("factlint-include-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).expect("temp dir");
    std::fs::write(
        dir.join("a.facts"),
        "include \"sub/b.facts\"\nrelation member(organization, country)\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("sub/b.facts"),
        "include \"../a.facts\"\norganization SCO \"SCO\"\n",
    )
    .expect("write");
    let loaded = load_files(&[dir.join("a.facts")]);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["include-cycle"]);
    // Both files were read, and their declarations are visible to each other.
    assert!(loaded.rules.relation("member").is_some());
    assert!(loaded.rules.lookup_entity("SCO").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn empty_names_and_refer_phrases_are_errors_at_their_place() {
    let text = "organization SCO \"Shanghai Cooperation Organization\"\n  alias \" \"\nrefer organization \"the bloc\", \"\"\n";
    let loaded = load_source("empty.facts", text);
    let found: Vec<(&str, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.primary_span().expect("a place in the rule file");
            (d.code.as_str(), &text[span.start..span.end])
        })
        .collect();
    assert_eq!(found, vec![("empty-name", "\" \""), ("empty-name", "\"\"")]);
    // The phrase that is not empty still refers.
    assert_eq!(loaded.rules.references.len(), 1);
    assert_eq!(loaded.rules.references[0].phrase, "the bloc");
}

#[test]
fn bad_utf8_rule_file_names_the_offset() {
    let dir = std::env::temp_dir().join(format!("factlint-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.facts");
    std::fs::write(&path, b"kind city\n\xff\xfe").expect("write");
    let loaded = load_files(&[&path]);
    assert_eq!(loaded.diagnostics.len(), 1);
    assert!(
        loaded.diagnostics[0]
            .message
            .contains("invalid byte at offset 10"),
        "{}",
        loaded.diagnostics[0].message
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_finding_code_is_documented() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/findings.md"))
            .expect("docs/findings.md");
    for c in factlint::codes::FINDING_CODES {
        let heading = format!("## `{}`", c.code);
        assert!(
            doc.contains(&heading),
            "docs/findings.md has no section {heading}"
        );
    }
    // And every reason the engine can give for a contradiction has a code.
    for r in factlint::engine::Reason::ALL {
        let contradicting = !matches!(
            r,
            factlint::engine::Reason::NoRule
                | factlint::engine::Reason::UnknownRelation
                | factlint::engine::Reason::UnknownEntity
                | factlint::engine::Reason::Interval
        );
        if contradicting {
            assert!(
                factlint::codes::lookup(r.code()).is_some(),
                "no finding code for reason {}",
                r.code()
            );
        }
    }
}

#[test]
fn every_pattern_constraint_and_complete_list_of_the_shipped_rules_has_an_example() {
    let loaded = load_files(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sco.facts")]);
    assert!(!loaded.has_errors());
    let rules = &loaded.rules;
    let owners: Vec<factlint::source::Span> = rules.examples.iter().map(|e| e.owner).collect();
    let mut missing = Vec::new();
    for p in &rules.patterns {
        if !owners.contains(&p.span) {
            missing.push(format!("pattern {}", p.name));
        }
    }
    for c in &rules.constraints {
        if !owners.contains(&c.span) {
            missing.push(format!("constraint {}", c.name));
        }
    }
    for c in &rules.completes {
        if !owners.contains(&c.span) {
            missing.push(rules.sources.text(c.span).to_string());
        }
    }
    assert!(missing.is_empty(), "without an example: {missing:#?}");
}

/// An entity written by its name (or nearly its name, or an alias) instead
/// of its id: the error says which id was meant.
#[test]
fn entities_written_by_a_name_are_pointed_to_their_id() {
    let loaded = load_source(
        "names.facts",
        "relation member(organization, country)\n\
         organization SCO \"Shanghai Cooperation Organisation\" alias \"SCO\"\n\
         country KZ \"Kazakhstan\" alias \"Qazaqstan\"\n\
         member(SCO, Kazakhstan)\n\
         member(SCO, Kazakstan)\n\
         member(SCO, Qazakstan)\n\
         member(SCO, Mongolia)\n",
    );
    let got: Vec<(String, Option<String>, Option<String>)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.message.clone(),
                d.labels.first().and_then(|l| l.message.clone()),
                d.help.clone(),
            )
        })
        .collect();
    let by_id = |written: &str, name: &str| {
        (
            format!("unknown entity `{written}`"),
            Some("did you mean `KZ`?".to_string()),
            Some(format!(
                "\"{name}\" is a name of the entity `KZ`; rule files refer to entities by id."
            )),
        )
    };
    assert_eq!(
        got,
        vec![
            by_id("Kazakhstan", "Kazakhstan"),
            by_id("Kazakstan", "Kazakhstan"),
            by_id("Qazakstan", "Qazaqstan"),
            (
                "unknown entity `Mongolia`".to_string(),
                Some("no entity has this name".to_string()),
                Some("Declare it first, e.g. `country Belarus \"Belarus\"`.".to_string()),
            ),
        ]
    );
}
