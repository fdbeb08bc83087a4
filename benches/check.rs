//! `cargo bench`: throughput of mention finding, extraction, checking and
//! the whole check over a generated corpus, in bytes and in claims per
//! second; the whole check against 100, 1,000 and 10,000 entities; and the
//! cost of loading rule files of 100, 1,000 and 10,000 entities. The corpus and its knowledge
//! base come from the seeded generator in `benches/corpus.rs`.

mod corpus;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn world(entities: usize, patterns: usize) -> (corpus::World, factlint::RuleSet) {
    let world = corpus::World::new(corpus::Shape::with_entities(entities, patterns));
    let loaded = factlint::load_source("bench.facts", &world.rules);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
    let rules = loaded.rules;
    (world, rules)
}

fn articles(world: &mut corpus::World, n: usize) -> Vec<String> {
    let mut planted = Vec::new();
    (0..n)
        .map(|i| world.article(&format!("a{i}.txt"), 4_000, &mut planted))
        .collect()
}

fn to_article(text: &str) -> factlint::article::Article {
    factlint::article::from_text(
        factlint::source::FileId(0),
        "a.txt",
        Path::new("a.txt"),
        Arc::from(text),
        None,
        jiff::civil::date(2024, 7, 3),
    )
    .expect("article")
}

fn stages(c: &mut Criterion) {
    let (mut world, rules) = world(1_000, 100);
    let texts = articles(&mut world, 50);
    let bytes: usize = texts.iter().map(String::len).sum();
    let finder = factlint::extract::mentions::MentionFinder::new(&rules);
    let extractor = factlint::extract::Extractor::new(&rules);
    let parsed: Vec<factlint::article::Article> = texts.iter().map(|t| to_article(t)).collect();
    let claims: Vec<factlint::engine::Claim> = parsed
        .iter()
        .flat_map(|a| extractor.extract(a).claims)
        .filter_map(|c| c.into_claim(jiff::civil::date(2024, 7, 3)).ok())
        .collect();
    // Each stage counted in bytes of article, then (but names) in claims.
    for (name, throughput) in [
        ("stages", Throughput::Bytes(bytes as u64)),
        ("stages-claims", Throughput::Elements(claims.len() as u64)),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(throughput);
        group.sample_size(10);
        if name == "stages" {
            group.bench_function("mentions", |b| {
                b.iter(|| {
                    texts
                        .iter()
                        .map(|t| finder.find(&rules, t, &[0]).len())
                        .sum::<usize>()
                })
            });
        }
        group.bench_function("extract", |b| {
            b.iter(|| {
                parsed
                    .iter()
                    .map(|a| extractor.extract(a).claims.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("judge", |b| {
            b.iter(|| {
                claims
                    .iter()
                    .filter(|c| {
                        factlint::engine::judge(&rules, c).verdict
                            == factlint::engine::Verdict::Supported
                    })
                    .count()
            })
        });
        group.finish();
    }

    // The whole check over files on disk, as `factlint check` does it.
    let dir = on_disk(&texts, "whole");
    let paths = [PathBuf::from(&dir)];
    let whole = |b: &mut criterion::Bencher| b.iter(|| check_whole(&rules, &paths));
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("whole", whole);
    group.finish();
    let mut group = c.benchmark_group("check-claims");
    group.throughput(Throughput::Elements(claims.len() as u64));
    group.sample_size(10);
    group.bench_function("whole", whole);
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// What `factlint check` does: articles streamed in batches, then the
/// findings across articles; the number of findings.
fn check_whole(rules: &factlint::RuleSet, paths: &[PathBuf]) -> usize {
    let mut report = factlint::check::Report::new(rules);
    let streamed = factlint::check::check_articles_streaming(
        &mut report,
        rules,
        &factlint::extract::Extractor::new(rules),
        factlint::check::ArticleFiles::find(paths),
        None,
        jiff::civil::date(2024, 7, 3),
        &|_| false,
        factlint::check::BATCH_SIZE,
        None,
    );
    assert!(streamed.is_ok());
    report.finish(rules);
    report.findings.len()
}

/// Articles written to a fresh folder.
fn on_disk(texts: &[String], name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factlint-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("a{i:03}.txt")), t).expect("write");
    }
    dir
}

/// Extracting and judging 50 articles of the same size against knowledge
/// bases of 100, 1,000 and 10,000 entities (100 patterns each): how the
/// cost of checking text grows with the rules. Loading the rules and
/// building the extractor are not counted (`load-rules` and
/// `bench/scale.sh` measure them).
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("check-by-entities");
    group.sample_size(10);
    for entities in [100, 1_000, 10_000] {
        let (mut world, rules) = world(entities, 100);
        let texts = articles(&mut world, 50);
        let bytes: usize = texts.iter().map(String::len).sum();
        let parsed: Vec<factlint::article::Article> = texts.iter().map(|t| to_article(t)).collect();
        let extractor = factlint::extract::Extractor::new(&rules);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::from_parameter(entities), |b| {
            b.iter(|| {
                parsed
                    .iter()
                    .flat_map(|a| extractor.extract(a).claims)
                    .filter_map(|c| c.into_claim(jiff::civil::date(2024, 7, 3)).ok())
                    .filter(|c| {
                        factlint::engine::judge(&rules, c).verdict
                            == factlint::engine::Verdict::Supported
                    })
                    .count()
            })
        });
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load-rules");
    group.sample_size(10);
    for entities in [100, 1_000, 10_000] {
        let text = corpus::World::new(corpus::Shape::with_entities(entities, 100)).rules;
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(entities), &text, |b, text| {
            b.iter(|| {
                factlint::load_source("bench.facts", text)
                    .rules
                    .entities
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, scaling, loading);
criterion_main!(benches);
