//! Unicode sentence and word boundaries (UAX #29), with a fast path for
//! ASCII text.
//!
//! Why a hand-written path next to `unicode-segmentation`: measured on the
//! benchmark corpus (see BENCHMARKS.md), the crate splits sentences at about
//! 37 MB/s and words at about 51 MB/s, so segmentation alone used up the
//! whole budget of a 50 MB/s check. Most news text is ASCII, where the
//! UAX #29 rules reduce to a handful of byte classes; this module applies
//! them directly, as it does to the few non-ASCII characters common in news
//! (curly quotes, dashes, the no-break space, Latin-1 letters), and hands
//! any other text to the crate.
//! The result is the crate's, boundary for boundary: a differential
//! property test below compares the two on random text built from every
//! ASCII class the rules distinguish, mixed with non-ASCII characters.
//!
//! Sentences: a line feed (or a carriage return) always ends a sentence
//! (rule SB4), so a text is split into lines; a line made only of the
//! characters known here is segmented here, any other by the crate. Words:
//! the same, a sentence at a time.

use unicode_segmentation::UnicodeSegmentation;

/// The sentence classes of UAX #29 that ASCII characters fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SClass {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// A function from a byte to its class, backed by a table of all 256
/// bytes built at compile time from a `const fn` (looked up, not matched).
macro_rules! byte_class_table {
    ($name:ident, $rule:ident, $class:ty, $default:expr) => {
        fn $name(b: u8) -> $class {
            const TABLE: [$class; 256] = {
                let mut table = [$default; 256];
                let mut b = 0;
                while b < 256 {
                    table[b] = $rule(b as u8);
                    b += 1;
                }
                table
            };
            TABLE[usize::from(b)]
        }
    };
}

byte_class_table!(sentence_class, sentence_rule_class, SClass, SClass::Other);

const fn sentence_rule_class(b: u8) -> SClass {
    match b {
        b'\r' => SClass::Cr,
        b'\n' => SClass::Lf,
        b'\t' | 0x0b | 0x0c | b' ' => SClass::Sp,
        b'a'..=b'z' => SClass::Lower,
        b'A'..=b'Z' => SClass::Upper,
        b'0'..=b'9' => SClass::Numeric,
        b'.' => SClass::ATerm,
        b'!' | b'?' => SClass::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => SClass::Close,
        b',' | b'-' | b':' | b';' => SClass::SContinue,
        _ => SClass::Other,
    }
}

/// The class of a character for the sentence rules, where this module
/// knows it: ASCII, the quotation marks and dashes of news text, the
/// no-break space and the Latin-1 letters (`None`: ask the crate).
fn sentence_class_of(c: char) -> Option<SClass> {
    if c.is_ascii() {
        return Some(sentence_class(c as u8));
    }
    Some(match c {
        '‘' | '’' | '“' | '”' | '«' | '»' => SClass::Close,
        '–' | '—' => SClass::SContinue,
        '\u{a0}' => SClass::Sp,
        '…' | '€' | '£' | '°' | '×' | '§' | '•' | '´' => SClass::Other,
        'À'..='Ö' | 'Ø'..='Þ' => SClass::Upper,
        'ß'..='ö' | 'ø'..='ÿ' => SClass::Lower,
        _ => return None,
    })
}

/// A line of text each character of which has a class known here, read by
/// byte offset: the class of the character at an offset, the offset of the
/// next one, and the class of the one before.
struct KnownLine<'a> {
    text: &'a str,
    /// The line holds a carriage return (a break that can stand anywhere).
    has_cr: bool,
}

