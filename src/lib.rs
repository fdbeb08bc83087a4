//! factlint: a fact-consistency checker for news articles.
//!
//! Data flows one way:
//!
//! ```text
//! rule files ──> lang (grammar → ast → RuleSet, self-consistency)
//! claims JSON ─> claims (schema, resolution against the RuleSet)
//! claims + RuleSet ─> engine (verdicts with reasons and deciding spans)
//! verdicts ─> report (human, json) ─> cli (exit code)
//! ```

pub mod claims;
pub mod codes;
pub mod config;
mod conflicts;
pub mod diagnostic;
pub mod engine;
pub mod examples;
pub mod lang;
pub mod report;
pub mod snippet;
pub mod source;
pub mod suppress;

pub use diagnostic::{Diag, Label, Severity};
pub use lang::{load_files, load_source, Loaded, RuleSet};
pub mod article;
pub mod check;
pub mod extract;

/// Render a check as deterministic plain text (no colour, 80 columns),
/// for snapshot tests: see docs/testing.md.
#[cfg(feature = "render")]
pub use report::render_plain;
