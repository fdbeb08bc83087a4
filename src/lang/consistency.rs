//! Checks that a rule set agrees with itself, before any article is read:
//! a fact and its negation at the same time, two values of a single-valued
//! attribute at the same time, a count that the file's own list breaks, and
//! exclusions or implications that the file's own facts break.

use std::collections::HashMap;

use super::ruleset::*;
use crate::diagnostic::{Diag, Label};

pub(crate) fn check(rules: &RuleSet, diags: &mut Vec<Diag>) {
    contradictory_facts(rules, diags);
    counts(rules, diags);
    exclusions_and_implications(rules, diags);
    comparisons(rules, diags);
}

/// A fact whose value a comparison constraint rules out on a shared day.
fn comparisons(rules: &RuleSet, diags: &mut Vec<Diag>) {
    for c in &rules.constraints {
        let ConstraintRule::Comparison {
            relation,
            args,
            op,
            value,
        } = &c.rule
        else {
            continue;
        };
        for f in rules.facts_of(*relation) {
            if f.negated || f.args != *args || !f.interval.overlaps(&c.interval) {
                continue;
            }
            let Some(ord) = f.value.as_ref().and_then(|v| v.compare(value)) else {
                continue;
            };
            if op.holds_ordering(ord) {
                continue;
            }
            let shown = f
                .value
                .as_ref()
                .map_or(String::new(), |v| rules.show_value(v));
            diags.push(
                Diag::error(
                    "constraint-conflict",
                    format!(
                        "the rule files break their own constraint `{}`: {shown} is not {} {}",
                        c.name,
                        op.as_str(),
                        rules.show_value(value)
                    ),
                )
                .with_label(Label::primary(c.span, "this constraint"))
                .with_label(Label::secondary(f.span, "this value breaks it"))
                .with_help("Correct the value or the constraint so that they agree."),
            );
        }
    }
}

fn args_key(rules: &RuleSet, args: &[Value]) -> String {
    args.iter()
        .map(|a| rules.write_value(a).to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1}")
}

fn shared_day(a: &Interval, b: &Interval) -> String {
    match a.first_shared_day(b) {
        Some(d) => format!("on {d}"),
        None => "at the same time".to_string(),
    }
}

fn contradictory_facts(rules: &RuleSet, diags: &mut Vec<Diag>) {
    for (rel, relation) in rules.relations.iter().enumerate() {
        let mut groups: HashMap<String, Vec<&Fact>> = HashMap::new();
        for f in rules.facts_of(rel) {
            groups.entry(args_key(rules, &f.args)).or_default().push(f);
        }
        let mut keys: Vec<&String> = groups.keys().collect();
        keys.sort();
        for key in keys {
            let facts = &groups[key];
            for (i, a) in facts.iter().enumerate() {
                for b in &facts[i + 1..] {
                    if !a.interval.overlaps(&b.interval) {
                        continue;
                    }
                    let same_value = a.value == b.value;
                    if a.negated != b.negated && same_value {
                        let (pos, neg) = if a.negated { (b, a) } else { (a, b) };
                        diags.push(
                            Diag::error(
                                "conflicting-facts",
                                format!(
                                    "`{}` is stated both true and false {}",
                                    rules.write_fact(pos),
                                    shared_day(&pos.interval, &neg.interval)
                                ),
                            )
                            .with_label(Label::primary(b.span, "this statement"))
                            .with_label(Label::secondary(a.span, "contradicts this one"))
                            .with_help("Remove one of them, or bound them in time with `from` and `until` so that they do not overlap."),
                        );
                    } else if relation.single && !a.negated && !b.negated && !same_value {
                        diags.push(
                            Diag::error(
                                "conflicting-values",
                                format!(
                                    "`{}` has one value at a time, but two are given {}",
                                    relation.name,
                                    shared_day(&a.interval, &b.interval)
                                ),
                            )
                            .with_label(Label::primary(b.span, "one value"))
                            .with_label(Label::secondary(a.span, "another value"))
                            .with_help(format!(
                                "`{}` is a single attribute: keep one value, or bound each with `from` and `until` so that they do not overlap.",
                                relation.name
                            )),
                        );
                    }
                }
            }
        }
    }
}

