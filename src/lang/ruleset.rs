//! The resolved rule set: every name looked up, every fact typed, indexes
//! built. This is what the engine judges claims against.

use foldhash::HashMap;
use std::cmp::Ordering;
use std::fmt;

use jiff::civil::Date;

use super::ast::{CmpOp, Expectation};
use crate::diagnostic::Severity;
use crate::source::{SourceMap, Span};

pub type KindId = usize;
pub type EntityId = usize;
pub type RelationId = usize;
pub type FactId = usize;

#[derive(Debug, Clone)]
pub struct KindDef {
    pub name: String,
    /// `None` for the built-in kinds.
    pub span: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: KindId,
    /// The canonical name.
    pub name: String,
    pub aliases: Vec<String>,
    pub adjectives: Vec<String>,
    pub source: Option<String>,
    /// The whole declaration.
    pub span: Span,
    /// The id in the declaration.
    pub id_span: Span,
}

/// The type of an argument or of an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// An entity of this kind.
    Entity(KindId),
    /// An entity of any kind (`entity`).
    AnyEntity,
    Integer,
    Year,
    Date,
    Text,
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub name: String,
    pub params: Vec<ValueType>,
    /// The value type, for attributes; `None` for relations.
    pub value: Option<ValueType>,
    /// Single-valued attribute: one value at a time.
    pub single: bool,
    pub span: Span,
}

/// A value in a fact, a claim or a constraint.
#[derive(Debug, Clone)]
pub enum Value {
    Entity(EntityId),
    Integer(i64),
    Date(Date),
    Text(String),
}

/// Text is compared ignoring case and runs of white space: "prime  minister"
/// and "Prime Minister" are the same title.
fn normalize_text(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `normalize_text(a) == normalize_text(b)`, without building either: word
/// by word, ASCII words compared ignoring case, others lowercased as
/// `str::to_lowercase` does (which treats a final sigma apart).
fn same_text(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(v), Some(w)) => {
                let same = if v.is_ascii() && w.is_ascii() {
                    v.eq_ignore_ascii_case(w)
                } else {
                    v.to_lowercase() == w.to_lowercase()
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Entity(a), Value::Entity(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => same_text(a, b),
            _ => false,
        }
    }
}

impl Value {
    /// Order of two values of the same numeric or date type.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// An inclusive span of days; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Interval {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Interval {
    pub const ALWAYS: Interval = Interval {
        from: None,
        until: None,
    };

    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }

    pub fn is_bounded(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    /// The first day both intervals share, if any (or `None` if unbounded).
    pub fn first_shared_day(&self, other: &Interval) -> Option<Date> {
        match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (None, None) => f.write_str("at all times"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (Some(a), Some(b)) => write!(f, "from {a} until {b}"),
        }
    }
}

/// A ground fact, positive or negated.
#[derive(Debug, Clone)]
pub struct Fact {
    pub relation: RelationId,
    pub args: Vec<Value>,
    /// The attribute value, for attributes.
    pub value: Option<Value>,
    pub negated: bool,
    pub interval: Interval,
    pub source: Option<String>,
    pub severity: Severity,
    pub message: Option<String>,
    pub span: Span,
}

/// `complete member(SCO, _)`: the listed facts matching this pattern are all
/// there are. `None` is the wildcard.
#[derive(Debug, Clone)]
pub struct Completeness {
    pub relation: RelationId,
    pub args: Vec<Option<Value>>,
    pub interval: Interval,
    pub source: Option<String>,
    pub severity: Severity,
    pub message: Option<String>,
    pub span: Span,
}

impl Completeness {
    pub fn covers(&self, relation: RelationId, args: &[Value]) -> bool {
        self.relation == relation && pattern_matches(&self.args, args)
    }
}

/// Whether ground `args` match a pattern with wildcards.
pub fn pattern_matches(pattern: &[Option<Value>], args: &[Value]) -> bool {
    pattern.len() == args.len()
        && pattern
            .iter()
            .zip(args)
            .all(|(p, a)| p.as_ref().is_none_or(|p| p == a))
}

/// A term inside a constraint: a constant or a variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Const(Value),
    Var(usize),
}

