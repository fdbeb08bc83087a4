//! Property tests: extraction and checking never panic on arbitrary text,
//! every span lies on character boundaries inside its article, and the same
//! input gives the same report.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;

fn rules() -> &'static factlint::RuleSet {
    static RULES: OnceLock<factlint::RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let loaded =
            factlint::load_files(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sco.facts")]);
        assert!(!loaded.has_errors());
        loaded.rules
    })
}

/// Text that looks a little like news: words the rules know, numbers,
/// punctuation, Markdown, and any Unicode.
fn news_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("the".to_string()),
        Just("SCO".to_string()),
        Just("Belarus".to_string()),
        Just("is".to_string()),
        Just("not".to_string()),
        Just("a".to_string()),
        Just("member".to_string()),
        Just("of".to_string()),
        Just("nine-member".to_string()),
        Just("bloc".to_string()),
        Just("Indian".to_string()),
        Just("President".to_string()),
        Just("Narendra Modi".to_string()),
        Just("Xi Jinging".to_string()),
        Just("made up of".to_string()),
        Just("July 4, 2024".to_string()),
        Just("on Thursday".to_string()),
        Just("more than 40".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        Just("\n\n".to_string()),
        Just("**".to_string()),
        Just("<!-- factlint-ignore stale: x -->".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(word, 0..60).prop_map(|w| w.join(" "))
}

fn check(text: &str, name: &str) -> factlint::check::Report {
    let mut report = factlint::check::Report::new(rules());
    let extractor = factlint::extract::Extractor::new(rules());
    let file = report.sources.add(name, PathBuf::from(name), text);
    let article = factlint::article::from_text(
        file,
        name,
        Path::new(name),
        Arc::from(text),
        Some(jiff::civil::date(2024, 7, 3)),
        jiff::civil::date(2024, 7, 3),
    );
    if let Ok(article) = article {
        let extraction = extractor.extract(&article);
        for c in &extraction.claims {
            assert!(c.span.start <= c.span.end && c.span.end <= text.len());
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert_eq!(&text[c.span.start..c.span.end], c.text);
        }
        for m in &extraction.misspellings {
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
    }
    report
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_spans_are_on_char_boundaries(text in news_text()) {
        check(&text, "a.txt");
        check(&text, "a.md");
    }

    #[test]
    fn any_unicode_at_all(text in "\\PC{0,400}") {
        check(&text, "b.md");
    }

    #[test]
    fn rule_text_never_panics(text in "\\PC{0,300}") {
        let loaded = factlint::load_source("r.facts", &text);
        for d in &loaded.diagnostics {
            for l in &d.labels {
                let file = &loaded.rules.sources.get(l.span.file).text;
                prop_assert!(l.span.end <= file.len() && file.is_char_boundary(l.span.start) && file.is_char_boundary(l.span.end));
            }
        }
    }

    #[test]
    fn the_same_articles_give_the_same_report(text in news_text()) {
        let dir = std::env::temp_dir().join(format!("factlint-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("a.md"), format!("---\ndate: 2024-07-05\n---\n{text}")).expect("write");
        std::fs::write(dir.join("b.txt"), &text).expect("write");
        let today = jiff::civil::date(2024, 7, 3);
        let one = factlint::check::check_articles(rules(), std::slice::from_ref(&dir), None, today);
        let two = factlint::check::check_articles(rules(), std::slice::from_ref(&dir), None, today);
        prop_assert_eq!(factlint::render_plain(&one), factlint::render_plain(&two));
    }
}
