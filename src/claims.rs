//! Claims as JSON: the schema any extractor (a program, an LLM, a person)
//! writes for the engine, and its resolution against a rule set.
//!
//! The schema is documented in `docs/claims.md`.

use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diag, Label};
use crate::engine::{Assertion, Claim, CountRange, Judgement, Reason};
use crate::lang::ast::TimeMode;
use crate::lang::did_you_mean;
use crate::lang::ruleset::{RuleSet, Value, ValueType};
use crate::source::{FileId, Span};

/// One article's claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub article: ArticleRef,
    pub claims: Vec<ClaimRecord>,
    /// Names in the article that are nearly a declared person's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misspellings: Vec<crate::extract::names::Misspelling>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRef {
    /// Path of the article, relative to the claims file's folder.
    pub path: String,
    /// The day the article speaks as of, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRecord {
    /// A relation or attribute declared in the rule files (shared by the
    /// claims of one relation).
    pub relation: Arc<str>,
    /// Entity ids or names, numbers, dates as `YYYY-MM-DD` or text; `"_"`
    /// where a count counts.
    pub args: Vec<serde_json::Value>,
    /// The attribute value, for attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// The article says the relation does not hold.
    #[serde(default, skip_serializing_if = "is_false")]
    pub negated: bool,
    /// The claim is a number of things: "the nine-member bloc".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountSpec>,
    /// Byte span of the claim in the article.
    pub span: ByteSpan,
    /// The article's text at `span`, quoted.
    pub text: String,
    /// The day this claim speaks of, when not the article's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Which days the claim speaks of: `at` its date (the default), some day
    /// from it on (`future`: "Belarus will join"), or some day up to it, else
    /// on it (`ever`: "the late President Raisi").
    #[serde(default, skip_serializing_if = "TimeMode::is_at")]
    pub time: TimeMode,
    /// The pattern that extracted the claim, for review (shared by the
    /// claims of one pattern).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Arc<str>>,
}

/// A claim as the extractor reads it: what a [`ClaimRecord`] says, with
/// its values typed by the rules (entities by number) instead of written
/// as JSON. The check judges it as it is; a claims file gets it as a
/// record ([`ExtractedClaim::to_record`]), which [`resolve`] reads back to
/// the same claim (a test compares the two).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedClaim {
    pub relation: crate::lang::ruleset::RelationId,
    /// The arguments; `None` is `_`, where a count counts.
    pub args: Vec<Option<Value>>,
    /// The attribute value, for attributes.
    pub value: Option<Value>,
    pub negated: bool,
    pub count: Option<CountSpec>,
    pub span: ByteSpan,
    /// The article's text at `span`.
    pub text: String,
    /// The day the claim speaks of, when the article names one.
    pub as_of: Option<Date>,
    pub time: TimeMode,
    /// The pattern that read the claim, by its index in the rules. (Names
    /// are looked up when written, not held by each claim: a shared
    /// name's reference count is written by every claim on every thread,
    /// and the cores wait on each other for it.)
    pub pattern: Option<usize>,
}