#[derive(Debug, Clone)]
pub struct Atom {
    pub relation: RelationId,
    pub args: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Literal {
    pub negated: bool,
    pub atom: Atom,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    /// `None`: any entity.
    pub kind: Option<KindId>,
}

#[derive(Debug, Clone)]
pub enum ConstraintRule {
    /// The number of facts matching `relation(args)` compares with `value`.
    Count {
        relation: RelationId,
        args: Vec<Option<Value>>,
        op: CmpOp,
        value: i64,
    },
    /// The single value of an attribute compares with a constant.
    Comparison {
        relation: RelationId,
        args: Vec<Value>,
        op: CmpOp,
        value: Value,
    },
    /// No binding of the variables makes every literal true at once.
    Exclusion {
        vars: Vec<Variable>,
        literals: Vec<Literal>,
    },
    /// For every binding: if all premises hold, the conclusion holds.
    Implication {
        vars: Vec<Variable>,
        premises: Vec<Literal>,
        conclusion: Literal,
    },
}

#[derive(Debug, Clone)]
pub struct Constraint {
    pub name: String,
    pub rule: ConstraintRule,
    pub interval: Interval,
    pub severity: Severity,
    pub message: Option<String>,
    pub source: Option<String>,
    pub span: Span,
}

/// An example sentence with the verdict it must get, kept for `factlint test`.
#[derive(Debug, Clone)]
pub struct RuleExample {
    pub sentence: String,
    pub on: Option<Date>,
    pub expect: Expectation,
    pub span: Span,
    /// The statement the example is attached to.
    pub owner: Span,
}

/// Everything the rule files say, resolved and indexed.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub sources: SourceMap,
    pub kinds: Vec<KindDef>,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub facts: Vec<Fact>,
    pub completes: Vec<Completeness>,
    pub constraints: Vec<Constraint>,
    pub examples: Vec<RuleExample>,
    pub patterns: Vec<Pattern>,
    pub references: Vec<Reference>,
    pub(crate) kind_index: HashMap<String, KindId>,
    pub(crate) entity_index: HashMap<String, EntityId>,
    pub(crate) name_index: HashMap<String, EntityId>,
    /// The names of `name_index` in lowercase, each with its entity (none
    /// when names of several entities are alike in lowercase), made on the
    /// first look-up that needs it, with the number of names it was made of.
    pub(crate) lowercase_names: std::sync::OnceLock<(usize, HashMap<String, Option<EntityId>>)>,
    /// What a claim's unknown entity name is told it may mean.
    pub(crate) entity_suggestions: super::SharedSuggester,
    pub(crate) relation_index: HashMap<String, RelationId>,
    pub(crate) facts_by_relation: Vec<Vec<FactId>>,
    /// Facts by a hash of their relation and arguments, and by a hash of
    /// their relation and first argument: judging a claim looks at the few
    /// facts about its arguments, not at every fact of its relation, so its
    /// cost does not grow with the number of entities. Buckets keep the
    /// facts' order; a hash collision only adds candidates, which are
    /// compared in full.
    pub(crate) facts_by_args: HashMap<u64, Vec<FactId>>,
    pub(crate) facts_by_first: HashMap<u64, Vec<FactId>>,
    /// Per relation, the days on which what is known about it may change.
    pub(crate) boundaries_by_relation: Vec<Vec<Date>>,
    /// Per relation, its completeness statements and its count
    /// constraints, by number, in order: judging a claim looks only at
    /// those of its relation.
    pub(crate) completes_by_relation: Vec<Vec<usize>>,
    pub(crate) count_constraints_by_relation: Vec<Vec<usize>>,
}

/// A hash of `relation(args)` consistent with `Value`'s equality (text is
/// hashed in the form it is compared in). Deterministic: no random keys.
fn args_hash(relation: RelationId, args: &[Value]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
    relation.hash(&mut h);
    args.len().hash(&mut h);
    for a in args {
        match a {
            Value::Entity(e) => (0u8, *e).hash(&mut h),
            Value::Integer(i) => (1u8, *i).hash(&mut h),
            Value::Date(d) => (2u8, *d).hash(&mut h),
            Value::Text(t) => (3u8, normalize_text(t)).hash(&mut h),
        }
    }
    h.finish()
}

