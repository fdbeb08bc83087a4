//! Damaged rule files and claims never make factlint panic: every cut and
//! every inserted character gives diagnostics, not a crash. (Issue 5 adds
//! property tests and fuzzing; this is the cheap deterministic floor.)

use std::path::Path;

fn sco_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sco.facts"))
        .expect("shipped rules")
}

#[test]
fn truncated_and_spliced_rule_files_do_not_panic() {
    let text = sco_text();
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
    for &cut in &boundaries {
        // Truncated at `cut`.
        let loaded = factlint::load_source("cut.facts", &text[..cut]);
        for d in &loaded.diagnostics {
            assert!(!d.message.is_empty());
        }
        // A piece removed.
        let end = text[cut..]
            .char_indices()
            .nth(7)
            .map_or(text.len(), |(i, _)| cut + i);
        let spliced = format!("{}{}", &text[..cut], &text[end..]);
        let _ = factlint::load_source("spliced.facts", &spliced);
    }
}

#[test]
fn stray_characters_anywhere_do_not_panic() {
    let text = sco_text();
    let strays = [
        "\"",
        "(",
        ")",
        ",",
        "#",
        "ç",
        "{",
        "_",
        "\u{0}",
        "2024-99-99",
        "not",
        ":",
        "=",
    ];
    for (n, (i, _)) in text.char_indices().step_by(11).enumerate() {
        let stray = strays[n % strays.len()];
        let changed = format!("{}{}{}", &text[..i], stray, &text[i..]);
        let loaded = factlint::load_source("stray.facts", &changed);
        // Spans always lie on character boundaries of their file.
        for d in &loaded.diagnostics {
            for l in &d.labels {
                let file = loaded.rules.sources.get(l.span.file);
                assert!(
                    file.text.is_char_boundary(l.span.start)
                        && file.text.is_char_boundary(l.span.end),
                    "{d:?}"
                );
                assert!(
                    l.span.start <= l.span.end && l.span.end <= file.text.len(),
                    "{d:?}"
                );
            }
        }
    }
}

#[test]
fn garbage_is_rejected_with_a_bounded_number_of_errors() {
    let garbage: String = (0..5000u32)
        .map(|i| char::from_u32(32 + (i * 7919) % 90).unwrap_or('x'))
        .collect();
    let loaded = factlint::load_source("garbage.facts", &garbage);
    assert!(loaded.has_errors());
    assert!(
        loaded.diagnostics.len() <= 60,
        "{}",
        loaded.diagnostics.len()
    );
}

#[test]
fn a_rule_file_with_ten_thousand_entities_loads() {
    let mut text = String::from(
        "relation member(organization, country)\norganization Bloc \"Example Bloc\"\n",
    );
    for i in 0..10_000 {
        text.push_str(&format!("country C{i} \"Country {i}\"\n  adjective \"Countrian{i}\"\nmember(Bloc, C{i}) from 2000-01-01\n"));
    }
    text.push_str("complete member(Bloc, _)\nconstraint size: count member(Bloc, _) = 10000 from 2000-01-01\n");
    let loaded = factlint::load_source("big.facts", &text);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    assert_eq!(loaded.rules.entities.len(), 10_001);
    assert_eq!(loaded.rules.facts.len(), 10_000);
}

#[test]
fn deeply_nested_and_very_long_constructs_are_errors_not_crashes() {
    let nested = format!(
        "relation member(organization, country)\npattern p: \"{}a{}\" gives member(O, X)\n",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    let loaded = factlint::load_source("deep.facts", &nested);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nested too deeply")),
        "{:?}",
        loaded.diagnostics
    );
    let long_name = format!("organization O \"{}\"\n", "x".repeat(1_000_000));
    let loaded = factlint::load_source("long.facts", &long_name);
    assert!(!loaded.has_errors());
    let long_line = format!("member(SCO, {})\n", "A".repeat(200_000));
    let loaded = factlint::load_source("longline.facts", &long_line);
    assert!(loaded.has_errors());
}

/// Inputs on which the fuzzers once found a bug (fuzz/regressions/*/):
/// every claim's span must quote its article exactly.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = factlint::load_files(&[root.join("rules/sco.facts")]);
    let extractor = factlint::extract::Extractor::new(&loaded.rules);
    let mut seen = 0;
    for entry in std::fs::read_dir(root.join("fuzz/regressions/article")).expect("regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        for name in ["a.txt", "a.md"] {
            let article = factlint::article::from_text(
                factlint::source::FileId(0),
                name,
                std::path::Path::new(name),
                std::sync::Arc::from(text),
                Some(jiff::civil::date(2024, 7, 3)),
                jiff::civil::date(2024, 7, 3),
            )
            .expect("article");
            for c in extractor.extract(&article).claims {
                assert_eq!(
                    text.get(c.span.start..c.span.end),
                    Some(c.text.as_str()),
                    "{}",
                    path.display()
                );
            }
        }
        seen += 1;
    }
    assert!(seen >= 1);
    let rules_dir = root.join("fuzz/regressions/rules");
    if rules_dir.is_dir() {
        for entry in std::fs::read_dir(rules_dir).expect("regressions") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = factlint::load_source("r.facts", text);
            }
        }
    }
}
