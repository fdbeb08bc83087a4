//! Human words for grammar rules, used in syntax errors.
//!
//! The match is exhaustive on purpose: a new grammar rule does not compile
//! until it has a name an editor understands.

use super::parser::Rule;

/// What a rule is called in "expected ..." messages.
pub fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::WHITESPACE | Rule::COMMENT => "a space or comment",
        Rule::file | Rule::statement | Rule::one_statement => "a statement",
        Rule::include | Rule::kw_include => "`include`",
        Rule::kind_decl | Rule::kw_kind => "`kind`",
        Rule::relation_decl | Rule::kw_relation => "`relation`",
        Rule::attribute_decl | Rule::kw_attribute => "`attribute`",
        Rule::single | Rule::kw_single => "`single`",
        Rule::type_list | Rule::type_name => "a type (an entity kind, integer, year, date or text)",
        Rule::entity_decl => "an entity declaration like `country Belarus \"Belarus\"`",
        Rule::entity_clause => "`alias`, `adjective` or `source`",
        Rule::alias_clause | Rule::kw_alias => "`alias`",
        Rule::adjective_clause | Rule::kw_adjective => "`adjective`",
        Rule::fact => "a fact like `member(SCO, China)`",
        Rule::negation | Rule::kw_not => "`not`",
        Rule::complete_decl | Rule::kw_complete => "`complete`",
        Rule::constraint_decl | Rule::kw_constraint => "`constraint`",
        Rule::constraint_body => {
            "a constraint (`count ...`, `no ...`, `for every ...` or a comparison)"
        }
        Rule::count_rule | Rule::kw_count => "`count`",
        Rule::comparison_rule => "a comparison like `founded(SCO) >= 2001`",
        Rule::exclusion_rule | Rule::kw_no => "`no`",
        Rule::implication_rule | Rule::kw_for => "`for`",
        Rule::kw_every => "`every`",
        Rule::kw_if => "`if`",
        Rule::kw_then => "`then`",
        Rule::kw_and => "`and`",
        Rule::var_decls | Rule::var_decl => "a variable with its kind, like `country X`",
        Rule::literal => "a condition like `member(SCO, X)` or `not member(SCO, X)`",
        Rule::doc_clause => "`source` or `example`",
        Rule::rule_clause => {
            "a clause (`from`, `until`, `source`, `severity`, `message` or `example`)"
        }
        Rule::from_clause | Rule::kw_from => "`from`",
        Rule::until_clause | Rule::kw_until => "`until`",
        Rule::source_clause | Rule::kw_source => "`source`",
        Rule::severity_clause | Rule::kw_severity => "`severity`",
        Rule::message_clause | Rule::kw_message => "`message`",
        Rule::example_clause | Rule::kw_example => "`example`",
        Rule::kw_on => "`on`",
        Rule::kw_is => "`is`",
        Rule::kw_gives => "`gives`",
        Rule::expectation => "`is VERDICT` or `gives CODE`",
        Rule::atom => "a relation with its arguments, like `member(SCO, China)`",
        Rule::argument | Rule::value => "a value (a name, a number, a date or quoted text)",
        Rule::cmp_op => "a comparison (=, !=, <, <=, > or >=)",
        Rule::severity => "a severity (error, warning or advice)",
        Rule::verdict => "a verdict (supported, contradicted, unverifiable or clean)",
        Rule::finding_code => "a finding code like `count`",
        Rule::date => "a date like 2024-07-04",
        Rule::integer => "a whole number like 9",
        Rule::string | Rule::string_inner | Rule::string_char | Rule::escape => {
            "quoted text like \"Astana\""
        }
        Rule::wildcard => "`_`",
        Rule::ident | Rule::ident_start | Rule::ident_char => "a name like SCO or member",
        Rule::keyword => "a keyword",
        Rule::pattern_decl | Rule::kw_pattern => "`pattern`",
        Rule::refer_decl | Rule::kw_refer => "`refer`",
        Rule::time_mode => "`future` or `ever`",
        Rule::kw_future => "`future`",
        Rule::kw_ever => "`ever`",
        Rule::template | Rule::atom_template | Rule::count_template => {
            "a claim like `member(O, X)`, `not member(O, X)` or `count member(O, _) = N`"
        }
        Rule::pattern_text | Rule::p_seq | Rule::p_alts | Rule::p_elem => "pattern text",
        Rule::p_slot => "a slot like `{X: country}`",
        Rule::p_modifier => "`list` or `adjective`",
        Rule::p_optional => "`[`",
        Rule::p_group => "`(`",
        Rule::p_gap => "`...`",
        Rule::p_word => "a word",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::equals => "`=`",
        Rule::open_paren => "`(`",
        Rule::close_paren => "`)`",
    }
}

/// A full-sentence hint for a rule that was expected, where one helps.
pub fn hint(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::date => "Dates are written year-month-day with two-digit month and day, like 2024-07-04.",
        Rule::string => "Text goes between double quotes, like \"Shanghai Cooperation Organization\".",
        Rule::ident => {
            "Names are one word of letters, digits, `_` and `-`, starting with a letter, like SCO or member; keywords such as `not` or `from` cannot be names."
        }
        Rule::integer => "Numbers are written in digits, like 9 or 2001.",
        Rule::comma | Rule::close_paren => "Arguments are separated by commas and closed with `)`, like `member(SCO, China)`.",
        Rule::severity => "A severity is one of: error, warning, advice.",
        Rule::verdict => "An example's verdict is one of: supported, contradicted, unverifiable, clean.",
        Rule::cmp_op => "Compare with one of =, !=, <, <=, >, >=.",
        Rule::type_name => "Argument types are entity kinds (organization, country, person or a declared `kind`) or integer, year, date, text.",
        _ => return None,
    })
}

/// Rules that can only begin a statement: when several of them are expected,
/// the message says "a new statement" instead of listing them all.
pub fn starts_statement(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_include
            | Rule::kw_kind
            | Rule::kw_relation
            | Rule::kw_attribute
            | Rule::single
            | Rule::kw_single
            | Rule::kw_complete
            | Rule::kw_constraint
            | Rule::negation
            | Rule::kw_not
            | Rule::statement
            | Rule::one_statement
            | Rule::fact
            | Rule::entity_decl
            | Rule::include
            | Rule::kind_decl
            | Rule::relation_decl
            | Rule::attribute_decl
            | Rule::complete_decl
            | Rule::constraint_decl
            | Rule::pattern_decl
            | Rule::refer_decl
            | Rule::kw_pattern
            | Rule::kw_refer
    )
}

/// Words reserved by the language, for "did you mean" on misspelt keywords.
pub const KEYWORDS: &[&str] = &[
    "include",
    "kind",
    "relation",
    "attribute",
    "single",
    "complete",
    "constraint",
    "count",
    "not",
    "no",
    "for",
    "every",
    "if",
    "then",
    "and",
    "alias",
    "adjective",
    "from",
    "until",
    "source",
    "severity",
    "message",
    "example",
    "on",
    "is",
    "gives",
    "pattern",
    "refer",
    "future",
    "ever",
];