impl RuleSet {
    pub fn kind(&self, name: &str) -> Option<KindId> {
        self.kind_index.get(name).copied()
    }

    pub fn relation(&self, name: &str) -> Option<RelationId> {
        self.relation_index.get(name).copied()
    }

    /// An entity by its id, then by any of its names, then by any name
    /// ignoring case.
    pub fn lookup_entity(&self, name: &str) -> Option<EntityId> {
        if let Some(&id) = self.entity_index.get(name) {
            return Some(id);
        }
        if let Some(&id) = self.name_index.get(name) {
            return Some(id);
        }
        let lower = name.to_lowercase();
        let (names, index) = self.lowercase_names.get_or_init(|| {
            let mut index: HashMap<String, Option<EntityId>> = HashMap::default();
            for (n, &id) in &self.name_index {
                index
                    .entry(n.to_lowercase())
                    .and_modify(|found| {
                        if *found != Some(id) {
                            *found = None;
                        }
                    })
                    .or_insert(Some(id));
            }
            (self.name_index.len(), index)
        });
        if *names == self.name_index.len() {
            // An ambiguous case-insensitive match resolves to nothing.
            return index.get(&lower).copied().flatten();
        }
        // (Names added since the index was made: looked through one by one.)
        let mut found = self
            .name_index
            .iter()
            .filter(|(n, _)| n.to_lowercase() == lower)
            .map(|(_, &id)| id);
        let first = found.next()?;
        found.all(|id| id == first).then_some(first)
    }

    /// The id, name or alias of an entity that `name`, which names none,
    /// may have meant ([`super::did_you_mean`] over [`RuleSet::entity_names`]).
    pub fn suggest_entity(&self, name: &str) -> Option<String> {
        self.entity_suggestions
            .suggest(name, || super::Suggester::new(self.entity_names()))
    }

    /// Every name an entity can be referred to by: ids, names, aliases.
    pub fn entity_names(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().flat_map(|e| {
            std::iter::once(e.id.as_str())
                .chain(std::iter::once(e.name.as_str()))
                .chain(e.aliases.iter().map(String::as_str))
        })
    }

    pub fn facts_of(&self, relation: RelationId) -> impl Iterator<Item = &Fact> {
        self.facts_by_relation
            .get(relation)
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.facts.get(i))
    }

    pub fn kind_name(&self, kind: KindId) -> &str {
        self.kinds.get(kind).map_or("?", |k| k.name.as_str())
    }

    pub fn type_name(&self, t: ValueType) -> String {
        match t {
            ValueType::Entity(k) => self.kind_name(k).to_string(),
            ValueType::AnyEntity => "entity".into(),
            ValueType::Integer => "integer".into(),
            ValueType::Year => "year".into(),
            ValueType::Date => "date".into(),
            ValueType::Text => "text".into(),
        }
    }

    /// A value as people read it: entities by canonical name, text quoted.
    pub fn show_value(&self, v: &Value) -> String {
        match v {
            Value::Entity(e) => self.entities.get(*e).map_or("?".into(), |e| e.name.clone()),
            Value::Integer(i) => i.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Text(t) => format!("\"{t}\""),
        }
    }

    /// A value as written in a rule file: entities by id.
    pub fn write_value(&self, v: &Value) -> String {
        match v {
            Value::Entity(e) => self.entities.get(*e).map_or("?".into(), |e| e.id.clone()),
            other => self.show_value(other),
        }
    }

    /// Arguments as written in a rule file (entities by id, `_` for a
    /// wildcard), separated by `sep`, appended to `out`.
    pub fn write_args(&self, out: &mut String, args: &[Option<Value>], sep: &str) {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            match a {
                Some(Value::Entity(e)) => {
                    out.push_str(self.entities.get(*e).map_or("?", |e| e.id.as_str()))
                }
                Some(v) => out.push_str(&self.show_value(v)),
                None => out.push('_'),
            }
        }
    }

    /// `member(SCO, China)`, `title(Modi) = "Prime Minister"`, `member(SCO, _)`.
    pub fn write_atom(
        &self,
        relation: RelationId,
        args: &[Option<Value>],
        value: Option<&Value>,
    ) -> String {
        let name = self
            .relations
            .get(relation)
            .map_or("?", |r| r.name.as_str());
        // Written into one string: this runs for every claim judged.
        let mut out = String::with_capacity(name.len() + 8 * args.len() + 2);
        out.push_str(name);
        out.push('(');
        self.write_args(&mut out, args, ", ");
        out.push(')');
        if let Some(v) = value {
            out.push_str(" = ");
            out.push_str(&self.write_value(v));
        }
        out
    }

    pub fn write_fact(&self, f: &Fact) -> String {
        let args: Vec<Option<Value>> = f.args.iter().cloned().map(Some).collect();
        let atom = self.write_atom(f.relation, &args, f.value.as_ref());
        if f.negated {
            format!("not {atom}")
        } else {
            atom
        }
    }
}