impl ExtractedClaim {
    /// The relation's name, as the rules declare it.
    pub fn relation_name<'r>(&self, rules: &'r RuleSet) -> &'r str {
        rules
            .relations
            .get(self.relation)
            .map_or("", |r| r.name.as_str())
    }

    /// The claim as the engine judges it, on `date` unless it names its
    /// own day; an unusable count says why, as [`resolve`] would.
    pub fn into_claim(self, date: Date) -> Result<Claim, Judgement> {
        let assertion = match &self.count {
            Some(spec) => Assertion::Count(
                spec.range()
                    .map_err(|m| Judgement::unverifiable(Reason::InvalidClaim, m))?,
            ),
            None => Assertion::Holds {
                negated: self.negated,
                value: self.value,
            },
        };
        Ok(Claim {
            relation: self.relation,
            args: self.args,
            assertion,
            date: self.as_of.unwrap_or(date),
            time: self.time,
        })
    }

    /// The record a claims file holds: entities by id, dates as
    /// `YYYY-MM-DD`, `_` for what a count counts.
    pub fn to_record(&self, rules: &RuleSet) -> ClaimRecord {
        let json = |v: &Value| match v {
            Value::Entity(e) => serde_json::Value::String(
                rules
                    .entities
                    .get(*e)
                    .map_or_else(String::new, |e| e.id.clone()),
            ),
            Value::Integer(i) => serde_json::json!(i),
            Value::Date(d) => serde_json::Value::String(d.to_string()),
            Value::Text(t) => serde_json::Value::String(t.clone()),
        };
        ClaimRecord {
            relation: self.relation_name(rules).into(),
            args: self
                .args
                .iter()
                .map(|a| a.as_ref().map_or_else(|| "_".into(), json))
                .collect(),
            value: self.value.as_ref().map(json),
            negated: self.negated,
            count: self.count,
            span: self.span,
            text: self.text.clone(),
            as_of: self.as_of.map(|d| d.to_string()),
            time: self.time,
            pattern: self
                .pattern
                .and_then(|p| rules.patterns.get(p))
                .map(|p| p.name.as_str().into()),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

/// A number given by an article, exact or hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "Hedge::is_exact")]
    pub hedge: Hedge,
    /// Explicit bounds, instead of `value` and `hedge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hedge {
    #[default]
    Exact,
    /// "about N", "around N", "some N": within 10% (at least 1) either side.
    About,
    /// "nearly N", "almost N": up to 10% (at least 1) below, N included.
    Nearly,
    MoreThan,
    AtLeast,
    FewerThan,
    AtMost,
}

impl Hedge {
    fn is_exact(&self) -> bool {
        *self == Hedge::Exact
    }
}

impl CountSpec {
    /// The range of numbers the article's words allow.
    pub fn range(&self) -> Result<CountRange, String> {
        match (self.value, self.min, self.max) {
            (Some(n), None, None) => {
                let slack = (n / 10).max(1);
                Ok(match self.hedge {
                    Hedge::Exact => CountRange::exact(n),
                    Hedge::About => CountRange {
                        min: (n - slack).max(0),
                        max: Some(n + slack),
                    },
                    Hedge::Nearly => CountRange {
                        min: (n - slack).max(0),
                        max: Some(n),
                    },
                    Hedge::MoreThan => CountRange {
                        min: n.saturating_add(1),
                        max: None,
                    },
                    Hedge::AtLeast => CountRange { min: n, max: None },
                    Hedge::FewerThan => CountRange {
                        min: 0,
                        max: Some(n - 1),
                    },
                    Hedge::AtMost => CountRange {
                        min: 0,
                        max: Some(n),
                    },
                })
            }
            (None, min, max) if min.is_some() || max.is_some() => {
                if self.hedge != Hedge::Exact {
                    return Err("`hedge` goes with `value`, not with `min`/`max`".into());
                }
                let r = CountRange {
                    min: min.unwrap_or(0),
                    max,
                };
                if r.max.is_some_and(|m| m < r.min) {
                    return Err("`max` is below `min`".into());
                }
                Ok(r)
            }
            _ => Err(
                "a count gives either `value` (with an optional `hedge`) or `min` and/or `max`"
                    .into(),
            ),
        }
    }
}

/// Parse a claims file: one object, or an array of them (what `factlint
/// extract` prints for several articles). A JSON or schema error becomes a
/// diagnostic at its line and column.
pub fn parse(file: FileId, text: &str) -> Result<Vec<ClaimsFile>, Diag> {
    let result = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<ClaimsFile>>(text)
    } else {
        serde_json::from_str::<ClaimsFile>(text).map(|c| vec![c])
    };
    result.map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let end = (offset + 1).min(text.len());
        let end = if text.is_char_boundary(end) { end } else { offset };
        Diag::error("claims-json", format!("invalid claims file: {e}"))
            .with_label(Label::primary(Span::new(file, offset, end), "here"))
            .with_help("A claims file is a JSON object {\"article\": {...}, \"claims\": [...]}, or an array of them; see docs/claims.md for every field.")
    })
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let mut o = offset + column.saturating_sub(1).min(l.len());
            while o > 0 && !text.is_char_boundary(o) {
                o -= 1;
            }
            return o.min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

/// Check that a claim's span lies in the article on character boundaries
/// and quotes the text it says it quotes.
pub fn check_span(article: &str, span: ByteSpan, text: &str) -> Result<(), String> {
    let ByteSpan { start, end } = span;
    if start > end {
        return Err(format!(
            "its span starts at byte {start}, after its end {end}"
        ));
    }
    if end > article.len() {
        return Err(format!(
            "its span {start}..{end} ends past the end of the article ({} bytes)",
            article.len()
        ));
    }
    if !article.is_char_boundary(start) || !article.is_char_boundary(end) {
        return Err(format!("its span {start}..{end} cuts a character in two (spans are byte offsets on character boundaries)"));
    }
    let quoted = &article[start..end];
    if quoted != text {
        return Err(format!(
            "its `text` is {text:?}, but the article has {quoted:?} at {start}..{end}"
        ));
    }
    Ok(())
}

pub fn parse_date(s: &str) -> Option<Date> {
    s.parse::<Date>().ok()
}

