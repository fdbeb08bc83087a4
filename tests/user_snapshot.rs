//! The example of docs/testing.md, as a real test.

use std::path::{Path, PathBuf};

#[test]
fn our_articles_report() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate root");
    let loaded = factlint::load_files(&[Path::new("rules/sco.facts")]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    // A fixed "today", so undated articles give the same report every day.
    let today = jiff::civil::date(2024, 7, 10);
    let report = factlint::check::check_articles(
        &loaded.rules,
        &[PathBuf::from("fixtures/articles")],
        None,
        today,
    );
    insta::assert_snapshot!(factlint::render_plain(&report));
}