/// What the rule set says of one ground statement on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// A positive fact states it.
    True(FactId),
    /// A negated fact states the opposite.
    Negated(FactId),
    /// A single-valued attribute has this other value.
    OtherValue(FactId),
    /// A completeness statement covers it and no fact lists it.
    NotListed(usize),
    Unknown,
}

impl Truth {
    pub fn is_true(self) -> bool {
        matches!(self, Truth::True(_))
    }

    pub fn is_false(self) -> bool {
        matches!(
            self,
            Truth::Negated(_) | Truth::OtherValue(_) | Truth::NotListed(_)
        )
    }
}

impl RuleSet {
    /// Whether `relation(args)` (with `value`, for attributes) holds on `date`.
    pub fn truth(
        &self,
        relation: RelationId,
        args: &[Value],
        value: Option<&Value>,
        date: Date,
    ) -> Truth {
        let mut negated = None;
        let mut other = None;
        for (id, f) in self.facts_about(relation, args) {
            if !f.interval.contains(date) {
                continue;
            }
            let same_value = match (&f.value, value) {
                (Some(a), Some(b)) => a == b,
                (None, None) => true,
                _ => false,
            };
            if same_value {
                if f.negated {
                    negated.get_or_insert(id);
                } else {
                    return Truth::True(id);
                }
            } else if !f.negated && self.relations.get(relation).is_some_and(|r| r.single) {
                other.get_or_insert(id);
            }
        }
        if let Some(id) = negated {
            return Truth::Negated(id);
        }
        if let Some(id) = other {
            return Truth::OtherValue(id);
        }
        for i in self.completes_of(relation) {
            if let Some(c) = self.completes.get(i) {
                if c.interval.contains(date) && c.covers(relation, args) {
                    return Truth::NotListed(i);
                }
            }
        }
        Truth::Unknown
    }

