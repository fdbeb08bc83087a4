//! The engine: judge one claim against a [`RuleSet`] on one day.
//!
//! The world is open: a claim is contradicted only by a negated fact, a
//! single-valued attribute, a completeness statement, a count, a comparison,
//! an exclusion or an implication, or by a time-bounded statement that held
//! on another day (`stale`). Anything else the rules do not decide is
//! `unverifiable`. The engine formats no text for terminals: it returns
//! verdicts with reasons, messages and the spans of the statements that
//! decided them.

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::Severity;
use crate::lang::ast::{CmpOp, TimeMode};
use crate::lang::ruleset::*;
use crate::source::Span;

mod memo;
pub use memo::Memo;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Contradicted,
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// Why a verdict was reached. The code of a contradicted claim's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A fact states the claim (or, for a negated claim, its opposite).
    Fact,
    /// A negated fact states the opposite.
    NegatedFact,
    /// A single-valued attribute has another value.
    SingleValue,
    /// A completeness statement covers the claim and the list does not have it.
    IncompleteList,
    /// A count constraint or a complete list gives another number.
    Count,
    /// A comparison constraint rules the value out.
    Comparison,
    /// An exclusion constraint rules the claim out (or, negated, in).
    Exclusion,
    /// An implication decides the claim.
    Implication,
    /// True on other days than the one the article speaks of.
    Stale,
    /// A negated claim outside the days a bounded fact holds.
    Interval,
    /// No rule decides the claim.
    NoRule,
    UnknownRelation,
    UnknownEntity,
    InvalidClaim,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Fact => "fact",
            Reason::NegatedFact => "negated-fact",
            Reason::SingleValue => "single-value",
            Reason::IncompleteList => "incomplete-list",
            Reason::Count => "count",
            Reason::Comparison => "comparison",
            Reason::Exclusion => "exclusion",
            Reason::Implication => "implication",
            Reason::Stale => "stale",
            Reason::Interval => "interval",
            Reason::NoRule => "no-rule",
            Reason::UnknownRelation => "unknown-relation",
            Reason::UnknownEntity => "unknown-entity",
            Reason::InvalidClaim => "invalid-claim",
        }
    }

    pub const ALL: &'static [Reason] = &[
        Reason::Fact,
        Reason::NegatedFact,
        Reason::SingleValue,
        Reason::IncompleteList,
        Reason::Count,
        Reason::Comparison,
        Reason::Exclusion,
        Reason::Implication,
        Reason::Stale,
        Reason::Interval,
        Reason::NoRule,
        Reason::UnknownRelation,
        Reason::UnknownEntity,
        Reason::InvalidClaim,
    ];
}

/// A number as an article gives it: exact, or a range for hedged numbers
/// ("more than 40" is 41 and up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRange {
    pub min: i64,
    pub max: Option<i64>,
}

impl CountRange {
    pub fn exact(n: i64) -> Self {
        CountRange {
            min: n,
            max: Some(n),
        }
    }

    pub fn intersect(self, other: CountRange) -> CountRange {
        let max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, None) => a,
            (None, b) => b,
        };
        CountRange {
            min: self.min.max(other.min),
            max,
        }
    }

    pub fn is_empty(self) -> bool {
        self.max.is_some_and(|m| m < self.min)
    }

    fn contains_range(self, inner: CountRange) -> bool {
        self.min <= inner.min
            && match (self.max, inner.max) {
                (None, _) => true,
                (Some(a), Some(b)) => b <= a,
                (Some(_), None) => false,
            }
    }

    fn from_op(op: CmpOp, v: i64) -> CountRange {
        match op {
            CmpOp::Eq => CountRange::exact(v),
            CmpOp::Lt => CountRange {
                min: 0,
                max: Some(v - 1),
            },
            CmpOp::Le => CountRange {
                min: 0,
                max: Some(v),
            },
            CmpOp::Gt => CountRange {
                min: v + 1,
                max: None,
            },
            CmpOp::Ge => CountRange { min: v, max: None },
            // "not v" is no single range; it only rules out the exact claim v.
            CmpOp::Ne => CountRange { min: 0, max: None },
        }
    }
}

