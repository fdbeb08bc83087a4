//! The one diagnostic type every layer produces, and its conversion to miette.
//!
//! Layers below the report build [`Diag`]s that point into a [`SourceMap`]
//! by [`Span`]; only [`Diag::to_miette`] attaches source text. A diagnostic
//! whose labels sit in several files (an article and a rule file, or two rule
//! files) becomes one miette diagnostic per file: the primary file's labels
//! in the main one, the others as related diagnostics with their own source.

use std::fmt;

use miette::{LabeledSpan, SourceCode};
use serde::{Deserialize, Serialize};

use crate::source::{SourceMap, Span};

/// How serious a diagnostic or finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Advice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "advice" => Some(Severity::Advice),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
    pub primary: bool,
}

impl Label {
    pub fn primary(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: Some(message.into()),
            primary: true,
        }
    }

    pub fn secondary(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: Some(message.into()),
            primary: false,
        }
    }
}

/// A diagnostic about a rule file, a claims file or an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// Stable code, e.g. `syntax` or `unknown-entity`; shown as `factlint::CODE`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The file the diagnostic is about when no label can point into it
    /// (a file that could not be read): CI formats attach it to the file.
    /// (Boxed: most diagnostics have none, and a `Diag` is often an `Err`.)
    pub file: Option<Box<FileRef>>,
}

/// A file by the name shown for it and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub name: String,
    pub path: std::path::PathBuf,
}

impl Diag {
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Diag {
            code: code.into(),
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            file: None,
        }
    }

    /// The diagnostic is about this file (see [`Diag::file`]).
    pub fn about_file(
        mut self,
        name: impl Into<String>,
        path: impl Into<std::path::PathBuf>,
    ) -> Self {
        self.file = Some(Box::new(FileRef {
            name: name.into(),
            path: path.into(),
        }));
        self
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The span of the first primary label (or of the first label).
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
            .map(|l| l.span)
    }

    /// Key used to sort diagnostics: file, offset, code.
    pub fn sort_key(&self, sources: &SourceMap) -> (String, usize, String, String) {
        let (name, offset) = match self.primary_span() {
            Some(s) => (sources.get(s.file).name.clone(), s.start),
            None => (String::new(), 0),
        };
        (name, offset, self.code.clone(), self.message.clone())
    }

    /// Attach source text so miette can render this diagnostic.
    pub fn to_miette(&self, sources: &SourceMap) -> MietteDiag {
        let primary_file = self.primary_span().map(|s| s.file);
        // A released text (a streaming check that could not read the file
        // again) is not shown: its labels say where they are instead.
        let shown = |file| !sources.get(file).is_released();
        let mut main = MietteDiag {
            code: self.code.clone(),
            severity: self.severity,
            message: self.message.clone(),
            source_code: primary_file
                .filter(|f| shown(*f))
                .map(|f| sources.get(f).named_source()),
            labels: Vec::new(),
            help: self.help.clone(),
            related: Vec::new(),
        };
        // Labels near the primary one share its snippet. Labels in other
        // files (a rule file behind a finding in an article), or far from it
        // in the same file, each become a related diagnostic with their own
        // few lines of context, so no snippet grows to a whole page.
        // (Nor over a long line, which a snippet shows cut to the span's
        // sentence: a snippet that spans lines shows the lines between whole.
        // On one long line, they share it only when the snippet, from the
        // first one's start to the last one's end, is no longer than the
        // sentence a snippet shows whole: it would show all between.)
        let line_of = |span: Span| sources.get(span.file).line_of(span.start);
        let primary_span = self.primary_span();
        let primary_line = primary_span.map(line_of);
        let close_on_its_line = |span: Span, line: usize| {
            primary_span.is_some_and(|p| {
                let (from, to) = (p.start.min(span.start), p.end.max(span.end));
                let file = sources.get(span.file);
                to - from <= crate::snippet::LONG_SENTENCE
                    || !file.has_long_line(line, line)
                    || file
                        .text
                        .get(from..to)
                        // (Counted no further than that: the labels may be
                        // megabytes apart.)
                        .is_some_and(|t| t.chars().nth(crate::snippet::LONG_SENTENCE).is_none())
            })
        };
        let near = |l: &Label| {
            Some(l.span.file) == primary_file
                && shown(l.span.file)
                && (l.primary
                    || primary_line.is_some_and(|p| {
                        let line = line_of(l.span);
                        (line == p && close_on_its_line(l.span, line))
                            || (line != p
                                && line.abs_diff(p) <= MAX_LINES_APART
                                && !sources
                                    .get(l.span.file)
                                    .has_long_line(line.min(p), line.max(p)))
                    }))
        };
        for label in self.labels.iter().filter(|l| near(l)) {
            main.labels.push(to_labeled_span(label));
        }
        for label in self.labels.iter().filter(|l| !near(l)) {
            if !shown(label.span.file) {
                let file = sources.get(label.span.file);
                let (line, column) = file.line_col(label.span.start);
                main.related.push(MietteDiag {
                    code: String::new(),
                    severity: Severity::Advice,
                    message: format!(
                        "{}: {}:{line}:{column} (not shown: the file changed after it was checked, or cannot be read again)",
                        label.message.as_deref().unwrap_or("here"),
                        file.name
                    ),
                    source_code: None,
                    labels: Vec::new(),
                    help: None,
                    related: Vec::new(),
                });
                continue;
            }
            main.related.push(MietteDiag {
                code: String::new(),
                severity: Severity::Advice,
                message: label
                    .message
                    .clone()
                    .unwrap_or_else(|| "related".to_string()),
                source_code: Some(sources.get(label.span.file).named_source()),
                labels: vec![LabeledSpan::new_with_span(None, label.span)],
                help: None,
                related: Vec::new(),
            });
        }
        main
    }
}

