//! Write a benchmark corpus: `gen_corpus DIR MEGABYTES [ENTITIES] [PATTERNS]`
//! writes DIR/rules.facts, DIR/articles/*.txt and DIR/planted.json; and
//! `gen_corpus score DIR/planted.json REPORT.json` prints how many planted
//! errors a `factlint check --format json` report found, and how many
//! findings were not planted. Used by bench/run.sh.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("score") {
        score(&args[1..]);
        return;
    }
    let dir = PathBuf::from(args.first().map_or("corpus", String::as_str));
    let megabytes: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let entities: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let patterns: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut world = corpus::World::new(corpus::Shape::with_entities(entities, patterns));
    std::fs::create_dir_all(dir.join("articles")).expect("corpus folder");
    std::fs::write(dir.join("rules.facts"), &world.rules).expect("rules");
    let mut planted = Vec::new();
    let mut written = 0;
    let mut i = 0;
    while written < megabytes * 1_000_000 {
        let name = format!("{}/articles/a{i:06}.txt", dir.display());
        let text = world.article(&name, 4_000, &mut planted);
        std::fs::write(&name, &text).expect("article");
        written += text.len();
        i += 1;
    }
    std::fs::write(
        dir.join("planted.json"),
        serde_json::to_string(&planted).expect("json"),
    )
    .expect("planted");
    eprintln!(
        "{i} articles, {written} bytes, {} planted errors",
        planted.len()
    );
}

fn score(args: &[String]) {
    let planted: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&args[0]).expect("planted.json"))
            .expect("json");
    // Only the findings are read: the report's per-claim part is skipped.
    #[derive(serde::Deserialize)]
    struct Report {
        findings: Vec<serde_json::Value>,
    }
    let file = std::fs::File::open(&args[1]).expect("report");
    let report: Report =
        serde_json::from_reader(std::io::BufReader::new(file)).expect("report json");
    let findings = report.findings;
    // Spans by article, so that matching is not planted × findings.
    let mut by_article: std::collections::HashMap<&str, Vec<(u64, u64)>> = Default::default();
    for f in &findings {
        let (Some(a), Some(s), Some(e)) = (
            f["article"].as_str(),
            f["span"]["start"].as_u64(),
            f["span"]["end"].as_u64(),
        ) else {
            continue;
        };
        by_article.entry(a).or_default().push((s, e));
    }
    let mut planted_by_article: std::collections::HashMap<&str, Vec<(u64, u64)>> =
        Default::default();
    for p in &planted {
        let (Some(a), Some(s), Some(e)) = (
            p["article"].as_str(),
            p["start"].as_u64(),
            p["end"].as_u64(),
        ) else {
            continue;
        };
        planted_by_article.entry(a).or_default().push((s, e));
    }
    let overlaps = |(s1, e1): (u64, u64), (s2, e2): (u64, u64)| s1 <= e2 && s2 <= e1;
    let mut found = 0;
    for (a, spans) in &planted_by_article {
        let fs = by_article.get(a).map_or(&[][..], Vec::as_slice);
        found += spans
            .iter()
            .filter(|p| fs.iter().any(|f| overlaps(**p, *f)))
            .count();
    }
    let mut unplanted = 0;
    for (a, spans) in &by_article {
        let ps = planted_by_article.get(a).map_or(&[][..], Vec::as_slice);
        unplanted += spans
            .iter()
            .filter(|f| !ps.iter().any(|p| overlaps(*p, **f)))
            .count();
    }
    println!(
        "recall: {found} of {} planted errors found; {unplanted} findings were not planted",
        planted.len()
    );
}
