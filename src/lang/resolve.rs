//! From syntax trees to a [`RuleSet`]: read includes, look every name up,
//! check arity and types, and report every semantic error with a span.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::ast::{self, Statement};
use super::ruleset::*;
use super::{did_you_mean, parser, Suggester};
use crate::diagnostic::{Diag, Label, Severity};
use crate::source::{FileId, SourceMap, Span};

/// The built-in entity kinds; files may declare more with `kind`.
pub const BUILTIN_KINDS: &[&str] = &["organization", "country", "person"];
const SCALAR_TYPES: &[&str] = &["integer", "year", "date", "text", "entity"];

/// The result of loading rule files: the rule set (possibly partial) and
/// every diagnostic found. A rule set with error diagnostics must not be used
/// to judge claims.
#[derive(Debug)]
pub struct Loaded {
    pub rules: RuleSet,
    pub diagnostics: Vec<Diag>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Load rule files and everything they include.
pub fn load_files<P: AsRef<Path>>(paths: &[P]) -> Loaded {
    let mut loader = Loader::default();
    for p in paths {
        let p = p.as_ref();
        loader.load_path(p, p.display().to_string(), None);
    }
    loader.finish()
}

/// Load one rule file from memory; includes are read relative to `name`.
pub fn load_source(name: &str, text: &str) -> Loaded {
    let mut loader = Loader::default();
    loader.add_text(Path::new(name), name.to_string(), text.to_string());
    loader.finish()
}

#[derive(Default)]
struct Loader {
    sources: SourceMap,
    files: Vec<(FileId, Vec<Statement>)>,
    diagnostics: Vec<Diag>,
    /// Canonical paths of files loaded, to read each once.
    seen: Vec<PathBuf>,
    /// Files being loaded, outermost first, to detect include cycles.
    stack: Vec<PathBuf>,
}

impl Loader {
    fn load_path(&mut self, path: &Path, name: String, included_at: Option<Span>) {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.stack.contains(&canonical) {
            if let Some(span) = included_at {
                self.diagnostics.push(
                    Diag::error("include-cycle", format!("`{name}` includes itself through this line"))
                        .with_label(Label::primary(span, "this include leads back to a file being read"))
                        .with_help("Remove one of the includes; a file may be included from many places but not from itself."),
                );
            }
            return;
        }
        if self.seen.contains(&canonical) {
            return;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                let message = if path.is_dir() {
                    format!("`{name}` is a folder with no rule files (.facts) in it")
                } else {
                    format!("cannot read rule file `{name}`: {e}")
                };
                let mut d = Diag::error("unreadable-rules", message);
                d = match included_at {
                    Some(span) => d
                        .with_label(Label::primary(span, "included here"))
                        .with_help("Include paths are relative to the file that includes them."),
                    None => d.with_help("Check the path; rule files usually end in `.facts`."),
                };
                self.diagnostics.push(d);
                return;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let mut d = Diag::error(
                    "unreadable-rules",
                    format!(
                        "rule file `{name}` is not UTF-8 text: invalid byte at offset {offset}"
                    ),
                )
                .with_help("Save the file as UTF-8.");
                if let Some(span) = included_at {
                    d = d.with_label(Label::primary(span, "included here"));
                }
                self.diagnostics.push(d);
                return;
            }
        };
        self.seen.push(canonical.clone());
        self.stack.push(canonical);
        self.add_text(path, name, text);
        self.stack.pop();
    }

    fn add_text(&mut self, path: &Path, name: String, text: String) {
        let file = self.sources.add(name.clone(), path, text);
        let text = self.sources.get(file).text.clone();
        let (statements, errors) = parser::parse(file, &text);
        self.diagnostics.extend(errors);
        let includes: Vec<(String, Span)> = statements
            .iter()
            .filter_map(|s| match s {
                Statement::Include { path, .. } => Some((path.value.clone(), path.span)),
                _ => None,
            })
            .collect();
        self.files.push((file, statements));
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name_dir = Path::new(&name)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for (rel, span) in includes {
            let target = dir.join(&rel);
            let shown = name_dir.join(&rel).display().to_string();
            self.load_path(&target, shown, Some(span));
        }
    }

    fn finish(self) -> Loaded {
        let mut r = Resolver {
            rules: RuleSet {
                sources: self.sources,
                ..RuleSet::default()
            },
            diags: self.diagnostics,
            entity_hints: None,
        };
        r.declare_kinds(&self.files);
        r.declare_relations(&self.files);
        r.declare_entities(&self.files);
        r.rules.facts_by_relation = vec![Vec::new(); r.rules.relations.len()];
        r.resolve_rules(&self.files);
        r.rules.index_facts();
        if !r.diags.iter().any(|d| d.severity == Severity::Error) {
            super::consistency::check(&r.rules, &mut r.diags);
        }
        let sources = &r.rules.sources;
        r.diags.sort_by_cached_key(|d| d.sort_key(sources));
        r.diags.dedup();
        Loaded {
            rules: r.rules,
            diagnostics: r.diags,
        }
    }
}

struct Resolver {
    rules: RuleSet,
    diags: Vec<Diag>,
    /// What unknown entity names are told they may mean, made on the first.
    entity_hints: Option<EntityHints>,
}

/// The entities' ids, names and aliases to suggest from.
struct EntityHints {
    /// How many entities there were when these were made.
    entities: usize,
    ids: Suggester,
    names: Suggester,
    /// The id of each name or alias (of the first entity that has it).
    id_of_name: HashMap<String, String>,
}

impl EntityHints {
    fn of(rules: &RuleSet) -> Self {
        let named = || {
            rules.entities.iter().flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(move |n| (n.as_str(), e.id.as_str()))
            })
        };
        let mut id_of_name = HashMap::new();
        for (n, id) in named() {
            id_of_name
                .entry(n.to_string())
                .or_insert_with(|| id.to_string());
        }
        EntityHints {
            entities: rules.entities.len(),
            ids: Suggester::new(rules.entities.iter().map(|e| e.id.as_str())),
            names: Suggester::new(named().map(|(n, _)| n)),
            id_of_name,
        }
    }
}

/// Where a name was first declared, for "declared here" labels.
type Declared = HashMap<String, Span>;