impl std::fmt::Display for CountRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max {
            Some(m) if m == self.min => write!(f, "{m}"),
            Some(m) if self.min <= 0 => write!(f, "at most {m}"),
            Some(m) => write!(f, "between {} and {m}", self.min),
            None => write!(f, "at least {}", self.min),
        }
    }
}

/// What a claim asserts.
#[derive(Debug, Clone, PartialEq)]
pub enum Assertion {
    /// `relation(args)` holds (or not), with the attribute value if any.
    Holds { negated: bool, value: Option<Value> },
    /// The number of facts matching `relation(args)` (with `_`) lies in a range.
    Count(CountRange),
}

/// A claim with every name resolved: what the engine judges.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub relation: RelationId,
    /// `None` is `_`, allowed only in counts.
    pub args: Vec<Option<Value>>,
    pub assertion: Assertion,
    /// The day the claim speaks of.
    pub date: Date,
    /// Which days the claim speaks of.
    pub time: TimeMode,
}

/// A statement in a rule file that took part in a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decider {
    pub span: Span,
    /// Most labels are fixed words ("stated here"): those are not copied.
    pub label: std::borrow::Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub reason: Reason,
    pub deciding: Vec<Decider>,
    /// Severity of the deciding rule (used when the verdict is contradicted).
    pub severity: Severity,
    /// One sentence on what was found.
    pub message: String,
    /// What the rules say is true instead, when the claim is contradicted.
    pub expected: Option<String>,
    /// The constraint that decided, by name.
    pub rule: Option<String>,
}

impl Judgement {
    fn new(verdict: Verdict, reason: Reason, message: String) -> Self {
        Judgement {
            verdict,
            reason,
            deciding: Vec::new(),
            severity: Severity::Error,
            message,
            expected: None,
            rule: None,
        }
    }

    fn decided_by(mut self, span: Span, label: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.deciding.push(Decider {
            span,
            label: label.into(),
        });
        self
    }

    fn expecting(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn unverifiable(reason: Reason, message: impl Into<String>) -> Self {
        Judgement::new(Verdict::Unverifiable, reason, message.into())
    }
}

/// The interval of the statement that decided a judgement, for `stale`.
struct Decided {
    judgement: Judgement,
    valid: Interval,
}

/// Judge a claim.
pub fn judge(rules: &RuleSet, claim: &Claim) -> Judgement {
    judge_described(rules, claim, &describe_claim(rules, claim))
}

/// Judge a claim whose [`describe_claim`] is `what` (computed once by a
/// caller that needs it too).
pub fn judge_described(rules: &RuleSet, claim: &Claim, what: &str) -> Judgement {
    match claim.time {
        TimeMode::Future => return judge_future(rules, claim, what),
        TimeMode::Ever => return judge_ever(rules, claim, what),
        TimeMode::At => {}
    }
    let now = judge_on(rules, claim, claim.date, what);
    if now.judgement.verdict == Verdict::Supported {
        return now.judgement;
    }
    // Held on another day? Then the claim is stale (or premature).
    let relations = relevant_relations(rules, claim);
    // The verdict can only change on the days in `days` (each bound and the
    // day after it), so it is constant from one of them to the next: the
    // run of supported days around the nearest one gives the interval in
    // which the claim held.
    let mut days = rules.boundary_days(&relations);
    days.push(claim.date);
    days.sort();
    days.dedup();
    let outcomes: Vec<Option<Decided>> = days
        .iter()
        .map(|&day| {
            if day == claim.date {
                return None;
            }
            let other = judge_on(rules, claim, day, what);
            (other.judgement.verdict == Verdict::Supported).then_some(other)
        })
        .collect();
    let nearest = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is_some())
        .min_by_key(|(i, _)| (days[*i] - claim.date).get_days().abs())
        .map(|(i, _)| i);
    let best = nearest.and_then(|k| {
        let mut first = k;
        while first > 0 && outcomes[first - 1].is_some() {
            first -= 1;
        }
        let mut last = k;
        while last + 1 < days.len() && outcomes[last + 1].is_some() {
            last += 1;
        }
        let from = (first > 0).then(|| days[first]);
        let until = days.get(last + 1).and_then(|d| d.yesterday().ok());
        let mut decided = outcomes.into_iter().nth(k).flatten()?;
        decided.valid = Interval { from, until };
        Some(((), decided))
    });
    let Some((_, then)) = best else {
        return now.judgement;
    };
    if now.judgement.verdict == Verdict::Unverifiable && now.judgement.reason != Reason::NoRule {
        return now.judgement;
    }
    let mut j = Judgement::new(
        Verdict::Contradicted,
        Reason::Stale,
        format!("{what} holds {}, but not on {}", then.valid, claim.date),
    );
    j.severity = if now.judgement.verdict == Verdict::Contradicted {
        now.judgement.severity
    } else {
        then.judgement.severity
    };
    j.rule = now.judgement.rule.clone().or(then.judgement.rule.clone());
    j.expected = now
        .judgement
        .expected
        .clone()
        .or_else(|| Some(format!("The rules say this holds {} only.", then.valid)));
    if now.judgement.verdict == Verdict::Contradicted {
        for d in &now.judgement.deciding {
            j.deciding.push(Decider {
                span: d.span,
                label: format!("on {}: {}", claim.date, d.label).into(),
            });
        }
    }
    for d in &then.judgement.deciding {
        if !j.deciding.iter().any(|k| k.span == d.span) {
            j.deciding.push(Decider {
                span: d.span,
                label: format!("true {} only", then.valid).into(),
            });
        }
    }
    j
}