/// Labels further than this many lines from the primary label are shown in
/// a snippet of their own.
const MAX_LINES_APART: usize = 6;

fn to_labeled_span(label: &Label) -> LabeledSpan {
    if label.primary {
        LabeledSpan::new_primary_with_span(label.message.clone(), label.span)
    } else {
        LabeledSpan::new_with_span(label.message.clone(), label.span)
    }
}

/// A [`Diag`] with its source text attached: what miette renders.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct MietteDiag {
    code: String,
    severity: Severity,
    message: String,
    source_code: Option<crate::source::IndexedSource>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<MietteDiag>,
}

/// How a related diagnostic renders: its severity, message, file and
/// label spans (related diagnostics have no code, help or related of
/// their own), so that equal ones are rendered once.
pub type RelatedKey = (Severity, String, Option<String>, Vec<(usize, usize)>);

impl MietteDiag {
    /// Its related diagnostics, taken out of it (to be rendered apart with
    /// [`Renderer::render_related`]).
    pub fn take_related(&mut self) -> Vec<MietteDiag> {
        std::mem::take(&mut self.related)
    }

    /// What identifies this diagnostic's rendering as a related one.
    pub fn related_key(&self) -> RelatedKey {
        (
            self.severity,
            self.message.clone(),
            self.source_code.as_ref().map(|s| s.name().to_string()),
            self.labels.iter().map(|l| (l.offset(), l.len())).collect(),
        )
    }
}

/// A diagnostic with nothing in it, to carry a related one: what miette
/// writes for a related diagnostic is what it writes for the carrier with
/// it less what it writes for the carrier alone.
#[cfg(feature = "render")]
fn carrier() -> MietteDiag {
    MietteDiag {
        code: String::new(),
        severity: Severity::Advice,
        message: String::new(),
        source_code: None,
        labels: Vec::new(),
        help: None,
        related: Vec::new(),
    }
}

