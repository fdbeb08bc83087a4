//! The streaming check (`check_articles_streaming`, what the command line
//! runs) against the check held in memory: every output format must be
//! byte for byte the same, whatever the batch size.

use std::path::{Path, PathBuf};

use factlint::check::{self, Report};
use factlint::extract::Extractor;
use factlint::report::json::{self, JsonWriter};
use factlint::RuleSet;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> RuleSet {
    let loaded = factlint::load_files(&[root().join("rules/sco.facts")]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.rules
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2024, 7, 10)
}

/// The SARIF and GitHub output of a report held in memory.
fn outputs(report: &Report) -> (String, String) {
    let sarif = serde_json::to_string_pretty(&factlint::report::sarif::sarif(report))
        .expect("sarif serialises");
    (sarif, factlint::report::github::github(report))
}

struct Run {
    json: String,
    plain: String,
    sarif: String,
    github: String,
    report: Report,
}

/// What the command line did before streaming: everything in memory.
fn in_memory(rules: &RuleSet, paths: &[PathBuf], claims: &[PathBuf]) -> Run {
    let mut report = Report::new(rules);
    check::check_claims_files_into(&mut report, rules, claims, None, today());
    check::check_articles_into(&mut report, rules, paths, None, today(), &|_| false);
    report.finish(rules);
    let json = serde_json::to_string_pretty(&json::check_report(&report)).expect("json");
    let plain = factlint::render_plain(&report);
    let (sarif, github) = outputs(&report);
    Run {
        json,
        plain,
        sarif,
        github,
        report,
    }
}

fn streamed(rules: &RuleSet, paths: &[PathBuf], claims: &[PathBuf], batch: usize) -> Run {
    streamed_as(rules, paths, claims, batch, true)
}

/// [`streamed`]; with `by_article` false, nothing takes the articles one
/// by one (as for every format but JSON), so that on several threads each
/// thread checks a run of them apart and the reports are merged. The JSON
/// then lists no articles; the rest of it is the whole check's.
fn streamed_as(
    rules: &RuleSet,
    paths: &[PathBuf],
    claims: &[PathBuf],
    batch: usize,
    by_article: bool,
) -> Run {
    let mut report = Report::new(rules);
    check::check_claims_files_into(&mut report, rules, claims, None, today());
    let mut writer = JsonWriter::begin(Vec::new()).expect("header");
    let mut write = |sources: &_, article: &_| writer.article(&json::article_out(sources, article));
    check_streaming_into(
        &mut report,
        rules,
        paths,
        batch,
        by_article.then_some(&mut write),
    )
    .expect("nothing to fail on a Vec");
    assert!(report.articles.is_empty(), "every article was let go");
    report.finish(rules);
    let json = String::from_utf8(writer.finish(&report).expect("tail")).expect("UTF-8");
    // What the command line writes: one result, one annotation at a time.
    let mut sarif = Vec::new();
    factlint::report::sarif::write_sarif(&report, &mut sarif).expect("sarif");
    let sarif = String::from_utf8(sarif).expect("UTF-8");
    let mut github = Vec::new();
    factlint::report::github::write_github(&report, &mut github).expect("github");
    let github = String::from_utf8(github).expect("UTF-8");
    let mut plain = String::new();
    factlint::report::write_plain(&mut report, &mut |s| {
        plain.push_str(s);
        Ok(())
    })
    .expect("plain");
    Run {
        json,
        plain,
        sarif,
        github,
        report,
    }
}

fn assert_same(a: &Run, b: &Run, what: &str) {
    assert_eq!(a.json, b.json, "JSON, {what}");
    assert_same_but_articles(a, b, what);
}

/// [`assert_same`], but the JSON's list of articles.
fn assert_same_but_articles(a: &Run, b: &Run, what: &str) {
    let but_articles = |json: &str| {
        let mut v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        v.as_object_mut().map(|o| o.remove("articles"));
        v
    };
    assert_eq!(but_articles(&a.json), but_articles(&b.json), "JSON, {what}");
    assert_eq!(a.plain, b.plain, "plain, {what}");
    assert_eq!(a.sarif, b.sarif, "SARIF, {what}");
    assert_eq!(a.github, b.github, "GitHub, {what}");
}

/// A pool of `threads` threads to run a check in.
fn pool_of(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool of threads")
}