fn counts(rules: &RuleSet, diags: &mut Vec<Diag>) {
    for c in &rules.constraints {
        let ConstraintRule::Count {
            relation,
            args,
            op,
            value,
        } = &c.rule
        else {
            continue;
        };
        for day in rules.boundary_days(&[*relation]) {
            if !c.interval.contains(day) {
                continue;
            }
            let listed = rules.matching_facts(*relation, args, day);
            let n = listed.len() as i64;
            let complete = rules.complete_for(*relation, args, day);
            let broken = match complete {
                Some(_) => !op.holds(n, *value),
                // Without a complete list only a lower bound is known.
                None => match op {
                    super::ast::CmpOp::Eq | super::ast::CmpOp::Le => n > *value,
                    super::ast::CmpOp::Lt => n >= *value,
                    _ => false,
                },
            };
            if !broken {
                continue;
            }
            let pattern = rules.write_atom(*relation, args, None);
            let mut d = Diag::error(
                "count-conflict",
                format!(
                    "constraint `{}` says the count of {pattern} is {} {value}, but the rule files list {n} on {day}",
                    c.name,
                    op_words(*op)
                ),
            )
            .with_label(Label::primary(c.span, format!("requires {} {value}", op_words(*op))));
            if let Some(ci) = complete {
                if let Some(cs) = rules.completes.get(ci) {
                    d = d.with_label(Label::secondary(
                        cs.span,
                        format!("this list is complete and has {n} on {day}"),
                    ));
                }
            } else if let Some(f) = listed.last().and_then(|&f| rules.facts.get(f)) {
                d = d.with_label(Label::secondary(
                    f.span,
                    format!("one of the {n} facts valid on {day}"),
                ));
            }
            diags.push(d.with_help(
                "Correct the number, the facts, or their `from`/`until` dates so that the list and the count agree on every day.",
            ));
            break;
        }
    }
}

fn exclusions_and_implications(rules: &RuleSet, diags: &mut Vec<Diag>) {
    for c in &rules.constraints {
        let days = rules.boundary_days(&constraint_relations(&c.rule));
        match &c.rule {
            ConstraintRule::Exclusion { vars, literals } => {
                let lits: Vec<&Literal> = literals.iter().collect();
                for &day in days.iter().filter(|d| c.interval.contains(**d)) {
                    let mut found = Vec::new();
                    solve(
                        rules,
                        &lits,
                        vars,
                        vec![None; vars.len()],
                        day,
                        Vec::new(),
                        &mut found,
                    );
                    if let Some((binding, evidence)) = found.into_iter().next() {
                        let who = describe_binding(rules, vars, &binding);
                        let mut d = Diag::error(
                            "constraint-conflict",
                            format!(
                                "the rule files break their own constraint `{}` on {day} ({who})",
                                c.name
                            ),
                        )
                        .with_label(Label::primary(c.span, "this constraint"));
                        for s in evidence {
                            d = d.with_label(Label::secondary(s, "holds together with the others"));
                        }
                        diags.push(d.with_help("Correct the facts or the constraint: they cannot all hold on the same day."));
                        break;
                    }
                }
            }
            ConstraintRule::Implication {
                vars,
                premises,
                conclusion,
            } => {
                let lits: Vec<&Literal> = premises.iter().collect();
                'days: for &day in days.iter().filter(|d| c.interval.contains(**d)) {
                    let mut found = Vec::new();
                    solve(
                        rules,
                        &lits,
                        vars,
                        vec![None; vars.len()],
                        day,
                        Vec::new(),
                        &mut found,
                    );
                    for (binding, evidence) in found {
                        let Some(args) = ground(&conclusion.atom, &binding) else {
                            continue;
                        };
                        let t = rules.truth(conclusion.atom.relation, &args, None, day);
                        let broken = if conclusion.negated {
                            t.is_true()
                        } else {
                            t.is_false()
                        };
                        if broken {
                            let who = describe_binding(rules, vars, &binding);
                            let mut d = Diag::error(
                                "constraint-conflict",
                                format!("the rule files break their own constraint `{}` on {day} ({who})", c.name),
                            )
                            .with_label(Label::primary(c.span, "this constraint"));
                            for s in evidence {
                                d = d.with_label(Label::secondary(s, "the condition holds"));
                            }
                            d = d.with_label(Label::secondary(
                                truth_span(rules, t),
                                "but this says the conclusion does not",
                            ));
                            diags.push(d.with_help(
                                "Correct the facts or the constraint so that they agree.",
                            ));
                            break 'days;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn describe_binding(rules: &RuleSet, vars: &[Variable], binding: &Binding) -> String {
    vars.iter()
        .zip(binding)
        .map(|(v, b)| {
            format!(
                "{} = {}",
                v.name,
                b.as_ref().map_or("?".to_string(), |b| rules.write_value(b))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn op_words(op: super::ast::CmpOp) -> &'static str {
    use super::ast::CmpOp::*;
    match op {
        Eq => "exactly",
        Ne => "not",
        Lt => "fewer than",
        Le => "at most",
        Gt => "more than",
        Ge => "at least",
    }
}