/// The relations whose statements can change a claim's verdict.
fn relevant_relations(rules: &RuleSet, claim: &Claim) -> Vec<RelationId> {
    let mut relations = vec![claim.relation];
    for c in &rules.constraints {
        let rels = constraint_relations(&c.rule);
        if rels.contains(&claim.relation) {
            relations.extend(rels);
        }
    }
    relations.sort_unstable();
    relations.dedup();
    relations
}

/// A claim about the future ("Belarus will join the SCO") holds if it holds
/// on some day from its date on; it is contradicted if it is contradicted on
/// its date and on every later day on which anything changes.
fn judge_future(rules: &RuleSet, claim: &Claim, what: &str) -> Judgement {
    let mut days: Vec<Date> = rules
        .boundary_days(&relevant_relations(rules, claim))
        .into_iter()
        .filter(|d| *d > claim.date)
        .collect();
    days.insert(0, claim.date);
    let mut all_contradicted = true;
    let mut first: Option<Judgement> = None;
    for day in days {
        let j = judge_on(rules, claim, day, what).judgement;
        if j.verdict == Verdict::Supported {
            let mut j = j;
            if day != claim.date {
                j.message = format!("{} (from {day} on)", j.message);
            }
            return j;
        }
        all_contradicted &= j.verdict == Verdict::Contradicted;
        first.get_or_insert(j);
    }
    match first {
        Some(j) if all_contradicted => j,
        _ => Judgement::unverifiable(Reason::NoRule, "no rule decides this claim"),
    }
}

/// A claim about a time up to its date ("the late President Raisi") holds if
/// it holds on its date or on any earlier day on which anything changes;
/// otherwise it is judged on its date.
fn judge_ever(rules: &RuleSet, claim: &Claim, what: &str) -> Judgement {
    let now = judge_on(rules, claim, claim.date, what).judgement;
    if now.verdict == Verdict::Supported {
        return now;
    }
    for day in rules
        .boundary_days(&relevant_relations(rules, claim))
        .into_iter()
        .rev()
    {
        if day >= claim.date {
            continue;
        }
        let j = judge_on(rules, claim, day, what);
        if j.judgement.verdict == Verdict::Supported {
            let mut j = j.judgement;
            j.message = format!(
                "{} (on {day}; the article speaks of an earlier time)",
                j.message
            );
            return j;
        }
    }
    now
}

/// Whether two claims about the same relation and arguments cannot both be
/// true, whatever the rules say: a claim and its negation, two values of a
/// single-valued attribute, or two counts that cannot meet, on the same day.
/// `ever` claims (titles) count as speaking of their date: two titles given
/// to one person in one breath are meant to hold together.
pub fn incompatible(rules: &RuleSet, a: &Claim, b: &Claim) -> bool {
    if a.relation != b.relation
        || a.args != b.args
        || a.date != b.date
        || a.time != b.time
        || a.time == TimeMode::Future
    {
        return false;
    }
    match (&a.assertion, &b.assertion) {
        (
            Assertion::Holds {
                negated: na,
                value: va,
            },
            Assertion::Holds {
                negated: nb,
                value: vb,
            },
        ) => {
            if na != nb {
                return va == vb;
            }
            let single = rules.relations.get(a.relation).is_some_and(|r| r.single);
            !na && single && va.is_some() && vb.is_some() && va != vb
        }
        (Assertion::Count(x), Assertion::Count(y)) => x.intersect(*y).is_empty(),
        _ => false,
    }
}