impl KnownLine<'_> {
    fn class(&self, i: usize) -> Option<SClass> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some(sentence_class(b));
        }
        // Every character of a known line has a class.
        self.text
            .get(i..)
            .and_then(|t| t.chars().next())
            .and_then(sentence_class_of)
    }

    /// The offset of the character after the one at `i`.
    fn next(&self, i: usize) -> usize {
        i + match self.text.as_bytes().get(i) {
            Some(&b) if b >= 0xf0 => 4,
            Some(&b) if b >= 0xe0 => 3,
            Some(&b) if b >= 0xc0 => 2,
            _ => 1,
        }
    }

    /// The class of the character that ends at `i`.
    fn class_before(&self, i: usize) -> Option<SClass> {
        let bytes = self.text.as_bytes();
        let mut j = i.checked_sub(1)?;
        while j > 0 && bytes.get(j).is_some_and(|b| (0x80..0xc0).contains(b)) {
            j -= 1;
        }
        self.class(j)
    }

    /// The first offset at or after `i` whose character the sentence rules
    /// do more than step over: a full stop, `!`, `?`, a carriage return or
    /// a line feed (all ASCII, so the offset is a character boundary).
    fn skip(&self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        let rest = bytes.get(i..).unwrap_or_default();
        let found = if self.has_cr {
            rest.iter()
                .position(|b| matches!(b, b'.' | b'!' | b'?' | b'\r' | b'\n'))
        } else {
            // A line feed can only be a line's last byte.
            memchr::memchr3(b'.', b'!', b'?', rest).or_else(|| {
                bytes
                    .last()
                    .filter(|&&b| b == b'\n')
                    .map(|_| rest.len() - 1)
            })
        };
        found.map_or(bytes.len(), |k| i + k)
    }

    /// Where `i` begins one or more spaces or tabs (class Sp) followed by
    /// an ASCII capital letter: the capital's offset.
    fn spaces_then_capital(&self, i: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let is_space = |b: &u8| matches!(b, b' ' | b'\t' | 0x0b | 0x0c);
        if !bytes.get(i).is_some_and(is_space) {
            return None;
        }
        let capital = i + 1 + bytes.get(i + 1..)?.iter().position(|b| !is_space(b))?;
        bytes
            .get(capital)
            .is_some_and(u8::is_ascii_uppercase)
            .then_some(capital)
    }

    /// The offset after a carriage return or line feed at `i` (a CR LF
    /// pair is one break).
    fn after_break(&self, i: usize) -> usize {
        let n = self.next(i);
        if self.class(i) == Some(SClass::Cr) && self.class(n) == Some(SClass::Lf) {
            self.next(n)
        } else {
            n
        }
    }

    /// The end (a byte offset) of the sentence that starts at `start`.
    fn sentence_end(&self, start: usize) -> usize {
        let mut i = start;
        while let Some(c) = self.class(i) {
            match c {
                // SB3, SB4: CR × LF, and a break after either.
                SClass::Cr | SClass::Lf => return self.after_break(i),
                term @ (SClass::ATerm | SClass::STerm) => {
                    // Most often: the stop, spaces, an ASCII capital. No
                    // rule keeps them together (SB6 and SB7 need a digit or
                    // a capital right after the stop, SB8 a lowercase
                    // letter before any capital), so the sentence ends
                    // before the capital (SB11), found from the bytes.
                    if let Some(capital) = self.spaces_then_capital(i + 1) {
                        return capital;
                    }
                    let after = self.next(i);
                    let next = self.class(after);
                    if term == SClass::ATerm {
                        // SB6: ATerm × Numeric.
                        if next == Some(SClass::Numeric) {
                            i = after;
                            continue;
                        }
                        // SB7: (Upper | Lower) ATerm × Upper.
                        if matches!(self.class_before(i), Some(SClass::Upper | SClass::Lower))
                            && next == Some(SClass::Upper)
                        {
                            i = after;
                            continue;
                        }
                    }
                    // SB9, SB10: no break inside SATerm Close* Sp*.
                    let mut j = after;
                    while self.class(j) == Some(SClass::Close) {
                        j = self.next(j);
                    }
                    while self.class(j) == Some(SClass::Sp) {
                        j = self.next(j);
                    }
                    match self.class(j) {
                        // SB11: SATerm Close* Sp* ParaSep? ÷.
                        None => return j,
                        Some(SClass::Cr | SClass::Lf) => return self.after_break(j),
                        // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
                        Some(SClass::SContinue | SClass::ATerm | SClass::STerm) => {
                            i = j;
                            continue;
                        }
                        Some(_) => {}
                    }
                    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower |
                    // ParaSep | SATerm))* Lower.
                    if term == SClass::ATerm {
                        let mut k = j;
                        while let Some(c) = self.class(k) {
                            if matches!(
                                c,
                                SClass::Upper
                                    | SClass::Lower
                                    | SClass::Cr
                                    | SClass::Lf
                                    | SClass::ATerm
                                    | SClass::STerm
                            ) {
                                break;
                            }
                            k = self.next(k);
                        }
                        if self.class(k) == Some(SClass::Lower) {
                            i = j;
                            continue;
                        }
                    }
                    return j;
                }
                // Nothing else decides a break: go on to the next character
                // that may.
                _ => i = self.skip(self.next(i)),
            }
        }
        self.text.len()
    }
}

