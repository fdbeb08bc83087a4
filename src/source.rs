//! Source files (rule files and articles) and byte spans into them.
//!
//! Every span in factlint is a byte range into one file held here, so a
//! diagnostic can always show the text it talks about, and line and column
//! are computed from the span only when a report needs them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn to(&self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.len()).into()
    }
}

/// A file's name as shown to people, its path on disk and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics: the path as the user gave it.
    pub name: String,
    pub path: PathBuf,
    /// The file's text; empty once [released](SourceMap::release).
    pub text: Arc<str>,
    /// Byte offsets where lines start (after each `\n`), and whether the
    /// text holds a `\r`, found on first use: reports ask for thousands of
    /// line numbers and snippets in the same rule file.
    line_starts: std::sync::OnceLock<(Arc<[usize]>, bool)>,
    /// The text as miette is shown it ([`without_lone_carriage_returns`]),
    /// made on first use by a text that holds a `\r`: every diagnostic
    /// into the file asks for it, and making it reads the whole text.
    shown: std::sync::OnceLock<Arc<str>>,
    /// The characters before each block of the text ([`CharBlocks`]),
    /// counted on first use by a long text.
    char_blocks: std::sync::OnceLock<CharBlocks>,
    /// Line and column of the offsets that reports will ask for once the
    /// text is released, by byte offset.
    positions: BTreeMap<usize, (usize, usize)>,
    /// Set while the text is released: what it was, to recognise it when
    /// it is read again.
    released: Option<Fingerprint>,
    /// The text cannot be read again (a pipe, such as `/dev/stdin` or
    /// `<(command)`): it is never released.
    read_once: bool,
    /// The last position [`SourceFile::remember`] computed, to count the
    /// next one on from (reports remember spans mostly in text order).
    last_remembered: Option<(usize, (usize, usize))>,
}

/// The length and a hash of a released text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(text: &str) -> Self {
        use std::hash::BuildHasher;
        Fingerprint {
            len: text.len(),
            hash: foldhash::fast::FixedState::with_seed(0).hash_one(text),
        }
    }
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: Arc<str>) -> Self {
        SourceFile {
            name,
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            shown: std::sync::OnceLock::new(),
            char_blocks: std::sync::OnceLock::new(),
            positions: BTreeMap::new(),
            released: None,
            read_once: false,
            last_remembered: None,
        }
    }

    /// Whether the text was released (and not read again): spans into this
    /// file still have the line and column remembered for them, but no text.
    pub fn is_released(&self) -> bool {
        self.released.is_some()
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past
    /// the end or inside a character are clamped to the nearest boundary.
    /// Once the text is released, only remembered offsets are known; any
    /// other gives line 1, column 1.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_col_after(offset, &mut None)
    }

    /// The line (from 1) of byte `offset`: [`SourceFile::line_col`]'s line,
    /// without counting the column (on a line of megabytes, counting it
    /// for every finding made a report's cost grow as the line's square).
    pub fn line_of(&self, offset: usize) -> usize {
        if self.released.is_some() {
            return self.line_col(offset).0;
        }
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (starts, _) = self.line_starts();
        starts.partition_point(|&s| s <= offset)
    }

    /// [`SourceFile::line_col`], counting the column on from `known` (an
    /// offset of this file with its line and column, as this function
    /// leaves it) when `offset` is after it on the same line. Offsets asked
    /// for in order thus cost the bytes between them, not each a count
    /// from its line's start: articles often have lines of thousands of
    /// bytes.
    pub fn line_col_after(
        &self,
        offset: usize,
        known: &mut Option<(usize, (usize, usize))>,
    ) -> (usize, usize) {
        if self.released.is_some() {
            return self.positions.get(&offset).copied().unwrap_or((1, 1));
        }
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (starts, _) = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let (from, column) = match *known {
            Some((at, (l, c))) if l == line && at <= offset => (at, c),
            _ => (line_start, 1),
        };
        let column = column + self.char_blocks().columns(text, from, offset);
        *known = Some((offset, (line, column)));
        (line, column)
    }

    /// Whether a line from `first` to `last` (1-based, both included) is
    /// longer than a snippet shows whole ([`crate::snippet::LONG_LINE`]).
    pub fn has_long_line(&self, first: usize, last: usize) -> bool {
        let (starts, _) = self.line_starts();
        let text: &str = &self.text;
        (first.max(1)..=last).any(|line| {
            let Some(&start) = starts.get(line - 1) else {
                return false;
            };
            let end = starts.get(line).map_or(text.len(), |&s| s - 1);
            let line = text.get(start..end).unwrap_or("");
            crate::snippet::is_long(line.strip_suffix('\r').unwrap_or(line))
        })
    }

    fn line_starts(&self) -> &(Arc<[usize]>, bool) {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let starts = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
                .collect();
            (starts, memchr::memchr(b'\r', bytes).is_some())
        })
    }

    /// The characters before each block of the text, for counting columns
    /// on long lines; none kept for a short text.
    fn char_blocks(&self) -> &CharBlocks {
        self.char_blocks.get_or_init(|| CharBlocks::of(&self.text))
    }

    /// The file's text for miette to show, with its name and line starts.
    pub fn named_source(&self) -> IndexedSource {
        let (line_starts, has_cr) = self.line_starts();
        let text = if *has_cr {
            self.shown
                .get_or_init(|| without_lone_carriage_returns(&self.text))
                .clone()
        } else {
            self.text.clone()
        };
        IndexedSource {
            name: self.name.clone(),
            text,
            // (The line feeds are where they were: a lone `\r` made a space
            // is no line break, to miette either.)
            line_starts: line_starts.clone(),
            // (A lone `\r` made a space is a character still.)
            char_blocks: self.char_blocks().clone(),
            shown: elsa::sync::FrozenVec::new(),
        }
    }

    /// Remember the line and column of both ends of `span` (a span in this
    /// file), so that they are known after the text is released.
    fn remember(&mut self, span: Span) {
        if self.released.is_some() {
            return;
        }
        let mut known = self.last_remembered.take();
        for offset in [span.start, span.end] {
            if !self.positions.contains_key(&offset) {
                let lc = self.line_col_after(offset, &mut known);
                self.positions.insert(offset, lc);
            }
        }
        self.last_remembered = known;
    }
}

