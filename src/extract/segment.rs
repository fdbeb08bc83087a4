//! Unicode sentence and word boundaries (UAX #29), with a fast path for
//! ASCII text.
//!
//! Why a hand-written path next to `unicode-segmentation`: measured on the
//! benchmark corpus (see BENCHMARKS.md), the crate splits sentences at about
//! 37 MB/s and words at about 51 MB/s, so segmentation alone used up the
//! whole budget of a 50 MB/s check. Most news text is ASCII, where the
//! UAX #29 rules reduce to a handful of byte classes; this module applies
//! them directly to bytes, and hands every non-ASCII stretch to the crate.
//! The result is the crate's, boundary for boundary: a differential
//! property test below compares the two on random text built from every
//! ASCII class the rules distinguish, mixed with non-ASCII characters.
//!
//! Sentences: a line feed (or a carriage return) always ends a sentence
//! (rule SB4), so a text is split into lines, each ASCII line is segmented
//! here and any other by the crate. Words: a sentence that is all ASCII is
//! segmented here, any other by the crate.

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

/// [`sentence_rule_class`] for every byte, looked up rather than matched.
const SENTENCE_CLASSES: [SClass; 256] = {
    let mut table = [SClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = sentence_rule_class(b as u8);
        b += 1;
    }
    table
};

fn sentence_class(b: u8) -> SClass {
    SENTENCE_CLASSES[usize::from(b)]
}

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

/// The end of the sentence of ASCII `bytes` that starts at `start`.
fn ascii_sentence_end(bytes: &[u8], start: usize) -> usize {
    let class = |i: usize| bytes.get(i).map(|b| sentence_class(*b));
    let mut i = start;
    while i < bytes.len() {
        match sentence_class(bytes[i]) {
            // SB3, SB4: CR × LF, and a break after either.
            SClass::Cr => {
                return if class(i + 1) == Some(SClass::Lf) {
                    i + 2
                } else {
                    i + 1
                }
            }
            SClass::Lf => return i + 1,
            term @ (SClass::ATerm | SClass::STerm) => {
                let next = class(i + 1);
                if term == SClass::ATerm {
                    // SB6: ATerm × Numeric.
                    if next == Some(SClass::Numeric) {
                        i += 1;
                        continue;
                    }
                    // SB7: (Upper | Lower) ATerm × Upper.
                    let prev = i.checked_sub(1).and_then(class);
                    if matches!(prev, Some(SClass::Upper | SClass::Lower))
                        && next == Some(SClass::Upper)
                    {
                        i += 1;
                        continue;
                    }
                }
                // SB9, SB10: no break inside SATerm Close* Sp*.
                let mut j = i + 1;
                while class(j) == Some(SClass::Close) {
                    j += 1;
                }
                while class(j) == Some(SClass::Sp) {
                    j += 1;
                }
                match class(j) {
                    // SB11: SATerm Close* Sp* ParaSep? ÷.
                    None => return j,
                    Some(SClass::Cr) => {
                        return if class(j + 1) == Some(SClass::Lf) {
                            j + 2
                        } else {
                            j + 1
                        }
                    }
                    Some(SClass::Lf) => return j + 1,
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
                    while let Some(c) = class(k) {
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
                        k += 1;
                    }
                    if class(k) == Some(SClass::Lower) {
                        i = j;
                        continue;
                    }
                }
                return j;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Every sentence-bounded piece of `text` with its byte offset, as
/// `split_sentence_bound_indices` gives them.
pub fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        if line.is_ascii() {
            let bytes = line.as_bytes();
            let mut s = 0;
            while s < bytes.len() {
                let e = ascii_sentence_end(bytes, s).max(s + 1);
                out.push((line_start + s, &line[s..e]));
                s = e;
            }
        } else {
            out.extend(
                line.split_sentence_bound_indices()
                    .map(|(i, piece)| (line_start + i, piece)),
            );
        }
        line_start = line_end;
    }
    out
}

/// The word classes of UAX #29 that ASCII characters fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WClass {
    Cr,
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

/// [`word_rule_class`] for every byte, looked up rather than matched.
const WORD_CLASSES: [WClass; 256] = {
    let mut table = [WClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = word_rule_class(b as u8);
        b += 1;
    }
    table
};

fn word_class(b: u8) -> WClass {
    WORD_CLASSES[usize::from(b)]
}

const fn word_rule_class(b: u8) -> WClass {
    match b {
        b'\r' => WClass::Cr,
        b'\n' | 0x0b | 0x0c => WClass::Newline,
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

/// The end of the word-bounded piece of ASCII `bytes` starting at `start`.
fn ascii_word_end(bytes: &[u8], start: usize) -> usize {
    let class = |i: usize| bytes.get(i).map(|b| word_class(*b));
    match word_class(bytes[start]) {
        // WB3: CR × LF; WB3a, WB3b: breaks around newlines.
        WClass::Cr if bytes.get(start + 1) == Some(&b'\n') => start + 2,
        // WB3d: WSegSpace × WSegSpace.
        WClass::Space => {
            let mut j = start + 1;
            while class(j) == Some(WClass::Space) {
                j += 1;
            }
            j
        }
        WClass::Letter | WClass::Numeric | WClass::ExtendNumLet => {
            let mut j = start + 1;
            loop {
                match class(j) {
                    // WB5, WB8, WB9, WB10, WB13a, WB13b: letters, digits and
                    // connectors stay together.
                    Some(WClass::Letter | WClass::Numeric | WClass::ExtendNumLet) => j += 1,
                    // WB6, WB7 (letters) and WB11, WB12 (digits) around a
                    // middle character.
                    Some(
                        mid @ (WClass::MidLetter
                        | WClass::MidNum
                        | WClass::MidNumLet
                        | WClass::SingleQuote),
                    ) => {
                        let before = class(j - 1);
                        let after = class(j + 1);
                        let letters = before == Some(WClass::Letter)
                            && after == Some(WClass::Letter)
                            && mid != WClass::MidNum;
                        let digits = before == Some(WClass::Numeric)
                            && after == Some(WClass::Numeric)
                            && mid != WClass::MidLetter;
                        if letters || digits {
                            j += 2;
                        } else {
                            return j;
                        }
                    }
                    _ => return j,
                }
            }
        }
        _ => start + 1,
    }
}

/// Every word-bounded piece of `text` with its byte offset, as
/// `split_word_bound_indices` gives them.
pub fn word_pieces(text: &str) -> Vec<(usize, &str)> {
    if !text.is_ascii() {
        return text.split_word_bound_indices().collect();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let mut s = 0;
    while s < bytes.len() {
        let e = ascii_word_end(bytes, s);
        out.push((s, &text[s..e]));
        s = e;
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
            Just("“"),
            Just("é"),
            Just("\u{85}"),
            Just("\u{2028}"),
            Just("—"),
            Just("U.S."),
            Just("e.g. "),
            Just("3.5"),
            Just("1,000"),
            Just("isn't"),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
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
            let fast = word_pieces(&text);
            let slow: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn any_ascii_is_segmented_as_the_crate_does(text in "[\\x00-\\x7f]{0,120}") {
            let fast = sentence_pieces(&text);
            let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, slow);
            let fast = word_pieces(&text);
            let slow: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            prop_assert_eq!(fast, slow);
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
