//! Reports: the same findings as miette diagnostics for people, or as JSON
//! for programs. Nothing here decides a verdict.

pub mod github;
pub mod json;
pub mod sarif;

use crate::check::Report;
use crate::diagnostic::{Diag, Severity};
use crate::engine::Verdict;
#[cfg(feature = "render")]
use crate::source::SourceMap;

/// Diagnostics of a check, in output order: findings first (sorted by file,
/// offset, code), then files and claims that could not be checked.
pub fn report_diags(report: &Report) -> Vec<Diag> {
    report.findings.iter().map(|f| f.to_diag()).collect()
}

/// A finding's message and help as one text, for formats with one message.
pub fn finding_text(f: &crate::check::Finding) -> String {
    message_and_help(&f.message, f.help.as_deref())
}

/// A message followed by its help, as one text.
pub fn message_and_help(message: &str, help: Option<&str>) -> String {
    match help {
        Some(h) if message.ends_with(['.', '?', '!']) => format!("{message} {h}"),
        Some(h) => format!("{message}. {h}"),
        None => message.to_string(),
    }
}

/// One line that sums a check up.
pub fn summary_line(report: &Report) -> String {
    let claims = report.claim_count();
    let articles = report.article_count();
    format!(
        "{} {}, {} {}: {} supported, {} contradicted, {} unverifiable; findings: {} {}, {} {}, {} advice",
        articles,
        plural(articles, "article", "articles"),
        claims,
        plural(claims, "claim", "claims"),
        report.count(Verdict::Supported),
        report.count(Verdict::Contradicted),
        report.count(Verdict::Unverifiable),
        report.findings_at(Severity::Error),
        plural(report.findings_at(Severity::Error), "error", "errors"),
        report.findings_at(Severity::Warning),
        plural(report.findings_at(Severity::Warning), "warning", "warnings"),
        report.findings_at(Severity::Advice),
    )
}

/// `n` and the noun for it: "1 file", "2 files".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Articles whose date was not given, for a note in the report.
pub fn undated_articles(report: &Report) -> Vec<String> {
    report
        .undated()
        .into_iter()
        .map(|(file, date)| {
            format!(
                "{} has no date; it was checked as of today, {date}",
                report.sources.get(file).name,
            )
        })
        .collect()
}