    pub fn indexed_facts_of(&self, relation: RelationId) -> impl Iterator<Item = (FactId, &Fact)> {
        self.facts_by_relation
            .get(relation)
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.facts.get(i).map(|f| (i, f)))
    }

    /// The numbers of the completeness statements about `relation`, in order.
    fn completes_of(&self, relation: RelationId) -> impl Iterator<Item = usize> + '_ {
        self.completes_by_relation
            .get(relation)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The count constraints about `relation`, in order.
    pub fn count_constraints_of(&self, relation: RelationId) -> impl Iterator<Item = &Constraint> {
        self.count_constraints_by_relation
            .get(relation)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.constraints.get(i))
    }

    /// Build the indexes of facts by arguments, and of completeness
    /// statements and count constraints by relation; called once all
    /// rules are in.
    pub(crate) fn index_facts(&mut self) {
        self.boundaries_by_relation = (0..self.relations.len())
            .map(|r| self.relation_boundaries(r))
            .collect();
        self.completes_by_relation = vec![Vec::new(); self.relations.len()];
        for (i, c) in self.completes.iter().enumerate() {
            if let Some(list) = self.completes_by_relation.get_mut(c.relation) {
                list.push(i);
            }
        }
        self.count_constraints_by_relation = vec![Vec::new(); self.relations.len()];
        for (i, c) in self.constraints.iter().enumerate() {
            if let ConstraintRule::Count { relation, .. } = &c.rule {
                if let Some(list) = self.count_constraints_by_relation.get_mut(*relation) {
                    list.push(i);
                }
            }
        }
        self.facts_by_args.clear();
        self.facts_by_first.clear();
        for (id, f) in self.facts.iter().enumerate() {
            self.facts_by_args
                .entry(args_hash(f.relation, &f.args))
                .or_default()
                .push(id);
            self.facts_by_first
                .entry(args_hash(f.relation, f.args.get(..1).unwrap_or(&[])))
                .or_default()
                .push(id);
        }
    }

    /// The facts of `relation` whose arguments are `args`, in order.
    pub fn facts_about<'a>(
        &'a self,
        relation: RelationId,
        args: &'a [Value],
    ) -> impl Iterator<Item = (FactId, &'a Fact)> + 'a {
        self.facts_by_args
            .get(&args_hash(relation, args))
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.facts.get(i).map(|f| (i, f)))
            .filter(move |(_, f)| f.relation == relation && f.args == args)
    }

    /// The facts of `relation` that a pattern can match, in order: those
    /// with its first argument when it gives one, else all.
    fn candidates<'a>(
        &'a self,
        relation: RelationId,
        pattern: &[Option<Value>],
    ) -> Box<dyn Iterator<Item = (FactId, &'a Fact)> + 'a> {
        match pattern.first() {
            Some(Some(first)) => Box::new(
                self.facts_by_first
                    .get(&args_hash(relation, std::slice::from_ref(first)))
                    .into_iter()
                    .flatten()
                    .filter_map(move |&i| self.facts.get(i).map(|f| (i, f)))
                    .filter(move |(_, f)| f.relation == relation),
            ),
            _ => Box::new(self.indexed_facts_of(relation)),
        }
    }

    /// Positive facts matching a pattern on a day.
    pub fn matching_facts(
        &self,
        relation: RelationId,
        pattern: &[Option<Value>],
        date: Date,
    ) -> Vec<FactId> {
        self.candidates(relation, pattern)
            .filter(|(_, f)| {
                !f.negated && f.interval.contains(date) && pattern_matches(pattern, &f.args)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// A completeness statement valid on `date` that covers every fact the
    /// pattern can match.
    pub fn complete_for(
        &self,
        relation: RelationId,
        pattern: &[Option<Value>],
        date: Date,
    ) -> Option<usize> {
        self.completes_of(relation).find(|&i| {
            let Some(c) = self.completes.get(i) else {
                return false;
            };
            c.relation == relation
                && c.interval.contains(date)
                && c.args.len() == pattern.len()
                && c.args.iter().zip(pattern).all(|(c, p)| match (c, p) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a == b,
                    (Some(_), None) => false,
                })
        })
    }

    /// Every day on which what is known about `relations` may change, plus the
    /// days either side, sorted; one arbitrary day when nothing is bounded.
    pub fn boundary_days(&self, relations: &[RelationId]) -> Vec<Date> {
        let mut days = Vec::new();
        for &r in relations {
            match self.boundaries_by_relation.get(r) {
                Some(b) => days.extend_from_slice(b),
                None => days.extend(self.relation_boundaries(r)),
            }
        }
        if days.is_empty() {
            days.push(jiff::civil::date(2000, 1, 1));
        }
        days.sort();
        days.dedup();
        days
    }

    /// The days on which what is known about one relation may change, and
    /// the days either side, sorted.
    fn relation_boundaries(&self, r: RelationId) -> Vec<Date> {
        let mut days = Vec::new();
        let mut push = |i: &Interval| {
            for d in [i.from, i.until].into_iter().flatten() {
                days.push(d);
                if let Ok(p) = d.yesterday() {
                    days.push(p);
                }
                if let Ok(n) = d.tomorrow() {
                    days.push(n);
                }
            }
        };
        for f in self.facts_of(r) {
            push(&f.interval);
        }
        for c in self.completes.iter().filter(|c| c.relation == r) {
            push(&c.interval);
        }
        for c in &self.constraints {
            if constraint_relations(&c.rule).contains(&r) {
                push(&c.interval);
            }
        }
        days.sort();
        days.dedup();
        days
    }
}

/// The relations a constraint speaks of.
pub fn constraint_relations(rule: &ConstraintRule) -> Vec<RelationId> {
    match rule {
        ConstraintRule::Count { relation, .. } | ConstraintRule::Comparison { relation, .. } => {
            vec![*relation]
        }
        ConstraintRule::Exclusion { literals, .. } => {
            literals.iter().map(|l| l.atom.relation).collect()
        }
        ConstraintRule::Implication {
            premises,
            conclusion,
            ..
        } => premises
            .iter()
            .chain(std::iter::once(conclusion))
            .map(|l| l.atom.relation)
            .collect(),
    }
}

/// Variable bindings while matching constraint literals.
pub type Binding = Vec<Option<Value>>;

/// Bind `atom`'s variables so that it equals `args`, extending `binding`;
/// `None` if a constant or an earlier binding disagrees, or a variable's kind
/// does not fit.
pub fn unify(
    rules: &RuleSet,
    atom: &Atom,
    args: &[Value],
    vars: &[Variable],
    binding: &Binding,
) -> Option<Binding> {
    if atom.args.len() != args.len() {
        return None;
    }
    let mut b = binding.clone();
    for (t, a) in atom.args.iter().zip(args) {
        match t {
            Term::Const(c) => {
                if c != a {
                    return None;
                }
            }
            Term::Var(i) => {
                let slot = b.get_mut(*i)?;
                match slot {
                    Some(v) if v != a => return None,
                    Some(_) => {}
                    None => {
                        if let (Some(kind), Value::Entity(e)) =
                            (vars.get(*i).and_then(|v| v.kind), a)
                        {
                            if rules.entities.get(*e).map(|e| e.kind) != Some(kind) {
                                return None;
                            }
                        }
                        *slot = Some(a.clone());
                    }
                }
            }
        }
    }
    Some(b)
}

/// Every literal but the `i`th.
pub fn all_but(literals: &[Literal], i: usize) -> Vec<&Literal> {
    literals
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, l)| l)
        .collect()
}