impl Resolver {
    fn declare_kinds(&mut self, files: &[(FileId, Vec<Statement>)]) {
        for name in BUILTIN_KINDS {
            self.rules
                .kind_index
                .insert((*name).to_string(), self.rules.kinds.len());
            self.rules.kinds.push(KindDef {
                name: (*name).to_string(),
                span: None,
            });
        }
        for (_, statements) in files {
            for s in statements {
                let Statement::Kind { name, .. } = s else {
                    continue;
                };
                if SCALAR_TYPES.contains(&name.name.as_str()) {
                    self.diags.push(
                        Diag::error(
                            "duplicate-kind",
                            format!("`{}` is a built-in type and cannot be a kind", name.name),
                        )
                        .with_label(Label::primary(name.span, "reserved type name"))
                        .with_help("Choose another name for the kind."),
                    );
                    continue;
                }
                if let Some(&k) = self.rules.kind_index.get(&name.name) {
                    let mut d = Diag::error(
                        "duplicate-kind",
                        format!("the kind `{}` is declared twice", name.name),
                    )
                    .with_label(Label::primary(name.span, "declared again here"));
                    match self.rules.kinds[k].span {
                        Some(first) => {
                            d = d.with_label(Label::secondary(first, "first declared here"))
                        }
                        None => {
                            d = d.with_help(format!(
                                "`{}` is built in; it needs no declaration.",
                                name.name
                            ))
                        }
                    }
                    if d.help.is_none() {
                        d = d.with_help("Remove one of the two declarations.");
                    }
                    self.diags.push(d);
                    continue;
                }
                self.rules
                    .kind_index
                    .insert(name.name.clone(), self.rules.kinds.len());
                self.rules.kinds.push(KindDef {
                    name: name.name.clone(),
                    span: Some(name.span),
                });
            }
        }
    }

    fn value_type(&mut self, t: &ast::Ident) -> Option<ValueType> {
        Some(match t.name.as_str() {
            "integer" => ValueType::Integer,
            "year" => ValueType::Year,
            "date" => ValueType::Date,
            "text" => ValueType::Text,
            "entity" => ValueType::AnyEntity,
            name => match self.rules.kind(name) {
                Some(k) => ValueType::Entity(k),
                None => {
                    let candidates: Vec<String> = self
                        .rules
                        .kinds
                        .iter()
                        .map(|k| k.name.clone())
                        .chain(SCALAR_TYPES.iter().map(|s| (*s).to_string()))
                        .collect();
                    self.unknown("unknown-kind", "type", t, candidates.iter().map(String::as_str), "Types are entity kinds (organization, country, person, or one declared with `kind`) or integer, year, date, text, entity.");
                    return None;
                }
            },
        })
    }

