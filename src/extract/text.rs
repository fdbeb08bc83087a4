//! Sentences and words with byte offsets, from `unicode-segmentation`
//! (Unicode's sentence and word boundaries), adjusted for news English:
//! abbreviations such as "U.S." or "Dr." do not end a sentence, "Russia's"
//! is "Russia" and "'s", "isn't" is "is" and "not", and hyphens and quotes
//! are not words ("nine-member" is "nine" "member").

use std::borrow::Cow;

use super::segment::{
    ascii_word_end, each_sentence_piece, known_word_end, word_pieces_without_space, words_known,
};

/// A sentence: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Punct,
}

/// A word or punctuation mark, with its byte span in the whole text and its
/// lowercase form for matching (borrowed from the text when it is already
/// lowercase, as most words are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    pub start: usize,
    pub end: usize,
    pub norm: Cow<'t, str>,
    pub kind: TokenKind,
}

/// Words whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "st",
    "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "corp", "co", "ltd",
];

/// [`ABBREVIATIONS`] as numbers: each one's bytes in order (little-endian)
/// and its length above them, so that a word of up to four bytes, made a
/// number the same way, is compared with every abbreviation at once.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        keys[i] = abbreviation_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    keys
};

/// The number [`ABBREVIATION_KEYS`] holds for the ASCII-lowercase form of
/// `word`, of at most four bytes.
const fn abbreviation_key(word: &[u8]) -> u64 {
    let mut key = (word.len() as u64) << 32;
    let mut i = 0;
    while i < word.len() && i < 4 {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Whether the text before a sentence boundary ends with an abbreviation.
fn ends_with_abbreviation(piece: &str) -> bool {
    // Space at the end: ASCII bytes stepped over, anything else trimmed by
    // characters.
    let bytes = piece.as_bytes();
    let kept = bytes
        .iter()
        .rposition(|&b| !(b.is_ascii() && char::from(b).is_whitespace()))
        .map_or(0, |i| i + 1);
    let trimmed = match bytes.get(kept.wrapping_sub(1)) {
        Some(b) if !b.is_ascii() => piece.trim_end(),
        _ => piece.get(..kept).unwrap_or(""),
    };
    let Some(without_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    // The word before the period: after the last space, "(" or '"'. Read
    // from the bytes back to the first that is one of those or not ASCII,
    // noting whether it holds a period; from the characters if that byte is
    // not ASCII (it may be a space).
    let bytes = without_dot.as_bytes();
    let mut dot = false;
    let found = bytes.iter().rposition(|&b| {
        dot |= b == b'.';
        !b.is_ascii() || char::from(b).is_whitespace() || b == b'(' || b == b'"'
    });
    let last = match found {
        None => without_dot,
        Some(i) if bytes.get(i).is_some_and(u8::is_ascii) => without_dot.get(i + 1..).unwrap_or(""),
        Some(_) => {
            let last = last_word_by_chars(without_dot);
            dot = last.contains('.');
            last
        }
    };
    // Longer than every abbreviation and not letters joined by periods.
    if last.is_empty() || (last.len() > 4 && !dot) {
        return false;
    }
    // "U.S.", "U.N.", "e.g.": single letters joined by periods (or one
    // letter alone).
    let one_letter = |p: &str| {
        let mut chars = p.chars();
        chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
    };
    if if dot {
        last.split('.').all(one_letter)
    } else {
        one_letter(last)
    } {
        return true;
    }
    // Compared ignoring ASCII case, as numbers (see [`ABBREVIATION_KEYS`]).
    // No other character lowercases to the ASCII letters these are made
    // of (but the Kelvin sign, to "k", which none contains).
    last.len() <= 4 && ABBREVIATION_KEYS.contains(&abbreviation_key(last.as_bytes()))
}

/// The word at the end of `text`: after its last white space, "(" or '"'.
fn last_word_by_chars(text: &str) -> &str {
    match text
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
    {
        Some((i, c)) => text.get(i + c.len_utf8()..).unwrap_or(""),
        None => text,
    }
}

/// The longest a sentence is read as one, in bytes. A longer run of text
/// with no sentence end (a data dump, a text without punctuation, "A. A.
/// A. …" read as initials) is read in pieces of at most this length, each
/// cut after white space where the piece holds any: the work and memory
/// spent on a sentence grow with its length (its words take about 50 bytes
/// of memory a byte), and no sentence of prose comes near this.
pub const MAX_SENTENCE: usize = 16 * 1024;

/// The sentences of `text`, trimmed of surrounding space, in order; none
/// longer than [`MAX_SENTENCE`].
pub fn sentences(text: &str) -> Vec<Sentence> {
    sentences_through(text, usize::MAX)
}

/// The first of [`sentences`] of `text`: up to the first that ends after
/// the offset `upto`, that one included (all of them if none does); so
/// every sentence that starts at or before `upto`, and the first that ends
/// at or after it. The text after it is not read.
pub fn sentences_through(text: &str, upto: usize) -> Vec<Sentence> {
    use std::ops::ControlFlow;
    // Room for a sentence every 64 bytes (sentences of news are longer).
    let mut out: Vec<Sentence> = Vec::with_capacity(text.len().min(upto) / 64);
    // Trimmed as they are found; a sentence of nothing but space is none.
    // Breaks once a sentence ends past `upto`.
    let mut push = |s: Sentence| -> ControlFlow<()> {
        let mut start = s.start;
        loop {
            let slice = &text[start..s.end];
            let rest = slice.trim_start();
            let lead = slice.len() - rest.len();
            let trimmed = rest.trim_end();
            if trimmed.is_empty() {
                return ControlFlow::Continue(());
            }
            let from = start + lead;
            let (end, next) = if trimmed.len() <= MAX_SENTENCE {
                (from + trimmed.len(), None)
            } else {
                let cut = long_sentence_cut(trimmed);
                (from + trimmed[..cut].trim_end().len(), Some(from + cut))
            };
            out.push(Sentence { start: from, end });
            if end > upto {
                return ControlFlow::Break(());
            }
            match next {
                Some(next) => start = next,
                None => return ControlFlow::Continue(()),
            }
        }
    };
    let mut pending: Option<Sentence> = None;
    let through = each_sentence_piece(text, |start, piece| {
        let end = start + piece.len();
        let current = match pending.take() {
            Some(p) => Sentence {
                start: p.start,
                end,
            },
            None => Sentence { start, end },
        };
        // A line break ends a sentence even after an abbreviation.
        if ends_with_abbreviation(piece) && !piece.ends_with('\n') {
            pending = Some(current);
            ControlFlow::Continue(())
        } else {
            push(current)
        }
    });
    if let (ControlFlow::Continue(()), Some(p)) = (through, pending) {
        let _ = push(p);
    }
    out
}

/// Where the first piece of a sentence longer than [`MAX_SENTENCE`] ends:
/// after the last white space within that length (the piece then ends with
/// it, and is trimmed), else at the last character boundary within it.
/// Never 0: a character is at most four bytes.
fn long_sentence_cut(sentence: &str) -> usize {
    let mut end = MAX_SENTENCE.min(sentence.len());
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let window = &sentence[..end];
    match window.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        Some((i, c)) if i > 0 => i + c.len_utf8(),
        _ => end,
    }
}

fn is_quote_or_dash(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "“" | "”" | "‘" | "’" | "«" | "»" | "-" | "‐" | "‑" | "*" | "_"
    )
}

/// Push a word split at `cut` into two tokens with the given forms.
fn split_word<'t>(
    out: &mut Vec<Token<'t>>,
    start: usize,
    cut: usize,
    end: usize,
    first: Cow<'t, str>,
    second: &'static str,
) {
    out.push(Token {
        start,
        end: cut,
        norm: first,
        kind: TokenKind::Word,
    });
    out.push(Token {
        start: cut,
        end,
        norm: Cow::Borrowed(second),
        kind: TokenKind::Word,
    });
}

