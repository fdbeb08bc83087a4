//! A deterministic, seeded generator of a knowledge base and a corpus of
//! news-like articles with planted errors, for benchmarks and the recall
//! check of `bench/run.sh`. Shared by `benches/check.rs` and
//! `examples/gen_corpus.rs`.

#![allow(dead_code)]

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

const SYLLABLES: &[&str] = &[
    "ka", "ra", "mo", "li", "sta", "ne", "vo", "tu", "ria", "bel", "dor", "an", "zi", "qua", "por",
    "len",
];
const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Chancellor",
];
const FIRST: &[&str] = &[
    "Anna", "Boris", "Chen", "Dara", "Emil", "Farid", "Greta", "Hugo", "Ines", "Jonas",
];
/// Sentences of the kind that surround claims in news reports: quotes,
/// figures, days, places and hedges, naming nothing the rules know.
const FILLER: &[&str] = &[
    "Officials met on the sidelines of the meeting to discuss trade and security.",
    "Analysts said the talks were unlikely to produce a breakthrough this year.",
    "The ministers also discussed energy prices, transport links and water.",
    "Protesters gathered outside the venue, calling for more transparency.",
    "A joint statement is expected to be signed at the end of the summit.",
    "Observers noted that the region remains divided over the war.",
    "\u{201c}We are open to dialogue with everyone,\u{201d} a senior diplomat told reporters on Tuesday.",
    "Trade between the two countries rose by about 12 percent last year, according to official figures.",
    "The talks are scheduled to resume on July 12 in Geneva, two officials said.",
    "More than 40 delegations attended the opening session, which lasted nearly four hours.",
    "It was not immediately clear whether the agreement would be ratified before the end of the year.",
    "The meeting, first held in 2001, has grown into one of the largest gatherings of its kind.",
    "Security was tight across the capital, with roads closed around the conference centre.",
    "Speaking at a news conference, the spokesperson declined to comment on the reports.",
    "The bank said it expected growth of 3.5 percent in 2025, down from an earlier forecast.",
    "Critics say the group has done little to resolve disputes between its members.",
];

/// How news says that a country is in an organization; combined with the
/// adverbs below they give the generated patterns (all of them English).
const MEMBERSHIP_PHRASES: &[&str] = &[
    "joined",
    "has joined",
    "was admitted to",
    "was accepted into",
    "became a member of",
    "became a full member of",
    "is a full member of",
    "belongs to",
    "has been a member of",
    "remains a member of",
    "sits in",
    "has a seat in",
    "took its seat in",
    "was welcomed into",
    "signed up to",
    "is part of",
    "acceded to",
];
const ADVERBS: &[&str] = &[
    "",
    "formally",
    "officially",
    "finally",
    "eventually",
    "quietly",
    "already",
];

/// The shape of a generated world.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub countries: usize,
    pub organizations: usize,
    pub people: usize,
    pub patterns: usize,
    pub seed: u64,
}

impl Shape {
    pub fn with_entities(entities: usize, patterns: usize) -> Self {
        let organizations = (entities / 50).max(2);
        let people = entities / 5;
        Shape {
            countries: entities - organizations - people,
            organizations,
            people,
            patterns,
            seed: 7,
        }
    }
}

#[derive(Debug, Clone)]
struct Country {
    id: String,
    name: String,
    adjective: String,
}

#[derive(Debug, Clone)]
struct Person {
    id: String,
    name: String,
    title: String,
    country: usize,
}

/// A generated knowledge base, as rule-file text, and what it knows.
pub struct World {
    pub rules: String,
    countries: Vec<Country>,
    orgs: Vec<String>,
    /// Members of each organization (indices into `countries`).
    members: Vec<Vec<usize>>,
    people: Vec<Person>,
    verbs: Vec<String>,
    rng: ChaCha8Rng,
}

/// An error written into an article on purpose, and where.
#[derive(Debug, Clone, Serialize)]
pub struct Planted {
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
}

fn word(rng: &mut ChaCha8Rng, syllables: usize) -> String {
    let mut w: String = (0..syllables)
        .map(|_| *SYLLABLES.choose(rng).unwrap_or(&"ka"))
        .collect();
    if let Some(first) = w.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    w
}