/// Resolve a claim's names against the rule set. A claim the rules cannot
/// speak of (an unknown relation or entity, wrong arguments) is returned as
/// an `unverifiable` judgement saying why.
pub fn resolve(rules: &RuleSet, record: &ClaimRecord, date: Date) -> Result<Claim, Judgement> {
    let Some(rel_id) = rules.relation(&record.relation) else {
        let names: Vec<&str> = rules.relations.iter().map(|r| r.name.as_str()).collect();
        let hint = did_you_mean(&record.relation, names.iter().copied())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        return Err(Judgement::unverifiable(
            Reason::UnknownRelation,
            format!("the rules declare no relation `{}`{hint}", record.relation),
        ));
    };
    let Some(relation) = rules.relations.get(rel_id) else {
        return Err(Judgement::unverifiable(
            Reason::UnknownRelation,
            "unknown relation",
        ));
    };
    if relation.params.len() != record.args.len() {
        return Err(Judgement::unverifiable(
            Reason::InvalidClaim,
            format!(
                "`{}` takes {} arguments, the claim gives {}",
                relation.name,
                relation.params.len(),
                record.args.len()
            ),
        ));
    }
    let date = match &record.as_of {
        Some(s) => parse_date(s).ok_or_else(|| {
            Judgement::unverifiable(
                Reason::InvalidClaim,
                format!("`as_of` is {s:?}, not a date like 2024-07-04"),
            )
        })?,
        None => date,
    };
    let mut args = Vec::with_capacity(record.args.len());
    for (i, (a, ty)) in record.args.iter().zip(&relation.params).enumerate() {
        if a.as_str() == Some("_") {
            if record.count.is_none() {
                return Err(Judgement::unverifiable(
                    Reason::InvalidClaim,
                    format!("argument {} is `_`, which only a count may have", i + 1),
                ));
            }
            args.push(None);
            continue;
        }
        args.push(Some(json_value(rules, a, *ty, || {
            format!("argument {} of `{}`", i + 1, relation.name)
        })?));
    }
    let assertion = match (&record.count, &record.value) {
        (Some(_), Some(_)) => {
            return Err(Judgement::unverifiable(
                Reason::InvalidClaim,
                "a claim has either `count` or `value`, not both",
            ));
        }
        (Some(spec), None) => {
            if relation.value.is_some() {
                return Err(Judgement::unverifiable(
                    Reason::InvalidClaim,
                    format!(
                        "`{}` is an attribute; counts apply to relations",
                        relation.name
                    ),
                ));
            }
            if record.negated {
                return Err(Judgement::unverifiable(
                    Reason::InvalidClaim,
                    "a count cannot be negated; give the range instead",
                ));
            }
            let range = spec
                .range()
                .map_err(|m| Judgement::unverifiable(Reason::InvalidClaim, m))?;
            Assertion::Count(range)
        }
        (None, value) => {
            let value = match (relation.value, value) {
                (Some(ty), Some(v)) => Some(json_value(rules, v, ty, || {
                    format!("the value of `{}`", relation.name)
                })?),
                (None, None) => None,
                (Some(_), None) => {
                    return Err(Judgement::unverifiable(
                        Reason::InvalidClaim,
                        format!(
                            "`{}` is an attribute; the claim needs a `value`",
                            relation.name
                        ),
                    ));
                }
                (None, Some(_)) => {
                    return Err(Judgement::unverifiable(
                        Reason::InvalidClaim,
                        format!("`{}` is a relation and takes no `value`", relation.name),
                    ));
                }
            };
            Assertion::Holds {
                negated: record.negated,
                value,
            }
        }
    };
    Ok(Claim {
        relation: rel_id,
        args,
        assertion,
        date,
        time: record.time,
    })
}

