//! The extractor over an arbitrary article, with the shipped SCO rules: no
//! panic, every claim's span lies on character boundaries and quotes its
//! text exactly, and every claim as typed is what `resolve` reads back from
//! its record.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;

fn rules() -> &'static factlint::RuleSet {
    static RULES: OnceLock<factlint::RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/sco.facts");
        factlint::load_files(&[path]).rules
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = rules();
    // Built once: its name automaton takes longer to build than most inputs
    // take to check.
    static EXTRACTOR: OnceLock<factlint::extract::Extractor<'static>> = OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(|| factlint::extract::Extractor::new(rules));
    for name in ["a.txt", "a.md"] {
        let Ok(article) = factlint::article::from_text(
            factlint::source::FileId(0),
            name,
            Path::new(name),
            Arc::from(text),
            Some(jiff::civil::date(2024, 7, 3)),
            jiff::civil::date(2024, 7, 3),
        ) else {
            continue;
        };
        let extraction = extractor.extract(&article);
        for c in &extraction.claims {
            assert!(c.span.end <= text.len());
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert_eq!(&text[c.span.start..c.span.end], c.text);
            // The claim judged as the extractor typed it is the one
            // `resolve` reads back from its record (exactly: text too).
            let typed = c.clone().into_claim(article.date);
            let by_name = factlint::claims::resolve(rules, &c.to_record(rules), article.date);
            assert_eq!(format!("{typed:?}"), format!("{by_name:?}"));
            // Judging never panics.
            if let Ok(claim) = typed {
                let _ = factlint::engine::judge(rules, &claim);
            }
        }
    }
});