impl World {
    pub fn new(shape: Shape) -> World {
        let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
        let mut used = std::collections::HashSet::new();
        let mut unique = |rng: &mut ChaCha8Rng, n: usize| loop {
            let w = format!(
                "{}{}",
                word(rng, n),
                if used.len() > 2000 {
                    format!("{}", used.len())
                } else {
                    String::new()
                }
            );
            if used.insert(w.clone()) {
                return w;
            }
        };
        let countries: Vec<Country> = (0..shape.countries)
            .map(|i| {
                let name = unique(&mut rng, 3);
                Country {
                    id: format!("C{i}"),
                    adjective: format!("{name}ian"),
                    name,
                }
            })
            .collect();
        let orgs: Vec<String> = (0..shape.organizations)
            .map(|_| format!("{} Union", unique(&mut rng, 2)))
            .collect();
        let members: Vec<Vec<usize>> = (0..orgs.len())
            .map(|o| {
                let n = rng.random_range(3..12.min(countries.len().max(4)));
                let mut m: Vec<usize> =
                    (0..n).map(|k| (o * 7 + k * 13) % countries.len()).collect();
                m.sort();
                m.dedup();
                m
            })
            .collect();
        let people: Vec<Person> = (0..shape.people)
            .map(|i| Person {
                id: format!("P{i}"),
                name: format!(
                    "{} {}",
                    FIRST.choose(&mut rng).unwrap_or(&"Anna"),
                    unique(&mut rng, 3)
                ),
                title: (*TITLES.choose(&mut rng).unwrap_or(&"President")).to_string(),
                country: i % countries.len().max(1),
            })
            .collect();
        // Three patterns are written out below; the others say membership
        // in the words of MEMBERSHIP_PHRASES, alone or after an adverb
        // ("formally joined"): 119 phrases. Past that (only for very large
        // pattern counts) the phrases repeat with a numbered tail.
        let verbs: Vec<String> = ADVERBS
            .iter()
            .flat_map(|a| {
                MEMBERSHIP_PHRASES.iter().map(move |p| {
                    // The adverb goes after an auxiliary: "was formally
                    // admitted to", "formally joined".
                    match p.split_once(' ') {
                        _ if a.is_empty() => (*p).to_string(),
                        Some((aux @ ("is" | "was" | "has"), rest)) => format!("{aux} {a} {rest}"),
                        _ => format!("{a} {p}"),
                    }
                })
            })
            .cycle()
            .enumerate()
            .map(|(i, v)| {
                let round = i / (ADVERBS.len() * MEMBERSHIP_PHRASES.len());
                if round == 0 {
                    v
                } else {
                    format!("{v} round {round}")
                }
            })
            .take(shape.patterns)
            .collect();
        let mut rules = String::from(
            "relation member(organization, country)\nsingle attribute title(person): text\nrefer organization \"the union\", \"union\"\n",
        );
        for c in &countries {
            rules.push_str(&format!(
                "country {} \"{}\"\n  adjective \"{}\"\n",
                c.id, c.name, c.adjective
            ));
        }
        for (o, name) in orgs.iter().enumerate() {
            rules.push_str(&format!("organization O{o} \"{name}\"\n"));
            for &m in &members[o] {
                rules.push_str(&format!(
                    "member(O{o}, {}) from 2000-01-01\n",
                    countries[m].id
                ));
            }
            rules.push_str(&format!("complete member(O{o}, _) from 2000-01-01\n"));
            rules.push_str(&format!(
                "constraint size-{o}: count member(O{o}, _) = {} from 2000-01-01\n",
                members[o].len()
            ));
        }
        for p in &people {
            rules.push_str(&format!(
                "person {} \"{}\"\ntitle({}) = \"{}\"\n",
                p.id, p.name, p.id, p.title
            ));
        }
        rules.push_str("pattern member-of: \"{X: country} (is | was) [a] member of {O: organization}\"\n  gives member(O, X)\n");
        rules.push_str("pattern n-member: \"{N: number} member {O: organization}\"\n  gives count member(O, _) = N\n");
        rules.push_str("pattern title: \"{C: country adjective} {T: title} {P: person}\"\n  gives ever title(P) = T\n");
        for (i, v) in verbs
            .iter()
            .enumerate()
            .take(shape.patterns.saturating_sub(3))
        {
            rules.push_str(&format!("pattern verb-{i}: \"{{X: country}} {v} {{O: organization}}\"\n  gives member(O, X)\n"));
        }
        World {
            rules,
            countries,
            orgs,
            members,
            people,
            verbs,
            rng,
        }
    }

