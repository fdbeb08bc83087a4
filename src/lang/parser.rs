//! From text to syntax tree: the pest grammar, syntax errors in words, and
//! recovery so that every syntax error of a file is reported at once.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::*;
use super::names;
use crate::diagnostic::{Diag, Label, Severity};
use crate::source::{FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/factlint.pest"]
pub struct FactlintParser;

/// At most this many syntax errors are reported for one file; past that the
/// rest of the file is most likely not a rule file at all.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Parse one rule file. Returns the statements that parsed and a diagnostic
/// for every syntax error; a file with errors still yields the statements
/// around them, so semantic errors can be reported in the same run.
pub fn parse(file: FileId, text: &str) -> (Vec<Statement>, Vec<Diag>) {
    let mut builder = Builder {
        file,
        offset: 0,
        errors: Vec::new(),
    };
    let mut statements = Vec::new();
    let mut pos = 0;
    let mut syntax_errors = 0;
    // Parse the rest of the file as a whole, which gives pest's best error
    // for the first problem; keep the statements before it, then resume at
    // the next line that starts a statement and parse the rest again.
    while pos < text.len() {
        let rest = &text[pos..];
        let err = match FactlintParser::parse(Rule::file, rest) {
            Ok(mut pairs) => {
                builder.offset = pos;
                if let Some(file_pair) = pairs.next() {
                    for pair in file_pair.into_inner() {
                        if pair.as_rule() != Rule::EOI {
                            if let Some(s) = builder.statement(pair) {
                                statements.push(s);
                            }
                        }
                    }
                }
                break;
            }
            Err(err) => err,
        };
        let err_pos = pos + error_offset(&err);
        let mut p = skip_trivia(text, pos);
        while p < err_pos {
            let Ok((pair, len)) = parse_one(&text[p..]) else {
                break;
            };
            let next = skip_trivia(text, p + len);
            // A statement directly followed by more text on its line, or by
            // an indented line, is the one the error belongs to: drop it.
            let ends_line = next >= text.len() || text[..next].ends_with('\n');
            if next >= err_pos || !ends_line {
                break;
            }
            builder.offset = p;
            if let Some(s) = builder.statement(pair) {
                statements.push(s);
            }
            p = next;
        }
        builder.errors.push(syntax_error(file, text, pos, &err));
        syntax_errors += 1;
        if syntax_errors >= MAX_SYNTAX_ERRORS {
            break;
        }
        pos = resume_point(text, err_pos);
    }
    for s in &mut statements {
        trim_statement_span(s, text);
    }
    (statements, builder.errors)
}

/// Statement spans end at their last token, not at the spaces, blank lines
/// or comments pest may have consumed after it.
fn trim_statement_span(s: &mut Statement, text: &str) {
    let span = match s {
        Statement::Include { span, .. }
        | Statement::Kind { span, .. }
        | Statement::Relation { span, .. }
        | Statement::Entity { span, .. }
        | Statement::Fact { span, .. }
        | Statement::Complete { span, .. }
        | Statement::Constraint { span, .. }
        | Statement::Pattern { span, .. }
        | Statement::Refer { span, .. } => span,
    };
    let slice = text.get(span.start..span.end).unwrap_or("");
    let mut end = span.start;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (i, c) in slice.char_indices() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
            }
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            end = span.start + i + c.len_utf8();
            continue;
        }
        match c {
            '#' => in_comment = true,
            '"' => {
                in_string = true;
                end = span.start + i + 1;
            }
            c if c.is_whitespace() || c == '\u{FEFF}' => {}
            c => end = span.start + i + c.len_utf8(),
        }
    }
    span.end = end.max(span.start);
    let trimmed_end = span.end;
    if let Statement::Fact { head, .. }
    | Statement::Complete { head, .. }
    | Statement::Constraint { head, .. }
    | Statement::Pattern { head, .. } = s
    {
        head.end = head.end.min(trimmed_end);
        let slice = text.get(head.start..head.end).unwrap_or("");
        head.end = head.start + slice.trim_end().len();
    }
}