/// The lowercase form of a word, with `’` as `'`; borrowed when the word
/// already is in that form, or from `lower`, the same bytes ASCII-lowercased
/// (a slice of the whole text lowercased once), when the word is ASCII.
fn normalise<'t>(piece: &'t str, lower: Option<&'t str>) -> Cow<'t, str> {
    let plain = piece
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'' || b == b'_');
    if plain {
        Cow::Borrowed(piece)
    } else if piece.is_ascii() {
        match lower {
            Some(l) => Cow::Borrowed(l),
            None => Cow::Owned(piece.to_ascii_lowercase()),
        }
    } else {
        Cow::Owned(piece.replace('’', "'").to_lowercase())
    }
}

/// A prefix of a normalised word, keeping it borrowed when it was.
fn cut_norm<'t>(norm: &Cow<'t, str>, len: usize) -> Cow<'t, str> {
    match norm {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..len]),
        Cow::Owned(o) => Cow::Owned(o[..len].to_string()),
    }
}

/// The words and punctuation of `text[range]`, with offsets in `text`.
pub fn tokens(text: &str, range: Sentence) -> Vec<Token<'_>> {
    tokens_with(text, None, range)
}

/// [`tokens`], given `lower`, the whole `text` ASCII-lowercased (same
/// length, same offsets), so that capitalised words need no copy of their
/// own.
pub fn tokens_with<'t>(text: &'t str, lower: Option<&'t str>, range: Sentence) -> Vec<Token<'t>> {
    let mut out = Vec::new();
    tokens_into(&mut out, text, lower, range);
    out
}

