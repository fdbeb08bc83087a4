//! How much of a long line a snippet shows.
//!
//! News articles are often written a paragraph to a line, and miette shows
//! whole lines: a claim at column 1,200 of a paragraph came out as the
//! paragraph, the one before it as context, and an underline pushed 1,200
//! columns to the right. Like rustc and annotate-snippets, which cut lines
//! wider than the terminal, a snippet that would show a line longer than
//! [`LONG_LINE`] characters shows instead the sentences that hold its span
//! (the sentences of [`crate::extract::text::sentences`], so the sentence a
//! claim was extracted from), cut further at spaces around the span when
//! they are longer than [`LONG_SENTENCE`], with `…` where the line was
//! cut, and no context lines. Shorter lines are shown whole, as miette shows them.
//!
//! The width is fixed, not the terminal's, so reports are the same
//! wherever they are made.

use crate::extract::text::sentences_through;

/// Lines of more characters than this are cut to their span's sentences.
pub const LONG_LINE: usize = 120;

/// Sentences of more characters than this are cut to words around the
/// span (news sentences are mostly shorter: they are shown whole).
pub const LONG_SENTENCE: usize = 200;

/// Marks a cut before the text shown: what the line has before is not
/// shown.
pub const MARK_START: &str = "… ";

/// Marks a cut after the text shown.
pub const MARK_END: &str = " …";

/// The part of a text a snippet shows: bytes `start..end`, each end marked
/// when the line goes on past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub start: usize,
    pub end: usize,
    pub marked_start: bool,
    pub marked_end: bool,
}

/// Where a snippet of `span_start..span_end` in `text`, with `before` and
/// `after` lines of context, is cut: `None` when none of the lines it
/// would show is longer than [`LONG_LINE`] (the snippet is then miette's),
/// or when the span starts past the end of the text. Lines end at `\n`
/// and at `\r`, as miette counts them.
pub fn cut(
    text: &str,
    span_start: usize,
    span_end: usize,
    before: usize,
    after: usize,
) -> Option<Cut> {
    cut_in(Lines::scanned(text), span_start, span_end, before, after)
}