/// `text` with each carriage return that is not followed by a line feed
/// made a space (the same length, so offsets stay). Lines end at line
/// feeds in every report (lines and columns in JSON, SARIF, GitHub
/// annotations); miette, given a lone carriage return, counted it as the
/// end of a line for the snippet's line numbers but drew it inside its
/// line, numbered 0.
fn without_lone_carriage_returns(text: &Arc<str>) -> Arc<str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return Arc::clone(text);
    }
    let mut shown = bytes.to_vec();
    for i in memchr::memchr_iter(b'\r', bytes).filter(|&i| lone(i)) {
        if let Some(b) = shown.get_mut(i) {
            *b = b' ';
        }
    }
    // An ASCII byte replaced by another: still UTF-8.
    Arc::from(
        String::from_utf8(shown)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// A file's text as miette reads it, by name, through miette's own reading
/// of a text (so snippets are exactly what it would show), but begun a few
/// lines before the span rather than at the start of the file: miette
/// counts lines from the first byte for every snippet, which for the
/// thousands of findings that point into one long rule file was most of
/// the time of a report (BENCHMARKS.md).
pub struct IndexedSource {
    name: String,
    text: Arc<str>,
    /// Where lines start: after each `\n`, as miette counts them too (the
    /// text holds no lone `\r`: a `\r\n` is one line break).
    line_starts: Arc<[usize]>,
    char_blocks: CharBlocks,
    /// The cut lines made for miette (with their marks, so not slices of
    /// the text), kept while it renders: it borrows them from here.
    shown: elsa::sync::FrozenVec<Box<str>>,
}

impl Clone for IndexedSource {
    fn clone(&self) -> Self {
        IndexedSource {
            name: self.name.clone(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
            char_blocks: self.char_blocks.clone(),
            shown: elsa::sync::FrozenVec::new(),
        }
    }
}

impl IndexedSource {
    /// The file's name, as shown.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl std::fmt::Debug for IndexedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedSource")
            .field("name", &self.name)
            .field("bytes", &self.text.len())
            .finish()
    }
}

impl miette::SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let bytes = self.text.as_bytes();
        // A span whose end is past any offset (miette would overflow
        // adding its length to its start).
        if span.offset().checked_add(span.len()).is_none() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // A snippet with context that would show a long line: the span's
        // sentences instead (see `snippet`).
        if context_lines_before + context_lines_after > 0 {
            if let Some(cut) = crate::snippet::cut_in(
                self.lines(),
                span.offset(),
                span.offset().saturating_add(span.len()),
                context_lines_before,
                context_lines_after,
            ) {
                return Ok(Box::new(self.cut_contents(cut)));
            }
        }
        // The span alone (what miette's header reads): computed from the
        // line index, not by reading the line from its start, which for a
        // line of megabytes was milliseconds a finding.
        if context_lines_before == 0 && context_lines_after == 0 {
            return self.span_alone(span).map(|c| Box::new(c) as _);
        }
        // A span that starts past the end, read without lines before it:
        // miette would slice from its start, past the end of the text (a
        // panic).
        if context_lines_before == 0 && span.offset() > bytes.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // The span's line (from 0), and the line begun at: one more
        // before it than the context, so that miette meets the line breaks
        // it counts context lines by (a `\r\n` is one to miette, and a line
        // begins after it).
        let starts = &self.line_starts;
        let line = starts
            .partition_point(|&s| s <= span.offset())
            .saturating_sub(1);
        let first = line.saturating_sub(context_lines_before + 1);
        let (from, lines_before) = (starts.get(first).copied().unwrap_or(0), first);
        let window = bytes.get(from..).unwrap_or_default();
        let inner = miette::SourceCode::read_span(
            window,
            &miette::SourceSpan::new((span.offset() - from).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        // Offsets and line numbers back in the whole text's terms (miette's
        // line count is counted from the start of what it reads too).
        // miette counts the column of a span read without context (the one
        // its header shows) in bytes; factlint's other formats count
        // columns in characters, and so does this.
        let column = if context_lines_before == 0 {
            let at = crate::snippet::floor_boundary(&self.text, span.offset());
            let line = starts.partition_point(|&s| s <= at).saturating_sub(1);
            let line_start = starts.get(line).copied().unwrap_or(0).min(at);
            self.char_blocks.columns(&self.text, line_start, at)
        } else {
            inner.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + lines_before,
            column,
            inner.line_count() + lines_before,
        )))
    }
}