/// Whether every character of `line` has a sentence class known here.
fn all_known(line: &str, known: impl Fn(char) -> bool) -> bool {
    if line.is_ascii() {
        return true;
    }
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            // Runs of ASCII, eight bytes at a time.
            while let Some(chunk) = bytes.get(i..i + 8) {
                if !chunk.is_ascii() {
                    break;
                }
                i += 8;
            }
            i += usize::from(bytes.get(i).is_some_and(u8::is_ascii));
            continue;
        }
        match line.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if known(c) => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// Every sentence-bounded piece of `text` with its byte offset, as
/// `split_sentence_bound_indices` gives them (in tests, to compare).
#[cfg(test)]
pub fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let _ = each_sentence_piece(text, |i, piece| {
        out.push((i, piece));
        std::ops::ControlFlow::Continue(())
    });
    out
}

/// Hand `f` every sentence-bounded piece of `text` with its byte offset, in
/// order, as `split_sentence_bound_indices` gives them, until it breaks;
/// none are kept (a text of short pieces, ". . .", would otherwise take 12
/// bytes a byte). Gives what `f` broke with, if it did.
pub fn each_sentence_piece<'t>(
    text: &'t str,
    mut f: impl FnMut(usize, &'t str) -> std::ops::ControlFlow<()>,
) -> std::ops::ControlFlow<()> {
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
            .map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        if all_known(line, |c| sentence_class_of(c).is_some()) {
            let known = KnownLine {
                text: line,
                has_cr: memchr::memchr(b'\r', line.as_bytes()).is_some(),
            };
            let mut s = 0;
            while s < line.len() {
                let e = known.sentence_end(s).max(known.next(s)).min(line.len());
                f(line_start + s, &line[s..e])?;
                s = e;
            }
        } else {
            for (i, piece) in line.split_sentence_bound_indices() {
                f(line_start + i, piece)?;
            }
        }
        line_start = line_end;
    }
    std::ops::ControlFlow::Continue(())
}

/// The word classes of UAX #29 that ASCII characters fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WClass {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    Other,
}

byte_class_table!(word_class, word_rule_class, WClass, WClass::Other);

const fn word_rule_class(b: u8) -> WClass {
    match b {
        b'\r' => WClass::Cr,
        b'\n' => WClass::Lf,
        0x0b | 0x0c => WClass::Newline,
        b' ' => WClass::Space,
        b'a'..=b'z' | b'A'..=b'Z' => WClass::Letter,
        b'0'..=b'9' => WClass::Numeric,
        b'_' => WClass::ExtendNumLet,
        b':' => WClass::MidLetter,
        b',' | b';' => WClass::MidNum,
        b'.' => WClass::MidNumLet,
        b'\'' => WClass::SingleQuote,
        _ => WClass::Other,
    }
}

/// The class of a character for the word rules, where this module knows
/// it (see [`sentence_class_of`]).
fn word_class_of(c: char) -> Option<WClass> {
    if c.is_ascii() {
        return Some(word_class(c as u8));
    }
    Some(match c {
        '‘' | '’' => WClass::MidNumLet,
        '“' | '”' | '«' | '»' | '–' | '—' | '\u{a0}' | '…' | '€' | '£' | '°' | '×' | '§' | '•'
        | '´' => WClass::Other,
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ' => WClass::Letter,
        _ => return None,
    })
}