fn json_value(
    rules: &RuleSet,
    v: &serde_json::Value,
    ty: ValueType,
    context: impl Fn() -> String,
) -> Result<Value, Judgement> {
    // `context` names the place in the claim; it is written out only for
    // an error (judging formats nothing for a claim that resolves).
    let invalid = |m: String| Judgement::unverifiable(Reason::InvalidClaim, m);
    match ty {
        ValueType::Entity(_) | ValueType::AnyEntity => {
            let Some(name) = v.as_str() else {
                return Err(invalid(format!(
                    "{} must be an entity name, not {v}",
                    context()
                )));
            };
            let Some(e) = rules.lookup_entity(name) else {
                let hint = rules
                    .suggest_entity(name)
                    .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                return Err(Judgement::unverifiable(
                    Reason::UnknownEntity,
                    format!("the rules know no entity \"{name}\"{hint}"),
                ));
            };
            if let ValueType::Entity(k) = ty {
                if rules.entities.get(e).map(|e| e.kind) != Some(k) {
                    return Err(invalid(format!(
                        "{} must be {}, and \"{name}\" is not",
                        context(),
                        rules.kind_name(k)
                    )));
                }
            }
            Ok(Value::Entity(e))
        }
        ValueType::Integer | ValueType::Year => match v {
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Value::Integer)
                .ok_or_else(|| invalid(format!("{} must be a whole number, not {n}", context()))),
            serde_json::Value::String(s) => {
                s.trim().parse::<i64>().map(Value::Integer).map_err(|_| {
                    invalid(format!("{} must be a whole number, not {s:?}", context()))
                })
            }
            other => Err(invalid(format!(
                "{} must be a whole number, not {other}",
                context()
            ))),
        },
        ValueType::Date => v
            .as_str()
            .and_then(parse_date)
            .map(Value::Date)
            .ok_or_else(|| {
                invalid(format!(
                    "{} must be a date like \"2024-07-04\", not {v}",
                    context()
                ))
            }),
        ValueType::Text => v
            .as_str()
            .map(|s| Value::Text(s.to_string()))
            .ok_or_else(|| invalid(format!("{} must be text, not {v}", context()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_become_ranges() {
        let spec = |value, hedge| CountSpec {
            value: Some(value),
            hedge,
            min: None,
            max: None,
        };
        assert_eq!(
            spec(40, Hedge::MoreThan).range(),
            Ok(CountRange { min: 41, max: None })
        );
        assert_eq!(spec(9, Hedge::Exact).range(), Ok(CountRange::exact(9)));
        assert_eq!(
            spec(100, Hedge::About).range(),
            Ok(CountRange {
                min: 90,
                max: Some(110)
            })
        );
        assert_eq!(
            spec(10, Hedge::Nearly).range(),
            Ok(CountRange {
                min: 9,
                max: Some(10)
            })
        );
        assert_eq!(
            spec(5, Hedge::FewerThan).range(),
            Ok(CountRange {
                min: 0,
                max: Some(4)
            })
        );
        let bad = CountSpec {
            value: None,
            hedge: Hedge::Exact,
            min: Some(5),
            max: Some(2),
        };
        assert!(bad.range().is_err());
    }

    #[test]
    fn spans_must_quote_the_article_on_char_boundaries() {
        let article = "Türkiye is a member.";
        let check = |start, end, text: &str| check_span(article, ByteSpan { start, end }, text);
        assert!(check(0, 8, "Türkiye").is_ok());
        assert!(check(0, 2, "T\u{fc}")
            .unwrap_err()
            .contains("cuts a character"));
        assert!(check(0, 99, "x").unwrap_err().contains("past the end"));
        assert!(check(0, 8, "Turkey")
            .unwrap_err()
            .contains("but the article has"));
    }

    /// Wrong arguments and values are named by their place in the claim
    /// (the place is written only for an error).
    #[test]
    fn wrong_arguments_and_values_say_where_they_are() {
        let loaded = crate::load_source(
            "w.facts",
            "organization SCO \"SCO\"\ncountry China \"China\"\nrelation member(organization, country)\nattribute founded(organization): year\n",
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let rules = &loaded.rules;
        let date = jiff::civil::date(2024, 7, 4);
        let rec = |relation: &str,
                   args: Vec<serde_json::Value>,
                   value: Option<serde_json::Value>| ClaimRecord {
            relation: relation.into(),
            args,
            value,
            negated: false,
            count: None,
            span: ByteSpan { start: 0, end: 0 },
            text: String::new(),
            as_of: None,
            time: TimeMode::At,
            pattern: None,
        };
        let message = |r: &ClaimRecord| match resolve(rules, r, date) {
            Err(j) => j.message,
            Ok(_) => "resolved".into(),
        };
        assert_eq!(
            message(&rec(
                "member",
                vec![serde_json::json!(5), serde_json::json!("China")],
                None
            )),
            "argument 1 of `member` must be an entity name, not 5"
        );
        assert_eq!(
            message(&rec(
                "member",
                vec![serde_json::json!("China"), serde_json::json!("China")],
                None
            )),
            "argument 1 of `member` must be organization, and \"China\" is not"
        );
        assert_eq!(
            message(&rec(
                "founded",
                vec![serde_json::json!("SCO")],
                Some(serde_json::json!("long ago"))
            )),
            "the value of `founded` must be a whole number, not \"long ago\""
        );
        assert_eq!(
            message(&rec(
                "member",
                vec![serde_json::json!("SCO"), serde_json::json!("China")],
                None
            )),
            "resolved"
        );
    }
}