/// Plain-text rendering of a check: every finding, every error, the notes
/// and the summary, with no colour and a fixed width of 80 columns;
/// byte-identical from run to run.
#[cfg(feature = "render")]
pub fn render_plain(report: &Report) -> String {
    let mut out = crate::diagnostic::render_plain(&report_diags(report), &report.sources);
    out.push_str(&crate::diagnostic::render_plain(
        &report.errors,
        &report.sources,
    ));
    for note in undated_articles(report) {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Render diagnostics one at a time and hand each rendering to `emit`, so
/// that no report is held whole in memory. Files whose text a streaming
/// check released are read again while a diagnostic that points into them
/// is rendered, and released again after. A file that cannot be read again,
/// or whose text is not the one that was checked, is not shown (its labels
/// say where they point instead); the returned warnings say so, one per
/// file.
#[cfg(feature = "render")]
pub fn write_diags<D: Into<Diag> + Send>(
    renderer: &crate::diagnostic::Renderer,
    diags: impl IntoIterator<Item = D>,
    sources: &mut SourceMap,
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<Vec<Diag>> {
    use crate::source::FileId;
    use rayon::prelude::*;
    /// Diagnostics rendered at once: in parallel with more than one
    /// thread, with the files they show read again before.
    const ROUND: usize = 256;
    /// Related diagnostics' renderings kept at most.
    const RELATED_PARTS: usize = 4096;
    let mut restored: Vec<FileId> = Vec::new();
    let mut failed: Vec<FileId> = Vec::new();
    let mut warnings = Vec::new();
    let mut diags = diags.into_iter();
    // The related diagnostics rendered so far (most are the rules behind
    // findings, shown again and again), by what they render from; cleared
    // when it grows large.
    let related_parts: std::sync::Mutex<
        std::collections::HashMap<crate::diagnostic::RelatedKey, std::sync::Arc<str>>,
    > = Default::default();
    let render = |d: &Diag, sources: &SourceMap| {
        let mut out = String::new();
        let mut main = d.to_miette(sources);
        let related = main.take_related();
        renderer.render(&mut out, main);
        for rel in related {
            let key = rel.related_key();
            let known = related_parts
                .lock()
                .ok()
                .and_then(|parts| parts.get(&key).cloned());
            let part = match known {
                Some(part) => part,
                None => match renderer.render_related(rel) {
                    Some(part) => {
                        let part: std::sync::Arc<str> = part.into();
                        if let Ok(mut parts) = related_parts.lock() {
                            if parts.len() >= RELATED_PARTS {
                                parts.clear();
                            }
                            parts.insert(key, part.clone());
                        }
                        part
                    }
                    None => {
                        // Not found apart: the whole diagnostic as miette
                        // renders it.
                        out.clear();
                        renderer.render(&mut out, d.to_miette(sources));
                        break;
                    }
                },
            };
            out.push_str(&part);
        }
        out.push('\n');
        out
    };
    loop {
        let round: Vec<D> = diags.by_ref().take(ROUND).collect();
        if round.is_empty() {
            break;
        }
        // (Findings become diagnostics here, on the pool's threads.)
        let round: Vec<Diag> = if rayon::current_num_threads() > 1 {
            round.into_par_iter().map(Into::into).collect()
        } else {
            round.into_iter().map(Into::into).collect()
        };
        // The files the round needs, each once: diagnostic by diagnostic,
        // each one's in the order of their ids (the order files are read
        // again in, and warnings come in).
        let mut files: Vec<FileId> = Vec::new();
        let mut needed = std::collections::HashSet::new();
        for d in &round {
            let mut these: Vec<FileId> = d.labels.iter().map(|l| l.span.file).collect();
            these.sort();
            files.extend(these.into_iter().filter(|f| needed.insert(*f)));
        }
        // Keep the files this round needs (often those of the round
        // before: findings are sorted by file), release the others.
        restored.retain(|f| {
            let keep = needed.contains(f);
            if !keep {
                sources.release(*f);
            }
            keep
        });
        // Read again on the pool's threads, kept in order here.
        let again: Vec<FileId> = files
            .into_iter()
            .filter(|&f| sources.get(f).is_released() && !failed.contains(&f))
            .collect();
        let shared: &SourceMap = sources;
        let texts: Vec<Option<Result<std::sync::Arc<str>, String>>> =
            if rayon::current_num_threads() > 1 {
                again.par_iter().map(|&f| shared.read_again(f)).collect()
            } else {
                again.iter().map(|&f| shared.read_again(f)).collect()
            };
        for (f, text) in again.into_iter().zip(texts) {
            match text {
                None => {}
                Some(Ok(text)) => {
                    sources.put_back(f, text);
                    restored.push(f);
                }
                Some(Err(why)) => {
                    failed.push(f);
                    warnings.push(
                        Diag::error("article-changed", format!("{why}; its findings are shown without its text"))
                            .with_severity(Severity::Warning)
                            .with_help("Articles are read again to show their text after all of them are checked; leave them unchanged until factlint is done."),
                    );
                }
            }
        }
        let shared: &SourceMap = sources;
        if rayon::current_num_threads() > 1 {
            let rendered: Vec<String> = round.par_iter().map(|d| render(d, shared)).collect();
            for out in rendered {
                emit(&out)?;
            }
        } else {
            for d in &round {
                emit(&render(d, shared))?;
            }
        }
    }
    for f in restored {
        sources.release(f);
    }
    Ok(warnings)
}

/// [`render_plain`], written as it goes rather than held whole, for
/// reports of any size: articles that a streaming check released are read
/// again while findings in them are rendered (see [`write_diags`]); a
/// warning after the errors says which could not be.
#[cfg(feature = "render")]
pub fn write_plain(
    report: &mut Report,
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let h = crate::diagnostic::Renderer::plain();
    let mut unshown = write_diags(&h, &report.findings, &mut report.sources, emit)?;
    let errors = report.errors.iter().cloned().chain(unshown.drain(..));
    let unshown = write_diags(&h, errors, &mut report.sources, emit)?;
    write_diags(&h, unshown, &mut report.sources, emit)?;
    for note in undated_articles(report) {
        emit(&format!("note: {note}\n"))?;
    }
    emit(&summary_line(report))?;
    emit("\n")
}

/// Plain-text rendering of rule-file diagnostics.
#[cfg(feature = "render")]
pub fn render_rule_diagnostics(diags: &[Diag], sources: &SourceMap) -> String {
    crate::diagnostic::render_plain(diags, sources)
}

/// serde_json's pretty layout (two spaces a level) for a value nested in a
/// larger document: each line after the first starts with `base`, the
/// indentation of the place the value is written at. Written straight to
/// the output, with the bytes `to_vec_pretty` gives re-indented by `base`,
/// but without the intermediate buffer and the pass over it (the JSON and
/// SARIF reports write every entry this way).
struct NestedPretty {
    /// `,`, a line break, the base indentation, then spaces enough for
    /// the levels seen so far: every line break is one slice of it.
    breaks: Vec<u8>,
    /// The length of `,\n` and the base indentation.
    base: usize,
    level: usize,
    has_value: bool,
}

impl NestedPretty {
    /// A line break (after a comma if `comma`) and the indentation of the
    /// current level.
    fn new_line<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        comma: bool,
    ) -> std::io::Result<()> {
        let end = self.base + 2 * self.level;
        if self.breaks.len() < end {
            self.breaks.resize(end, b' ');
        }
        let from = usize::from(!comma);
        w.write_all(self.breaks.get(from..end).unwrap_or_default())
    }
}

impl NestedPretty {
    /// An array or object opens: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// An array or object closes, on a line of its own unless empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Write each of `items` into `out`, in order: `first` before the first,
/// `then` before each other, then what `write` makes of it. The items are
/// serialised into buffers, a few thousand at a time in pieces serialised
/// in parallel, and written in order, each round while the next is
/// serialised: reports write their findings last, after every article,
/// with nothing else left to run meanwhile.
pub(crate) fn write_in_pieces<W: std::io::Write + Send + ?Sized, T: Sync>(
    out: &mut W,
    items: &[T],
    (first, then): (&[u8], &[u8]),
    write: impl Fn(&mut Vec<u8>, &T) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const ROUND: usize = 4096;
    const PIECE: usize = 64;
    let serialise = |buffer: &mut Vec<u8>, r: usize, p: usize, piece: &[T]| {
        buffer.clear();
        for (k, item) in piece.iter().enumerate() {
            let is_first = r == 0 && p == 0 && k == 0;
            buffer.extend_from_slice(if is_first { first } else { then });
            write(buffer, item)?;
        }
        std::io::Result::Ok(())
    };
    if rayon::current_num_threads() <= 1 {
        // One thread: nothing to share out; one buffer, reused.
        let mut buffer = Vec::new();
        for (p, piece) in items.chunks(PIECE).enumerate() {
            serialise(&mut buffer, 0, p, piece)?;
            out.write_all(&buffer)?;
        }
        return Ok(());
    }
    let write_round = |out: &mut W, pieces: Vec<std::io::Result<Vec<u8>>>| {
        for piece in pieces {
            out.write_all(&piece?)?;
        }
        std::io::Result::Ok(())
    };
    // The round serialised before, written while this one is serialised
    // (a round of SARIF is some 6 MB: writing it took the pool's time).
    let mut serialised = Vec::new();
    for (r, round) in items.chunks(ROUND).enumerate() {
        let before = std::mem::take(&mut serialised);
        let (pieces, written) = rayon::join(
            || {
                round
                    .par_chunks(PIECE)
                    .enumerate()
                    .map(|(p, piece)| {
                        let mut buffer = Vec::new();
                        serialise(&mut buffer, r, p, piece).map(|()| buffer)
                    })
                    .collect::<Vec<_>>()
            },
            || write_round(out, before),
        );
        written?;
        serialised = pieces;
    }
    write_round(out, serialised)
}

/// Write `value` as pretty JSON nested at indentation `base` (see
/// [`NestedPretty`]).
pub(crate) fn write_pretty_nested<W: std::io::Write, T: serde::Serialize>(
    out: &mut W,
    value: &T,
    base: &str,
) -> std::io::Result<()> {
    let mut breaks = b",\n".to_vec();
    breaks.extend_from_slice(base.as_bytes());
    let formatter = NestedPretty {
        base: breaks.len(),
        breaks,
        level: 0,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(out, formatter);
    value.serialize(&mut ser).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    /// Pieces written in parallel are the items written one by one, in order.
    #[test]
    fn items_written_in_pieces_are_written_in_order() {
        // On one thread (written as they come) and on several (in pieces).
        for threads in [1, 3] {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool")
                .install(items_in_order);
        }
    }

    /// A writer that fails once, on the write that would take it past
    /// `room` bytes, and takes everything after that: an error that is
    /// not returned at once is lost.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                self.room = usize::MAX;
                return Err(std::io::Error::other("full"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// An error writing any round (the first, one in the middle, the last)
    /// is returned, on one thread and on several.
    #[test]
    fn an_error_writing_items_in_pieces_is_returned() {
        let items: Vec<usize> = (0..9000).collect();
        let whole: usize = items.iter().map(|i| i.to_string().len() + 1).sum();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            for room in [0, 100, 30_000, whole - 1] {
                let written = pool.install(|| {
                    super::write_in_pieces(&mut Full { room }, &items, (b"<", b","), |b, i| {
                        b.extend_from_slice(i.to_string().as_bytes());
                        Ok(())
                    })
                });
                assert!(written.is_err(), "{room} bytes, {threads} thread(s)");
            }
            let written = pool.install(|| {
                super::write_in_pieces(&mut Full { room: whole }, &items, (b"<", b","), |b, i| {
                    b.extend_from_slice(i.to_string().as_bytes());
                    Ok(())
                })
            });
            assert!(written.is_ok(), "all fits, {threads} thread(s)");
        }
    }

    fn items_in_order() {
        let items: Vec<usize> = (0..9000).collect();
        for n in [0, 1, 63, 64, 65, 4095, 4096, 4097, 9000] {
            let mut out = Vec::new();
            super::write_in_pieces(&mut out, &items[..n], (b"<", b","), |b, i| {
                b.extend_from_slice(i.to_string().as_bytes());
                Ok(())
            })
            .expect("written");
            let mut expected = String::new();
            for (k, i) in items[..n].iter().enumerate() {
                expected.push_str(if k == 0 { "<" } else { "," });
                expected.push_str(&i.to_string());
            }
            assert_eq!(String::from_utf8(out).expect("UTF-8"), expected, "{n}");
        }
    }
}