impl IndexedSource {
    /// What miette is given of a [cut](crate::snippet::Cut) line: the text
    /// between the cuts, after a mark that stands in for the bytes before
    /// the first cut (so every offset after it is the file's) and before
    /// one after the second.
    fn cut_contents(&self, cut: crate::snippet::Cut) -> miette::MietteSpanContents<'_> {
        use crate::snippet::{MARK_END, MARK_START};
        let text: &str = &self.text;
        let from = cut.start
            - if cut.marked_start {
                MARK_START.len()
            } else {
                0
            };
        let data: &str = if cut.marked_start || cut.marked_end {
            let mut shown =
                String::with_capacity(cut.end - cut.start + MARK_START.len() + MARK_END.len());
            if cut.marked_start {
                shown.push_str(MARK_START);
            }
            shown.push_str(&text[cut.start..cut.end]);
            if cut.marked_end {
                shown.push_str(MARK_END);
            }
            self.shown.push_get(shown.into_boxed_str())
        } else {
            &text[cut.start..cut.end]
        };
        let line = self.line_index(from);
        let last_line = self.line_index(cut.end);
        let line_start = self.lines().start(from);
        miette::MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            miette::SourceSpan::new(from.into(), data.len()),
            line,
            from - line_start,
            last_line + 1,
        )
    }

    /// What miette's own reading of the text (which holds no lone `\r`)
    /// gives for `span` without context (its data, span, line and line
    /// count; the column in characters, from the line feed before it),
    /// found through the line starts.
    fn span_alone(
        &self,
        span: &miette::SourceSpan,
    ) -> Result<miette::MietteSpanContents<'_>, miette::MietteError> {
        let starts = &self.line_starts;
        let bytes = self.text.as_bytes();
        let start = span.offset();
        if start > bytes.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // miette reads up to and including the span's last byte (the byte
        // before the span, for an empty one, or the first of the text; and
        // the `\n` after it, when it is the `\r` of a `\r\n`), and to the
        // end of the text when that is past it.
        let last = start.saturating_add(span.len()).saturating_sub(1);
        let end = if bytes.get(last) == Some(&b'\r') && bytes.get(last + 1) == Some(&b'\n') {
            last + 2
        } else if last < bytes.len() {
            last + 1
        } else if last == bytes.len() {
            bytes.len()
        } else {
            return Err(miette::MietteError::OutOfBounds);
        };
        // Line breaks before the span's start, and up to the end read.
        let breaks_before = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
        let at = crate::snippet::floor_boundary(&self.text, start);
        // (From the line feed before it, as in every report: between the
        // bytes of a `\r\n`, the `\r` is a column of its line.)
        let line_start = starts.get(breaks_before(at)).copied().unwrap_or(0).min(at);
        Ok(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &bytes[start..end],
            miette::SourceSpan::new(start.into(), end - start),
            breaks_before(start),
            self.char_blocks.columns(&self.text, line_start, at),
            breaks_before(end),
        ))
    }

    /// The lines of the text, found through the line starts.
    fn lines(&self) -> crate::snippet::Lines<'_> {
        crate::snippet::Lines::indexed(&self.text, &self.line_starts)
    }

    /// The line (from 0) holding byte `at`, lines ending at `\n` and
    /// `\r\n` as miette counts them (the text holds no lone `\r`).
    fn line_index(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let at = at.min(bytes.len());
        // (Between the `\r` and the `\n` of a line break is still the line
        // they end, as miette counts it: its next line begins after both.)
        self.line_starts
            .partition_point(|&s| s <= at)
            .saturating_sub(1)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = columns(text, line_start, offset) + 1;
    (line, col)
}

/// The columns from byte `from` to byte `to` of `text`: its characters,
/// but for a byte-order mark that begins the text, which no editor shows
/// or counts (so that column 1 of line 1 is the first visible character in
/// every format).
pub(crate) fn columns(text: &str, from: usize, to: usize) -> usize {
    let counted = text.get(from..to).map_or(0, |t| t.chars().count());
    if from == 0 && counted > 0 && text.starts_with('\u{feff}') {
        counted - 1
    } else {
        counted
    }
}

