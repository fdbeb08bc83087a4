//! The engine over hand-written JSON claims: every verdict and every reason,
//! time-bounded facts, and the reports rendered as plain text and JSON.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use factlint::check::{check_claims_files, Report};
use factlint::engine::{Reason, Verdict};
use factlint::load_files;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(rules: &str, claims: &[&str]) -> Report {
    std::env::set_current_dir(root()).expect("crate root");
    let loaded = load_files(&[Path::new(rules)]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let today = jiff::civil::date(2026, 1, 1);
    let report = check_claims_files(&loaded.rules, claims, None, today);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    report
}

fn verdicts(report: &Report, article: usize) -> Vec<(Verdict, Reason)> {
    report.articles[article]
        .claims
        .iter()
        .map(|c| (c.judgement.verdict, c.judgement.reason))
        .collect()
}

#[test]
fn every_verdict_and_reason_on_the_engine_fixture() {
    use Reason::*;
    use Verdict::*;
    let report = check(
        "fixtures/rules/valid/engine.facts",
        &["fixtures/claims/engine/engine.claims.json"],
    );
    let expected = vec![
        (Supported, Fact),              // Avaria is a member
        (Contradicted, Stale),          // Avaria is not a member (true before 2001 only)
        (Contradicted, NegatedFact),    // Dorland is a member
        (Contradicted, IncompleteList), // Elbonia joined the bloc
        (Supported, Fact),              // Prime Minister Pat Example (case ignored)
        (Contradicted, SingleValue),    // President Pat Example
        (Supported, Count),             // two-member bloc
        (Contradicted, Stale),          // bloc of three members, a day early
        (Supported, Count),             // more than one
        (Contradicted, Count),          // about 40
        (Contradicted, Count),          // five members
        (Contradicted, Exclusion),      // Avaria joined the alliance
        (Contradicted, Comparison),     // founded in 1985 < 1990
        (Unverifiable, NoRule),         // founded in 1995: allowed, not known
        (Supported, Implication),       // talks with a partner
        (Contradicted, Implication),    // does not talk with a partner
        (Contradicted, Implication),    // a member as observer (premise side)
        (Supported, Interval),          // not in the alliance before it joined
        (Contradicted, Stale),          // in the alliance before it joined
        (Unverifiable, NoRule),         // nothing said about observers of the alliance
        (Unverifiable, UnknownEntity),  // Ruritania
        (Unverifiable, UnknownRelation),
        (Unverifiable, InvalidClaim), // three arguments
        (Supported, Fact),            // multi-valued attribute
        (Contradicted, Fact),         // Dorland is not in the alliance
    ];
    assert_eq!(verdicts(&report, 0), expected);

    // The fixture exercises every reason and verdict there is.
    let seen: BTreeSet<Reason> = expected.iter().map(|(_, r)| *r).collect();
    let all: BTreeSet<Reason> = Reason::ALL.iter().copied().collect();
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "reasons without a test claim: {missing:?}"
    );
}

#[test]
fn severity_comes_from_the_deciding_rule() {
    let report = check(
        "fixtures/rules/valid/engine.facts",
        &["fixtures/claims/engine/engine.claims.json"],
    );
    let by_text = |t: &str| {
        report
            .findings
            .iter()
            .find(|f| f.text.starts_with(t))
            .unwrap_or_else(|| panic!("a finding for {t:?}"))
    };
    assert_eq!(
        by_text("Dorland is a member").severity,
        factlint::Severity::Warning
    );
    assert_eq!(
        by_text("founded in 1985").severity,
        factlint::Severity::Advice
    );
    assert_eq!(by_text("five members").severity, factlint::Severity::Error);
    // The constraint's message template is filled in.
    assert_eq!(
        by_text("five members").message,
        "The bloc had 2 members on 2024-07-03, not 5 (bloc-two)."
    );
    assert_eq!(
        by_text("Avaria joined").message,
        "Avaria cannot belong to both the bloc and the alliance."
    );
    assert_eq!(
        by_text("the bloc does not talk").message,
        "Elbonia is a partner of the bloc, so talks(Bloc, Elbonia) holds."
    );
    // Each finding points at the rule that decided it.
    let exclusion = by_text("Avaria joined");
    let rule_text = report.sources.text(exclusion.deciding[0].span);
    assert!(
        rule_text.starts_with("constraint one-bloc-only"),
        "{rule_text}"
    );
    assert_eq!(exclusion.rule.as_deref(), Some("one-bloc-only"));
}

#[test]
fn nine_member_bloc_is_supported_on_july_3_and_stale_on_july_5() {
    let report = check(
        "rules/sco.facts",
        &[
            "fixtures/claims/sco/sco-2024-07-03.claims.json",
            "fixtures/claims/sco/sco-2024-07-05.claims.json",
        ],
    );
    let first = |article: usize| {
        let c = &report.articles[article].claims[0];
        assert_eq!(c.text, "The nine-member bloc");
        (c.judgement.verdict, c.judgement.reason)
    };
    assert_eq!(report.articles[0].date, jiff::civil::date(2024, 7, 3));
    assert_eq!(first(0), (Verdict::Supported, Reason::Count));
    assert_eq!(report.articles[1].date, jiff::civil::date(2024, 7, 5));
    assert_eq!(first(1), (Verdict::Contradicted, Reason::Stale));
    let stale = &report.articles[1].claims[0].judgement;
    assert_eq!(
        stale.expected.as_deref(),
        Some("The rules say the number of member(SCO, _) on 2024-07-05 is 10.")
    );
    // Both the constraint in force and the one that no longer is are pointed at.
    let rules: Vec<&str> = stale
        .deciding
        .iter()
        .map(|d| report.sources.text(d.span))
        .collect();
    assert!(
        rules
            .iter()
            .any(|r| r.starts_with("constraint sco-ten-members")),
        "{rules:?}"
    );
    assert!(
        rules
            .iter()
            .any(|r| r.starts_with("constraint sco-nine-members")),
        "{rules:?}"
    );
}

