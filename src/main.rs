//! The `factlint` command: a thin layer over the library that parses
//! arguments, prints reports and chooses the exit status.
//!
//! Exit status: 0 no finding at error level, 1 findings at error level,
//! 2 bad usage, unreadable or invalid rules, or files that could not be checked.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use factlint::diagnostic::{Diag, Renderer, Severity};
use factlint::source::SourceMap;

/// Extraction makes and drops many small strings and vectors per sentence;
/// mimalloc handles that faster than the system allocator (measured in
/// BENCHMARKS.md). Only the binary chooses it: the library leaves the
/// choice to whoever embeds it. It is built without transparent huge
/// pages (Cargo.toml): on this project's machine a fresh 2 MiB page cost
/// about five times as much per byte to fault in as 4 KiB pages, and a
/// check touches most of its memory once.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "factlint",
    version,
    about = "Check news articles against facts written in rule files",
    long_about = "factlint checks the claims of news articles against rule files written in its own \
language (.facts files: entities, facts bounded in time, complete lists and constraints). \
Each claim is judged supported, contradicted or unverifiable; contradictions are reported \
with the claim underlined in the article and the deciding rule pointed at.\n\n\
The language is described in docs/language.md, the claims JSON schema in docs/claims.md.",
    after_help = "Exit status: 0 no error-level finding, 1 error-level findings, 2 bad usage, invalid rules or unreadable files."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check rule files: syntax, names, types and self-consistency.
    ///
    /// Every error of every file is reported at once. Exit status 0 when the
    /// files are valid, 2 when they are not.
    Validate {
        /// A rule file (.facts) or a folder of them; repeat for several. Files
        /// they include are read too.
        #[arg(required = true, value_name = "RULES")]
        rules: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check articles: extract their claims and judge them against rule files.
    ///
    /// PATHS are articles (.txt, .md, .markdown) or folders of them (walked, respecting
    /// .gitignore); `-` is standard input. Claims already extracted (JSON, see docs/claims.md) can be
    /// given with --claims instead or as well. Contradicted claims are
    /// reported with the article's text underlined and the deciding rule
    /// pointed at; names nearly equal to a declared person's are reported as
    /// misspelled. A file that cannot be read (missing, not UTF-8, too large)
    /// is reported, exit status 2, and the others are still checked; a file
    /// with a NUL byte is skipped as binary with a warning, as is a FIFO,
    /// socket, device or link to a folder in a folder, which is never
    /// opened. See docs/findings.md.
    Check {
        /// A rule file (.facts) or a folder of them; repeat for several. Files
        /// they include are read too. Default: `rules` in factlint.toml.
        #[arg(long = "rules", short = 'r', value_name = "FILE", action = clap::ArgAction::Append)]
        rules: Vec<PathBuf>,
        /// Claims files in factlint's JSON schema, instead of extracting.
        #[arg(long = "claims", short = 'c', num_args = 1.., value_name = "FILE.json")]
        claims: Vec<PathBuf>,
        /// Articles, or folders of articles, to extract claims from and check;
        /// `-` reads an article from standard input. Default: `paths` in
        /// factlint.toml.
        #[arg(value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// The configuration file; by default the nearest factlint.toml in the
        /// current folder or a folder above it.
        #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
        config: Option<PathBuf>,
        /// Read no configuration file.
        #[arg(long)]
        no_config: bool,
        /// How many articles to check at once, 1 to 1024 (default, or 0: one
        /// per core). More threads than cores make the check no faster.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(0..=MAX_THREADS))]
        threads: Option<u16>,
        /// Articles larger than this many bytes are reported and not read,
        /// those named in claims files too (default 16777216, or
        /// `max_size` in factlint.toml).
        #[arg(long, value_name = "BYTES")]
        max_size: Option<u64>,
        /// Date to check articles as of when they give none (YYYY-MM-DD): front
        /// matter `date:` and a claims file's date come first; a dateline printed
        /// in the text comes after. Without any, articles are checked as of today,
        /// and the report says so.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        findings: FindingArgs,
    },
    /// Write a starter factlint.toml and rule file.
    ///
    /// Writes `factlint.toml`, `rules/starter.facts` and
    /// `articles/example.md` in DIR (default: the current folder); refuses to
    /// overwrite any of them.
    Init {
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Run the examples written in rule files.
    ///
    /// Each `example "sentence" on DATE is VERDICT` (or `gives CODE`, or `is
    /// clean`) is read and judged as an article of its own and must get what
    /// it states. RULES are rule files or folders of them, loaded together.
    /// Exit status 0 when every example passes, 1 when one fails, 2 when the
    /// rule files have errors.
    Test {
        /// Rule files (.facts) or folders of them.
        #[arg(required = true, value_name = "RULES")]
        rules: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Extract the claims of articles and print them as JSON, for review.
    ///
    /// The output is the schema that `check --claims` reads (docs/claims.md):
    /// one object for one article, an array for several. Edit it and check it
    /// with `factlint check --rules ... --claims FILE.json`.
    Extract {
        /// A rule file (.facts) or a folder of them, whose names and patterns
        /// drive extraction; repeat for several.
        #[arg(long = "rules", short = 'r', required = true, value_name = "FILE", action = clap::ArgAction::Append)]
        rules: Vec<PathBuf>,
        /// Articles, or folders of articles; `-` reads an article from
        /// standard input.
        #[arg(value_name = "ARTICLE", required = true)]
        articles: Vec<PathBuf>,
        /// Date for articles that give none (see `check --help`).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        /// Articles larger than this many bytes are reported and not read
        /// (default 16777216).
        #[arg(long, value_name = "BYTES")]
        max_size: Option<u64>,
    },
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to use colour in human output (`auto`: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(clap::Args)]
struct FindingArgs {
    /// Report only findings at this severity or above.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    min_severity: Option<SeverityArg>,
    /// Also exit with status 1 when a finding at this level remains (`warnings`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Vec<Deny>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Advice,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Warnings fail the run as errors do.
    Warnings,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// miette diagnostics for people, with colour on a terminal, and a summary.
    Human,
    /// The same without colour, 80 columns wide, byte-identical run to run.
    Plain,
    /// Machine-readable JSON, `"version": 1` (docs/json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date like 2024-07-04"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { rules, output } => validate(&rules, &output),
        Command::Test { rules, output } => test(&rules, &output),
        Command::Check {
            rules,
            claims,
            paths,
            date,
            output,
            findings,
            config,
            no_config,
            threads,
            max_size,
        } => {
            if let Some(n) = threads.filter(|&n| n > 0) {
                // No pool was built before this: it fails only when the
                // system will not start that many threads.
                if let Err(e) = rayon::ThreadPoolBuilder::new()
                    .num_threads(usize::from(n))
                    .build_global()
                {
                    eprintln!("factlint: cannot start {n} threads: {e}; try fewer with --threads");
                    return ExitCode::from(2);
                }
            }
            let config = ConfigChoice {
                file: config,
                none: no_config,
                max_size,
            };
            check(&rules, &claims, &paths, date, &output, &findings, &config)
        }
        Command::Init { dir } => init(&dir),
        Command::Extract {
            rules,
            articles,
            date,
            max_size,
        } => extract(&rules, &articles, date, max_size),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`factlint ... | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factlint: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// The most threads `--threads` starts: thousands of threads took seconds to
/// start and could exhaust the system's (20,000 aborted the run).
const MAX_THREADS: i64 = 1024;

/// How diagnostics are drawn on a stream: in colour on a terminal (unless
/// `--color` or `NO_COLOR` says otherwise), as wide as the terminal
/// (`COLUMNS`, else 100) or 80 columns.
fn renderer(output: &OutputArgs, stream_is_terminal: bool) -> Renderer {
    let colour = match output.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let theme = if colour {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let width = if stream_is_terminal {
        terminal_width().unwrap_or(100)
    } else {
        80
    };
    Renderer::new(theme, width)
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

fn render(renderer: &Renderer, diags: &[Diag], sources: &SourceMap) -> String {
    renderer.render_all(diags, sources)
}

/// Render diagnostics one at a time to `out`, reading again the articles
/// they point into; returns the warnings about articles that could not be.
fn write_diags<D: Into<Diag> + Send>(
    renderer: &Renderer,
    diags: impl IntoIterator<Item = D>,
    sources: &mut SourceMap,
    out: &mut dyn Write,
) -> std::io::Result<Vec<Diag>> {
    factlint::report::write_diags(renderer, diags, sources, &mut |s| {
        out.write_all(s.as_bytes())
    })
}

fn validate(paths: &[PathBuf], output: &OutputArgs) -> std::io::Result<u8> {
    let loaded = factlint::load_files(&factlint::examples::rule_files(paths));
    let ok = !loaded.has_errors();
    let mut stdout = std::io::stdout().lock();
    match output.format {
        Format::Sarif => {
            drop(stdout);
            eprintln!(
                "factlint: `validate --format sarif` is not available; use --format json or github"
            );
            return Ok(2);
        }
        Format::Github => {
            factlint::report::github::write_diags(
                &loaded.diagnostics,
                &loaded.rules.sources,
                &mut stdout,
            )?;
        }
        Format::Plain => {
            write!(
                stdout,
                "{}",
                factlint::diagnostic::render_plain(&loaded.diagnostics, &loaded.rules.sources)
            )?;
        }
        Format::Json => {
            let out = factlint::report::json::validate_report(&loaded.rules, &loaded.diagnostics);
            writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&out).unwrap_or_default()
            )?;
        }
        Format::Human => {
            let h = renderer(output, std::io::stdout().is_terminal());
            write!(
                stdout,
                "{}",
                render(&h, &loaded.diagnostics, &loaded.rules.sources)
            )?;
            let s = factlint::report::json::rules_summary(&loaded.rules);
            let errors = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            if ok {
                use factlint::report::counted;
                writeln!(
                    stdout,
                    "valid: {}, {}, {}, {}, {}, {}, {}",
                    counted(s.files.len(), "file", "files"),
                    counted(s.entities, "entity", "entities"),
                    counted(s.relations, "relation", "relations"),
                    counted(s.facts, "fact", "facts"),
                    counted(s.completes, "complete list", "complete lists"),
                    counted(s.constraints, "constraint", "constraints"),
                    counted(s.examples, "example", "examples"),
                )?;
            } else {
                let files = s.files.len().max(1);
                writeln!(
                    stdout,
                    "invalid: {errors} {} in {files} {}",
                    if errors == 1 { "error" } else { "errors" },
                    if files == 1 { "file" } else { "files" }
                )?;
            }
        }
    }
    Ok(if ok { 0 } else { 2 })
}

fn test(paths: &[PathBuf], output: &OutputArgs) -> std::io::Result<u8> {
    let files = factlint::examples::rule_files(paths);
    let Some(loaded) = load_rules(&files, output)? else {
        return Ok(2);
    };
    let run = factlint::examples::run(&loaded.rules, jiff::Zoned::now().date());
    let mut stdout = std::io::stdout().lock();
    let h = match output.format {
        Format::Plain => Renderer::plain(),
        _ => renderer(output, std::io::stdout().is_terminal()),
    };
    write!(stdout, "{}", render(&h, &run.failures, &run.report.sources))?;
    writeln!(
        stdout,
        "examples: {} passed, {} failed",
        run.passed,
        run.failures.len()
    )?;
    Ok(if run.failures.is_empty() { 0 } else { 1 })
}

/// Load rule files; on error print their diagnostics to stderr.
/// Load rule files; a folder stands for the `.facts` files in it.
fn load_rules(rules: &[PathBuf], output: &OutputArgs) -> std::io::Result<Option<factlint::Loaded>> {
    let loaded = factlint::load_files(&factlint::examples::rule_files(rules));
    if loaded.has_errors() {
        // In CI, annotations on the rule files' lines too, and a SARIF log
        // that says the run failed and why (code scanning shows it).
        match output.format {
            Format::Github => factlint::report::github::write_diags(
                &loaded.diagnostics,
                &loaded.rules.sources,
                &mut std::io::stdout().lock(),
            )?,
            Format::Sarif => factlint::report::sarif::write_sarif_of_rule_errors(
                &loaded.diagnostics,
                &loaded.rules.sources,
                &mut std::io::stdout().lock(),
            )?,
            // The report of a check of nothing, the rule files' errors in
            // its `errors`.
            Format::Json => {
                let mut report = factlint::check::Report::new(&loaded.rules);
                report.errors = loaded.diagnostics.clone();
                let mut stdout = std::io::stdout();
                factlint::report::json::JsonWriter::begin(&mut stdout)?.finish(&report)?;
                writeln!(stdout)?;
            }
            _ => {}
        }
        let h = renderer(output, std::io::stderr().is_terminal());
        let mut stderr = std::io::stderr().lock();
        write!(
            stderr,
            "{}",
            render(&h, &loaded.diagnostics, &loaded.rules.sources)
        )?;
        writeln!(stderr, "factlint: the rule files have errors; nothing was checked (run `factlint validate` for details)")?;
        return Ok(None);
    }
    Ok(Some(loaded))
}

fn extract(
    rules: &[PathBuf],
    articles: &[PathBuf],
    date: Option<jiff::civil::Date>,
    max_size: Option<u64>,
) -> std::io::Result<u8> {
    // Its output is claims JSON; diagnostics are drawn on stderr.
    let output = OutputArgs {
        format: Format::Human,
        color: Color::Auto,
    };
    let Some(loaded) = load_rules(rules, &output)? else {
        return Ok(2);
    };
    let today = jiff::Zoned::now().date();
    let (files, report) =
        factlint::check::extract_articles(&loaded.rules, articles, date, today, max_size);
    let json = if files.len() == 1 {
        serde_json::to_string_pretty(&files[0])
    } else {
        serde_json::to_string_pretty(&files)
    };
    writeln!(std::io::stdout().lock(), "{}", json.unwrap_or_default())?;
    if !report.errors.is_empty() {
        let code = if report.has_errors() { 2 } else { 0 };
        let h = renderer(&output, std::io::stderr().is_terminal());
        write!(
            std::io::stderr().lock(),
            "{}",
            render(&h, &report.errors, &report.sources)
        )?;
        return Ok(code);
    }
    Ok(0)
}

struct ConfigChoice {
    file: Option<PathBuf>,
    none: bool,
    max_size: Option<u64>,
}

fn init(dir: &std::path::Path) -> std::io::Result<u8> {
    let config = dir.join(factlint::config::FILE_NAME);
    let rules = dir.join("rules").join("starter.facts");
    let article = dir.join("articles").join("example.md");
    for p in [&config, &rules, &article] {
        if p.exists() {
            eprintln!(
                "factlint: `{}` exists already; nothing was written",
                p.display()
            );
            return Ok(2);
        }
    }
    std::fs::create_dir_all(dir.join("rules"))?;
    std::fs::write(&config, factlint::config::STARTER_CONFIG)?;
    std::fs::write(&rules, factlint::config::STARTER_RULES)?;
    std::fs::create_dir_all(dir.join("articles"))?;
    std::fs::write(&article, factlint::config::STARTER_ARTICLE)?;
    println!(
        "wrote {}, {} and {}; run `factlint check` there",
        config.display(),
        rules.display(),
        article.display()
    );
    Ok(0)
}

#[allow(clippy::too_many_arguments)]
fn check(
    rules: &[PathBuf],
    claims: &[PathBuf],
    paths: &[PathBuf],
    date: Option<jiff::civil::Date>,
    output: &OutputArgs,
    findings: &FindingArgs,
    choice: &ConfigChoice,
) -> std::io::Result<u8> {
    let mut config_sources = factlint::source::SourceMap::default();
    let config_file = if choice.none {
        None
    } else {
        choice.file.clone().or_else(|| {
            std::env::current_dir()
                .ok()
                .and_then(|d| factlint::config::discover(&d))
        })
    };
    let config = match &config_file {
        Some(f) => match factlint::config::load(f, &mut config_sources) {
            Ok(c) => c,
            Err(diags) => {
                let h = renderer(output, std::io::stderr().is_terminal());
                write!(
                    std::io::stderr().lock(),
                    "{}",
                    render(&h, &diags, &config_sources)
                )?;
                return Ok(2);
            }
        },
        None => factlint::config::Config::default(),
    };
    let rules: Vec<PathBuf> = if rules.is_empty() {
        config.rules.clone()
    } else {
        rules.to_vec()
    };
    if rules.is_empty() {
        eprintln!("factlint: no rule files: give --rules FILE, or `rules = [...]` in factlint.toml (see `factlint init`)");
        return Ok(2);
    }
    let paths: Vec<PathBuf> = if paths.is_empty() && claims.is_empty() {
        config.paths.clone()
    } else {
        paths.to_vec()
    };
    if paths.is_empty() && claims.is_empty() {
        eprintln!("factlint: nothing to check: give articles or folders, --claims FILE.json, or `paths = [...]` in factlint.toml");
        return Ok(2);
    }
    let date = date.or(config.date);
    // With threads to spare, the folders are walked while the rules load
    // and the extractor is built (on a corpus of 25,000 files, each takes
    // a few hundredths of a second before any article can be checked).
    // (Should no thread be had, they are walked after, on this one.)
    let walking = (rayon::current_num_threads() > 1)
        .then(|| {
            let paths = paths.clone();
            std::thread::Builder::new()
                .name("walk".into())
                .spawn(move || factlint::check::ArticleFiles::find(&paths))
                .ok()
        })
        .flatten();
    let Some(loaded) = load_rules(&rules, output)? else {
        return Ok(2);
    };
    let extractor = factlint::extract::Extractor::new(&loaded.rules);
    let found = match walking {
        Some(walk) => walk
            .join()
            .map_err(|_| std::io::Error::other("the thread finding article files failed"))?,
        None => factlint::check::ArticleFiles::find(&paths),
    };
    let today = jiff::Zoned::now().date();
    let mut report = factlint::check::Report::new(&loaded.rules);
    if let Some(max) = choice.max_size.or(config.max_size) {
        report.max_article_bytes = max;
    }
    factlint::check::check_claims_files_into(&mut report, &loaded.rules, claims, date, today);
    // Reports of archives run to many megabytes: written in large pieces
    // (each locks standard output: the JSON of articles is written from
    // the pool's threads, which a held lock could not be sent to).
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    // Articles are checked in batches and let go once written: JSON writes
    // each article as it comes; the other formats need only the findings.
    let mut json = match output.format {
        Format::Json => Some(factlint::report::json::JsonWriter::begin(&mut stdout)?),
        _ => None,
    };
    let mut write_article = |sources: &_, article: &_| match &mut json {
        Some(w) => w.article(&factlint::report::json::article_out(sources, article)),
        None => Ok(()),
    };
    factlint::check::check_articles_streaming(
        &mut report,
        &loaded.rules,
        &extractor,
        found,
        date,
        today,
        &|p| config.excludes(p),
        factlint::check::BATCH_SIZE,
        // Only JSON wants the articles one by one.
        matches!(output.format, Format::Json).then_some(&mut write_article),
    )?;
    report.finish(&loaded.rules);
    for f in &mut report.findings {
        if let Some(s) = config.severity.get(f.code.as_ref()) {
            f.severity = *s;
        }
    }
    if let Some(min) = findings.min_severity {
        let min = match min {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Advice => Severity::Advice,
        };
        // Severity orders error < warning < advice: keep those at `min` or more serious.
        report.findings.retain(|f| f.severity <= min);
    }
    let mut unshown = Vec::new();
    match output.format {
        Format::Json => {
            if let Some(w) = json.take() {
                w.finish(&report)?;
            }
            writeln!(stdout)?;
        }
        Format::Sarif => {
            factlint::report::sarif::write_sarif(&report, &mut stdout)?;
            writeln!(stdout)?;
        }
        Format::Github => factlint::report::github::write_github(&report, &mut stdout)?,
        Format::Plain => {
            factlint::report::write_plain(&mut report, &mut |s| stdout.write_all(s.as_bytes()))?
        }
        Format::Human => {
            let h = renderer(output, std::io::stdout().is_terminal());
            unshown = write_diags(&h, &report.findings, &mut report.sources, &mut stdout)?;
            for note in factlint::report::undated_articles(&report) {
                writeln!(stdout, "note: {note}")?;
            }
            writeln!(stdout, "{}", factlint::report::summary_line(&report))?;
        }
    }
    stdout.flush()?;
    drop(stdout);
    // Files and claims that could not be checked go to stderr in every format.
    let to_stderr = !matches!(output.format, Format::Json | Format::Plain);
    if to_stderr && (!report.errors.is_empty() || !unshown.is_empty()) {
        let he = renderer(output, std::io::stderr().is_terminal());
        let mut stderr = std::io::stderr().lock();
        let errors = report.errors.iter().cloned().chain(unshown.drain(..));
        let unshown = write_diags(&he, errors, &mut report.sources, &mut stderr)?;
        write_diags(&he, unshown, &mut report.sources, &mut stderr)?;
    }
    let denied_warnings =
        findings.deny.contains(&Deny::Warnings) && report.findings_at(Severity::Warning) > 0;
    let code = if report.has_errors() {
        2
    } else if report.findings_at(Severity::Error) > 0 || denied_warnings {
        1
    } else {
        0
    };
    // Everything is written: the process ends next, and the system takes
    // its memory back at once. Freeing the report, rules and extractor
    // piece by piece first took a thirtieth of the time on the 100 MB
    // benchmark corpus (BENCHMARKS.md).
    std::mem::forget(report);
    std::mem::forget(extractor);
    std::mem::forget(loaded);
    Ok(code)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The allocator is built not to ask for transparent huge pages (see
    /// [`GLOBAL`](super::GLOBAL) and BENCHMARKS.md): after it has handed
    /// out some memory, no mapping of this process is marked for them
    /// (`hg` among a mapping's `VmFlags`, which `MADV_HUGEPAGE` sets). On a
    /// kernel without transparent huge pages nothing is ever marked.
    #[test]
    fn the_allocator_asks_for_no_huge_pages() {
        let blocks: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 64 << 10]).collect();
        assert_eq!(blocks.len(), 64);
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
        let marked: Vec<&str> = smaps
            .lines()
            .filter(|l| l.starts_with("VmFlags:") && l.split_whitespace().any(|f| f == "hg"))
            .collect();
        assert!(
            marked.is_empty(),
            "mappings marked for huge pages: {marked:?}"
        );
    }
}
