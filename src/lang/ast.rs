//! The syntax tree of a rule file, as written: names are not resolved yet.
//!
//! It holds no pest types; every node carries its [`Span`] so that the
//! resolver and the consistency checks can point at it.

use jiff::civil::Date;

use crate::diagnostic::Severity;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLit {
    pub date: Date,
    pub span: Span,
}

/// An argument or value in an atom or fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A bare name: an entity id, or a variable inside a constraint.
    Name(Ident),
    Wildcard(Span),
    Integer(i64, Span),
    Date(DateLit),
    Text(Str),
}

impl Term {
    pub fn span(&self) -> Span {
        match self {
            Term::Name(i) => i.span,
            Term::Wildcard(s) | Term::Integer(_, s) => *s,
            Term::Date(d) => d.span,
            Term::Text(s) => s.span,
        }
    }
}

/// `relation(arg, ...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub relation: Ident,
    pub args: Vec<Term>,
    pub span: Span,
}

/// An atom, possibly negated with `not`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub negated: bool,
    pub atom: Atom,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn holds(self, left: i64, right: i64) -> bool {
        self.holds_ordering(left.cmp(&right))
    }

    /// Whether `left OP right` holds, given how `left` compares to `right`.
    pub fn holds_ordering(self, ord: std::cmp::Ordering) -> bool {
        match self {
            CmpOp::Eq => ord.is_eq(),
            CmpOp::Ne => !ord.is_eq(),
            CmpOp::Lt => ord.is_lt(),
            CmpOp::Le => ord.is_le(),
            CmpOp::Gt => ord.is_gt(),
            CmpOp::Ge => ord.is_ge(),
        }
    }
}

/// Which days a claim speaks of.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum TimeMode {
    /// Its date (the article's, or `on D`).
    #[default]
    At,
    /// Some day from its date on: "Belarus will join the SCO".
    Future,
    /// Some day up to its date, or else its date: "the late President
    /// Raisi" speaks of a title held before.
    Ever,
}

impl TimeMode {
    pub fn is_at(&self) -> bool {
        *self == TimeMode::At
    }
}

/// What an example sentence must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    Supported,
    Contradicted,
    Unverifiable,
    /// No finding at all.
    Clean,
    /// A finding with this code.
    Finding(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub sentence: Str,
    pub on: Option<DateLit>,
    pub expect: Expectation,
    pub span: Span,
}

/// The clauses that may follow a fact, a completeness statement or a constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clauses {
    pub from: Option<DateLit>,
    pub until: Option<DateLit>,
    pub source: Option<Str>,
    pub severity: Option<(Severity, Span)>,
    pub message: Option<Str>,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDecl {
    pub kind: Ident,
    pub var: Ident,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintBody {
    /// `count member(SCO, _) = 9`
    Count {
        atom: Atom,
        op: CmpOp,
        value: i64,
        value_span: Span,
    },
    /// `founded(SCO) >= 1990`
    Comparison { atom: Atom, op: CmpOp, value: Term },
    /// `no country X: member(SCO, X) and member(NATO, X)`
    Exclusion {
        vars: Vec<VarDecl>,
        literals: Vec<Literal>,
    },
    /// `for every country X: if member(SCO, X) then not observer(SCO, X)`
    Implication {
        vars: Vec<VarDecl>,
        premises: Vec<Literal>,
        conclusion: Literal,
    },
}

/// One element of a pattern's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternElem {
    /// A literal word or punctuation mark, matched ignoring case.
    Word(String, Span),
    /// `{X: country}`, `{X: country list}`, `{C: country adjective}`, `{N: number}`.
    Slot {
        name: Ident,
        kind: Ident,
        modifier: Option<String>,
        span: Span,
    },
    /// `[a | an]`: may be left out.
    Optional(Vec<Vec<PatternElem>>, Span),
    /// `(joins | joined)`: one of.
    Group(Vec<Vec<PatternElem>>, Span),
    /// `...`: a few words of anything.
    Gap(Span),
}

/// What a pattern gives: `member(O, X)`, `not member(O, X)`,
/// `count member(O, _) = N`, `title(P) = T`, with `future`, `ever` or `on D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub time: TimeMode,
    pub negated: bool,
    pub count: bool,
    pub atom: Atom,
    pub value: Option<Ident>,
    pub on: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    Include {
        path: Str,
        span: Span,
    },
    Kind {
        name: Ident,
        span: Span,
    },
    Relation {
        name: Ident,
        params: Vec<Ident>,
        /// The value type, for attributes.
        value: Option<Ident>,
        single: bool,
        source: Option<Str>,
        examples: Vec<Example>,
        span: Span,
    },
    Entity {
        kind: Ident,
        id: Ident,
        name: Option<Str>,
        aliases: Vec<Str>,
        adjectives: Vec<Str>,
        source: Option<Str>,
        span: Span,
    },
    Fact {
        negated: bool,
        atom: Atom,
        value: Option<Term>,
        clauses: Clauses,
        span: Span,
        /// The statement without its `source`, `message`, `severity` and
        /// `example` clauses: what a finding points at.
        head: Span,
    },
    Complete {
        atom: Atom,
        clauses: Clauses,
        span: Span,
        head: Span,
    },
    Constraint {
        name: Ident,
        body: ConstraintBody,
        clauses: Clauses,
        span: Span,
        head: Span,
    },
    Pattern {
        name: Ident,
        text: Str,
        elems: Vec<PatternElem>,
        templates: Vec<Template>,
        clauses: Clauses,
        span: Span,
        head: Span,
    },
    Refer {
        kind: Ident,
        phrases: Vec<Str>,
        span: Span,
    },
}

impl Clauses {
    /// The end of the `from` and `until` clauses, if any: part of a head.
    pub fn interval_end(&self) -> usize {
        self.from
            .iter()
            .chain(self.until.iter())
            .map(|d| d.span.end)
            .max()
            .unwrap_or(0)
    }
}

/// From `start` to the furthest of `ends`: the head of a statement.
pub fn head_span(start: Span, ends: &[usize]) -> Span {
    let end = ends
        .iter()
        .copied()
        .max()
        .unwrap_or(start.end)
        .max(start.start);
    Span::new(start.file, start.start, end)
}