    /// One article of about `bytes` bytes; planted errors are appended to
    /// `planted` with their byte spans.
    pub fn article(&mut self, name: &str, bytes: usize, planted: &mut Vec<Planted>) -> String {
        let mut text = String::from("---\ndate: 2024-07-03\n---\n");
        while text.len() < bytes {
            let kind = self.rng.random_range(0..10);
            let o = self.rng.random_range(0..self.orgs.len());
            let plant = self.rng.random_bool(0.05);
            let start = text.len();
            let sentence = match kind {
                0 | 1 => {
                    let m = *self.members[o].choose(&mut self.rng).unwrap_or(&0);
                    let c = &self.countries[m].name;
                    if plant {
                        let s = format!("{c} is not a member of the {}.", self.orgs[o]);
                        planted.push(Planted {
                            article: name.into(),
                            start,
                            end: start + s.len() - 1,
                            kind: "negation",
                        });
                        s
                    } else {
                        format!("{c} is a member of the {}.", self.orgs[o])
                    }
                }
                2 => {
                    let n = self.members[o].len() + usize::from(plant);
                    let s = format!(
                        "The {} met today. The {n}-member union agreed on a plan.",
                        self.orgs[o]
                    );
                    if plant {
                        let at = s.find(&format!("{n}-member")).unwrap_or(0);
                        planted.push(Planted {
                            article: name.into(),
                            start: start + at,
                            end: start + at + 1,
                            kind: "count",
                        });
                    }
                    s
                }
                3 if !self.people.is_empty() => {
                    let p = self.people.choose(&mut self.rng).cloned();
                    let Some(p) = p else { continue };
                    let adj = &self.countries[p.country].adjective;
                    let title = if plant {
                        TITLES
                            .iter()
                            .find(|t| **t != p.title)
                            .copied()
                            .unwrap_or("President")
                            .to_string()
                    } else {
                        p.title.clone()
                    };
                    let s = match self.rng.random_range(0..3) {
                        0 => format!("{adj} {title} {} spoke to reporters.", p.name),
                        1 => format!(
                            "{adj} {title} {} arrived in the capital on Wednesday.",
                            p.name
                        ),
                        _ => format!(
                            "{adj} {title} {} said the meeting had been \u{201c}constructive\u{201d}.",
                            p.name
                        ),
                    };
                    if plant {
                        planted.push(Planted {
                            article: name.into(),
                            start,
                            end: start + s.len(),
                            kind: "title",
                        });
                    }
                    s
                }
                4 if !self.people.is_empty() && plant => {
                    let p = self.people.choose(&mut self.rng).cloned();
                    let Some(p) = p else { continue };
                    // Change one letter of the surname.
                    let mut letters: Vec<char> = p.name.chars().collect();
                    let i = letters.len() - 2;
                    letters[i] = if letters[i] == 'a' { 'e' } else { 'a' };
                    let misspelt: String = letters.into_iter().collect();
                    let s = format!("Later, {misspelt} left the hall.");
                    let at = s.find(&misspelt).unwrap_or(0);
                    planted.push(Planted {
                        article: name.into(),
                        start: start + at,
                        end: start + at + misspelt.len(),
                        kind: "misspelling",
                    });
                    s
                }
                5 => {
                    let in_use = self.verbs.len().min(self.verbs.len().saturating_sub(3));
                    let v = self
                        .verbs
                        .get(..in_use)
                        .and_then(|v| v.choose(&mut self.rng))
                        .cloned();
                    match v {
                        Some(v) => {
                            let m = *self.members[o].choose(&mut self.rng).unwrap_or(&0);
                            format!("{} {v} the {}.", self.countries[m].name, self.orgs[o])
                        }
                        None => FILLER[0].to_string(),
                    }
                }
                _ => (*FILLER.choose(&mut self.rng).unwrap_or(&FILLER[0])).to_string(),
            };
            text.push_str(&sentence);
            text.push(if self.rng.random_bool(0.2) { '\n' } else { ' ' });
        }
        text
    }
}