/// [`cut`], with the lines of `text` found by [`Lines`].
pub fn cut_in(
    lines: Lines<'_>,
    span_start: usize,
    span_end: usize,
    before: usize,
    after: usize,
) -> Option<Cut> {
    let text = lines.text;
    let bytes = text.as_bytes();
    if span_start > bytes.len() {
        return None;
    }
    let start = floor_boundary(text, span_start);
    let end = floor_boundary(text, span_end.clamp(start, bytes.len()));
    let first = lines.at(start);
    let last = lines.at(if end > start { end - 1 } else { start });

    // Every line the snippet would show: the span's and its context.
    let mut long = false;
    let mut line = first;
    loop {
        long |= is_long_at(text, line);
        if line.1 >= last.1 {
            break;
        }
        line = lines.next(line)?;
    }
    let mut line = first;
    for _ in 0..before {
        match lines.previous(line) {
            Some(l) => {
                long |= is_long_at(text, l);
                line = l;
            }
            None => break,
        }
    }
    let mut line = last;
    for _ in 0..after {
        match lines.next(line) {
            Some(l) => {
                long |= is_long_at(text, l);
                line = l;
            }
            None => break,
        }
    }
    if !long {
        return None;
    }

    // The span's lines, from the start of its first sentence to the end
    // of its last where those lines are long. Sentences are looked for
    // within [`REACH`] bytes of the span, so that a snippet of a line of
    // megabytes costs no more than one of a paragraph; a sentence that
    // goes on past that is longer than [`LONG_SENTENCE`] and cut below.
    let (first_window, last_window) = if first == last {
        let window = around(text, first, start, end);
        (window, window)
    } else {
        (
            around(text, first, start, start),
            around(text, last, end, end),
        )
    };
    // Only the sentences up to the one that holds the span's start (its
    // first line) or end (its last) are needed: the text after is not read.
    let end_in_window = end.saturating_sub(last_window.0);
    let first_sentences = is_long_at(text, first).then(|| {
        let upto = if last == first {
            end_in_window
        } else {
            start - first_window.0
        };
        sentences_through(&text[first_window.0..first_window.1], upto)
    });
    let last_sentences = if last == first {
        first_sentences.clone()
    } else {
        is_long_at(text, last)
            .then(|| sentences_through(&text[last_window.0..last_window.1], end_in_window))
    };
    let from_sentence = first_sentences.map_or(first.0, |found| {
        first_window.0
            + found
                .iter()
                .map(|s| s.start)
                .take_while(|&s| s <= start - first_window.0)
                .last()
                .unwrap_or(0)
    });
    let to_sentence = last_sentences.map_or(last.1, |found| {
        last_window.0
            + found
                .iter()
                .map(|s| s.end)
                .find(|&e| e >= end_in_window)
                .unwrap_or(last_window.1 - last_window.0)
    });
    let mut from = from_sentence;
    let mut to = to_sentence.max(end);

    // One line still too long: words around the span, as many on each
    // side as fit (the span itself is always shown whole).
    if first == last && chars(&text[from..to]) > LONG_SENTENCE {
        let room = LONG_SENTENCE.saturating_sub(chars(&text[start..end]));
        let (have_before, have_after) = (chars(&text[from..start]), chars(&text[end..to]));
        let mut take_before = (room / 2).min(have_before);
        let take_after = (room - take_before).min(have_after);
        take_before = (room - take_after).min(have_before);
        if take_before < have_before {
            // The first word that begins after the cut.
            let at = back_chars(text, start, take_before);
            from = match text[at..start].find(char::is_whitespace) {
                Some(i) => {
                    let rest = &text[at + i..start];
                    start - rest.trim_start().len()
                }
                None => start,
            };
        }
        if take_after < have_after {
            // The last word that ends before the cut.
            let at = forward_chars(text, end, take_after);
            to = match text[end..at].rfind(char::is_whitespace) {
                Some(i) => end + text[end..end + i].trim_end().len(),
                None => end,
            };
        }
    }

    // A mark stands in for the bytes before the cut (the offsets of the
    // text after it stay those of the file), so it needs that many.
    if from - first.0 < MARK_START.len() {
        from = first.0;
    }
    Some(Cut {
        start: from,
        end: to,
        marked_start: from > first.0,
        marked_end: to < last.1,
    })
}

/// How far from a span sentences are looked for: more bytes than
/// [`LONG_SENTENCE`] characters can take.
const REACH: usize = 4 * LONG_SENTENCE + 4;

/// The part of `line` within [`REACH`] bytes of `start..end`, on
/// character boundaries.
fn around(text: &str, line: (usize, usize), start: usize, end: usize) -> (usize, usize) {
    let from = floor_boundary(text, start.saturating_sub(REACH).max(line.0));
    let mut to = end.saturating_add(REACH).min(line.1);
    while !text.is_char_boundary(to) {
        to += 1;
    }
    (from.max(line.0), to)
}

/// The lines of a text: where the one holding an offset starts and ends
/// (its end excludes the line break), and the lines around it.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'t> {
    text: &'t str,
    /// Where lines start, after each `\n` (and 0), when the text holds no
    /// lone `\r`: a line is then found by a binary search, not by scanning
    /// the text to its ends, which on a line of megabytes was milliseconds
    /// for each snippet.
    starts: Option<&'t [usize]>,
}

impl<'t> Lines<'t> {
    /// Lines found by scanning the text for `\n` and `\r`.
    pub fn scanned(text: &'t str) -> Self {
        Lines { text, starts: None }
    }

    /// Lines found in `starts`, the offsets after each `\n` of `text`
    /// (and 0), in order; `text` must hold no `\r` but before a `\n`.
    pub fn indexed(text: &'t str, starts: &'t [usize]) -> Self {
        Lines {
            text,
            starts: Some(starts),
        }
    }