/// A claim in rule-file notation: `member(SCO, Belarus)`, `count member(SCO, _) = 9`.
pub fn describe_claim(rules: &RuleSet, claim: &Claim) -> String {
    match &claim.assertion {
        Assertion::Holds { negated, value } => {
            let atom = rules.write_atom(claim.relation, &claim.args, value.as_ref());
            if *negated {
                format!("not {atom}")
            } else {
                atom
            }
        }
        Assertion::Count(range) => format!(
            "count {} = {range}",
            rules.write_atom(claim.relation, &claim.args, None)
        ),
    }
}

fn judge_on(rules: &RuleSet, claim: &Claim, date: Date, what: &str) -> Decided {
    match &claim.assertion {
        Assertion::Count(range) => judge_count(rules, claim, *range, date),
        Assertion::Holds { negated, value } => {
            let Some(args) = claim.args.iter().cloned().collect::<Option<Vec<Value>>>() else {
                return Decided {
                    judgement: Judgement::unverifiable(
                        Reason::InvalidClaim,
                        "`_` can only stand in a count",
                    ),
                    valid: Interval::ALWAYS,
                };
            };
            judge_holds(rules, claim, &args, *negated, value.as_ref(), date, what)
        }
    }
}

fn fill<K: AsRef<str>>(template: &str, pairs: &[(K, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{}}}", k.as_ref()), v);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn judge_holds(
    rules: &RuleSet,
    claim: &Claim,
    args: &[Value],
    negated: bool,
    value: Option<&Value>,
    date: Date,
    what: &str,
) -> Decided {
    let truth = rules.truth(claim.relation, args, value, date);
    let fact = |id: FactId| rules.facts.get(id);
    let placeholders = |expected: String| {
        vec![
            (
                "claimed",
                value.map_or_else(|| what.to_string(), |v| rules.show_value(v)),
            ),
            ("expected", expected),
            ("date", date.to_string()),
        ]
    };
    let from_fact = |mut j: Judgement, f: &Fact, expected: String| {
        j.severity = f.severity;
        if let Some(m) = &f.message {
            j.message = fill(m, &placeholders(expected));
        }
        Decided {
            judgement: j,
            valid: f.interval,
        }
    };
    // The claim is exactly what a fact states.
    let stated = |reason: Reason, id: FactId| match fact(id) {
        Some(f) => Decided {
            judgement: Judgement::new(
                Verdict::Supported,
                reason,
                // Every supported claim comes here: no formatting machinery.
                [what, " is stated by the rules"].concat(),
            )
            .decided_by(f.span, "stated here"),
            valid: f.interval,
        },
        None => unknown(),
    };
    match (truth, negated) {
        (Truth::True(id), false) => stated(Reason::Fact, id),
        (Truth::True(id), true) => {
            let Some(f) = fact(id) else { return unknown() };
            let stated = rules.write_fact(f);
            let j = Judgement::new(
                Verdict::Contradicted,
                Reason::Fact,
                format!("{what} is false: the rules state {stated}"),
            )
            .decided_by(f.span, "the rules state the opposite here")
            .expecting(if f.interval.is_bounded() {
                format!("The rules say: {stated} ({}).", f.interval)
            } else {
                format!("The rules say: {stated}.")
            });
            from_fact(j, f, stated)
        }
        (Truth::Negated(id), false) => {
            let Some(f) = fact(id) else { return unknown() };
            let stated = rules.write_fact(f);
            let j = Judgement::new(
                Verdict::Contradicted,
                Reason::NegatedFact,
                format!("{what} is false: the rules state {stated}"),
            )
            .decided_by(f.span, "the rules state the opposite here")
            .expecting(format!("The rules say: {stated}."));
            from_fact(j, f, stated)
        }
        (Truth::Negated(id), true) => stated(Reason::NegatedFact, id),
        (Truth::OtherValue(id), false) => {
            let Some(f) = fact(id) else { return unknown() };
            let expected = f
                .value
                .as_ref()
                .map_or_else(String::new, |v| rules.show_value(v));
            let rel = rules
                .relations
                .get(claim.relation)
                .map_or("?", |r| r.name.as_str());
            let subject = rules.write_atom(claim.relation, &claim.args, None);
            let j = Judgement::new(
                Verdict::Contradicted,
                Reason::SingleValue,
                format!(
                    "{subject} is {expected}, not {}",
                    value.map_or_else(String::new, |v| rules.show_value(v))
                ),
            )
            .decided_by(f.span, format!("`{rel}` has one value; this is it"))
            .expecting(format!("{subject} is {expected} on {date}."));
            from_fact(j, f, expected)
        }
        (Truth::OtherValue(id), true) => {
            let Some(f) = fact(id) else { return unknown() };
            let j = Judgement::new(
                Verdict::Supported,
                Reason::SingleValue,
                format!("{what} holds: the value is another"),
            )
            .decided_by(f.span, "the one value is given here");
            Decided {
                judgement: j,
                valid: f.interval,
            }
        }
        (Truth::NotListed(ci), neg) => {
            let Some(c) = rules.completes.get(ci) else {
                return unknown();
            };
            let listed: Vec<String> = rules
                .matching_facts(c.relation, &c.args, date)
                .into_iter()
                .filter_map(|i| rules.facts.get(i))
                .map(|f| {
                    f.args
                        .iter()
                        .zip(&c.args)
                        .filter(|(_, p)| p.is_none())
                        .map(|(a, _)| rules.show_value(a))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect();
            let pattern = rules.write_atom(c.relation, &c.args, None);
            const SHOWN: usize = 12;
            let list = match listed.len() {
                0 => "nothing".to_string(),
                n if n > SHOWN => format!("{} and {} more", listed[..SHOWN].join(", "), n - SHOWN),
                _ => listed.join(", "),
            };
            if neg {
                let j = Judgement::new(
                    Verdict::Supported,
                    Reason::IncompleteList,
                    format!("{what} holds: the complete list of {pattern} does not have it"),
                )
                .decided_by(c.span, "this list is complete");
                return Decided {
                    judgement: j,
                    valid: c.interval,
                };
            }
            let mut j = Judgement::new(
                Verdict::Contradicted,
                Reason::IncompleteList,
                format!("{what} is not in the complete list of {pattern} on {date}"),
            )
            .decided_by(c.span, "this list is complete")
            .expecting(format!("On {date} the rules list for {pattern}: {list}."));
            j.severity = c.severity;
            if let Some(m) = &c.message {
                j.message = fill(m, &placeholders(list));
            }
            Decided {
                judgement: j,
                valid: c.interval,
            }
        }
        (Truth::Unknown, neg) => {
            if let Some(d) = by_constraints(rules, claim, args, neg, value, date, what) {
                return d;
            }
            if neg {
                // A bounded positive fact outside its days: the negation holds.
                for (_, f) in rules.facts_about(claim.relation, args) {
                    let same_value = match (&f.value, value) {
                        (Some(a), Some(b)) => a == b,
                        (None, None) => true,
                        _ => false,
                    };
                    if !f.negated
                        && f.interval.is_bounded()
                        && same_value
                        && !f.interval.contains(date)
                    {
                        let j = Judgement::new(
                            Verdict::Supported,
                            Reason::Interval,
                            format!(
                                "{what} holds on {date}: the rules bound the opposite to {}",
                                f.interval
                            ),
                        )
                        .decided_by(f.span, format!("holds {} only", f.interval));
                        return Decided {
                            judgement: j,
                            valid: Interval::ALWAYS,
                        };
                    }
                }
            }
            unknown()
        }
    }
}

fn unknown() -> Decided {
    Decided {
        judgement: Judgement::unverifiable(Reason::NoRule, "no rule decides this claim"),
        valid: Interval::ALWAYS,
    }
}

/// `{X}`-style placeholders: each variable with the entity it stands for.
fn var_values(rules: &RuleSet, vars: &[Variable], binding: &Binding) -> Vec<(String, String)> {
    vars.iter()
        .zip(binding)
        .map(|(v, x)| {
            let shown = x.as_ref().map_or("?".into(), |x| rules.show_value(x));
            (v.name.clone(), shown)
        })
        .collect()
}

/// A literal with its variables replaced, in rule-file notation.
fn write_literal(rules: &RuleSet, lit: &Literal, binding: &Binding) -> Option<String> {
    let args: Vec<Option<Value>> = ground(&lit.atom, binding)?.into_iter().map(Some).collect();
    let atom = rules.write_atom(lit.atom.relation, &args, None);
    Some(if lit.negated {
        format!("not {atom}")
    } else {
        atom
    })
}

/// Comparison, exclusion and implication constraints.
#[allow(clippy::too_many_arguments)]
fn by_constraints(
    rules: &RuleSet,
    claim: &Claim,
    args: &[Value],
    negated: bool,
    value: Option<&Value>,
    date: Date,
    what: &str,
) -> Option<Decided> {
    for c in rules
        .constraints
        .iter()
        .filter(|c| c.interval.contains(date))
    {
        let placeholders = |expected: String, extra: Vec<(String, String)>| {
            let mut p: Vec<(String, String)> = vec![
                (
                    "claimed".into(),
                    value.map_or_else(|| what.to_string(), |v| rules.show_value(v)),
                ),
                ("expected".into(), expected),
                ("date".into(), date.to_string()),
                ("name".into(), c.name.clone()),
            ];
            p.extend(extra);
            p
        };
        let finish = |mut j: Judgement, expected: String, extra: Vec<(String, String)>| {
            j.severity = c.severity;
            j.rule = Some(c.name.clone());
            if let Some(m) = &c.message {
                if j.verdict == Verdict::Contradicted {
                    j.message = fill(m, &placeholders(expected, extra));
                }
            }
            Some(Decided {
                judgement: j,
                valid: c.interval,
            })
        };
        match &c.rule {
            ConstraintRule::Comparison {
                relation,
                args: cargs,
                op,
                value: bound,
            } => {
                if negated || *relation != claim.relation || cargs.as_slice() != args {
                    continue;
                }
                let Some(v) = value else { continue };
                let Some(ord) = v.compare(bound) else {
                    continue;
                };
                let holds = op.holds_ordering(ord);
                if !holds {
                    let expected = format!("{} {}", op.as_str(), rules.show_value(bound));
                    let j = Judgement::new(
                        Verdict::Contradicted,
                        Reason::Comparison,
                        format!(
                            "{what} breaks constraint `{}`: the value must be {expected}",
                            c.name
                        ),
                    )
                    .decided_by(c.span, format!("requires {expected}"))
                    .expecting(format!("The value must be {expected}."));
                    return finish(j, expected, Vec::new());
                }
            }
            ConstraintRule::Exclusion { vars, literals } => {
                for (i, lit) in literals.iter().enumerate() {
                    if lit.atom.relation != claim.relation {
                        continue;
                    }
                    let Some(binding) =
                        unify(rules, &lit.atom, args, vars, &vec![None; vars.len()])
                    else {
                        continue;
                    };
                    let rest = all_but(literals, i);
                    let mut found = Vec::new();
                    solve(rules, &rest, vars, binding, date, Vec::new(), &mut found);
                    let Some((b, evidence)) = found.into_iter().next() else {
                        continue;
                    };
                    let extra = var_values(rules, vars, &b);
                    let others: Vec<String> = rest
                        .iter()
                        .filter_map(|l| write_literal(rules, l, &b))
                        .collect();
                    let others = others.join(" and ");
                    if lit.negated == negated {
                        let mut j = Judgement::new(
                            Verdict::Contradicted,
                            Reason::Exclusion,
                            format!(
                                "{what} cannot hold together with {others} (constraint `{}`)",
                                c.name
                            ),
                        )
                        .decided_by(c.span, "excluded by this constraint")
                        .expecting(format!(
                            "The rules say {others} on {date}, which excludes {what}."
                        ));
                        for s in evidence {
                            j = j.decided_by(s, "this holds");
                        }
                        return finish(j, others, extra);
                    }
                    let mut j = Judgement::new(
                        Verdict::Supported,
                        Reason::Exclusion,
                        format!("{what} follows from constraint `{}`", c.name),
                    )
                    .decided_by(c.span, "follows from this constraint");
                    for s in evidence {
                        j = j.decided_by(s, "this holds");
                    }
                    return finish(j, others, extra);
                }
            }
            ConstraintRule::Implication {
                vars,
                premises,
                conclusion,
            } => {
                let empty = vec![None; vars.len()];
                // The claim is the conclusion, or its opposite.
                if conclusion.atom.relation == claim.relation {
                    if let Some(binding) = unify(rules, &conclusion.atom, args, vars, &empty) {
                        let lits: Vec<&Literal> = premises.iter().collect();
                        let mut found = Vec::new();
                        solve(rules, &lits, vars, binding, date, Vec::new(), &mut found);
                        if let Some((b, evidence)) = found.into_iter().next() {
                            let extra = var_values(rules, vars, &b);
                            let required = write_literal(rules, conclusion, &b).unwrap_or_default();
                            let verdict = if conclusion.negated == negated {
                                Verdict::Supported
                            } else {
                                Verdict::Contradicted
                            };
                            let mut j = Judgement::new(
                                verdict,
                                Reason::Implication,
                                match verdict {
                                    Verdict::Supported => {
                                        format!("{what} follows from constraint `{}`", c.name)
                                    }
                                    _ => format!("{what} is ruled out by constraint `{}`", c.name),
                                },
                            )
                            .decided_by(c.span, "by this constraint");
                            for s in evidence {
                                j = j.decided_by(s, "the condition holds");
                            }
                            if verdict == Verdict::Contradicted {
                                j = j.expecting(format!(
                                    "By constraint `{}` the opposite holds on {date}.",
                                    c.name
                                ));
                            }
                            return finish(j, required, extra);
                        }
                    }
                }
                // The claim is a premise, and the conclusion is known false.
                for (i, p) in premises.iter().enumerate() {
                    if p.atom.relation != claim.relation || p.negated != negated {
                        continue;
                    }
                    let Some(binding) = unify(rules, &p.atom, args, vars, &empty) else {
                        continue;
                    };
                    let rest = all_but(premises, i);
                    let mut found = Vec::new();
                    solve(rules, &rest, vars, binding, date, Vec::new(), &mut found);
                    for (b, evidence) in found {
                        let extra = var_values(rules, vars, &b);
                        let required = write_literal(rules, conclusion, &b).unwrap_or_default();
                        let Some(cargs) = ground(&conclusion.atom, &b) else {
                            continue;
                        };
                        let t = rules.truth(conclusion.atom.relation, &cargs, None, date);
                        let broken = if conclusion.negated {
                            t.is_true()
                        } else {
                            t.is_false()
                        };
                        if broken {
                            let mut j = Judgement::new(
                                Verdict::Contradicted,
                                Reason::Implication,
                                format!("{what} would break constraint `{}`", c.name),
                            )
                            .decided_by(c.span, "by this constraint")
                            .decided_by(truth_span(rules, t), "the conclusion is false here")
                            .expecting(format!(
                                "By constraint `{}` this cannot hold on {date}.",
                                c.name
                            ));
                            for s in evidence {
                                j = j.decided_by(s, "the condition holds");
                            }
                            return finish(j, required, extra);
                        }
                    }
                }
            }
            ConstraintRule::Count { .. } => {}
        }
    }
    None
}

fn count_words(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "exactly",
        CmpOp::Ne => "not",
        CmpOp::Lt => "fewer than",
        CmpOp::Le => "at most",
        CmpOp::Gt => "more than",
        CmpOp::Ge => "at least",
    }
}

fn judge_count(rules: &RuleSet, claim: &Claim, claimed: CountRange, date: Date) -> Decided {
    let pattern = rules.write_atom(claim.relation, &claim.args, None);
    // Written once: most counts use it twice.
    let day = date.to_string();
    let listed = rules
        .matching_facts(claim.relation, &claim.args, date)
        .len() as i64;
    let mut known = CountRange {
        min: listed,
        max: None,
    };
    let mut deciders = Vec::new();
    let mut valid = Interval::ALWAYS;
    let mut severity = Severity::Error;
    let mut template: Option<String> = None;
    let mut rule = None;
    if let Some(ci) = rules.complete_for(claim.relation, &claim.args, date) {
        if let Some(c) = rules.completes.get(ci) {
            known = CountRange::exact(listed);
            deciders.push(Decider {
                span: c.span,
                label: format!("this complete list has {listed} on {day}").into(),
            });
            valid = c.interval;
            severity = c.severity;
            template = c.message.clone();
        }
    }
    let mut excluded_exact = None;
    for c in rules
        .count_constraints_of(claim.relation)
        .filter(|c| c.interval.contains(date))
    {
        let ConstraintRule::Count {
            relation,
            args,
            op,
            value,
        } = &c.rule
        else {
            continue;
        };
        if *relation != claim.relation || *args != claim.args {
            continue;
        }
        if *op == CmpOp::Ne {
            excluded_exact = Some((*value, c));
            continue;
        }
        known = known.intersect(CountRange::from_op(*op, *value));
        // The constraint is what people wrote about this count: it decides.
        deciders.insert(
            0,
            Decider {
                span: c.span,
                label: format!("the count is {} {value}", count_words(*op)).into(),
            },
        );
        valid = c.interval;
        severity = c.severity;
        template = c.message.clone().or(template);
        rule = Some(c.name.clone());
    }
    if known.is_empty() {
        // The rule files disagree with themselves; `validate` reports that.
        return unknown();
    }
    let disjoint = match (claimed.max, known.max) {
        (Some(cm), _) if cm < known.min => true,
        (_, Some(km)) if km < claimed.min => true,
        _ => false,
    };
    if disjoint || excluded_exact.is_some_and(|(v, _)| claimed == CountRange::exact(v)) {
        if deciders.is_empty() {
            // Only the listed facts speak: name them.
            if let Some(f) = rules
                .matching_facts(claim.relation, &claim.args, date)
                .last()
                .and_then(|&i| rules.facts.get(i))
            {
                deciders.push(Decider {
                    span: f.span,
                    label: format!("one of {listed} facts listed for {date}").into(),
                });
            }
        }
        if let Some((v, c)) = excluded_exact.filter(|_| !disjoint) {
            deciders.insert(
                0,
                Decider {
                    span: c.span,
                    label: format!("the count is not {v}").into(),
                },
            );
            rule = Some(c.name.clone());
            severity = c.severity;
            template = c.message.clone();
        }
        let mut j = Judgement::new(
            Verdict::Contradicted,
            Reason::Count,
            format!("the number of {pattern} on {date} is {known}, not {claimed}"),
        )
        .expecting(format!(
            "The rules say the number of {pattern} on {date} is {known}."
        ));
        if let Some(t) = &template {
            j.message = fill(
                t,
                &[
                    ("claimed", claimed.to_string()),
                    ("expected", known.to_string()),
                    ("date", date.to_string()),
                    ("name", rule.clone().unwrap_or_default()),
                ],
            );
        }
        j.severity = severity;
        j.rule = rule;
        j.deciding = deciders;
        return Decided {
            judgement: j,
            valid,
        };
    }
    if claimed.contains_range(known) && !deciders.is_empty() {
        let mut j = Judgement::new(
            Verdict::Supported,
            Reason::Count,
            format!("the number of {pattern} on {day} is {known}"),
        );
        j.severity = severity;
        j.rule = rule;
        j.deciding = deciders;
        return Decided {
            judgement: j,
            valid,
        };
    }
    unknown()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_ranges_display_as_words() {
        assert_eq!(CountRange::exact(9).to_string(), "9");
        assert_eq!(CountRange { min: 41, max: None }.to_string(), "at least 41");
        assert_eq!(
            CountRange {
                min: 0,
                max: Some(3)
            }
            .to_string(),
            "at most 3"
        );
        assert_eq!(
            CountRange {
                min: 2,
                max: Some(3)
            }
            .to_string(),
            "between 2 and 3"
        );
    }

    #[test]
    fn ranges_intersect_and_contain() {
        let nine = CountRange::exact(9);
        let at_least = CountRange { min: 5, max: None };
        assert!(at_least.contains_range(nine));
        assert!(!nine.contains_range(at_least));
        assert!(nine.intersect(CountRange::exact(10)).is_empty());
    }
}
