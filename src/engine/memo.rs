//! Verdicts remembered by claim, shared by the threads of one check.
//!
//! News repeats itself: an archive says "the nine-member SCO" or "Belarus is
//! a member" in article after article, on the same day. Describing and
//! judging a claim is a pure function of the rule set and the claim, so a
//! claim met again takes the verdict found the first time, and the report
//! is the same whether it was remembered or not (and whatever the number of
//! threads).
//!
//! Claims are told apart exactly: [`Value`]'s own equality compares text
//! loosely ("Prime  Minister" is "prime minister"), but a verdict's message
//! quotes the text as written, so here text must be equal byte for byte.
//!
//! Each thread of the pool has a memory of its own. One shared memory
//! had its lock, and the reference counts of the verdicts it handed out,
//! written by both cores for nearly every claim: a two-thread check spent
//! about 6% more time than with one memory per thread (BENCHMARKS.md).
//! Each thread meets the claims the archive repeats soon enough.
//!
//! Why not a cache crate (`moka`, `quick_cache`): what is needed is only a
//! map behind a mutex that is emptied when full. A verdict is cheap to find
//! again and never goes stale within a check, so no eviction policy pays
//! for itself, and looking up by a hash of the borrowed claim needs no copy
//! of it.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use crossbeam_utils::CachePadded;

use super::{describe_claim, judge_described, Assertion, Claim, Judgement};
use crate::lang::ruleset::{RuleSet, Value};

/// How many claims, and how many bytes of them, are remembered before the
/// memory starts afresh: bounds on memory, large enough for the claims an
/// archive repeats (a claim with its verdict takes a few hundred bytes).
/// They bound all the threads' memories together: each has its share.
const CAPACITY: usize = 1 << 14;
const BUDGET: usize = 8 << 20;

/// By a claim's exact hash: the claims with that hash, each with its
/// description and verdict. Nearly always one, held in the map itself: a
/// claim is compared with the one remembered without first reading a
/// list elsewhere in memory.
type Seen = foldhash::HashMap<u64, smallvec::SmallVec<[(Claim, Arc<str>, Arc<Judgement>); 1]>>;

/// What is remembered, and about how many bytes it takes.
#[derive(Default)]
struct Held {
    seen: Seen,
    bytes: usize,
}

/// A claim's description and verdict, remembered.
pub struct Memo {
    /// The memory of the pool's first thread, and of any thread outside
    /// the pool; then the other threads', by index. (Padded: two
    /// threads' locks never share a cache line.)
    first: CachePadded<Mutex<Held>>,
    others: Box<[CachePadded<Mutex<Held>>]>,
    /// How many hashes each memory keeps before it is emptied.
    capacity: usize,
    /// How many bytes (as [`footprint`] counts them) each memory keeps
    /// before it is emptied.
    budget: usize,
}

impl Default for Memo {
    fn default() -> Self {
        let threads = rayon::current_num_threads().max(1);
        Memo {
            first: CachePadded::default(),
            others: (1..threads).map(|_| CachePadded::default()).collect(),
            capacity: (CAPACITY / threads).max(1),
            budget: (BUDGET / threads).max(1),
        }
    }
}