/// The streamed run equals `memory` for batches of 1, 3 and 1000 articles,
/// with two threads (checking a batch while the one before is written) and
/// with one (each batch checked on the calling thread, in batches of at
/// most `SERIAL_BATCH_SIZE`).
///
/// Without articles handed out one by one, the same (but the JSON's list
/// of articles) with one thread and with two, three and eight, where each
/// thread checks a run of the articles apart (more threads than articles
/// leave some with none).
fn assert_same_in_batches(rules: &RuleSet, paths: &[PathBuf], claims: &[PathBuf], memory: &Run) {
    for threads in [1, 2] {
        let pool = pool_of(threads);
        for batch in [1, 3, 1000] {
            let s = pool.install(|| streamed(rules, paths, claims, batch));
            assert_same(
                memory,
                &s,
                &format!("batch of {batch}, {threads} thread(s)"),
            );
        }
    }
    for threads in [1, 2, 3, 8] {
        let pool = pool_of(threads);
        for batch in [1, 1000] {
            let s = pool.install(|| streamed_as(rules, paths, claims, batch, false));
            let what = format!("apart, batch of {batch}, {threads} thread(s)");
            assert_same_but_articles(memory, &s, &what);
            assert_eq!(
                s.report.article_count(),
                memory.report.article_count(),
                "{what}"
            );
        }
    }
}

