//! Extraction from real articles (the five SCO reports) and from articles
//! and rules the project has never seen.

use std::path::{Path, PathBuf};

use factlint::check::{check_articles, extract_articles, Report};
use factlint::engine::{Reason, Verdict};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sco_rules() -> factlint::RuleSet {
    std::env::set_current_dir(root()).expect("crate root");
    let loaded = factlint::load_files(&[Path::new("rules/sco.facts")]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.rules
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
}

fn five_articles() -> Report {
    let rules = sco_rules();
    let report = check_articles(&rules, &[PathBuf::from("fixtures/articles")], None, today());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.articles.len(), 5);
    report
}

/// (article file name, claim text) of every claim with this verdict and reason.
fn claims_with(report: &Report, verdict: Verdict, reason: Reason) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &report.articles {
        let name = report
            .sources
            .get(a.file)
            .name
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        for c in &a.claims {
            if c.judgement.verdict == verdict && c.judgement.reason == reason {
                out.push((name.clone(), c.text.clone()));
            }
        }
    }
    out
}

#[test]
fn the_five_articles_show_the_known_errors_and_nothing_false() {
    let report = five_articles();
    let mut findings: Vec<(String, String, String)> = report
        .findings
        .iter()
        .map(|f| {
            let name = report
                .sources
                .get(f.span.file)
                .name
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            (name, f.code.to_string(), f.text.clone())
        })
        .collect();
    findings.sort();
    let expected = [
        (
            "2024-07-02-associated-press-preview.txt",
            "incomplete-list",
            "his country becomes a full member of NATO",
        ),
        (
            "2024-07-02-associated-press-preview.txt",
            "misspelled-name",
            "Mohammad Mokhbar",
        ),
        // "Indian Prime Minister Narendra Modi" earlier in the same article.
        (
            "2024-07-02-associated-press-preview.txt",
            "self-contradiction",
            "Indian President Modi",
        ),
        (
            "2024-07-02-associated-press-preview.txt",
            "single-value",
            "Indian President Modi",
        ),
        (
            "2024-07-03-translated-report.txt",
            "misspelled-name",
            "Kassym Khomart Tokayev",
        ),
        (
            "2024-07-03-translated-report.txt",
            "misspelled-name",
            "Xi Jinging",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(findings, expected);

    // The NATO claim is decided by NATO's complete member list, pointed at.
    let nato = report
        .findings
        .iter()
        .find(|f| f.text.ends_with("member of NATO"))
        .expect("NATO finding");
    assert!(report
        .sources
        .text(nato.deciding[0].span)
        .starts_with("complete member(NATO, _)"));
    assert_eq!(
        report.sources.get(nato.deciding[0].span.file).name,
        "rules/nato.facts"
    );
    // Modi's title: the rules say Prime Minister.
    let modi = report
        .findings
        .iter()
        .find(|f| f.code == "single-value")
        .expect("Modi finding");
    assert_eq!(
        modi.help.as_deref(),
        Some("title(Modi) is \"Prime Minister\" on 2024-07-02.")
    );
    // Xi Jinging: did you mean Xi Jinping?
    let xi = report
        .findings
        .iter()
        .find(|f| f.text == "Xi Jinging")
        .expect("Xi finding");
    assert!(
        xi.message.contains("did you mean `Xi Jinping`"),
        "{}",
        xi.message
    );
}

#[test]
fn true_statements_of_the_articles_are_supported() {
    let report = five_articles();
    let counts = claims_with(&report, Verdict::Supported, Reason::Count);
    let has = |article: &str, text: &str| {
        counts
            .iter()
            .any(|(a, t)| a.starts_with(article) && t.contains(text))
    };
    // "The nine-member bloc" in the articles of 3 July.
    assert!(
        has("2024-07-03-moscow-times", "nine-member bloc"),
        "{counts:?}"
    );
    assert!(has("2024-07-03-press-tv", "nine-member bloc"), "{counts:?}");
    // 14 dialogue partners.
    assert!(has("2024-07-03-moscow-times", "14"), "{counts:?}");
    assert!(has("2024-07-03-press-tv", "14"), "{counts:?}");
    // The nine members listed in full: the count and each member.
    assert!(
        has("2024-07-03-translated", "is made up of China"),
        "{counts:?}"
    );
    let facts = claims_with(&report, Verdict::Supported, Reason::Fact);
    for member in [
        "China",
        "Russia",
        "India",
        "Iran",
        "Kazakhstan",
        "Kyrgyzstan",
        "Pakistan",
        "Tajikistan",
        "Uzbekistan",
    ] {
        assert!(
            facts
                .iter()
                .any(|(a, t)| a.starts_with("2024-07-03-translated") && t == member),
            "{member}: {facts:?}"
        );
    }
    // Turkmenistan is not a member.
    let negated = claims_with(&report, Verdict::Supported, Reason::NegatedFact);
    assert_eq!(negated.len(), 2, "{negated:?}");
    assert!(negated
        .iter()
        .all(|(_, t)| t == "Turkmenistan is not a member of the SCO"));
    // Nothing true is contradicted: the only contradictions are the two errors.
    let contradicted: usize = report
        .articles
        .iter()
        .flat_map(|a| &a.claims)
        .filter(|c| c.judgement.verdict == Verdict::Contradicted)
        .count();
    assert_eq!(contradicted, 2);
}

#[test]
fn the_nine_member_bloc_is_stale_in_an_article_dated_after_july_4() {
    let dir = std::env::temp_dir().join(format!("factlint-stale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let original =
        std::fs::read_to_string(root().join("fixtures/articles/2024-07-03-moscow-times-afp.txt"))
            .expect("article");
    let later = original.replacen("date: 2024-07-03", "date: 2024-07-05", 1);
    std::fs::write(dir.join("later.txt"), later).expect("write");
    let rules = sco_rules();
    let report = check_articles(&rules, &[dir.join("later.txt")], None, today());
    let nine = report.articles[0]
        .claims
        .iter()
        .find(|c| c.text == "nine-member bloc")
        .expect("claim");
    assert_eq!(
        (nine.judgement.verdict, nine.judgement.reason),
        (Verdict::Contradicted, Reason::Stale)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extracted_claims_and_reports_of_each_article() {
    let rules = sco_rules();
    let mut paths: Vec<PathBuf> = std::fs::read_dir("fixtures/articles")
        .expect("articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("article")
            .to_string();
        let (files, report) =
            extract_articles(&rules, std::slice::from_ref(&path), None, today(), None);
        assert!(report.errors.is_empty());
        let json = serde_json::to_string_pretty(&files[0]).expect("json");
        insta::assert_snapshot!(format!("claims-{stem}"), json);
        // What `extract` prints, `check --claims` reads back to the same report.
        let checked = check_articles(&rules, std::slice::from_ref(&path), None, today());
        insta::assert_snapshot!(
            format!("report-{stem}"),
            factlint::report::render_plain(&checked)
        );
    }
}

/// Rules and an article nobody here has seen: a made-up union of made-up
/// countries, its patterns written from scratch.
#[test]
fn extraction_works_on_an_unseen_world() {
    let rules_text = r#"
relation member(organization, country)
single attribute title(person): text
organization Union "Northern Union"
  alias "NU"
country Avaria "Avaria"
  adjective "Avarian"
country Borduria "Borduria"
  adjective "Bordurian"
country Carpania "Carpania"
country Dorland "Dorland"
person Smith "Anna Smithson"
  alias "Smithson"
person Nawaz "Nawaz Ferreira"
member(Union, Avaria) from 2000-01-01
member(Union, Borduria) from 2000-01-01
member(Union, Carpania) from 2020-01-01
complete member(Union, _) from 2000-01-01
title(Smith) = "Chancellor"
title(Nawaz) = "Governor"
refer organization "the union", "union"
pattern member-of: "{X: country} (is | was) [a] member of {O: organization}"
  gives member(O, X)
pattern made-up-of: "{O: organization} (comprises | is made up of) {X: country list}"
  gives member(O, X), count member(O, _) = X
pattern n-member: "{N: number} member {O: organization}"
  gives count member(O, _) = N
pattern title: "{C: country adjective} {T: title} {P: person}"
  gives title(P) = T
pattern joins-on: "{X: country} joined {O: organization} on {D: date}"
  gives member(O, X) on D
"#;
    let loaded = factlint::load_source("world.facts", rules_text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let dir = std::env::temp_dir().join(format!("factlint-world-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let article = "---\ndate: 2024-03-06\n---\n# The *Northern* Union\n\n\
        The NU comprises Avaria, Borduria and Carpania. Dorland isn't a member of the union.\n\
        The three-member union met in Avaria; the two-member union did not.\n\
        Avarian Governor Anna Smithson spoke. Anna Smithsen and Nawaz Ferriera listened.\n\
        Carpania joined the NU on Tuesday. Dorland is a member of the Northern Union.\n";
    std::fs::write(dir.join("world.md"), article).expect("write");
    let report = check_articles(&loaded.rules, &[dir.join("world.md")], None, today());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let claims = &report.articles[0].claims;
    let got: Vec<(String, Verdict, Reason)> = claims
        .iter()
        .map(|c| (c.text.clone(), c.judgement.verdict, c.judgement.reason))
        .collect();
    use Reason::*;
    use Verdict::*;
    let expected: Vec<(String, Verdict, Reason)> = vec![
        (
            "The NU comprises Avaria, Borduria and Carpania".into(),
            Supported,
            Count,
        ),
        ("Avaria".into(), Supported, Fact),
        ("Borduria".into(), Supported, Fact),
        ("Carpania".into(), Supported, Fact),
        (
            "Dorland isn't a member of the union".into(),
            Supported,
            IncompleteList,
        ),
        ("three-member union".into(), Supported, Count),
        // Two members was true until 2019: stale.
        ("two-member union".into(), Contradicted, Stale),
        (
            "Avarian Governor Anna Smithson".into(),
            Contradicted,
            SingleValue,
        ),
        // Tuesday before 2024-03-06 is 2024-03-05; Carpania joined in 2020.
        ("Carpania joined the NU on Tuesday".into(), Supported, Fact),
        (
            "Dorland is a member of the Northern Union".into(),
            Contradicted,
            IncompleteList,
        ),
    ];
    assert_eq!(got, expected);
    // Spans point into the original Markdown file, front matter included.
    for c in claims {
        assert_eq!(&article[c.span.start..c.span.end], c.text);
    }
    // "Anna Smithsen" is nearly Anna Smithson; "Nawaz Ferriera" nearly Nawaz Ferreira.
    let misspelt: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "misspelled-name")
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(misspelt, vec!["Anna Smithsen", "Nawaz Ferriera"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn different_real_names_are_not_flagged() {
    let rules_text = r#"
person Shehbaz "Shehbaz Sharif"
person Ilham "Ilham Aliyev"
person Xi "Xi Jinping"
"#;
    let loaded = factlint::load_source("names.facts", rules_text);
    assert!(!loaded.has_errors());
    let dir = std::env::temp_dir().join(format!("factlint-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = "Nawaz Sharif met Heydar Aliyev and Xi Jinping. Li Qiang and Xi Jinpeng spoke.\n";
    std::fs::write(dir.join("a.txt"), text).expect("write");
    let report = check_articles(
        &loaded.rules,
        &[dir.join("a.txt")],
        Some(jiff::civil::date(2024, 7, 3)),
        today(),
    );
    let flagged: Vec<&str> = report.findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(flagged, vec!["Xi Jinpeng"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Claims that cannot hold together are found even where the rules are
/// silent: within one article and across articles checked together.
#[test]
fn contradictions_within_and_across_articles() {
    let rules_text = r#"
relation member(organization, country)
single attribute title(person): text
attribute spoken(person): text
organization Union "Northern Union"
country Avaria "Avaria"
  adjective "Avarian"
person Pat "Pat Example"
# The titles the text may use; nothing is said of Pat.
title(Nobody) = "Governor" until 1999-12-31
title(Nobody) = "Chancellor" from 2000-01-01
person Nobody "Nobody Atall"
pattern member-of: "{X: country} is [a] member of {O: organization}"
  gives member(O, X)
pattern title: "{C: country adjective} {T: title} {P: person}"
  gives title(P) = T
"#;
    let loaded = factlint::load_source("silent.facts", rules_text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let dir = std::env::temp_dir().join(format!("factlint-conflicts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("a.txt"),
        "---\ndate: 2024-07-03\n---\nAvarian Governor Pat Example spoke. Later, Avarian Chancellor Pat Example left.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("b.txt"),
        "---\ndate: 2024-07-03\n---\nAvaria is a member of the Northern Union.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("c.txt"),
        "---\ndate: 2024-07-03\n---\nAvaria is not a member of the Northern Union.\n",
    )
    .expect("write");
    let report = check_articles(&loaded.rules, std::slice::from_ref(&dir), None, today());
    let found: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.code.to_string(), f.text.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "self-contradiction".to_string(),
                "Avarian Chancellor Pat Example".to_string()
            ),
            (
                "disagreement".to_string(),
                "Avaria is not a member of the Northern Union".to_string()
            ),
        ]
    );
    // Each finding labels the other claim.
    let disagreement = &report.findings[1];
    assert!(report
        .sources
        .get(disagreement.deciding[0].span.file)
        .name
        .ends_with("b.txt"));
    // Nothing here is contradicted by the rules: they say nothing.
    assert!(report
        .articles
        .iter()
        .flat_map(|a| &a.claims)
        .all(|c| c.judgement.verdict == Verdict::Unverifiable));
    let _ = std::fs::remove_dir_all(&dir);
}