/// The ground arguments of an atom under a binding, if every variable is bound.
pub fn ground(atom: &Atom, binding: &Binding) -> Option<Vec<Value>> {
    atom.args
        .iter()
        .map(|t| match t {
            Term::Const(c) => Some(c.clone()),
            Term::Var(i) => binding.get(*i).cloned().flatten(),
        })
        .collect()
}

/// Every binding under which all `literals` are known to hold on `date`,
/// starting from `binding`. Positive literals are matched against facts;
/// negated ones must be known false once their variables are bound.
/// Each result carries the facts or statements that made it hold.
pub fn solve(
    rules: &RuleSet,
    literals: &[&Literal],
    vars: &[Variable],
    binding: Binding,
    date: Date,
    evidence: Vec<Span>,
    out: &mut Vec<(Binding, Vec<Span>)>,
) {
    const MAX_SOLUTIONS: usize = 64;
    if out.len() >= MAX_SOLUTIONS {
        return;
    }
    // Prefer a literal whose variables are all bound, then a positive one.
    let pick = literals
        .iter()
        .position(|l| ground(&l.atom, &binding).is_some())
        .or_else(|| literals.iter().position(|l| !l.negated));
    let Some(i) = pick else {
        if literals.is_empty() {
            out.push((binding, evidence));
        }
        return;
    };
    let lit = literals[i];
    let rest: Vec<&Literal> = literals
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, l)| *l)
        .collect();
    if let Some(args) = ground(&lit.atom, &binding) {
        let t = rules.truth(lit.atom.relation, &args, None, date);
        let holds = if lit.negated {
            t.is_false()
        } else {
            t.is_true()
        };
        if holds {
            let mut ev = evidence;
            ev.push(truth_span(rules, t));
            solve(rules, &rest, vars, binding, date, ev, out);
        }
        return;
    }
    for (_, f) in rules.indexed_facts_of(lit.atom.relation) {
        if f.negated || !f.interval.contains(date) {
            continue;
        }
        if let Some(b) = unify(rules, &lit.atom, &f.args, vars, &binding) {
            let mut ev = evidence.clone();
            ev.push(f.span);
            solve(rules, &rest, vars, b, date, ev, out);
        }
    }
}