/// The end (a byte offset) of the word-bounded piece starting at byte
/// `start`, given `at(i)`: the class and the length in bytes of the
/// character at byte `i` (`None` past the end).
fn word_end(at: impl Fn(usize) -> Option<(WClass, usize)>, start: usize) -> usize {
    let Some((first, len)) = at(start) else {
        return start;
    };
    match first {
        // WB3: CR × LF; WB3a, WB3b: breaks around newlines.
        WClass::Cr if at(start + len).is_some_and(|(c, _)| c == WClass::Lf) => start + len + 1,
        // WB3d: WSegSpace × WSegSpace.
        WClass::Space => {
            let mut j = start + len;
            while let Some((WClass::Space, l)) = at(j) {
                j += l;
            }
            j
        }
        WClass::Letter | WClass::Numeric | WClass::ExtendNumLet => {
            let mut j = start + len;
            // The class of the character that ends at `j`.
            let mut before = first;
            loop {
                match at(j) {
                    // WB5, WB8, WB9, WB10, WB13a, WB13b: letters, digits and
                    // connectors stay together.
                    Some((c @ (WClass::Letter | WClass::Numeric | WClass::ExtendNumLet), l)) => {
                        before = c;
                        j += l;
                    }
                    // WB6, WB7 (letters) and WB11, WB12 (digits) around a
                    // middle character.
                    Some((
                        mid @ (WClass::MidLetter
                        | WClass::MidNum
                        | WClass::MidNumLet
                        | WClass::SingleQuote),
                        mid_len,
                    )) => {
                        let Some((after, after_len)) = at(j + mid_len) else {
                            return j;
                        };
                        let letters = before == WClass::Letter
                            && after == WClass::Letter
                            && mid != WClass::MidNum;
                        let digits = before == WClass::Numeric
                            && after == WClass::Numeric
                            && mid != WClass::MidLetter;
                        if !(letters || digits) {
                            return j;
                        }
                        // `after` is of the class of `before`, which stays.
                        j += mid_len + after_len;
                    }
                    _ => return j,
                }
            }
        }
        _ => start + len,
    }
}

/// The end of the word-bounded piece of the ASCII `bytes` that starts at
/// `start` (at least one byte on).
pub(super) fn ascii_word_end(bytes: &[u8], start: usize) -> usize {
    if let Some(end) = letters_word_end(bytes, start) {
        return end;
    }
    word_end(|i: usize| bytes.get(i).map(|b| (word_class(*b), 1)), start).max(start + 1)
}

/// For a word that begins with an ASCII letter at `start`: its end, where
/// ASCII bytes alone decide it (`None` otherwise, for the rules to tell).
///
/// Most words are a run of letters: it is stepped over eight bytes at a
/// time, and ends the word unless a middle character and a letter come
/// next ("U.S.", "isn't") or a digit or "_" does. The byte after the run,
/// and after a middle character the byte after it, must be ASCII (or the
/// end): any other character may join the word ("Russia’s", "Lavrové").
fn letters_word_end(bytes: &[u8], start: usize) -> Option<usize> {
    if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let end = letters_end(bytes, start + 1);
    let ends = match bytes.get(end) {
        None => true,
        Some(b) if !b.is_ascii() => false,
        Some(&b) => match word_class(b) {
            WClass::Letter | WClass::Numeric | WClass::ExtendNumLet => false,
            WClass::MidLetter | WClass::MidNumLet | WClass::SingleQuote => bytes
                .get(end + 1)
                .is_none_or(|a| a.is_ascii() && !a.is_ascii_alphabetic()),
            _ => true,
        },
    };
    ends.then_some(end)
}