impl Memo {
    /// [`describe_claim`] and [`judge_described`], remembered.
    ///
    /// The description returned is one shared text for every claim exactly
    /// equal to this one while it is remembered, and is never handed to
    /// another claim: the conflict index relies on this to know a claim
    /// again by its description's address.
    pub fn judge(&self, rules: &RuleSet, claim: &Claim) -> (Arc<str>, Arc<Judgement>) {
        let hash = exact_hash(claim);
        if let Some(found) = self.lock().seen.get(&hash).and_then(|same| {
            same.iter()
                .find(|(c, _, _)| exactly_equal(c, claim))
                .map(|(_, what, j)| (Arc::clone(what), Arc::clone(j)))
        }) {
            return found;
        }
        // Judged outside the lock: other threads go on meanwhile.
        let what = describe_claim(rules, claim);
        let judgement = Arc::new(judge_described(rules, claim, &what));
        let what: Arc<str> = what.into();
        let size = footprint(claim, &what, &judgement);
        if size > self.budget {
            // Never remembered: the budget bounds what is held.
            return (what, judgement);
        }
        let mut held = self.lock();
        if held.seen.len() >= self.capacity || held.bytes + size > self.budget {
            held.seen.clear();
            held.bytes = 0;
        }
        let same = held.seen.entry(hash).or_default();
        if !same.iter().any(|(c, _, _)| exactly_equal(c, claim)) {
            same.push((claim.clone(), Arc::clone(&what), Arc::clone(&judgement)));
            held.bytes += size;
        }
        (what, judgement)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        // A thread that panicked while holding the lock left the map whole
        // (every change to it is one call that does not panic).
        let others = rayon::current_thread_index().and_then(|i| i.checked_sub(1));
        others
            .and_then(|i| self.others.get(i))
            .unwrap_or(&self.first)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// About how many bytes a remembered claim takes: its parts and the text
/// they hold (the allocator's own overhead aside).
fn footprint(claim: &Claim, what: &str, judgement: &Judgement) -> usize {
    use std::mem::size_of;
    let text = |v: &Value| match v {
        Value::Text(s) => s.len(),
        _ => 0,
    };
    let value = match &claim.assertion {
        Assertion::Holds { value: Some(v), .. } => text(v),
        _ => 0,
    };
    size_of::<(u64, Claim, Arc<str>, Arc<Judgement>)>()
        + size_of::<Judgement>()
        + claim.args.len() * size_of::<Option<Value>>()
        + claim.args.iter().flatten().map(text).sum::<usize>()
        + value
        + what.len()
        + judgement.message.len()
        + judgement.expected.as_ref().map_or(0, String::len)
        + judgement.rule.as_ref().map_or(0, String::len)
        + judgement
            .deciding
            .iter()
            .map(|d| size_of::<super::Decider>() + d.label.len())
            .sum::<usize>()
}

fn exact_hash(claim: &Claim) -> u64 {
    let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
    claim.relation.hash(&mut h);
    claim.args.len().hash(&mut h);
    for a in &claim.args {
        match a {
            None => 0u8.hash(&mut h),
            Some(v) => {
                1u8.hash(&mut h);
                hash_value(v, &mut h);
            }
        }
    }
    match &claim.assertion {
        Assertion::Holds { negated, value } => {
            0u8.hash(&mut h);
            negated.hash(&mut h);
            if let Some(v) = value {
                hash_value(v, &mut h);
            }
        }
        Assertion::Count(range) => {
            1u8.hash(&mut h);
            range.min.hash(&mut h);
            range.max.hash(&mut h);
        }
    }
    claim.date.hash(&mut h);
    claim.time.hash(&mut h);
    h.finish()
}

fn hash_value(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Entity(e) => (0u8, e).hash(h),
        Value::Integer(i) => (1u8, i).hash(h),
        Value::Date(d) => (2u8, d).hash(h),
        Value::Text(s) => (3u8, s).hash(h),
    }
}

fn exactly_equal(a: &Claim, b: &Claim) -> bool {
    let same_value = |x: &Value, y: &Value| match (x, y) {
        (Value::Entity(p), Value::Entity(q)) => p == q,
        (Value::Integer(p), Value::Integer(q)) => p == q,
        (Value::Date(p), Value::Date(q)) => p == q,
        (Value::Text(p), Value::Text(q)) => p == q,
        _ => false,
    };
    let same_option = |x: &Option<Value>, y: &Option<Value>| match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => same_value(x, y),
        _ => false,
    };
    a.relation == b.relation
        && a.date == b.date
        && a.time == b.time
        && a.args.len() == b.args.len()
        && a.args.iter().zip(&b.args).all(|(x, y)| same_option(x, y))
        && match (&a.assertion, &b.assertion) {
            (
                Assertion::Holds {
                    negated: n1,
                    value: v1,
                },
                Assertion::Holds {
                    negated: n2,
                    value: v2,
                },
            ) => n1 == n2 && same_option(v1, v2),
            (Assertion::Count(r1), Assertion::Count(r2)) => r1 == r2,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ruleset::RuleSet;

    /// The engine fixture's rules and its claims, resolved (those that resolve).
    fn fixture() -> (RuleSet, Vec<Claim>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load_files(&[&root.join("fixtures/rules/valid/engine.facts")]);
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        let json = std::fs::read_to_string(root.join("fixtures/claims/engine/engine.claims.json"))
            .expect("claims fixture");
        let file: crate::claims::ClaimsFile = serde_json::from_str(&json).expect("claims JSON");
        let date = jiff::civil::date(2024, 7, 3);
        let claims: Vec<Claim> = file
            .claims
            .iter()
            .filter_map(|r| crate::claims::resolve(&loaded.rules, r, date).ok())
            .collect();
        assert!(
            claims.len() > 15,
            "the fixture resolves to {} claims",
            claims.len()
        );
        (loaded.rules, claims)
    }

    fn direct(rules: &RuleSet, claim: &Claim) -> (Arc<str>, Arc<Judgement>) {
        let what = describe_claim(rules, claim);
        let judgement = judge_described(rules, claim, &what);
        (what.into(), Arc::new(judgement))
    }

    #[test]
    fn remembered_verdicts_are_the_verdicts() {
        let (rules, claims) = fixture();
        let memo = Memo::default();
        // Twice: judged the first time, remembered the second.
        for _ in 0..2 {
            for c in &claims {
                assert_eq!(memo.judge(&rules, c), direct(&rules, c), "{c:?}");
            }
        }
        // The same claims on other days, and flipped: other verdicts, not
        // the remembered ones.
        for c in &claims {
            let mut other = c.clone();
            other.date = jiff::civil::date(1999, 1, 1);
            assert_eq!(memo.judge(&rules, &other), direct(&rules, &other));
            if let Assertion::Holds { negated, .. } = &mut other.assertion {
                *negated = !*negated;
            }
            assert_eq!(memo.judge(&rules, &other), direct(&rules, &other));
        }
    }

    #[test]
    fn claims_that_share_a_hash_are_told_apart() {
        // Two different claims under one hash (a collision, made here by
        // hand): each gets its own verdict and description, whichever of
        // the bucket's places it is remembered in.
        let (rules, claims) = fixture();
        let (a, b) = claims
            .iter()
            .enumerate()
            .find_map(|(i, a)| {
                let b = claims[i + 1..]
                    .iter()
                    .find(|b| direct(&rules, a) != direct(&rules, b))?;
                Some((a, b))
            })
            .expect("two claims judged differently");
        let memo = Memo::default();
        let (b_what, b_judged) = direct(&rules, b);
        memo.lock().seen.entry(exact_hash(a)).or_default().push((
            b.clone(),
            Arc::clone(&b_what),
            b_judged,
        ));
        let first = memo.judge(&rules, a);
        assert_eq!(first, direct(&rules, a));
        assert!(!Arc::ptr_eq(&first.0, &b_what));
        assert_eq!(
            memo.lock().seen.get(&exact_hash(a)).map(|s| s.len()),
            Some(2)
        );
        // Remembered now, second in its bucket: the same shared description.
        let again = memo.judge(&rules, &a.clone());
        assert!(Arc::ptr_eq(&again.0, &first.0));
        assert_eq!(again, first);
    }

    /// Each thread of a pool remembers on its own: a claim judged again on
    /// the same thread gets the description it got there, never one
    /// another thread was handed; the verdicts are the verdicts on every
    /// thread; the bounds are shared out among the threads.
    #[test]
    fn each_thread_of_a_pool_remembers_on_its_own() {
        let (rules, claims) = fixture();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("a pool of threads");
        let memo = pool.install(Memo::default);
        assert_eq!(memo.others.len(), 2);
        assert_eq!(memo.capacity, CAPACITY / 3);
        assert_eq!(memo.budget, BUDGET / 3);
        // Twice on each thread: (first description, second description).
        let per_thread: Vec<Vec<(Arc<str>, Arc<str>)>> = pool.broadcast(|_| {
            claims
                .iter()
                .map(|c| {
                    let first = memo.judge(&rules, c);
                    let again = memo.judge(&rules, &c.clone());
                    assert_eq!(first, direct(&rules, c));
                    assert_eq!(again, first);
                    (first.0, again.0)
                })
                .collect()
        });
        assert_eq!(per_thread.len(), 3);
        for (t, mine) in per_thread.iter().enumerate() {
            for (i, (first, again)) in mine.iter().enumerate() {
                assert!(Arc::ptr_eq(first, again), "thread {t}, claim {i}");
                for other in per_thread.iter().skip(t + 1) {
                    assert!(!Arc::ptr_eq(first, &other[i].0), "thread {t}, claim {i}");
                }
            }
        }
        // A thread outside the pool uses the first thread's memory.
        let outside = memo.judge(&rules, &claims[0]).0;
        let first_thread =
            pool.broadcast(|ctx| (ctx.index() == 0).then(|| memo.judge(&rules, &claims[0]).0));
        let first_thread = first_thread
            .into_iter()
            .flatten()
            .next()
            .expect("thread 0 ran");
        assert!(Arc::ptr_eq(&outside, &first_thread));
    }

    #[test]
    fn one_description_is_shared_by_equal_claims_only() {
        // What the conflict index relies on: the same claim gets the same
        // shared description; another claim never gets it.
        let (rules, claims) = fixture();
        let memo = Memo::default();
        let first: Vec<Arc<str>> = claims.iter().map(|c| memo.judge(&rules, c).0).collect();
        for (i, c) in claims.iter().enumerate() {
            let again = memo.judge(&rules, &c.clone()).0;
            for (j, d) in first.iter().enumerate() {
                assert_eq!(
                    Arc::ptr_eq(&again, d),
                    exactly_equal(c, &claims[j]),
                    "claims {i} and {j}"
                );
            }
        }
    }

    #[test]
    fn text_is_told_apart_exactly() {
        let (rules, claims) = fixture();
        let title = claims
            .iter()
            .find(|c| {
                matches!(
                    &c.assertion,
                    Assertion::Holds {
                        value: Some(Value::Text(_)),
                        ..
                    }
                )
            })
            .expect("a claim of a text value")
            .clone();
        let memo = Memo::default();
        let mut seen = Vec::new();
        // Equal under `Value`'s loose equality, different as written.
        for text in ["Prime Minister", "prime  minister", "PRIME MINISTER"] {
            let mut c = title.clone();
            c.assertion = Assertion::Holds {
                negated: false,
                value: Some(Value::Text(text.into())),
            };
            let got = memo.judge(&rules, &c);
            assert_eq!(got, direct(&rules, &c));
            seen.push(got.0);
        }
        seen.dedup();
        assert_eq!(seen.len(), 3, "{seen:?}");
    }

    #[test]
    fn a_full_memory_starts_afresh_and_stays_right() {
        let (rules, claims) = fixture();
        let memo = Memo {
            capacity: 3,
            ..Memo::default()
        };
        for c in claims.iter().chain(&claims) {
            assert_eq!(memo.judge(&rules, c), direct(&rules, c));
            assert!(memo.lock().seen.len() <= 3);
        }
        // A claim larger than the whole budget is judged, not remembered.
        let tiny = Memo {
            budget: 1,
            ..Memo::default()
        };
        for c in &claims {
            assert_eq!(tiny.judge(&rules, c), direct(&rules, c));
            assert_eq!(tiny.lock().bytes, 0);
            assert!(tiny.lock().seen.is_empty());
        }
        // A budget of bytes bounds it too: room for about two claims.
        let two = claims
            .iter()
            .take(2)
            .map(|c| {
                let (what, j) = direct(&rules, c);
                footprint(c, &what, &j)
            })
            .max()
            .unwrap_or(0)
            * 2;
        let memo = Memo {
            budget: two,
            ..Memo::default()
        };
        for c in claims.iter().chain(&claims) {
            assert_eq!(memo.judge(&rules, c), direct(&rules, c));
            let held = memo.lock();
            assert!(held.bytes <= two, "{} > {two}", held.bytes);
        }
    }
}