/// How many characters a text has before each block of [`CharBlocks::BLOCK`]
/// bytes, so that the columns of a span on a line of megabytes cost a
/// count of at most a block or two, not one from the line's start for
/// every finding (a report's cost then grew as the line's square). A
/// character is a byte that does not continue one (UTF-8), so a block may
/// begin inside a character. Short texts keep none.
#[derive(Debug, Clone, Default)]
pub(crate) struct CharBlocks(Option<Arc<[usize]>>);

impl CharBlocks {
    const BLOCK: usize = 4096;

    fn of(text: &str) -> Self {
        if text.len() <= 4 * Self::BLOCK {
            return CharBlocks(None);
        }
        let mut before = 0;
        let mut counts = Vec::with_capacity(text.len() / Self::BLOCK + 1);
        for block in text.as_bytes().chunks(Self::BLOCK) {
            counts.push(before);
            before += starts_of_chars(block);
        }
        // And all of them: a span may end at the end of the last block.
        counts.push(before);
        CharBlocks(Some(counts.into()))
    }

    /// [`columns`] from byte `from` to byte `to` of `text` (the text these
    /// blocks were counted in).
    fn columns(&self, text: &str, from: usize, to: usize) -> usize {
        let Some(counts) = &self.0 else {
            return columns(text, from, to);
        };
        if to.saturating_sub(from) <= Self::BLOCK
            || !text.is_char_boundary(from)
            || !text.is_char_boundary(to)
            || to < from
        {
            return columns(text, from, to);
        }
        let bytes = text.as_bytes();
        // The characters before byte `at`: those before its block, and
        // those in the block before it.
        let before = |at: usize| {
            let block = at / Self::BLOCK;
            counts.get(block).copied().unwrap_or(0)
                + bytes
                    .get(block * Self::BLOCK..at)
                    .map_or(0, starts_of_chars)
        };
        let counted = before(to) - before(from);
        if from == 0 && counted > 0 && text.starts_with('\u{feff}') {
            counted - 1
        } else {
            counted
        }
    }
}

/// The bytes of `bytes` that begin a character (UTF-8). (`str::chars`
/// counts a whole `str` only; a block may begin inside a character. The
/// loop is vectorised by the compiler, as `bytecount::num_chars` would
/// be by hand: not worth a dependency for one line.)
fn starts_of_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// All files read in one run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// File ids of one source map in another ([`SourceMap::append_from`]):
/// those below `base` are the same; the others move by `shift`.
#[derive(Debug, Clone, Copy)]
pub struct Renumber {
    base: u32,
    shift: u32,
}

impl Renumber {
    pub fn file(&self, id: FileId) -> FileId {
        if id.0 < self.base {
            id
        } else {
            FileId(id.0.wrapping_add(self.shift))
        }
    }

    pub fn span(&self, span: Span) -> Span {
        Span {
            file: self.file(span.file),
            ..span
        }
    }
}

