//! The `factlint` command as a whole: arguments, output and exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// An article beside bad files in the tests below: dated, with one claim
/// (a stale count: the bloc has ten members after 4 July 2024).
const STALE_ARTICLE: &str =
    "---\ndate: 2024-07-05\n---\nThe SCO met. The nine-member bloc is growing.\n";

fn factlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("factlint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A diagnostic's text as one line: miette wraps messages at 80 columns,
/// where depending on the length of a temporary path.
fn unwrapped(text: &str) -> String {
    text.replace("\n  │ ", " ")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factlint-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

/// The summary counts in words, one and many: "1 file", "2 entities".
#[test]
fn validate_summary_says_one_and_many() {
    let dir = temp_dir("validate-one");
    let rules = write(
        &dir,
        "one.facts",
        "relation member(organization, country)\norganization SCO \"SCO\"\ncountry KZ \"Kazakhstan\"\nmember(SCO, KZ)\n",
    );
    let o = factlint(&["validate", &rules]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "valid: 1 file, 2 entities, 1 relation, 1 fact, 0 complete lists, 0 constraints, 0 examples\n"
    );
}

#[test]
fn validate_exits_0_on_the_shipped_rules() {
    let o = factlint(&["validate", "rules/sco.facts"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("valid: 6 files, "), "{}", stdout(&o));
}

/// In CI, broken rule files are annotated on their lines: by `validate`
/// and by `check`, which then checks nothing (status 2).
#[test]
fn broken_rules_are_annotated_in_github_format() {
    let expected = "::error file=fixtures/rules/broken/unknown-names.facts,line=6,col=1,endLine=6,endColumn=7,title=factlint unknown-relation::unknown relation `memebr`. Did you mean `member`?";
    let rules = "fixtures/rules/broken/unknown-names.facts";
    for args in [
        vec!["validate", "--format", "github", rules],
        vec![
            "check",
            "--format",
            "github",
            "-r",
            rules,
            "fixtures/articles",
        ],
    ] {
        let o = factlint(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let out = stdout(&o);
        assert!(
            out.lines().any(|l| l.starts_with(expected)),
            "{args:?}: {out}"
        );
        assert!(
            out.lines()
                .all(|l| l.starts_with("::error file=fixtures/rules/broken/")),
            "{args:?}: {out}"
        );
    }
}

/// `check --format json` with broken rule files writes a report of
/// nothing checked with their errors; `extract` writes no claims.
#[test]
fn broken_rules_in_json_are_a_report_of_their_errors() {
    let rules = "fixtures/rules/broken/unknown-names.facts";
    let o = factlint(&[
        "check",
        "--format",
        "json",
        "-r",
        rules,
        "fixtures/articles",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(0), "{v}");
    assert_eq!(v["errors"][0]["code"], "unknown-kind", "{v}");
    assert_eq!(v["errors"][0]["location"]["file"], rules, "{v}");
    assert_eq!(v["errors"][0]["location"]["line"], 4, "{v}");
    let o = factlint(&["extract", "-r", rules, "fixtures/articles"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("factlint::unknown-kind"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_exits_2_and_reports_every_error() {
    let o = factlint(&[
        "validate",
        "fixtures/rules/broken/syntax.facts",
        "fixtures/rules/broken/unknown-names.facts",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert_eq!(out.matches("factlint::syntax").count(), 4, "{out}");
    assert!(out.contains("did you mean `member`?"), "{out}");
    assert!(
        out.contains("fixtures/rules/broken/syntax.facts:6:27"),
        "{out}"
    );
    // Both files share one namespace, so their common declarations clash too.
    assert!(out.contains("factlint::duplicate-relation"), "{out}");
    assert!(out.ends_with("invalid: 11 errors in 2 files\n"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour with NO_COLOR");
}

#[test]
fn validate_json_lists_diagnostics_with_places() {
    let o = factlint(&[
        "validate",
        "--format",
        "json",
        "fixtures/rules/broken/conflicting-facts.facts",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "conflicting-facts");
    assert_eq!(d["location"]["line"], 6);
    assert_eq!(d["related"][0]["line"], 5);
}

#[test]
fn missing_rule_file_is_a_clear_error() {
    let o = factlint(&["validate", "no/such.facts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("cannot read rule file `no/such.facts`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_folder_of_rule_files_stands_for_the_files_in_it() {
    // The shipped rules: sco.facts includes the rest; the folder holds them all.
    let by_file = factlint(&[
        "check",
        "--no-config",
        "-r",
        "rules/sco.facts",
        "fixtures/articles",
    ]);
    let by_folder = factlint(&["check", "--no-config", "-r", "rules", "fixtures/articles"]);
    assert_eq!(by_file.status.code(), Some(1), "{}", stderr(&by_file));
    assert_eq!(
        stdout(&by_folder),
        stdout(&by_file),
        "{}",
        stderr(&by_folder)
    );
    let validated = factlint(&["validate", "rules"]);
    assert_eq!(validated.status.code(), Some(0), "{}", stderr(&validated));
    // A folder without rule files is an error, not a check against nothing.
    let empty = temp_dir("no-rules");
    let empty_name = empty.display().to_string();
    let o = factlint(&[
        "check",
        "--no-config",
        "-r",
        &empty_name,
        "fixtures/articles",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // The message as words (the terminal report wraps long lines).
    let err = stderr(&o);
    let words: Vec<&str> = err.split_whitespace().filter(|w| *w != "│").collect();
    assert!(
        words.join(" ").contains(&format!(
            "`{empty_name}` is a folder with no rule files (.facts) in it"
        )),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn check_exits_1_on_error_findings_and_points_at_the_rule() {
    let o = factlint(&[
        "check",
        "--rules",
        "rules/sco.facts",
        "--claims",
        "fixtures/claims/sco/sco-2024-07-05.claims.json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("factlint::stale"), "{out}");
    assert!(
        out.contains("╭─[fixtures/claims/sco/sco-sentences.md:1:1]"),
        "{out}"
    );
    assert!(
        out.contains("╭─[rules/sco.facts:"),
        "the deciding rule is shown: {out}"
    );
    assert!(
        out.contains("help: The rules say the number of member(SCO, _) on 2024-07-05 is 10."),
        "{out}"
    );
    assert!(out.ends_with("1 article, 7 claims: 3 supported, 4 contradicted, 0 unverifiable; findings: 4 errors, 1 warning, 0 advice\n"), "{out}");
}

#[test]
fn check_json_has_every_field_of_a_finding() {
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "-c",
        "fixtures/claims/sco/sco-2024-07-03.claims.json",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "incomplete-list");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["article"], "fixtures/claims/sco/sco-sentences.md");
    assert_eq!(f["text"], "his country becomes a full member of NATO");
    assert_eq!(f["line"], 5);
    assert_eq!(f["column"], 62);
    let start = f["span"]["start"].as_u64().expect("start") as usize;
    let end = f["span"]["end"].as_u64().expect("end") as usize;
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/claims/sco/sco-sentences.md"),
    )
    .expect("article");
    assert_eq!(
        &article[start..end],
        "his country becomes a full member of NATO"
    );
    assert_eq!(f["rule_span"]["file"], "rules/nato.facts");
    assert!(f["message"].as_str().is_some_and(|m| m.contains("NATO")));
    assert_eq!(v["summary"]["claims"], 7);
    assert_eq!(v["articles"][0]["claims"][0]["verdict"], "supported");
}

#[test]
fn check_exits_0_when_nothing_is_wrong_and_says_when_no_date_was_given() {
    let dir = temp_dir("clean");
    write(&dir, "a.txt", "Kazakhstan is a member of the SCO.");
    let claims = write(
        &dir,
        "a.json",
        r#"{"article": {"path": "a.txt"}, "claims": [{"relation": "member", "args": ["SCO", "Kazakhstan"], "span": {"start": 0, "end": 33}, "text": "Kazakhstan is a member of the SCO"}]}"#,
    );
    let o = factlint(&["check", "-r", "rules/sco.facts", "-c", &claims]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("has no date; it was checked as of today"),
        "{out}"
    );
    assert!(out.contains("1 supported, 0 contradicted"), "{out}");
    // With --date the note goes away.
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "-c",
        &claims,
        "--date",
        "2024-07-03",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("no date"));
}

#[test]
fn a_bad_claims_file_is_reported_and_the_others_are_still_checked() {
    let dir = temp_dir("bad-claims");
    let broken = write(
        &dir,
        "broken.json",
        "{\"article\": {\"path\": \"x.txt\"}, \"claims\": [\n  {\"relation\": 5}\n]}\n",
    );
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "-c",
        &broken,
        "fixtures/claims/sco/sco-2024-07-05.claims.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("invalid claims file: invalid type: integer `5`, expected a string"),
        "{err}"
    );
    assert!(
        err.contains("broken.json:2:16"),
        "names the file and the place: {err}"
    );
    // The good file was still checked.
    assert!(stdout(&o).contains("factlint::stale"));
}

#[test]
fn claims_with_bad_spans_are_reported_and_the_rest_checked() {
    let dir = temp_dir("bad-span");
    write(
        &dir,
        "a.txt",
        "Türkiye is in NATO. Kazakhstan is a member of the SCO.",
    );
    let claims = write(
        &dir,
        "a.json",
        r#"{"article": {"path": "a.txt", "date": "2024-07-03"}, "claims": [
            {"relation": "member", "args": ["NATO", "Turkey"], "span": {"start": 0, "end": 2}, "text": "T\u00fc"},
            {"relation": "member", "args": ["NATO", "Turkey"], "span": {"start": 0, "end": 500}, "text": "x"},
            {"relation": "member", "args": ["SCO", "Turkey"], "span": {"start": 21, "end": 54}, "text": "Kazakhstan is a member of the SCO"}
        ]}"#,
    );
    let o = factlint(&["check", "-r", "rules/sco.facts", "-c", &claims]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("claim 1 in"), "{err}");
    assert!(err.contains("cuts a character in two"), "{err}");
    assert!(err.contains("claim 2 in"), "{err}");
    assert!(err.contains("ends past the end of the article"), "{err}");
    // The third claim was judged: Turkey is not in the SCO's complete list.
    assert!(
        stdout(&o).contains("factlint::incomplete-list"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_with_invalid_rules_exits_2_without_checking() {
    let o = factlint(&[
        "check",
        "-r",
        "fixtures/rules/broken/duplicates.facts",
        "-c",
        "fixtures/claims/sco/sco-2024-07-03.claims.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the rule files have errors; nothing was checked"));
    assert!(stdout(&o).is_empty());
}

#[test]
fn usage_errors_exit_2_and_help_explains() {
    let o = factlint(&["check", "--claims", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--rules"));
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "-c",
        "x.json",
        "--date",
        "July 4",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a date like 2024-07-04"));
    let o = factlint(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(
        help.contains("validate") && help.contains("check") && help.contains("Exit status"),
        "{help}"
    );
}

#[test]
fn output_is_identical_across_runs() {
    let args = [
        "check",
        "-r",
        "fixtures/rules/valid/engine.facts",
        "-c",
        "fixtures/claims/engine/engine.claims.json",
    ];
    let a = factlint(&args);
    let b = factlint(&args);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.status.code(), Some(1));
}

#[test]
fn check_reads_articles_and_folders() {
    let o = factlint(&["check", "-r", "rules/sco.facts", "fixtures/articles"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("factlint::misspelled-name"), "{out}");
    assert!(out.contains("did you mean `Xi Jinping`?"), "{out}");
    assert!(out.ends_with("5 articles, 94 claims: 92 supported, 2 contradicted, 0 unverifiable; findings: 2 errors, 4 warnings, 0 advice\n"), "{out}");
}

#[test]
fn extract_prints_claims_that_check_reads_back() {
    let article = "fixtures/articles/2024-07-02-associated-press-preview.txt";
    let o = factlint(&["extract", "-r", "rules/sco.facts", article]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["article"]["path"], article);
    assert_eq!(v["article"]["date"], "2024-07-02");
    assert!(v["claims"].as_array().is_some_and(|c| c.len() > 10));
    assert_eq!(v["misspellings"][0]["text"], "Mohammad Mokhbar");
    // Saved elsewhere, the claims still find their article and give the
    // same findings as checking the article directly.
    let dir = temp_dir("roundtrip");
    let claims = write(&dir, "ap.json", &stdout(&o));
    let from_json = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "--claims",
        &claims,
        "--format",
        "json",
    ]);
    let direct = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        article,
        "--format",
        "json",
    ]);
    assert_eq!(from_json.status.code(), Some(1), "{}", stderr(&from_json));
    let a: serde_json::Value = serde_json::from_slice(&from_json.stdout).expect("json");
    let b: serde_json::Value = serde_json::from_slice(&direct.stdout).expect("json");
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(a["summary"], b["summary"]);
}

#[test]
fn unreadable_articles_are_reported_and_the_others_checked() {
    let dir = temp_dir("unreadable");
    std::fs::write(dir.join("bad.txt"), b"Belarus \xff\xfe joined.").expect("write");
    write(&dir, "good.txt", STALE_ARTICLE);
    let o = factlint(&["check", "-r", "rules/sco.facts", &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.txt") && err.contains("is not UTF-8 text") && err.contains("offset 8"),
        "{err}"
    );
    assert!(stdout(&o).contains("factlint::stale"), "{}", stdout(&o));
}

#[test]
fn test_runs_the_examples_of_rule_files() {
    let o = factlint(&["test", "rules/"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let summary = stdout(&o);
    let summary = summary
        .trim_end()
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .to_string();
    assert!(
        summary.starts_with("examples: ") && summary.ends_with(" passed, 0 failed"),
        "{summary}"
    );

    let dir = temp_dir("examples");
    let rules = write(
        &dir,
        "bloc.facts",
        r#"relation member(organization, country)
organization Bloc "Example Bloc"
country Avaria "Avaria"
country Borduria "Borduria"
member(Bloc, Avaria)
complete member(Bloc, _)
pattern member-of: "{X: country} is [a] member of {O: organization}"
  gives member(O, X)
  example "Avaria is a member of the Example Bloc." on 2024-01-01 is supported
  example "Borduria is a member of the Example Bloc." on 2024-01-01 gives incomplete-list
  example "Avaria met Borduria." on 2024-01-01 is clean
  example "Borduria is a member of the Example Bloc." on 2024-01-01 is supported
  example "Nothing to read here." on 2024-01-01 is unverifiable
"#,
    );
    let o = factlint(&["test", &rules]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("bloc.facts:12:3]"),
        "the failure points at the example: {out}"
    );
    assert!(
        out.contains("this example expects `is supported` on 2024-01-01, but it gave"),
        "{out}"
    );
    assert!(
        out.contains("member(Bloc, Borduria) (contradicted incomplete-list)"),
        "{out}"
    );
    assert!(
        out.contains("expects `is unverifiable`") && out.contains("read from it"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("examples: 3 passed, 2 failed"),
        "{out}"
    );
}

#[test]
fn suppressions_hide_findings_and_report_their_own_problems() {
    let dir = temp_dir("suppress");
    write(
        &dir,
        "a.md",
        "---\ndate: 2024-07-05\n---\nThe SCO met in Astana.\n\n\
         <!-- factlint-ignore stale: a quote from last week -->\nThe nine-member bloc is growing.\n\n\
         <!-- factlint-ignore stale -->\nThe nine-member bloc again.\n\n\
         <!-- factlint-ignore count: nothing to hide -->\nAstana is pleasant.\n\n\
         <!-- factlint-ignore stael: typo -->\nThe nine-member bloc once more.\n",
    );
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        &dir.join("a.md").display().to_string(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let codes: Vec<(String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            (
                "suppression-without-reason".into(),
                "<!-- factlint-ignore stale -->".into()
            ),
            (
                "unused-suppression".into(),
                "<!-- factlint-ignore count: nothing to hide -->".into()
            ),
            (
                "invalid-suppression".into(),
                "<!-- factlint-ignore stael: typo -->".into()
            ),
            ("stale".into(), "nine-member bloc".into()),
        ],
        "{v:#}"
    );
    // The last stale finding is not suppressed: exit 1.
    assert_eq!(o.status.code(), Some(1));
}

fn factlint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("factlint runs")
}

#[test]
fn init_then_check_uses_the_configuration() {
    let dir = temp_dir("init");
    let o = factlint_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("factlint.toml").is_file() && dir.join("rules/starter.facts").is_file());
    // A second init refuses to overwrite.
    assert_eq!(factlint_in(&dir, &["init"]).status.code(), Some(2));
    // `check` with no arguments reads factlint.toml, also from a subfolder.
    std::fs::create_dir_all(dir.join("articles/drafts")).expect("mkdir");
    let o = factlint_in(&dir.join("articles"), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).ends_with("1 article, 1 claim: 1 supported, 0 contradicted, 0 unverifiable; findings: 0 errors, 0 warnings, 0 advice\n"), "{}", stdout(&o));
    // The starter rules' examples pass.
    assert_eq!(factlint_in(&dir, &["test", "rules"]).status.code(), Some(0));
    // A draft with an error is excluded by the configuration's glob.
    write(
        &dir.join("articles/drafts"),
        "d.md",
        "---\ndate: 2003-01-01\n---\nAvaria is a member of the Example Union.\n",
    );
    assert_eq!(factlint_in(&dir, &["check"]).status.code(), Some(0));
    // Given explicitly on the command line with --no-config, it is checked.
    let o = factlint_in(
        &dir,
        &[
            "check",
            "--no-config",
            "-r",
            "rules/starter.facts",
            "articles/drafts/d.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // Severity overrides per code: stale is only advice here.
    let config = std::fs::read_to_string(dir.join("factlint.toml")).expect("config");
    std::fs::write(
        dir.join("factlint.toml"),
        config.replace("exclude = [\"articles/drafts/**\"]", "exclude = []")
            + "stale = \"advice\"\n",
    )
    .expect("write");
    let o = factlint_in(&dir, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["findings"][0]["code"], "stale");
    assert_eq!(v["findings"][0]["severity"], "advice");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unknown_configuration_keys_are_errors_with_a_place() {
    let dir = temp_dir("badconfig");
    write(
        &dir,
        "factlint.toml",
        "rules = [\"r.facts\"]\npath = [\"articles\"]\n\n[severity]\nstael = \"advice\"\n",
    );
    let o = factlint_in(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("unknown field") && err.contains("`path`, expected one of"),
        "{err}"
    );
    assert!(err.contains("factlint.toml:2:1"), "{err}");
    write(
        &dir,
        "factlint.toml",
        "rules = [\"r.facts\"]\n\n[severity]\nstael = \"advice\"\n",
    );
    let err = stderr(&factlint_in(&dir, &["check"]));
    assert!(
        err.contains("`stael` is not a finding code") && err.contains("Did you mean `stale`?"),
        "{err}"
    );
}

#[test]
fn binary_and_empty_articles_do_not_stop_the_others() {
    let dir = temp_dir("binary");
    std::fs::write(dir.join("image.txt"), b"GIF89a\x00\x01\x02 not text").expect("write");
    // A real image's bytes: not UTF-8 either (0x89 at offset 0), and still
    // skipped as binary, not reported as unreadable text.
    std::fs::write(
        dir.join("photo.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
    )
    .expect("write");
    write(&dir, "empty.md", "");
    write(&dir, "good.txt", STALE_ARTICLE);
    let o = factlint(&["check", "-r", "rules/sco.facts", &dir.display().to_string()]);
    // A skipped binary file is a warning, not an error: the exit status is
    // that of the findings (1: the stale claim).
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let flat = unwrapped(&err);
    assert!(
        flat.contains("image.txt` looks like a binary file (a NUL byte at offset 6)"),
        "{err}"
    );
    assert!(
        flat.contains("photo.md` looks like a binary file (a NUL byte at offset 8)"),
        "{err}"
    );
    assert!(!err.contains("not UTF-8"), "{err}");
    let out = stdout(&o);
    assert!(out.contains("factlint::stale"), "{out}");
    assert!(
        out.contains("2 articles, 1 claim"),
        "the empty article is checked too: {out}"
    );
}

/// UTF-16 text (a byte-order mark, then NUL bytes in every other place) is
/// text to convert, not a binary file to skip: an error, status 2, and the
/// article beside it is still checked.
#[test]
fn utf16_articles_are_reported_as_not_utf8() {
    let dir = temp_dir("utf16");
    for (name, bytes) in [
        ("le.txt", &b"\xff\xfeT\x00h\x00e\x00"[..]),
        ("be.txt", &b"\xfe\xff\x00T\x00h\x00e"[..]),
    ] {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    write(&dir, "good.txt", STALE_ARTICLE);
    let o = factlint(&["check", "-r", "rules/sco.facts", &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let flat = unwrapped(&stderr(&o));
    for name in ["le.txt", "be.txt"] {
        assert!(
            flat.contains(&format!(
                "{name}` is not UTF-8 text: invalid byte at offset 0"
            )),
            "{flat}"
        );
    }
    assert!(!flat.contains("binary"), "{flat}");
    assert!(stdout(&o).contains("1 article, 1 claim"), "{}", stdout(&o));
}

/// A FIFO, a link to it and a socket named like articles in a folder, and
/// links to folders, are not opened (a FIFO with no writer would make the
/// check wait for ever; links to folders are not followed): each is a
/// warning, and the articles beside them are checked.
#[cfg(unix)]
#[test]
fn fifos_and_sockets_in_a_folder_are_warned_about_not_waited_on() {
    use std::io::Read;
    let dir = temp_dir("special");
    let fifo = dir.join("fifo.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink(&fifo, dir.join("link.md")).expect("symlink");
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.txt")).expect("socket");
    // A link to a folder named like an article: not followed, and said so.
    std::fs::create_dir(dir.join("folder")).expect("folder");
    write(&dir.join("folder"), "inner.txt", STALE_ARTICLE);
    std::os::unix::fs::symlink(dir.join("folder"), dir.join("linked.md")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("folder"), dir.join("archive")).expect("symlink");
    write(&dir, "good.txt", STALE_ARTICLE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .args(["check", "-r", "rules/sco.facts", &dir.display().to_string()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("factlint runs");
    // If the FIFO were opened, the check would wait for a writer: give it
    // a minute, then fail rather than hang.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("factlint waited on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    // Warnings only: the status is that of the findings (the stale claim).
    assert_eq!(status.code(), Some(1), "{err}");
    let flat = unwrapped(&err);
    for (name, what) in [
        ("fifo.txt", "a FIFO, not an article"),
        ("link.md", "a FIFO, not an article"),
        ("socket.txt", "a socket, not an article"),
        (
            "linked.md",
            "a link to a folder (links to folders are not followed)",
        ),
        (
            "archive",
            "a link to a folder (links to folders are not followed)",
        ),
    ] {
        assert!(
            flat.contains(&format!("{name}` is {what}; skipped")),
            "{err}"
        );
    }
    assert_eq!(err.matches("factlint::special-file").count(), 5, "{err}");
    // The folder itself is walked: its article is checked, once.
    assert!(out.contains("2 articles, 2 claims"), "{out}");
    // In GitHub's format each is annotated on its file (the run above
    // showed that none is waited on).
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        &dir.display().to_string(),
        "--format",
        "github",
    ]);
    let annotations = stdout(&o);
    for name in ["fifo.txt", "link.md", "socket.txt", "linked.md", "archive"] {
        let on_file = format!(
            "::warning file={},title=factlint special-file::",
            dir.join(name).display()
        );
        assert!(annotations.contains(&on_file), "{on_file}\n{annotations}");
    }
}

#[test]
fn large_files_are_refused_and_many_files_are_all_checked() {
    let dir = temp_dir("many");
    for i in 0..2000 {
        write(
            &dir,
            &format!("a{i:04}.txt"),
            "---\ndate: 2024-07-03\n---\nTurkmenistan is not a member of the SCO.\n",
        );
    }
    write(
        &dir,
        "big.txt",
        &"Turkmenistan is not a member of the SCO. ".repeat(100),
    );
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        &dir.display().to_string(),
        "--max-size",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = unwrapped(&stderr(&o));
    assert!(
        err.contains("big.txt")
            && err.contains("more than the limit")
            && err.contains("of 1000 bytes"),
        "{err}"
    );
    assert!(stdout(&o).ends_with("2000 articles, 2000 claims: 2000 supported, 0 contradicted, 0 unverifiable; findings: 0 errors, 0 warnings, 0 advice\n"), "{}", stdout(&o));
}

#[test]
fn a_missing_article_is_reported_and_the_others_checked() {
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "fixtures/articles/no-such-article.txt",
        "fixtures/articles/2024-07-03-press-tv.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("cannot read article `fixtures/articles/no-such-article.txt`"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("1 article, 14 claims"),
        "{}",
        stdout(&o)
    );
}

/// In a folder, a link to an article is an article; a folder named like
/// one is walked into, not read as an article.
#[cfg(unix)]
#[test]
fn links_to_articles_count_and_folders_named_like_articles_are_walked() {
    let dir = temp_dir("link-kinds");
    let outside = temp_dir("link-kinds-target");
    write(
        &outside,
        "linked.txt",
        "---\ndate: 2024-07-05\n---\nTurkmenistan is not a member of the SCO.\n",
    );
    std::fs::create_dir_all(dir.join("inner.txt")).expect("folder");
    write(&dir.join("inner.txt"), "deep.txt", STALE_ARTICLE);
    let _ = std::fs::remove_file(dir.join("link.txt"));
    std::os::unix::fs::symlink(outside.join("linked.txt"), dir.join("link.txt")).expect("symlink");
    let o = factlint(&["check", "-r", "rules/sco.facts", &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("cannot read"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 articles, 2 claims"),
        "{}",
        stdout(&o)
    );
}

/// Links in a folder that lead to no file (dangling, or a loop) are
/// reported as unreadable, not skipped in silence; the others are checked.
#[cfg(unix)]
#[test]
fn broken_links_in_a_folder_are_reported_and_the_others_checked() {
    let dir = temp_dir("links");
    write(&dir, "good.txt", STALE_ARTICLE);
    let _ = std::fs::remove_file(dir.join("dangling.txt"));
    let _ = std::fs::remove_file(dir.join("loop.txt"));
    std::os::unix::fs::symlink(dir.join("no-such-file.txt"), dir.join("dangling.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.join("loop.txt"), dir.join("loop.txt")).expect("symlink");
    let o = factlint(&["check", "-r", "rules/sco.facts", &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o).replace('\n', " ");
    assert!(
        err.contains("dangling.txt") && err.contains("loop.txt"),
        "{err}"
    );
    assert!(stdout(&o).contains("factlint::stale"), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 article, 1 claim"), "{}", stdout(&o));
}

/// An article named in a claims file is read as one given by its path:
/// refused when larger than --max-size, skipped with a warning when it is
/// binary, and the other claims files are still checked.
#[test]
fn articles_named_in_claims_files_are_held_to_the_size_limit_and_text_check() {
    let dir = temp_dir("claims-articles");
    let claims = |file: &str, article: &str| {
        write(
            &dir,
            file,
            &format!(
                r#"{{"article": {{"path": "{article}", "date": "2024-07-03"}}, "claims": [
                {{"relation": "member", "args": ["SCO", "Kazakhstan"], "span": {{"start": 0, "end": 33}}, "text": "Kazakhstan is a member of the SCO"}}
            ]}}"#
            ),
        )
    };
    let sentence = "Kazakhstan is a member of the SCO. ";
    write(&dir, "big.txt", &sentence.repeat(40));
    let mut binary = sentence.as_bytes().to_vec();
    binary.extend_from_slice(b"\x89PNG\x00\x01");
    std::fs::write(dir.join("image.txt"), &binary).expect("write");
    write(&dir, "good.txt", sentence);
    let big = claims("big.json", "big.txt");
    let image = claims("image.json", "image.txt");
    let good = claims("good.json", "good.txt");
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "--max-size",
        "1000",
        "-c",
        &big,
        &image,
        &good,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = unwrapped(&stderr(&o));
    assert!(err.contains("factlint::article-too-large"), "{err}");
    assert!(
        err.contains("is 1400 bytes, more than the limit of 1000 bytes; not checked (named in"),
        "{err}"
    );
    assert!(err.contains("factlint::binary-article"), "{err}");
    assert!(
        err.contains("(a NUL byte at offset 39); skipped (named in"),
        "{err}"
    );
    // The third file was checked, and only it.
    let out = stdout(&o);
    assert!(out.contains("1 article, 1 claim: 1 supported"), "{out}");
    // In the JSON report each error names the file it is about: the
    // articles, and a claims file that cannot be read.
    let missing = dir.join("missing.json").display().to_string();
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "--max-size",
        "1000",
        "--format",
        "json",
        "-c",
        &big,
        &image,
        &good,
        &missing,
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let mut about: Vec<(String, String)> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap_or("");
            let file = Path::new(file)
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or("");
            (
                e["code"].as_str().unwrap_or("").to_string(),
                file.to_string(),
            )
        })
        .collect();
    about.sort();
    assert_eq!(
        about,
        [
            ("article-too-large".to_string(), "big.txt".to_string()),
            ("binary-article".to_string(), "image.txt".to_string()),
            ("unreadable-claims".to_string(), "missing.json".to_string()),
        ]
    );
}

/// `extract` holds articles to a size limit too, which `--max-size` sets,
/// and still extracts the others.
#[test]
fn extract_refuses_articles_over_max_size_and_extracts_the_rest() {
    let dir = temp_dir("extract-max");
    let small = write(&dir, "small.txt", "Kazakhstan is a member of the SCO.\n");
    let big = write(
        &dir,
        "big.txt",
        &"Kazakhstan is a member of the SCO. ".repeat(10),
    );
    let o = factlint(&[
        "extract",
        "-r",
        "rules/sco.facts",
        "--max-size",
        "100",
        &small,
        &big,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = unwrapped(&stderr(&o));
    assert!(err.contains("factlint::article-too-large"), "{err}");
    assert!(
        err.contains("is 350 bytes, more than the limit of 100 bytes"),
        "{err}"
    );
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(
        out["article"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("small.txt")),
        "{out}"
    );
    assert_eq!(out["claims"].as_array().map(Vec::len), Some(1), "{out}");
    // Without the option, the default limit lets both through.
    let o = factlint(&["extract", "-r", "rules/sco.facts", &small, &big]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// An article read from standard input, as `-` or as a pipe by its path
/// (`/dev/stdin`), from a pipe or a file: checked, and shown with its
/// text (it cannot be read again to show it, so it is kept).
#[test]
fn articles_from_standard_input_are_checked_and_shown() {
    let dir = temp_dir("stdin");
    let article = write(&dir, "a.txt", STALE_ARTICLE);
    // The path given, and whether standard input is a pipe (else the file).
    let mut cases = vec![("-", false), ("-", true)];
    if cfg!(unix) {
        cases.push(("/dev/stdin", true));
    }
    for (path, piped) in cases {
        let stdin: std::process::Stdio = if piped {
            std::process::Stdio::piped()
        } else {
            std::fs::File::open(&article).expect("open").into()
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_factlint"))
            .args([
                "check",
                "-r",
                "rules/sco.facts",
                path,
                "fixtures/articles/2024-07-03-press-tv.txt",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .stdin(stdin)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("factlint runs");
        if piped {
            use std::io::Write;
            let mut input = child.stdin.take().expect("stdin");
            input.write_all(STALE_ARTICLE.as_bytes()).expect("write");
        }
        let o = child.wait_with_output().expect("factlint ends");
        let (out, err) = (stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{path}: {out}{err}");
        assert!(out.contains("2 articles, 15 claims"), "{path}: {out}");
        assert!(out.contains(&format!("╭─[{path}:4:18]")), "{path}: {out}");
        assert!(
            out.contains("The SCO met. The nine-member bloc is growing."),
            "{path}: {out}"
        );
        assert!(
            !err.contains("changed after it was checked"),
            "{path}: {err}"
        );
    }
}

/// `--threads` is 0 (one per core) to 1024: more is refused with a clear
/// error rather than started (20,000 threads aborted the run).
#[test]
fn thread_counts_are_bounded() {
    let o = factlint(&[
        "check",
        "-r",
        "rules/sco.facts",
        "--threads",
        "5000",
        "fixtures/articles",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value '5000' for '--threads <N>': 5000 is not in 0..=1024"),
        "{}",
        stderr(&o)
    );
    for n in ["0", "3"] {
        let o = factlint(&[
            "check",
            "-r",
            "rules/sco.facts",
            "--threads",
            n,
            "fixtures/articles",
        ]);
        assert_eq!(o.status.code(), Some(1), "{n}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("5 articles, 94 claims"),
            "{n}: {}",
            stdout(&o)
        );
    }
}

/// A file named with and without a leading `./` (given itself, or found
/// in a folder given both ways) is one file: checked once, under the name
/// it was first given.
#[test]
fn a_leading_dot_slash_names_the_same_article() {
    let summary = "5 articles, 94 claims";
    for args in [
        &["fixtures/articles", "./fixtures/articles"][..],
        &["./fixtures/articles", "fixtures/articles/"][..],
        &[
            "fixtures/articles",
            "./fixtures/articles/2024-07-03-press-tv.txt",
        ][..],
    ] {
        let o = factlint(&[&["check", "--rules", "rules/sco.facts"][..], args].concat());
        assert!(stdout(&o).contains(summary), "{args:?}: {}", stdout(&o));
    }
    let o = factlint(&[
        "check",
        "--rules",
        "rules/sco.facts",
        "--format",
        "json",
        "./fixtures/articles/2024-07-03-voa-news.txt",
        "fixtures/articles/2024-07-03-voa-news.txt",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let paths: Vec<&str> = report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["path"].as_str())
        .collect();
    assert_eq!(paths, ["./fixtures/articles/2024-07-03-voa-news.txt"]);
}