    /// Where the line holding byte `at` starts: after the last `\n` or
    /// `\r` before it (so between the two bytes of a `\r\n`, a line of its
    /// own, empty).
    pub fn start(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let at = at.min(bytes.len());
        match self.starts {
            Some(_) if at > 0 && bytes.get(at - 1) == Some(&b'\r') => at,
            Some(starts) => {
                let line = starts.partition_point(|&s| s <= at).saturating_sub(1);
                starts.get(line).copied().unwrap_or(0).min(at)
            }
            None => memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1),
        }
    }

    /// The line holding byte `at` (the last line when `at` is past the end).
    fn at(&self, at: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let at = at.min(bytes.len());
        match self.starts {
            Some(_) if at > 0 && bytes.get(at - 1) == Some(&b'\r') => (at, at),
            Some(starts) => {
                let line = starts.partition_point(|&s| s <= at).saturating_sub(1);
                let start = starts.get(line).copied().unwrap_or(0);
                let mut end = starts
                    .get(line + 1)
                    .map_or(bytes.len(), |&next| next.saturating_sub(1));
                if end > start && bytes.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                (start, end.max(start))
            }
            None => {
                let start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
                let end =
                    memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                (start, end)
            }
        }
    }

    fn previous(&self, (start, _): (usize, usize)) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut end = start.checked_sub(1)?;
        if bytes.get(end) == Some(&b'\n') && end > 0 && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(self.at(end))
    }

    fn next(&self, (_, end): (usize, usize)) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let brk = *bytes.get(end)?;
        let next = end
            + if brk == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        Some(self.at(next))
    }
}

fn is_long_at(text: &str, (start, end): (usize, usize)) -> bool {
    is_long(&text[start..end])
}

/// Whether a line (without its line break) is too long to show whole.
pub fn is_long(line: &str) -> bool {
    // A character takes at most four bytes: only lines between LONG_LINE
    // and four times as many bytes need their characters counted.
    line.len() > LONG_LINE && (line.len() > 4 * LONG_LINE || chars(line) > LONG_LINE)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The largest character boundary of `text` at or before `at` (its end
/// when `at` is past it).
pub fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The offset `n` characters before `at`.
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.wrapping_sub(1))
        .map_or(at, |(i, _)| i)
}