impl SourceMap {
    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: impl AsRef<Path>,
        text: impl Into<Arc<str>>,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(
            name.into(),
            path.as_ref().to_path_buf(),
            text.into(),
        ));
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Move the files that `other` holds after its first `base` to the
    /// end of this map. `other` began as a copy of this map when it held
    /// `base` files (a part of a check run apart): its first `base` ids
    /// are this map's, and the returned [`Renumber`] gives the new ids of
    /// the others.
    pub fn append_from(&mut self, mut other: SourceMap, base: usize) -> Renumber {
        let renumber = Renumber {
            base: base as u32,
            shift: (self.files.len() as u32).wrapping_sub(base as u32),
        };
        if base <= other.files.len() {
            self.files.extend(other.files.drain(base..));
        }
        renumber
    }

    /// Remember the line and column of both ends of `span`, for when its
    /// file's text is released.
    pub fn remember(&mut self, span: Span) {
        if let Some(f) = self.files.get_mut(span.file.0 as usize) {
            f.remember(span);
        }
    }

    /// Remember that `offset` in `file` is at `line`, `column`: for spans
    /// whose position was computed while the text was there.
    pub fn remember_position(&mut self, file: FileId, offset: usize, line_col: (usize, usize)) {
        if let Some(f) = self.files.get_mut(file.0 as usize) {
            f.positions.insert(offset, line_col);
        }
    }

    /// Let go of a file's text (a streaming check, once an article is
    /// written out). Its name stays, and the positions remembered with
    /// [`SourceMap::remember`]; [`SourceMap::restore`] reads it again.
    pub fn release(&mut self, id: FileId) {
        let Some(f) = self.files.get_mut(id.0 as usize) else {
            return;
        };
        if f.released.is_none() && !f.read_once {
            f.released = Some(Fingerprint::of(&f.text));
            f.text = Arc::from("");
            f.line_starts = std::sync::OnceLock::new();
            f.shown = std::sync::OnceLock::new();
            f.last_remembered = None;
        }
    }

    /// Mark a file whose text cannot be read again (not a regular file: a
    /// pipe, a device): [`SourceMap::release`] keeps its text.
    pub fn read_once(&mut self, id: FileId) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            f.read_once = true;
        }
    }

    /// Read a released file again, to show its text. Fails, saying why,
    /// when it cannot be read or is no longer the text that was checked;
    /// the file then stays released.
    pub fn restore(&mut self, id: FileId) -> Result<(), String> {
        match self.read_again(id) {
            Some(read) => read.map(|text| self.put_back(id, text)),
            None => Ok(()),
        }
    }

    /// The text of a released file, read again and found unchanged (what
    /// [`SourceMap::restore`] does, but for keeping it): `None` for a file
    /// that is not released. Several can be read at once, on several
    /// threads; [`SourceMap::put_back`] then keeps each.
    pub fn read_again(&self, id: FileId) -> Option<Result<Arc<str>, String>> {
        let f = self.files.get(id.0 as usize)?;
        let fingerprint = f.released?;
        let text = match std::fs::read(&f.path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => return Some(Err(format!("`{}` is no longer UTF-8 text", f.name))),
            },
            Err(e) => return Some(Err(format!("cannot read `{}` again: {e}", f.name))),
        };
        if Fingerprint::of(&text) != fingerprint {
            return Some(Err(format!(
                "`{}` changed after it was checked ({} bytes then, {} now)",
                f.name,
                fingerprint.len,
                text.len()
            )));
        }
        Some(Ok(Arc::from(text)))
    }

    /// Keep the text [`SourceMap::read_again`] read of a released file.
    pub fn put_back(&mut self, id: FileId, text: Arc<str>) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            f.text = text;
            f.released = None;
        }
    }

    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    pub fn text(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.start..span.end).unwrap_or("")
    }

    /// Each file's rank in the order of file names, by [`FileId`]: files
    /// compare by rank as they compare by name (equal names share a rank).
    pub fn name_ranks(&self) -> Vec<u32> {
        let mut by_name: Vec<usize> = (0..self.files.len()).collect();
        by_name.sort_by(|&a, &b| self.files[a].name.cmp(&self.files[b].name));
        let mut rank = vec![0u32; self.files.len()];
        let mut r = 0u32;
        for (k, &i) in by_name.iter().enumerate() {
            if k > 0 && self.files[by_name[k - 1]].name != self.files[i].name {
                r += 1;
            }
            rank[i] = r;
        }
        rank
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The snippet miette gets from a file read from a few lines before
        /// the span is the one it gets reading the whole text: the same
        /// bytes, span, line, column (but counted in characters, not bytes,
        /// for a span read without context) and line count, for spans anywhere
        /// (on line breaks, across lines, empty, past the end) and any
        /// context, in texts with `\n`, `\r\n` and lone `\r` (shown as a
        /// space, see `without_lone_carriage_returns`). (The texts
        /// are at most 120 bytes, so no line is long enough to be cut: see
        /// `snippets_of_long_lines_underline_their_span` for those.)
        #[test]
        fn snippets_are_those_of_the_whole_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "c", " ", "\u{e9}", "\n", "\n", "\n\n", "\r\n", "\r"]),
                0..60,
            ),
            no_cr in proptest::bool::weighted(0.8),
            at in 0usize..400,
            len in 0usize..30,
            before in 0usize..4,
            after in 0usize..4,
        ) {
            use miette::SourceCode;
            let mut text: String = pieces.concat();
            if no_cr {
                text = text.replace('\r', "");
            }
            let offset = at % (text.len() + 3);
            let span = miette::SourceSpan::new(offset.into(), len);
            let file = SourceFile::new("t.txt".into(), PathBuf::from("t.txt"), Arc::from(text.as_str()));
            // What miette is shown: a lone `\r` is a space (lines end at
            // line feeds, as in the other reports).
            let text: String = text
                .char_indices()
                .map(|(i, c)| if c == '\r' && !text[i + 1..].starts_with('\n') { ' ' } else { c })
                .collect();
            let whole = miette::NamedSource::new("t.txt", Arc::<str>::from(text.as_str()));
            let indexed = file.named_source();
            let got = indexed.read_span(&span, before, after);
            if before == 0 && offset > text.len() {
                // miette's own reading panics on these.
                proptest::prop_assert!(got.is_err());
                return Ok(());
            }
            let expected = whole.read_span(&span, before, after);
            match (got, expected) {
                (Ok(g), Ok(e)) => {
                    proptest::prop_assert_eq!(g.data(), e.data());
                    proptest::prop_assert_eq!(g.span(), e.span());
                    proptest::prop_assert_eq!(g.line(), e.line());
                    if before == 0 {
                        // The span's column, in characters (miette counts
                        // bytes), from the line feed before it (between the
                        // bytes of a `\r\n`, the `\r` is a column of its
                        // line, as in every report).
                        let mut at = offset.min(text.len());
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        let line = text[..at].rsplit('\n').next().unwrap_or("");
                        proptest::prop_assert_eq!(g.column(), line.chars().count());
                    } else {
                        proptest::prop_assert_eq!(g.column(), e.column());
                    }
                    proptest::prop_assert_eq!(g.line_count(), e.line_count());
                    proptest::prop_assert_eq!(g.name(), e.name());
                }
                (Err(_), Err(_)) => {}
                (g, e) => proptest::prop_assert!(false, "{:?} vs {:?}", g.is_ok(), e.is_ok()),
            };
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A span read without context (as miette's header reads it) is
        /// found through the line starts, and is what miette's reading of
        /// the whole text gives (the column in characters), for spans
        /// anywhere: empty, at line starts, across lines, between the bytes
        /// of a `\r\n`, past the end.
        #[test]
        fn spans_alone_are_those_of_the_whole_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "c", " ", "\u{e9}", "\n", "\n\n", "\r\n"]),
                0..40,
            ),
            at in 0usize..200,
            len in 0usize..20,
        ) {
            use miette::SourceCode;
            let text: String = pieces.concat();
            let offset = at % (text.len() + 3);
            let span = miette::SourceSpan::new(offset.into(), len);
            let file = SourceFile::new("t.txt".into(), PathBuf::from("t.txt"), Arc::from(text.as_str()));
            let source = file.named_source();
            let got = source.read_span(&span, 0, 0);
            if offset > text.len() {
                proptest::prop_assert!(got.is_err());
                return Ok(());
            }
            let whole = miette::NamedSource::new("t.txt", Arc::<str>::from(text.as_str()));
            match (got, whole.read_span(&span, 0, 0)) {
                (Ok(g), Ok(e)) => {
                    proptest::prop_assert_eq!(g.data(), e.data());
                    proptest::prop_assert_eq!(g.span(), e.span());
                    proptest::prop_assert_eq!(g.line(), e.line());
                    proptest::prop_assert_eq!(g.line_count(), e.line_count());
                    let (line, column) = file.line_col(offset);
                    proptest::prop_assert_eq!((g.line() + 1, g.column() + 1), (line, column));
                }
                (Err(_), Err(_)) => {}
                (g, e) => proptest::prop_assert!(false, "{:?} vs {:?}", g.is_ok(), e.is_ok()),
            };
        }
    }

    proptest::proptest! {
        /// A snippet of a long line, rendered by miette, shows the cut
        /// line with its marks and underlines exactly the span's text:
        /// the marks stand in for the bytes before the cut, so miette's
        /// columns stay right. Spans anywhere on one line, in texts with
        /// short and long lines, `\n` and `\r\n`, and characters of one
        /// column but several bytes.
        #[test]
        fn snippets_of_long_lines_underline_their_span(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    30 => proptest::sample::select(vec![
                        "word ", "Mr. ", "Xi. ", "\u{e9}t\u{e9} ", "\u{201c}q\u{201d} ", "ab",
                    ]),
                    1 => proptest::sample::select(vec!["\n", "\r\n"]),
                ],
                0..300,
            ),
            at in 0usize..3000,
            len in 1usize..40,
        ) {
            use miette::SourceCode;
            let text: String = pieces.concat();
            let start = at % (text.len() + 1);
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            if !text.is_char_boundary(start) {
                return Ok(());
            }
            let span_text = &text[start.min(end)..end];
            let Some(cut) = crate::snippet::cut(&text, start, end, 1, 1) else { return Ok(()); };
            if span_text.trim().is_empty() || span_text.contains(['\n', '\r']) {
                return Ok(());
            }
            let file = SourceFile::new("t.txt".into(), PathBuf::from("t.txt"), Arc::from(text.as_str()));
            let source = file.named_source();
            let read = source.read_span(&miette::SourceSpan::new(start.into(), end - start), 1, 1).unwrap();
            let shown = std::str::from_utf8(read.data()).unwrap().to_string();
            let expected = format!(
                "{}{}{}",
                if cut.marked_start { crate::snippet::MARK_START } else { "" },
                &text[cut.start..cut.end],
                if cut.marked_end { crate::snippet::MARK_END } else { "" },
            );
            proptest::prop_assert_eq!(&shown, &expected);

            drop(read);
            let out = drawn(&file, start..end);
            let lines: Vec<&str> = out.lines().collect();
            let at_line = lines.iter().position(|l| l.contains(" │ ")).unwrap();
            let row = lines[at_line];
            let bar = row.find(" │ ").unwrap() + " │ ".len();
            proptest::prop_assert_eq!(&row[bar..], shown.as_str());
            // Where the span starts in the shown text, in characters (all of
            // one column here), and where its underline starts.
            let in_shown = start - (cut.start - if cut.marked_start { crate::snippet::MARK_START.len() } else { 0 });
            let column = row[..bar].chars().count() + shown[..in_shown].chars().count();
            let underline = lines[at_line + 1];
            let first = underline.chars().skip(row[..bar].chars().count()).position(|c| c != ' ');
            proptest::prop_assert_eq!(first.map(|i| i + row[..bar].chars().count()), Some(column), "{}", out);
        }
    }

    /// A span that starts past the end of the text, read without lines
    /// before it, is an error, not a panic (miette's own reading of a text
    /// slices from the span's start); other spans that run past the end
    /// read as miette reads them (an empty span at the end, or one byte
    /// over, it shows).
    #[test]
    fn a_snippet_past_the_end_is_an_error() {
        use miette::SourceCode;
        let text = "cc\nc\n\u{e9}\n\u{e9}c\u{e9}c";
        let file = SourceFile::new("t.txt".into(), PathBuf::from("t.txt"), Arc::from(text));
        for (offset, len) in [(text.len() + 1, 0), (text.len() + 2, 3)] {
            let span = miette::SourceSpan::new(offset.into(), len);
            assert!(file.named_source().read_span(&span, 0, 0).is_err());
        }
        // A length that cannot be added to the start.
        for (before, after) in [(0, 0), (1, 1)] {
            let span = miette::SourceSpan::new(1.into(), usize::MAX);
            assert!(file.named_source().read_span(&span, before, after).is_err());
        }
        for (offset, len) in [(text.len(), 0), (text.len(), 1)] {
            let span = miette::SourceSpan::new(offset.into(), len);
            assert!(file.named_source().read_span(&span, 0, 0).is_ok());
            assert!(file.named_source().read_span(&span, 1, 1).is_ok());
        }
    }

    /// A diagnostic labelling `span` in `file`, as miette draws it
    /// without colour, 1,000 columns wide.
    fn drawn(file: &SourceFile, span: std::ops::Range<usize>) -> String {
        let diag =
            miette::MietteDiagnostic::new("m").with_label(miette::LabeledSpan::at(span, "here"));
        let report = miette::Report::new(diag).with_source_code(file.named_source());
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(1000)
            .render_report(&mut out, report.as_ref())
            .unwrap();
        out
    }

    #[test]
    fn a_span_begun_inside_a_crlf_shows_the_lines_numbered_as_they_are() {
        // A span from the `\n` of a `\r\n` that ends a long (so cut)
        // line: the line after it is numbered 3 in the snippet, as in
        // the file, and the header counts the `\r` as a column of line 2.
        let text = format!(
            "first line\r\n{}end.\r\nnext line here\r\nlast",
            "word ".repeat(40)
        );
        let at = text.find("end.").unwrap() + 5;
        let file = SourceFile::new(
            "t.txt".into(),
            PathBuf::from("t.txt"),
            Arc::from(text.as_str()),
        );
        let out = drawn(&file, at..at + 6);
        assert!(out.contains("[t.txt:2:206]"), "{out}");
        let row = out
            .lines()
            .find(|l| l.ends_with("next line here"))
            .unwrap_or_default();
        assert!(row.trim_start().starts_with("3 │"), "{out}");
        assert_eq!(file.line_col(at), (2, 206));
    }

    #[test]
    fn a_text_with_carriage_returns_is_shown_as_one_copy() {
        // Made once for every diagnostic into the file (making it reads the
        // whole text), and made again from the text put back after a
        // release.
        let text = "a\rb\r\nc\r";
        let mut map = SourceMap::default();
        let id = map.add("t.txt", "t.txt", Arc::from(text));
        let (first, second) = (map.get(id).named_source(), map.get(id).named_source());
        assert_eq!(&*first.text, "a b\r\nc ");
        assert!(Arc::ptr_eq(&first.text, &second.text));
        map.release(id);
        map.put_back(id, Arc::from("x\ry\r\n"));
        assert_eq!(&*map.get(id).named_source().text, "x y\r\n");
    }

    #[test]
    fn cached_line_starts_agree_with_scanning() {
        let text = "ab\nçd e\n\nx";
        let f = SourceFile::new("t".into(), PathBuf::from("t"), Arc::from(text));
        for offset in 0..=text.len() + 2 {
            assert_eq!(f.line_col(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn counting_on_from_a_known_position_agrees_in_any_order() {
        let text = "ab\nçd e f\n\nxé yz";
        let f = SourceFile::new("t".into(), PathBuf::from("t"), Arc::from(text));
        // Forwards, backwards, and jumping between lines.
        let order: Vec<usize> = (0..=text.len() + 1)
            .chain((0..=text.len()).rev())
            .chain([4, 12, 1, 9, 9, 16, 5])
            .collect();
        let mut known = None;
        for offset in order {
            assert_eq!(
                f.line_col_after(offset, &mut known),
                line_col(text, offset),
                "{offset}"
            );
        }
        // remember() counts on from the span it remembered before.
        let mut map = SourceMap::default();
        let id = map.add("t", "t", text);
        for (s, e) in [(3, 7), (5, 9), (0, 16), (13, 15), (4, 6)] {
            map.remember(Span::new(id, s, e));
        }
        for (&offset, &lc) in &map.get(id).positions {
            assert_eq!(lc, line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn name_ranks_order_files_as_their_names_do() {
        let mut map = SourceMap::default();
        let names = ["b.txt", "a.txt", "c/a.txt", "b.txt", "B.txt", "a.txt"];
        for n in names {
            map.add(n, n, "");
        }
        let rank = map.name_ranks();
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                assert_eq!(rank[i].cmp(&rank[j]), a.cmp(b), "{a} {b}");
            }
        }
    }

    #[test]
    fn released_files_keep_remembered_positions_and_can_be_restored() {
        let dir = std::env::temp_dir().join(format!("factlint-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("a.txt");
        let text = "ab\nçd e\n";
        std::fs::write(&path, text).expect("write");
        let mut map = SourceMap::default();
        let id = map.add("a.txt", &path, text);
        map.remember(Span::new(id, 5, 8));
        let before = (map.get(id).line_col(5), map.get(id).line_col(8));
        map.release(id);
        assert!(map.get(id).is_released());
        assert!(map.get(id).text.is_empty());
        assert_eq!((map.get(id).line_col(5), map.get(id).line_col(8)), before);
        assert_eq!(map.restore(id), Ok(()));
        assert_eq!(&*map.get(id).text, text);
        map.release(id);
        std::fs::write(&path, "ab\nçd f\n").expect("write");
        let err = map.restore(id).expect_err("changed");
        assert!(err.contains("changed after it was checked"), "{err}");
        assert!(map.get(id).is_released());
        std::fs::remove_file(&path).expect("remove");
        assert!(map.restore(id).is_err());
        let _ = std::fs::remove_dir(&dir);
    }

    proptest::proptest! {
        /// A file's line of an offset is its line and column's line, on
        /// any text and at any offset (inside characters, past the end),
        /// and once the file is released, at a position it remembered.
        #[test]
        fn the_line_of_an_offset_is_its_line_and_columns(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "c", " ", "\u{e9}", "\u{4e2d}", "\n", "\r\n", "\r"]),
                0..60,
            ),
            offsets in proptest::collection::vec(0usize..200, 1..20),
        ) {
            let text: String = pieces.concat();
            let mut map = SourceMap::default();
            let id = map.add("a.txt", "a.txt", text.as_str());
            for &offset in &offsets {
                let file = map.get(id);
                proptest::prop_assert_eq!(file.line_of(offset), file.line_col(offset).0, "{:?} at {}", text, offset);
            }
            let first = offsets.first().copied().unwrap_or(0);
            map.remember(Span::new(id, first, first));
            let line = map.get(id).line_col(first).0;
            map.release(id);
            proptest::prop_assert_eq!(map.get(id).line_of(first), line);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Columns counted with the blocks are the characters between the
        /// two offsets, on long texts of one- to four-byte characters (a
        /// byte-order mark first or not), between any two boundaries,
        /// the text's ends included.
        #[test]
        fn columns_counted_by_blocks_are_the_characters_between(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc ", "\u{e9}", "\u{4e2d}", "\u{1f600}", "\n"]),
                16_500..24_000,
            ),
            bom: bool,
            ends in proptest::collection::vec((0usize..50_000, 0usize..50_000), 1..20),
        ) {
            let text = format!("{}{}", if bom { "\u{feff}" } else { "" }, pieces.concat());
            let blocks = CharBlocks::of(&text);
            proptest::prop_assert!(blocks.0.is_some());
            let floor = |at: usize| crate::snippet::floor_boundary(&text, at.min(text.len()));
            let mut pairs: Vec<(usize, usize)> = ends.iter().map(|&(a, b)| (floor(a.min(b)), floor(a.max(b)))).collect();
            pairs.push((0, text.len()));
            pairs.push((floor(text.len() / 2), text.len()));
            for (from, to) in pairs {
                proptest::prop_assert_eq!(blocks.columns(&text, from, to), columns(&text, from, to), "{}..{}", from, to);
            }
        }
    }

    #[test]
    fn columns_counted_by_blocks_reach_the_end_of_a_text_of_whole_blocks() {
        let text = "\u{e9}".repeat(5 * CharBlocks::BLOCK / 2);
        let blocks = CharBlocks::of(&text);
        assert_eq!(blocks.columns(&text, 0, text.len()), text.chars().count());
        assert_eq!(
            blocks.columns(&text, 2, text.len()),
            text.chars().count() - 1
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nçd e\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'ç' is two bytes; 'd' starts at byte 5 and is column 2.
        assert_eq!(line_col(text, 5), (2, 2));
        // inside 'ç': clamped back to its start
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }
}
