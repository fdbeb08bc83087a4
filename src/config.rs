//! `factlint.toml`: the rule files, the articles and the defaults of a
//! project, found by walking up from the current folder. Unknown keys are
//! errors that point into the file, like every other error of factlint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diag, Label, Severity};
use crate::source::{FileId, SourceMap, Span};

pub const FILE_NAME: &str = "factlint.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    max_size: Option<u64>,
}

/// A loaded configuration, its paths made relative to the current folder.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from.
    pub file: Option<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub paths: Vec<PathBuf>,
    /// Globs, relative to the config file's folder, of articles to leave out.
    pub exclude: Option<globset::GlobSet>,
    pub date: Option<jiff::civil::Date>,
    /// Severity per finding code.
    pub severity: BTreeMap<String, Severity>,
    /// Articles larger than this many bytes are not read.
    pub max_size: Option<u64>,
    base: PathBuf,
}

impl Config {
    /// Whether an article path is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        let relative = path.strip_prefix(&self.base).unwrap_or(path);
        set.is_match(relative) || set.is_match(path)
    }
}

/// The nearest `factlint.toml` in `start` or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Load a configuration file. Errors are diagnostics in `sources`.
pub fn load(path: &Path, sources: &mut SourceMap) -> Result<Config, Vec<Diag>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diag::error("config", format!("cannot read `{name}`: {e}"))
            .with_help("Check the path and permissions of the configuration file.")]
    })?;
    let file = sources.add(name.clone(), path, text.clone());
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let mut d = Diag::error("config", format!("invalid `{name}`: {}", e.message()))
            .with_help("The keys are `rules`, `paths`, `exclude`, `date`, `max_size` and the table `[severity]`; see docs/ci.md.");
        d = d.with_label(Label::primary(Span::new(file, span.start.min(text.len()), span.end.min(text.len())), "here"));
        vec![d]
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut errors = Vec::new();
    let resolve = |p: &String| {
        if base.as_os_str().is_empty() {
            PathBuf::from(p)
        } else {
            base.join(p)
        }
    };
    let date = match &raw.date {
        Some(d) => match d.parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(
                    Diag::error(
                        "config",
                        format!("`date = \"{d}\"` is not a date like 2024-07-04"),
                    )
                    .with_label(Label::primary(find(file, &text, d), "not a date"))
                    .with_help("Give the date undated articles are checked as of, year-month-day."),
                );
                None
            }
        },
        None => None,
    };
    for code in raw.severity.keys() {
        if crate::codes::lookup(code).is_none() {
            let codes = crate::codes::FINDING_CODES.iter().map(|c| c.code);
            let hint = crate::lang::did_you_mean(code, codes)
                .map_or(String::new(), |m| format!("Did you mean `{m}`? "));
            errors.push(
                Diag::error("config", format!("`{code}` is not a finding code"))
                    .with_label(Label::primary(find(file, &text, code), "unknown code"))
                    .with_help(format!("{hint}The codes are listed in docs/findings.md.")),
            );
        }
    }
    let mut builder = globset::GlobSetBuilder::new();
    for g in &raw.exclude {
        match globset::Glob::new(g) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => errors.push(
                Diag::error("config", format!("`{g}` is not a valid glob: {e}"))
                    .with_label(Label::primary(find(file, &text, g), "here"))
                    .with_help("Globs look like `drafts/**` or `**/*.draft.md`."),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        file: Some(path.to_path_buf()),
        rules: raw.rules.iter().map(resolve).collect(),
        paths: raw.paths.iter().map(resolve).collect(),
        exclude: if raw.exclude.is_empty() {
            None
        } else {
            builder.build().ok()
        },
        date,
        severity: raw.severity,
        max_size: raw.max_size,
        base,
    })
}

/// The span of the first occurrence of `needle` in the file (for errors
/// about values serde has already read).
fn find(file: FileId, text: &str, needle: &str) -> Span {
    match text.find(needle) {
        Some(i) => Span::new(file, i, i + needle.len()),
        None => Span::new(file, 0, 0),
    }
}

/// The starter configuration `factlint init` writes.
pub const STARTER_CONFIG: &str = r#"# factlint configuration. Paths are relative to this file.
# See docs/ci.md for every key.

# The rule files to check articles against (files they include are read too).
rules = ["rules/starter.facts"]

# The articles to check when `factlint check` is given no paths: files or
# folders (walked for .txt, .md and .markdown, respecting .gitignore).
paths = ["articles"]

# Globs of articles to leave out.
exclude = ["articles/drafts/**"]

# The date undated articles are checked as of (front matter `date:` wins).
# date = "2024-07-04"

# Severity per finding code: error, warning or advice (docs/findings.md).
[severity]
misspelled-name = "warning"
"#;

/// The starter rule file `factlint init` writes.
pub const STARTER_RULES: &str = r#"# A starter rule file; the language is described in docs/language.md.

relation member(organization, country)

organization Union "Example Union"
  alias "EU"
country Avaria "Avaria"
  adjective "Avarian"

# Avaria joined on 1 May 2004.
member(Union, Avaria) from 2004-05-01
  source "https://example.org/union/members"

# The members listed are all the members there are.
complete member(Union, _)

pattern member-of: "{X: country} (is | was) [a] member of {O: organization}"
  gives member(O, X)
  example "Avaria is a member of the Example Union." on 2024-07-04 is supported
  example "Avaria is a member of the Example Union." on 2003-01-01 is contradicted
"#;

/// The example article `factlint init` writes.
pub const STARTER_ARTICLE: &str = r#"---
date: 2024-07-04
---
# Avaria at twenty

Avaria is a member of the Example Union, which it joined in 2004.
"#;