/// A folder of articles that disagree with each other and with themselves,
/// with suppressions (used, unused, without reason, naming a bad code), an
/// undated article, a bad front-matter date, a file that is not UTF-8 and a
/// binary one among them, and names whose order differs from path order
/// (`sub.x.md` sorts before `sub/f.md` as a name, after it as a path).
fn disagreements(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factlint-stream-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).expect("temp dir");
    let files: &[(&str, &[u8])] = &[
        ("a1.md", b"---\ndate: 2024-07-05\n---\nThe ten-member SCO met in Astana.\n\nBelarus is a member of the SCO.\n\nThe SCO was founded in 2001.\n"),
        ("a1.b.md", b"---\ndate: 2024-07-05\n---\nThe SCO was founded in 1996.\n"),
        ("a2.txt", b"---\ndate: 2024-07-05\n---\nThe ten-member SCO met again.\n\nBelarus is a member of the SCO.\n"),
        ("a3.md", b"---\ndate: 2024-07-05\n---\nThe nine-member SCO met in Astana.\n\n<!-- factlint-ignore stale: quoted -->\nThe nine-member SCO is growing. The SCO was founded in 1996.\n\nThe ten-member SCO too. The SCO was founded in 2001.\n"),
        ("b0-bad.txt", b"bad \xff utf8\n"),
        ("b1.md", b"---\ndate: 2024-07-05\n---\nBelarus is not a member of the SCO.\n\n<!-- factlint-ignore stale -->\nAstana is pleasant.\n\n<!-- factlint-ignore stael: typo -->\nXi Jinging spoke.\n\n<!-- factlint-ignore self-contradiction, count: both -->\nThe eight-member SCO. The ten-member SCO.\n"),
        ("c-undated.txt", "Undated: the nine-member SCO. Turkmenistan is a member of the SCO. Ça va.\n".as_bytes()),
        ("d-baddate.txt", b"---\ndate: July 3\n---\nThe SCO met.\n"),
        ("e-bin.txt", b"bin\0ary\n"),
        ("sub/f.md", b"---\ndate: 2024-07-05\n---\n\xc3\x89t\xc3\xa9: the SCO, founded in 1996 by China, Russia,\nKazakhstan, Kyrgyzstan and Tajikistan, met.\nThe nine-member SCO.\n"),
        ("sub.x.md", b"---\ndate: 2024-07-05\n---\nThe SCO was founded in 2001. The eight-member SCO.\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    dir
}

#[test]
fn streamed_output_equals_the_in_memory_output_on_the_five_articles() {
    let rules = rules();
    let paths = [root().join("fixtures/articles")];
    let memory = in_memory(&rules, &paths, &[]);
    assert!(
        memory.json.contains("self-contradiction"),
        "{}",
        memory.json
    );
    assert_same_in_batches(&rules, &paths, &[], &memory);
}

#[test]
fn streamed_output_equals_the_in_memory_output_without_findings_or_articles() {
    let rules = rules();
    let clean = [root().join("fixtures/articles/2024-07-03-press-tv.txt")];
    let memory = in_memory(&rules, &clean, &[]);
    assert!(memory.report.findings.is_empty());
    assert_same(&memory, &streamed(&rules, &clean, &[], 1), "no findings");
    let none: [PathBuf; 0] = [];
    assert_same(
        &in_memory(&rules, &none, &[]),
        &streamed(&rules, &none, &[], 1),
        "no articles",
    );
}

#[test]
fn streamed_output_equals_the_in_memory_output_with_disagreements_and_suppressions() {
    let rules = rules();
    let dir = disagreements("mixed");
    let paths = [dir.clone()];
    let memory = in_memory(&rules, &paths, &[]);
    for code in [
        "\"disagreement\"",
        "\"self-contradiction\"",
        "\"unused-suppression\"",
        "\"invalid-suppression\"",
        "\"suppression-without-reason\"",
        "\"article-date\"",
        "\"unreadable-article\"",
        "\"binary-article\"",
    ] {
        assert!(memory.json.contains(code), "{code}: {}", memory.json);
    }
    assert!(memory.plain.contains("has no date"), "{}", memory.plain);
    // The suppressed findings are gone: the `stale` one, and the
    // self-contradiction that `self-contradiction, count` hides (so that
    // comment is used); the `stale` comment before a paragraph with no
    // finding is the one advice left.
    assert_eq!(memory.report.findings_at(factlint::Severity::Advice), 1);
    assert!(
        !memory
            .json
            .contains("the article says both count member(SCO, _) = 8"),
        "{}",
        memory.json
    );
    assert_same_in_batches(&rules, &paths, &[], &memory);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn claims_files_are_merged_in_by_name() {
    let rules = rules();
    let dir = disagreements("claims");
    let paths = [dir.clone(), root().join("fixtures/articles")];
    let claims = [
        root().join("fixtures/claims/sco/sco-2024-07-03.claims.json"),
        root().join("fixtures/claims/sco/sco-2024-07-05.claims.json"),
    ];
    let memory = in_memory(&rules, &paths, &claims);
    assert_same_in_batches(&rules, &paths, &claims, &memory);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unreadable_file_in_a_batch_is_reported_and_the_others_checked() {
    let rules = rules();
    let dir = disagreements("unreadable");
    let paths = [dir.clone()];
    // Batches of 3: `b0-bad.txt` is in the middle of the second one.
    let s = streamed(&rules, &paths, &[], 3);
    let errors: Vec<&str> = s.report.errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        errors,
        ["binary-article", "unreadable-article", "article-date"],
        "{:#?}",
        s.report.errors
    );
    assert!(s.report.errors[1].message.contains("b0-bad.txt"));
    assert_eq!(s.report.article_count(), 8);
    let v: serde_json::Value = serde_json::from_str(&s.json).expect("valid JSON");
    let names: Vec<&str> = v["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["path"].as_str())
        .filter_map(|p| Path::new(p).strip_prefix(&dir).ok()?.to_str())
        .collect();
    assert_eq!(
        names,
        [
            "a1.b.md",
            "a1.md",
            "a2.txt",
            "a3.md",
            "b1.md",
            "c-undated.txt",
            "sub.x.md",
            "sub/f.md"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_changed_after_its_check_is_shown_without_its_text() {
    let rules = rules();
    let dir = disagreements("changed");
    let mut report = Report::new(&rules);
    check::check_articles_streaming(
        &mut report,
        &rules,
        &Extractor::new(&rules),
        check::ArticleFiles::find(std::slice::from_ref(&dir)),
        None,
        today(),
        &|_| false,
        2,
        None,
    )
    .expect("checked");
    report.finish(&rules);
    std::fs::write(dir.join("b1.md"), "Rewritten since.\n").expect("write");
    std::fs::remove_file(dir.join("a1.md")).expect("remove");
    let mut plain = String::new();
    factlint::report::write_plain(&mut report, &mut |s| {
        plain.push_str(s);
        Ok(())
    })
    .expect("plain");
    assert!(
        plain.contains("b1.md` changed after it was checked"),
        "{plain}"
    );
    assert!(plain.contains("cannot read `"), "{plain}");
    assert!(!plain.contains("Rewritten"), "{plain}");
    // Where the findings are is still said, from the positions kept.
    assert!(plain.contains("b1.md:4:1 (not shown"), "{plain}");
    // The other articles are still shown with their text.
    assert!(
        plain.contains("The nine-member SCO met in Astana."),
        "{plain}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// More findings than are rendered at once (rounds of 256, in parallel with
/// two threads), in more articles than a round holds, are written as the
/// in-memory report renders them, with one and two threads.
#[test]
fn findings_of_many_articles_render_in_rounds_as_in_memory() {
    let rules = rules();
    let dir = std::env::temp_dir().join(format!("factlint-stream-rounds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for i in 0..300 {
        let text = format!(
            "---\ndate: 2024-07-05\n---\nReport {i}.\n\nTurkmenistan is a member of the SCO.\n\nThe {}-member SCO met.\n",
            ["nine", "ten", "eight"][i % 3]
        );
        std::fs::write(dir.join(format!("a{i:03}.md")), text).expect("write");
    }
    let paths = [dir.clone()];
    let memory = in_memory(&rules, &paths, &[]);
    assert!(
        memory.report.findings.len() > 600,
        "{}",
        memory.report.findings.len()
    );
    assert_same_in_batches(&rules, &paths, &[], &memory);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The streaming check of `paths` into `report` (dated 2024-07-10, none
/// ignored), each article handed to `write` if there is one.
fn check_streaming_into(
    report: &mut Report,
    rules: &RuleSet,
    paths: &[PathBuf],
    batch: usize,
    write: Option<&mut check::ArticleOut<'_>>,
) -> std::io::Result<()> {
    check::check_articles_streaming(
        report,
        rules,
        &Extractor::new(rules),
        check::ArticleFiles::find(paths),
        None,
        today(),
        &|_| false,
        batch,
        write,
    )
}

/// An article whose JSON is several chunks long (written a chunk at a
/// time, not held whole), between two small ones: the same bytes as the
/// report held in memory.
#[test]
fn a_large_article_is_written_in_chunks_as_in_memory() {
    let rules = rules();
    let dir = std::env::temp_dir().join(format!("factlint-stream-large-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sentences = [
        "Turkmenistan is a member of the SCO.",
        "Belarus is a member of the SCO.",
        "The 10-member SCO met in Astana.",
        "Kazakh President Kassym-Jomart Tokayev spoke.",
    ];
    let body: Vec<&str> = (0..1_500).map(|i| sentences[i % sentences.len()]).collect();
    let large = format!("---\ndate: 2024-07-05\n---\n{}\n", body.join(" "));
    std::fs::write(dir.join("b.md"), large).expect("write");
    for name in ["a.md", "c.md"] {
        std::fs::write(
            dir.join(name),
            "---\ndate: 2024-07-05\n---\nBelarus is a member of the SCO.\n",
        )
        .expect("write");
    }
    let paths = [dir.clone()];
    let memory = in_memory(&rules, &paths, &[]);
    // (Chunks are 64 KiB.)
    assert!(memory.json.len() > 4 << 16, "{} bytes", memory.json.len());
    for batch in [1, 64] {
        assert_same(
            &streamed(&rules, &paths, &[], batch),
            &memory,
            "a large article",
        );
    }
    // Written in pieces of at most 64 KiB, not the article's JSON at once.
    struct Largest(usize);
    impl std::io::Write for Largest {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 = self.0.max(bytes.len());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = JsonWriter::begin(Largest(0)).expect("header");
    let mut write = |sources: &_, article: &_| writer.article(&json::article_out(sources, article));
    let mut report = Report::new(&rules);
    check_streaming_into(&mut report, &rules, &paths, 64, Some(&mut write))
        .expect("nothing to fail");
    report.finish(&rules);
    let largest = writer.finish(&report).expect("tail").0;
    assert!(largest <= 1 << 16, "a write of {largest} bytes");
    // A chunk that cannot be written ends the article: its error is
    // returned, and nothing gathered is written after it.
    #[derive(Default)]
    struct FailsOnce {
        failed: bool,
        after: usize,
    }
    impl std::io::Write for FailsOnce {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.failed {
                self.after += bytes.len();
            } else if bytes.len() > 16 << 10 {
                self.failed = true;
                return Err(std::io::Error::other("the disk is full"));
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = JsonWriter::begin(FailsOnce::default()).expect("header");
    let mut write = |sources: &_, article: &_| writer.article(&json::article_out(sources, article));
    let error = check_streaming_into(
        &mut Report::new(&rules),
        &rules,
        &paths,
        64,
        Some(&mut write),
    )
    .expect_err("the large article's first chunk fails");
    assert_eq!(error.to_string(), "the disk is full");
    // After it, only the report's tail (an empty report's: its findings,
    // errors and summary, less than 4 KiB), not the rest of the chunk.
    let out = writer.finish(&Report::new(&rules)).expect("tail");
    assert!(out.failed);
    assert!(
        out.after < 4096,
        "{} bytes written after the error",
        out.after
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An error from the writer (a closed pipe, a full disk) stops the check
/// and is returned: with one thread and with two (where articles are
/// written from the pool while it checks the next batch), whichever batch
/// the failing article is in, and no article is written after it.
#[test]
fn an_error_writing_an_article_stops_the_check_and_is_returned() {
    let rules = rules();
    let paths = [root().join("fixtures/articles")];
    for threads in [1, 2] {
        let pool = pool_of(threads);
        for batch in [1, 2, 1000] {
            let mut written = 0;
            let mut report = Report::new(&rules);
            let result = pool.install(|| {
                check::check_articles_streaming(
                    &mut report,
                    &rules,
                    &Extractor::new(&rules),
                    check::ArticleFiles::find(&paths),
                    None,
                    today(),
                    &|_| false,
                    batch,
                    Some(&mut |_, _| {
                        written += 1;
                        if written == 3 {
                            Err(std::io::Error::other("the disk is full"))
                        } else {
                            Ok(())
                        }
                    }),
                )
            });
            let what = format!("batch of {batch}, {threads} thread(s)");
            let error = result.expect_err(&what);
            assert_eq!(error.to_string(), "the disk is full", "{what}");
            assert_eq!(written, 3, "{what}");
        }
    }
}