/// How diagnostics are drawn for people: a miette graphical handler, and
/// the same handler with line wrapping off, given texts it need not wrap.
///
/// miette wraps a diagnostic's message and help with textwrap, which, for
/// any text with an indent (all of miette's), runs the Unicode line-break
/// analysis over the text even when it fits on one line: a tenth of a
/// check with many findings. A text that fits, in the first line's width
/// and the next lines' (textwrap's first-fit puts a text whose display
/// width is within a line's on that line), with no line break, no control
/// character (display widths then add up), and no white space at its ends
/// (textwrap trims it at the end), is written by either handler as its
/// indent and the text unchanged. A longer one is broken here as miette
/// would break it (textwrap with miette's options and indents as wide as
/// its own), and its lines given to the unwrapping handler, which writes
/// each after its indent: so only the texts that need it are wrapped (a
/// disagreement's message, but not its help). A property test compares
/// the two handlers.
#[cfg(feature = "render")]
#[derive(Clone)]
pub struct Renderer {
    wrapping: miette::GraphicalReportHandler,
    unwrapped: miette::GraphicalReportHandler,
    /// What the wrapping handler writes for [`carrier`] alone.
    carrier_alone: String,
    /// The widest a message can be to fit, by severity (error, warning,
    /// advice); then a help.
    message_room: [usize; 3],
    help_room: usize,
    /// Where miette's textwrap lines end: the width less two columns.
    line: usize,
    /// Blank indents as wide as miette's before the first and the next
    /// lines of a message, by severity; then of a help.
    message_indents: [(String, String); 3],
    help_indents: (String, String),
    /// Texts longer than a line, as [`Renderer::laid_out`] broke them
    /// (`None`: left to the wrapping handler), by kind (a message of each
    /// severity, then a help): a report repeats them (a disagreement names
    /// the same other article for every article that disagrees with it).
    /// Shared by the renderer's clones, which draw alike; cleared when it
    /// grows large.
    broken: std::sync::Arc<std::sync::Mutex<[BrokenTexts; 4]>>,
}

/// Texts as [`Renderer::laid_out`] broke them, by the text.
#[cfg(feature = "render")]
type BrokenTexts = foldhash::HashMap<String, Option<String>>;

#[cfg(feature = "render")]
impl Renderer {
    /// Draw with `theme` in `width` columns, without links.
    pub fn new(theme: miette::GraphicalTheme, width: usize) -> Self {
        use textwrap::core::display_width;
        // The indents miette writes before the first line of a message
        // (its severity's sign) and the lines after (a bar), and before a
        // help, in its `render_causes` and `render_footer`; a text must fit
        // beside the wider, in the width less two columns.
        let line = width.saturating_sub(2);
        let chars = &theme.characters;
        let next = display_width(&format!("  {} ", chars.vbar));
        let room = |first: &str| line.saturating_sub(display_width(first).max(next));
        let firsts = [
            format!("  {} ", chars.error),
            format!("  {} ", chars.warning),
            format!("  {} ", chars.advice),
        ];
        let message_room = firsts.each_ref().map(|first| room(first));
        let help_room = line.saturating_sub(display_width("  help: "));
        let blank = |indent: &str| " ".repeat(display_width(indent));
        let message_indents = firsts.map(|first| (blank(&first), " ".repeat(next)));
        let help_indents = (blank("  help: "), blank("        "));
        let wrapping = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .with_links(false);
        let mut carrier_alone = String::new();
        // Writing into a String cannot fail.
        let _ = wrapping.render_report(&mut carrier_alone, &carrier());
        Renderer {
            unwrapped: wrapping.clone().with_wrap_lines(false),
            carrier_alone,
            wrapping,
            message_room,
            help_room,
            line,
            message_indents,
            help_indents,
            broken: Default::default(),
        }
    }

    /// Plain text: no colour, unicode box drawing, 80 columns, no links.
    pub fn plain() -> Self {
        Self::new(miette::GraphicalTheme::unicode_nocolor(), 80)
    }

    /// The handler that wraps (for diagnostics not drawn by [`Self::render`]).
    pub fn handler(&self) -> &miette::GraphicalReportHandler {
        &self.wrapping
    }

