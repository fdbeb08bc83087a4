//! `factlint test`: run the examples written in rule files. Each example
//! sentence is read and judged as an article of its own, as of its date, and
//! must get the verdict or finding it states; this is how people who write
//! rules know their patterns and facts work.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use crate::check::{self, Report};
use crate::diagnostic::{Diag, Label};
use crate::engine::Verdict;
use crate::lang::ast::Expectation;
use crate::lang::RuleSet;

/// The outcome of running a rule set's examples.
#[derive(Debug)]
pub struct TestRun {
    pub passed: usize,
    /// One diagnostic per failed example, pointing at it.
    pub failures: Vec<Diag>,
    /// Rule files and the example sentences, for rendering.
    pub report: Report,
}

fn expectation_words(e: &Expectation) -> String {
    match e {
        Expectation::Supported => "is supported".into(),
        Expectation::Contradicted => "is contradicted".into(),
        Expectation::Unverifiable => "is unverifiable".into(),
        Expectation::Clean => "is clean".into(),
        Expectation::Finding(code) => format!("gives {code}"),
    }
}

/// Run every example of `rules`. Examples without `on DATE` are checked as
/// of `today`.
pub fn run(rules: &RuleSet, today: Date) -> TestRun {
    let mut report = Report::new(rules);
    let extractor = crate::extract::Extractor::new(rules);
    let memo = crate::engine::Memo::default();
    let mut passed = 0;
    let mut failures = Vec::new();
    for example in &rules.examples {
        let (line, _) = rules
            .sources
            .get(example.span.file)
            .line_col(example.span.start);
        let name = format!(
            "{}:{line} (example)",
            rules.sources.get(example.span.file).name
        );
        let date = example.on.unwrap_or(today);
        let file = report
            .sources
            .add(name.clone(), PathBuf::from(&name), example.sentence.clone());
        let text: Arc<str> = report.sources.get(file).text.clone();
        let article = match crate::article::from_text(
            file,
            &name,
            &PathBuf::from("example.txt"),
            text,
            Some(date),
            today,
        ) {
            Ok(a) => a,
            Err(d) => {
                failures.push(d);
                continue;
            }
        };
        let extraction = extractor.extract(&article);
        let mut sink = check::Sink::default();
        let judged = check::judge_claims(
            rules,
            &mut sink,
            file,
            &article.text,
            extraction
                .claims
                .into_iter()
                .map(|c| check::ToJudge::extracted(rules, c)),
            date,
            &name,
            &memo,
        );
        check::add_misspellings(
            &mut sink,
            file,
            article.text.len(),
            &extraction.misspellings,
        );
        let findings = &sink.findings;
        let any = |v: Verdict| judged.iter().any(|c| c.judgement.verdict == v);
        let ok = match &example.expect {
            Expectation::Supported => any(Verdict::Supported) && !any(Verdict::Contradicted),
            Expectation::Contradicted => any(Verdict::Contradicted),
            Expectation::Unverifiable => {
                !judged.is_empty() && !any(Verdict::Supported) && !any(Verdict::Contradicted)
            }
            Expectation::Clean => findings.is_empty(),
            Expectation::Finding(code) => findings.iter().any(|f| f.code == *code),
        };
        if ok {
            passed += 1;
            continue;
        }
        let got: Vec<String> = judged
            .iter()
            .map(|c| {
                format!(
                    "{} ({} {})",
                    c.description.as_deref().unwrap_or(&c.relation),
                    c.judgement.verdict.as_str(),
                    c.judgement.reason.code()
                )
            })
            .chain(
                findings
                    .iter()
                    .filter(|f| f.code == "misspelled-name")
                    .map(|f| format!("misspelled-name `{}`", f.text)),
            )
            .collect();
        let got = if got.is_empty() {
            "no claim was read from it".to_string()
        } else {
            format!("it gave: {}", got.join("; "))
        };
        failures.push(
            Diag::error("example", format!("this example expects `{}` on {date}, but {got}", expectation_words(&example.expect)))
                .with_label(Label::primary(example.span, "this example"))
                .with_label(Label::secondary(example.owner, "the statement it belongs to"))
                .with_help(
                    "Check the patterns that should read the sentence (`factlint extract` shows what is read) and the facts that judge it.",
                ),
        );
    }
    TestRun {
        passed,
        failures,
        report,
    }
}

/// Rule files under `paths`: files as given, folders walked for `.facts`
/// (a folder with none is kept, for loading to report).
pub fn rule_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = out.len();
            for entry in ignore::WalkBuilder::new(p).build().flatten() {
                let path = entry.path();
                if path.is_file() && path.extension().is_some_and(|e| e == "facts") {
                    out.push(path.to_path_buf());
                }
            }
            // A folder with no rule files is kept, to be reported as such
            // when it is read, rather than checking against no rules.
            if out.len() == before {
                out.push(p.clone());
            }
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}
