//! The rule parser and resolver on arbitrary text: no panic, and every
//! diagnostic's spans lie on character boundaries of their file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = factlint::load_source("fuzz.facts", text);
    for d in &loaded.diagnostics {
        for l in &d.labels {
            let file = &loaded.rules.sources.get(l.span.file).text;
            assert!(l.span.start <= l.span.end && l.span.end <= file.len());
            assert!(file.is_char_boundary(l.span.start) && file.is_char_boundary(l.span.end));
        }
    }
    // Rendering never panics either.
    let _ = factlint::diagnostic::render_plain(&loaded.diagnostics, &loaded.rules.sources);
});