/// The span of the statement behind a truth value.
pub fn truth_span(rules: &RuleSet, t: Truth) -> Span {
    match t {
        Truth::True(f) | Truth::Negated(f) | Truth::OtherValue(f) => {
            rules.facts.get(f).map(|f| f.span)
        }
        Truth::NotListed(c) => rules.completes.get(c).map(|c| c.span),
        Truth::Unknown => None,
    }
    .unwrap_or(Span::new(crate::source::FileId(0), 0, 0))
}

/// What a pattern slot matches in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotType {
    /// A name of an entity of this kind (`None`: any kind); with `adjective`,
    /// only its adjectives; with `list`, one or more names ("A, B and C").
    Entity {
        kind: Option<KindId>,
        adjective: bool,
        list: bool,
    },
    /// A whole number in digits or words, with any hedge before it.
    Number,
    /// "10th", "tenth".
    Ordinal,
    /// A date or a weekday, resolved against the article's date.
    Date,
    /// One of the known values of a text attribute (e.g. the titles in `title` facts).
    Value { relation: RelationId },
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub name: String,
    pub ty: SlotType,
    pub span: Span,
}

/// A resolved element of a pattern's text.
#[derive(Debug, Clone)]
pub enum PatternElem {
    Word(String),
    Slot(usize),
    Optional(Vec<Vec<PatternElem>>),
    Group(Vec<Vec<PatternElem>>),
    Gap,
}

/// An argument of a claim template.
#[derive(Debug, Clone)]
pub enum TemplateArg {
    Slot(usize),
    Const(Value),
    Wildcard,
}

#[derive(Debug, Clone)]
pub struct ClaimTemplate {
    /// Which days the claim speaks of.
    pub time: super::ast::TimeMode,
    pub negated: bool,
    /// `count relation(args) = SLOT`: the number (or the size of a list slot).
    pub count: bool,
    pub relation: RelationId,
    pub args: Vec<TemplateArg>,
    /// The attribute value, or the count.
    pub value: Option<usize>,
    /// A date slot giving the day the claim speaks of.
    pub on: Option<usize>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub name: String,
    pub elems: Vec<PatternElem>,
    pub slots: Vec<Slot>,
    pub templates: Vec<ClaimTemplate>,
    pub span: Span,
}

/// Words that refer back to the last entity of a kind ("the bloc").
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: KindId,
    pub phrase: String,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn entities_are_found_by_a_name_in_any_case_unless_two_share_it() {
        let loaded = crate::load_source(
            "t.facts",
            "country KZ \"Kazakhstan\" alias \"Qazaqstan\"\n\
             country TR \"Turkey\"\n\
             country TK \"Turkmenistan\" alias \"TURKEY\"\n",
        );
        let rules = &loaded.rules;
        let id = |name: &str| {
            rules
                .lookup_entity(name)
                .map(|e| rules.entities[e].id.as_str())
        };
        assert_eq!(id("kazakhstan"), Some("KZ"));
        assert_eq!(id("QAZAQSTAN"), Some("KZ"));
        assert_eq!(id("Turkey"), Some("TR"));
        // "Turkey" and "TURKEY" name two entities: in another case, neither.
        assert_eq!(id("turkey"), None);
        assert_eq!(id("Narnia"), None);
        // A name added after the first look-up is found all the same.
        let mut rules = loaded.rules.clone();
        assert_eq!(rules.lookup_entity("qazaqstan"), Some(0));
        rules.name_index.insert("Kazakh Republic".into(), 0);
        assert_eq!(rules.lookup_entity("kazakh republic"), Some(0));
        assert_eq!(rules.lookup_entity("turkey"), None);
    }

    fn word() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "prime", "Prime", "PRIME", "minister", " ", "  ", "\t", "\u{a0}", "Σ", "σ", "ς",
            "ΟΔΟΣ", "οδος", "\u{212a}", "k", "K", "İ", "i", "ß", "SS",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Texts are equal exactly when their normal forms are.
        #[test]
        fn same_text_is_equality_of_normal_forms(
            a in prop::collection::vec(word(), 0..6),
            b in prop::collection::vec(word(), 0..6),
        ) {
            let (a, b) = (a.concat(), b.concat());
            prop_assert_eq!(same_text(&a, &b), normalize_text(&a) == normalize_text(&b));
        }
    }
}