fn parse_one(text: &str) -> Result<(Pair<'_, Rule>, usize), Box<pest::error::Error<Rule>>> {
    let mut pairs = FactlintParser::parse(Rule::one_statement, text).map_err(Box::new)?;
    // `one_statement` always yields exactly one pair wrapping the statement.
    let outer = pairs.next().ok_or_else(|| {
        Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "empty statement".into(),
            },
            pest::Position::from_start(text),
        ))
    })?;
    let len = outer.as_span().end();
    let inner = outer.into_inner().next().ok_or_else(|| {
        Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "empty statement".into(),
            },
            pest::Position::from_start(text),
        ))
    })?;
    Ok((inner, len))
}

fn error_offset(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// Skip spaces and `#` comments.
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => {
                while pos < bytes.len() && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            _ if text[pos..].starts_with('\u{FEFF}') => pos += '\u{FEFF}'.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// Where to go on after a syntax error: the start of the next line that
/// begins at column 0 with a word that is not a clause keyword (clauses of
/// the broken statement are skipped with it).
fn resume_point(text: &str, err_pos: usize) -> usize {
    const CLAUSE_WORDS: &[&str] = &[
        "from",
        "until",
        "source",
        "severity",
        "message",
        "example",
        "alias",
        "adjective",
    ];
    let mut line_start = match text[err_pos.min(text.len())..].find('\n') {
        Some(i) => err_pos + i + 1,
        None => return text.len(),
    };
    while line_start < text.len() {
        let line = &text[line_start..];
        let first = line.chars().next().unwrap_or(' ');
        let word: String = line
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let starts_statement =
            !first.is_whitespace() && first != '#' && !CLAUSE_WORDS.contains(&word.as_str());
        if starts_statement {
            return line_start;
        }
        line_start = match line.find('\n') {
            Some(i) => line_start + i + 1,
            None => return text.len(),
        };
    }
    text.len()
}

/// The word found where the parser stopped, for "found ..." in messages.
fn found_token(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            c.is_whitespace() || (i > 0 && matches!(c, '(' | ')' | ',' | ':' | '=' | '"'))
        })
        .map_or(text.len(), |(i, _)| i);
    let end = if end == 0 {
        text.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    let mut cut = end.min(30);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The keyword `word` is a typo of, if it is one edit away (two for long
/// words) and not a keyword itself. Ties go to the keyword of the same length
/// ("form" is "from", not "for").
fn misspelt_keyword(word: &str) -> Option<&'static str> {
    if word.len() < 3 || names::KEYWORDS.contains(&word) {
        return None;
    }
    let limit = if word.len() >= 6 { 2 } else { 1 };
    names::KEYWORDS
        .iter()
        .map(|k| {
            (
                strsim::osa_distance(word, k),
                k.len().abs_diff(word.len()),
                *k,
            )
        })
        .filter(|(d, _, _)| *d <= limit)
        .min()
        .map(|(_, _, k)| k)
}

/// The word just before a position, skipping spaces.
fn previous_word(before: &str) -> &str {
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &trimmed[start..]
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn syntax_error(file: FileId, text: &str, base: usize, err: &pest::error::Error<Rule>) -> Diag {
    let pos = (base + error_offset(err)).min(text.len());
    let rest = &text[pos..];
    let found = found_token(rest);
    let found_words = if found.is_empty() {
        "the end of the file".to_string()
    } else {
        format!("`{found}`")
    };
    let (expected, hints) = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_words(positives),
        pest::error::ErrorVariant::CustomError { message } => (message.clone(), Vec::new()),
    };
    let mut help: Vec<String> = hints.iter().map(|h| (*h).to_string()).collect();
    let previous = previous_word(&text[..pos]);
    if let Some(kw) = misspelt_keyword(previous) {
        help.insert(
            0,
            format!("Did you mean the keyword `{kw}` instead of `{previous}`?"),
        );
    } else if names::KEYWORDS.contains(&found) {
        help.insert(
            0,
            format!(
                "`{found}` is a keyword of the rule language and cannot be used as a name here."
            ),
        );
    } else if let Some(kw) = crate::lang::did_you_mean(found, names::KEYWORDS.iter().copied()) {
        help.insert(0, format!("Did you mean the keyword `{kw}`?"));
    }
    let label_len = found.len();
    let span = Span::new(file, pos, pos + label_len);
    let unterminated = found.starts_with('"')
        && !rest
            .lines()
            .next()
            .unwrap_or("")
            .get(1..)
            .unwrap_or("")
            .contains('"');
    if unterminated {
        return Diag::error("syntax", format!("text `{found}` is not closed"))
            .with_label(Label::primary(span, "no closing `\"` on this line"))
            .with_help(
                "End the text with a `\"` on the same line; a `\"` inside text is written `\\\"`.",
            );
    }
    let message = if expected.is_empty() {
        format!("unexpected {found_words}")
    } else {
        format!("expected {expected}, found {found_words}")
    };
    let mut d = Diag::error("syntax", message).with_label(Label::primary(
        span,
        if expected.is_empty() {
            "not expected here".to_string()
        } else {
            format!("expected {expected}")
        },
    ));
    if help.is_empty() {
        help.push("Each statement starts on its own line: a declaration (`relation`, `attribute`, `kind`, an entity), a fact, `complete`, `constraint` or `include`; see docs/language.md.".into());
    }
    d = d.with_help(help.join(" "));
    d.severity = Severity::Error;
    d
}

/// Turn pest's expected rules into words, collapsing the many rules that can
/// start a statement into "a new statement".
fn expected_words(positives: &[Rule]) -> (String, Vec<&'static str>) {
    let statement_starts = positives
        .iter()
        .filter(|r| names::starts_statement(**r))
        .count();
    let collapse = statement_starts >= 2;
    let mut words: Vec<&'static str> = Vec::new();
    let mut hints = Vec::new();
    let mut eoi = false;
    for &rule in positives {
        if rule == Rule::EOI {
            eoi = true;
            continue;
        }
        if collapse && (names::starts_statement(rule) || rule == Rule::ident) {
            continue;
        }
        let w = names::describe(rule);
        if !words.contains(&w) {
            words.push(w);
        }
        if let Some(h) = names::hint(rule) {
            if !hints.contains(&h) {
                hints.push(h);
            }
        }
    }
    if collapse {
        words.push("a new statement");
    }
    if eoi && !collapse {
        words.push("the end of the file");
    }
    (join_words(&words), hints)
}

struct Builder {
    file: FileId,
    /// Byte offset of the text being built from, when parsing one statement at a time.
    offset: usize,
    errors: Vec<Diag>,
}

fn is_keyword_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::comma
            | Rule::colon
            | Rule::equals
            | Rule::open_paren
            | Rule::close_paren
            | Rule::kw_include
            | Rule::kw_kind
            | Rule::kw_relation
            | Rule::kw_attribute
            | Rule::kw_single
            | Rule::kw_complete
            | Rule::kw_constraint
            | Rule::kw_count
            | Rule::kw_not
            | Rule::kw_no
            | Rule::kw_for
            | Rule::kw_every
            | Rule::kw_if
            | Rule::kw_then
            | Rule::kw_and
            | Rule::kw_alias
            | Rule::kw_adjective
            | Rule::kw_from
            | Rule::kw_until
            | Rule::kw_source
            | Rule::kw_severity
            | Rule::kw_message
            | Rule::kw_example
            | Rule::kw_on
            | Rule::kw_is
            | Rule::kw_gives
            | Rule::kw_pattern
            | Rule::kw_refer
            | Rule::kw_future
            | Rule::kw_ever
    )
}