/// The end of the run of ASCII letters of `bytes` from `from` on.
fn letters_end(bytes: &[u8], mut from: usize) -> usize {
    // Bit 5 set maps each capital to its small letter and no other byte
    // onto a letter ('@' and "[\\]^_" go to "`" and "{|}~", DEL).
    const SMALL: u64 = u64::from_ne_bytes([0x20; 8]);
    while let Some(x) = bytes
        .get(from..from + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
        .and_then(super::bytes8::ascii)
    {
        let others = !super::bytes8::in_range(x | SMALL, b'a', b'z') & super::bytes8::HIGH;
        if others != 0 {
            return from + (others.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while bytes.get(from).is_some_and(u8::is_ascii_alphabetic) {
        from += 1;
    }
    from
}

/// Whether every character of `text` has a word class known here: then
/// [`known_word_end`] segments it.
pub(super) fn words_known(text: &str) -> bool {
    all_known(text, |c| word_class_of(c).is_some())
}

/// [`ascii_word_end`] for a text of which [`words_known`] holds: the end
/// (a character boundary) of the piece that starts at the character
/// boundary `start`.
pub(super) fn known_word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    // A word of ASCII letters ended by ASCII, as in ASCII text (most words
    // of a sentence that holds a curly quote or a dash).
    if let Some(end) = letters_word_end(bytes, start) {
        return end;
    }
    let at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => Some((word_class(b), 1)),
        Some(_) => text
            .get(i..)
            .and_then(|t| t.chars().next())
            .and_then(|c| Some((word_class_of(c)?, c.len_utf8()))),
        None => None,
    };
    let end = word_end(at, start);
    if end > start {
        return end;
    }
    // Not a known character (the caller broke the contract): one character.
    start
        + text
            .get(start..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8)
}

/// Every word-bounded piece of `text` with its byte offset, as
/// `split_word_bound_indices` gives them.
pub fn word_pieces(text: &str) -> Vec<(usize, &str)> {
    pieces(text, true)
}

/// [`word_pieces`] without the pieces that are only white space (what
/// words are made of; in ASCII text they are left out as they are found).
pub fn word_pieces_without_space(text: &str) -> Vec<(usize, &str)> {
    pieces(text, false)
}

fn pieces(text: &str, with_space: bool) -> Vec<(usize, &str)> {
    let is_space = |p: &str| p.chars().all(char::is_whitespace);
    let end_at: fn(&str, usize) -> usize = if text.is_ascii() {
        |t, s| ascii_word_end(t.as_bytes(), s)
    } else if words_known(text) {
        known_word_end
    } else {
        return text
            .split_word_bound_indices()
            .filter(|(_, p)| with_space || !is_space(p))
            .collect();
    };
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut s = 0;
    while let Some(piece) = text.get(s..end_at(text, s)) {
        if piece.is_empty() {
            break;
        }
        if with_space || !is_space(piece) {
            out.push((s, piece));
        }
        s += piece.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text from pieces of every ASCII class the rules tell apart, and some
    /// non-ASCII characters.
    fn mixed_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("a"),
            Just("Bc"),
            Just("x"),
            Just("Z"),
            Just("7"),
            Just("42"),
            Just("_"),
            Just("."),
            Just("!"),
            Just("?"),
            Just(","),
            Just(";"),
            Just(":"),
            Just("-"),
            Just("'"),
            Just("\""),
            Just("("),
            Just(")"),
            Just("]"),
            Just("{"),
            Just(" "),
            Just("  "),
            Just("\t"),
            Just("\n"),
            Just("\r"),
            Just("\r\n"),
            Just("\u{b}"),
            Just("\u{c}"),
            Just("$"),
            Just("%"),
            Just("\u{0}"),
            Just("’"),
            Just("‘"),
            Just("“"),
            Just("”"),
            Just("«"),
            Just("»"),
            Just("–"),
            Just("…"),
            Just("\u{a0}"),
            Just("€"),
            Just("É"),
            Just("ß"),
            Just("ÿ"),
            Just("Þ"),
            Just("×"),
            Just("ª"),
            Just("Ω"),
            Just("\u{301}"),
            Just("é"),
            Just("\u{85}"),
            Just("\u{2028}"),
            Just("—"),
            Just("U.S."),
            Just("e.g. "),
            Just("3.5"),
            Just("1,000"),
            Just("isn't"),
            Just("Shanghai"),
            Just("organisations"),
            Just("ABCDEFGHIJ"),
            Just("@[`{"),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
    }

    /// Sentences and words of `text` are the crate's, piece for piece.
    fn same_as_the_crate(text: &str) -> Result<(), TestCaseError> {
        let fast = sentence_pieces(text);
        let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
        prop_assert_eq!(fast, slow);
        words_same_as_the_crate(text)
    }

    /// Words of `text` are the crate's, with and without white space.
    fn words_same_as_the_crate(text: &str) -> Result<(), TestCaseError> {
        let slow: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
        prop_assert_eq!(word_pieces(text), slow.clone());
        let without_space: Vec<(usize, &str)> = slow
            .into_iter()
            .filter(|(_, p)| !p.trim().is_empty())
            .collect();
        prop_assert_eq!(word_pieces_without_space(text), without_space);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn sentences_are_the_crates(text in mixed_text()) {
            let fast = sentence_pieces(&text);
            let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn words_are_the_crates(text in mixed_text()) {
            words_same_as_the_crate(&text)?;
        }

        #[test]
        fn the_characters_known_here_are_segmented_as_the_crate_does(
            text in "[\\x00-\\x7f‘’“”«»–—…\u{a0}€£°×§•´\u{c0}-\u{ff}]{0,120}"
        ) {
            same_as_the_crate(&text)?;
        }

        #[test]
        fn any_ascii_is_segmented_as_the_crate_does(text in "[\\x00-\\x7f]{0,120}") {
            same_as_the_crate(&text)?;
        }
    }

    #[test]
    fn news_sentences() {
        let text = "U.S. President Joe Biden met Dr. Smith. The U.N. (was) there!  Next one.\r\nAnd 3.5 more? \"Yes.\" etc. and so on.";
        let fast = sentence_pieces(text);
        let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
        assert_eq!(fast, slow);
        assert!(fast.len() > 4);
    }
}