    fn unknown<'a>(
        &mut self,
        code: &str,
        what: &str,
        name: &ast::Ident,
        candidates: impl Iterator<Item = &'a str>,
        fallback: &str,
    ) {
        let suggestion = did_you_mean(&name.name, candidates);
        self.unknown_suggesting(code, what, name, suggestion, fallback);
    }

    /// [`Resolver::unknown`], with what it suggests found already.
    fn unknown_suggesting(
        &mut self,
        code: &str,
        what: &str,
        name: &ast::Ident,
        suggestion: Option<&str>,
        fallback: &str,
    ) {
        let mut d = Diag::error(code, format!("unknown {what} `{}`", name.name));
        match suggestion {
            Some(s) => {
                d = d
                    .with_label(Label::primary(name.span, format!("did you mean `{s}`?")))
                    .with_help(format!("Did you mean `{s}`? {fallback}"));
            }
            None => {
                d = d
                    .with_label(Label::primary(
                        name.span,
                        format!("no {what} has this name"),
                    ))
                    .with_help(fallback.to_string())
            }
        }
        self.diags.push(d);
    }

    fn declare_relations(&mut self, files: &[(FileId, Vec<Statement>)]) {
        let mut declared = Declared::new();
        for (_, statements) in files {
            for s in statements {
                let Statement::Relation {
                    name,
                    params,
                    value,
                    single,
                    span,
                    examples,
                    ..
                } = s
                else {
                    continue;
                };
                if let Some(&first) = declared.get(&name.name) {
                    self.diags.push(
                        Diag::error(
                            "duplicate-relation",
                            format!("`{}` is declared twice", name.name),
                        )
                        .with_label(Label::primary(name.span, "declared again here"))
                        .with_label(Label::secondary(first, "first declared here"))
                        .with_help("Remove one of the two declarations, or give one another name."),
                    );
                    continue;
                }
                declared.insert(name.name.clone(), name.span);
                let param_types: Vec<Option<ValueType>> =
                    params.iter().map(|p| self.value_type(p)).collect();
                let value_type = value.as_ref().map(|v| self.value_type(v));
                if param_types.iter().any(Option::is_none) || matches!(value_type, Some(None)) {
                    continue;
                }
                if *single && value.is_none() {
                    continue;
                }
                // Point at the signature, not at the examples below it.
                let sig_end = match value {
                    Some(v) => v.span.end,
                    None => {
                        let after = params.last().map_or(name.span.end, |p| p.span.end);
                        let text = &self.rules.sources.get(span.file).text;
                        text.get(after..span.end)
                            .and_then(|t| t.find(')'))
                            .map_or(span.end, |i| after + i + 1)
                    }
                };
                let head = ast::head_span(*span, &[sig_end]);
                let id = self.rules.relations.len();
                self.rules.relation_index.insert(name.name.clone(), id);
                self.rules.relations.push(Relation {
                    name: name.name.clone(),
                    params: param_types.into_iter().flatten().collect(),
                    value: value_type.flatten(),
                    single: *single,
                    span: head,
                });
                self.examples(examples, head);
            }
        }
    }

    fn declare_entities(&mut self, files: &[(FileId, Vec<Statement>)]) {
        let mut name_spans: HashMap<String, (EntityId, Span)> = HashMap::new();
        for (_, statements) in files {
            for s in statements {
                let Statement::Entity {
                    kind,
                    id,
                    name,
                    aliases,
                    adjectives,
                    source,
                    span,
                } = s
                else {
                    continue;
                };
                let Some(kind_id) = self.rules.kind(&kind.name) else {
                    let candidates: Vec<String> =
                        self.rules.kinds.iter().map(|k| k.name.clone()).collect();
                    self.unknown(
                        "unknown-kind",
                        "kind",
                        kind,
                        candidates.iter().map(String::as_str),
                        "An entity declaration starts with its kind: organization, country, person, or a kind declared with `kind`.",
                    );
                    continue;
                };
                if let Some(&first) = self.rules.entity_index.get(&id.name) {
                    let first_span = self.rules.entities[first].id_span;
                    self.diags.push(
                        Diag::error("duplicate-entity", format!("the entity `{}` is declared twice", id.name))
                            .with_label(Label::primary(id.span, "declared again here"))
                            .with_label(Label::secondary(first_span, "first declared here"))
                            .with_help("Merge the two declarations: list every other name as an `alias` of one entity."),
                    );
                    continue;
                }
                let entity_id = self.rules.entities.len();
                let canonical = name
                    .as_ref()
                    .map_or_else(|| id.name.clone(), |n| n.value.clone());
                let mut all_names: Vec<(String, Span)> = Vec::new();
                all_names.push((canonical.clone(), name.as_ref().map_or(id.span, |n| n.span)));
                all_names.extend(aliases.iter().map(|a| (a.value.clone(), a.span)));
                all_names.extend(adjectives.iter().map(|a| (a.value.clone(), a.span)));
                for (n, nspan) in &all_names {
                    let key = n.split_whitespace().collect::<Vec<_>>().join(" ");
                    if key.is_empty() {
                        self.diags.push(
                            Diag::error("empty-name", "a name cannot be empty")
                                .with_label(Label::primary(*nspan, "empty"))
                                .with_help(
                                    "Remove the empty name or write the name between the quotes.",
                                ),
                        );
                        continue;
                    }
                    match name_spans.get(&key) {
                        Some(&(other, other_span)) if other != entity_id => {
                            let other_id = self
                                .rules
                                .entities
                                .get(other)
                                .map_or("?", |e| e.id.as_str())
                                .to_string();
                            self.diags.push(
                                Diag::error(
                                    "duplicate-alias",
                                    format!("the name \"{key}\" is claimed by both `{other_id}` and `{}`", id.name),
                                )
                                .with_label(Label::primary(*nspan, format!("claimed by `{}` here", id.name)))
                                .with_label(Label::secondary(other_span, format!("claimed by `{other_id}` here")))
                                .with_help("A name must point at one entity; remove it from one of them."),
                            );
                        }
                        Some(_) => {}
                        None => {
                            name_spans.insert(key.clone(), (entity_id, *nspan));
                            self.rules.name_index.insert(key, entity_id);
                        }
                    }
                }
                self.rules.entity_index.insert(id.name.clone(), entity_id);
                self.rules.entities.push(Entity {
                    id: id.name.clone(),
                    kind: kind_id,
                    name: canonical,
                    aliases: aliases.iter().map(|a| a.value.clone()).collect(),
                    adjectives: adjectives.iter().map(|a| a.value.clone()).collect(),
                    source: source.as_ref().map(|s| s.value.clone()),
                    span: *span,
                    id_span: id.span,
                });
            }
        }
    }

    fn lookup_relation(&mut self, name: &ast::Ident) -> Option<RelationId> {
        if let Some(r) = self.rules.relation(&name.name) {
            return Some(r);
        }
        let candidates: Vec<String> = self
            .rules
            .relations
            .iter()
            .map(|r| r.name.clone())
            .collect();
        self.unknown(
            "unknown-relation",
            "relation",
            name,
            candidates.iter().map(String::as_str),
            "Declare it first, e.g. `relation member(organization, country)` or `single attribute founded(organization): year`.",
        );
        None
    }

    fn lookup_entity(&mut self, name: &ast::Ident) -> Option<EntityId> {
        if let Some(&e) = self.rules.entity_index.get(&name.name) {
            return Some(e);
        }
        // Written with a name or alias instead of the id: say which id.
        if let Some(e) = self.rules.lookup_entity(&name.name) {
            let id = self.rules.entities[e].id.clone();
            self.named_not_by_id(name, &name.name, &id);
            return None;
        }
        let hints = match &mut self.entity_hints {
            Some(hints) if hints.entities == self.rules.entities.len() => hints,
            stale => stale.insert(EntityHints::of(&self.rules)),
        };
        let by_id = hints.ids.suggest(&name.name).map(str::to_string);
        // No id is close, but a name or alias is ("Kazakstan" for the
        // entity `KZ` named "Kazakhstan"): say which id that is.
        if by_id.is_none() {
            if let Some(close) = hints.names.suggest(&name.name) {
                if let Some(id) = hints.id_of_name.get(close) {
                    let (close, id) = (close.to_string(), id.clone());
                    self.named_not_by_id(name, &close, &id);
                    return None;
                }
            }
        }
        self.unknown_suggesting(
            "unknown-entity",
            "entity",
            name,
            by_id.as_deref(),
            "Declare it first, e.g. `country Belarus \"Belarus\"`.",
        );
        None
    }

    /// `name` is not an entity's id, but it is (or is close to) `entity_name`,
    /// a name of the entity `id`.
    fn named_not_by_id(&mut self, name: &ast::Ident, entity_name: &str, id: &str) {
        self.diags.push(
            Diag::error("unknown-entity", format!("unknown entity `{}`", name.name))
                .with_label(Label::primary(name.span, format!("did you mean `{id}`?")))
                .with_help(format!("\"{entity_name}\" is a name of the entity `{id}`; rule files refer to entities by id.")),
        );
    }

    fn arity(&mut self, relation: RelationId, atom: &ast::Atom) -> bool {
        let r = &self.rules.relations[relation];
        if r.params.len() == atom.args.len() {
            return true;
        }
        let types: Vec<String> = r.params.iter().map(|t| self.rules.type_name(*t)).collect();
        let plural = if r.params.len() == 1 { "" } else { "s" };
        let d = Diag::error(
            "arity",
            format!(
                "`{}` takes {} argument{plural} but {} {} given",
                r.name,
                r.params.len(),
                atom.args.len(),
                if atom.args.len() == 1 { "is" } else { "are" }
            ),
        )
        .with_label(Label::primary(
            atom.span,
            format!("{} given", atom.args.len()),
        ))
        .with_label(Label::secondary(r.span, "declared here"))
        .with_help(format!("Write it as `{}({})`.", r.name, types.join(", ")));
        self.diags.push(d);
        false
    }

    fn type_error(&mut self, span: Span, expected: ValueType, found: String, context: &str) {
        let t = self.rules.type_name(expected);
        self.diags.push(
            Diag::error(
                "type",
                format!("{context} must be {}{t}, but {found}", article(&t)),
            )
            .with_label(Label::primary(span, format!("expected {}{t}", article(&t))))
            .with_help(type_help(expected)),
        );
    }

    /// Resolve a ground term against the type it must have.
    fn value(&mut self, term: &ast::Term, ty: ValueType, context: &str) -> Option<Value> {
        match term {
            ast::Term::Name(n) => {
                let e = self.lookup_entity(n)?;
                let kind = self.rules.entities[e].kind;
                match ty {
                    ValueType::AnyEntity => Some(Value::Entity(e)),
                    ValueType::Entity(k) if k == kind => Some(Value::Entity(e)),
                    _ => {
                        let found = format!(
                            "`{}` is {}{}",
                            n.name,
                            article(self.rules.kind_name(kind)),
                            self.rules.kind_name(kind)
                        );
                        self.type_error(n.span, ty, found, context);
                        None
                    }
                }
            }
            ast::Term::Integer(i, span) => match ty {
                ValueType::Integer => Some(Value::Integer(*i)),
                ValueType::Year if (1..=9999).contains(i) => Some(Value::Integer(*i)),
                _ => {
                    self.type_error(*span, ty, format!("the number {i} is given"), context);
                    None
                }
            },
            ast::Term::Date(d) => match ty {
                ValueType::Date => Some(Value::Date(d.date)),
                _ => {
                    self.type_error(d.span, ty, format!("the date {} is given", d.date), context);
                    None
                }
            },
            ast::Term::Text(s) => match ty {
                ValueType::Text => Some(Value::Text(s.value.clone())),
                _ => {
                    self.type_error(
                        s.span,
                        ty,
                        format!("the text \"{}\" is given", s.value),
                        context,
                    );
                    None
                }
            },
            ast::Term::Wildcard(span) => {
                self.diags.push(
                    Diag::error("wildcard", format!("{context} cannot be `_`"))
                        .with_label(Label::primary(*span, "a fact names each argument"))
                        .with_help("`_` stands for \"any\" and belongs in `complete` and `count`; a fact names a value."),
                );
                None
            }
        }
    }

    /// Resolve the arguments of a pattern, where `_` is allowed.
    fn pattern(&mut self, relation: RelationId, atom: &ast::Atom) -> Option<Vec<Option<Value>>> {
        if !self.arity(relation, atom) {
            return None;
        }
        let params = self.rules.relations[relation].params.clone();
        let name = self.rules.relations[relation].name.clone();
        let mut out = Vec::new();
        let mut ok = true;
        for (i, (arg, ty)) in atom.args.iter().zip(params).enumerate() {
            match arg {
                ast::Term::Wildcard(_) => out.push(None),
                t => match self.value(t, ty, &format!("argument {} of `{name}`", i + 1)) {
                    Some(v) => out.push(Some(v)),
                    None => ok = false,
                },
            }
        }
        ok.then_some(out)
    }

    fn ground_args(&mut self, relation: RelationId, atom: &ast::Atom) -> Option<Vec<Value>> {
        if !self.arity(relation, atom) {
            return None;
        }
        let params = self.rules.relations[relation].params.clone();
        let name = self.rules.relations[relation].name.clone();
        let mut out = Vec::new();
        let mut ok = true;
        for (i, (arg, ty)) in atom.args.iter().zip(params).enumerate() {
            match self.value(arg, ty, &format!("argument {} of `{name}`", i + 1)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn interval(&mut self, clauses: &ast::Clauses) -> Interval {
        let interval = Interval {
            from: clauses.from.map(|d| d.date),
            until: clauses.until.map(|d| d.date),
        };
        if let (Some(f), Some(u)) = (clauses.from, clauses.until) {
            if f.date > u.date {
                self.diags.push(
                    Diag::error("empty-interval", format!("`from {}` is after `until {}`", f.date, u.date))
                        .with_label(Label::primary(u.span.to(f.span), "this interval has no days"))
                        .with_help("`from` gives the first day and `until` the last day on which the statement holds, both included."),
                );
            }
        }
        interval
    }

    fn examples(&mut self, examples: &[ast::Example], owner: Span) {
        for e in examples {
            self.rules.examples.push(RuleExample {
                sentence: e.sentence.value.clone(),
                on: e.on.map(|d| d.date),
                expect: e.expect.clone(),
                span: e.span,
                owner,
            });
        }
    }

    fn check_message(&mut self, message: &Option<ast::Str>, allowed: &[&str]) -> Option<String> {
        let m = message.as_ref()?;
        let raw = self.rules.sources.text(m.span).to_string();
        let mut rest = raw.as_str();
        let mut consumed = 0;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            if !allowed.contains(&name) {
                let start = m.span.start + consumed + open;
                let span = Span::new(m.span.file, start, start + close + 1);
                let list: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                let mut d = Diag::error(
                    "placeholder",
                    format!("unknown placeholder `{{{name}}}` in message"),
                )
                .with_label(Label::primary(span, "not a placeholder here"));
                d = match did_you_mean(name, allowed.iter().copied()) {
                    Some(s) => d.with_help(format!(
                        "Did you mean `{{{s}}}`? This message can use {}.",
                        list.join(", ")
                    )),
                    None => d.with_help(format!("This message can use {}.", list.join(", "))),
                };
                self.diags.push(d);
            }
            consumed += open + close + 1;
            rest = &rest[open + close + 1..];
        }
        Some(m.value.clone())
    }

    fn resolve_rules(&mut self, files: &[(FileId, Vec<Statement>)]) {
        const FACT_PLACEHOLDERS: &[&str] = &["claimed", "expected", "date"];
        for (_, statements) in files {
            for s in statements {
                match s {
                    Statement::Fact {
                        negated,
                        atom,
                        value,
                        clauses,
                        span: _,
                        head,
                    } => {
                        self.examples(&clauses.examples, *head);
                        let interval = self.interval(clauses);
                        let message = self.check_message(&clauses.message, FACT_PLACEHOLDERS);
                        let Some(rel) = self.lookup_relation(&atom.relation) else {
                            continue;
                        };
                        let args = self.ground_args(rel, atom);
                        let r = self.rules.relations[rel].clone();
                        let value = match (r.value, value) {
                            (Some(ty), Some(v)) => self
                                .value(v, ty, &format!("the value of `{}`", r.name))
                                .map(Some),
                            (None, None) => Some(None),
                            (Some(ty), None) => {
                                self.diags.push(
                                    Diag::error(
                                        "missing-value",
                                        format!("`{}` is an attribute and needs a value", r.name),
                                    )
                                    .with_label(Label::primary(atom.span, "no value given"))
                                    .with_label(Label::secondary(r.span, "declared here"))
                                    .with_help(format!(
                                        "Write `{} = ...` with {}{}.",
                                        self.rules.sources.text(atom.span),
                                        article(&self.rules.type_name(ty)),
                                        self.rules.type_name(ty)
                                    )),
                                );
                                None
                            }
                            (None, Some(v)) => {
                                self.diags.push(
                                    Diag::error("unexpected-value", format!("`{}` is a relation and takes no value", r.name))
                                        .with_label(Label::primary(v.span(), "not expected"))
                                        .with_label(Label::secondary(r.span, "declared here"))
                                        .with_help("Only attributes have a value; declare it with `attribute` if it has one."),
                                );
                                None
                            }
                        };
                        let (Some(args), Some(value)) = (args, value) else {
                            continue;
                        };
                        let fact_id = self.rules.facts.len();
                        self.rules.facts_by_relation[rel].push(fact_id);
                        self.rules.facts.push(Fact {
                            relation: rel,
                            args,
                            value,
                            negated: *negated,
                            interval,
                            source: clauses.source.as_ref().map(|s| s.value.clone()),
                            severity: clauses.severity.map_or(Severity::Error, |s| s.0),
                            message,
                            span: *head,
                        });
                    }
                    Statement::Complete {
                        atom,
                        clauses,
                        span: _,
                        head,
                    } => {
                        self.examples(&clauses.examples, *head);
                        let interval = self.interval(clauses);
                        let message = self.check_message(&clauses.message, FACT_PLACEHOLDERS);
                        let Some(rel) = self.lookup_relation(&atom.relation) else {
                            continue;
                        };
                        let Some(args) = self.pattern(rel, atom) else {
                            continue;
                        };
                        self.rules.completes.push(Completeness {
                            relation: rel,
                            args,
                            interval,
                            source: clauses.source.as_ref().map(|s| s.value.clone()),
                            severity: clauses.severity.map_or(Severity::Error, |s| s.0),
                            message,
                            span: *head,
                        });
                    }
                    Statement::Pattern {
                        name,
                        elems,
                        templates,
                        clauses,
                        span: _,
                        head,
                        ..
                    } => {
                        self.examples(&clauses.examples, *head);
                        self.text_pattern(name, elems, templates, *head);
                    }
                    Statement::Refer { kind, phrases, .. } => {
                        let Some(ty) = self.value_type(kind) else {
                            continue;
                        };
                        let ValueType::Entity(k) = ty else {
                            self.diags.push(
                                Diag::error("type", format!("`refer` needs an entity kind, not `{}`", kind.name))
                                    .with_label(Label::primary(kind.span, "not an entity kind"))
                                    .with_help("Write e.g. `refer organization \"the bloc\", \"the organization\"`."),
                            );
                            continue;
                        };
                        for p in phrases {
                            if p.value.trim().is_empty() {
                                self.diags.push(
                                    Diag::error("empty-name", "a `refer` phrase cannot be empty")
                                        .with_label(Label::primary(p.span, "empty"))
                                        .with_help("Remove the empty phrase or write the words between the quotes."),
                                );
                                continue;
                            }
                            self.rules.references.push(Reference {
                                kind: k,
                                phrase: p.value.clone(),
                                span: p.span,
                            });
                        }
                    }
                    Statement::Constraint {
                        name,
                        body,
                        clauses,
                        span: _,
                        head,
                    } => {
                        self.examples(&clauses.examples, *head);
                        self.constraint(name, body, clauses, *head);
                    }
                    _ => {}
                }
            }
        }
        // Constraint names are unique so findings can name them.
        let mut seen: HashMap<String, Span> = HashMap::new();
        for c in &self.rules.constraints {
            if let Some(first) = seen.get(&c.name) {
                self.diags.push(
                    Diag::error(
                        "duplicate-constraint",
                        format!("two constraints are named `{}`", c.name),
                    )
                    .with_label(Label::primary(c.span, "named again here"))
                    .with_label(Label::secondary(*first, "first named here"))
                    .with_help(
                        "Give each constraint its own name; findings refer to constraints by name.",
                    ),
                );
            } else {
                seen.insert(c.name.clone(), c.span);
            }
        }
    }

    fn constraint(
        &mut self,
        name: &ast::Ident,
        body: &ast::ConstraintBody,
        clauses: &ast::Clauses,
        span: Span,
    ) {
        let interval = self.interval(clauses);
        let mut placeholders = vec!["claimed", "expected", "date", "name"];
        let rule = match body {
            ast::ConstraintBody::Count {
                atom, op, value, ..
            } => {
                let Some(rel) = self.lookup_relation(&atom.relation) else {
                    return;
                };
                if self.rules.relations[rel].value.is_some() {
                    self.diags.push(
                        Diag::error(
                            "type",
                            format!(
                                "`count` counts the facts of a relation, and `{}` is an attribute",
                                atom.relation.name
                            ),
                        )
                        .with_label(Label::primary(atom.relation.span, "an attribute"))
                        .with_help("Count a relation, e.g. `count member(SCO, _) = 9`."),
                    );
                    return;
                }
                let Some(args) = self.pattern(rel, atom) else {
                    return;
                };
                if !args.iter().any(Option::is_none) {
                    self.diags.push(
                        Diag::error("wildcard", "`count` needs `_` for what is counted")
                            .with_label(Label::primary(atom.span, "no `_` here"))
                            .with_help("Write `_` where the counted things go, e.g. `count member(SCO, _) = 9`."),
                    );
                    return;
                }
                ConstraintRule::Count {
                    relation: rel,
                    args,
                    op: *op,
                    value: *value,
                }
            }
            ast::ConstraintBody::Comparison { atom, op, value } => {
                let Some(rel) = self.lookup_relation(&atom.relation) else {
                    return;
                };
                let r = self.rules.relations[rel].clone();
                let numeric = matches!(
                    r.value,
                    Some(ValueType::Integer | ValueType::Year | ValueType::Date)
                );
                if !numeric {
                    self.diags.push(
                        Diag::error("type", format!("`{}` has no number or date to compare", r.name))
                            .with_label(Label::primary(atom.span, "not a numeric attribute"))
                            .with_label(Label::secondary(r.span, "declared here"))
                            .with_help("Comparisons apply to attributes whose value is an integer, a year or a date."),
                    );
                    return;
                }
                let Some(args) = self.ground_args(rel, atom) else {
                    return;
                };
                let Some(ty) = r.value else { return };
                let Some(v) =
                    self.value(value, ty, &format!("the value compared with `{}`", r.name))
                else {
                    return;
                };
                ConstraintRule::Comparison {
                    relation: rel,
                    args,
                    op: *op,
                    value: v,
                }
            }
            ast::ConstraintBody::Exclusion { vars, literals } => {
                let Some(vs) = self.variables(vars) else {
                    return;
                };
                placeholders.extend(vars.iter().map(|v| v.var.name.as_str()));
                let Some(lits) = self.literals(literals, vars, &vs) else {
                    return;
                };
                self.unused_vars(vars, literals);
                ConstraintRule::Exclusion {
                    vars: vs,
                    literals: lits,
                }
            }
            ast::ConstraintBody::Implication {
                vars,
                premises,
                conclusion,
            } => {
                let Some(vs) = self.variables(vars) else {
                    return;
                };
                placeholders.extend(vars.iter().map(|v| v.var.name.as_str()));
                let Some(p) = self.literals(premises, vars, &vs) else {
                    return;
                };
                let Some(mut c) = self.literals(std::slice::from_ref(conclusion), vars, &vs) else {
                    return;
                };
                let all: Vec<ast::Literal> = premises
                    .iter()
                    .chain(std::iter::once(conclusion))
                    .cloned()
                    .collect();
                self.unused_vars(vars, &all);
                let Some(conclusion) = c.pop() else { return };
                ConstraintRule::Implication {
                    vars: vs,
                    premises: p,
                    conclusion,
                }
            }
        };
        let message = self.check_message(&clauses.message, &placeholders);
        self.rules.constraints.push(Constraint {
            name: name.name.clone(),
            rule,
            interval,
            severity: clauses.severity.map_or(Severity::Error, |s| s.0),
            message,
            source: clauses.source.as_ref().map(|s| s.value.clone()),
            span,
        });
    }

    fn text_pattern(
        &mut self,
        name: &ast::Ident,
        elems: &[ast::PatternElem],
        templates: &[ast::Template],
        head: Span,
    ) {
        let mut slots: Vec<Slot> = Vec::new();
        let Some(elems) = self.pattern_elems(elems, &mut slots) else {
            return;
        };
        let mut out = Vec::new();
        for t in templates {
            if let Some(t) = self.template(t, &slots) {
                out.push(t);
            }
        }
        if out.len() != templates.len() {
            return;
        }
        self.rules.patterns.push(Pattern {
            name: name.name.clone(),
            elems,
            slots,
            templates: out,
            span: head,
        });
    }

    fn slot_type(&mut self, kind: &ast::Ident, modifier: Option<&str>) -> Option<SlotType> {
        let entity = |k: Option<KindId>| SlotType::Entity {
            kind: k,
            adjective: modifier == Some("adjective"),
            list: modifier == Some("list"),
        };
        let ty = match kind.name.as_str() {
            "number" => SlotType::Number,
            "ordinal" => SlotType::Ordinal,
            "date" => SlotType::Date,
            "entity" => entity(None),
            name => {
                if let Some(k) = self.rules.kind(name) {
                    entity(Some(k))
                } else if let Some(r) = self
                    .rules
                    .relation(name)
                    .filter(|r| self.rules.relations[*r].value == Some(ValueType::Text))
                {
                    SlotType::Value { relation: r }
                } else {
                    let mut candidates: Vec<String> =
                        self.rules.kinds.iter().map(|k| k.name.clone()).collect();
                    candidates.extend(["number", "ordinal", "date", "entity"].map(String::from));
                    candidates.extend(
                        self.rules
                            .relations
                            .iter()
                            .filter(|r| r.value == Some(ValueType::Text))
                            .map(|r| r.name.clone()),
                    );
                    self.unknown(
                        "unknown-kind",
                        "slot type",
                        kind,
                        candidates.iter().map(String::as_str),
                        "A slot is an entity kind (`{X: country}`, `{X: country list}`, `{C: country adjective}`), `number`, `ordinal`, `date`, or a text attribute whose known values it matches (`{T: title}`).",
                    );
                    return None;
                }
            }
        };
        if modifier.is_some() && !matches!(ty, SlotType::Entity { .. }) {
            self.diags.push(
                Diag::error(
                    "type",
                    format!("`{}` cannot be a list or an adjective", kind.name),
                )
                .with_label(Label::primary(kind.span, "not an entity kind"))
                .with_help(
                    "`list` and `adjective` go with entity kinds, like `{X: country list}`.",
                ),
            );
            return None;
        }
        Some(ty)
    }

    fn pattern_elems(
        &mut self,
        elems: &[ast::PatternElem],
        slots: &mut Vec<Slot>,
    ) -> Option<Vec<PatternElem>> {
        let mut out = Vec::new();
        let mut ok = true;
        for e in elems {
            match e {
                ast::PatternElem::Word(w, _) => out.push(PatternElem::Word(w.clone())),
                ast::PatternElem::Gap(_) => out.push(PatternElem::Gap),
                ast::PatternElem::Slot {
                    name,
                    kind,
                    modifier,
                    span,
                } => {
                    if slots.iter().any(|s| s.name == name.name) {
                        self.diags.push(
                            Diag::error(
                                "duplicate-variable",
                                format!("the slot `{}` appears twice in this pattern", name.name),
                            )
                            .with_label(Label::primary(name.span, "again here"))
                            .with_help("Give each slot its own name."),
                        );
                        ok = false;
                        continue;
                    }
                    match self.slot_type(kind, modifier.as_deref()) {
                        Some(ty) => {
                            slots.push(Slot {
                                name: name.name.clone(),
                                ty,
                                span: *span,
                            });
                            out.push(PatternElem::Slot(slots.len() - 1));
                        }
                        None => ok = false,
                    }
                }
                ast::PatternElem::Optional(alts, _) | ast::PatternElem::Group(alts, _) => {
                    let mut resolved = Vec::new();
                    for a in alts {
                        match self.pattern_elems(a, slots) {
                            Some(r) => resolved.push(r),
                            None => ok = false,
                        }
                    }
                    out.push(if matches!(e, ast::PatternElem::Optional(..)) {
                        PatternElem::Optional(resolved)
                    } else {
                        PatternElem::Group(resolved)
                    });
                }
            }
        }
        ok.then_some(out)
    }

    /// Whether a slot can stand where a value of type `ty` goes.
    fn slot_fits(&self, slot: &Slot, ty: ValueType) -> bool {
        match (slot.ty, ty) {
            (SlotType::Entity { .. }, ValueType::AnyEntity) => true,
            (SlotType::Entity { kind: Some(k), .. }, ValueType::Entity(p)) => k == p,
            (SlotType::Number | SlotType::Ordinal, ValueType::Integer | ValueType::Year) => true,
            (SlotType::Date, ValueType::Date) => true,
            (SlotType::Value { .. }, ValueType::Text) => true,
            _ => false,
        }
    }

    fn template_slot(&mut self, name: &ast::Ident, slots: &[Slot]) -> Option<usize> {
        let found = slots.iter().position(|s| s.name == name.name);
        if found.is_none() {
            let names: Vec<&str> = slots.iter().map(|s| s.name.as_str()).collect();
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.unknown(
                "unknown-slot",
                "slot",
                name,
                names.iter().copied(),
                &format!("The pattern's slots are {list}."),
            );
        }
        found
    }

    fn template(&mut self, t: &ast::Template, slots: &[Slot]) -> Option<ClaimTemplate> {
        let rel = self.lookup_relation(&t.atom.relation)?;
        if !self.arity(rel, &t.atom) {
            return None;
        }
        let r = self.rules.relations[rel].clone();
        let mut args = Vec::new();
        for (i, (a, ty)) in t.atom.args.iter().zip(&r.params).enumerate() {
            match a {
                ast::Term::Wildcard(span) => {
                    if !t.count {
                        self.diags.push(
                            Diag::error("wildcard", "`_` goes only in a `count` claim")
                                .with_label(Label::primary(*span, "not in a count"))
                                .with_help("Name a slot or an entity here."),
                        );
                        return None;
                    }
                    args.push(TemplateArg::Wildcard);
                }
                ast::Term::Name(n) if slots.iter().any(|s| s.name == n.name) => {
                    let si = self.template_slot(n, slots)?;
                    if !self.slot_fits(&slots[si], *ty) {
                        let tn = self.rules.type_name(*ty);
                        self.type_error(
                            n.span,
                            *ty,
                            format!("the slot `{}` does not match {}{tn}", n.name, article(&tn)),
                            &format!("argument {} of `{}`", i + 1, r.name),
                        );
                        return None;
                    }
                    args.push(TemplateArg::Slot(si));
                }
                other => args.push(TemplateArg::Const(self.value(
                    other,
                    *ty,
                    &format!("argument {} of `{}`", i + 1, r.name),
                )?)),
            }
        }
        let value = match (&t.value, t.count, r.value) {
            (Some(v), true, _) => {
                let si = self.template_slot(v, slots)?;
                let fits = matches!(
                    slots[si].ty,
                    SlotType::Number | SlotType::Ordinal | SlotType::Entity { list: true, .. }
                );
                if !fits {
                    self.diags.push(
                        Diag::error("type", format!("a count needs a number slot or a list slot, and `{}` is neither", v.name))
                            .with_label(Label::primary(v.span, "not a number"))
                            .with_help("Write `{N: number}` in the pattern, or count the items of `{X: country list}`."),
                    );
                    return None;
                }
                if r.value.is_some() {
                    self.diags.push(
                        Diag::error(
                            "type",
                            format!(
                                "`count` counts the facts of a relation, and `{}` is an attribute",
                                r.name
                            ),
                        )
                        .with_label(Label::primary(t.atom.relation.span, "an attribute"))
                        .with_help("Count a relation, e.g. `count member(O, _) = N`."),
                    );
                    return None;
                }
                Some(si)
            }
            (Some(v), false, Some(ty)) => {
                let si = self.template_slot(v, slots)?;
                if !self.slot_fits(&slots[si], ty) {
                    let tn = self.rules.type_name(ty);
                    self.type_error(
                        v.span,
                        ty,
                        format!("the slot `{}` does not match {}{tn}", v.name, article(&tn)),
                        &format!("the value of `{}`", r.name),
                    );
                    return None;
                }
                Some(si)
            }
            (None, false, None) => None,
            (None, _, Some(_)) | (None, true, None) => {
                self.diags.push(
                    Diag::error("missing-value", format!("this claim about `{}` needs `= SLOT`", r.name))
                        .with_label(Label::primary(t.span, "no value"))
                        .with_help("Give the slot that holds the value, e.g. `title(P) = T` or `count member(O, _) = N`."),
                );
                return None;
            }
            (Some(v), false, None) => {
                self.diags.push(
                    Diag::error(
                        "unexpected-value",
                        format!("`{}` is a relation and takes no value", r.name),
                    )
                    .with_label(Label::primary(v.span, "not expected"))
                    .with_help("Only attributes and counts have a value."),
                );
                return None;
            }
        };
        let on = match &t.on {
            Some(d) => {
                let si = self.template_slot(d, slots)?;
                if slots[si].ty != SlotType::Date {
                    self.diags.push(
                        Diag::error("type", format!("`on {}` needs a date slot", d.name))
                            .with_label(Label::primary(d.span, "not a date"))
                            .with_help(
                                "Write `{D: date}` in the pattern and `on D` after the claim.",
                            ),
                    );
                    return None;
                }
                Some(si)
            }
            None => None,
        };
        if t.count && !args.iter().any(|a| matches!(a, TemplateArg::Wildcard)) {
            self.diags.push(
                Diag::error("wildcard", "`count` needs `_` for what is counted")
                    .with_label(Label::primary(t.atom.span, "no `_` here"))
                    .with_help(
                        "Write `_` where the counted things go, e.g. `count member(O, _) = N`.",
                    ),
            );
            return None;
        }
        Some(ClaimTemplate {
            time: t.time,
            negated: t.negated,
            count: t.count,
            relation: rel,
            args,
            value,
            on,
            span: t.span,
        })
    }

    fn variables(&mut self, vars: &[ast::VarDecl]) -> Option<Vec<Variable>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (i, v) in vars.iter().enumerate() {
            if vars[..i].iter().any(|w| w.var.name == v.var.name) {
                self.diags.push(
                    Diag::error(
                        "duplicate-variable",
                        format!("the variable `{}` is declared twice", v.var.name),
                    )
                    .with_label(Label::primary(v.var.span, "declared again"))
                    .with_help("Give each variable its own name."),
                );
                ok = false;
                continue;
            }
            if self.rules.entity_index.contains_key(&v.var.name) {
                self.diags.push(
                    Diag::error(
                        "duplicate-variable",
                        format!("the variable `{}` has the name of an entity", v.var.name),
                    )
                    .with_label(Label::primary(v.var.span, "also an entity id"))
                    .with_help(
                        "Use a name that is not an entity id for variables, such as X or Y.",
                    ),
                );
                ok = false;
                continue;
            }
            match self.value_type(&v.kind) {
                Some(ValueType::Entity(k)) => out.push(Variable {
                    name: v.var.name.clone(),
                    kind: Some(k),
                }),
                Some(ValueType::AnyEntity) => out.push(Variable {
                    name: v.var.name.clone(),
                    kind: None,
                }),
                Some(_) => {
                    self.diags.push(
                        Diag::error(
                            "type",
                            format!(
                                "the variable `{}` must range over an entity kind",
                                v.var.name
                            ),
                        )
                        .with_label(Label::primary(v.kind.span, "not an entity kind"))
                        .with_help("Variables stand for entities: write e.g. `country X`."),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn unused_vars(&mut self, vars: &[ast::VarDecl], literals: &[ast::Literal]) {
        for v in vars {
            let used = literals
                .iter()
                .flat_map(|l| &l.atom.args)
                .any(|a| matches!(a, ast::Term::Name(n) if n.name == v.var.name));
            if !used {
                self.diags.push(
                    Diag::error(
                        "unused-variable",
                        format!("the variable `{}` is never used", v.var.name),
                    )
                    .with_label(Label::primary(v.var.span, "declared but not used"))
                    .with_help("Use the variable in a condition or remove it."),
                );
            }
        }
    }

    fn literals(
        &mut self,
        literals: &[ast::Literal],
        decls: &[ast::VarDecl],
        vars: &[Variable],
    ) -> Option<Vec<Literal>> {
        let mut out = Vec::new();
        let mut ok = true;
        for l in literals {
            let Some(rel) = self.lookup_relation(&l.atom.relation) else {
                ok = false;
                continue;
            };
            if self.rules.relations[rel].value.is_some() {
                self.diags.push(
                    Diag::error(
                        "type",
                        format!(
                            "`{}` is an attribute; conditions use relations",
                            l.atom.relation.name
                        ),
                    )
                    .with_label(Label::primary(l.atom.span, "an attribute"))
                    .with_help(
                        "Exclusions and implications combine relations such as `member(SCO, X)`.",
                    ),
                );
                ok = false;
                continue;
            }
            if !self.arity(rel, &l.atom) {
                ok = false;
                continue;
            }
            let params = self.rules.relations[rel].params.clone();
            let rname = self.rules.relations[rel].name.clone();
            let mut args = Vec::new();
            for (i, (arg, ty)) in l.atom.args.iter().zip(params).enumerate() {
                let var = match arg {
                    ast::Term::Name(n) => decls.iter().position(|d| d.var.name == n.name),
                    _ => None,
                };
                match var {
                    Some(vi) => {
                        let compatible = match (ty, vars.get(vi).and_then(|v| v.kind)) {
                            (ValueType::AnyEntity, _) => true,
                            (ValueType::Entity(k), Some(vk)) => k == vk,
                            (ValueType::Entity(_), None) => true,
                            _ => false,
                        };
                        if !compatible {
                            let vk = vars
                                .get(vi)
                                .and_then(|v| v.kind)
                                .map_or("entity".to_string(), |k| {
                                    self.rules.kind_name(k).to_string()
                                });
                            let span = arg.span();
                            self.type_error(
                                span,
                                ty,
                                format!("the variable `{}` ranges over {vk}", decls[vi].var.name),
                                &format!("argument {} of `{rname}`", i + 1),
                            );
                            ok = false;
                        } else {
                            args.push(Term::Var(vi));
                        }
                    }
                    None => {
                        match self.value(arg, ty, &format!("argument {} of `{rname}`", i + 1)) {
                            Some(v) => args.push(Term::Const(v)),
                            None => ok = false,
                        }
                    }
                }
            }
            out.push(Literal {
                negated: l.negated,
                atom: Atom {
                    relation: rel,
                    args,
                },
                span: l.span,
            });
        }
        ok.then_some(out)
    }
}

/// "a ", "an " or nothing (for uncountable "text"), before a type name.
fn article(word: &str) -> &'static str {
    match word.chars().next() {
        _ if word == "text" => "",
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an ",
        _ => "a ",
    }
}

fn type_help(t: ValueType) -> String {
    match t {
        ValueType::Entity(_) | ValueType::AnyEntity => {
            "Write the id of a declared entity of that kind.".into()
        }
        ValueType::Integer => "Write a whole number in digits, like 9.".into(),
        ValueType::Year => "Write a year in digits, like 2001.".into(),
        ValueType::Date => "Write a date year-month-day, like 2024-07-04.".into(),
        ValueType::Text => "Write text between double quotes, like \"Prime Minister\".".into(),
    }
}