    /// What the wrapping handler writes for `related` as a related
    /// diagnostic of another (all it writes after the other's own lines).
    /// miette renders each related diagnostic from it alone (its own source
    /// and labels, the same handler), so this is the same text under any
    /// diagnostic; `None` if the carrier's lines are not found before it.
    pub fn render_related(&self, related: MietteDiag) -> Option<String> {
        let mut carrier = carrier();
        carrier.related.push(related);
        let mut with = String::new();
        self.wrapping.render_report(&mut with, &carrier).ok()?;
        with.strip_prefix(self.carrier_alone.as_str())
            .map(str::to_string)
    }

    /// Every diagnostic of `diags`, each followed by an empty line.
    pub fn render_all(&self, diags: &[Diag], sources: &SourceMap) -> String {
        let mut out = String::new();
        for d in diags {
            self.render(&mut out, d.to_miette(sources));
            out.push('\n');
        }
        out
    }

    /// Append `diag` as the wrapping handler draws it.
    pub fn render(&self, out: &mut String, mut diag: MietteDiag) {
        let severity = match diag.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Advice => 2,
        };
        let (room, indents) = (
            self.message_room.get(severity).copied().unwrap_or(0),
            self.message_indents.get(severity),
        );
        let message = indents.and_then(|i| self.laid_out(severity, &diag.message, room, i));
        let help = match &diag.help {
            None => Some(None),
            Some(h) => self.laid_out(3, h, self.help_room, &self.help_indents),
        };
        let handler = match (message, help) {
            (Some(message), Some(help)) if diag.related.is_empty() => {
                if let Some(m) = message {
                    diag.message = m;
                }
                if let Some(h) = help {
                    diag.help = Some(h);
                }
                &self.unwrapped
            }
            _ => &self.wrapping,
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(out, &diag);
    }

    /// `text` as the unwrapping handler must be given it to draw what the
    /// wrapping handler draws, with `indents` (blank, as wide as miette's
    /// before the first and the next lines): `Some(None)` when it fits in
    /// `room` as it is, `Some(Some(lines))` when it is longer, broken
    /// where textwrap breaks it (called as miette calls it, its lines
    /// without their indents: miette's unwrapping handler writes each
    /// line after the indent textwrap would have written), and `None`
    /// for a text only the wrapping handler draws right (see [`Renderer`]).
    fn laid_out(
        &self,
        kind: usize,
        text: &str,
        room: usize,
        indents: &(String, String),
    ) -> Option<Option<String>> {
        /// Broken texts kept at most, of each kind.
        const KEPT: usize = 4096;
        if text.is_empty()
            || text.starts_with(char::is_whitespace)
            || text.ends_with(char::is_whitespace)
            || text.contains(char::is_control)
        {
            return None;
        }
        // (No character is wider than its UTF-8 bytes: a text of no more
        // bytes than the room fits without its width measured.)
        if text.len() <= room || textwrap::core::display_width(text) <= room {
            return Some(None);
        }
        let known = self.broken.lock().ok().and_then(|broken| {
            broken
                .get(kind)
                .and_then(|of_kind| of_kind.get(text).cloned())
        });
        let lines = match known {
            Some(lines) => lines,
            None => {
                let lines = Self::break_lines(self.line, text, indents);
                if let Ok(mut broken) = self.broken.lock() {
                    if let Some(of_kind) = broken.get_mut(kind) {
                        if of_kind.len() >= KEPT {
                            of_kind.clear();
                        }
                        of_kind.insert(text.to_string(), lines.clone());
                    }
                }
                lines
            }
        };
        lines.map(Some)
    }

    /// `text` broken into lines of `line` columns as miette breaks it with
    /// `indents`, the lines without their indents; `None` if one of them
    /// would not be written alike by the unwrapping handler.
    fn break_lines(line: usize, text: &str, indents: &(String, String)) -> Option<String> {
        let (first, next) = indents;
        let options = textwrap::Options::new(line)
            .initial_indent(first)
            .subsequent_indent(next)
            .break_words(true);
        let mut lines = String::with_capacity(text.len() + 8);
        for (i, line) in textwrap::wrap(text, options).iter().enumerate() {
            let indent = if i == 0 { first } else { next };
            // A line textwrap left without its indent, or with nothing
            // after it, is written otherwise by the unwrapping handler.
            let rest = line.strip_prefix(indent.as_str())?;
            if rest.trim().is_empty() {
                return None;
            }
            if i > 0 {
                lines.push('\n');
            }
            lines.push_str(rest);
        }
        Some(lines)
    }
}