/// [`tokens_with`] into `out` (emptied first), so that one vector serves
/// every sentence of an article: a sentence's tokens often take more than
/// a kilobyte, which costs the allocator more than smaller blocks do.
pub fn tokens_into<'t>(
    out: &mut Vec<Token<'t>>,
    text: &'t str,
    lower: Option<&'t str>,
    range: Sentence,
) {
    debug_assert!(lower.is_none_or(|l| l.len() == text.len()));
    out.clear();
    let Some(lower) = lower else {
        return tokens_by_pieces(out, text, None, range);
    };
    let slice = &text[range.start..range.end];
    // Most sentences of news are ASCII; most others differ only by a few
    // curly quotes, dashes or accented letters.
    if slice.is_ascii() {
        fast_tokens::<true>(out, text, lower, range);
    } else if words_known(slice) {
        fast_tokens::<false>(out, text, lower, range);
    } else {
        tokens_by_pieces(out, text, Some(lower), range);
    }
}

/// [`tokens_with`] by way of the word-bounded pieces of the sentence: for
/// any text.
fn tokens_by_pieces<'t>(
    out: &mut Vec<Token<'t>>,
    text: &'t str,
    lower: Option<&'t str>,
    range: Sentence,
) {
    let slice = &text[range.start..range.end];
    // Pieces of white space are no tokens: left out as they are found.
    for (offset, piece) in word_pieces_without_space(slice) {
        push_piece(out, range.start + offset, piece, lower);
    }
}

/// [`tokens_with`] for a sentence that is ASCII (`ASCII`) or made of
/// characters the word segmenter knows: the same tokens, with the pieces
/// read one at a time (no vector of them) and the ASCII words, most
/// pieces, made tokens at once: their lowercase form is a slice of
/// `lower`, and only "'s" and "n't" are looked for at their end. Other
/// pieces go through [`push_piece`]. Property tests compare the two.
fn fast_tokens<'t, const ASCII: bool>(
    out: &mut Vec<Token<'t>>,
    text: &'t str,
    lower: &'t str,
    range: Sentence,
) {
    let slice = &text[range.start..range.end];
    let bytes = slice.as_bytes();
    let mut s = 0;
    while let Some(&first) = bytes.get(s) {
        // A space is no token (nor is a run of them): stepped over here,
        // half the pieces of a sentence.
        if first == b' ' {
            s += 1;
            continue;
        }
        let e = if ASCII {
            ascii_word_end(bytes, s)
        } else {
            known_word_end(slice, s)
        };
        let (start, end) = (range.start + s, range.start + e);
        let Some(piece) = slice.get(s..e) else {
            return;
        };
        match lower.get(start..end) {
            Some(norm) if first.is_ascii_alphanumeric() && (ASCII || piece.is_ascii()) => {
                push_ascii_word(out, start, end, norm)
            }
            _ => push_piece(out, start, piece, Some(lower)),
        }
        s = e;
    }
}

