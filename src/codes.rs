//! The finding codes: one table that names every kind of finding factlint
//! reports about an article, with its default severity and its description.
//! SARIF rules, `docs/findings.md` and the tests all read this table, so a
//! new code does not exist until it is described here.

use crate::diagnostic::Severity;

pub struct FindingCode {
    pub code: &'static str,
    /// Severity when the rule that decides gives none.
    pub severity: Severity,
    /// One line: what the finding means.
    pub summary: &'static str,
}

pub const FINDING_CODES: &[FindingCode] = &[
    FindingCode {
        code: "fact",
        severity: Severity::Error,
        summary: "A negated claim contradicts a fact of the rules.",
    },
    FindingCode {
        code: "negated-fact",
        severity: Severity::Error,
        summary: "A claim contradicts a negated fact of the rules.",
    },
    FindingCode {
        code: "single-value",
        severity: Severity::Error,
        summary: "A claim gives a single-valued attribute another value than the rules.",
    },
    FindingCode {
        code: "incomplete-list",
        severity: Severity::Error,
        summary: "A claim adds an item to a list the rules declare complete.",
    },
    FindingCode {
        code: "count",
        severity: Severity::Error,
        summary: "A number in the article does not match the count the rules know.",
    },
    FindingCode {
        code: "comparison",
        severity: Severity::Error,
        summary: "A value breaks a comparison constraint of the rules.",
    },
    FindingCode {
        code: "exclusion",
        severity: Severity::Error,
        summary: "A claim cannot hold together with facts the rules state (exclusion constraint).",
    },
    FindingCode {
        code: "implication",
        severity: Severity::Error,
        summary: "A claim is ruled out by an implication constraint of the rules.",
    },
    FindingCode {
        code: "stale",
        severity: Severity::Error,
        summary: "A claim held on other days than the one the article speaks of.",
    },
    FindingCode {
        code: "invalid-claim",
        severity: Severity::Warning,
        summary: "A claim does not fit its relation and cannot be checked.",
    },
    FindingCode {
        code: "self-contradiction",
        severity: Severity::Warning,
        summary: "Two claims of one article cannot both hold.",
    },
    FindingCode {
        code: "disagreement",
        severity: Severity::Warning,
        summary: "Articles checked together make claims that cannot all hold.",
    },
    FindingCode {
        code: "suppression-without-reason",
        severity: Severity::Warning,
        summary: "A factlint-ignore comment gives no reason.",
    },
    FindingCode {
        code: "invalid-suppression",
        severity: Severity::Warning,
        summary: "A factlint-ignore comment names no code or an unknown one.",
    },
    FindingCode {
        code: "unused-suppression",
        severity: Severity::Advice,
        summary: "A factlint-ignore comment hides nothing.",
    },
    FindingCode {
        code: "misspelled-name",
        severity: Severity::Warning,
        summary: "A name is nearly, but not exactly, a person's accepted name.",
    },
];

pub fn lookup(code: &str) -> Option<&'static FindingCode> {
    FINDING_CODES.iter().find(|c| c.code == code)
}