#[test]
fn sco_sentences_on_both_days() {
    let report = check(
        "rules/sco.facts",
        &[
            "fixtures/claims/sco/sco-2024-07-03.claims.json",
            "fixtures/claims/sco/sco-2024-07-05.claims.json",
        ],
    );
    for article in 0..2 {
        let v = verdicts(&report, article);
        assert_eq!(
            v[1],
            (Verdict::Supported, Reason::NegatedFact),
            "Turkmenistan is not a member"
        );
        assert_eq!(
            v[2],
            (Verdict::Contradicted, Reason::IncompleteList),
            "Belarus is not in NATO"
        );
        assert_eq!(v[3], (Verdict::Supported, Reason::Fact), "founded in 2001");
        assert_eq!(
            v[5],
            (Verdict::Contradicted, Reason::SingleValue),
            "Modi is not President"
        );
        assert_eq!(
            v[6],
            (Verdict::Supported, Reason::Fact),
            "Modi is Prime Minister"
        );
    }
    let nato = &report.articles[0].claims[2].judgement;
    assert!(report
        .sources
        .text(nato.deciding[0].span)
        .starts_with("complete member(NATO, _)"));
}

#[test]
fn reports_render_deterministically() {
    let report = check(
        "fixtures/rules/valid/engine.facts",
        &["fixtures/claims/engine/engine.claims.json"],
    );
    let plain = factlint::report::render_plain(&report);
    insta::assert_snapshot!("engine_plain", plain);
    let json = serde_json::to_string_pretty(&factlint::report::json::check_report(&report))
        .expect("serializable");
    insta::assert_snapshot!("engine_json", json);
    // Same input, same bytes.
    let again = check(
        "fixtures/rules/valid/engine.facts",
        &["fixtures/claims/engine/engine.claims.json"],
    );
    assert_eq!(plain, factlint::report::render_plain(&again));
}

#[test]
fn sco_report_snapshot() {
    let report = check(
        "rules/sco.facts",
        &[
            "fixtures/claims/sco/sco-2024-07-05.claims.json",
            "fixtures/claims/sco/sco-2024-07-03.claims.json",
        ],
    );
    insta::assert_snapshot!("sco_plain", factlint::report::render_plain(&report));
}

/// A world that has nothing to do with the SCO: a football league, its
/// clubs and a title, written inline.
#[test]
fn works_on_an_unseen_rule_file() {
    let rules = r#"
kind club
relation plays_in(organization, club)
single attribute coach(club): person
organization League "Example League"
club Reds "Reds FC"
club Blues "Blues FC"
club Greens "Greens FC"
person Ann "Ann Coach"
person Bob "Bob Coach"
person Cat "Cat Coach"
plays_in(League, Reds)
plays_in(League, Blues) until 2019-12-31
plays_in(League, Greens) from 2020-01-01
complete plays_in(League, _)
coach(Reds) = Ann until 2022-06-30
coach(Reds) = Bob from 2022-07-01
constraint two-clubs: count plays_in(League, _) = 2
"#;
    let loaded = factlint::load_source("league.facts", rules);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let r = &loaded.rules;
    let judge = |json: &str, date: (i16, i8, i8)| {
        let rec: factlint::claims::ClaimRecord = serde_json::from_str(json).expect("valid claim");
        let claim = factlint::claims::resolve(r, &rec, jiff::civil::date(date.0, date.1, date.2))
            .expect("resolves");
        let j = factlint::engine::judge(r, &claim);
        (j.verdict, j.reason)
    };
    let span = r#""span": {"start": 0, "end": 1}, "text": "x""#;
    let blues = format!(r#"{{"relation": "plays_in", "args": ["League", "Blues FC"], {span}}}"#);
    assert_eq!(
        judge(&blues, (2018, 5, 1)),
        (Verdict::Supported, Reason::Fact)
    );
    assert_eq!(
        judge(&blues, (2021, 5, 1)),
        (Verdict::Contradicted, Reason::Stale)
    );
    let ann = format!(r#"{{"relation": "coach", "args": ["Reds"], "value": "Ann Coach", {span}}}"#);
    assert_eq!(
        judge(&ann, (2021, 1, 1)),
        (Verdict::Supported, Reason::Fact)
    );
    // Ann was the coach, but not any more: stale, not merely another value.
    assert_eq!(
        judge(&ann, (2023, 1, 1)),
        (Verdict::Contradicted, Reason::Stale)
    );
    let cat = format!(r#"{{"relation": "coach", "args": ["Reds"], "value": "Cat", {span}}}"#);
    assert_eq!(
        judge(&cat, (2023, 1, 1)),
        (Verdict::Contradicted, Reason::SingleValue)
    );
    let three = format!(
        r#"{{"relation": "plays_in", "args": ["League", "_"], "count": {{"value": 3}}, {span}}}"#
    );
    assert_eq!(
        judge(&three, (2023, 1, 1)),
        (Verdict::Contradicted, Reason::Count)
    );
    let some = format!(
        r#"{{"relation": "plays_in", "args": ["League", "_"], "count": {{"min": 1, "max": 5}}, {span}}}"#
    );
    assert_eq!(
        judge(&some, (2023, 1, 1)),
        (Verdict::Supported, Reason::Count)
    );
}