/// The token(s) of an ASCII word whose lowercase form is `norm`: split
/// as [`push_piece`] splits words.
fn push_ascii_word<'t>(out: &mut Vec<Token<'t>>, start: usize, end: usize, norm: &'t str) {
    if norm.len() > "'s".len() && norm.ends_with("'s") {
        let cut = end - "'s".len();
        split_word(
            out,
            start,
            cut,
            end,
            Cow::Borrowed(&norm[..cut - start]),
            "'s",
        );
    } else if norm.len() > "n't".len() && norm.ends_with("n't") {
        let cut = end - "n't".len();
        let base = match &norm[..cut - start] {
            "wo" => "will",
            "ca" => "can",
            "sha" => "shall",
            b => b,
        };
        split_word(out, start, cut, end, Cow::Borrowed(base), "not");
    } else {
        out.push(Token {
            start,
            end,
            norm: Cow::Borrowed(norm),
            kind: TokenKind::Word,
        });
    }
}

/// The token(s) of one word-bounded piece starting at byte `start`: none
/// for space, quotes and dashes; punctuation; a word, split when it ends
/// in "'s" or "n't".
fn push_piece<'t>(out: &mut Vec<Token<'t>>, start: usize, piece: &'t str, lower: Option<&'t str>) {
    // Most pieces start with an ASCII letter or digit: they are words,
    // neither space nor a quote or dash.
    let plain_word = piece
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric);
    if !plain_word && (piece.trim().is_empty() || is_quote_or_dash(piece)) {
        return;
    }
    let is_word = plain_word || piece.chars().any(char::is_alphanumeric);
    if !is_word {
        out.push(Token {
            start,
            end: start + piece.len(),
            norm: Cow::Borrowed(piece),
            kind: TokenKind::Punct,
        });
        return;
    }
    let norm = normalise(piece, lower.and_then(|l| l.get(start..start + piece.len())));
    // Possessive: "Russia's" -> "Russia" + "'s".
    if let Some(base) = norm.strip_suffix("'s").filter(|b| !b.is_empty()) {
        let cut = start + piece.len() - "'s".len() - if piece.ends_with("’s") { 2 } else { 0 };
        let base = cut_norm(&norm, base.len());
        split_word(out, start, cut, start + piece.len(), base, "'s");
        return;
    }
    // Contractions: "isn't" -> "is" + "not"; "won't" -> "will" + "not".
    if let Some(base) = norm.strip_suffix("n't").filter(|b| !b.is_empty()) {
        let cut = start + piece.len() - "n't".len() - if piece.contains('’') { 2 } else { 0 };
        let base = match base {
            "wo" => Cow::Borrowed("will"),
            "ca" => Cow::Borrowed("can"),
            "sha" => Cow::Borrowed("shall"),
            b => cut_norm(&norm, b.len()),
        };
        split_word(out, start, cut, start + piece.len(), base, "not");
        return;
    }
    out.push(Token {
        start,
        end: start + piece.len(),
        norm,
        kind: TokenKind::Word,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "U.S. President Joe Biden met Dr. Smith. The U.N. was there. Next one.";
        assert_eq!(
            sentence_texts(text),
            vec![
                "U.S. President Joe Biden met Dr. Smith.",
                "The U.N. was there.",
                "Next one."
            ]
        );
    }

    /// [`ends_with_abbreviation`] as first written: the word found by
    /// characters, compared with each abbreviation in turn.
    fn ends_with_abbreviation_by_chars(piece: &str) -> bool {
        let trimmed = piece.trim_end();
        let Some(without_dot) = trimmed.strip_suffix('.') else {
            return false;
        };
        let last = last_word_by_chars(without_dot);
        if last.is_empty() || (last.len() > 4 && !last.contains('.')) {
            return false;
        }
        let one_letter = |p: &str| {
            let mut chars = p.chars();
            chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
        };
        if last.split('.').all(one_letter) {
            return true;
        }
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(last))
    }

    #[test]
    fn no_abbreviation_is_longer_than_four_letters() {
        // `ends_with_abbreviation` skips longer words without periods, and
        // packs the others in numbers of four bytes; none holds a zero byte.
        assert!(ABBREVIATIONS
            .iter()
            .all(|a| a.len() <= 4 && a.bytes().all(|b| b.is_ascii_lowercase())));
    }

    #[test]
    fn lines_end_sentences() {
        assert_eq!(
            sentence_texts("Title line\nBody text. More."),
            vec!["Title line", "Body text.", "More."]
        );
    }

    /// Runs with no sentence end are read in pieces of at most
    /// [`MAX_SENTENCE`] bytes, cut after white space where there is some,
    /// else at a character boundary; the pieces cover the run, with only
    /// white space between them, and shorter sentences are left whole.
    #[test]
    fn long_runs_without_a_sentence_end_are_read_in_pieces() {
        let initials = "A. ".repeat(20_000);
        let no_space = format!("Short one. {}", "中é".repeat(8_000));
        let mixed = format!("{}. The end.", "word ".repeat(4_000) + &"x".repeat(20_000));
        for text in [initials.as_str(), no_space.as_str(), mixed.as_str()] {
            let found = sentences(text);
            assert!(found.len() >= 2, "{}", found.len());
            let mut at = 0;
            for s in &found {
                assert!(s.end - s.start <= MAX_SENTENCE, "{s:?}");
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                assert!(text[at..s.start].trim().is_empty(), "a gap before {s:?}");
                at = s.end;
            }
            assert!(text[at..].trim().is_empty());
        }
        // Cut after a space: every piece of initials ends with a whole one.
        assert!(sentence_texts(&initials).iter().all(|s| s.ends_with("A.")));
        // Sentences before and after the run are not merged into it.
        assert_eq!(sentence_texts(&no_space)[0], "Short one.");
        assert_eq!(sentence_texts(&mixed).last(), Some(&"The end."));
        // The run of "word " is cut after a space, not inside a word.
        let pieces = sentence_texts(&mixed);
        assert!(
            pieces[0].ends_with("word"),
            "{}",
            &pieces[0][pieces[0].len() - 10..]
        );
    }

    #[test]
    fn tokens_split_possessives_contractions_and_hyphens() {
        let text = "Russia’s nine-member bloc isn't “new”, Kassym-Jomart said.";
        let s = Sentence {
            start: 0,
            end: text.len(),
        };
        let toks = tokens(text, s);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_ref()).collect();
        assert_eq!(
            norms,
            vec![
                "russia", "'s", "nine", "member", "bloc", "is", "not", "new", ",", "kassym",
                "jomart", "said", "."
            ]
        );
        for t in &toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(&text[toks[0].start..toks[0].end], "Russia");
        assert_eq!(&text[toks[1].start..toks[1].end], "’s");
        assert_eq!(&text[toks[6].start..toks[6].end], "n't");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any text, long runs without a sentence end included: sentences
        /// are in order, trimmed, on character boundaries, at most
        /// [`MAX_SENTENCE`] bytes, and cover every character that is not
        /// white space.
        #[test]
        fn sentences_cover_the_text_and_are_never_too_long(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " A. ", "word ", " Dr. ", "中", "é", "x", " ", "\u{a0}", "“q” ", " U.S. ",
                ]),
                0..12_000,
            ),
            // Sentence ends every so many parts (long runs between them,
            // or none at all); a line break or a period.
            every in 1usize..20_000,
            end in proptest::sample::select(vec![".\n", ". ", "\n"]),
            upto in 0usize..50_000,
            at_an_end: bool,
        ) {
            let mut text = String::new();
            for (i, part) in parts.iter().enumerate() {
                text.push_str(part);
                if i % every == every - 1 {
                    text.push_str(end);
                }
            }
            let mut at = 0;
            for s in sentences(&text) {
                proptest::prop_assert!(s.start >= at && s.start < s.end, "{s:?} after {at}");
                proptest::prop_assert!(s.end - s.start <= MAX_SENTENCE);
                let piece = text.get(s.start..s.end);
                proptest::prop_assert!(piece.is_some_and(|p| p.trim() == p));
                proptest::prop_assert!(text[at..s.start].trim().is_empty());
                at = s.end;
            }
            proptest::prop_assert!(text[at..].trim().is_empty());
            // Those up to a place: the same, up to the first that ends
            // past it.
            let all = sentences(&text);
            // Often exactly where one ends.
            let upto = match all.get(upto % all.len().max(1)) {
                Some(s) if at_an_end => s.end,
                _ => upto,
            };
            let through = all.iter().position(|s| s.end > upto).map_or(all.len(), |i| i + 1);
            proptest::prop_assert_eq!(sentences_through(&text, upto), &all[..through]);
        }
    }

    proptest::proptest! {
        /// Abbreviations are found as by comparing the word before the
        /// period with each of them, whatever stands before it (spaces of
        /// every kind, quotes, brackets, non-ASCII letters) and in any case.
        #[test]
        fn abbreviations_are_found_as_one_by_one(
            before in r#"([A-Za-z.()" \t\n]|\u{a0}|\u{2009}|\u{3000}|é|É|ß|\x00|U\.S|e\.g){0,6}"#,
            word in r#"Mr|mrS|DR|Sept|sepT|St|co|Ltd|Jan|etc|Prof|U\.S|U\.N|e\.g|U\.S\.A|a\.b\.c\.d|Washington\.D|[A-Za-z]{1,6}|é|É|K|\u{212a}|Mr\x00|\."#,
            end in r#"\.?( |  |\n|\t|\u{a0}|\u{3000}|\u{a0} )?"#,
        ) {
            let piece = format!("{before}{word}{end}");
            proptest::prop_assert_eq!(
                ends_with_abbreviation(&piece),
                ends_with_abbreviation_by_chars(&piece),
                "{:?}", piece
            );
        }

        /// Normal forms borrowed from the lowercased text are the forms
        /// each word would get on its own.
        #[test]
        fn tokens_with_the_lowercased_text_are_the_same(
            text in "([A-Za-z’'.,\u{e9}\u{c9}\u{130}\u{3a9} -]|n't|'s|ISN'T|Russia’S){0,40}"
        ) {
            let range = Sentence { start: 0, end: text.len() };
            let lower = text.to_ascii_lowercase();
            proptest::prop_assert_eq!(
                tokens_with(&text, Some(&lower), range),
                tokens(&text, range)
            );
        }

        /// The ASCII path gives the tokens the pieces give, in any part
        /// of a text: every class of ASCII character the word rules tell
        /// apart, possessives and contractions in either case, runs of
        /// spaces, tabs and line breaks.
        #[test]
        fn ascii_sentences_give_the_tokens_pieces_give(
            text in r#"([A-Za-z0-9_.,;:'"!?()\[\]{}&%$/*+=<>@#~`^|\t\r\n -]|n't|'s|ISN'T|won't|CA N'T|Sha'S|sha n't|n'T|3\.5|1,000|U\.S\.|a_b|  ){0,40}"#,
            from in 0usize..8,
        ) {
            proptest::prop_assert!(text.is_ascii());
            let lower = text.to_ascii_lowercase();
            let range = Sentence { start: from.min(text.len()), end: text.len() };
            let (mut fast, mut by_pieces) = (Vec::new(), Vec::new());
            fast_tokens::<true>(&mut fast, &text, &lower, range);
            tokens_by_pieces(&mut by_pieces, &text, Some(&lower), range);
            proptest::prop_assert_eq!(fast, by_pieces);
        }

        /// A sentence of ASCII and the non-ASCII characters of news
        /// (curly quotes and apostrophes, dashes, the no-break space,
        /// accented letters) gives the tokens that the crate's word
        /// pieces give.
        #[test]
        fn known_sentences_give_the_tokens_the_crates_pieces_give(
            text in r#"([A-Za-z0-9_.,;:'"!?()\t\r\n -]|’|‘|“|”|«|»|–|—|…|\u{a0}|€|×|É|é|ß|ÿ|Þ|ó|n’t|’s|N’T|’S|won’t|n't|'s|Russia’s|3\.5|1,000|U\.S\.|a_b|  ){0,40}"#,
            from in 0usize..8,
        ) {
            let lower = text.to_ascii_lowercase();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let range = Sentence { start: from, end: text.len() };
            let mut fast = Vec::new();
            tokens_into(&mut fast, &text, Some(&lower), range);
            let mut by_crate = Vec::new();
            for (offset, piece) in text[from..].split_word_bound_indices() {
                if !piece.trim().is_empty() {
                    push_piece(&mut by_crate, from + offset, piece, Some(&lower));
                }
            }
            proptest::prop_assert_eq!(fast, by_crate);
        }
    }
}