impl miette::Diagnostic for MietteDiag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(format!("factlint::{}", self.code)))
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source_code.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|d| d as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// Render diagnostics as deterministic plain text: no colour, unicode
/// box drawing, 80 columns, no links. This is what snapshot tests compare.
#[cfg(feature = "render")]
pub fn render_plain(diags: &[Diag], sources: &SourceMap) -> String {
    Renderer::plain().render_all(diags, sources)
}

#[cfg(all(test, feature = "render"))]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// Three paragraphs of four sentences each, one to a line, with a
    /// blank line between them.
    fn article() -> String {
        (1..=3)
            .map(|p| {
                (1..=4)
                    .map(|s| format!("Paragraph {p} sentence {s} is about the summit in Astana."))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    }

    fn span_of(sources: &SourceMap, file: FileId, needle: &str) -> Span {
        let at = sources.get(file).text.find(needle).unwrap();
        Span::new(file, at, at + needle.len())
    }

    #[test]
    fn a_claim_on_a_long_line_shows_its_sentence() {
        let mut sources = SourceMap::default();
        let file = sources.add("a.txt", "a.txt", article());
        let diag = Diag::error("test", "wrong").with_label(Label::primary(
            span_of(&sources, file, "sentence 3"),
            "here",
        ));
        let out = render_plain(&[diag], &sources);
        // "sentence 3" is first in paragraph 1: 120 bytes into its line.
        let expected = "\
   ╭─[a.txt:1:121]
 1 │ … Paragraph 1 sentence 3 is about the summit in Astana. …
   ·               ─────┬────
   ·                    ╰── here
   ╰────
";
        assert!(out.contains(expected), "{out}");
    }

    /// Lines end at line feeds in the snippet as in every other report: a
    /// lone carriage return (old Mac text) is drawn as a space, not counted
    /// as a line (miette numbered the line 0 and drew the return in it);
    /// CR LF ends a line as LF does.
    #[test]
    fn lone_carriage_returns_do_not_end_lines() {
        let mut sources = SourceMap::default();
        let file = sources.add(
            "a.txt",
            "a.txt",
            "Intro line.\rThe claim is here.\r\nNext line.\n",
        );
        let diag = Diag::error("test", "wrong")
            .with_label(Label::primary(span_of(&sources, file, "claim"), "here"));
        let out = render_plain(&[diag], &sources);
        let (line, column) = sources
            .get(file)
            .line_col(span_of(&sources, file, "claim").start);
        assert_eq!((line, column), (1, 17));
        assert!(out.contains("╭─[a.txt:1:17]"), "{out}");
        assert!(
            out.contains(" 1 │ Intro line. The claim is here.\n"),
            "{out}"
        );
        assert!(out.contains(" 2 │ Next line.\n"), "{out}");
        assert!(!out.contains('\r') && !out.contains(" 0 │"), "{out}");
    }

    /// The header's column is counted in characters, as the JSON, SARIF
    /// and GitHub formats count it (miette counts bytes).
    #[test]
    fn the_header_column_counts_characters() {
        let mut sources = SourceMap::default();
        let text = "“Quoted” words — then the claim.\n";
        let file = sources.add("a.txt", "a.txt", text);
        let span = span_of(&sources, file, "claim");
        let (line, column) = sources.get(file).line_col(span.start);
        assert_eq!((line, column), (1, 27));
        let diag = Diag::error("test", "wrong").with_label(Label::primary(span, "here"));
        let out = render_plain(&[diag], &sources);
        assert!(out.contains("╭─[a.txt:1:27]"), "{out}");
    }

    /// A diagnostic renders as its own lines followed by each related
    /// diagnostic rendered apart, in colour or not: related snippets in a
    /// rule file, in the article itself, and of a file not shown.
    #[test]
    fn related_diagnostics_render_apart_as_under_their_diagnostic() {
        let mut sources = SourceMap::default();
        let article = sources.add("a.txt", "a.txt", article());
        let rules = sources.add(
            "r.facts",
            "r.facts",
            "entity X \"Ex\"\n\nmember(O, X)\n  source \"s\"\n",
        );
        let unseen = sources.add("gone.txt", "gone.txt", "Gone text here.\n");
        sources.remember(Span::new(unseen, 5, 9));
        sources.release(unseen);
        let rule = span_of(&sources, rules, "member(O, X)");
        let diags = [
            Diag::error("test", "wrong")
                .with_label(Label::primary(
                    span_of(&sources, article, "Paragraph 2 sentence 3"),
                    "here",
                ))
                .with_label(Label::secondary(rule, "stated here"))
                .with_label(Label::secondary(
                    span_of(&sources, article, "Paragraph 3 sentence 1"),
                    "and here",
                ))
                .with_label(Label::secondary(Span::new(unseen, 5, 9), "gone"))
                .with_help("Some help."),
            Diag::error("test", "also wrong")
                .with_severity(Severity::Warning)
                .with_label(Label::primary(
                    span_of(&sources, article, "Paragraph 1 sentence 1"),
                    "this",
                ))
                .with_label(Label::secondary(
                    span_of(&sources, rules, "Ex"),
                    "named here",
                ))
                .with_label(Label::secondary(rule, "stated here")),
        ];
        for theme in [
            miette::GraphicalTheme::unicode_nocolor(),
            miette::GraphicalTheme::unicode(),
        ] {
            let renderer = Renderer::new(theme, 80);
            let handler = renderer.handler();
            for d in &diags {
                let mut whole = String::new();
                handler
                    .render_report(&mut whole, &d.to_miette(&sources))
                    .unwrap();
                let mut main = d.to_miette(&sources);
                let related = main.take_related();
                assert!(!related.is_empty());
                let mut apart = String::new();
                handler.render_report(&mut apart, &main).unwrap();
                for rel in related {
                    apart.push_str(&renderer.render_related(rel).unwrap());
                }
                assert_eq!(apart, whole);
            }
        }
    }

    #[test]
    fn labels_over_long_lines_get_snippets_of_their_own() {
        let mut sources = SourceMap::default();
        let file = sources.add("a.txt", "a.txt", article());
        let first = span_of(&sources, file, "Paragraph 1 sentence 2");
        let third = span_of(&sources, file, "Paragraph 3 sentence 1");
        let same_line = span_of(&sources, file, "Paragraph 1 sentence 4");
        let diag = Diag::error("test", "wrong")
            .with_label(Label::primary(first, "this"))
            .with_label(Label::secondary(same_line, "same line"))
            .with_label(Label::secondary(third, "that"));
        let out = render_plain(&[diag], &sources);
        // The label on the primary's line shares its snippet; the one four
        // lines on, over a long line, is a related snippet of its own; no
        // line is shown whole.
        assert!(out.contains("same line"), "{out}");
        assert!(out.contains("  ☞ that"), "{out}");
        assert_eq!(out.matches("Paragraph 2").count(), 0, "{out}");
        assert_eq!(out.matches("Paragraph 1 sentence 1").count(), 0, "{out}");
        assert_eq!(out.matches("Paragraph 3 sentence 2").count(), 0, "{out}");
    }

    /// Two labels far apart on one long line: a shared snippet would show
    /// all the line between them, so the second gets a snippet of its own;
    /// two close together still share one.
    #[test]
    fn labels_far_apart_on_one_long_line_get_snippets_of_their_own() {
        let mut sources = SourceMap::default();
        let line: String = (1..=12)
            .map(|s| format!("Sentence {s} of the paragraph is about the summit in Astana."))
            .collect::<Vec<_>>()
            .join(" ");
        let file = sources.add("a.txt", "a.txt", format!("{line}\n"));
        let diag = Diag::error("test", "wrong")
            .with_label(Label::primary(
                span_of(&sources, file, "Sentence 2 "),
                "this",
            ))
            .with_label(Label::secondary(
                span_of(&sources, file, "Sentence 3 "),
                "near",
            ))
            .with_label(Label::secondary(
                span_of(&sources, file, "Sentence 11"),
                "far",
            ));
        let out = render_plain(&[diag], &sources);
        assert!(out.contains("  ☞ far"), "{out}");
        assert!(!out.contains("☞ near"), "{out}");
        assert!(out.contains("near"), "{out}");
        // Nothing between is shown, and no line is near as long as the
        // paragraph.
        for absent in [
            "Sentence 1 ",
            "Sentence 5",
            "Sentence 7",
            "Sentence 9",
            "Sentence 12",
        ] {
            assert!(!out.contains(absent), "{absent}: {out}");
        }
        assert!(out.lines().all(|l| l.chars().count() < 160), "{out}");
    }

    /// Texts near the width of a line, with what makes wrapping hard:
    /// break opportunities other than spaces, wide and zero-width
    /// characters, tabs, line breaks, escapes, spaces at the ends.
    fn wrappable() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            // Words: mostly texts the unwrapping handler may draw.
            "[a-z0-9é中\u{301}\u{200b}“”(),./-]{1,12}( [a-z0-9é中\u{301}\u{200b}“”(),./-]{1,12}){0,12}",
            "[a-z0-9 \\-/(),.é中\u{301}\u{200b}“”\t\n\u{1b}]{0,90}",
        ]
    }

    proptest::proptest! {
        /// What `laid_out` leaves unmeasured: no text is wider than its
        /// UTF-8 bytes (wide characters take three or four).
        #[test]
        fn no_text_is_wider_than_its_bytes(text in "\\PC*|[\u{1100}-\u{115f}\u{2e80}-\u{a4cf}\u{ac00}-\u{d7a3}\u{f900}-\u{faff}\u{fe30}-\u{fe4f}\u{ff00}-\u{ff60}\u{1f300}-\u{1f64f}\u{20000}-\u{2fffd}]*") {
            proptest::prop_assert!(textwrap::core::display_width(&text) <= text.len());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn the_renderer_draws_what_the_wrapping_handler_draws(
            message in wrappable(),
            help in proptest::option::of(wrappable()),
            severity in proptest::sample::select(vec![Severity::Error, Severity::Warning, Severity::Advice]),
            width in 0usize..90,
            colour: bool,
            labelled: bool,
        ) {
            let mut sources = SourceMap::default();
            let file = sources.add("a.txt", "a.txt", article());
            let mut diag = Diag::error("code", message).with_severity(severity);
            if let Some(help) = help {
                diag = diag.with_help(help);
            }
            if labelled {
                diag = diag.with_label(Label::primary(
                    span_of(&sources, file, "Paragraph 2 sentence 3"),
                    "here",
                ));
            }
            let theme = if colour {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let renderer = Renderer::new(theme, width);
            let miette = diag.to_miette(&sources);
            let mut expected = String::new();
            renderer.handler().render_report(&mut expected, &miette).unwrap();
            let mut drawn = String::new();
            renderer.render(&mut drawn, diag.to_miette(&sources));
            proptest::prop_assert_eq!(&drawn, &expected);
            // Again, with the texts broken the first time, and with the
            // message as the help and the help as the message: each kind
            // of text is broken by its own indents.
            let mut again = String::new();
            renderer.render(&mut again, diag.to_miette(&sources));
            proptest::prop_assert_eq!(again, expected);
            let mut swapped = Diag::error("code", diag.help.clone().unwrap_or_default())
                .with_severity(severity)
                .with_help(diag.message.clone());
            swapped.labels = diag.labels.clone();
            let mut expected = String::new();
            renderer.handler().render_report(&mut expected, &swapped.to_miette(&sources)).unwrap();
            let mut drawn = String::new();
            renderer.render(&mut drawn, swapped.to_miette(&sources));
            proptest::prop_assert_eq!(drawn, expected);
        }
    }
}