/// The children of a pair, without keyword tokens.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_keyword_rule(p.as_rule()))
}

impl Builder {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map_or("", |p| p.as_str());
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => value.push('\n'),
                    Some(other) => value.push(other),
                    None => {}
                }
            } else {
                value.push(c);
            }
        }
        Str { value, span }
    }

    fn date(&mut self, pair: Pair<'_, Rule>) -> Option<DateLit> {
        let span = self.span(&pair);
        match pair.as_str().parse::<jiff::civil::Date>() {
            Ok(date) => Some(DateLit { date, span }),
            Err(e) => {
                let reason = e.to_string();
                self.errors.push(
                    Diag::error("bad-date", format!("`{}` is not a real date", pair.as_str()))
                        .with_label(Label::primary(span, "no such day"))
                        .with_help(format!(
                            "Write a date that exists in the calendar, year-month-day, like 2024-07-04 ({reason})."
                        )),
                );
                None
            }
        }
    }

    fn integer(&mut self, pair: Pair<'_, Rule>) -> Option<i64> {
        match pair.as_str().parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let span = self.span(&pair);
                self.errors.push(
                    Diag::error(
                        "bad-number",
                        format!("`{}` is too large a number", pair.as_str()),
                    )
                    .with_label(Label::primary(span, "out of range"))
                    .with_help(
                        "Numbers must lie between -9223372036854775808 and 9223372036854775807.",
                    ),
                );
                None
            }
        }
    }

    fn term(&mut self, pair: Pair<'_, Rule>) -> Option<Term> {
        let span = self.span(&pair);
        Some(match pair.as_rule() {
            Rule::date => Term::Date(self.date(pair)?),
            Rule::integer => Term::Integer(self.integer(pair)?, span),
            Rule::string => Term::Text(self.string(pair)),
            Rule::wildcard => Term::Wildcard(span),
            _ => Term::Name(self.ident(pair)),
        })
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Option<Atom> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let relation = self.ident(it.next()?);
        let mut args = Vec::new();
        let mut ok = true;
        for p in it {
            match self.term(p) {
                Some(t) => args.push(t),
                None => ok = false,
            }
        }
        ok.then_some(Atom {
            relation,
            args,
            span,
        })
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Option<Literal> {
        let span = self.span(&pair);
        let mut negated = false;
        let mut atom = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::negation => negated = true,
                _ => atom = self.atom(p),
            }
        }
        Some(Literal {
            negated,
            atom: atom?,
            span,
        })
    }

    fn var_decls(&self, pair: Pair<'_, Rule>) -> Vec<VarDecl> {
        children(pair)
            .filter_map(|v| {
                let mut it = v.into_inner();
                let kind = self.ident(it.next()?);
                let var = self.ident(it.next()?);
                Some(VarDecl { kind, var })
            })
            .collect()
    }

    fn cmp_op(pair: &Pair<'_, Rule>) -> CmpOp {
        match pair.as_str() {
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => CmpOp::Eq,
        }
    }

    fn duplicate_clause(&mut self, what: &str, first: Span, again: Span) {
        self.errors.push(
            Diag::error("duplicate-clause", format!("`{what}` is given twice"))
                .with_label(Label::primary(again, "given again here"))
                .with_label(Label::secondary(first, "first given here"))
                .with_help(format!(
                    "Keep one `{what}` clause; a statement takes each clause at most once."
                )),
        );
    }

    fn example(&mut self, pair: Pair<'_, Rule>) -> Option<Example> {
        let span = self.span(&pair);
        let mut sentence = None;
        let mut on = None;
        let mut expect = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => sentence = Some(self.string(p)),
                Rule::date => on = self.date(p),
                Rule::expectation => {
                    let inner = children(p).next()?;
                    expect = Some(match (inner.as_rule(), inner.as_str()) {
                        (Rule::verdict, "supported") => Expectation::Supported,
                        (Rule::verdict, "contradicted") => Expectation::Contradicted,
                        (Rule::verdict, "unverifiable") => Expectation::Unverifiable,
                        (Rule::verdict, _) => Expectation::Clean,
                        (_, code) => Expectation::Finding(code.to_string()),
                    });
                }
                _ => {}
            }
        }
        Some(Example {
            sentence: sentence?,
            on,
            expect: expect?,
            span,
        })
    }

    /// Collect clauses; `accept` says which clause rules the statement takes.
    fn clauses<'a>(&mut self, pairs: impl Iterator<Item = Pair<'a, Rule>>) -> Clauses {
        let mut c = Clauses::default();
        for p in pairs {
            let span = self.span(&p);
            match p.as_rule() {
                Rule::from_clause => {
                    let Some(d) = children(p).next().and_then(|d| self.date(d)) else {
                        continue;
                    };
                    match c.from {
                        Some(first) => self.duplicate_clause("from", first.span, span),
                        None => c.from = Some(d),
                    }
                }
                Rule::until_clause => {
                    let Some(d) = children(p).next().and_then(|d| self.date(d)) else {
                        continue;
                    };
                    match c.until {
                        Some(first) => self.duplicate_clause("until", first.span, span),
                        None => c.until = Some(d),
                    }
                }
                Rule::source_clause => {
                    let Some(s) = children(p).next().map(|s| self.string(s)) else {
                        continue;
                    };
                    match &c.source {
                        Some(first) => self.duplicate_clause("source", first.span, span),
                        None => c.source = Some(s),
                    }
                }
                Rule::message_clause => {
                    let Some(s) = children(p).next().map(|s| self.string(s)) else {
                        continue;
                    };
                    match &c.message {
                        Some(first) => self.duplicate_clause("message", first.span, span),
                        None => c.message = Some(s),
                    }
                }
                Rule::severity_clause => {
                    let Some(sev) = children(p).next().and_then(|s| Severity::parse(s.as_str()))
                    else {
                        continue;
                    };
                    match c.severity {
                        Some((_, first)) => self.duplicate_clause("severity", first, span),
                        None => c.severity = Some((sev, span)),
                    }
                }
                Rule::example_clause => {
                    if let Some(e) = self.example(p) {
                        c.examples.push(e);
                    }
                }
                _ => {}
            }
        }
        c
    }

    fn statement(&mut self, pair: Pair<'_, Rule>) -> Option<Statement> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::include => {
                let path = self.string(children(pair).next()?);
                Some(Statement::Include { path, span })
            }
            Rule::kind_decl => {
                let name = self.ident(children(pair).next()?);
                Some(Statement::Kind { name, span })
            }
            Rule::relation_decl | Rule::attribute_decl => {
                let is_attribute = pair.as_rule() == Rule::attribute_decl;
                let mut single = false;
                let mut name = None;
                let mut params = Vec::new();
                let mut value = None;
                let mut rest = Vec::new();
                for p in children(pair) {
                    match p.as_rule() {
                        Rule::single => single = true,
                        Rule::ident => name = Some(self.ident(p)),
                        Rule::type_list => params = children(p).map(|t| self.ident(t)).collect(),
                        Rule::type_name => value = Some(self.ident(p)),
                        _ => rest.push(p),
                    }
                }
                let clauses = self.clauses(rest.into_iter());
                debug_assert!(is_attribute == value.is_some());
                Some(Statement::Relation {
                    name: name?,
                    params,
                    value,
                    single,
                    source: clauses.source,
                    examples: clauses.examples,
                    span,
                })
            }
            Rule::entity_decl => {
                let mut it = children(pair);
                let kind = self.ident(it.next()?);
                let id = self.ident(it.next()?);
                let mut name = None;
                let mut aliases = Vec::new();
                let mut adjectives = Vec::new();
                let mut source: Option<Str> = None;
                for p in it {
                    let pspan = self.span(&p);
                    match p.as_rule() {
                        Rule::string => name = Some(self.string(p)),
                        Rule::alias_clause => aliases.extend(children(p).map(|s| self.string(s))),
                        Rule::adjective_clause => {
                            adjectives.extend(children(p).map(|s| self.string(s)))
                        }
                        Rule::source_clause => {
                            let s = self.string(children(p).next()?);
                            match &source {
                                Some(first) => self.duplicate_clause("source", first.span, pspan),
                                None => source = Some(s),
                            }
                        }
                        _ => {}
                    }
                }
                Some(Statement::Entity {
                    kind,
                    id,
                    name,
                    aliases,
                    adjectives,
                    source,
                    span,
                })
            }
            Rule::fact => {
                let mut negated = false;
                let mut atom = None;
                let mut value = None;
                let mut rest = Vec::new();
                let mut ok = true;
                for p in children(pair) {
                    match p.as_rule() {
                        Rule::negation => negated = true,
                        Rule::atom => atom = self.atom(p),
                        Rule::date
                        | Rule::integer
                        | Rule::string
                        | Rule::wildcard
                        | Rule::ident => {
                            value = self.term(p);
                            ok &= value.is_some();
                        }
                        _ => rest.push(p),
                    }
                }
                let clauses = self.clauses(rest.into_iter());
                ok.then_some(())?;
                let atom = atom?;
                let head = head_span(
                    span,
                    &[
                        atom.span.end,
                        value.as_ref().map_or(0, |v| v.span().end),
                        clauses.interval_end(),
                    ],
                );
                Some(Statement::Fact {
                    negated,
                    atom,
                    value,
                    clauses,
                    span,
                    head,
                })
            }
            Rule::complete_decl => {
                let mut it = children(pair);
                let atom = self.atom(it.next()?);
                let clauses = self.clauses(it);
                let atom = atom?;
                let head = head_span(span, &[atom.span.end, clauses.interval_end()]);
                Some(Statement::Complete {
                    atom,
                    clauses,
                    span,
                    head,
                })
            }
            Rule::pattern_decl => {
                let mut name = None;
                let mut text = None;
                let mut templates = Vec::new();
                let mut rest = Vec::new();
                let mut head_end = span.start;
                for p in children(pair) {
                    match p.as_rule() {
                        Rule::ident => name = Some(self.ident(p)),
                        Rule::string => text = Some(self.string(p)),
                        Rule::template => {
                            head_end = head_end.max(self.span(&p).end);
                            if let Some(t) = self.template(p) {
                                templates.push(t);
                            }
                        }
                        _ => rest.push(p),
                    }
                }
                let clauses = self.clauses(rest.into_iter());
                let text = text?;
                let elems = self.pattern_text(&text)?;
                let head = head_span(span, &[head_end]);
                Some(Statement::Pattern {
                    name: name?,
                    text,
                    elems,
                    templates,
                    clauses,
                    span,
                    head,
                })
            }
            Rule::refer_decl => {
                let mut it = children(pair);
                let kind = self.ident(it.next()?);
                let phrases = it.map(|s| self.string(s)).collect();
                Some(Statement::Refer {
                    kind,
                    phrases,
                    span,
                })
            }
            Rule::constraint_decl => {
                let mut it = children(pair);
                let name = self.ident(it.next()?);
                let body_pair = it.next()?;
                let body_end = self.span(&body_pair).end;
                let body = self.constraint_body(body_pair);
                let clauses = self.clauses(it);
                let head = head_span(span, &[body_end, clauses.interval_end()]);
                Some(Statement::Constraint {
                    name,
                    body: body?,
                    clauses,
                    span,
                    head,
                })
            }
            _ => None,
        }
    }

    fn template(&mut self, pair: Pair<'_, Rule>) -> Option<Template> {
        let span = self.span(&pair);
        let mut time = TimeMode::At;
        let mut negated = false;
        let mut count = false;
        let mut atom = None;
        let mut value = None;
        let mut on = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::time_mode => {
                    time = if p.as_str().starts_with("ever") {
                        TimeMode::Ever
                    } else {
                        TimeMode::Future
                    }
                }
                Rule::negation => negated = true,
                Rule::count_template | Rule::atom_template => {
                    count = p.as_rule() == Rule::count_template;
                    for q in children(p) {
                        match q.as_rule() {
                            Rule::atom => atom = self.atom(q),
                            _ => value = Some(self.ident(q)),
                        }
                    }
                }
                Rule::ident => on = Some(self.ident(p)),
                _ => {}
            }
        }
        Some(Template {
            time,
            negated,
            count,
            atom: atom?,
            value,
            on,
            span,
        })
    }

    /// Parse the text of a pattern: the string's source between its quotes.
    fn pattern_text(&mut self, text: &Str) -> Option<Vec<PatternElem>> {
        // The source is held by the caller; `text.value` equals the source
        // between the quotes when there is no backslash in it.
        if text.value.contains('\\') || text.value.contains('\n') {
            self.errors.push(
                Diag::error("pattern", "a pattern cannot contain a backslash or a line break")
                    .with_label(Label::primary(text.span, "in this pattern"))
                    .with_help("Write the words of the pattern as they appear in articles; quotes in articles are ignored when matching."),
            );
            return None;
        }
        let base = text.span.start + 1;
        let pairs = match FactlintParser::parse(Rule::pattern_text, &text.value) {
            Ok(p) => p,
            Err(e) => {
                let offset = error_offset(&e);
                let found = found_token(&text.value[offset.min(text.value.len())..]).to_string();
                let span = Span::new(self.file, base + offset, base + offset + found.len());
                let (expected, _) = match &e.variant {
                    pest::error::ErrorVariant::ParsingError { positives, .. } => {
                        expected_words(positives)
                    }
                    pest::error::ErrorVariant::CustomError { message } => {
                        (message.clone(), Vec::new())
                    }
                };
                let expected = expected.replace("the end of the file", "the end of the pattern");
                let (message, label) = match &e.variant {
                    // pest's own limits ("stack limit reached"): too deeply nested.
                    pest::error::ErrorVariant::CustomError { message } => (
                        format!("in pattern text: {message}; the pattern is nested too deeply"),
                        "nested too deeply".to_string(),
                    ),
                    _ => (
                        format!("in pattern text: expected {expected}, found `{found}`"),
                        format!("expected {expected}"),
                    ),
                };
                self.errors.push(
                    Diag::error("syntax", message)
                        .with_label(Label::primary(span, label))
                        .with_help("Pattern text is words, slots like `{X: country}`, `[optional words]`, `(one | other)` and `...` for a few words of anything; see docs/language.md."),
                );
                return None;
            }
        };
        let saved = self.offset;
        self.offset = base;
        let seq = pairs
            .into_iter()
            .next()
            .and_then(|p| p.into_inner().next())
            .map(|seq| self.p_seq(seq));
        self.offset = saved;
        seq
    }

    fn p_seq(&mut self, pair: Pair<'_, Rule>) -> Vec<PatternElem> {
        let mut out = Vec::new();
        for p in pair.into_inner() {
            let span = self.span(&p);
            match p.as_rule() {
                Rule::p_word => out.push(PatternElem::Word(p.as_str().to_lowercase(), span)),
                Rule::p_gap => out.push(PatternElem::Gap(span)),
                Rule::p_slot => {
                    let mut it = children(p);
                    let (Some(name), Some(kind)) = (it.next(), it.next()) else {
                        continue;
                    };
                    let name = self.ident(name);
                    let kind = self.ident(kind);
                    let modifier = it.next().map(|m| m.as_str().to_string());
                    out.push(PatternElem::Slot {
                        name,
                        kind,
                        modifier,
                        span,
                    });
                }
                Rule::p_optional | Rule::p_group => {
                    let optional = p.as_rule() == Rule::p_optional;
                    let alts: Vec<Vec<PatternElem>> = p
                        .into_inner()
                        .flat_map(|a| a.into_inner())
                        .map(|seq| self.p_seq(seq))
                        .collect();
                    out.push(if optional {
                        PatternElem::Optional(alts, span)
                    } else {
                        PatternElem::Group(alts, span)
                    });
                }
                _ => {}
            }
        }
        out
    }

    fn constraint_body(&mut self, pair: Pair<'_, Rule>) -> Option<ConstraintBody> {
        match pair.as_rule() {
            Rule::count_rule => {
                let mut it = children(pair);
                let atom = self.atom(it.next()?);
                let op = Self::cmp_op(&it.next()?);
                let value_pair = it.next()?;
                let value_span = self.span(&value_pair);
                let value = self.integer(value_pair)?;
                Some(ConstraintBody::Count {
                    atom: atom?,
                    op,
                    value,
                    value_span,
                })
            }
            Rule::comparison_rule => {
                let mut it = children(pair);
                let atom = self.atom(it.next()?);
                let op = Self::cmp_op(&it.next()?);
                let value = self.term(it.next()?)?;
                Some(ConstraintBody::Comparison {
                    atom: atom?,
                    op,
                    value,
                })
            }
            Rule::exclusion_rule => {
                let mut it = children(pair);
                let vars = self.var_decls(it.next()?);
                let literals: Vec<Option<Literal>> = it.map(|l| self.literal(l)).collect();
                let literals: Option<Vec<Literal>> = literals.into_iter().collect();
                Some(ConstraintBody::Exclusion {
                    vars,
                    literals: literals?,
                })
            }
            Rule::implication_rule => {
                let mut it = children(pair);
                let vars = self.var_decls(it.next()?);
                let mut literals: Vec<Option<Literal>> = it.map(|l| self.literal(l)).collect();
                let conclusion = literals.pop()??;
                let premises: Option<Vec<Literal>> = literals.into_iter().collect();
                Some(ConstraintBody::Implication {
                    vars,
                    premises: premises?,
                    conclusion,
                })
            }
            _ => None,
        }
    }
}