/// The offset `n` characters after `at`.
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of `n` numbered sentences on one line.
    fn paragraph(n: usize) -> String {
        (1..=n)
            .map(|i| format!("Sentence number {i} says something about the summit in Astana."))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn shown(text: &str, cut: Cut) -> String {
        format!(
            "{}{}{}",
            if cut.marked_start { MARK_START } else { "" },
            &text[cut.start..cut.end],
            if cut.marked_end { MARK_END } else { "" }
        )
    }

    /// What the snippet of `len` bytes from `needle`'s place in `text`
    /// shows, with a line of context each side.
    fn shown_at(text: &str, needle: &str, len: usize) -> String {
        let at = text.find(needle).unwrap();
        shown(text, cut(text, at, at + len, 1, 1).unwrap())
    }

    #[test]
    fn short_lines_are_not_cut() {
        let text = "A short line.\nThe claim is here.\nAnother short one.\n";
        let at = text.find("claim").unwrap();
        assert_eq!(cut(text, at, at + 5, 1, 1), None);
        // Characters are counted, not bytes: 120 of two bytes each are
        // not too many, 121 are.
        assert!(!is_long(&"\u{e9}".repeat(120)));
        assert!(is_long(&"\u{e9}".repeat(121)));
        assert!(!is_long(&"\u{4e2d}".repeat(120)));
    }

    #[test]
    fn a_long_line_is_cut_to_the_claims_sentence() {
        let text = format!("Title\n\n{}\n", paragraph(6));
        assert_eq!(
            shown_at(&text, "number 3 says", 8),
            "… Sentence number 3 says something about the summit in Astana. …"
        );
        // At the start or end of the line, that end is not marked.
        assert_eq!(
            shown_at(&text, "number 1 says", 8),
            "Sentence number 1 says something about the summit in Astana. …"
        );
        assert_eq!(
            shown_at(&text, "number 6 says", 8),
            "… Sentence number 6 says something about the summit in Astana."
        );
        // A span over two sentences shows both.
        assert_eq!(
            shown_at(&text, "Astana. Sentence number 5", 25),
            "… Sentence number 4 says something about the summit in Astana. \
             Sentence number 5 says something about the summit in Astana. …"
        );
    }

    #[test]
    fn abbreviations_do_not_end_the_sentence_shown() {
        let text = format!(
            "{} Mr. Putin met Mr. Xi in Astana on Wednesday. {}",
            paragraph(2),
            paragraph(2)
        );
        assert_eq!(
            shown_at(&text, "Xi", 2),
            "… Mr. Putin met Mr. Xi in Astana on Wednesday. …"
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_spaces_around_the_claim() {
        let words: Vec<String> = (0..80).map(|i| format!("word{i}")).collect();
        let text = words.join(" ") + ".";
        let at = text.find("word40").unwrap();
        let c = cut(&text, at, at + 6, 1, 1).unwrap();
        let s = shown(&text, c);
        assert!(s.starts_with("… word") && s.ends_with(" …"), "{s}");
        assert!(s.contains("word40"));
        let inner = &text[c.start..c.end];
        assert!(inner.chars().count() <= LONG_SENTENCE, "{}", inner.len());
        // Whole words, about as many on each side.
        assert!(text[..c.start].ends_with(' ') && text[c.end..].starts_with(' '));
        let (before, after) = (at - c.start, c.end - (at + 6));
        assert!(before.abs_diff(after) <= 8, "{before} {after}");
        // Near the start of the line, the room left before goes after.
        let at = text.find("word2 ").unwrap();
        let c = cut(&text, at, at + 5, 1, 1).unwrap();
        assert_eq!(c.start, 0);
        assert!(!c.marked_start && c.marked_end);
        assert!(text[c.start..c.end].chars().count() > LONG_SENTENCE - 8);
    }

    /// On a line of megabytes, sentences are looked for near the span
    /// only, and the snippet is the one a paragraph would give.
    #[test]
    fn a_line_of_megabytes_is_cut_as_a_paragraph_is() {
        let line = paragraph(20_000);
        let at = line.find("number 10000 says").unwrap();
        let c = cut(&line, at, at + 12, 1, 1).unwrap();
        assert_eq!(
            shown(&line, c),
            "… Sentence number 10000 says something about the summit in Astana. …"
        );
        // One sentence of 40,000 words: words around the span, as on a
        // sentence of 80.
        let words: Vec<String> = (0..40_000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let at = text.find(" w20000 ").unwrap() + 1;
        let c = cut(&text, at, at + 6, 1, 1).unwrap();
        let inner = &text[c.start..c.end];
        assert!(
            inner.contains("w19990 ") && inner.contains(" w20010"),
            "{inner}"
        );
        assert!(inner.chars().count() <= LONG_SENTENCE);
        assert!(text[..c.start].ends_with(' ') && text[c.end..].starts_with(' '));
        let (before, after) = (at - c.start, c.end - (at + 6));
        assert!(before.abs_diff(after) <= 8, "{before} {after}");
    }

    #[test]
    fn a_span_longer_than_a_sentence_is_shown_whole() {
        let text = "x".repeat(300);
        let c = cut(&text, 10, 290, 1, 1).unwrap();
        assert_eq!((c.start, c.end), (10, 290));
        assert!(c.marked_start && c.marked_end);
        let c = cut(&text, 0, 300, 1, 1).unwrap();
        assert_eq!((c.start, c.end), (0, 300));
        assert!(!c.marked_start && !c.marked_end);
    }

    #[test]
    fn a_long_context_line_drops_the_context() {
        let text = format!("A short claim line.\n{}\n", paragraph(4));
        let c = cut(&text, 2, 7, 1, 1).unwrap();
        assert_eq!(shown(&text, c), "A short claim line.");
        // Without context, the long line next to it is not shown at all.
        assert_eq!(cut(&text, 2, 7, 0, 0), None);
    }

    #[test]
    fn lines_end_at_crlf_and_lone_cr() {
        for brk in ["\r\n", "\r"] {
            let text = format!("Title{brk}{}{brk}End", paragraph(5));
            assert_eq!(
                shown_at(&text, "number 2 says", 8),
                "… Sentence number 2 says something about the summit in Astana. …"
            );
            let c = cut(&text, 1, 3, 1, 1).unwrap();
            assert_eq!(shown(&text, c), "Title");
        }
    }

    #[test]
    fn a_mark_needs_room_before_the_cut() {
        // The second sentence begins three bytes into the line: too few
        // for the mark to stand in for, so the line is shown from its start.
        let text = format!("Z? {}", paragraph(3));
        let at = text.find("number 1").unwrap();
        let c = cut(&text, at, at + 8, 1, 1).unwrap();
        assert_eq!(c.start, 0);
        assert!(!c.marked_start);
    }

    /// Texts of up to 400 of these pieces, with (`lone_cr`) or without a
    /// carriage return that is not followed by a line feed.
    fn texts(lone_cr: bool) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let pieces = [
            "word ",
            "Word ",
            "x",
            ". ",
            "Mr. ",
            "\u{e9}t\u{e9} ",
            "\u{201c}q\u{201d} ",
            "\u{4e2d}",
            "  ",
            "\n",
            "\r\n",
            "\r",
            "? ",
            "U.S. ",
        ];
        let pieces: Vec<&str> = pieces
            .into_iter()
            .filter(|p| lone_cr || *p != "\r")
            .collect();
        proptest::collection::vec(proptest::sample::select(pieces), 0..400)
            .prop_map(|pieces| pieces.concat())
    }

    /// A span's start (to be taken modulo the text's length) and length,
    /// and the lines of context before and after it.
    fn spans() -> impl proptest::strategy::Strategy<Value = (usize, usize, usize, usize)> {
        (0usize..3000, 0usize..300, 0usize..3, 0usize..3)
    }

    proptest::proptest! {
        /// Any span in any text, with or without long lines: the cut holds
        /// the span, lies on character boundaries in the span's lines, has
        /// room for its marks, and is cut only where a line goes on.
        #[test]
        fn cuts_hold_their_span(
            text in texts(true),
            (at, len, before, after) in spans(),
        ) {
            let start = at % (text.len() + 2);
            let Some(c) = cut(&text, start, start + len, before, after) else {
                return Ok(());
            };
            let s = floor_boundary(&text, start);
            let e = floor_boundary(&text, (start + len).max(s));
            proptest::prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            proptest::prop_assert!(c.start <= s && c.end >= e);
            let line_start = memchr::memrchr2(b'\n', b'\r', &text.as_bytes()[..c.start]).map_or(0, |i| i + 1);
            // A cut that ends just past a line break (its span does) shows
            // that line to its end and none of the next.
            let ends_line = c.end > c.start && matches!(text.as_bytes()[c.end - 1], b'\n' | b'\r');
            let line_end = if ends_line {
                c.end
            } else {
                memchr::memchr2(b'\n', b'\r', &text.as_bytes()[c.end..]).map_or(text.len(), |i| c.end + i)
            };
            proptest::prop_assert_eq!(c.marked_start, c.start > line_start);
            proptest::prop_assert_eq!(c.marked_end, c.end < line_end);
            if c.marked_start {
                proptest::prop_assert!(c.start - line_start >= MARK_START.len());
            }
        }

        /// In a text without a lone `\r`, lines found through their starts
        /// give the cut that scanning for line breaks gives, and the same
        /// lines, for any span and context, at the ends of the text, past
        /// them and between the bytes of a `\r\n`.
        #[test]
        fn indexed_lines_cut_as_scanned_lines(
            text in texts(false),
            (at, len, before, after) in spans(),
        ) {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect();
            let start = at % (text.len() + 2);
            let lines = Lines::indexed(&text, &starts);
            proptest::prop_assert_eq!(
                cut_in(lines, start, start + len, before, after),
                cut(&text, start, start + len, before, after)
            );
            for at in [0, start, start + 1, text.len(), text.len() + 1] {
                proptest::prop_assert_eq!(lines.at(at), Lines::scanned(&text).at(at));
                proptest::prop_assert_eq!(lines.start(at), Lines::scanned(&text).start(at));
            }
        }
    }
}
